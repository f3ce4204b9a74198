// The intent of an inbound message (SPEC §4), from its headers and its new text only.
// Precedence: a delivery status notification is a bounce; automatic mail (auto-replies, lists,
// bulk, our own mail coming back) is auto_reply; then the applicant's request in the order
// contact_change, which_number, resend, recover_id, status_inquiry; anything else is other.
#pragma once

#include <string>
#include <vector>

#include "inbox/message.h"

namespace sa::inbox {

enum class Intent {
    kRecoverId,
    kResend,
    kStatusInquiry,
    kWhichNumber,
    kContactChange,
    kBounce,
    kAutoReply,
    kOther,
};

const char* to_string(Intent i);

struct Classification {
    Intent intent = Intent::kOther;
    std::string rule;  // why: the header or phrase that decided it
};

// `own_addresses`: the secretariat's addresses; mail from them is our own coming back.
Classification classify(const InboundMessage& m, const std::vector<std::string>& own_addresses);

// Reasons this message must never get an automatic answer (RFC 3834 and loop rules); empty
// when it may. Caps are the decision's business, not this function's.
std::vector<std::string> suppression_rules(const InboundMessage& m,
                                           const std::vector<std::string>& own_addresses);

}  // namespace sa::inbox
