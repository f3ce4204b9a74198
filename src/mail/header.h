// Header fields that are safe by construction. Any text that did not come from our own code
// (names, subjects with record data) reaches a header only as RFC 2047 encoded-words, so a
// CR, LF or quote in it can never start a new header or change an address.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace sa::mime {

// The value of an unstructured header (Subject) as encoded-words in `charset` ("UTF-8" or
// "ISO-2022-JP"), folded so that no line exceeds 76 characters when the field name takes
// `name_length` characters. Printable ASCII text without "=?" is left as it is. Fails when
// `charset` cannot hold a character of `text`.
Result<std::string> encode_unstructured(std::string_view text, const std::string& charset,
                                        std::size_t name_length);

// "display <address>" with the display name encoded (or quoted when plain ASCII). `address`
// must already be a validated addr-spec.
Result<std::string> format_mailbox(std::string_view display, const std::string& address,
                                   const std::string& charset, std::size_t name_length);

// Decodes RFC 2047 encoded-words in a raw header value (any charset we know, B or Q),
// unfolds, and returns UTF-8. Lenient: malformed words are kept as they are.
std::string decode_header(std::string_view raw);

}  // namespace sa::mime
