#include "core/progress.h"

#include <chrono>
#include <cstdio>

namespace sa {
namespace {

double seconds_now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

void TerminalProgress::update(const std::string& step, const std::string& what, std::int64_t done,
                              std::int64_t total) {
    const double now = seconds_now();
    if (step != step_) {
        step_ = step;
        started_ = now;
        drawn_ = 0;
    }
    if (now - drawn_ < 0.2 && done != total) return;
    drawn_ = now;
    const double elapsed = now - started_;
    const double rate = elapsed > 0 ? done / elapsed : 0;
    std::string line = "\r" + step + ": " + std::to_string(done);
    if (total > 0) line += "/" + std::to_string(total);
    line += " " + what;
    char buf[64];
    if (rate > 0) {
        std::snprintf(buf, sizeof buf, ", %.0f/s", rate);
        line += buf;
        if (total > 0) {
            std::snprintf(buf, sizeof buf, ", %.0f s left",
                          static_cast<double>(total - done) / rate);
            line += buf;
        }
    }
    line += "   ";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    visible_ = true;
}

void TerminalProgress::finish() {
    if (visible_) std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    visible_ = false;
    step_.clear();
}

}  // namespace sa
