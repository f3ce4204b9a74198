#include "domain/ids.h"

#include "domain/damm.h"
#include "text/normalize.h"

namespace sa {

std::string make_id(IdKind kind, RandomSource& random) {
    std::string digits(1, kind == IdKind::kUserNumber ? '9' : '4');
    while (digits.size() < kIdLength - 1) digits += static_cast<char>('0' + random.uniform(10));
    digits += static_cast<char>('0' + damm_check_digit(digits));
    return digits;
}

IdCheck check_id(std::string_view digits) {
    IdCheck c;
    if (digits.size() != kIdLength || !text::is_ascii_digits(digits)) return c;
    if (digits[0] != '9' && digits[0] != '4') return c;
    c.looks_like_id = true;
    c.kind = digits[0] == '9' ? IdKind::kUserNumber : IdKind::kDeclarationId;
    c.valid = damm_valid(digits);
    return c;
}

std::string mask_user_number(std::string_view number) {
    if (number.size() != kIdLength) return std::string(number.size(), '*');
    return std::string(number.substr(0, 1)) + "*******" + std::string(number.substr(8));
}

}  // namespace sa
