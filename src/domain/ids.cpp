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
    return std::string(number.substr(0, 1)) + "*******" + std::string(number.substr(8, 2)) + "*";
}

namespace {

// The digit at `pos` (ASCII, or full-width U+FF10–FF19 as EF BC 90–99), and its length in bytes.
int digit_at(std::string_view s, std::size_t pos, std::size_t& bytes) {
    if (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        bytes = 1;
        return s[pos] - '0';
    }
    if (pos + 2 < s.size() && static_cast<unsigned char>(s[pos]) == 0xEF &&
        static_cast<unsigned char>(s[pos + 1]) == 0xBC) {
        const auto c = static_cast<unsigned char>(s[pos + 2]);
        if (c >= 0x90 && c <= 0x99) {
            bytes = 3;
            return c - 0x90;
        }
    }
    return -1;
}

}  // namespace

std::string mask_user_numbers_in(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t bytes = 0;
        if (digit_at(text, i, bytes) < 0) {
            out += text[i++];
            continue;
        }
        // A run of digits, single separators allowed between them, as the inbox reads keys.
        std::string digits;
        std::size_t j = i;
        while (j < text.size()) {
            std::size_t n = 0;
            int d = digit_at(text, j, n);
            if (d >= 0) {
                digits += static_cast<char>('0' + d);
                j += n;
                continue;
            }
            std::size_t after = 0;
            if ((text[j] == ' ' || text[j] == '-') && digit_at(text, j + 1, after) >= 0) {
                ++j;
                continue;
            }
            break;
        }
        if (digits.size() == kIdLength && digits[0] == '9') {
            out += mask_user_number(digits);
        } else {
            out.append(text.substr(i, j - i));
        }
        i = j;
    }
    return out;
}

}  // namespace sa
