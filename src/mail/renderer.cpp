#include "mail/renderer.h"

#include "core/time_format.h"
#include "domain/masking.h"
#include "mail/message.h"

namespace sa::mime {

const std::map<std::string, std::set<std::string>>& template_placeholders() {
    static const std::set<std::string> kDeclaration = {
        "company",           "contact_name", "user_number", "declaration_id", "tier_label",
        "secretariat_email", "site_url",     "issued_date", "prefecture"};
    static const std::map<std::string, std::set<std::string>> kAll = [] {
        std::map<std::string, std::set<std::string>> m;
        m["completion"] = kDeclaration;
        m["acceptance"] = kDeclaration;
        auto dup = kDeclaration;
        dup.insert({"received_date", "applied_tier_label"});
        m["duplicate_notice"] = dup;
        dup.erase("user_number");
        m["duplicate_other_notice"] = dup;
        auto changed = kDeclaration;
        changed.insert("changed_date");
        m["contact_changed_new"] = changed;
        m["contact_changed_old"] = {"company",          "contact_name",      "changed_date",
                                    "new_contact_name", "new_contact_email", "secretariat_email"};
        auto notice = kDeclaration;
        notice.insert({"status_label", "request_date"});
        m["contact_notice"] = notice;
        const std::set<std::string> plain = {"secretariat_email", "search_url", "apply_url"};
        for (const char* name : {"answer_neutral", "answer_which_number", "acknowledgement"}) {
            m[name] = plain;
        }
        return m;
    }();
    return kAll;
}

Result<MailRenderer> MailRenderer::create(MailSettings settings, RandomSource& random) {
    if (!is_safe_address(settings.from_address)) {
        return Status::config("mail.from '" + settings.from_address + "' is not a plain address");
    }
    if (!settings.reply_to.empty() && !is_safe_address(settings.reply_to)) {
        return Status::config("mail.reply_to '" + settings.reply_to + "' is not a plain address");
    }
    if (settings.envelope_from.empty()) settings.envelope_from = settings.from_address;
    if (settings.charset != "UTF-8" && settings.charset != "ISO-2022-JP") {
        return Status::config("mail.charset must be utf-8 or iso-2022-jp");
    }
    auto templates = TemplateSet::load(settings.templates_dir, template_placeholders());
    if (!templates) return templates.status();
    return MailRenderer(std::move(settings), random, std::move(*templates));
}

std::string MailRenderer::new_message_id() {
    const std::string& from = settings_.from_address;
    return "sa." + random_->hex(24) + from.substr(from.find('@'));
}

Values MailRenderer::declaration_values(const Declaration& d) const {
    return {{"company", display_name(d.application)},
            {"contact_name", d.application.contact_name},
            {"user_number", d.user_number},
            {"declaration_id", d.declaration_id},
            {"tier_label", tier_label(d.application.tier)},
            {"secretariat_email", settings_.secretariat_email},
            {"site_url", settings_.site_url},
            {"issued_date", format_date(d.issued_at, settings_.utc_offset_minutes)},
            {"prefecture", d.application.prefecture}};
}

Result<OutboxMail> MailRenderer::render(const std::string& template_name, const Values& values,
                                        const std::string& to_name, const std::string& to_address,
                                        UnixTime now, const ReplyTo* reply) {
    const Template& t = templates_.get(template_name);
    auto subject = t.render_subject(values);
    if (!subject) return subject.status();
    auto body = t.render_body(values);
    if (!body) return body.status();
    MessageSpec spec;
    spec.to_name = to_name;
    spec.to_address = to_address;
    spec.subject = *subject;
    spec.body = *body;
    spec.charset = settings_.charset;
    if (reply) {
        spec.auto_submitted = "auto-replied";
        spec.in_reply_to = reply->message_id;
        spec.references = reply->references;
        if (!reply->message_id.empty()) spec.references.push_back(reply->message_id);
    }
    return queue(std::move(spec), template_name, now);
}

Result<OutboxMail> MailRenderer::queue(MessageSpec spec, const std::string& kind, UnixTime now) {
    spec.from_name = settings_.from_name;
    spec.from_address = settings_.from_address;
    spec.reply_to = settings_.reply_to;
    spec.message_id = new_message_id();
    spec.date = now;
    spec.utc_offset_minutes = settings_.utc_offset_minutes;
    auto composed = compose(spec);
    if (!composed) return composed.status();
    OutboxMail mail;
    mail.message_id = spec.message_id;
    mail.kind = kind;
    mail.recipient = spec.to_address;
    mail.envelope_from = settings_.envelope_from;
    mail.subject = spec.subject;
    mail.bytes = std::move(composed->bytes);
    mail.created_at = now;
    mail.next_attempt_at = now;
    return mail;
}

Result<OutboxMail> MailRenderer::answer(const std::string& template_name,
                                        const std::string& to_address, UnixTime now,
                                        const ReplyTo* reply) {
    Values v = {{"secretariat_email", settings_.secretariat_email},
                {"search_url", settings_.search_url},
                {"apply_url", settings_.apply_url}};
    return render(template_name, v, "", to_address, now, reply);
}

Result<OutboxMail> MailRenderer::declaration_answer(const std::string& template_name,
                                                    const Declaration& d, const Values& extra,
                                                    UnixTime now, const ReplyTo* reply) {
    Values v = declaration_values(d);
    for (const auto& [k, value] : extra) v[k] = value;
    auto m = render(template_name, v, d.application.contact_name, d.application.contact_email, now,
                    reply);
    if (m) m->declaration_row = d.id;
    return m;
}

OutboxMail MailRenderer::resend(const OutboxMail& original, UnixTime now) {
    OutboxMail m = original;
    m.id = 0;
    m.message_id = new_message_id();
    m.bytes = restamp(original.bytes, m.message_id, now, settings_.utc_offset_minutes);
    m.resend_of = original.id;
    m.state = MailState::kQueued;
    m.attempts = 0;
    m.created_at = now;
    m.next_attempt_at = now;
    m.last_attempt_at.reset();
    m.sent_at.reset();
    m.last_error.clear();
    return m;
}

Result<OutboxMail> MailRenderer::generated(const std::string& kind, const std::string& subject,
                                           const std::string& body, std::vector<Part> parts,
                                           const std::string& to_address, UnixTime now) {
    MessageSpec spec;
    spec.to_address = to_address;
    spec.subject = subject;
    spec.body = body;
    spec.charset = "UTF-8";
    spec.parts = std::move(parts);
    return queue(std::move(spec), kind, now);
}

Result<OutboxMail> MailRenderer::completion(const Declaration& d, UnixTime now) {
    return declaration_answer("completion", d, {}, now, nullptr);
}

Result<OutboxMail> MailRenderer::acceptance(const Declaration& d, UnixTime now) {
    return declaration_answer("acceptance", d, {}, now, nullptr);
}

Result<OutboxMail> MailRenderer::duplicate_other_notice(const Declaration& existing,
                                                        const Application& applied, UnixTime now) {
    Values v = declaration_values(existing);
    v.erase("user_number");
    v["received_date"] = format_date(applied.submitted_unix, settings_.utc_offset_minutes);
    v["applied_tier_label"] = tier_label(applied.tier);
    auto m = render("duplicate_other_notice", v, existing.application.contact_name,
                    existing.application.contact_email, now);
    if (m) m->declaration_row = existing.id;
    return m;
}

Result<OutboxMail> MailRenderer::contact_changed_new(const Declaration& d, UnixTime now) {
    return declaration_answer("contact_changed_new", d,
                              {{"changed_date", format_date(now, settings_.utc_offset_minutes)}},
                              now, nullptr);
}

Result<OutboxMail> MailRenderer::contact_changed_old(const Declaration& before,
                                                     const Declaration& after, UnixTime now) {
    const Values v = {{"company", display_name(before.application)},
                      {"contact_name", before.application.contact_name},
                      {"changed_date", format_date(now, settings_.utc_offset_minutes)},
                      {"new_contact_name", mask_person_name(after.application.contact_name)},
                      {"new_contact_email", mask_address(after.application.contact_email)},
                      {"secretariat_email", settings_.secretariat_email}};
    auto m = render("contact_changed_old", v, before.application.contact_name,
                    before.application.contact_email, now);
    if (m) m->declaration_row = before.id;
    return m;
}

Result<OutboxMail> MailRenderer::duplicate_notice(const Declaration& existing,
                                                  const Application& applied, UnixTime now) {
    Values extra = {
        {"received_date", format_date(applied.submitted_unix, settings_.utc_offset_minutes)},
        {"applied_tier_label", tier_label(applied.tier)}};
    return declaration_answer("duplicate_notice", existing, extra, now, nullptr);
}

}  // namespace sa::mime
