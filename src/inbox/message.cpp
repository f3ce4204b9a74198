#include "inbox/message.h"

#include "inbox/html_text.h"
#include "mail/header.h"
#include "text/charset.h"
#include "text/normalize.h"

namespace sa::inbox {
namespace {

std::string unix_lines(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            out += '\n';
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string header_block(const std::string& message) {
    std::size_t crlf = message.find("\r\n\r\n"), lf = message.find("\n\n");
    std::size_t end = std::min(crlf == std::string::npos ? message.size() : crlf + 2,
                               lf == std::string::npos ? message.size() : lf + 1);
    return message.substr(0, end);
}

bool starts_with_any(const std::string& s, std::initializer_list<const char*> prefixes) {
    for (const char* p : prefixes) {
        if (s.rfind(p, 0) == 0) return true;
    }
    return false;
}

// True for a line that introduces quoted earlier mail.
bool is_quote_marker(const std::string& folded, const std::string& next_lines) {
    std::string t = text::trim(folded);
    if (t.empty()) return false;
    std::string l = text::lower_ascii(t);
    // "-----Original Message-----", "----- 転送メッセージ -----", "-------- Forwarded Message
    // --------"
    if (t.size() >= 6 && t[0] == '-' && t[1] == '-' && t[2] == '-') {
        if (l.find("original") != std::string::npos || l.find("forward") != std::string::npos ||
            t.find("元のメッセージ") != std::string::npos || t.find("転送") != std::string::npos ||
            t.find("オリジナル") != std::string::npos) {
            return true;
        }
    }
    // Outlook's rule line followed by a From:/差出人: block.
    if (t.find_first_not_of('_') == std::string::npos && t.size() >= 10) return true;
    // "On Fri, Nov 20, 2026 at 10:15 AM X <x@y> wrote:" and 「2026年11月20日(金) 10:15 X <x@y>:」
    bool ends_colon = l.back() == ':' || (t.size() >= 3 && t.compare(t.size() - 3, 3, "：") == 0);
    if (ends_colon &&
        (l.find("wrote") != std::string::npos || t.find("書きました") != std::string::npos ||
         t.find("書き込みました") != std::string::npos)) {
        return true;
    }
    if (ends_colon && t.find('@') != std::string::npos &&
        (t.find("年") != std::string::npos || l.find(" at ") != std::string::npos ||
         l.find("20") != std::string::npos)) {
        return true;
    }
    // A header block of the quoted mail: "From: …" / "差出人: …" followed by a date line.
    if (starts_with_any(l, {"from:", "差出人:", "差出人："}) &&
        (next_lines.find("Sent:") != std::string::npos ||
         next_lines.find("送信日時") != std::string::npos ||
         next_lines.find("Date:") != std::string::npos ||
         next_lines.find("日時:") != std::string::npos)) {
        return true;
    }
    return false;
}

// The text of an unparsable multipart body: boundary lines and part headers dropped, the
// first text part kept, an HTML copy after it ignored, decoded with the first charset named.
std::string salvage_text(const std::string& raw) {
    std::string charset, kept;
    bool in_part_header = false, seen_text = false;
    std::size_t pos = 0;
    while (pos < raw.size()) {
        std::size_t eol = raw.find('\n', pos);
        std::string line =
            raw.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
        pos = eol == std::string::npos ? raw.size() : eol + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("--", 0) == 0) {
            if (seen_text) break;  // the next part: an HTML copy or an attachment
            in_part_header = true;
            continue;
        }
        if (in_part_header) {
            if (line.empty()) {
                in_part_header = false;
                continue;
            }
            std::string l = text::lower_ascii(line);
            if (charset.empty() && l.find("charset=") != std::string::npos)
                charset = header_parameter(line, "charset");
            continue;
        }
        if (!line.empty() && line.find_first_not_of(" \t") != std::string::npos &&
            text::lower_ascii(line).find("this is a multi-part message") == std::string::npos) {
            seen_text = true;
        }
        if (seen_text) kept += line + "\n";
    }
    return charset::to_utf8_lenient(kept, charset);
}

}  // namespace

std::string parse_mailbox(const std::string& value, std::string* name) {
    std::string v = value;
    std::string addr, display;
    std::size_t lt = std::string::npos;
    // The last <…> outside quotes holds the address.
    bool quoted = false;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '"' && (i == 0 || v[i - 1] != '\\')) quoted = !quoted;
        if (!quoted && v[i] == '<') lt = i;
    }
    if (lt != std::string::npos) {
        std::size_t gt = v.find('>', lt);
        addr = v.substr(lt + 1, gt == std::string::npos ? std::string::npos : gt - lt - 1);
        display = v.substr(0, lt);
    } else {
        std::size_t paren = v.find('(');
        addr = v.substr(0, paren);
        if (paren != std::string::npos) {
            std::size_t close = v.find(')', paren);
            display = v.substr(paren + 1,
                               close == std::string::npos ? std::string::npos : close - paren - 1);
        }
    }
    addr = text::trim(addr);
    if (addr.rfind("mailto:", 0) == 0) addr.erase(0, 7);
    display = text::trim(display);
    if (display.size() >= 2 && display.front() == '"' && display.back() == '"') {
        display = display.substr(1, display.size() - 2);
    }
    if (name) *name = mime::decode_header(display);
    std::size_t at = addr.rfind('@');
    if (at == std::string::npos || at == 0 || at + 1 == addr.size() ||
        addr.find_first_of(" \t<>,;\"") != std::string::npos) {
        return "";
    }
    return addr.substr(0, at) + "@" + text::lower_ascii(addr.substr(at + 1));
}

