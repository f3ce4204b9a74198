#include "inbox/analysis.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cmath>

#include <sstream>
#include "core/wire.h"

namespace sa::inbox {

namespace {

// What cannot be read goes to a person; a bounce or an automatic mail stays what it is.
void unreadable_goes_to_a_person(Analysis& a) {
    if (!a.message.unreadable.empty() && a.classification.intent != Intent::kBounce &&
        a.classification.intent != Intent::kAutoReply) {
        a.classification =
            Classification::by_rule(Intent::kOther, "unreadable: " + a.message.unreadable);
    }
}

void put(wire::Writer& w, const InboundMessage& m) {
    w.num(static_cast<std::int64_t>(m.headers.size()));
    for (const auto& [k, v] : m.headers) {
        w.str(k);
        w.str(v);
    }
    for (const std::string* s :
         {&m.from_address, &m.from_name, &m.return_path, &m.subject, &m.message_id, &m.content_type,
          &m.text, &m.quoted, &m.delivery_status, &m.report_type, &m.feedback_report,
          &m.disposition_notification, &m.returned_headers, &m.unreadable})
        w.str(*s);
    w.flag(m.has_return_path);
    w.flag(m.html_only);
    w.strings(m.references);
    w.strings(m.attachment_names);
}

bool take(wire::Reader& r, InboundMessage& m) {
    std::int64_t n = 0;
    if (!r.num(n) || n < 0) return false;
    for (std::int64_t i = 0; i < n; ++i) {
        std::string k, v;
        if (!r.str(k) || !r.str(v)) return false;
        m.headers.emplace(std::move(k), std::move(v));
    }
    for (std::string* s :
         {&m.from_address, &m.from_name, &m.return_path, &m.subject, &m.message_id, &m.content_type,
          &m.text, &m.quoted, &m.delivery_status, &m.report_type, &m.feedback_report,
          &m.disposition_notification, &m.returned_headers, &m.unreadable}) {
        if (!r.str(*s)) return false;
    }
    return r.flag(m.has_return_path) && r.flag(m.html_only) && r.strings(m.references) &&
           r.strings(m.attachment_names);
}

}  // namespace

Analysis analyse(const std::string& raw, const AnalysisSettings& settings) {
    Analysis a;
    a.message = decode_message(raw, settings.limits);
    a.classification = classify(a.message, settings.own_addresses, *settings.morphology);
    a.keys = extract(a.message, settings.own_addresses, a.classification.intent);
    a.suppressions = suppression_rules(a.message, settings.own_addresses);
    unreadable_goes_to_a_person(a);
    return a;
}

Analysis unreadable(const std::string& raw, const std::string& why,
                    const AnalysisSettings& settings) {
    Analysis a;
    a.message = decode_headers(raw);
    a.message.unreadable = why;
    a.classification = classify(a.message, settings.own_addresses, *settings.morphology);
    a.suppressions = suppression_rules(a.message, settings.own_addresses);
    unreadable_goes_to_a_person(a);
    return a;
}

AnalysisWorker::AnalysisWorker(AnalysisSettings settings)
    : settings_(std::move(settings)),
      worker_("the analysis of a message", settings_.limits.timeout_seconds,
              [s = settings_](const std::string& raw) { return encode(inbox::analyse(raw, s)); }) {}

Analysis AnalysisWorker::analyse(const std::string& raw) {
    auto bytes = worker_.run(raw);
    if (!bytes) return unreadable(raw, bytes.status().message(), settings_);
    auto a = decode(*bytes);
    if (!a) return unreadable(raw, a.status().message(), settings_);
    return std::move(*a);
}

std::string encode(const Analysis& a) {
    wire::Writer w;
    put(w, a.message);
    const Classification& c = a.classification;
    w.num(static_cast<std::int64_t>(c.intent));
    w.str(c.rule);
    w.num(static_cast<std::int64_t>(std::llround(c.confidence * 1e6)));
    w.num(static_cast<std::int64_t>(c.secondary));
    w.strings(c.evidence);
    const Extracted& k = a.keys;
    for (const std::string* s :
         {&k.corporate_number, &k.prefecture, &k.trade_name, &k.representative_name,
          &k.declaration_id, &k.user_number, &k.bounced_recipient, &k.bounced_message_id})
        w.str(*s);
    w.strings(k.typos);
    w.strings(a.suppressions);
    return w.bytes();
}

Result<Analysis> decode(const std::string& bytes) {
    Analysis a;
    wire::Reader r(bytes);
    std::int64_t intent = 0, confidence = 0, secondary = 0;
    Classification& c = a.classification;
    Extracted& k = a.keys;
    bool ok = take(r, a.message) && r.num(intent) && r.str(c.rule) && r.num(confidence) &&
              r.num(secondary) && r.strings(c.evidence);
    for (std::string* s :
         {&k.corporate_number, &k.prefecture, &k.trade_name, &k.representative_name,
          &k.declaration_id, &k.user_number, &k.bounced_recipient, &k.bounced_message_id})
        ok = ok && r.str(*s);
    ok = ok && r.strings(k.typos) && r.strings(a.suppressions) && r.at_end();
    const auto last = static_cast<std::int64_t>(Intent::kOther);
    if (!ok || intent < 0 || intent > last || secondary < 0 || secondary > last)
        return Status::invalid("the analysis came back malformed");
    c.intent = static_cast<Intent>(intent);
    c.secondary = static_cast<Intent>(secondary);
    c.confidence = static_cast<double>(confidence) / 1e6;
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
