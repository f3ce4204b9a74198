// decide() alone: a pure function of an analysis, a snapshot and the settings, tested with
// no store at all.
#include <catch2/catch.hpp>

#include "inbox/decide.h"
#include "support/fixtures.h"

using namespace sa;
using namespace sa::inbox;

namespace {

Declaration registered(std::int64_t row, const std::string& contact) {
    Declaration d;
    d.id = row;
    d.declaration_id = "4000000000" + std::to_string(row);
    d.user_number = "9000000000" + std::to_string(row);
    d.identity_key = "corp:" + std::to_string(row);
    d.state = DeclarationState::kIssued;
    d.application = test::corporation_application("D-" + std::to_string(row));
    d.application.contact_email = contact;
    return d;
}

Analysis asking(Intent intent, const std::string& from = "asker@other.example") {
    Analysis a;
    a.message.from_address = from;
    a.message.return_path = from;
    a.message.has_return_path = true;
    a.message.message_id = "q1@other.example";
    a.classification.intent = intent;
    a.classification.rule = "test";
    a.classification.confidence = 0.9;
    return a;
}

LookupSnapshot snapshot_for(const Analysis& a, std::vector<Declaration> found = {}) {
    LookupSnapshot s;
    s.requester = requester_of(a.message);
    if (!found.empty()) s.keys.push_back({"法人番号", std::move(found)});
    return s;
}

std::vector<PlannedMail> to(const Decision& d, const std::string& address) {
    std::vector<PlannedMail> out;
    for (const auto& m : d.mails) {
        if (m.to == address) out.push_back(m);
    }
    return out;
}

}  // namespace

TEST_CASE("decide: the requester's answer is the same whether or not a declaration is found",
          "[inbox][decide]") {
    for (Intent intent : {Intent::kRecoverId, Intent::kResend, Intent::kStatusInquiry}) {
        const Analysis a = asking(intent);
        const Decision known = decide(a, snapshot_for(a, {registered(1, "c@reg.example")}), {});
        const Decision unknown = decide(a, snapshot_for(a), {});
        auto k = to(known, "asker@other.example");
        auto u = to(unknown, "asker@other.example");
        REQUIRE(k.size() == 1);
        REQUIRE(u.size() == 1);
        CHECK(k[0].template_name == "answer_neutral");
        CHECK(u[0].template_name == k[0].template_name);
        CHECK(k[0].threaded == u[0].threaded);
        // The numbers went to the registered contact only.
        auto notice = to(known, "c@reg.example");
        REQUIRE(notice.size() == 1);
        CHECK(notice[0].declaration->id == 1);
        CHECK(known.outcome == InboundOutcome::kAnswered);
        CHECK(unknown.outcome == InboundOutcome::kNeedsPerson);
    }
}

TEST_CASE("decide: caps per reply address, per domain and per business", "[inbox][decide]") {
    const Analysis a = asking(Intent::kRecoverId, "a+x@d.example");
    LookupSnapshot s = snapshot_for(a, {registered(1, "c@reg.example")});
    CHECK(s.requester.cap_key == "sender:a@d.example");
    DecideSettings settings;
    s.answers_today[s.requester.cap_key] = settings.max_answers_per_sender_per_day;
    Decision d = decide(a, s, settings);
    CHECK(to(d, "a+x@d.example").empty());
    CHECK(to(d, "c@reg.example").size() == 1);  // the business cap is another one

    s.answers_today.clear();
    s.answers_today["domain:d.example"] = settings.max_answers_per_domain_per_day;
    CHECK(to(decide(a, s, settings), "a+x@d.example").empty());

    s.answers_today.clear();
    s.answers_today["business:corp:1"] = settings.max_id_answers_per_business_per_day;
    d = decide(a, s, settings);
    CHECK(to(d, "c@reg.example").empty());
    CHECK(to(d, "a+x@d.example").size() == 1);
    CHECK(d.outcome == InboundOutcome::kNeedsPerson);
}

TEST_CASE("decide: a reply to our answer is answered never, and its thread once to a person",
          "[inbox][decide]") {
    const Analysis a = asking(Intent::kWhichNumber);
    LookupSnapshot s = snapshot_for(a);
    s.answered = "ours@sa-secretariat.example";
    Decision first = decide(a, s, {});
    CHECK(first.mails.empty());
    CHECK(first.outcome == InboundOutcome::kNeedsPerson);
    CHECK(first.counted == std::vector<std::string>{thread_key(s.answered)});
    s.answers_today[thread_key(s.answered)] = 1;
    Decision later = decide(a, s, {});
    CHECK(later.mails.empty());
    CHECK(later.outcome == InboundOutcome::kIgnored);
}

TEST_CASE("decide: a delivery report counts only for a mail we sent to that address",
          "[inbox][decide]") {
    Analysis a = asking(Intent::kBounce, "");
    a.keys.bounced_recipient = "c@reg.example";
    a.keys.bounced_message_id = "sent@sa-secretariat.example";
    LookupSnapshot s;
    CHECK_FALSE(decide(a, s, {}).undeliverable);  // not ours
    OutboxMail mail;
    mail.id = 7;
    mail.recipient = "other@reg.example";
    s.bounced_mail = mail;
    s.bounced_declaration = registered(1, "c@reg.example");
    CHECK_FALSE(decide(a, s, {}).undeliverable);  // ours, to another address
    s.bounced_mail->recipient = "C@reg.example";
    Decision d = decide(a, s, {});
    REQUIRE(d.undeliverable);
    CHECK(*d.undeliverable == 1);
    CHECK(d.bounced_mail_row == 7);
}

TEST_CASE("decide: no answer to an address the composer refuses, nor to a robot",
          "[inbox][decide]") {
    Analysis a = asking(Intent::kWhichNumber, "tantou@例え.jp");
    a.message.has_return_path = false;
    a.message.return_path.clear();
    Decision d = decide(a, snapshot_for(a), {});
    CHECK(d.mails.empty());
    CHECK(d.outcome == InboundOutcome::kNeedsPerson);

    Analysis threaded = asking(Intent::kWhichNumber);
    threaded.message.message_id = "20261201100000.4242";  // no '@'
    Decision t = decide(threaded, snapshot_for(threaded), {});
    REQUIRE(t.mails.size() == 1);
    CHECK_FALSE(t.mails[0].threaded);
    CHECK(t.outcome == InboundOutcome::kAnswered);
}

TEST_CASE("decide: a request read with low confidence goes to a person", "[inbox][decide]") {
    Analysis a = asking(Intent::kRecoverId);
    a.classification.confidence = 0.3;
    Decision d = decide(a, snapshot_for(a, {registered(1, "c@reg.example")}), {});
    CHECK(d.outcome == InboundOutcome::kNeedsPerson);
    CHECK(to(d, "c@reg.example").empty());
    REQUIRE(to(d, "asker@other.example").size() == 1);
    CHECK(to(d, "asker@other.example")[0].template_name == "acknowledgement");
}
