#include "lifecycle/staff_desk.h"

#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>

#include "domain/ids.h"
#include "domain/masking.h"
#include "intake/validate.h"
#include "lifecycle/accept_job.h"
#include "text/normalize.h"

namespace sa::lifecycle {
namespace {

bool live(const Declaration& d) {
    return d.state == DeclarationState::kIssued || d.state == DeclarationState::kAccepted;
}

// A reason or note kept with an action: required, one line.
Status check_reason(const std::string& text, const std::string& what) {
    if (text.empty()) return Status::invalid(what + " is required");
    if (text::has_control_chars(text))
        return Status::invalid(what + " may not hold control characters");
    return Status::ok();
}

std::string describe(const std::vector<FieldError>& errors) {
    std::string out;
    for (const auto& e : errors) out += (out.empty() ? "" : "; ") + e.field + ": " + e.message;
    return out;
}

// The application with `fields` replaced, checked by the intake rules as one record.
Result<Application> revalidate(const Application& registered,
                               const std::vector<std::pair<std::string, std::string>>& fields) {
    intake::RawRecord raw = intake::as_record(registered);
    for (const auto& [field, value] : fields) raw.fields[field] = value;
    intake::Validation v = intake::validate(raw);
    if (!v.ok()) return Status::invalid(describe(v.errors));
    return *v.application;
}

std::string value_of(const Application& a, const std::string& field) {
    intake::RawRecord raw = intake::as_record(a);
    auto it = raw.fields.find(field);
    return it == raw.fields.end() ? "" : it->second;
}

// `d` as it is now, inside `tx`: the state read before the transaction may have changed. Sets
// `problem` (saying what only a live declaration does) when it is no longer live.
std::optional<Declaration> still_live(Transaction& tx, const Declaration& d,
                                      const std::string& what, Status& problem) {
    auto current = tx.declaration(d.id);
    if (current && live(*current)) return current;
    problem =
        Status::invalid(d.declaration_id + " is " + (current ? to_string(current->state) : "gone") +
                        ": only a live declaration " + what);
    return std::nullopt;
}

bool has_terminal() {
    const int fd = ::open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return false;
    ::close(fd);
    return true;
}

}  // namespace

std::string current_actor() {
    const uid_t uid = ::getuid();
    std::string name = "uid " + std::to_string(uid);
    struct passwd entry {};
    struct passwd* found = nullptr;
    std::vector<char> buffer(16384);
    if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found)
        name = found->pw_name;
    // No controlling terminal: nobody typed this; cron, a timer or another job ran it.
    return has_terminal() ? name : name + " (cron: no terminal)";
}

const std::vector<std::string>& amendable_fields() {
    static const std::vector<std::string> kFields = {
        "business_name", "trade_name", "representative_name", "prefecture",   "address", "phone",
        "employees",     "industry",   "contact_department",  "contact_phone"};
    return kFields;
}

