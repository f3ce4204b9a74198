#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include "core/progress.h"
#include "support/temp_dir.h"

using namespace sa;

namespace {

// Runs `f` with standard error going to a file; returns what was written.
template <typename F>
std::string capture_stderr(F f) {
    test::TempDir dir;
    std::fflush(stderr);
    int saved = ::dup(2);
    int fd = ::open(dir.file("err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 2);
    f();
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    ::close(fd);
    return test::read_file(dir.file("err"));
}

}  // namespace

TEST_CASE("the terminal progress line shows counts, rate and time left, then clears", "[core]") {
    std::string out = capture_stderr([] {
        TerminalProgress p;
        p.update("send", "mails", 1, 4);
        p.update("send", "mails", 2, 4);  // within 0.2 s of the first: not drawn
        p.update("send", "mails", 4, 4);  // the last is always drawn
        p.finish();
    });
    CHECK(out.find("\rsend: 1/4 mails") == 0);
    CHECK(out.find("2/4") == std::string::npos);
    CHECK(out.find("\rsend: 4/4 mails") != std::string::npos);
    CHECK(out.find(" s left") != std::string::npos);
    CHECK(out.substr(out.size() - 4) == "\r\033[K");
}

TEST_CASE("without a terminal nothing is written", "[core]") {
    std::string out = capture_stderr([] {
        NoProgress p;
        p.update("send", "mails", 1, 4);
        p.finish();
    });
    CHECK(out.empty());
}
