// Conversions between UnixTime and the textual forms the program reads and writes. Pure
// functions over the proleptic Gregorian calendar; no time zone database, only fixed offsets.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/status.h"

namespace sa {

// "2026-11-21T09:30:00+09:00", "…Z", "…+0900", fractional seconds allowed and dropped.
// An offset is required: a time without one is ambiguous and refused.
Result<UnixTime> parse_iso8601(const std::string& text);

// "+09:00", "+0900", "-05:00", "Z" → minutes east of UTC.
Result<int> parse_utc_offset(const std::string& text);

// "Sat, 21 Nov 2026 09:30:00 +0900" (RFC 5322 §3.3).
std::string format_rfc5322(UnixTime t, int offset_minutes);
// "2026-11-21T09:30:00+09:00".
std::string format_iso8601(UnixTime t, int offset_minutes);
// "2026-11-21" in the given offset.
std::string format_date(UnixTime t, int offset_minutes);

}  // namespace sa
