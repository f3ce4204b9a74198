#include "core/random.h"

#include <pthread.h>
#include <sys/random.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "core/status.h"

namespace sa {

std::uint64_t RandomSource::uniform(std::uint64_t bound) {
    if (bound == 0) throw Error(Status::Code::kInternal, "uniform(0)");
    // Reject the top slice that would make some residues more likely than others.
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % bound);
    for (;;) {
        std::uint64_t v = 0;
        fill(reinterpret_cast<std::uint8_t*>(&v), sizeof v);
        if (v < limit) return v % bound;
    }
}

std::string RandomSource::hex(std::size_t n) {
    static const char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out += kDigits[uniform(16)];
    return out;
}

namespace {

void read_kernel(std::uint8_t* out, std::size_t n) {
    while (n > 0) {
        ssize_t got = ::getrandom(out, n, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            throw Error(Status::Code::kInternal,
                        std::string("getrandom failed: ") + std::strerror(errno));
        }
        out += got;
        n -= static_cast<std::size_t>(got);
    }
}

// Bytes read from the kernel ahead, per thread, so that an identifier costs no system call
// per digit. A forked child must never serve the bytes its parent will serve too: fork bumps
// a generation, and a pool of an older generation is thrown away.
std::atomic<unsigned> fork_generation{0};

struct Pool {
    std::uint8_t bytes[256];
    std::size_t used = sizeof bytes;
    unsigned generation = 0;
};

}  // namespace

void SystemRandom::fill(std::uint8_t* out, std::size_t n) {
    static std::once_flag registered;
    std::call_once(registered,
                   [] { ::pthread_atfork(nullptr, nullptr, [] { ++fork_generation; }); });
    thread_local Pool pool;
    const unsigned generation = fork_generation.load();
    if (pool.generation != generation) {
        pool.generation = generation;
        pool.used = sizeof pool.bytes;
    }
    while (n > 0) {
        if (pool.used == sizeof pool.bytes) {
            read_kernel(pool.bytes, sizeof pool.bytes);
            pool.used = 0;
        }
        std::size_t take = std::min(n, sizeof pool.bytes - pool.used);
        std::memcpy(out, pool.bytes + pool.used, take);
        std::memset(pool.bytes + pool.used, 0, take);  // served bytes do not stay in memory
        pool.used += take;
        out += take;
        n -= take;
    }
}

}  // namespace sa
