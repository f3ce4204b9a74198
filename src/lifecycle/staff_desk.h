// What secretariat staff do to one declaration at a terminal: accept it now, withdraw it
// (with a reason, kept), queue its last completion or acceptance mail again, change its
// registered contact, hold it, close one of its flags, correct its registered data. Every
// action is recorded with the person who did it. A declaration is named by its 自己宣言ID.
//
// Failures come back as a Status: kNotFound when nothing has the number, kInvalid when the
// number is mistyped (check digit), the declaration is in the wrong state, or a value breaks
// an intake rule (the message names the field); the store's own kBusy and kIo.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "mail/renderer.h"
#include "store/store.h"

namespace sa::lifecycle {

struct NewContact {
    std::string name, department, email, phone;
};

struct ContactChange {
    Declaration before, after;         // the declaration with its old and its new contact
    OutboxMail to_new;                 // contact_changed_new: both numbers
    std::optional<OutboxMail> to_old;  // contact_changed_old: no number, the new one masked
    std::string no_old_notice;         // why there is no to_old
    std::vector<Flag> closed_flags;    // the bounce flags the change closed
};

struct ClearedFlag {
    Flag flag;
    Declaration declaration;
    std::vector<Flag> still_open;  // the declaration's other open flags
};

struct Amendment {
    struct Change {
        std::string field, before, after;
    };
    Declaration after;
    std::vector<Change> changed;  // empty when every value was the registered one already
};

class StaffDesk {
  public:
    StaffDesk(Store& store, mime::MailRenderer& renderer, const Clock& clock, std::string actor)
        : store_(store), renderer_(renderer), clock_(clock), actor_(std::move(actor)) {}

    Result<Declaration> find(const std::string& declaration_id);
    Result<OutboxMail> accept(const std::string& declaration_id);
    Status withdraw(const std::string& declaration_id, const std::string& reason);
    Result<OutboxMail> resend(const std::string& declaration_id);
    // Records that staff saw the 利用者番号 of this declaration unmasked.
    Status record_reveal(const Declaration& d);

    // A new registered contact for a live declaration, its four fields checked by the intake
    // rules (department and phone empty when not given). In one transaction: the contact
    // replaced and deliverable again (the old address's bounce no longer applies, its open
    // bounce flags closed), both numbers queued to the new address, a notice without them
    // to the old one naming the new contact masked (not when the old address is the new one,
    // or bounced), and the change recorded with the reason.
    Result<ContactChange> change_contact(const std::string& declaration_id,
                                         const NewContact& contact, const std::string& reason);
    // Opens a flag of kind hold on an issued declaration; accept-due passes it by until the
    // flag is closed.
    Result<Flag> hold(const std::string& declaration_id, const std::string& reason);
    // Closes flag `flag_id`, of any kind, with the note and the person. kNotFound for no such
    // flag, kInvalid for one closed already.
    Result<ClearedFlag> clear_flag(std::int64_t flag_id, const std::string& note);
    // Corrects the registered data of a live declaration: each FIELD of amendable_fields()
    // takes its VALUE, and the whole is checked by the intake rules. The public search
    // follows at once for an accepted declaration.
    Result<Amendment> amend(const std::string& declaration_id,
                            const std::vector<std::pair<std::string, std::string>>& changes,
                            const std::string& reason);

  private:
    // Records a staff action on `d` inside the transaction `tx`.
    void act(const Declaration& d, const std::string& action, const std::string& detail,
             Transaction& tx);

    Store& store_;
    mime::MailRenderer& renderer_;
    const Clock& clock_;
    std::string actor_;
};

// The fields `amend` corrects. The contact's name and address change with change-contact.
const std::vector<std::string>& amendable_fields();

// Every open flag with its declaration, oldest first.
Result<std::vector<std::pair<Flag, Declaration>>> open_flags(Store& store, std::size_t limit);

// Who acts, for the record: the process's real user (getuid, the password database; never
// $USER or $SUDO_USER, which anyone sets). A process without a controlling terminal is a job
// (cron, a timer) and is recorded as such: "sa-batch (cron: no terminal)".
std::string current_actor();

}  // namespace sa::lifecycle
