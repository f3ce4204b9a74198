// Base64 (RFC 4648) for MIME bodies and encoded-words.
#pragma once

#include <string>
#include <string_view>

namespace sa::mime {

std::string base64_encode(std::string_view bytes);

// Body form: lines of at most 76 characters, each ended by CRLF.
std::string base64_encode_lines(std::string_view bytes);

// Lenient: skips whitespace and any other non-alphabet byte, stops at '='. Never fails.
std::string base64_decode(std::string_view text);

}  // namespace sa::mime
