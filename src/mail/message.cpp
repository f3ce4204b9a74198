#include "mail/message.h"

#include "core/time_format.h"
#include "mail/base64.h"
#include "mail/header.h"
#include "text/charset.h"

namespace sa::mime {
namespace {

std::string crlf_lines(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 30);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') {
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "\r\n";
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    return out;
}

Result<Composed> compose_in(const MessageSpec& spec, const std::string& charset) {
    Composed out;
    out.charset = charset;
    std::string h;
    auto add = [&](const std::string& name, const std::string& value) {
        h += name + ": " + value + "\r\n";
    };
    if (!is_safe_address(spec.from_address) || !is_safe_address(spec.to_address) ||
        (!spec.reply_to.empty() && !is_safe_address(spec.reply_to))) {
        return Status::internal("refusing to write an unvalidated address into a header");
    }
    if (!is_safe_message_id(spec.message_id) ||
        (!spec.in_reply_to.empty() && !is_safe_message_id(spec.in_reply_to))) {
        return Status::internal("refusing to write a malformed Message-ID");
    }
    add("Date", format_rfc5322(spec.date, spec.utc_offset_minutes));
    auto from = format_mailbox(spec.from_name, spec.from_address, charset, 4);
    if (!from) return from.status();
    add("From", *from);
    auto to = format_mailbox(spec.to_name, spec.to_address, charset, 2);
    if (!to) return to.status();
    add("To", *to);
    if (!spec.reply_to.empty()) add("Reply-To", "<" + spec.reply_to + ">");
    auto subject = encode_unstructured(spec.subject, charset, 7);
    if (!subject) return subject.status();
    add("Subject", *subject);
    add("Message-ID", "<" + spec.message_id + ">");
    if (!spec.in_reply_to.empty()) add("In-Reply-To", "<" + spec.in_reply_to + ">");
    if (!spec.references.empty()) {
        std::string refs;
        for (const auto& r : spec.references) {
            if (!is_safe_message_id(r)) continue;
            if (!refs.empty()) refs += "\r\n ";
            refs += "<" + r + ">";
        }
        if (!refs.empty()) add("References", refs);
    }
    add("MIME-Version", "1.0");

    std::string text_headers, text_body;
    if (charset == "UTF-8") {
        text_headers =
            "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n";
        text_body = base64_encode_lines(crlf_lines(spec.body));
    } else {
        auto body = charset::from_utf8(crlf_lines(spec.body), charset);
        if (!body) return body.status();
        text_headers = "Content-Type: text/plain; charset=" + charset +
                       "\r\nContent-Transfer-Encoding: 7bit\r\n";
        text_body = *body;
    }

    add("Auto-Submitted", spec.auto_submitted);
    add("X-Auto-Response-Suppress", "All");
    if (spec.parts.empty()) {
        out.bytes = h + text_headers + "\r\n" + text_body;
        return out;
    }
    const std::string boundary = "=_sa_" + spec.message_id.substr(0, spec.message_id.find('@'));
    std::string body = "This is a multipart message in MIME format.\r\n\r\n--" + boundary + "\r\n" +
                       text_headers + "\r\n" + text_body;
    for (const Part& p : spec.parts) {
        body += "\r\n--" + boundary + "\r\nContent-Type: " + p.content_type +
                "\r\nContent-Transfer-Encoding: base64\r\n";
        if (!p.content_id.empty()) body += "Content-ID: <" + p.content_id + ">\r\n";
        if (!p.filename.empty()) {
            body += std::string("Content-Disposition: ") +
                    (p.content_id.empty() ? "attachment" : "inline") + "; filename=\"" +
                    p.filename + "\"\r\n";
        }
        body += "\r\n" + base64_encode_lines(p.bytes);
    }
    body += "\r\n--" + boundary + "--\r\n";
    out.bytes = h + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n" + body;
    return out;
}

}  // namespace

bool is_safe_message_id(const std::string& id) {
    if (id.empty() || id.size() > 200) return false;
    for (char c : id) {
        if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>') return false;
    }
    return id.find('@') != std::string::npos;
}

bool is_safe_address(const std::string& address) {
    if (address.empty() || address.size() > 254) return false;
    std::size_t ats = 0;
    for (char c : address) {
        if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' ||
            c == ';' || c == ':' || c == '"' || c == '\\' || c == '[' || c == ']') {
            return false;
        }
        if (c == '@') ++ats;
    }
    return ats == 1 && address.front() != '@' && address.back() != '@';
}

std::string restamp(const std::string& bytes, const std::string& message_id, UnixTime date,
                    int utc_offset_minutes) {
    std::size_t end = bytes.find("\r\n\r\n");
    if (end == std::string::npos) return bytes;
    std::string out;
    std::size_t pos = 0;
    while (pos < end + 2) {
        std::size_t eol = bytes.find("\r\n", pos);
        std::string line = bytes.substr(pos, eol - pos);
        if (line.rfind("Message-ID: ", 0) == 0) {
            line = "Message-ID: <" + message_id + ">";
        } else if (line.rfind("Date: ", 0) == 0) {
            line = "Date: " + format_rfc5322(date, utc_offset_minutes);
        }
        out += line + "\r\n";
        pos = eol + 2;
    }
    return out + bytes.substr(end + 2);
}

Result<Composed> compose(const MessageSpec& spec) {
    if (spec.charset == "ISO-2022-JP") {
        auto jis = compose_in(spec, "ISO-2022-JP");
        if (jis || jis.status().code() != Status::Code::kInvalid) return jis;
        // Text ISO-2022-JP cannot hold (①, 髙, emoji): send the whole message as UTF-8
        // rather than lose a character.
    } else if (spec.charset != "UTF-8") {
        return Status::internal("unsupported mail charset '" + spec.charset + "'");
    }
    return compose_in(spec, "UTF-8");
}

}  // namespace sa::mime
