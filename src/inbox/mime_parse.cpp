#include "inbox/mime_parse.h"

#include <mimetic/mimetic.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "core/number.h"
#include "mail/header.h"
#include "text/charset.h"
#include "text/normalize.h"

namespace sa::inbox {
namespace {

std::string trim(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    std::size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string percent_decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto hex = [](char c) {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// The raw value of the first field called `name` in an entity's header.
std::string field(const mimetic::MimeEntity& e, const char* name) {
    for (const mimetic::Field& f : e.header()) {
        if (text::lower_ascii(std::string(f.name())) == name) return f.value();
    }
    return "";
}

// Base64 holds only its alphabet and line breaks; a "base64" part with many other bytes is
// plain text under a wrong label, and decoding it would destroy it.
bool looks_like_base64(const std::string& body) {
    std::size_t other = 0;
    for (unsigned char c : body) {
        bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=' || c == '\r' ||
                        c == '\n' || c == ' ' || c == '\t';
        if (!alphabet) ++other;
    }
    return other * 20 <= body.size();  // up to 5 % stray bytes are damage, not text
}

std::string transfer_decode(const std::string& body, const std::string& encoding) {
    std::string enc = text::lower_ascii(trim(encoding));
    std::string out;
    if (enc == "base64" && !looks_like_base64(body)) return body;  // mislabelled plain text
    if (enc == "base64") {
        mimetic::Base64::Decoder b64;
        mimetic::decode(body.begin(), body.end(), b64, std::back_inserter(out));
        return out;
    }
    if (enc == "quoted-printable") {
        mimetic::QP::Decoder qp;
        mimetic::decode(body.begin(), body.end(), qp, std::back_inserter(out));
        return out;
    }
    return body;
}

void walk(const mimetic::MimeEntity& e, int depth, const std::string& report_type,
          const MimeLimits& limits, ParsedMime& out) {
    if (out.leaves.size() >= limits.max_parts) {
        out.truncated = true;
        return;
    }
    std::string content_type = field(e, "content-type");
    std::string type = text::lower_ascii(trim(content_type.substr(0, content_type.find(';'))));
    const auto& parts = e.body().parts();
    if (type.rfind("multipart/", 0) == 0 && !parts.empty() &&
        depth < static_cast<int>(limits.max_depth)) {
        std::string report = type == "multipart/report"
                                 ? text::lower_ascii(header_parameter(content_type, "report-type"))
                                 : report_type;
        for (const mimetic::MimeEntity* child : parts) {
            if (child) walk(*child, depth + 1, report, limits, out);
        }
        return;
    }
    MimeLeaf leaf;
    leaf.type = type;
    leaf.charset = header_parameter(content_type, "charset");
    std::string disposition = field(e, "content-disposition");
    leaf.disposition = text::lower_ascii(trim(disposition.substr(0, disposition.find(';'))));
    leaf.filename = mime::decode_header(header_parameter(disposition, "filename"));
    if (leaf.filename.empty())
        leaf.filename = mime::decode_header(header_parameter(content_type, "name"));
    leaf.report_type = report_type;
    leaf.depth = depth;
    leaf.body = transfer_decode(e.body(), field(e, "content-transfer-encoding"));
    // An attached message that mimetic parsed into an entity of its own: its header is what
    // a returned copy is read for.
    if ((type == "message/rfc822" || type == "message/global") && leaf.body.empty() &&
        !parts.empty() && parts.front()) {
        for (const auto& f : parts.front()->header())
            leaf.body += f.name() + ": " + f.value() + "\r\n";
        leaf.body += "\r\n";
    }
    if (type.rfind("multipart/", 0) == 0 && parts.empty()) {
        // No part matched the boundary: mimetic keeps the text as preamble and epilogue.
        leaf.body = e.body().preamble() + leaf.body + e.body().epilogue();
    }
    out.leaves.push_back(std::move(leaf));
}

}  // namespace

std::vector<std::pair<std::string, std::string>> split_header(const std::string& raw) {
    std::vector<std::pair<std::string, std::string>> fields;
    std::size_t pos = 0;
    while (pos < raw.size()) {
        std::size_t eol = raw.find('\n', pos);
        std::string line =
            raw.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
        pos = eol == std::string::npos ? raw.size() : eol + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) break;
        if ((line[0] == ' ' || line[0] == '\t') && !fields.empty()) {
            fields.back().second += line;  // unfold: the line break goes, the white space stays
            continue;
        }
        std::size_t colon = line.find(':');
        if (colon == std::string::npos || colon == 0) continue;  // not a field; skip it
        fields.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
    }
    return fields;
}

std::string header_parameter(const std::string& value, const std::string& name) {
    // Walk "; key=value" pairs, honouring quoted strings.
    std::string wanted = text::lower_ascii(name);
    std::string plain;
    std::vector<std::pair<int, std::string>> pieces;  // RFC 2231 continuations
    bool extended = false;
    std::size_t pos = value.find(';');
    while (pos != std::string::npos && pos < value.size()) {
        ++pos;
        while (pos < value.size() && (value[pos] == ' ' || value[pos] == '\t')) ++pos;
        std::size_t eq = value.find('=', pos);
        if (eq == std::string::npos) break;
        std::string key = text::lower_ascii(trim(value.substr(pos, eq - pos)));
        pos = eq + 1;
        while (pos < value.size() && (value[pos] == ' ' || value[pos] == '\t')) ++pos;
        std::string v;
        if (pos < value.size() && value[pos] == '"') {
            ++pos;
            while (pos < value.size() && value[pos] != '"') {
                if (value[pos] == '\\' && pos + 1 < value.size()) ++pos;
                v += value[pos++];
            }
            pos = value.find(';', pos);
        } else {
            std::size_t end = value.find(';', pos);
            v = trim(value.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
            pos = end;
        }
        if (key == wanted) {
            plain = v;
        } else if (key.rfind(wanted + "*", 0) == 0) {
            // name* (one extended value), name*N (a plain piece), name*N* (an extended piece)
            std::string rest = key.substr(wanted.size() + 1);
            bool star = rest.empty() || rest.back() == '*';
            if (!rest.empty() && rest.back() == '*') rest.pop_back();
            int index = 0;
            if (!rest.empty()) {
                if (rest.size() > 3 || rest.find_first_not_of("0123456789") != std::string::npos)
                    continue;
                index = *parse_integer<int>(rest);
            }
            if (star) extended = true;
            pieces.emplace_back(index, v);
        }
    }
    if (pieces.empty()) return plain;
    std::sort(pieces.begin(), pieces.end());
    std::string joined;
    for (const auto& p : pieces) joined += p.second;
    if (!extended) return joined;
    // charset'language'percent-encoded-value
    std::size_t q1 = joined.find('\''),
                q2 = q1 == std::string::npos ? q1 : joined.find('\'', q1 + 1);
    if (q2 == std::string::npos) return percent_decode(joined);
    return charset::to_utf8_lenient(percent_decode(joined.substr(q2 + 1)), joined.substr(0, q1));
}

namespace {

// The lines of `raw`, without their line ends.
template <typename F>
void each_line(const std::string& raw, F&& f) {
    for (std::size_t pos = 0; pos < raw.size();) {
        std::size_t eol = raw.find('\n', pos);
        std::size_t end = eol == std::string::npos ? raw.size() : eol;
        std::size_t len = end - pos;
        if (len && raw[end - 1] == '\r') --len;
        f(std::string_view(raw).substr(pos, len));
        pos = end + 1;
    }
}

// The body parts of a message, nested ones too, counted the way a MIME parser finds them:
// one per delimiter line ("--boundary", transport padding allowed, not the closing
// "--boundary--") of a boundary that a Content-Type field declares. The top-level entity is
// no part of its own.
std::size_t count_parts(const std::string& raw) {
    std::set<std::string> boundaries;
    std::string field;  // a Content-Type field being unfolded
    auto declare = [&] {
        if (field.empty()) return;
        std::string b = header_parameter(field.substr(field.find(':') + 1), "boundary");
        if (!b.empty()) boundaries.insert("--" + b);
        field.clear();
    };
    each_line(raw, [&](std::string_view line) {
        if (!field.empty() && !line.empty() && (line[0] == ' ' || line[0] == '\t')) {
            field.append(line);
            return;
        }
        declare();
        if (line.size() > 13 &&
            text::lower_ascii(std::string(line.substr(0, 13))) == "content-type:")
            field = std::string(line);
    });
    declare();
    if (boundaries.empty()) return 0;
    std::size_t parts = 0;
    each_line(raw, [&](std::string_view line) {
        if (line.size() < 3 || line[0] != '-' || line[1] != '-') return;
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        if (boundaries.count(std::string(line))) ++parts;
    });
    return parts;
}

}  // namespace

Result<std::string> check_limits(const std::string& raw, const MimeLimits& limits) {
    if (raw.size() > limits.max_message_bytes) {
        return Status::invalid("larger than " + std::to_string(limits.max_message_bytes) +
                               " bytes");
    }
    std::string out;
    out.reserve(raw.size());
    std::size_t pos = 0, boundaries = 0, multiparts = 0;
    bool in_header = true;
    while (pos < raw.size()) {
        std::size_t eol = raw.find('\n', pos);
        std::size_t end = eol == std::string::npos ? raw.size() : eol + 1;
        std::size_t len = end - pos;
        if (in_header && len > limits.max_header_line_bytes) {
            out.append(raw, pos, limits.max_header_line_bytes);
            out += "\r\n";
        } else {
            out.append(raw, pos, len);
        }
        if (in_header && (len == 1 || (len == 2 && raw[pos] == '\r'))) in_header = false;
        if (len >= 2 && raw[pos] == '-' && raw[pos + 1] == '-') ++boundaries;
        if (len > 13 && (raw[pos] == 'C' || raw[pos] == 'c')) {
            std::string head = text::lower_ascii(raw.substr(pos, std::min<std::size_t>(len, 64)));
            if (head.rfind("content-type:", 0) == 0 && head.find("multipart") != std::string::npos)
                ++multiparts;
        }
        pos = end;
    }
    if (multiparts > limits.max_parts || boundaries > 4 * limits.max_parts + 8) {
        return Status::invalid("more than " + std::to_string(limits.max_parts) + " MIME parts");
    }
    const std::size_t parts = count_parts(raw);
    if (parts > limits.max_parts) {
        return Status::invalid("has " + std::to_string(parts) +
                               " MIME parts, more than inbox.max_parts (" +
                               std::to_string(limits.max_parts) + ")");
    }
    return out;
}

ParsedMime parse_in_process(const std::string& raw, const MimeLimits& limits) {
    ParsedMime out;
    std::istringstream in(raw);
    mimetic::MimeEntity entity;
    entity.load(in);
    walk(entity, 0, "", limits, out);
    return out;
}

}  // namespace sa::inbox
