#include "inbox/decide.h"

#include <algorithm>
#include <cstdio>

#include "core/time_format.h"
#include "mail/message.h"
#include "text/normalize.h"

namespace sa::inbox {
namespace {

struct Found {
    std::vector<Declaration> declarations;  // distinct
    std::string how;                        // which keys matched
    std::string problem;                    // why no single answer is possible
};

void add_unique(std::vector<Declaration>& into, const Declaration& d) {
    if (std::none_of(into.begin(), into.end(), [&](const Declaration& x) { return x.id == d.id; }))
        into.push_back(d);
}

// Every key the message names must point to the same declaration; the reply address counts
// only when the message names no business at all.
Found merge(const LookupSnapshot& s) {
    Found f;
    std::vector<std::string> hows;
    for (const KeyMatch& k : s.keys) {
        if (k.prefecture_differs) {
            hows.push_back(k.key + " (the prefecture differs)");
            f.problem = "the 法人番号 is registered in another prefecture";
            continue;
        }
        hows.push_back(k.key + (k.found.empty() ? " (no match)" : ""));
        if (k.found.empty()) f.problem = k.key + " matches no declaration";
        for (const auto& d : k.found) add_unique(f.declarations, d);
    }
    if (s.keys.empty() && !s.requester.address.empty()) {
        hows.push_back(std::string("the reply address") +
                       (s.by_reply_address.empty() ? " (no match)" : ""));
        for (const auto& d : s.by_reply_address) add_unique(f.declarations, d);
        if (s.by_reply_address.empty()) f.problem = "the mail names no business";
    }
    for (const auto& h : hows) f.how += (f.how.empty() ? "" : ", ") + h;
    if (f.declarations.size() > 1)
        f.problem = "the keys point to " + std::to_string(f.declarations.size()) + " declarations";
    return f;
}

class Decider {
  public:
    Decider(const Analysis& a, const LookupSnapshot& s, const DecideSettings& settings)
        : a_(a), s_(s), settings_(settings) {}

    Decision run() {
        const Intent intent = a_.classification.intent;
        reason(std::string("intent ") + to_string(intent) + ": " + a_.classification.rule);
        if (intent == Intent::kBounce) return bounce();
        if (intent == Intent::kAutoReply) {
            d_.outcome = InboundOutcome::kIgnored;
            reason("automatic mail is never answered");
            return d_;
        }
        if (!a_.message.unreadable.empty()) {
            reason("unreadable: " + a_.message.unreadable);
            return to_person(false);
        }
        for (const auto& t : a_.keys.typos) reason("probable typo, not used: " + t);
        for (const auto& e : a_.classification.evidence) reason("evidence: " + e);
        if (a_.classification.secondary != Intent::kOther)
            reason(std::string("also asks: ") + to_string(a_.classification.secondary));
        if (!a_.suppressions.empty()) {
            for (const auto& s : a_.suppressions) reason("no automatic answer: " + s);
            return to_person(false);
        }
        if (!s_.requester.problem.empty()) {
            reason("no automatic answer: " + s_.requester.problem);
            return to_person(false);
        }
        if (!s_.answered.empty()) return reply_to_our_answer();
        const bool automatic = intent == Intent::kRecoverId || intent == Intent::kResend ||
                               intent == Intent::kStatusInquiry || intent == Intent::kWhichNumber;
        if (automatic && a_.classification.confidence < settings_.min_confidence) {
            char line[96];
            std::snprintf(line, sizeof line, "confidence %.2f is below %.2f: a person decides",
                          a_.classification.confidence, settings_.min_confidence);
            reason(line);
            return to_person(true);
        }
        switch (intent) {
            case Intent::kWhichNumber:
                d_.outcome = answer("answer_which_number") ? InboundOutcome::kAnswered
                                                           : InboundOutcome::kNeedsPerson;
                return d_;
            case Intent::kRecoverId:
            case Intent::kResend:
            case Intent::kStatusInquiry:
                return inquiry(intent);
            default: {
                // No automatic answer, but link the declaration it names for the person.
                const Found f = merge(s_);
                if (f.declarations.size() == 1 && f.problem.empty()) {
                    d_.declaration_row = f.declarations[0].id;
                    reason("names " + f.declarations[0].declaration_id + " (by " + f.how + ")");
                }
                return to_person(true);
            }
        }
    }

