#include "outbox/send_job.h"

#include <functional>
#include <vector>

#include "core/background.h"

namespace sa {

Result<SendReport> SendJob::run(bool dry_run) {
    SendReport report;
    const UnixTime started = clock_.now();
    std::int64_t cursor = 0, total = 0;
    Status counted = store_.read([&](Transaction& tx) { total = tx.count_due_mails(started); });
    if (!counted) return counted.with_context("outbox");
    // Each outcome is recorded on a thread of its own while the next mail's envelope goes out;
    // the next body waits until it is recorded, so a kill still re-sends at most the one mail
    // whose acceptance was not yet recorded.
    Background recorder;
    const std::function<bool()> recorded = [&] { return recorder.wait().is_ok(); };
    for (;;) {
        std::vector<OutboxMail> page;
        Status s = recorder.wait();
        if (!s) return s.with_context("outbox");
        s = store_.read([&](Transaction& tx) { page = tx.due_mails(started, cursor, 200); });
        if (!s) return s.with_context("outbox");
        if (page.empty()) break;
        for (const OutboxMail& mail : page) {
            cursor = mail.id;
            ++report.due;
            progress_->update("send", "mails", report.due, total);
            if (dry_run) continue;
            SmtpAttempt attempt =
                transport_.send(mail.envelope_from, mail.recipient, mail.bytes, recorded);
            s = recorder.wait();
            if (!s) {
                transport_.close();  // this mail's body never went out: it stays as it was
                return s.with_context("outbox");
            }
            DeliveryDecision d = decide(mail, attempt, clock_.now(), settings_);
            recorder.post([this, m = d.mail] {
                return store_.write([&](Transaction& tx) { tx.record_attempt(m); });
            });
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
                s = recorder.wait();
                if (!s) return s.with_context("outbox");
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
    Status s = recorder.wait();
    if (!s) return s.with_context("outbox");
    transport_.close();
    progress_->finish();
    return report;
}

}  // namespace sa
