// Conversion between UTF-8 and the charsets Japanese mail and Excel exports use. glibc iconv is
// called here and nowhere else; its errors become a Status here.
//
// Decoding understands the labels mail really carries: Shift_JIS and its aliases are read as
// CP932; ISO-2022-JP is read by our own escape-sequence parser that routes JIS X 0208 through
// CP932, so Outlook-style "ISO-2022-JP" holding NEC row 13 (①, ㈱) or NEC-selected IBM
// extensions (髙) decodes (glibc's ISO-2022-JP refuses them and has no CP50220); EUC-JP falls
// back to EUC-JP-MS.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace sa::charset {

// Lower-cased label with the aliases mapped to the iconv name we use ("shift_jis" → "CP932").
std::string canonical(std::string_view label);

// Strict: any byte that does not decode is an error naming its offset.
Result<std::string> to_utf8(std::string_view bytes, std::string_view label);

// Lenient, for hostile input: undecodable bytes become U+FFFD; an unknown label is guessed
// (valid UTF-8, else ISO-2022-JP when it holds its escapes, else CP932). Never fails.
std::string to_utf8_lenient(std::string_view bytes, std::string_view label);

// Strict: a character the target charset cannot hold is an error naming it.
Result<std::string> from_utf8(std::string_view utf8, std::string_view label);

}  // namespace sa::charset
