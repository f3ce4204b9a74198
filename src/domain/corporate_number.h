// 法人番号 (corporate number): 13 digits, the first a check digit over the other twelve.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace sa {

// The check digit for the twelve base digits: 9 − (Σ Pn × Qn mod 9), Pn the n-th digit
// counted from the right, Qn 1 for odd n and 2 for even n.
int corporate_check_digit(std::string_view twelve_digits);

// Normalises what a person typed (full-width digits, spaces and hyphens removed) and checks
// length and check digit. The value is the 13 ASCII digits; a failure (kInvalid) gives its
// reason in Japanese, as the intake rules do.
Result<std::string> normalize_corporate_number(std::string_view typed);

}  // namespace sa
