// Normalisation of what people type: full-width ASCII, ideographic spaces, the many dashes of
// Japanese input methods, half-width katakana. All functions take and return UTF-8 and never
// fail; invalid bytes pass through as U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace sa::text {

// Full-width ASCII (！…～) to ASCII, U+3000 to a space, dash-like characters (‐ ‑ ‒ – — ―
// − ﹣ ｰ) to '-', 〜 to '~'. Katakana ー is left alone: it is a letter in names.
std::string fold_width(std::string_view s);

// Half-width katakana (with their voicing marks) to full-width katakana.
std::string widen_katakana(std::string_view s);

// Removes leading and trailing ASCII whitespace and U+3000.
std::string trim(std::string_view s);

// Keeps only ASCII digits, after fold_width. "７０００-０１２ ０５０００２" → "7000012050002".
std::string digits_only(std::string_view s);

// A key for comparing names as people mean them: widths folded, half-width katakana widened,
// hiragana to katakana, ASCII lower-cased, every space removed. Two spellings of one name
// that differ only in those ways give the same key.
std::string match_key(std::string_view s);

// True when `s` holds a C0 or C1 control character, DEL, or a Unicode line/paragraph
// separator: anything that could break a line or a header.
bool has_control_chars(std::string_view s);

// `s` with ASCII A–Z lower-cased and every other byte as it is (header names, charset labels,
// configuration words, addresses' domains).
std::string lower_ascii(std::string_view s);

// True for a non-empty string of ASCII digits only.
bool is_ascii_digits(std::string_view s);

}  // namespace sa::text
