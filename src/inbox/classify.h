// The intent of an inbound message (SPEC §4), from its headers, its subject and its new text
// only. Precedence: a delivery status notification is a bounce; automatic mail (auto-replies,
// lists, bulk, our own mail coming back, and mail whose text says it was sent automatically)
// is auto_reply; otherwise the person's request, read sentence by sentence (inbox/request.h):
// the primary request decides, a second one is recorded; nothing recognised is other.
#pragma once

#include <string>
#include <vector>

#include "inbox/intent.h"
#include "inbox/message.h"
#include "text/morphology.h"

namespace sa::inbox {

struct Classification {
    Intent intent = Intent::kOther;
    std::string rule;                   // why, in one line: the header, phrase or rule
    double confidence = 1.0;            // 0–1; headers and reports are certain
    Intent secondary = Intent::kOther;  // a second request in the mail; kOther when none
    std::vector<std::string> evidence;  // the sentences and words that decided, heaviest first

    // A certain classification by one rule (a header, a report, an unreadable body).
    static Classification by_rule(Intent i, std::string why) {
        Classification c;
        c.intent = i;
        c.rule = std::move(why);
        return c;
    }
};

// `own_addresses`: the secretariat's addresses; mail from them is our own coming back.
Classification classify(const InboundMessage& m, const std::vector<std::string>& own_addresses,
                        const text::Morphology& morphology);

// Reasons this message must never get an automatic answer (RFC 3834 and loop rules); empty
// when it may. Caps are the decision's business, not this function's.
std::vector<std::string> suppression_rules(const InboundMessage& m,
                                           const std::vector<std::string>& own_addresses);

}  // namespace sa::inbox
