// The keys an applicant's mail carries, found in its new text (never in quoted earlier
// mail): 法人番号, 都道府県, 屋号, 代表者名, a 自己宣言ID or 利用者番号, and for a bounce the
// failed recipient and the Message-ID of the mail that bounced. A number whose check digit
// fails is reported as a probable typo and not used.
#pragma once

#include <string>
#include <vector>

#include "inbox/intent.h"
#include "inbox/message.h"

namespace sa::inbox {

struct Extracted {
    std::string corporate_number;
    std::string prefecture;
    std::string trade_name;
    std::string representative_name;
    std::string declaration_id;
    std::string user_number;
    std::string bounced_recipient;
    std::string bounced_message_id;
    std::vector<std::string> typos;  // numbers that look like a key but fail their check digit
};

// `own_addresses` are never taken as a bounced recipient. `intent` says what the message is:
// the bounce fields are filled only for a bounce; a machine's mail (bounce, auto_reply) names
// no business, so only its numbers are read.
Extracted extract(const InboundMessage& m, const std::vector<std::string>& own_addresses,
                  Intent intent);

}  // namespace sa::inbox
