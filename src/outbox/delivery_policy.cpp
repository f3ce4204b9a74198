#include "outbox/delivery_policy.h"

namespace sa {
namespace {

const char* kCheckAndResend =
    "check with the recipient (sa-batch lookup) and `sa-batch resend` it if it did not arrive";

}  // namespace

std::int64_t backoff_seconds(int attempts, const DeliverySettings& s) {
    std::int64_t wait = s.min_backoff_seconds;
    for (int i = 1; i < attempts && wait < s.max_backoff_seconds; ++i) wait *= 2;
    return wait < s.max_backoff_seconds ? wait : s.max_backoff_seconds;
}

DeliveryDecision decide(const OutboxMail& mail, const SmtpAttempt& a, UnixTime now,
                        const DeliverySettings& s) {
    DeliveryDecision d;
    d.mail = mail;
    OutboxMail& m = d.mail;
    m.attempts += 1 + m.unrecorded_attempts;
    m.unrecorded_attempts = 0;
    m.attempt_started_at.reset();
    m.last_attempt_at = now;

    if (a.accepted) {
        m.state = MailState::kSent;
        m.sent_at = now;
        m.last_error.clear();
        return d;
    }
    m.last_error = a.detail;

    using Stage = SmtpAttempt::Stage;
    const bool server_replied = a.reply_code >= 400 && a.reply_code < 600;
    const bool about_this_mail = a.stage == Stage::kEnvelope || a.stage == Stage::kData;

    if (a.body_handed_over && !server_replied) {
        // The final dot went out and no answer came back: the server may have queued it.
        m.state = MailState::kUnknown;
        m.last_error = a.detail + "; it is not sent again on its own: " + kCheckAndResend;
        d.stop_batch = true;  // the connection is gone; and something is wrong with the peer
        return d;
    }
    if (server_replied && about_this_mail && a.reply_code >= 500) {
        m.state = MailState::kFailed;  // a permanent refusal of this mail
        return d;
    }
    // Everything else is soft: 4xx for this mail, or a connection, TLS, AUTH or greeting
    // problem that is not the mail's fault.
    d.stop_batch = !(server_replied && about_this_mail && a.reply_code != 421);
    if (now - m.created_at >= s.max_lifetime_seconds) {
        m.state = MailState::kFailed;
        m.last_error = "gave up after " + std::to_string(m.attempts) +
                       " attempts (maximal lifetime reached); last: " + a.detail;
        return d;
    }
    m.state = MailState::kDeferred;
    m.next_attempt_at = now + backoff_seconds(m.attempts, s);
    return d;
}

std::optional<DeliveryDecision> decide_unrecorded(const OutboxMail& mail) {
    if (mail.unrecorded_attempts < kMaxUnrecordedAttempts) return std::nullopt;
    DeliveryDecision d;
    d.mail = mail;
    OutboxMail& m = d.mail;
    m.state = MailState::kUnknown;
    m.attempts += m.unrecorded_attempts;
    m.unrecorded_attempts = 0;
    if (m.attempt_started_at) m.last_attempt_at = m.attempt_started_at;
    m.attempt_started_at.reset();
    m.last_error = "handed over " + std::to_string(kMaxUnrecordedAttempts) +
                   " times in a row without its outcome recorded (the run ended first, or the "
                   "database could not take it): it may have arrived; " +
                   kCheckAndResend;
    return d;
}

}  // namespace sa