std::vector<std::string> parse_message_ids(const std::string& value) {
    std::vector<std::string> ids;
    std::size_t pos = 0;
    while ((pos = value.find('<', pos)) != std::string::npos) {
        std::size_t end = value.find('>', pos);
        if (end == std::string::npos) break;
        std::string id = value.substr(pos + 1, end - pos - 1);
        if (!id.empty() && id.find_first_of(" \t<") == std::string::npos) ids.push_back(id);
        pos = end + 1;
    }
    return ids;
}

void split_quoted(const std::string& text, std::string& fresh, std::string& quoted) {
    fresh.clear();
    quoted.clear();
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        lines.push_back(text.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos));
        if (eol == std::string::npos) break;
        pos = eol + 1;
    }
    bool in_quote = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string folded = text::fold_width(lines[i]);
        std::string t = text::trim(folded);
        if (!in_quote) {
            std::string next;
            for (std::size_t k = i + 1; k < lines.size() && k < i + 5; ++k) next += lines[k] + "\n";
            if (is_quote_marker(folded, next)) in_quote = true;
        }
        bool quote_line = in_quote || (!t.empty() && (t[0] == '>' || t.rfind("|", 0) == 0));
        std::string& target = quote_line ? quoted : fresh;
        target += lines[i];
        target += '\n';
    }
}

InboundMessage decode_headers(const std::string& raw) {
    InboundMessage m;
    const std::string head = header_block(raw);
    for (const auto& [name, value] : split_header(head)) {
        std::string key = text::lower_ascii(name);
        if (key == "from" && m.from_address.empty())
            m.from_address = parse_mailbox(value, &m.from_name);
        if (key == "return-path" && !m.has_return_path) {
            m.has_return_path = true;
            m.return_path = parse_mailbox(value);
        }
        if (key == "message-id" && m.message_id.empty()) {
            auto ids = parse_message_ids(value);
            if (!ids.empty()) m.message_id = ids[0];
        }
        if (key == "in-reply-to" || key == "references") {
            for (const std::string& id : parse_message_ids(value)) m.references.push_back(id);
        }
        if (!m.headers.count(key)) m.headers[key] = mime::decode_header(value);
    }
    m.subject = m.header("subject");
    std::string ct = m.header("content-type");
    m.content_type = text::lower_ascii(text::trim(ct.substr(0, ct.find(';'))));
    return m;
}

InboundMessage decode_message(const std::string& raw, const MimeLimits& limits) {
    InboundMessage m = decode_headers(raw);
    auto checked = check_limits(raw, limits);
    if (!checked) {
        m.unreadable = checked.status().message();
        return m;
    }
    const ParsedMime parsed = parse_in_process(*checked, limits);

    const MimeLeaf* plain = nullptr;
    const MimeLeaf* html = nullptr;
    for (const MimeLeaf& leaf : parsed.leaves) {
        bool attachment = leaf.disposition == "attachment" ||
                          (!leaf.filename.empty() && leaf.type.rfind("text/", 0) != 0);
        if (!leaf.filename.empty()) m.attachment_names.push_back(leaf.filename);
        if (!leaf.report_type.empty() && m.report_type.empty())
            m.report_type = text::lower_ascii(leaf.report_type);
        if (leaf.type == "message/feedback-report") {
            m.feedback_report += unix_lines(charset::to_utf8_lenient(leaf.body, "utf-8"));
            continue;
        }
        if (leaf.type == "message/disposition-notification") {
            m.disposition_notification += unix_lines(charset::to_utf8_lenient(leaf.body, "utf-8"));
            continue;
        }
        if (leaf.type == "message/delivery-status" ||
            leaf.type == "message/global-delivery-status") {
            m.delivery_status += unix_lines(charset::to_utf8_lenient(leaf.body, "utf-8"));
            continue;
        }
        if (leaf.type == "message/rfc822" || leaf.type == "text/rfc822-headers" ||
            leaf.type == "message/rfc822-headers" || leaf.type == "message/global-headers") {
            m.returned_headers += unix_lines(header_block(leaf.body));
            continue;
        }
        if (attachment) continue;
        if ((leaf.type == "text/plain" || leaf.type.empty()) && !plain) plain = &leaf;
        if (leaf.type == "text/html" && !html) html = &leaf;
    }
    std::string body;
    if (!plain && !html) {
        // A multipart whose boundary matches nothing (mimetic then leaves it whole): read what
        // a person would read in the raw part.
        for (const MimeLeaf& leaf : parsed.leaves) {
            if (leaf.type.rfind("multipart/", 0) == 0) {
                body = salvage_text(leaf.body);
                break;
            }
        }
    }
    if (plain) {
        body = unix_lines(charset::to_utf8_lenient(plain->body, plain->charset));
    } else if (html) {
        m.html_only = true;
        body = html_to_text(unix_lines(charset::to_utf8_lenient(html->body, html->charset)));
    }
    split_quoted(body, m.text, m.quoted);
    return m;
}

}  // namespace sa::inbox
