// The random source behind every identifier: 利用者番号, 自己宣言ID, Message-ID. Production reads
// the kernel's CSPRNG; tests pass a seeded source so that golden files hold fixed values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace sa {

class RandomSource {
  public:
    virtual ~RandomSource() = default;
    // Fills `n` bytes. Never fails: a source that cannot deliver throws sa::Error.
    virtual void fill(std::uint8_t* out, std::size_t n) = 0;

    // A uniform integer in [0, bound), without modulo bias. `bound` must be > 0.
    std::uint64_t uniform(std::uint64_t bound);
    // `n` lowercase hexadecimal digits.
    std::string hex(std::size_t n);
};

// getrandom(2). Thread-safe.
class SystemRandom final : public RandomSource {
  public:
    void fill(std::uint8_t* out, std::size_t n) override;
};

}  // namespace sa
