// A server URL as the configuration names one: scheme://[user@]host[:port][/path]. Only the
// syntax is checked here, the same way wherever a URL is read (the configuration check at
// start-up, the transports); what a protocol further requires (smtp:// or smtps://, a
// mailbox after imap://host/) its transport checks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sa {

struct Url {
    std::string scheme;  // lower case: "smtp", "imaps"
    std::string origin;  // "scheme://[user@]host[:port]" as written: what a client connects to
    std::string host;    // "127.0.0.1", "mail.example", "[::1]"
    std::optional<std::uint16_t> port;  // absent: the scheme's default
    std::string path;                   // after the '/' that ends the origin, percent-decoded
};

// kInvalid naming the part that is wrong: no "scheme://", an empty host, a port that is not
// a number from 1 to 65535, a '%' not followed by two hexadecimal digits, a control
// character or a space outside the path.
Result<Url> parse_url(std::string_view text);

}  // namespace sa
