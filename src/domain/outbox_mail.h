// A mail in the outbox: rendered and MIME-encoded before it is queued (mail/renderer.h makes
// it), so that sending only moves bytes; its delivery state changes as the outbox works it
// (outbox/). The store keeps it; none of these modules needs another to know what it is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"

namespace sa {

enum class MailState { kQueued, kSent, kDeferred, kFailed, kUnknown };
// "queued", "sent", "deferred", "failed", "unknown": as stored and printed.
const char* to_string(MailState s);
std::optional<MailState> parse_mail_state(const std::string& s);

struct OutboxMail {
    std::int64_t id = 0;
    std::string message_id;  // without angle brackets
    std::string kind;        // completion, acceptance, duplicate_notice, answer, …
    std::optional<std::int64_t> declaration_row;
    std::optional<std::int64_t> inbound_row;
    std::optional<std::int64_t> resend_of;
    std::string recipient;
    std::string envelope_from;
    std::string subject;  // decoded, for staff listings
    std::string bytes;    // the whole message, CRLF line ends
    MailState state = MailState::kQueued;
    int attempts = 0;
    UnixTime created_at = 0;
    UnixTime next_attempt_at = 0;
    std::optional<UnixTime> last_attempt_at;
    std::optional<UnixTime> sent_at;
    std::string last_error;
    // Set when a send job marks the mail as being handed to the server, cleared when the
    // attempt's outcome is recorded: a mail found with it set was perhaps delivered by a run
    // that ended first. unrecorded_attempts counts such handovers since the last outcome.
    std::optional<UnixTime> attempt_started_at;
    int unrecorded_attempts = 0;
};

}  // namespace sa
