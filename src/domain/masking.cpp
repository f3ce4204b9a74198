#include "domain/masking.h"

#include "text/utf8.h"

namespace sa {
namespace {

// The first UTF-8 character of `s` ("" when there is none or it is broken).
std::string first_char(std::string_view s) {
    std::string text(s);
    std::size_t pos = 0;
    char32_t cp;
    if (!utf8::next(text, pos, cp)) return "";
    return text.substr(0, pos);
}

}  // namespace

std::string mask_address(std::string_view address) {
    const std::size_t at = address.rfind('@');
    if (at == std::string_view::npos || at == 0) return "***";
    const std::string_view domain = address.substr(at + 1);
    const std::size_t dot = domain.find('.');
    std::string out = first_char(address.substr(0, at)) + "***@";
    if (dot == std::string_view::npos || dot == 0) return out + "***";
    return out + first_char(domain) + "***" + std::string(domain.substr(dot));
}

std::string mask_person_name(std::string_view name) {
    std::string first = first_char(name);
    return first.empty() ? "＊＊＊" : first + "＊＊";
}

}  // namespace sa
