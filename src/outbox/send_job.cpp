#include "outbox/send_job.h"

#include <functional>
#include <optional>
#include <vector>

#include "core/background.h"
#include "core/time_format.h"

namespace sa {
namespace {

std::string named(const OutboxMail& m) {
    return "mail #" + std::to_string(m.id) + " (" + m.kind + ")";
}

// A decided outcome waiting for the commit that records it.
struct Outcome {
    OutboxMail mail;
    bool handed_over = false;  // in this run (not a mail given up without an attempt)
};

// What the operator must know about an outcome the store did not take.
std::string not_recorded(const Outcome& o) {
    const OutboxMail& m = o.mail;
    if (!o.handed_over) return named(m) + " is not marked unknown yet; the next run does it";
    switch (m.state) {
        case MailState::kSent:
            return named(m) +
                   " was handed over and accepted by the server, but that is not recorded: the "
                   "next run sends it once more";
        case MailState::kUnknown:
            return named(m) +
                   " was handed over and no answer came, and that is not recorded: the next run "
                   "sends it once more";
        default:
            return named(m) + " was not delivered (" + to_string(m.state) + ": " + m.last_error +
                   "), and that is not recorded: the next run tries it again";
    }
}

// `message` with the code of `s`: kBusy says try again later, kIo that the disk or the
// database file needs a person.
Status like(const Status& s, const std::string& message) {
    switch (s.code()) {
        case Status::Code::kBusy:
            return Status::busy(message);
        case Status::Code::kIo:
            return Status::io(message);
        default:
            return Status::internal(message);
    }
}

}  // namespace

SendReport SendJob::run(bool dry_run) {
    SendReport report;
    const UnixTime started = clock_.now();
    std::int64_t cursor = 0, total = 0;
    Status counted = store_.read([&](Transaction& tx) { total = tx.count_due_mails(started); });
    if (!counted) {
        report.failure = like(counted, "cannot read the outbox: " + counted.message());
        return report;
    }

    // The one commit per mail runs on a thread of its own while the mail's envelope goes out;
    // the body waits for it (`recorded`), so that a mail leaves only once it is marked.
    Background recorder;
    std::vector<Outcome> pending;    // decided, to be recorded with the next mail's mark
    std::vector<Outcome> in_commit;  // in the commit running now
    const std::function<bool()> recorded = [&] { return recorder.wait().is_ok(); };
    auto commit = [&](std::optional<std::int64_t> mark, UnixTime now) {
        in_commit = std::move(pending);
        pending.clear();
        std::vector<OutboxMail> outcomes;
        for (const Outcome& o : in_commit) outcomes.push_back(o.mail);
        recorder.post([this, outcomes = std::move(outcomes), mark, now] {
            return store_.write([&](Transaction& tx) {
                for (const OutboxMail& m : outcomes) tx.record_attempt(m);
                if (mark) tx.mark_handover(*mark, now);
            });
        });
    };
    // Stops the job: nothing more goes out. `held_back` is the mail whose mark failed.
    auto stop = [&](const Status& s, const OutboxMail* held_back, const char* what) {
        transport_.close();
        progress_->finish();
        std::string why = std::string(what) + " the database (" + s.message() +
                          "): stopped, nothing more goes out";
        if (held_back) why += "; " + named(*held_back) + " was not handed over";
        for (const Outcome& o : in_commit) why += "; " + not_recorded(o);
        report.failure = like(s, why);
        return report;
    };

    for (;;) {
        std::vector<OutboxMail> page;
        Status s = store_.read([&](Transaction& tx) { page = tx.due_mails(started, cursor, 200); });
        if (!s) {
            in_commit = std::move(pending);
            return stop(s, nullptr, "cannot read");
        }
        if (page.empty()) break;
        for (const OutboxMail& mail : page) {
            cursor = mail.id;
            ++report.due;
            progress_->update("send", "mails", report.due, total);
            if (dry_run) continue;
            if (mail.unrecorded_attempts > 0) {
                if (auto given_up = decide_unrecorded(mail)) {
                    log_.warning("send: " + named(mail) + " unknown: " + given_up->mail.last_error);
                    ++report.unknown;
                    pending.push_back({given_up->mail, false});
                    continue;
                }
                log_.warning("send: " + named(mail) + " was handed over at " +
                             format_iso8601(mail.attempt_started_at.value_or(0), 0) +
                             " by a run that ended before its outcome was recorded; it may have "
                             "arrived: sending it once more");
                ++report.resent;
            }
            commit(mail.id, clock_.now());
            SmtpAttempt attempt =
                transport_.send(mail.envelope_from, mail.recipient, mail.bytes, recorded);
            s = recorder.wait();
            // Its body never went out: `recorded` said no before the first byte of it.
            if (!s) return stop(s, &mail, "cannot record in");
            in_commit.clear();
            DeliveryDecision d = decide(mail, attempt, clock_.now(), settings_);
            pending.push_back({d.mail, true});
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
                log_.warning("send: " + named(mail) + " " + to_string(d.mail.state) + ": " +
                             d.mail.last_error);
            }
            if (d.stop_batch) {
                commit(std::nullopt, clock_.now());
                s = recorder.wait();
                if (!s) return stop(s, nullptr, "cannot record in");
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
    if (!pending.empty()) {
        commit(std::nullopt, clock_.now());
        Status s = recorder.wait();
        if (!s) return stop(s, nullptr, "cannot record in");
    }
    transport_.close();
    progress_->finish();
    return report;
}

}  // namespace sa
