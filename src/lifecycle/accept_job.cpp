#include "lifecycle/accept_job.h"

namespace sa::lifecycle {

OutboxMail accept_in(Transaction& tx, const Declaration& d, mime::MailRenderer& renderer,
                     UnixTime now) {
    tx.accept(d.id, now);
    Declaration accepted = d;
    accepted.state = DeclarationState::kAccepted;
    accepted.accepted_at = now;
    auto mail = renderer.acceptance(accepted, now);
    if (!mail) throw Error(mail.status());
    mail->id = tx.enqueue_mail(*mail);
    return *mail;
}

Result<AcceptReport> AcceptJob::run(bool dry_run) {
    AcceptReport report;
    const UnixTime now = clock_.now();
    const UnixTime issued_before = now - static_cast<UnixTime>(review_days_) * 86400;
    std::int64_t cursor = 0;
    for (;;) {
        std::vector<Declaration> page;
        Status s = store_.read(
            [&](Transaction& tx) { page = tx.due_for_acceptance(issued_before, cursor, 200); });
        if (!s) return s;
        if (page.empty()) break;
        for (const Declaration& d : page) {
            cursor = d.id;
            if (!dry_run) {
                s = store_.write([&](Transaction& tx) { accept_in(tx, d, renderer_, now); });
                if (!s) return s;
                log_.information("accept-due: " + d.declaration_id + " accepted");
            }
            ++report.accepted;
        }
    }
    return report;
}

}  // namespace sa::lifecycle