  private:
    void reason(std::string r) { d_.reasons.push_back(std::move(r)); }

    // Today's count under `key`, this decision's own uses included.
    int used(const std::string& key) const {
        return s_.count(key) +
               static_cast<int>(std::count(d_.counted.begin(), d_.counted.end(), key));
    }

    Decision bounce() {
        d_.outcome = InboundOutcome::kNeedsPerson;
        const Extracted& k = a_.keys;
        if (!s_.bounced_mail) {
            reason(k.bounced_message_id.empty()
                       ? "a delivery report whose returned copy names no Message-ID: not believed"
                       : "a delivery report about <" + k.bounced_message_id +
                             ">, which is no mail we sent: not believed");
            return d_;
        }
        const OutboxMail& mail = *s_.bounced_mail;
        const std::string sent_to = text::lower_ascii(mail.recipient);
        const std::string failed = text::lower_ascii(k.bounced_recipient);
        if (!failed.empty() && failed != sent_to) {
            reason("the report names " + k.bounced_recipient + ", but outbox #" +
                   std::to_string(mail.id) + " went to " + mail.recipient + ": not believed");
            return d_;
        }
        d_.bounced_mail_row = mail.id;
        reason("the bounced mail is outbox #" + std::to_string(mail.id) + " (" + mail.kind +
               ") to " + mail.recipient);
        if (!s_.bounced_declaration) return d_;
        const Declaration& decl = *s_.bounced_declaration;
        d_.declaration_row = decl.id;
        if (text::lower_ascii(decl.application.contact_email) != sent_to) {
            reason("that address is no longer the registered contact of " + decl.declaration_id);
            return d_;
        }
        d_.undeliverable = decl.id;
        reason("registered contact of " + decl.declaration_id + " marked undeliverable");
        return d_;
    }

    // A reply to one of our answers: never answered again, and one person for the thread.
    Decision reply_to_our_answer() {
        const std::string key = thread_key(s_.answered);
        if (used(key) > 0) {
            d_.outcome = InboundOutcome::kIgnored;
            reason("replies to our answer <" + s_.answered +
                   ">, whose thread already went to a person today: ignored");
            return d_;
        }
        d_.counted.push_back(key);
        reason("replies to our answer <" + s_.answered + ">: no automatic answer");
        return to_person(false);
    }

    Decision inquiry(Intent intent) {
        // The requester's answer says the same whatever the store holds.
        answer("answer_neutral");
        const Found f = merge(s_);
        reason("lookup by " + (f.how.empty() ? std::string("nothing") : f.how));
        if (f.declarations.size() != 1 || !f.problem.empty()) {
            if (!f.problem.empty()) reason(f.problem);
            d_.outcome = InboundOutcome::kNeedsPerson;
            reason("to a person");
            return d_;
        }
        const Declaration& decl = f.declarations[0];
        d_.declaration_row = decl.id;
        const std::string contact = decl.application.contact_email;
        if (decl.contact_undeliverable) {
            reason("the registered contact of " + decl.declaration_id + " bounced before");
            return person_only();
        }
        if (!mime::is_safe_address(contact)) {
            reason("the registered contact of " + decl.declaration_id + " cannot be written to");
            return person_only();
        }
        const std::string key = business_key(decl);
        if (used(key) >= settings_.max_id_answers_per_business_per_day) {
            reason("cap: " + std::to_string(settings_.max_id_answers_per_business_per_day) +
                   " mails with IDs for this business today");
            return person_only();
        }
        PlannedMail numbers;
        numbers.to = contact;
        numbers.declaration = decl;
        const OutboxMail* original = intent == Intent::kResend ? last_mail(decl) : nullptr;
        if (intent == Intent::kResend && !original)
            reason("no completion or acceptance mail on record: the numbers instead");
        if (original && text::lower_ascii(original->recipient) != text::lower_ascii(contact)) {
            reason("outbox #" + std::to_string(original->id) +
                   " went to an earlier contact: the numbers instead");
            original = nullptr;
        }
        if (original) {
            numbers.kind = PlannedMail::Kind::kResend;
            numbers.original = *original;
            reason("resend of outbox #" + std::to_string(original->id) +
                   " to the registered contact");
        } else {
            numbers.kind = PlannedMail::Kind::kNotice;
            numbers.template_name = "contact_notice";
            reason("contact_notice with the numbers to the registered contact");
        }
        d_.mails.push_back(std::move(numbers));
        d_.counted.push_back(key);
        d_.outcome = InboundOutcome::kAnswered;
        return d_;
    }

