// The two numbers a declaration carries. 利用者番号 (user number): 11 digits starting with 9,
// a login credential and therefore secret. 自己宣言ID (declaration ID): 11 digits starting
// with 4, quoted on subsidy applications. Both are random (never sequential) with a Damm check
// digit last, so that a mistyped number in an inquiry is recognised as a typo.
#pragma once

#include <string>
#include <string_view>

#include "core/random.h"

namespace sa {

enum class IdKind { kUserNumber, kDeclarationId };

constexpr std::size_t kIdLength = 11;

// A fresh random number of `kind`. Uniqueness is the store's to enforce.
std::string make_id(IdKind kind, RandomSource& random);

struct IdCheck {
    bool looks_like_id = false;  // 11 digits starting with 9 or 4
    IdKind kind = IdKind::kUserNumber;
    bool valid = false;  // and the check digit holds
};

IdCheck check_id(std::string_view digits);

// "9*******34*": enough for staff to tell numbers apart, not enough to log in: seven digits
// hidden, and the check digit, which would tell a tenth of them.
std::string mask_user_number(std::string_view number);

// `text` with every number that reads as a 利用者番号 — 11 digits starting with 9, ASCII or
// full-width, in one run or in groups split by single spaces or hyphens — masked as
// mask_user_number does, whether or not its check digit holds: a mistyped number is one
// digit away from the real one.
std::string mask_user_numbers_in(std::string_view text);

}  // namespace sa
