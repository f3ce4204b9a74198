#include "text/normalize.h"

#include "text/utf8.h"

namespace sa::text {
namespace {

bool is_dash(char32_t cp) {
    return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE63 || cp == 0xFF70;
}

bool is_space(char32_t cp) {
    return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0;
}

// Half-width katakana U+FF61..U+FF9F to full-width, indexed from U+FF61.
const char32_t kHalfKana[] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
    0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB,
    0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1,
    0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5,
    0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,
    0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x309B, 0x309C};

bool takes_handakuten(char32_t cp) {
    return cp >= 0x30CF && cp <= 0x30DB && (cp - 0x30CF) % 3 == 0;
}

// カ…チ, ツ テ ト, ハ行 and ウ take a voicing mark; the voiced letter is the next code point.
bool takes_dakuten(char32_t cp) {
    if (cp == 0x30A6) return true;
    if (cp >= 0x30AB && cp <= 0x30C1) return (cp - 0x30AB) % 2 == 0;
    if (cp >= 0x30C4 && cp <= 0x30C8) return (cp - 0x30C4) % 2 == 0;
    return takes_handakuten(cp);
}

}  // namespace

std::string fold_width(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t pos = 0;
    while (pos < s.size()) {
        char32_t cp;
        if (!utf8::next(s, pos, cp)) cp = utf8::kReplacement;
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            cp = cp - 0xFF01 + 0x21;
        } else if (cp == 0x3000) {
            cp = ' ';
        } else if (is_dash(cp)) {
            cp = '-';
        } else if (cp == 0x301C) {
            cp = '~';
        }
        utf8::append(out, cp);
    }
    return out;
}

std::string widen_katakana(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t pos = 0;
    char32_t pending = 0;
    auto emit = [&](char32_t cp) {
        if (pending) utf8::append(out, pending);
        pending = 0;
        if (cp) utf8::append(out, cp);
    };
    while (pos < s.size()) {
        char32_t cp;
        if (!utf8::next(s, pos, cp)) cp = utf8::kReplacement;
        if (cp >= 0xFF61 && cp <= 0xFF9F) {
            char32_t wide = kHalfKana[cp - 0xFF61];
            if (cp == 0xFF9E && pending && takes_dakuten(pending)) {
                utf8::append(out, pending == 0x30A6 ? 0x30F4 : pending + 1);
                pending = 0;
            } else if (cp == 0xFF9F && pending && takes_handakuten(pending)) {
                utf8::append(out, pending + 2);
                pending = 0;
            } else {
                emit(0);
                pending = wide;
            }
        } else {
            emit(cp);
        }
    }
    emit(0);
    return out;
}

std::string trim(std::string_view s) {
    std::size_t begin = 0, end = s.size();
    auto space_at = [&](std::size_t i, std::size_t& len) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
            len = 1;
            return true;
        }
        if (s.substr(i, 3) == "\xE3\x80\x80") {  // U+3000
            len = 3;
            return true;
        }
        return false;
    };
    std::size_t len = 0;
    while (begin < end && space_at(begin, len)) begin += len;
    while (end > begin) {
        if (end >= begin + 3 && s.substr(end - 3, 3) == "\xE3\x80\x80") {
            end -= 3;
        } else if (space_at(end - 1, len) && len == 1) {
            end -= 1;
        } else {
            break;
        }
    }
    return std::string(s.substr(begin, end - begin));
}

std::string digits_only(std::string_view s) {
    std::string folded = fold_width(s), out;
    for (char c : folded) {
        if (c >= '0' && c <= '9') out += c;
    }
    return out;
}

std::string match_key(std::string_view s) {
    // Widen before folding: fold_width reads a half-width ｰ as a dash, but inside a
    // half-width name it is the prolonged sound mark ー (ｶｰﾄﾞ is カード, not カ-ド).
    std::string wide = fold_width(widen_katakana(s)), out;
    std::size_t pos = 0;
    while (pos < wide.size()) {
        char32_t cp;
        if (!utf8::next(wide, pos, cp)) cp = utf8::kReplacement;
        if (is_space(cp)) continue;
        if (cp >= 0x3041 && cp <= 0x3096) cp += 0x60;  // hiragana → katakana
        if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
        utf8::append(out, cp);
    }
    return out;
}

bool has_control_chars(std::string_view s) {
    std::size_t pos = 0;
    while (pos < s.size()) {
        char32_t cp;
        if (!utf8::next(s, pos, cp)) continue;
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) {
            return true;
        }
    }
    return false;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool is_ascii_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace sa::text
