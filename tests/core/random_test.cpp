#include "core/random.h"

#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <array>
#include <set>
#include <thread>

using namespace sa;

TEST_CASE("the system source gives uniform digits without repeating itself", "[random]") {
    SystemRandom random;
    std::array<int, 16> counts{};
    std::set<std::string> seen;
    for (int i = 0; i < 4000; ++i) {
        std::string h = random.hex(32);  // crosses the kernel-read boundary many times
        REQUIRE(h.size() == 32);
        CHECK(seen.insert(h).second);
        for (char c : h) ++counts[static_cast<std::size_t>(c <= '9' ? c - '0' : c - 'a' + 10)];
    }
    // 128,000 digits, 8,000 expected of each: a digit off by more than 6% would be a bias.
    for (int c : counts) {
        CHECK(c > 7520);
        CHECK(c < 8480);
    }
}

TEST_CASE("a forked child and its parent never draw the same bytes", "[random]") {
    SystemRandom random;
    random.hex(4);  // the parent now holds bytes read ahead, enough for both draws below
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        std::string h = random.hex(16);
        ssize_t written = ::write(fds[1], h.data(), h.size());
        ::_exit(written == static_cast<ssize_t>(h.size()) ? 0 : 1);
    }
    ::close(fds[1]);
    std::string from_child(16, '\0');
    std::size_t got = 0;
    while (got < from_child.size()) {
        ssize_t n = ::read(fds[0], &from_child[got], from_child.size() - got);
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(got == 16);
    CHECK(random.hex(16) != from_child);
}

TEST_CASE("threads draw from their own bytes", "[random]") {
    SystemRandom random;
    std::string a, b;
    std::thread t1([&] { a = random.hex(64); });
    std::thread t2([&] { b = random.hex(64); });
    t1.join();
    t2.join();
    CHECK(a.size() == 64);
    CHECK(a != b);
}
