// What to do about one analysed inbound message (SPEC §4): a pure function of the analysis, a
// snapshot of what the store knows (inbox/snapshot.h) and the settings. It writes nothing; the
// inbox job applies the decision (inbox/apply.h) in the batch's transaction.
//
// Security invariant: a mail carrying a 利用者番号 or 自己宣言ID is only ever addressed to the
// registered contact of that declaration. The requester — the one reply address, which is
// also the one that decides — gets an answer that depends only on what the request says,
// never on what the store holds: the same subject and text whether or not the business
// exists and whether or not the requester is a registered contact. The numbers go separately
// to the registered contact, within the caps.
//
// Loops: a message that replies to one of our automatic answers never gets another automatic
// answer; the first of its thread goes to a person, later ones are ignored. A delivery report
// is believed only when it names a mail we sent to that address.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "inbox/analysis.h"
#include "inbox/snapshot.h"
#include "store/records.h"

namespace sa::inbox {

struct DecideSettings {
    int max_answers_per_sender_per_day = 3;   // to one address, plus-variants as one. Default: 3
    int max_answers_per_domain_per_day = 20;  // to one domain. Default: 20
    int max_id_answers_per_business_per_day = 2;  // mails with IDs for one business. Default: 2
    int utc_offset_minutes = 540;                 // the day of the caps is the secretariat's day
    double min_confidence = 0.5;  // a request read with less goes to a person. Default: 0.5
};

// A mail the decision wants sent; the job renders it (inbox/apply.h).
struct PlannedMail {
    enum class Kind {
        kAnswer,  // a template to the requester (threaded on the message when it may be)
        kNotice,  // contact_notice with the numbers, to the declaration's registered contact
        kResend,  // a mail of the declaration again, to its registered contact
    } kind = Kind::kAnswer;
    std::string template_name;  // kAnswer, kNotice
    std::string to;             // kAnswer: the requester; kNotice, kResend: the registered contact
    std::optional<Declaration> declaration;  // kNotice, kResend
    std::optional<OutboxMail> original;      // kResend
    bool threaded = false;                   // kAnswer: In-Reply-To and References
};

struct Decision {
    InboundOutcome outcome = InboundOutcome::kNeedsPerson;
    std::vector<std::string> reasons;
    std::optional<std::int64_t> declaration_row;
    std::optional<std::int64_t> bounced_mail_row;
    std::vector<PlannedMail> mails;             // in order
    std::vector<std::string> counted;           // cap keys this decision uses
    std::optional<std::int64_t> undeliverable;  // a declaration whose registered contact bounced
};

Decision decide(const Analysis& a, const LookupSnapshot& s, const DecideSettings& settings);

// The outcome folder beside the mailbox.
const char* folder_for(InboundOutcome o);

// The day of the caps for `now`, as gather() and the counts want it.
std::string caps_day(UnixTime now, const DecideSettings& settings);

}  // namespace sa::inbox
