#include "core/background.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <vector>

using namespace sa;

TEST_CASE("a background task runs while the caller goes on, one task at a time", "[core]") {
    std::vector<int> done;  // touched by tasks only, read after wait()
    std::atomic<bool> release{false};
    Background b;
    CHECK(b.wait().is_ok());  // nothing posted yet
    b.post([&] {
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        done.push_back(1);
        return Status::ok();
    });
    release = true;  // the caller went on while the task waited for this
    b.post([&] {     // waits for the first
        done.push_back(2);
        return Status::busy("database is locked");
    });
    Status s = b.wait();
    CHECK(s.code() == Status::Code::kBusy);
    CHECK(done == std::vector<int>{1, 2});
    CHECK(b.wait().code() == Status::Code::kBusy);  // the last task's, until another runs

    b.post([]() -> Status { throw std::runtime_error("disk full"); });
    Status thrown = b.wait();
    CHECK(thrown.code() == Status::Code::kInternal);
    CHECK(thrown.message() == "disk full");
    b.post([] { return Status::ok(); });
    CHECK(b.wait().is_ok());
}
