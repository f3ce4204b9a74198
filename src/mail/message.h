// Composing a finished RFC 5322 message. Every header value passes through mail/header.h, so
// no record text reaches a header unencoded; the body is base64 (UTF-8) or 7bit
// (ISO-2022-JP). The output uses CRLF line ends throughout and is what the outbox stores.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace sa::mime {

struct Part {
    std::string content_type;  // "image/svg+xml", "text/html; charset=UTF-8", …
    std::string filename;      // ASCII, for Content-Disposition; empty for none
    std::string content_id;    // for inline parts referenced by cid:
    std::string bytes;
};

struct MessageSpec {
    std::string from_name;  // display names are UTF-8 and may hold anything
    std::string from_address;
    std::string reply_to;  // an address, or empty
    std::string to_name;
    std::string to_address;
    std::string subject;
    std::string body;         // UTF-8 text with LF line ends
    std::string message_id;   // without angle brackets
    std::string in_reply_to;  // without angle brackets, or empty
    std::vector<std::string> references;
    std::string auto_submitted = "auto-generated";  // or "auto-replied"
    UnixTime date = 0;
    int utc_offset_minutes = 540;
    std::string charset = "UTF-8";  // or "ISO-2022-JP"
    std::vector<Part> parts;        // further parts after the text (multipart/mixed when present)
};

struct Composed {
    std::string bytes;
    std::string charset;  // what was used: ISO-2022-JP falls back to UTF-8 for text it cannot hold
};

// Fails only for a broken invariant (an address that was not validated, an unknown charset).
Result<Composed> compose(const MessageSpec& spec);

// `bytes` (a message we composed) with its Message-ID and Date replaced, everything else as
// it was.
std::string restamp(const std::string& bytes, const std::string& message_id, UnixTime date,
                    int utc_offset_minutes);

// True when `address` is a plain addr-spec we produce headers for (no spaces, one '@', no
// control characters or angle brackets).
bool is_safe_address(const std::string& address);

// True when `id` (without brackets) is a Message-ID we write into a header: printable ASCII,
// an '@', no angle brackets, at most 200 characters. An inbound Message-ID that fails this is
// not threaded on.
bool is_safe_message_id(const std::string& id);

}  // namespace sa::mime
