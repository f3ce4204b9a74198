#include "inbox/apply.h"

#include "core/time_format.h"
#include "text/normalize.h"

namespace sa::inbox {
namespace {

const char* status_label(const Declaration& d) {
    return d.state == DeclarationState::kAccepted
               ? "受理済み(自己宣言事業者検索に掲載されています)"
               : "受理の手続き中です(受理されると自己宣言事業者検索に掲載されます)";
}

// What an answer threads on: the message and at most nine of its references before it.
mime::ReplyTo thread_of(const InboundMessage& m) {
    mime::ReplyTo reply;
    reply.message_id = m.message_id;
    for (const auto& r : m.references) {
        if (mime::is_safe_message_id(r)) reply.references.push_back(r);
    }
    if (reply.references.size() > 9)
        reply.references.erase(reply.references.begin(), reply.references.end() - 9);
    return reply;
}

}  // namespace

std::vector<OutboxMail> render(const Analysis& a, Decision& d, mime::MailRenderer& renderer,
                               const DecideSettings& settings, UnixTime now) {
    std::vector<OutboxMail> out;
    const mime::ReplyTo reply = thread_of(a.message);
    bool lost_one = false;
    for (const PlannedMail& p : d.mails) {
        Result<OutboxMail> mail = Status::internal("not rendered");
        switch (p.kind) {
            case PlannedMail::Kind::kAnswer:
                mail = renderer.answer(p.template_name, p.to, now, p.threaded ? &reply : nullptr);
                if (!mail && p.threaded) {
                    d.reasons.push_back("the answer could not be threaded (" +
                                        mail.status().message() + "): sent without it");
                    mail = renderer.answer(p.template_name, p.to, now, nullptr);
                }
                break;
            case PlannedMail::Kind::kNotice:
                mail = renderer.declaration_answer(
                    p.template_name, *p.declaration,
                    {{"status_label", status_label(*p.declaration)},
                     {"request_date", format_date(now, settings.utc_offset_minutes)}},
                    now, nullptr);
                break;
            case PlannedMail::Kind::kResend:
                mail = renderer.resend(*p.original, now);
                break;
        }
        if (!mail) {
            d.reasons.push_back("could not compose " + p.template_name + " to " + p.to + ": " +
                                mail.status().message() + "; not sent");
            lost_one = true;
            continue;
        }
        if (p.declaration && text::lower_ascii(mail->recipient) !=
                                 text::lower_ascii(p.declaration->application.contact_email)) {
            throw Error(Status::Code::kInternal,
                        "a mail with IDs addressed to someone other than the registered contact");
        }
        out.push_back(std::move(*mail));
    }
    if (lost_one && d.outcome == InboundOutcome::kAnswered) {
        d.outcome = InboundOutcome::kNeedsPerson;
        d.reasons.push_back("to a person: a planned mail could not go out");
    }
    return out;
}

std::int64_t record(Transaction& tx, InboundRecord& r, const Decision& d,
                    std::vector<OutboxMail>& mails, const std::string& day, UnixTime now) {
    r.outcome = d.outcome;
    r.reasons = d.reasons;
    r.declaration_row = d.declaration_row;
    r.bounced_mail_row = d.bounced_mail_row;
    r.folder = folder_for(d.outcome);
    r.id = tx.add_inbound(r);
    for (OutboxMail& m : mails) {
        m.inbound_row = r.id;
        m.id = tx.enqueue_mail(m);
    }
    for (const std::string& key : d.counted) tx.count_answer(key, day);
    if (d.undeliverable) {
        tx.mark_contact_undeliverable(*d.undeliverable);
        tx.open_flag(
            *d.undeliverable, "bounce",
            "登録の担当者へのメールが不達になりました(受信メール #" + std::to_string(r.id) + ")",
            now);
    }
    return r.id;
}

}  // namespace sa::inbox