    Decision person_only() {
        d_.outcome = InboundOutcome::kNeedsPerson;
        reason("to a person");
        return d_;
    }

    const OutboxMail* last_mail(const Declaration& decl) const {
        auto it = s_.mails.find(decl.id);
        if (it == s_.mails.end()) return nullptr;
        const bool acceptance = a_.message.text.find("受理") != std::string::npos;
        const OutboxMail* completion = nullptr;
        const OutboxMail* accepted = nullptr;
        for (const auto& m : it->second) {
            if (m.kind == "completion") completion = &m;
            if (m.kind == "acceptance") accepted = &m;
        }
        return acceptance && accepted ? accepted : completion ? completion : accepted;
    }

    // One automatic answer to the requester, within its caps.
    bool answer(const char* template_name) {
        const Requester& r = s_.requester;
        if (used(r.cap_key) >= settings_.max_answers_per_sender_per_day) {
            reason("cap: " + std::to_string(settings_.max_answers_per_sender_per_day) +
                   " automatic answers to this address today");
            return false;
        }
        if (used(r.domain_key) >= settings_.max_answers_per_domain_per_day) {
            reason("cap: " + std::to_string(settings_.max_answers_per_domain_per_day) +
                   " automatic answers to this domain today");
            return false;
        }
        PlannedMail m;
        m.kind = PlannedMail::Kind::kAnswer;
        m.template_name = template_name;
        m.to = r.address;
        m.threaded = mime::is_safe_message_id(a_.message.message_id);
        if (!m.threaded && !a_.message.message_id.empty())
            reason("its Message-ID cannot be threaded on: answered without In-Reply-To");
        d_.mails.push_back(std::move(m));
        d_.counted.push_back(r.cap_key);
        d_.counted.push_back(r.domain_key);
        reason(std::string(template_name) + " to the requester " + r.address);
        return true;
    }

    Decision to_person(bool acknowledge) {
        d_.outcome = InboundOutcome::kNeedsPerson;
        reason("to a person");
        if (acknowledge) answer("acknowledgement");
        return d_;
    }

    const Analysis& a_;
    const LookupSnapshot& s_;
    const DecideSettings& settings_;
    Decision d_;
};

}  // namespace

Decision decide(const Analysis& a, const LookupSnapshot& s, const DecideSettings& settings) {
    return Decider(a, s, settings).run();
}

std::string caps_day(UnixTime now, const DecideSettings& settings) {
    return format_date(now, settings.utc_offset_minutes);
}

const char* folder_for(InboundOutcome o) {
    switch (o) {
        case InboundOutcome::kAnswered:
            return "answered";
        case InboundOutcome::kIgnored:
            return "ignored";
        case InboundOutcome::kNeedsPerson:
            return "needs-person";
    }
    return "needs-person";
}

}  // namespace sa::inbox
