#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "domain/prefecture.h"
#include "intake/intake_job.h"
#include "lifecycle/accept_job.h"
#include "lifecycle/staff_desk.h"
#include "search/http_server.h"
#include "search/public_search.h"
#include "support/fixtures.h"
#include "support/job_fixture.h"

using namespace sa;

namespace {

// 40 businesses in every state: accepted, issued, withdrawn, superseded.
struct Register {
    test::JobFixture f;
    std::vector<Declaration> all;

    Register() {
        std::string csv = test::csv_header();
        for (int i = 0; i < 40; ++i) {
            Application a = test::sole_proprietor_application("R-" + std::to_string(i));
            a.trade_name = (i % 2 ? "ヤマダ商店" : "やまだ工房") + std::to_string(i);
            a.representative_name = "代表 " + std::to_string(i);
            a.prefecture = all_prefectures()[static_cast<std::size_t>(i) % 47];
            a.contact_name = "担当者" + std::to_string(i);
            a.contact_email = "secret-contact" + std::to_string(i) + "@hidden.example";
            csv += test::csv_line(a);
        }
        f.drop("r.csv", csv);
        intake::IntakeSettings s;
        s.spool_dir = f.spool;
        REQUIRE(intake::IntakeJob(*f.store, *f.renderer, f.clock, f.random, s, f.log).run(false));
        REQUIRE(f.store->read([&](Transaction& tx) {
            for (std::int64_t row = 1; auto d = tx.declaration(row); ++row) all.push_back(*d);
        }));
        lifecycle::StaffDesk desk(*f.store, *f.renderer, f.clock, "t");
        for (int i = 0; i < 40; ++i) {
            if (i % 4 == 0 || i % 4 == 1) REQUIRE(desk.accept(all[i].declaration_id));
            if (i % 4 == 1) REQUIRE(desk.withdraw(all[i].declaration_id, "test"));
        }
    }
};

std::set<std::string> keys_of(const std::string& json) {
    Poco::JSON::Parser parser;
    auto o = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    std::set<std::string> keys;
    for (const auto& [k, v] : *o) keys.insert(k);
    return keys;
}

}  // namespace

TEST_CASE("the public search shows accepted declarations only, and never a secret field",
          "[search][security]") {
    Register r;
    std::vector<search::Request> requests = {{"", "", "", ""},
                                             {"やまだ", "", "", ""},
                                             {"ﾔﾏﾀﾞ", "", "", ""},
                                             {"", "", "one_star", ""},
                                             {"工房", "", "", ""}};
    for (const auto& d : r.all) requests.push_back({"", "", "", d.declaration_id});
    for (const auto& p : all_prefectures()) requests.push_back({"", p, "", ""});
    const std::set<std::string> kPublic = {"name",       "prefecture",    "tier",
                                           "tier_label", "declared_date", "declaration_id"};
    std::size_t rows = 0;
    for (const auto& req : requests) {
        auto found = search::run(*r.f.store, req, 1000);
        REQUIRE(found);
        for (const PublicEntry& e : *found) {
            ++rows;
            std::string json = search::to_json(e, 540);
            CHECK(keys_of(json) == kPublic);
            const Declaration* d = nullptr;
            for (const auto& x : r.all) {
                if (x.declaration_id == e.declaration_id) d = &x;
            }
            REQUIRE(d);
            CHECK(d->id % 4 == 1);  // rows 1, 5, 9 … are the accepted ones (index % 4 == 0)
            for (const auto& x : r.all) {
                CHECK(json.find(x.user_number) == std::string::npos);
                CHECK(json.find(x.application.contact_email) == std::string::npos);
                CHECK(json.find(x.application.contact_name) == std::string::npos);
                CHECK(json.find(x.application.representative_name) == std::string::npos);
            }
        }
    }
    CHECK(rows > 10);
    auto everything = search::run(*r.f.store, {"", "", "", ""}, 1000);
    CHECK(everything->size() == 10);  // 10 of 40 are accepted and not withdrawn
    CHECK(search::run(*r.f.store, {"ヤマダ", "", "", ""}, 1000)->size() ==
          10);  // kana and width fold
}

TEST_CASE("search parameters are checked", "[search]") {
    Register r;
    CHECK_FALSE(search::run(*r.f.store, {"", "東京府", "", ""}, 10));
    CHECK_FALSE(search::run(*r.f.store, {"", "", "three_star", ""}, 10));
    CHECK_FALSE(
        search::run(*r.f.store, {"", "", "", r.all[0].user_number}, 10));  // never by 利用者番号
    std::string typo = r.all[0].declaration_id;
    typo[3] = typo[3] == '5' ? '6' : '5';
    CHECK_FALSE(search::run(*r.f.store, {"", "", "", typo}, 10));
    // LIKE wildcards in a name are text, not patterns.
    CHECK(search::run(*r.f.store, {"%", "", "", ""}, 10)->empty());
    CHECK(search::run(*r.f.store, {"_", "", "", ""}, 10)->empty());
}

TEST_CASE("the page escapes what it shows", "[search][security]") {
    std::string page = search::page_html("<form></form>", "");
    CHECK(page.find("<script src=\"/search.js\"></script>") != std::string::npos);
    CHECK(page.find("<script>") == std::string::npos);  // no inline script: the CSP forbids it
}
