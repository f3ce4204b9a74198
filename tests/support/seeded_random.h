// A deterministic RandomSource for tests: the same seed gives the same bytes, so golden files
// can hold fixed IDs and Message-IDs.
#pragma once

#include <cstdint>

#include "core/random.h"

namespace sa::test {

class SeededRandom final : public RandomSource {
  public:
    explicit SeededRandom(std::uint64_t seed) : state_(seed) {}
    void fill(std::uint8_t* out, std::size_t n) override {
        for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(next() >> 56);
    }

  private:
    std::uint64_t next() {  // splitmix64
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint64_t state_;
};

}  // namespace sa::test
