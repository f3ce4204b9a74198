// What secretariat staff do to one declaration at a terminal: accept it now, withdraw it
// (with a reason, kept), queue its last completion or acceptance mail again. Every action is
// recorded with the person who did it. A declaration is named by its 自己宣言ID.
#pragma once

#include <string>

#include "core/clock.h"
#include "mail/renderer.h"
#include "store/store.h"

namespace sa::lifecycle {

class StaffDesk {
  public:
    StaffDesk(Store& store, mime::MailRenderer& renderer, const Clock& clock, std::string actor)
        : store_(store), renderer_(renderer), clock_(clock), actor_(std::move(actor)) {}

    // kNotFound when no declaration has this 自己宣言ID, kInvalid when the number is mistyped
    // (check digit) or the declaration is in the wrong state.
    Result<Declaration> find(const std::string& declaration_id);
    Result<OutboxMail> accept(const std::string& declaration_id);
    Status withdraw(const std::string& declaration_id, const std::string& reason);
    Result<OutboxMail> resend(const std::string& declaration_id);
    // Records that staff saw the 利用者番号 of this declaration unmasked.
    Status record_reveal(const Declaration& d);

  private:
    // Records a staff action on `d` inside the transaction `tx`.
    void act(const Declaration& d, const std::string& action, const std::string& detail,
             Transaction& tx);

    Store& store_;
    mime::MailRenderer& renderer_;
    const Clock& clock_;
    std::string actor_;
};

// The person at the terminal: $SUDO_USER, $USER or the login name.
std::string current_actor();

}  // namespace sa::lifecycle
