#include "inbox/analysis.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cmath>
#include <sstream>

namespace sa::inbox {

Analysis analyse(const std::string& raw, const MimeLimits& limits,
                 const std::vector<std::string>& own_addresses, const text::Morphology& morphology,
                 ParserWorker* parser) {
    Analysis a;
    a.message = decode_message(raw, limits, parser);
    a.classification = classify(a.message, own_addresses, morphology);
    a.keys = extract(a.message, own_addresses, a.classification.intent);
    a.suppressions = suppression_rules(a.message, own_addresses);
    if (!a.message.unreadable.empty() && a.classification.intent != Intent::kBounce &&
        a.classification.intent != Intent::kAutoReply) {
        a.classification =
            Classification::by_rule(Intent::kOther, "unreadable: " + a.message.unreadable);
    }
    return a;
}

std::string to_json(const Analysis& a) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    auto opt = [&](const char* key, const std::string& v) {
        if (v.empty()) {
            o.set(key, Poco::Dynamic::Var());
        } else {
            o.set(key, v);
        }
    };
    o.set("intent", to_string(a.classification.intent));
    opt("corporate_number", a.keys.corporate_number);
    opt("prefecture", a.keys.prefecture);
    opt("trade_name", a.keys.trade_name);
    opt("representative_name", a.keys.representative_name);
    opt("declaration_id", a.keys.declaration_id);
    opt("user_number", a.keys.user_number);
    opt("bounced_recipient", a.keys.bounced_recipient);
    o.set("probable_typo", !a.keys.typos.empty());
    o.set("confidence", std::round(a.classification.confidence * 1000) / 1000);
    Poco::JSON::Array evidence;
    for (const auto& e : a.classification.evidence) evidence.add(e);
    if (a.classification.evidence.empty()) evidence.add(a.classification.rule);
    o.set("evidence", evidence);
    if (a.classification.secondary != Intent::kOther) {
        o.set("secondary_intent", to_string(a.classification.secondary));
    } else {
        o.set("secondary_intent", Poco::Dynamic::Var());
    }
    o.set("rule", a.classification.rule);
    opt("unreadable", a.message.unreadable);
    Poco::JSON::Array suppressed;
    for (const auto& s : a.suppressions) suppressed.add(s);
    o.set("no_automatic_answer", suppressed);
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

}  // namespace sa::inbox
