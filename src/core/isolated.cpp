#include "core/isolated.h"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#if defined(__SANITIZE_ADDRESS__)
#define SA_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SA_ADDRESS_SANITIZER 1
#endif
#endif
#ifndef SA_ADDRESS_SANITIZER
#define SA_ADDRESS_SANITIZER 0
#endif

namespace sa {
namespace {

bool write_all(int fd, const char* data, std::size_t n) {
    while (n > 0) {
        ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        data += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

// Reads exactly `n` bytes; false at end of stream, on an error, or past `deadline`.
bool read_all(int fd, char* data, std::size_t n, std::chrono::steady_clock::time_point deadline,
              bool& timed_out) {
    while (n > 0) {
        // Past the deadline, what has already arrived is still read.
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
        struct pollfd p = {fd, POLLIN, 0};
        int rc = ::poll(&p, 1, static_cast<int>(std::clamp<decltype(left)>(left, 0, 1 << 30)));
        if (rc < 0 && errno == EINTR) continue;
        if (rc == 0) {
            timed_out = true;
            return false;
        }
        ssize_t r = ::read(fd, data, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        data += r;
        n -= static_cast<std::size_t>(r);
    }
    return true;
}

// The child: one input in, one output out, until the parent closes its end.
[[noreturn]] void worker_loop(int fd, const IsolatedWorker::Job& job) {
    // A crash must kill the worker, not run whatever handler the parent installed.
    for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGXCPU}) ::signal(sig, SIG_DFL);
#if !SA_ADDRESS_SANITIZER
    // (AddressSanitizer reserves terabytes of address space for its shadow memory; an
    // address-space limit would make every allocation fail.)
    struct rlimit mem = {static_cast<rlim_t>(2048) << 20, static_cast<rlim_t>(2048) << 20};
    ::setrlimit(RLIMIT_AS, &mem);
#endif
    const auto forever = std::chrono::steady_clock::time_point::max();
    for (;;) {
        std::uint64_t n = 0;
        bool unused = false;
        if (!read_all(fd, reinterpret_cast<char*>(&n), sizeof n, forever, unused)) ::_exit(0);
        std::string input(n, '\0');
        if (!read_all(fd, input.data(), n, forever, unused)) ::_exit(0);
        std::string result;
        try {
            result = job(input);
        } catch (...) {
            ::_exit(3);
        }
        std::uint64_t m = result.size();
        if (!write_all(fd, reinterpret_cast<const char*>(&m), sizeof m) ||
            !write_all(fd, result.data(), m))
            ::_exit(4);
    }
}

}  // namespace

Status IsolatedWorker::start() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        return Status::internal(std::string("socketpair: ") + std::strerror(errno));
    }
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return Status::internal(std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        ::close(fds[0]);
        worker_loop(fds[1], job_);
    }
    ::close(fds[1]);
    pid_ = pid;
    socket_ = fds[0];
    return Status::ok();
}

void IsolatedWorker::stop() {
    if (socket_ >= 0) ::close(socket_);  // the worker reads end-of-stream and leaves
    socket_ = -1;
    if (pid_ > 0) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == 0) {
            ::kill(pid_, SIGKILL);
            while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
            }
        }
    }
    pid_ = -1;
}

IsolatedWorker::~IsolatedWorker() {
    stop();
}

Status IsolatedWorker::submit(const std::string& input) {
    if (pid_ < 0) {
        Status s = start();
        if (!s) return s;
    }
    deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds_);
    std::uint64_t n = input.size();
    // A worker that died between inputs shows here as a failed write; collect() finds out how.
    in_flight_ = input;
    if (!write_all(socket_, reinterpret_cast<const char*>(&n), sizeof n)) return Status::ok();
    write_all(socket_, input.data(), n);
    return Status::ok();
}

Result<std::string> IsolatedWorker::collect() {
    in_flight_.reset();
    std::uint64_t m = 0;
    bool timed_out = false;
    bool ok = read_all(socket_, reinterpret_cast<char*>(&m), sizeof m, deadline_, timed_out);
    std::string result;
    if (ok) {
        result.resize(m);
        ok = read_all(socket_, result.data(), m, deadline_, timed_out);
    }
    if (ok) return result;
    // The worker died or overran: find out how, and start afresh next time.
    if (timed_out) ::kill(pid_, SIGKILL);
    int status = 0;
    ::close(socket_);
    socket_ = -1;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    if (timed_out)
        return Status::invalid(what_ + " took longer than " + std::to_string(timeout_seconds_) +
                               " s");
    if (WIFSIGNALED(status)) {
        return Status::invalid(what_ + " crashed (" + strsignal(WTERMSIG(status)) + ")");
    }
    return Status::invalid(what_ + " failed (exit " + std::to_string(WEXITSTATUS(status)) + ")");
}

Result<std::string> IsolatedWorker::run(const std::string& input) {
    if (in_flight_ && *in_flight_ != input) (void)collect();  // a hint not taken: dropped
    Status submitted = in_flight_ ? Status::ok() : submit(input);
    Result<std::string> result = submitted ? collect() : Result<std::string>(submitted);
    if (next_) {
        std::string next = std::move(*next_);
        next_.reset();
        if (!submit(next)) in_flight_.reset();  // no worker: run() will try again
    }
    return result;
}

}  // namespace sa
