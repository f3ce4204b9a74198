// A long-lived child process that runs one job on one input after another, so that a crash, a
// hang or runaway memory in code that reads hostile input costs that one input and nothing
// else, without a fork per input. The job is fixed when the worker is made and runs in the
// child only; input and output are bytes. When the child dies or overruns its time it is
// killed, and the next call starts a fresh one. Not thread-safe; neither copied nor moved.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "core/status.h"

namespace sa {

class IsolatedWorker {
  public:
    using Job = std::function<std::string(const std::string&)>;

    // `what` names the job in errors ("the MIME parser"); each call may take `timeout_seconds`.
    IsolatedWorker(std::string what, int timeout_seconds, Job job)
        : what_(std::move(what)), timeout_seconds_(timeout_seconds), job_(std::move(job)) {}
    ~IsolatedWorker();
    IsolatedWorker(const IsolatedWorker&) = delete;
    IsolatedWorker& operator=(const IsolatedWorker&) = delete;

    // The job's output for `input`. kInvalid when the job crashed, threw, ran out of time or of
    // memory (2 GiB of address space, except under AddressSanitizer).
    Result<std::string> run(const std::string& input);

    // Names the input of the next run(), so that the child works on it while the caller is busy
    // with the current result. Only a hint: a run() on any other input discards it.
    void run_next(std::string input) { next_ = std::move(input); }

  private:
    Status start();
    Status submit(const std::string& input);
    Result<std::string> collect();
    void stop();

    std::string what_;
    int timeout_seconds_;
    Job job_;
    int pid_ = -1;
    int socket_ = -1;
    std::optional<std::string> in_flight_;  // submitted, its result not yet read
    std::chrono::steady_clock::time_point deadline_;
    std::optional<std::string> next_;
};

}  // namespace sa
