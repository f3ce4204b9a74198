// The clock every job reads. Backoff, review periods and "due" decisions take a Clock so that
// tests and replays can fix or advance time; nothing else in the program reads the wall clock.
#pragma once

#include <cstdint>

namespace sa {

// Seconds since the Unix epoch, UTC.
using UnixTime = std::int64_t;

class Clock {
  public:
    virtual ~Clock() = default;
    virtual UnixTime now() const = 0;
};

class SystemClock final : public Clock {
  public:
    UnixTime now() const override;
};

// A clock that stands still until told to move. Not thread-safe.
class FixedClock final : public Clock {
  public:
    explicit FixedClock(UnixTime t) : t_(t) {}
    UnixTime now() const override { return t_; }
    void set(UnixTime t) { t_ = t; }
    void advance(std::int64_t seconds) { t_ += seconds; }

  private:
    UnixTime t_;
};

}  // namespace sa
