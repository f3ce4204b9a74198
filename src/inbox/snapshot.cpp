#include "inbox/snapshot.h"

#include <algorithm>

#include "mail/message.h"
#include "text/normalize.h"

namespace sa::inbox {
namespace {

bool live(const Declaration& d) {
    return d.state == DeclarationState::kIssued || d.state == DeclarationState::kAccepted;
}

std::vector<Declaration> live_only(std::vector<Declaration> v) {
    v.erase(std::remove_if(v.begin(), v.end(), [](const Declaration& d) { return !live(d); }),
            v.end());
    return v;
}

}  // namespace

Requester requester_of(const InboundMessage& m) {
    Requester r;
    // RFC 3834 §4: answers go to the envelope sender; an empty one (<>) is never answered.
    if (m.has_return_path && m.return_path.empty()) {
        r.problem = "the envelope sender is empty (<>)";
        return r;
    }
    const std::string address = !m.return_path.empty() ? m.return_path : m.from_address;
    if (address.empty()) {
        r.problem = "no sender address to answer";
        return r;
    }
    if (!mime::is_safe_address(address)) {
        r.problem = "the sender address cannot be written into a mail header (" +
                    std::to_string(address.size()) + " bytes, not a plain ASCII address)";
        return r;
    }
    r.address = address;
    const std::size_t at = address.rfind('@');
    std::string local = text::lower_ascii(address.substr(0, at));
    const std::string domain = text::lower_ascii(address.substr(at + 1));
    local = local.substr(0, local.find('+'));  // a+x@d and a+y@d are a@d
    r.cap_key = "sender:" + local + "@" + domain;
    r.domain_key = "domain:" + domain;
    return r;
}

std::string business_key(const Declaration& d) {
    return "business:" + d.identity_key;
}

std::string thread_key(const std::string& our_message_id) {
    return "thread:" + our_message_id;
}

LookupSnapshot gather(Transaction& tx, const Analysis& a, const std::string& day) {
    LookupSnapshot s;
    s.requester = requester_of(a.message);
    const Extracted& k = a.keys;
    std::vector<Declaration> all;
    auto keep = [&](const std::vector<Declaration>& ds) {
        for (const auto& d : ds) {
            if (std::none_of(all.begin(), all.end(),
                             [&](const Declaration& x) { return x.id == d.id; }))
                all.push_back(d);
        }
    };
    if (a.classification.intent == Intent::kBounce) {
        // Only a mail we sent, named by its Message-ID in the returned copy, makes a report ours.
        if (!k.bounced_message_id.empty()) {
            s.bounced_mail = tx.mail_by_message_id(k.bounced_message_id);
            if (s.bounced_mail && s.bounced_mail->declaration_row)
                s.bounced_declaration = tx.declaration(*s.bounced_mail->declaration_row);
        }
    } else {
        for (const std::string* number : {&k.declaration_id, &k.user_number}) {
            if (number->empty()) continue;
            s.keys.push_back({number == &k.declaration_id ? "自己宣言ID" : "利用者番号",
                              live_only(tx.declarations_by_number(*number))});
        }
        if (!k.corporate_number.empty()) {
            KeyMatch m{k.prefecture.empty() ? "法人番号" : "法人番号 + 都道府県",
                       tx.live_by_corporate_number(k.corporate_number)};
            if (!k.prefecture.empty()) {
                auto wrong = std::remove_if(
                    m.found.begin(), m.found.end(),
                    [&](const Declaration& d) { return d.application.prefecture != k.prefecture; });
                m.prefecture_differs = wrong == m.found.begin() && wrong != m.found.end();
                m.found.erase(wrong, m.found.end());
            }
            s.keys.push_back(std::move(m));
        }
        if (!k.trade_name.empty() && !k.representative_name.empty() && !k.prefecture.empty()) {
            Application probe;
            probe.entity_type = EntityType::kSoleProprietor;
            probe.trade_name = k.trade_name;
            probe.representative_name = k.representative_name;
            probe.prefecture = k.prefecture;
            KeyMatch m{"屋号 + 代表者名 + 都道府県", {}};
            if (auto d = tx.find_live_declaration(identity_key(probe))) m.found.push_back(*d);
            s.keys.push_back(std::move(m));
        }
        if (!s.requester.address.empty())
            s.by_reply_address = tx.live_by_contact_email(s.requester.address);
        for (const auto& m : s.keys) keep(m.found);
        keep(s.by_reply_address);
        for (const Declaration& d : all) s.mails[d.id] = tx.mails_for_declaration(d.id);
    }
    // A reply to one of our answers (an auto-responder, or a person replying to it).
    for (const std::string& id : a.message.references) {
        auto mail = tx.mail_by_message_id(id);
        if (mail && mail->inbound_row) {
            s.answered = id;
            break;
        }
    }
    std::vector<std::string> caps;
    if (!s.requester.cap_key.empty()) caps = {s.requester.cap_key, s.requester.domain_key};
    for (const Declaration& d : all) caps.push_back(business_key(d));
    if (!s.answered.empty()) caps.push_back(thread_key(s.answered));
    for (const std::string& key : caps) s.answers_today[key] = tx.answers_today(key, day);
    return s;
}

}  // namespace sa::inbox
