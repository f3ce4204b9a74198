// IMAP server responses read from a byte stream, literals included (RFC 3501 §4.3): the part
// libcurl does not do for custom commands. Used to fetch message bodies with BODY.PEEK[]
// several at a time; exposed for tests.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace sa::imap {

// One response: its lines joined without their CRLFs, each literal's bytes cut out of the
// text (the "{n}" announcing it stays) and kept in `literals`, with the offset in `text` just
// after its "{n}".
struct Response {
    struct Literal {
        std::size_t at;
        std::string bytes;
    };
    std::string text;
    std::vector<Literal> literals;

    // "* …" lines; a tagged line starts with its tag; "+ …" continues a command.
    bool untagged() const { return text.rfind("* ", 0) == 0; }
};

// Splits what a server sends into Responses. A literal longer than `max_literal`, or a line
// (outside literals) longer than `max_line`, makes the stream kInvalid: a server we cannot
// follow, never a reason to allocate without bound, and never a line cut short in silence.
// A line arriving in pieces is searched for its end once, not again with every piece.
class ResponseReader {
  public:
    ResponseReader(std::size_t max_literal, std::size_t max_line = 1 << 20)
        : max_literal_(max_literal), max_line_(max_line) {}

    // Takes the next bytes from the server.
    void feed(const char* data, std::size_t n) { buffer_.append(data, n); }
    // The next complete response, nullopt while one is incomplete, or kInvalid.
    Result<std::optional<Response>> next();

  private:
    std::size_t max_literal_;
    std::size_t max_line_;
    std::string buffer_;
    std::size_t start_ = 0;  // where the response being read begins in buffer_
    // The incomplete line last seen, and how far it has been searched for its end.
    std::size_t partial_line_ = std::string::npos, partial_scanned_ = 0;
};

// The number after the word `key` in a response's text ("UID 12", "[UIDVALIDITY 7]"), or 0
// when there is none that fits 64 bits.
// Literals are cut out of the text, so a message's own bytes cannot pose as one.
std::uint64_t number_after(const std::string& text, const std::string& key);

// In a tagged line ("s2 OK …", "s2 NO …"): "OK", "NO", "BAD", or "" when it is not `tag`'s.
std::string tagged_status(const Response& r, const std::string& tag);

// The `section` of each FETCH response ("BODY[]" or "BODY[HEADER]"), by UID. A response that
// carries no UID or not that section is skipped; NIL counts as absent.
std::map<std::uint64_t, std::string> fetched_sections(const std::vector<Response>& responses,
                                                      const std::string& section);

}  // namespace sa::imap
