// The one checked number parser, on std::from_chars: the whole text is the number or it is
// refused, whatever the locale. No sign on an unsigned type, no '+', no spaces, no trailing
// characters, nothing out of the type's range, no base prefix ("0x"). A failure never throws:
// it comes back as kInvalid naming the text and what was expected, for the caller to give
// context (the configuration key, the option, the record's field).
#pragma once

#include <string_view>

#include "core/status.h"

namespace sa {

// `text` as a whole number of type T, written in `base` (2 to 36; digits above 9 in either
// case). Defined for the signed and unsigned integer types int, long, long long and their
// unsigned forms (std::int64_t, std::uint64_t and std::size_t among them).
template <typename T>
Result<T> parse_integer(std::string_view text, int base = 10);

}  // namespace sa
