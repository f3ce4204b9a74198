#include "outbox/send_job.h"

#include <vector>


namespace sa {

Result<SendReport> SendJob::run(bool dry_run) {
    SendReport report;
    const UnixTime started = clock_.now();
    std::int64_t cursor = 0, total = 0;
    Status counted = store_.read([&](Transaction& tx) { total = tx.count_due_mails(started); });
    if (!counted) return counted.with_context("outbox");
    for (;;) {
        std::vector<OutboxMail> page;
        Status s = store_.read([&](Transaction& tx) { page = tx.due_mails(started, cursor, 200); });
        if (!s) return s.with_context("outbox");
        if (page.empty()) break;
        for (const OutboxMail& mail : page) {
            cursor = mail.id;
            ++report.due;
            progress_->update("send", "mails", report.due, total);
            if (dry_run) continue;
            SmtpAttempt attempt = transport_.send(mail.envelope_from, mail.recipient, mail.bytes);
            DeliveryDecision d = decide(mail, attempt, clock_.now(), settings_);
            s = store_.write([&](Transaction& tx) { tx.record_attempt(d.mail); });
            if (!s) return s.with_context("outbox");
            switch (d.mail.state) {
                case MailState::kSent:
                    ++report.sent;
                    break;
                case MailState::kDeferred:
                    ++report.deferred;
                    break;
                case MailState::kFailed:
                    ++report.failed;
                    break;
                case MailState::kUnknown:
                    ++report.unknown;
                    break;
                case MailState::kQueued:
                    break;
            }
            if (d.mail.state != MailState::kSent) {
                log_.warning("send: mail " + std::to_string(mail.id) + " (" + mail.kind + ") " +
                             to_string(d.mail.state) + ": " + d.mail.last_error);
            }
            if (d.stop_batch) {
                report.stopped_early = true;
                report.stop_reason = attempt.detail;
                report.auth_or_tls_failed = attempt.stage == SmtpAttempt::Stage::kAuth ||
                                            attempt.stage == SmtpAttempt::Stage::kTls;
                transport_.close();
                progress_->finish();
                return report;
            }
        }
    }
    transport_.close();
    progress_->finish();
    return report;
}

}  // namespace sa
