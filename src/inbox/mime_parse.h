// MIME structure of an inbound message, as mimetic parses it: the leaf parts with their type,
// parameters and transfer-decoded bytes. Charsets are not touched here.
//
// Inbound mail is hostile and mimetic 0.9.8 crashes or slows down on some malformed input, so
// check_limits runs first, and the inbox runs the parse inside its isolated analysis worker
// (inbox/analysis.h): a crash or a hang costs that one message ("unreadable"), never the batch.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace sa::inbox {

struct MimeLimits {
    std::size_t max_message_bytes = 10u << 20;  // Default: 10 MiB
    std::size_t max_header_line_bytes = 16384;  // longer header lines are cut (mimetic is
                                                // quadratic on them). Default: 16 KiB
    // Body parts, nested ones included, whatever their shape. Default: 200
    std::size_t max_parts = 200;
    std::size_t max_depth = 10;  // multipart nesting. Default: 10
    int timeout_seconds = 10;    // for one parse. Default: 10
};

struct MimeLeaf {
    std::string type;         // "text/plain", lower-case; empty when the part had none
    std::string charset;      // the charset parameter, as written
    std::string filename;     // from Content-Disposition or the name parameter
    std::string disposition;  // "attachment", "inline" or empty
    std::string report_type;  // of the enclosing multipart/report, e.g. "delivery-status"
    std::string body;         // transfer-decoded bytes
    int depth = 0;
};

struct ParsedMime {
    std::vector<MimeLeaf> leaves;  // depth-first, in message order
    bool truncated = false;        // more parts than max_parts; the rest was dropped
};

// Raw header fields of a header block (up to the first empty line), unfolded, in order.
std::vector<std::pair<std::string, std::string>> split_header(const std::string& raw);

// A header's parameter ("charset" of "text/plain; charset=ISO-2022-JP"), quotes removed,
// RFC 2231 continuations and charset'lang'value forms joined and decoded. Empty when absent.
std::string header_parameter(const std::string& value, const std::string& name);

// Checks the limits that must hold before mimetic sees the message and returns the message
// with overlong header lines cut. kInvalid (naming the limit) when it must not be parsed: too
// large, or more than max_parts body parts — a part for each delimiter line of a boundary
// that a Content-Type field declares, at any depth.
Result<std::string> check_limits(const std::string& raw, const MimeLimits& limits);

// Parses in this process. Use only on a message that passed check_limits (tests, fuzzing).
ParsedMime parse_in_process(const std::string& raw, const MimeLimits& limits);

}  // namespace sa::inbox
