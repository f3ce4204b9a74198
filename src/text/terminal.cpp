#include "text/terminal.h"

#include <cstdio>

#include "text/utf8.h"

namespace sa::text {
namespace {

bool hidden(char32_t c) {
    return (c < 0x20 && c != '\n') || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x061C ||
           c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029 || c == 0xFEFF;
}

void shown(char32_t c, std::string& out) {
    char buf[16];
    switch (c) {
        case '\r':
            out += "\\r";
            return;
        case '\t':
            out += "\\t";
            return;
        default:
            break;
    }
    if (c < 0x80) {
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
    } else {
        std::snprintf(buf, sizeof buf, "<U+%04X>", static_cast<unsigned>(c));
    }
    out += buf;
}

// How many bytes the UTF-8 sequence starting with `lead` takes; 1 for a stray byte.
std::size_t sequence_length(unsigned char lead) {
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
    if (lead >= 0xC2) return 2;
    return 1;
}

}  // namespace

std::string for_terminal(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t start = pos;
        char32_t c = 0;
        if (!utf8::next(s, pos, c)) {
            utf8::append(out, utf8::kReplacement);
            continue;
        }
        if (hidden(c)) {
            shown(c, out);
        } else {
            out.append(s.substr(start, pos - start));
        }
    }
    return out;
}

void TerminalSafeBuffer::emit(bool final) {
    // Keep the bytes of a sequence not yet complete for the next write.
    std::size_t keep = 0;
    if (!final) {
        for (std::size_t back = 1; back <= 3 && back <= pending_.size(); ++back) {
            const unsigned char b = static_cast<unsigned char>(pending_[pending_.size() - back]);
            if ((b & 0xC0) == 0x80) continue;  // a continuation byte: look further back
            if (sequence_length(b) > back) keep = back;
            break;
        }
    }
    const std::string safe =
        for_terminal(std::string_view(pending_).substr(0, pending_.size() - keep));
    target_->sputn(safe.data(), static_cast<std::streamsize>(safe.size()));
    pending_.erase(0, pending_.size() - keep);
}

TerminalSafeBuffer::int_type TerminalSafeBuffer::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    pending_ += traits_type::to_char_type(c);
    if (c == '\n' || pending_.size() >= 4096) emit(false);
    return c;
}

std::streamsize TerminalSafeBuffer::xsputn(const char* s, std::streamsize n) {
    pending_.append(s, static_cast<std::size_t>(n));
    if (pending_.find('\n') != std::string::npos || pending_.size() >= 4096) emit(false);
    return n;
}

int TerminalSafeBuffer::sync() {
    emit(true);
    return target_->pubsync();
}

}  // namespace sa::text
