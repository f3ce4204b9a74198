#include "core/url.h"

#include "core/number.h"

namespace sa {
namespace {

bool is_control(unsigned char c) {
    return c < 0x20 || c == 0x7F;
}

bool is_scheme_char(char c, bool first) {
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (first) return alpha;
    return alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// RFC 3986 percent-decoding; a '%' must introduce two hexadecimal digits.
Result<std::string> percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        auto byte = i + 2 < s.size() ? parse_integer<unsigned>(s.substr(i + 1, 2), 16)
                                     : Result<unsigned>(Status::invalid("cut short"));
        if (!byte) {
            return Status::invalid("'" + std::string(s.substr(i, 3)) +
                                   "' is not a percent-escape (% and two hexadecimal digits)");
        }
        out += static_cast<char>(*byte);
        i += 2;
    }
    return out;
}

}  // namespace

Result<Url> parse_url(std::string_view text) {
    const std::string quoted = "'" + std::string(text) + "'";
    Url url;
    const std::size_t colon = text.find("://");
    if (colon == std::string_view::npos || colon == 0) {
        return Status::invalid(quoted + " is not a URL (scheme://host…)");
    }
    for (std::size_t i = 0; i < colon; ++i) {
        if (!is_scheme_char(text[i], i == 0))
            return Status::invalid(quoted + ": '" + std::string(text.substr(0, colon)) +
                                   "' is not a URL scheme");
        url.scheme += static_cast<char>(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
    }
    const std::size_t host_at = colon + 3;
    const std::size_t slash = text.find('/', host_at);
    const std::string_view authority = text.substr(
        host_at, slash == std::string_view::npos ? std::string_view::npos : slash - host_at);
    for (char c : text) {
        if (is_control(static_cast<unsigned char>(c)))
            return Status::invalid(quoted + ": a control character");
    }
    if (authority.find(' ') != std::string_view::npos)
        return Status::invalid(quoted + ": a space in the host");
    url.origin = std::string(text.substr(0, host_at + authority.size()));

    const std::size_t at = authority.rfind('@');
    std::string_view hostport = at == std::string_view::npos ? authority : authority.substr(at + 1);
    std::string_view port;
    bool has_port = false;
    if (!hostport.empty() && hostport[0] == '[') {
        const std::size_t close = hostport.find(']');
        if (close == std::string_view::npos)
            return Status::invalid(quoted + ": '[' without ']' in the host");
        url.host = std::string(hostport.substr(0, close + 1));
        std::string_view rest = hostport.substr(close + 1);
        if (!rest.empty() && rest[0] != ':')
            return Status::invalid(quoted + ": '" + std::string(rest) + "' after the host");
        has_port = !rest.empty();
        if (has_port) port = rest.substr(1);
    } else {
        const std::size_t c = hostport.find(':');
        url.host = std::string(hostport.substr(0, c));
        has_port = c != std::string_view::npos;
        if (has_port) port = hostport.substr(c + 1);
    }
    if (url.host.empty() || url.host == "[]") return Status::invalid(quoted + ": no host");
    if (has_port) {
        auto n = parse_integer<unsigned>(port);
        if (!n || *n == 0 || *n > 65535) {
            return Status::invalid(quoted + ": port '" + std::string(port) +
                                   "' is not a number from 1 to 65535");
        }
        url.port = static_cast<std::uint16_t>(*n);
    }
    if (slash != std::string_view::npos) {
        auto path = percent_decode(text.substr(slash + 1));
        if (!path) return Status::invalid(quoted + ": " + path.status().message());
        url.path = std::move(*path);
    }
    return url;
}

}  // namespace sa
