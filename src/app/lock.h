// The job lock: one job at a time per database. flock(2) on a lock file, so a lock left by a
// killed process is released by the kernel and never blocks the next run.
#pragma once

#include <string>

#include "core/status.h"

namespace sa::app {

class JobLock {
  public:
    // Takes the lock without waiting. kBusy (naming the holder's pid when known) when another
    // process holds it.
    static Result<JobLock> acquire(const std::string& path);
    JobLock(JobLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    JobLock& operator=(JobLock&&) = delete;
    JobLock(const JobLock&) = delete;
    ~JobLock();

  private:
    explicit JobLock(int fd) : fd_(fd) {}
    int fd_;
};

}  // namespace sa::app
