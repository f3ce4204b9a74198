#include "transport/imap_response.h"

#include <algorithm>
#include <sstream>

#include "core/number.h"
#include "text/utf8.h"
#include "transport/imap.h"

namespace sa::imap {

namespace {

// The length announced by a line ending in "{n}" or "{n+}", or nullopt.
std::optional<std::size_t> literal_length(const std::string& line) {
    if (line.empty() || line.back() != '}') return std::nullopt;
    std::size_t open = line.rfind('{');
    if (open == std::string::npos) return std::nullopt;
    std::size_t end = line.size() - 1;
    if (end > open + 1 && line[end - 1] == '+') --end;
    if (end == open + 1 || end - open - 1 > 18) return std::nullopt;
    std::size_t n = 0;
    for (std::size_t i = open + 1; i < end; ++i) {
        if (line[i] < '0' || line[i] > '9') return std::nullopt;
        n = n * 10 + static_cast<std::size_t>(line[i] - '0');
    }
    return n;
}

// The quoted string starting at text[pos] == '"', unescaped, or nullopt when it does not end.
std::optional<std::string> quoted_at(const std::string& text, std::size_t pos) {
    std::string out;
    for (std::size_t i = pos + 1; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            out += text[++i];
        } else if (text[i] == '"') {
            return out;
        } else {
            out += text[i];
        }
    }
    return std::nullopt;
}

}  // namespace

std::uint64_t number_after(const std::string& line, const std::string& key) {
    std::size_t pos = 0;
    while ((pos = line.find(key, pos)) != std::string::npos) {
        bool starts =
            pos == 0 || line[pos - 1] == ' ' || line[pos - 1] == '(' || line[pos - 1] == '[';
        std::size_t at = pos + key.size();
        if (starts && at < line.size() && line[at] == ' ') {
            std::size_t end = at + 1;
            while (end < line.size() && line[end] >= '0' && line[end] <= '9') ++end;
            auto n = parse_integer<std::uint64_t>(line.substr(at + 1, end - at - 1));
            if (n) return *n;
        }
        pos = at;
    }
    return 0;
}

std::vector<std::uint64_t> parse_search(const std::string& untagged) {
    std::vector<std::uint64_t> uids;
    std::istringstream lines(untagged);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("* SEARCH", 0) != 0) continue;
        std::istringstream words(line.substr(8));
        std::string w;
        while (words >> w) {
            auto uid = parse_integer<std::uint64_t>(w);
            if (uid) uids.push_back(*uid);
        }
    }
    std::sort(uids.begin(), uids.end());
    return uids;
}

std::vector<MessageRef> parse_sizes(const std::string& untagged) {
    std::vector<MessageRef> refs;
    std::istringstream lines(untagged);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("* ", 0) != 0 || line.find(" FETCH ") == std::string::npos) continue;
        MessageRef r;
        r.uid = number_after(line, "UID");
        r.size = number_after(line, "RFC822.SIZE");
        if (r.uid) refs.push_back(r);
    }
    std::sort(refs.begin(), refs.end(),
              [](const MessageRef& a, const MessageRef& b) { return a.uid < b.uid; });
    return refs;
}

MailboxStatus parse_status(const std::string& untagged) {
    MailboxStatus s;
    std::istringstream lines(untagged);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("* STATUS ", 0) != 0) continue;
        s.uidvalidity = number_after(line, "UIDVALIDITY");
        s.uidnext = number_after(line, "UIDNEXT");
        s.messages = number_after(line, "MESSAGES");
    }
    return s;
}

std::string uid_set(const std::vector<std::uint64_t>& uids) {
    std::string set;
    for (std::uint64_t uid : uids) set += (set.empty() ? "" : ",") + std::to_string(uid);
    return set;
}

