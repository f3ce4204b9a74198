// The Damm check digit: catches every single-digit error and every adjacent transposition,
// the two mistakes people make when they copy an ID into a mail.
#pragma once

#include <string_view>

namespace sa {

// The check digit for `digits` (ASCII digits only; anything else is a broken invariant).
int damm_check_digit(std::string_view digits);

// True when `digits` (check digit last) is a valid Damm number.
bool damm_valid(std::string_view digits);

}  // namespace sa
