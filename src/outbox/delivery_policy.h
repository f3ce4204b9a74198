// The one place that decides what a delivery attempt means for a mail: sent, deferred (try
// again later, with exponential backoff, until the mail's lifetime runs out), failed, or
// unknown (the server may have taken it; never resent blindly). Nobody else retries.
//
// A mail is marked as being handed over before its body goes out, and the mark is cleared
// with the attempt's outcome. A mail found still marked was handed over by a run that ended
// first (killed, or unable to record the outcome): the server may have it. It is sent once
// more; after kMaxUnrecordedAttempts such handovers in a row it becomes unknown instead, so
// that a database that cannot take the outcome never mails an applicant again and again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "store/records.h"
#include "transport/smtp.h"

namespace sa {

struct DeliverySettings {
    std::int64_t min_backoff_seconds = 300;         // Default: 5 minutes, then doubling
    std::int64_t max_backoff_seconds = 4 * 3600;    // Default: 4 hours
    std::int64_t max_lifetime_seconds = 5 * 86400;  // Default: 5 days, then failed
};

struct DeliveryDecision {
    OutboxMail mail;  // with state, attempts, times and last_error updated
    // The server or the connection is unusable for every mail (down, refuses us, TLS or
    // AUTH failed): the batch stops and the remaining mails wait for the next run.
    bool stop_batch = false;
};

// Handovers in a row that ended without a recorded outcome, after which a mail is no longer
// sent on its own but left unknown for staff (check with the recipient, then `resend`).
constexpr int kMaxUnrecordedAttempts = 2;

// The backoff before attempt number `attempts + 1`: min × 2^(attempts−1), at most max.
std::int64_t backoff_seconds(int attempts, const DeliverySettings& settings);

// What `attempt` means for `mail`. Its attempts count the handovers that ended unrecorded
// too, and the handover mark is cleared.
DeliveryDecision decide(const OutboxMail& mail, const SmtpAttempt& attempt, UnixTime now,
                        const DeliverySettings& settings);

// For a mail found still marked as being handed over (unrecorded_attempts > 0): empty when it
// may go out once more, or the decision that makes it unknown, without an attempt.
std::optional<DeliveryDecision> decide_unrecorded(const OutboxMail& mail);

}  // namespace sa
