// Machine mail against tests/data/machine/ (160 notices written from how real mail systems
// write them, independently of this code): every delivery failure read as a bounce with its
// failed recipient and the Message-ID of our mail that came back, delays, feedback reports
// and auto-replies as automatic mail, and not one of them answered.
#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <filesystem>

#include "inbox/decide.h"
#include "support/corpus.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "text/normalize.h"

using namespace sa;
using namespace sa::inbox;

TEST_CASE("machine mail in every common shape is read for what it is, and never answered",
          "[inbox][corpus][security]") {
    const AnalysisSettings settings{
        {},
        {"noreply@sa-secretariat.example", "bounces@sa-secretariat.example",
         "security-action-info@sa-secretariat.example"},
        test::morphology()};
    std::vector<std::string> names;
    for (const auto& e :
         std::filesystem::directory_iterator(test::source_dir() + "/tests/data/machine")) {
        if (e.path().extension() == ".eml") names.push_back(e.path().string());
    }
    std::sort(names.begin(), names.end());
    REQUIRE(names.size() == 160);
    int failures = 0, read_with_recipient = 0, with_id = 0, id_found = 0, others = 0, automatic = 0,
        answered = 0;
    for (const std::string& path : names) {
        Poco::JSON::Parser parser;
        auto expected =
            parser.parse(test::read_file(path.substr(0, path.size() - 4) + ".expected.json"))
                .extract<Poco::JSON::Object::Ptr>();
        const std::string kind = expected->getValue<std::string>("kind");
        const Analysis a = analyse(test::read_file(path), settings);
        INFO(path << ": " << to_string(a.classification.intent) << " (" << a.classification.rule
                  << "), recipient " << a.keys.bounced_recipient);
        if (kind == "failure") {
            ++failures;
            const std::string want =
                text::lower_ascii(expected->getValue<std::string>("failed_recipient"));
            const bool ok = a.classification.intent == Intent::kBounce &&
                            text::lower_ascii(a.keys.bounced_recipient) == want;
            CHECK(ok);
            read_with_recipient += ok;
            if (!expected->isNull("returned_message_id")) {
                ++with_id;
                id_found += a.keys.bounced_message_id ==
                            expected->getValue<std::string>("returned_message_id");
            }
        } else {
            ++others;
            CHECK(a.classification.intent == Intent::kAutoReply);
            automatic += a.classification.intent == Intent::kAutoReply;
        }
        // Whatever the store held, nothing automatic goes back.
        LookupSnapshot s;
        s.requester = requester_of(a.message);
        const Decision d = decide(a, s, {});
        for (const auto& m : d.mails) {
            CHECK(m.kind != PlannedMail::Kind::kAnswer);
            answered += m.kind == PlannedMail::Kind::kAnswer;
        }
    }
    std::printf(
        "machine: %d/%d failures read as bounces with their recipient, returned "
        "Message-ID %d/%d; %d/%d others automatic; %d answered\n",
        read_with_recipient, failures, id_found, with_id, automatic, others, answered);
    CHECK(read_with_recipient >= 0.95 * failures);
    CHECK(id_found >= 0.90 * with_id);
    CHECK(answered == 0);
}
