// What the decision about one inbound message may know, gathered before it is made (SPEC §4):
// who is answered, which declarations the message's keys find, the mails a resend would send
// again, the mail a delivery report names, whether the message replies to one of our own
// answers, and today's counts of the caps it would use. decide() (inbox/decide.h) reads only
// this; gather() is the one place that reads the store for it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "inbox/analysis.h"
#include "store/store.h"

namespace sa::inbox {

// The one address that is answered, and that decides: the envelope sender (Return-Path) when
// there is one, else From (RFC 3834 §4). `problem` says why there is none to answer.
struct Requester {
    std::string address;  // as the composer would write it; empty when there is none
    std::string problem;
    std::string cap_key;     // "sender:a@d": plus-address variants (a+x@d) count as one
    std::string domain_key;  // "domain:d"
};
Requester requester_of(const InboundMessage& m);

// The caps' keys.
std::string business_key(const Declaration& d);  // "business:<identity>"
std::string thread_key(const std::string& our_message_id);

struct KeyMatch {
    std::string key;  // which key of the message: 自己宣言ID, 法人番号 + 都道府県 …
    std::vector<Declaration> found;   // live declarations it names
    bool prefecture_differs = false;  // the 法人番号 is registered in another prefecture
};

struct LookupSnapshot {
    Requester requester;
    std::vector<KeyMatch> keys;                             // in the order the message names them
    std::vector<Declaration> by_reply_address;              // live declarations whose contact it is
    std::map<std::int64_t, std::vector<OutboxMail>> mails;  // completion and acceptance mails
    std::optional<OutboxMail> bounced_mail;  // the mail a report names, when it is ours
    std::optional<Declaration> bounced_declaration;
    std::string answered;  // the Message-ID of our answer this message replies to, if any
    std::map<std::string, int> answers_today;  // cap key → automatic mails counted today
    int count(const std::string& key) const {
        auto it = answers_today.find(key);
        return it == answers_today.end() ? 0 : it->second;
    }
};

// Reads what decide() needs about `a` through `tx`; `day` is the caps' day.
LookupSnapshot gather(Transaction& tx, const Analysis& a, const std::string& day);

}  // namespace sa::inbox