Result<std::vector<std::pair<Flag, Declaration>>> open_flags(Store& store, std::size_t limit) {
    std::vector<std::pair<Flag, Declaration>> out;
    Status s = store.read([&](Transaction& tx) {
        for (const Flag& f : tx.open_flags(limit)) {
            if (auto d = tx.declaration(f.declaration_row)) out.emplace_back(f, *d);
        }
    });
    if (!s) return s;
    return out;
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

Result<ContactChange> StaffDesk::change_contact(const std::string& declaration_id,
                                                const NewContact& contact,
                                                const std::string& reason) {
    const std::string why = text::trim(reason);
    Status ok = check_reason(why, "a reason");
    if (!ok) return ok;
    auto found = find(declaration_id);
    if (!found) return found.status();
    auto application = revalidate(found->application, {{"contact_name", contact.name},
                                                       {"contact_department", contact.department},
                                                       {"contact_email", contact.email},
                                                       {"contact_phone", contact.phone}});
    if (!application) return application.status();
    const UnixTime now = clock_.now();
    ContactChange change;
    Status problem;
    Status s = store_.write([&](Transaction& tx) {
        auto current = still_live(tx, *found, "has a contact to change", problem);
        if (!current) return;
        change.before = *current;
        change.after = *current;
        Application& a = change.after.application;
        a.contact_name = application->contact_name;
        a.contact_department = application->contact_department;
        a.contact_email = application->contact_email;
        a.contact_phone = application->contact_phone;
        change.after.contact_undeliverable = false;
        const Application& old = change.before.application;
        // Both mails are composed before anything is written: one that cannot be leaves the
        // declaration as it was.
        auto to_new = renderer_.contact_changed_new(change.after, now);
        if (!to_new) {
            problem = to_new.status();
            return;
        }
        if (text::lower_ascii(old.contact_email) == text::lower_ascii(a.contact_email)) {
            change.no_old_notice = "the address stays the same";
        } else if (change.before.contact_undeliverable) {
            change.no_old_notice = "mail to it bounced";
        } else {
            auto to_old = renderer_.contact_changed_old(change.before, change.after, now);
            if (!to_old) {
                problem = to_old.status();
                return;
            }
            change.to_old = *to_old;
        }
        tx.change_contact(current->id, a);
        for (const Flag& f : tx.flags(current->id)) {
            if (f.kind != "bounce" || f.closed_at) continue;
            tx.close_flag(f.id, "不達だったアドレスから担当者を変更しました", actor_, now);
            change.closed_flags.push_back(f);
        }
        change.to_new = *to_new;
        change.to_new.id = tx.enqueue_mail(change.to_new);
        if (change.to_old) change.to_old->id = tx.enqueue_mail(*change.to_old);
        act(*current, "change-contact",
            old.contact_name + " <" + old.contact_email + "> → " + a.contact_name + " <" +
                a.contact_email + ">: " + why,
            tx);
    });
    if (!s) return s;
    if (!problem) return problem;
    return change;
}

Result<Flag> StaffDesk::hold(const std::string& declaration_id, const std::string& reason) {
    const std::string why = text::trim(reason);
    Status ok = check_reason(why, "a reason");
    if (!ok) return ok;
    auto d = find(declaration_id);
    if (!d) return d.status();
    if (d->state != DeclarationState::kIssued) {
        return Status::invalid(d->declaration_id + " is " + to_string(d->state) +
                               ": only an issued declaration waits for acceptance (withdraw "
                               "takes an accepted one out of the public search)");
    }
    Flag flag;
    Status s = store_.write([&](Transaction& tx) {
        flag.id = tx.open_flag(d->id, "hold", why, clock_.now());
        act(*d, "hold", "flag #" + std::to_string(flag.id) + ": " + why, tx);
    });
    if (!s) return s;
    flag.declaration_row = d->id;
    flag.kind = "hold";
    flag.note = why;
    flag.opened_at = clock_.now();
    return flag;
}

Result<ClearedFlag> StaffDesk::clear_flag(std::int64_t flag_id, const std::string& note) {
    const std::string why = text::trim(note);
    Status ok = check_reason(why, "a note");
    if (!ok) return ok;
    const UnixTime now = clock_.now();
    ClearedFlag cleared;
    Status problem;
    Status s = store_.write([&](Transaction& tx) {
        auto flag = tx.flag(flag_id);
        auto d = flag ? tx.declaration(flag->declaration_row) : std::nullopt;
        if (!flag || !d) {
            problem = Status::not_found("no flag #" + std::to_string(flag_id));
            return;
        }
        if (flag->closed_at) {
            problem = Status::invalid("flag #" + std::to_string(flag_id) + " (" + flag->kind +
                                      ") is closed already" +
                                      (flag->closed_by.empty() ? "" : ", by " + flag->closed_by));
            return;
        }
        tx.close_flag(flag_id, why, actor_, now);
        cleared.flag = *flag;
        cleared.declaration = *d;
        for (const Flag& f : tx.flags(d->id)) {
            if (!f.closed_at) cleared.still_open.push_back(f);
        }
        act(*d, "clear-flag", "flag #" + std::to_string(flag_id) + " (" + flag->kind + "): " + why,
            tx);
    });
    if (!s) return s;
    if (!problem) return problem;
    return cleared;
}

Result<Amendment> StaffDesk::amend(const std::string& declaration_id,
                                   const std::vector<std::pair<std::string, std::string>>& changes,
                                   const std::string& reason) {
    const std::string why = text::trim(reason);
    Status ok = check_reason(why, "a reason");
    if (!ok) return ok;
    const auto& allowed = amendable_fields();
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const std::string& field = changes[i].first;
        if (std::find(allowed.begin(), allowed.end(), field) == allowed.end()) {
            std::string list;
            for (const auto& f : allowed) list += (list.empty() ? "" : ", ") + f;
            return Status::invalid("'" + field + "' cannot be amended; the fields are " + list +
                                   " (the contact's name and address: change-contact)");
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (changes[j].first == field) return Status::invalid("'" + field + "' is given twice");
        }
    }
    auto found = find(declaration_id);
    if (!found) return found.status();
    auto application = revalidate(found->application, changes);
    if (!application) return application.status();
    Amendment amendment;
    Status problem;
    Status s = store_.write([&](Transaction& tx) {
        auto current = still_live(tx, *found, "is amended", problem);
        if (!current) return;
        Declaration after = *current;
        Application& a = after.application;
        const Application& corrected = *application;
        a.business_name = corrected.business_name;
        a.trade_name = corrected.trade_name;
        a.representative_name = corrected.representative_name;
        a.prefecture = corrected.prefecture;
        a.address = corrected.address;
        a.phone = corrected.phone;
        a.employees = corrected.employees;
        a.industry = corrected.industry;
        a.contact_department = corrected.contact_department;
        a.contact_phone = corrected.contact_phone;
        for (const std::string& field : allowed) {
            std::string before = value_of(current->application, field), now = value_of(a, field);
            if (before != now) amendment.changed.push_back({field, before, now});
        }
        amendment.after = after;
        if (amendment.changed.empty()) return;
        // A sole proprietor is known by 屋号 + 代表者名 + 都道府県: one live declaration each.
        after.identity_key = identity_key(a);
        if (after.identity_key != current->identity_key) {
            if (auto other = tx.find_live_declaration(after.identity_key)) {
                problem = Status::invalid("another live declaration, " + other->declaration_id +
                                          ", has this 屋号, 代表者名 and 都道府県 already");
                return;
            }
        }
        tx.amend_declaration(after, text::match_key(display_name(a)));
        amendment.after = after;
        std::string detail;
        for (const auto& c : amendment.changed)
            detail += c.field + ": " + c.before + " → " + c.after + "; ";
        act(*current, "amend", detail + "reason: " + why, tx);
    });
    if (!s) return s;
    if (!problem) return problem;
    return amendment;
}

}  // namespace sa::lifecycle
