#include "lifecycle/staff_desk.h"

#include <unistd.h>

#include <cstdlib>

#include "domain/ids.h"
#include "lifecycle/accept_job.h"
#include "text/normalize.h"

namespace sa::lifecycle {

std::string current_actor() {
    for (const char* var : {"SUDO_USER", "USER", "LOGNAME"}) {
        const char* v = std::getenv(var);
        if (v && *v) return v;
    }
    const char* login = ::getlogin();
    return login ? login : "unknown";
}

Result<Declaration> StaffDesk::find(const std::string& typed) {
    std::string id = text::digits_only(typed);
    IdCheck c = check_id(id);
    if (!c.looks_like_id || c.kind != IdKind::kDeclarationId) {
        return Status::invalid("'" + typed + "' is not a 自己宣言ID (11 digits starting with 4)");
    }
    if (!c.valid)
        return Status::invalid("'" + typed + "' fails its check digit: probably mistyped");
    std::optional<Declaration> found;
    Status s = store_.read([&](Transaction& tx) {
        for (const auto& d : tx.declarations_by_number(id)) {
            if (d.declaration_id == id) found = d;
        }
    });
    if (!s) return s;
    if (!found) return Status::not_found("no declaration has the 自己宣言ID " + id);
    return *found;
}

void StaffDesk::act(const Declaration& d, const std::string& action, const std::string& detail,
                    Transaction& tx) {
    tx.record_staff_action({clock_.now(), actor_, action, d.id, detail});
}

Result<OutboxMail> StaffDesk::accept(const std::string& declaration_id) {
    auto d = find(declaration_id);
    if (!d) return d.status();
    if (d->state != DeclarationState::kIssued) {
        return Status::invalid(d->declaration_id + " is " + to_string(d->state) + ", not issued");
    }
    OutboxMail mail;
    Status s = store_.write([&](Transaction& tx) {
        mail = accept_in(tx, *d, renderer_, clock_.now());
        act(*d, "accept", "acceptance mail " + mail.message_id, tx);
    });
    if (!s) return s;
    return mail;
}

Status StaffDesk::withdraw(const std::string& declaration_id, const std::string& reason) {
    std::string why = text::trim(reason);
    if (why.empty()) return Status::invalid("a reason is required to withdraw a declaration");
    if (text::has_control_chars(why))
        return Status::invalid("the reason may not hold control characters");
    auto d = find(declaration_id);
    if (!d) return d.status();
    if (d->state != DeclarationState::kIssued && d->state != DeclarationState::kAccepted) {
        return Status::invalid(d->declaration_id + " is " + to_string(d->state) + " already");
    }
    return store_.write([&](Transaction& tx) {
        tx.withdraw(d->id, why, clock_.now());
        act(*d, "withdraw", why, tx);
    });
}

Result<OutboxMail> StaffDesk::resend(const std::string& declaration_id) {
    auto d = find(declaration_id);
    if (!d) return d.status();
    if (d->state == DeclarationState::kWithdrawn)
        return Status::invalid(d->declaration_id + " is withdrawn");
    OutboxMail mail;
    bool found = false;
    Status s = store_.write([&](Transaction& tx) {
        std::optional<OutboxMail> last;
        for (const auto& m : tx.mails_for_declaration(d->id)) {
            if (m.kind == "completion" || m.kind == "acceptance") last = m;
        }
        if (!last) return;
        mail = renderer_.resend(*last, clock_.now());
        mail.id = tx.enqueue_mail(mail);
        act(*d, "resend", "outbox #" + std::to_string(last->id) + " again as " + mail.message_id,
            tx);
        found = true;
    });
    if (!s) return s;
    if (!found)
        return Status::not_found(d->declaration_id +
                                 " has no completion or acceptance mail to resend");
    return mail;
}

Status StaffDesk::record_reveal(const Declaration& d) {
    return store_.write(
        [&](Transaction& tx) { act(d, "reveal", "利用者番号 shown unmasked", tx); });
}

}  // namespace sa::lifecycle
