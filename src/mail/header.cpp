#include "mail/header.h"

#include "mail/base64.h"
#include "text/charset.h"
#include "text/utf8.h"

namespace sa::mime {
namespace {

constexpr std::size_t kMaxLine = 76;

bool plain_ascii(std::string_view s) {
    for (char c : s) {
        if (c < 0x20 || c > 0x7E) return false;
    }
    return s.find("=?") == std::string_view::npos;
}

// Splits `text` into encoded-words no longer than the room each line leaves.
Result<std::string> encode_words(std::string_view text, const std::string& charset,
                                 std::size_t first_room) {
    const std::string prefix = "=?" + charset + "?B?";
    const std::size_t overhead = prefix.size() + 2;
    std::string out;
    std::size_t room = first_room;
    std::size_t pos = 0;
    while (pos < text.size()) {
        // Grow the chunk one character at a time while its encoding still fits.
        std::size_t end = pos;
        std::string best;
        while (end < text.size()) {
            std::size_t next = end;
            char32_t cp;
            utf8::next(text, next, cp);
            auto bytes = charset::from_utf8(text.substr(pos, next - pos), charset);
            if (!bytes) return bytes.status();
            std::size_t word = overhead + (bytes->size() + 2) / 3 * 4;
            if (word > room && end > pos) break;
            best = *bytes;
            end = next;
            if (word > room) break;  // a single character that does not fit: allow it alone
        }
        if (!out.empty()) out += "\r\n ";
        out += prefix + base64_encode(best) + "?=";
        pos = end;
        room = kMaxLine - 1;
    }
    return out;
}

std::string q_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_') {
            out += ' ';
        } else if (s[i] == '=') {
            auto hex = [](char c) {
                if (c >= '0' && c <= '9') return c - '0';
                if (c >= 'A' && c <= 'F') return c - 'A' + 10;
                if (c >= 'a' && c <= 'f') return c - 'a' + 10;
                return -1;
            };
            int hi = i + 1 < s.size() ? hex(s[i + 1]) : -1;
            int lo = i + 2 < s.size() ? hex(s[i + 2]) : -1;
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
            } else {
                out += '=';
            }
        } else {
            out += s[i];
        }
    }
    return out;
}

struct Word {
    std::string charset;
    std::string bytes;
};

// Parses "=?charset?B?text?=" at `pos`; on success advances `pos` past it.
bool parse_word(std::string_view s, std::size_t& pos, Word& w) {
    if (s.compare(pos, 2, "=?") != 0) return false;
    std::size_t q1 = s.find('?', pos + 2);
    if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return false;
    char enc = s[q1 + 1];
    std::size_t end = s.find("?=", q1 + 3);
    if (end == std::string_view::npos) return false;
    std::string_view payload = s.substr(q1 + 3, end - q1 - 3);
    if (payload.find(' ') != std::string_view::npos) return false;
    std::string cs(s.substr(pos + 2, q1 - pos - 2));
    if (auto star = cs.find('*'); star != std::string::npos) cs.resize(star);  // RFC 2231 language
    if (enc == 'B' || enc == 'b') {
        w.bytes = base64_decode(payload);
    } else if (enc == 'Q' || enc == 'q') {
        w.bytes = q_decode(payload);
    } else {
        return false;
    }
    w.charset = cs;
    pos = end + 2;
    return true;
}

}  // namespace

Result<std::string> encode_unstructured(std::string_view text, const std::string& charset,
                                        std::size_t name_length) {
    if (plain_ascii(text)) return std::string(text);
    std::size_t used = name_length + 2;
    return encode_words(text, charset, used < kMaxLine - 20 ? kMaxLine - used : 40);
}

Result<std::string> format_mailbox(std::string_view display, const std::string& address,
                                   const std::string& charset, std::size_t name_length) {
    if (display.empty()) return "<" + address + ">";
    std::string name;
    if (plain_ascii(display)) {
        name = "\"";
        for (char c : display) {
            if (c == '"' || c == '\\') name += '\\';
            name += c;
        }
        name += "\"";
    } else {
        std::size_t used = name_length + 2;
        auto words = encode_words(display, charset, used < kMaxLine - 20 ? kMaxLine - used : 40);
        if (!words) return words.status();
        name = *words;
    }
    // Fold before the address when it would push the line past the limit.
    std::size_t last_break = name.rfind("\r\n");
    std::size_t last_line = last_break == std::string::npos ? name_length + 2 + name.size()
                                                            : name.size() - last_break - 2;
    const char* gap = last_line + 3 + address.size() > kMaxLine ? "\r\n " : " ";
    return name + gap + "<" + address + ">";
}

std::string decode_header(std::string_view raw) {
    // Unfold: CRLF (or LF) followed by white space joins lines.
    std::string unfolded;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\r' && raw[i] != '\n') unfolded += raw[i];
    }
    std::string out;
    std::string pending_ws;  // white space seen after an encoded-word
    Word run;                // adjacent words of one charset, decoded together
    bool have_run = false, last_was_word = false;
    auto flush = [&]() {
        if (have_run) out += charset::to_utf8_lenient(run.bytes, run.charset);
        have_run = false;
        run = Word();
    };
    std::string plain;
    auto flush_plain = [&]() {
        if (!plain.empty()) out += charset::to_utf8_lenient(plain, "");
        plain.clear();
    };
    std::size_t pos = 0;
    while (pos < unfolded.size()) {
        Word w;
        std::size_t at = pos;
        if (parse_word(unfolded, at, w)) {
            if (last_was_word) {
                pending_ws.clear();  // white space between two encoded-words is dropped
            } else {
                flush_plain();
            }
            if (have_run && run.charset != w.charset) flush();
            if (!have_run) {
                run.charset = w.charset;
                have_run = true;
            }
            run.bytes += w.bytes;
            pos = at;
            last_was_word = true;
            continue;
        }
        char c = unfolded[pos++];
        if (last_was_word && (c == ' ' || c == '\t')) {
            pending_ws += c;
            continue;
        }
        if (last_was_word) {
            flush();
            plain += pending_ws;
            pending_ws.clear();
        }
        last_was_word = false;
        plain += c;
    }
    flush();
    out += pending_ws;
    flush_plain();
    return out;
}

}  // namespace sa::mime
