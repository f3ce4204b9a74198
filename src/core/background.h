// One task at a time on a thread of its own, so that the caller can go on while it runs: the
// send job records a mail's outcome while the next mail's envelope goes out. post() waits for
// the task before it; wait() returns the last task's Status. What a task touches must not be
// used by the caller until wait() has returned. Neither copied nor moved; the destructor waits.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/status.h"

namespace sa {

class Background {
  public:
    Background();
    ~Background();
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    // Waits for the task before it, then starts `task`. An exception from a task becomes a
    // kInternal Status.
    void post(std::function<Status()> task);
    // Waits for the task in progress, if any; the Status of the last task (ok before any).
    Status wait();

  private:
    void loop();
    std::mutex mutex_;
    std::condition_variable changed_;
    std::function<Status()> task_;  // set while a task waits or runs
    bool stopping_ = false;
    Status last_;
    std::thread thread_;
};

}  // namespace sa
