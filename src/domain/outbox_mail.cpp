#include "domain/outbox_mail.h"

namespace sa {

const char* to_string(MailState s) {
    switch (s) {
        case MailState::kQueued:
            return "queued";
        case MailState::kSent:
            return "sent";
        case MailState::kDeferred:
            return "deferred";
        case MailState::kFailed:
            return "failed";
        case MailState::kUnknown:
            return "unknown";
    }
    return "queued";
}

std::optional<MailState> parse_mail_state(const std::string& s) {
    for (auto st : {MailState::kQueued, MailState::kSent, MailState::kDeferred, MailState::kFailed,
                    MailState::kUnknown}) {
        if (s == to_string(st)) return st;
    }
    return std::nullopt;
}

}  // namespace sa