std::string quote(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

Result<std::string> encode_mailbox_name(const std::string& utf8) {
    static const char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
    std::string out;
    std::vector<std::uint16_t> run;  // UTF-16 units of the characters waiting to be shifted
    auto flush = [&] {
        if (run.empty()) return;
        out += '&';
        std::uint32_t bits = 0;
        int count = 0;
        for (std::uint16_t unit : run) {
            bits = (bits << 16) | unit;
            count += 16;
            while (count >= 6) {
                count -= 6;
                out += kAlphabet[(bits >> count) & 0x3F];
            }
        }
        if (count > 0) out += kAlphabet[(bits << (6 - count)) & 0x3F];
        out += '-';
        run.clear();
    };
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        char32_t cp = 0;
        if (!utf8::next(utf8, pos, cp))
            return Status::invalid("mailbox name '" + utf8::sanitize(utf8) +
                                   "' is not valid UTF-8");
        if (cp < 0x20 || cp == 0x7F)
            return Status::invalid("mailbox name holds a control character");
        if (cp < 0x7F) {
            flush();
            out += static_cast<char>(cp);
            if (cp == '&') out += '-';
        } else if (cp < 0x10000) {
            run.push_back(static_cast<std::uint16_t>(cp));
        } else {
            run.push_back(static_cast<std::uint16_t>(0xD800 + ((cp - 0x10000) >> 10)));
            run.push_back(static_cast<std::uint16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
        }
    }
    flush();
    return out;
}

Result<std::optional<Response>> ResponseReader::next() {
    Response r;
    std::size_t pos = start_;
    for (;;) {
        // A long line (a SEARCH reply) comes in many pieces: look for its end only in what
        // arrived since the last look.
        std::size_t eol = buffer_.find("\r\n", pos == partial_line_ ? partial_scanned_ : pos);
        if (eol == std::string::npos) {
            // (+ 1: the line's CR may have come without its LF yet.)
            if (buffer_.size() - pos > max_line_ + 1) {
                return Status::invalid("IMAP server sent a line over " + std::to_string(max_line_) +
                                       " bytes");
            }
            partial_line_ = pos;
            partial_scanned_ = buffer_.size() > pos ? buffer_.size() - 1 : pos;
            return std::optional<Response>();
        }
        if (eol - pos > max_line_) {
            return Status::invalid("IMAP server sent a line over " + std::to_string(max_line_) +
                                   " bytes");
        }
        std::string line = buffer_.substr(pos, eol - pos);
        r.text += line;
        auto n = literal_length(line);
        if (!n) {
            pos = eol + 2;
            break;
        }
        if (*n > max_literal_) {
            return Status::invalid("IMAP server announced a literal of " + std::to_string(*n) +
                                   " bytes, over " + std::to_string(max_literal_));
        }
        const std::size_t from = eol + 2;
        if (buffer_.size() - from < *n)
            return std::optional<Response>();  // the literal is still arriving
        r.literals.push_back({r.text.size(), buffer_.substr(from, *n)});
        pos = from + *n;
    }
    start_ = pos;
    partial_line_ = std::string::npos;
    // Drop what has been read once it is most of the buffer, so that a long session's
    // buffer holds about one response.
    if (start_ > 65536 && start_ * 2 > buffer_.size()) {
        buffer_.erase(0, start_);
        start_ = 0;
    }
    return std::optional<Response>(std::move(r));
}

std::string tagged_status(const Response& r, const std::string& tag) {
    if (r.text.size() <= tag.size() || r.text.compare(0, tag.size(), tag) != 0 ||
        r.text[tag.size()] != ' ')
        return "";
    std::size_t from = tag.size() + 1;
    std::size_t end = r.text.find(' ', from);
    return r.text.substr(from, end == std::string::npos ? std::string::npos : end - from);
}

std::map<std::uint64_t, std::string> fetched_sections(const std::vector<Response>& responses,
                                                      const std::string& section) {
    std::map<std::uint64_t, std::string> out;
    for (const Response& r : responses) {
        if (!r.untagged() || r.text.find(" FETCH (") == std::string::npos) continue;
        const std::uint64_t uid = number_after(r.text, "UID");
        if (!uid) continue;
        const std::string key = section + " ";
        std::size_t pos = r.text.find(key);
        while (pos != std::string::npos && pos > 0 && r.text[pos - 1] != ' ' &&
               r.text[pos - 1] != '(') {
            pos = r.text.find(key, pos + 1);
        }
        if (pos == std::string::npos) continue;
        const std::size_t value = pos + key.size();
        if (value >= r.text.size()) continue;
        if (r.text[value] == '{') {
            std::size_t close = r.text.find('}', value);
            if (close == std::string::npos) continue;
            for (const Response::Literal& l : r.literals) {
                if (l.at == close + 1) out[uid] = l.bytes;
            }
        } else if (r.text[value] == '"') {
            if (auto s = quoted_at(r.text, value)) out[uid] = *s;
        }
    }
    return out;
}

}  // namespace sa::imap
