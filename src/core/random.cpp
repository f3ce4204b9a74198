#include "core/random.h"

#include <sys/random.h>

#include <cerrno>
#include <cstring>

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

void SystemRandom::fill(std::uint8_t* out, std::size_t n) {
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

}  // namespace sa
