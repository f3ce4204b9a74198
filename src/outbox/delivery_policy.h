// The one place that decides what a delivery attempt means for a mail: sent, deferred (try
// again later, with exponential backoff, until the mail's lifetime runs out), failed, or
// unknown (the server may have taken it; never resent blindly). Nobody else retries.
#pragma once

#include <cstdint>
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

// The backoff before attempt number `attempts + 1`: min × 2^(attempts−1), at most max.
std::int64_t backoff_seconds(int attempts, const DeliverySettings& settings);

DeliveryDecision decide(const OutboxMail& mail, const SmtpAttempt& attempt, UnixTime now,
                        const DeliverySettings& settings);

}  // namespace sa
