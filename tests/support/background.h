// A child process that runs while a test does (a server), stopped with SIGTERM (then SIGKILL)
// when the object dies, also when a check failed.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace sa::test {

class Background {
  public:
    explicit Background(const std::vector<std::string>& argv, const std::string& cwd = "");
    ~Background();
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    // The next line the child wrote to standard output; empty after `timeout_seconds`.
    std::string read_line(double timeout_seconds = 10);
    pid_t pid() const { return pid_; }

  private:
    pid_t pid_ = -1;
    int out_ = -1;
    std::string buffer_;
};

// A process holding the SQLite write lock of the database at `path` (BEGIN IMMEDIATE) until
// the object dies; returns once it holds it, throws when it cannot take it.
std::unique_ptr<Background> hold_write_lock(const std::string& path);

// GET http://127.0.0.1:port/path_and_query; the body, with the status in `status`.
std::string http_get(int port, const std::string& path_and_query, int* status = nullptr);

}  // namespace sa::test
