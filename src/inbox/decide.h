// What to do about one analysed inbound message (SPEC §4), decided inside the transaction
// that records it: look the business up, choose the answers, apply the caps and the RFC 3834
// rules, flag bounced addresses.
//
// Security invariant: a mail carrying a 利用者番号 or 自己宣言ID is only ever addressed to the
// registered contact of that declaration. Anyone else who asks gets a neutral answer that
// reveals no number and neither confirms nor denies a record.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "inbox/analysis.h"
#include "mail/renderer.h"
#include "store/store.h"

namespace sa::inbox {

struct DecideSettings {
    int max_answers_per_sender_per_day = 3;
    int max_id_answers_per_business_per_day = 2;
    int utc_offset_minutes = 540;  // the day of the caps is the secretariat's day
    double min_confidence = 0.5;   // a request read with less goes to a person. Default: 0.5
};

struct Decision {
    InboundOutcome outcome = InboundOutcome::kNeedsPerson;
    std::vector<std::string> reasons;
    std::optional<std::int64_t> declaration_row;
    std::optional<std::int64_t> bounced_mail_row;
    std::vector<OutboxMail> mails;  // to queue, in order
};

// Reads through `tx` and, for bounces, flags declarations in it; queues nothing itself (the
// caller records the message, then queues `mails` with its row id).
Decision decide(Transaction& tx, const Analysis& a, mime::MailRenderer& renderer,
                const DecideSettings& settings, UnixTime now);

// The outcome folder beside the mailbox.
const char* folder_for(InboundOutcome o);

}  // namespace sa::inbox
