#include "core/background.h"

namespace sa {

Background::Background() : thread_([this] { loop(); }) {}

Background::~Background() {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [this] { return !task_; });
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void Background::post(std::function<Status()> task) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !task_; });
    task_ = std::move(task);
    lock.unlock();
    changed_.notify_all();
}

Status Background::wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !task_; });
    return last_;
}

void Background::loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        changed_.wait(lock, [this] { return stopping_ || task_; });
        if (!task_) return;  // stopping, nothing left
        std::function<Status()> task = task_;
        lock.unlock();
        Status result;
        try {
            result = task();
        } catch (const std::exception& e) {
            result = Status::internal(e.what());
        } catch (...) {
            result = Status::internal("unknown exception in a background task");
        }
        lock.lock();
        last_ = result;
        task_ = nullptr;
        changed_.notify_all();
    }
}

}  // namespace sa
