// UTF-8 helpers over std::string bytes. Invalid sequences never crash; they are reported or
// replaced by U+FFFD, as each function says.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sa::utf8 {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point at `pos` and advances `pos`. On an invalid or truncated sequence
// returns false and advances `pos` by one byte. Overlong forms and surrogates are invalid.
bool next(std::string_view s, std::size_t& pos, char32_t& cp);

void append(std::string& out, char32_t cp);

bool is_valid(std::string_view s);

// Copies `s`, replacing every invalid byte by U+FFFD.
std::string sanitize(std::string_view s);

std::size_t length(std::string_view s);  // in code points; an invalid byte counts as one

// Validates a stream fed in chunks of any size (a sequence may straddle two chunks).
class StreamValidator {
  public:
    void feed(std::string_view chunk);
    // True when everything fed so far is valid UTF-8 and no sequence is left open.
    bool finish() const { return valid_ && pending_.empty(); }
    bool valid_so_far() const { return valid_; }

  private:
    bool valid_ = true;
    std::string pending_;
};

}  // namespace sa::utf8
