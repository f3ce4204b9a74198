// The classifier and key extractor against the inbound corpora (tests/data/inbound/ and
// tests/data/inbound-holdout/): every
// message must be decoded, classified and mined exactly as its .expected.json says, both in
// a child process (as the inbox job does) and in process.
#include <catch2/catch.hpp>

#include <iostream>

#include "support/corpus.h"

using namespace sa;

TEST_CASE("the inbound corpora are classified and mined as a person would", "[inbox][corpus]") {
    auto cases = test::load_corpus("inbound");
    REQUIRE(cases.size() >= 40);
    auto second = test::load_corpus("inbound-holdout");
    REQUIRE(second.size() == 30);
    cases.insert(cases.end(), second.begin(), second.end());
    inbox::MimeLimits limits;
    inbox::ParserWorker parser(limits);
    for (const auto& c : cases) {
        DYNAMIC_SECTION(c.name) {
            inbox::Analysis isolated =
                inbox::analyse(c.raw, limits, test::corpus_own_addresses(), &parser);
            auto bad = test::corpus_mismatches(c, isolated);
            INFO(c.name << ": " << (bad.empty() ? "" : bad[0])
                        << " (rule: " << isolated.classification.rule << ")");
            CHECK(bad.empty());
            inbox::Analysis inproc =
                inbox::analyse(c.raw, limits, test::corpus_own_addresses(), nullptr);
            CHECK(inbox::to_json(inproc) == inbox::to_json(isolated));
        }
    }
}

TEST_CASE("every corpus intent is represented", "[inbox][corpus]") {
    std::map<std::string, int> counts;
    for (const auto& c : test::load_corpus("inbound")) ++counts[c.intent];
    for (const char* intent : {"recover_id", "resend", "status_inquiry", "which_number",
                               "contact_change", "bounce", "auto_reply", "other"}) {
        CHECK(counts[intent] >= 3);
    }
}
