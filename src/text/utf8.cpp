#include "text/utf8.h"

namespace sa::utf8 {

bool next(std::string_view s, std::size_t& pos, char32_t& cp) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    unsigned char b0 = byte(pos);
    if (b0 < 0x80) {
        cp = b0;
        ++pos;
        return true;
    }
    std::size_t len;
    char32_t min;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1F;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0F;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07;
        min = 0x10000;
    } else {
        ++pos;
        return false;
    }
    if (pos + len > s.size()) {
        ++pos;
        return false;
    }
    for (std::size_t i = 1; i < len; ++i) {
        unsigned char b = byte(pos + i);
        if ((b & 0xC0) != 0x80) {
            ++pos;
            return false;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++pos;
        return false;
    }
    pos += len;
    return true;
}

void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_valid(std::string_view s) {
    std::size_t pos = 0;
    char32_t cp;
    while (pos < s.size()) {
        if (!next(s, pos, cp)) return false;
    }
    return true;
}

std::string sanitize(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t start = pos;
        char32_t cp;
        if (next(s, pos, cp)) {
            out.append(s.data() + start, pos - start);
        } else {
            append(out, kReplacement);
        }
    }
    return out;
}

std::size_t length(std::string_view s) {
    std::size_t pos = 0, n = 0;
    char32_t cp;
    while (pos < s.size()) {
        next(s, pos, cp);
        ++n;
    }
    return n;
}

void StreamValidator::feed(std::string_view chunk) {
    if (!valid_) return;
    std::string buf = pending_;
    buf.append(chunk.data(), chunk.size());
    pending_.clear();
    std::size_t pos = 0;
    while (pos < buf.size()) {
        unsigned char b0 = static_cast<unsigned char>(buf[pos]);
        std::size_t need = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : 4;
        if (pos + need > buf.size() && (b0 & 0xC0) == 0xC0 && b0 < 0xF8) {
            pending_ = buf.substr(pos);  // a sequence continues in the next chunk
            return;
        }
        char32_t cp;
        if (!next(buf, pos, cp)) {
            valid_ = false;
            return;
        }
    }
}

}  // namespace sa::utf8
