#include "inbox/decide.h"

#include <algorithm>
#include <cstdio>

#include "core/time_format.h"
#include "text/normalize.h"

namespace sa::inbox {
namespace {

template <typename T>
T must(Result<T> r) {
    if (!r) throw Error(r.status());
    return std::move(*r);
}

const char* status_label(const Declaration& d) {
    return d.state == DeclarationState::kAccepted ? "受理済み(自己宣言事業者検索に掲載されています)"
                                                  : "自己宣言済み(受理の手続き中です)";
}

struct Lookup {
    std::vector<Declaration> found;  // distinct live declarations
    std::string how;                 // which keys matched
    std::string problem;             // why no single answer is possible, when keys disagree
};

void add_unique(std::vector<Declaration>& into, const Declaration& d) {
    if (std::none_of(into.begin(), into.end(),
                     [&](const Declaration& x) { return x.id == d.id; })) {
        into.push_back(d);
    }
}

bool live(const Declaration& d) {
    return d.state == DeclarationState::kIssued || d.state == DeclarationState::kAccepted;
}

// Every key the mail gives must point to the same declaration; the sender's own address is
// used only when the mail names no business at all.
Lookup lookup(Transaction& tx, const Extracted& k, const std::string& sender) {
    Lookup l;
    std::vector<std::string> hows;
    auto merge = [&](const std::vector<Declaration>& matches, const std::string& how) {
        hows.push_back(how + (matches.empty() ? " (no match)" : ""));
        for (const auto& d : matches) add_unique(l.found, d);
        if (matches.empty()) l.problem = how + " matches no declaration";
    };
    for (const std::string* number : {&k.declaration_id, &k.user_number}) {
        if (number->empty()) continue;
        std::vector<Declaration> live_ones;
        for (const auto& d : tx.declarations_by_number(*number)) {
            if (live(d)) live_ones.push_back(d);
        }
        merge(live_ones, number == &k.declaration_id ? "自己宣言ID" : "利用者番号");
    }
    if (!k.corporate_number.empty()) {
        std::vector<Declaration> matches = tx.live_by_corporate_number(k.corporate_number);
        if (!k.prefecture.empty()) {
            auto wrong = std::remove_if(matches.begin(), matches.end(), [&](const Declaration& d) {
                return d.application.prefecture != k.prefecture;
            });
            if (wrong != matches.end()) {
                matches.erase(wrong, matches.end());
                if (matches.empty()) {
                    hows.push_back("法人番号 + 都道府県 (the prefecture differs)");
                    l.problem = "the 法人番号 is registered in another prefecture";
                    l.how = hows.back();
                    return l;
                }
            }
        }
        merge(matches, k.prefecture.empty() ? "法人番号" : "法人番号 + 都道府県");
    }
    if (!k.trade_name.empty() && !k.representative_name.empty() && !k.prefecture.empty()) {
        Application probe;
        probe.entity_type = EntityType::kSoleProprietor;
        probe.trade_name = k.trade_name;
        probe.representative_name = k.representative_name;
        probe.prefecture = k.prefecture;
        std::vector<Declaration> matches;
        if (auto d = tx.find_live_declaration(identity_key(probe))) matches.push_back(*d);
        merge(matches, "屋号 + 代表者名 + 都道府県");
    }
    if (hows.empty() && !sender.empty())
        merge(tx.live_by_contact_email(sender), "the sender's address");
    for (const auto& h : hows) l.how += (l.how.empty() ? "" : ", ") + h;
    if (l.found.size() > 1)
        l.problem = "the keys point to " + std::to_string(l.found.size()) + " declarations";
    if (hows.empty()) l.problem = "the mail names no business";
    return l;
}

class Decider {
  public:
    Decider(Transaction& tx, const Analysis& a, mime::MailRenderer& r, const DecideSettings& s,
            UnixTime now)
        : tx_(tx),
          a_(a),
          renderer_(r),
          s_(s),
          now_(now),
          day_(format_date(now, s.utc_offset_minutes)) {
        reply_.message_id = a.message.message_id;
        reply_.references = a.message.references;
        // Who wrote is the From address; automatic answers go to the envelope sender when
        // there is one (RFC 3834 §4), which is where a mailer expects them.
        from_ = text::lower_ascii(a.message.from_address);
        sender_ = text::lower_ascii(!a.message.return_path.empty() ? a.message.return_path
                                                                   : a.message.from_address);
    }

