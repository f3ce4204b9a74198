// Turns a declaration (or an inbound message to answer) into a finished outbox mail
// (domain/outbox_mail.h): the template filled, the message composed, a fresh Message-ID from
// the random source. It reads and writes nothing else: its callers hand it the declaration
// and queue what it returns. The only recipient a renderer is ever given for a mail carrying
// IDs is the declaration's registered contact; see the callers.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "domain/declaration.h"
#include "domain/outbox_mail.h"
#include "mail/message.h"
#include "mail/template.h"

namespace sa::mime {

struct MailSettings {
    std::string from_name = "SECURITY ACTION事務局";
    std::string from_address;       // Default: noreply@security-action.example
    std::string reply_to;           // Default: the secretariat mailbox
    std::string envelope_from;      // Default: from_address
    std::string charset = "UTF-8";  // or ISO-2022-JP
    std::string secretariat_email;  // printed in every footer
    std::string site_url;           // 自己宣言者サイト, printed in the acceptance mail
    std::string search_url;         // public search, printed in answers
    std::string apply_url;          // where to declare, printed in answers
    int utc_offset_minutes = 540;   // Date header and dates in mails (JST)
    std::string templates_dir = "mail_templates";
};

// Context for an answer to an inbound message.
struct ReplyTo {
    std::string message_id;  // of the message being answered, without brackets
    std::vector<std::string> references;
};

class MailRenderer {
  public:
    // Loads and checks every template. Fails (kConfig) naming a missing or broken template.
    static Result<MailRenderer> create(MailSettings settings, RandomSource& random);

    Result<OutboxMail> completion(const Declaration& d, UnixTime now);
    Result<OutboxMail> acceptance(const Declaration& d, UnixTime now);
    // To the registered contact of `existing`, after `applied` asked for it again.
    Result<OutboxMail> duplicate_notice(const Declaration& existing, const Application& applied,
                                        UnixTime now);
    // To the registered contact of `existing`, after `applied` came from another address:
    // no 利用者番号 (the template may not name it).
    Result<OutboxMail> duplicate_other_notice(const Declaration& existing,
                                              const Application& applied, UnixTime now);
    // To the registered contact of `d`, just changed by a clerk: both numbers.
    Result<OutboxMail> contact_changed_new(const Declaration& d, UnixTime now);
    // To the contact `before` had, which is no longer registered, after a clerk changed it to
    // `after`'s: no number at all (the template may not name one), the new contact masked.
    Result<OutboxMail> contact_changed_old(const Declaration& before, const Declaration& after,
                                           UnixTime now);

    // An answer that names no declaration (which number, acknowledgement, neutral, not
    // found) to the sender of an inbound message.
    Result<OutboxMail> answer(const std::string& template_name, const std::string& to_address,
                              UnixTime now, const ReplyTo* reply);
    // An answer carrying a declaration's numbers: always to its registered contact. `reply`
    // only when that contact wrote the inbound message being answered.
    Result<OutboxMail> declaration_answer(const std::string& template_name, const Declaration& d,
                                          const Values& extra, UnixTime now, const ReplyTo* reply);
    // The same mail again, with a new Message-ID and Date (SPEC: a resend is a new mail).
    OutboxMail resend(const OutboxMail& original, UnixTime now);

    // A mail whose text is not a template (the staff digest): `parts` follow the text.
    Result<OutboxMail> generated(const std::string& kind, const std::string& subject,
                                 const std::string& body, std::vector<Part> parts,
                                 const std::string& to_address, UnixTime now);

    // Any template by name, to `to_address`; `reply` makes it an auto-replied answer.
    Result<OutboxMail> render(const std::string& template_name, const Values& values,
                              const std::string& to_name, const std::string& to_address,
                              UnixTime now, const ReplyTo* reply = nullptr);

    const MailSettings& settings() const { return settings_; }

  private:
    MailRenderer(MailSettings s, RandomSource& r, TemplateSet t)
        : settings_(std::move(s)), random_(&r), templates_(std::move(t)) {}
    Values declaration_values(const Declaration& d) const;
    std::string new_message_id();
    // Completes `spec` (From, Reply-To, a new Message-ID, Date), composes it and makes it an
    // outbox mail of `kind`, due at `now`.
    Result<OutboxMail> queue(MessageSpec spec, const std::string& kind, UnixTime now);

    MailSettings settings_;
    RandomSource* random_;
    TemplateSet templates_;
};

// The placeholders each template may use.
const std::map<std::string, std::set<std::string>>& template_placeholders();

}  // namespace sa::mime
