#include "core/clock.h"

#include <ctime>

namespace sa {

UnixTime SystemClock::now() const {
    return static_cast<UnixTime>(::time(nullptr));
}

}  // namespace sa