    Decision run() {
        const Intent intent = a_.classification.intent;
        d_.reasons.push_back(std::string("intent ") + to_string(intent) + ": " +
                             a_.classification.rule);
        if (intent == Intent::kBounce) return bounce();
        if (intent == Intent::kAutoReply) {
            d_.outcome = InboundOutcome::kIgnored;
            d_.reasons.push_back("automatic mail is never answered");
            return d_;
        }
        if (!a_.message.unreadable.empty()) {
            d_.reasons.push_back("unreadable: " + a_.message.unreadable);
            return to_person(false);
        }
        for (const auto& t : a_.keys.typos) d_.reasons.push_back("probable typo, not used: " + t);
        if (!a_.suppressions.empty()) {
            for (const auto& s : a_.suppressions) d_.reasons.push_back("no automatic answer: " + s);
            return to_person(false);
        }
        for (const auto& e : a_.classification.evidence) d_.reasons.push_back("evidence: " + e);
        if (a_.classification.secondary != Intent::kOther) {
            d_.reasons.push_back(std::string("also asks: ") +
                                 to_string(a_.classification.secondary));
        }
        if (a_.classification.confidence < s_.min_confidence && intent != Intent::kContactChange &&
            intent != Intent::kOther) {
            char line[96];
            std::snprintf(line, sizeof line, "confidence %.2f is below %.2f: a person decides",
                          a_.classification.confidence, s_.min_confidence);
            d_.reasons.push_back(line);
            return to_person(true);
        }
        switch (intent) {
            case Intent::kWhichNumber:
                if (answer_sender("answer_which_number")) d_.outcome = InboundOutcome::kAnswered;
                return d_;
            case Intent::kContactChange:
            case Intent::kOther: {
                // No automatic answer, but link the declaration it names for the person.
                Lookup l = lookup(tx_, a_.keys, "");
                if (l.found.size() == 1 && l.problem.empty()) {
                    d_.declaration_row = l.found[0].id;
                    d_.reasons.push_back("names " + l.found[0].declaration_id + " (by " + l.how +
                                         ")");
                }
                return to_person(true);
            }
            default:
                return inquiry(intent);
        }
    }

  private:
    Decision bounce() {
        d_.outcome = InboundOutcome::kNeedsPerson;
        const Extracted& k = a_.keys;
        std::vector<Declaration> affected;
        if (!k.bounced_message_id.empty()) {
            if (auto mail = tx_.mail_by_message_id(k.bounced_message_id)) {
                d_.bounced_mail_row = mail->id;
                d_.reasons.push_back("the bounced mail is outbox #" + std::to_string(mail->id) +
                                     " (" + mail->kind + ")");
                if (mail->declaration_row) {
                    if (auto decl = tx_.declaration(*mail->declaration_row))
                        affected.push_back(*decl);
                }
            }
        }
        if (affected.empty() && !k.bounced_recipient.empty()) {
            for (const auto& decl : tx_.live_by_contact_email(k.bounced_recipient))
                affected.push_back(decl);
        }
        for (const auto& decl : affected) {
            if (!k.bounced_recipient.empty() &&
                text::lower_ascii(decl.application.contact_email) !=
                    text::lower_ascii(k.bounced_recipient) &&
                !d_.bounced_mail_row) {
                continue;
            }
            tx_.mark_contact_undeliverable(decl.id);
            tx_.open_flag(decl.id, "bounce",
                          "mail to the registered contact bounced: " + k.bounced_recipient, now_);
            d_.declaration_row = decl.id;
            d_.reasons.push_back("registered contact of " + decl.declaration_id +
                                 " marked undeliverable");
        }
        if (affected.empty()) d_.reasons.push_back("no declaration found for the bounced mail");
        return d_;
    }

