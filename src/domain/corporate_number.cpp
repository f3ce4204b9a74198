#include "domain/corporate_number.h"

#include "text/normalize.h"
#include "text/utf8.h"

namespace sa {

int corporate_check_digit(std::string_view twelve) {
    int sum = 0;
    for (std::size_t n = 1; n <= 12; ++n) {
        int p = twelve[12 - n] - '0';
        sum += p * (n % 2 == 1 ? 1 : 2);
    }
    return 9 - sum % 9;
}

Result<std::string> normalize_corporate_number(std::string_view typed) {
    std::string folded = text::fold_width(typed), digits;
    std::size_t pos = 0;
    while (pos < folded.size()) {
        char32_t cp;
        if (!utf8::next(folded, pos, cp)) return Status::invalid("13桁の数字ではありません");
        if (cp >= '0' && cp <= '9') {
            digits += static_cast<char>(cp);
        } else if (cp != ' ' && cp != '-' && cp != '\t') {
            return Status::invalid("13桁の数字ではありません");
        }
    }
    if (digits.size() != 13) {
        return Status::invalid("13桁ではありません(" + std::to_string(digits.size()) + "桁)");
    }
    if (corporate_check_digit(std::string_view(digits).substr(1)) != digits[0] - '0') {
        return Status::invalid("チェックディジットが一致しません(入力誤りの可能性があります)");
    }
    return digits;
}

}  // namespace sa
