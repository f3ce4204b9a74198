// One inbound message decoded, classified and mined for keys: what `classify` prints and what
// the inbox job decides on.
#pragma once

#include <string>
#include <vector>

#include "inbox/classify.h"
#include "inbox/extract.h"
#include "inbox/message.h"

namespace sa::inbox {

struct Analysis {
    InboundMessage message;
    Classification classification;
    Extracted keys;
    std::vector<std::string> suppressions;  // why no automatic answer may go out
};

// `parser` as for decode_message.
Analysis analyse(const std::string& raw, const MimeLimits& limits,
                 const std::vector<std::string>& own_addresses, const text::Morphology& morphology,
                 ParserWorker* parser);

// The JSON object of `sa-batch classify --json`.
std::string to_json(const Analysis& a);

}  // namespace sa::inbox