    Decision inquiry(Intent intent) {
        Lookup l = lookup(tx_, a_.keys, from_);
        d_.reasons.push_back("lookup by " + (l.how.empty() ? std::string("nothing") : l.how));
        if (l.found.size() != 1 || !l.problem.empty()) {
            if (!l.problem.empty()) d_.reasons.push_back(l.problem);
            if (intent == Intent::kStatusInquiry && l.found.empty()) {
                // Nothing on record: say how to check and how to declare.
                if (answer_sender("answer_not_found")) d_.outcome = InboundOutcome::kAnswered;
                return d_;
            }
            return to_person(true);
        }
        const Declaration& decl = l.found[0];
        d_.declaration_row = decl.id;
        if (decl.contact_undeliverable) {
            d_.reasons.push_back("the registered contact of " + decl.declaration_id +
                                 " bounced before");
            return to_person(true);
        }
        const std::string business = "business:" + decl.identity_key;
        if (tx_.answers_today(business, day_) >= s_.max_id_answers_per_business_per_day) {
            d_.reasons.push_back("cap: " + std::to_string(s_.max_id_answers_per_business_per_day) +
                                 " mails with IDs for this business today");
            return to_person(true);
        }
        const bool from_contact = text::lower_ascii(decl.application.contact_email) == from_;
        if (!from_contact && !within_sender_cap()) return to_person(false);

        // The numbers go to the registered contact, and only there.
        OutboxMail ids;
        if (intent == Intent::kResend) {
            auto original = last_mail(decl);
            if (!original) {
                d_.reasons.push_back("no completion or acceptance mail on record to resend");
                return to_person(true);
            }
            ids = renderer_.resend(*original, now_);
            d_.reasons.push_back("resend of outbox #" + std::to_string(original->id) +
                                 " to the registered contact");
        } else if (from_contact) {
            const char* name = intent == Intent::kStatusInquiry ? "answer_status" : "answer_ids";
            ids = must(renderer_.declaration_answer(
                name, decl, {{"status_label", status_label(decl)}}, now_, &reply_));
            d_.reasons.push_back(std::string(name) + " to the registered contact (the sender)");
        } else {
            ids = must(renderer_.declaration_answer(
                "contact_notice", decl,
                {{"status_label", status_label(decl)},
                 {"request_date", format_date(now_, s_.utc_offset_minutes)}},
                now_, nullptr));
            d_.reasons.push_back(
                "contact_notice to the registered contact (the sender is someone else)");
        }
        if (text::lower_ascii(ids.recipient) != text::lower_ascii(decl.application.contact_email)) {
            throw Error(Status::Code::kInternal,
                        "an ID mail addressed to someone other than the registered contact");
        }
        d_.mails.push_back(std::move(ids));
        tx_.count_answer(business, day_);
        if (!from_contact) {
            d_.mails.push_back(must(renderer_.answer("answer_neutral", sender_, now_, &reply_)));
            tx_.count_answer("sender:" + sender_, day_);
            d_.reasons.push_back("neutral answer to the sender");
        } else {
            tx_.count_answer("sender:" + sender_, day_);
        }
        d_.outcome = InboundOutcome::kAnswered;
        return d_;
    }

    std::optional<OutboxMail> last_mail(const Declaration& decl) {
        const bool acceptance = a_.message.text.find("受理") != std::string::npos;
        std::optional<OutboxMail> completion, accepted;
        for (const auto& m : tx_.mails_for_declaration(decl.id)) {
            if (m.kind == "completion") completion = m;
            if (m.kind == "acceptance") accepted = m;
        }
        return acceptance && accepted ? accepted : completion ? completion : accepted;
    }

    bool within_sender_cap() {
        if (tx_.answers_today("sender:" + sender_, day_) >= s_.max_answers_per_sender_per_day) {
            d_.reasons.push_back("cap: " + std::to_string(s_.max_answers_per_sender_per_day) +
                                 " automatic answers to this sender today");
            return false;
        }
        return true;
    }

    // One automatic answer to the sender, within the sender cap.
    bool answer_sender(const char* name) {
        if (!within_sender_cap()) {
            d_.outcome = InboundOutcome::kNeedsPerson;
            return false;
        }
        d_.mails.push_back(must(renderer_.answer(name, sender_, now_, &reply_)));
        tx_.count_answer("sender:" + sender_, day_);
        d_.reasons.push_back(std::string(name) + " to the sender");
        return true;
    }

    Decision to_person(bool acknowledge) {
        d_.outcome = InboundOutcome::kNeedsPerson;
        d_.reasons.push_back("to a person");
        if (acknowledge && a_.suppressions.empty()) answer_sender("acknowledgement");
        d_.outcome = InboundOutcome::kNeedsPerson;
        return d_;
    }

    Transaction& tx_;
    const Analysis& a_;
    mime::MailRenderer& renderer_;
    const DecideSettings& s_;
    UnixTime now_;
    std::string day_;
    std::string from_;
    std::string sender_;
    mime::ReplyTo reply_;
    Decision d_;
};

}  // namespace

Decision decide(Transaction& tx, const Analysis& a, mime::MailRenderer& renderer,
                const DecideSettings& settings, UnixTime now) {
    return Decider(tx, a, renderer, settings, now).run();
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
