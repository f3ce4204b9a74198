#include <catch2/catch.hpp>

#include "intake/validate.h"

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

using sa::FieldError;
using sa::intake::RawRecord;
using sa::intake::Validation;

namespace {

RawRecord corporation() {
    RawRecord r;
    r.record_no = 1;
    r.line = 2;
    r.fields = {
        {"application_id", "APP-0001"},
        {"submitted_at", "2026-11-21T09:30:00+09:00"},
        {"tier", "one_star"},
        {"entity_type", "corporation"},
        {"corporate_number", "7000012050002"},
        {"business_name", "株式会社テスト"},
        {"prefecture", "東京都"},
        {"contact_name", "山田太郎"},
        {"contact_email", "taro@example.co.jp"},
        {"pledge_five_principles", "1"},
    };
    return r;
}

RawRecord sole_proprietor() {
    RawRecord r;
    r.fields = {
        {"application_id", "APP-0002"},
        {"submitted_at", "2026-11-21T10:00:00+09:00"},
        {"tier", "one_star"},
        {"entity_type", "sole_proprietor"},
        {"trade_name", "やまだ商店"},
        {"representative_name", "山田花子"},
        {"prefecture", "大阪府"},
        {"contact_name", "山田花子"},
        {"contact_email", "hanako@example.jp"},
        {"pledge_five_principles", "true"},
    };
    return r;
}

RawRecord with(RawRecord r, const std::string& field, const std::string& value) {
    r.fields[field] = value;
    return r;
}

RawRecord without(RawRecord r, const std::string& field) {
    r.fields.erase(field);
    return r;
}

std::vector<std::string> error_fields(const Validation& v) {
    std::vector<std::string> fields;
    for (const auto& e : v.errors) fields.push_back(e.field);
    return fields;
}

std::string describe(const Validation& v) {
    std::string s;
    for (const auto& e : v.errors) s += e.field + ": " + e.message + "\n";
    return s;
}

// Exactly one error, on `field`.
void require_only_error(const RawRecord& r, const std::string& field) {
    Validation v = sa::intake::validate(r);
    INFO(describe(v));
    CHECK_FALSE(v.ok());
    CHECK_FALSE(v.application.has_value());
    CHECK(error_fields(v) == std::vector<std::string>{field});
}

sa::Application require_ok(const Validation& v) {  // by value: callers pass temporaries
    INFO(describe(v));
    REQUIRE(v.ok());
    REQUIRE(v.application.has_value());
    return *v.application;
}

}  // namespace

TEST_CASE("a complete corporation record is accepted and normalised", "[intake][validate]") {
    Validation v = sa::intake::validate(corporation());
    const sa::Application& a = require_ok(v);
    CHECK(v.application_id == "APP-0001");
    CHECK(a.application_id == "APP-0001");
    CHECK(a.submitted_at == "2026-11-21T09:30:00+09:00");
    CHECK(a.submitted_unix == 1795221000);
    CHECK(a.tier == sa::Tier::kOneStar);
    CHECK(a.entity_type == sa::EntityType::kCorporation);
    CHECK(a.corporate_number == "7000012050002");
    CHECK(a.business_name == "株式会社テスト");
    CHECK(a.prefecture == "東京都");
    CHECK(a.contact_name == "山田太郎");
    CHECK(a.contact_email == "taro@example.co.jp");
    CHECK(a.pledge_five_principles);
    CHECK_FALSE(a.self_assessment_done);
    CHECK_FALSE(a.basic_policy_published);
    CHECK_FALSE(a.employees.has_value());
    CHECK(a.phone.empty());
}

TEST_CASE("a complete sole proprietor record is accepted", "[intake][validate]") {
    const sa::Application& a = require_ok(sa::intake::validate(sole_proprietor()));
    CHECK(a.entity_type == sa::EntityType::kSoleProprietor);
    CHECK(a.trade_name == "やまだ商店");
    CHECK(a.representative_name == "山田花子");
    CHECK(a.corporate_number.empty());
    CHECK(a.business_name.empty());
}

TEST_CASE("fields required of every record", "[intake][validate]") {
    for (const char* field : {"application_id", "submitted_at", "tier", "entity_type", "prefecture",
                              "contact_name", "contact_email"}) {
        INFO(field);
        require_only_error(without(corporation(), field), field);
        require_only_error(with(corporation(), field, "  "), field);  // blank is missing
        require_only_error(without(sole_proprietor(), field), field);
    }
}

TEST_CASE("fields required per entity type", "[intake][validate]") {
    SECTION("a corporation needs 法人番号 and 事業者名, not 屋号 or 代表者名") {
        require_only_error(without(corporation(), "corporate_number"), "corporate_number");
        require_only_error(without(corporation(), "business_name"), "business_name");
        CHECK(sa::intake::validate(without(corporation(), "trade_name")).ok());
        CHECK(sa::intake::validate(without(corporation(), "representative_name")).ok());
    }
    SECTION("a sole proprietor needs 屋号 and 代表者名, not 法人番号 or 事業者名") {
        require_only_error(without(sole_proprietor(), "trade_name"), "trade_name");
        require_only_error(without(sole_proprietor(), "representative_name"),
                           "representative_name");
        CHECK(sa::intake::validate(without(sole_proprietor(), "corporate_number")).ok());
        CHECK(sa::intake::validate(without(sole_proprietor(), "business_name")).ok());
        Validation v = sa::intake::validate(
            without(without(sole_proprietor(), "trade_name"), "representative_name"));
        CHECK(error_fields(v) == std::vector<std::string>{"trade_name", "representative_name"});
    }
    SECTION("optional names given to the other entity type are kept") {
        const sa::Application& a = require_ok(sa::intake::validate(
            with(with(corporation(), "trade_name", "テスト屋"), "representative_name", "代表")));
        CHECK(a.trade_name == "テスト屋");
        CHECK(a.representative_name == "代表");
        const sa::Application& b =
            require_ok(sa::intake::validate(with(sole_proprietor(), "business_name", "山田")));
        CHECK(b.business_name == "山田");
    }
    SECTION("a sole proprietor's 法人番号, when given, must still be valid") {
        require_only_error(with(sole_proprietor(), "corporate_number", "7000012050003"),
                           "corporate_number");
    }
}

TEST_CASE("tier and entity type aliases", "[intake][validate]") {
    auto tier_of = [](const std::string& t) {
        return require_ok(sa::intake::validate(with(
                              with(with(corporation(), "tier", t), "self_assessment_done", "1"),
                              "basic_policy_published", "1")))
            .tier;
    };
    CHECK(tier_of("one_star") == sa::Tier::kOneStar);
    CHECK(tier_of("一つ星") == sa::Tier::kOneStar);
    CHECK(tier_of("ONE_STAR") == sa::Tier::kOneStar);
    CHECK(tier_of(" two_star ") == sa::Tier::kTwoStar);
    CHECK(tier_of("二つ星") == sa::Tier::kTwoStar);
    CHECK(tier_of("ｔｗｏ＿ｓｔａｒ") == sa::Tier::kTwoStar);
    for (const char* bad : {"three_star", "1", "star", "三つ星", "one star"}) {
        INFO(bad);
        require_only_error(with(corporation(), "tier", bad), "tier");
    }

    CHECK(
        require_ok(sa::intake::validate(with(corporation(), "entity_type", "法人"))).entity_type ==
        sa::EntityType::kCorporation);
    CHECK(require_ok(sa::intake::validate(with(corporation(), "entity_type", "Corporation")))
              .entity_type == sa::EntityType::kCorporation);
    CHECK(require_ok(sa::intake::validate(with(sole_proprietor(), "entity_type", "個人事業主")))
              .entity_type == sa::EntityType::kSoleProprietor);
    for (const char* bad : {"company", "個人", "npo", "corp"}) {
        INFO(bad);
        require_only_error(with(corporation(), "entity_type", bad), "entity_type");
    }
}

TEST_CASE("parse_bool accepts every documented form", "[intake][validate]") {
    for (const char* t : {"1", "true", "TRUE", "True", "yes", "YES", "はい", "１", "ｔｒｕｅ",
                          "ＹＥＳ", " yes ", "\xE3\x80\x80はい\xE3\x80\x80"}) {
        INFO(t);
        CHECK(sa::intake::parse_bool(t) == std::optional<bool>(true));
    }
    for (const char* f :
         {"0", "false", "FALSE", "no", "No", "いいえ", "０", "ｆａｌｓｅ", "ＮＯ", " 0 "}) {
        INFO(f);
        CHECK(sa::intake::parse_bool(f) == std::optional<bool>(false));
    }
    for (const char* bad :
         {"", "2", "y", "n", "maybe", "ok", "はいはい", "-1", "on", "off", "truee"}) {
        INFO(bad);
        CHECK_FALSE(sa::intake::parse_bool(bad).has_value());
    }
}

TEST_CASE("the five principles must be pledged", "[intake][validate]") {
    for (const char* yes : {"1", "true", "yes", "はい", "ＴＲＵＥ"}) {
        INFO(yes);
        CHECK(require_ok(sa::intake::validate(with(corporation(), "pledge_five_principles", yes)))
                  .pledge_five_principles);
    }
    for (const char* no : {"0", "false", "no", "いいえ", ""}) {
        INFO(no);
        require_only_error(with(corporation(), "pledge_five_principles", no),
                           "pledge_five_principles");
        require_only_error(with(sole_proprietor(), "pledge_five_principles", no),
                           "pledge_five_principles");
    }
    require_only_error(without(corporation(), "pledge_five_principles"), "pledge_five_principles");
    require_only_error(with(corporation(), "pledge_five_principles", "maybe"),
                       "pledge_five_principles");
}

TEST_CASE("二つ星 needs the self-assessment and the published basic policy", "[intake][validate]") {
    RawRecord two = with(corporation(), "tier", "two_star");
    Validation v = sa::intake::validate(two);
    INFO(describe(v));
    CHECK(error_fields(v) ==
          std::vector<std::string>{"self_assessment_done", "basic_policy_published"});

    require_only_error(
        with(with(two, "self_assessment_done", "はい"), "basic_policy_published", "no"),
        "basic_policy_published");
    require_only_error(with(with(two, "self_assessment_done", "0"), "basic_policy_published", "1"),
                       "self_assessment_done");
    require_only_error(
        with(with(two, "self_assessment_done", "sure"), "basic_policy_published", "1"),
        "self_assessment_done");

    const sa::Application& a = require_ok(sa::intake::validate(
        with(with(two, "self_assessment_done", "はい"), "basic_policy_published", "yes")));
    CHECK(a.tier == sa::Tier::kTwoStar);
    CHECK(a.self_assessment_done);
    CHECK(a.basic_policy_published);

    // For 一つ星 they are optional, but still yes/no values when given.
    const sa::Application& b = require_ok(sa::intake::validate(
        with(with(corporation(), "self_assessment_done", "1"), "basic_policy_published", "0")));
    CHECK(b.self_assessment_done);
    CHECK_FALSE(b.basic_policy_published);
    require_only_error(with(corporation(), "basic_policy_published", "perhaps"),
                       "basic_policy_published");
}

TEST_CASE("prefecture is normalised to one of the 47", "[intake][validate]") {
    CHECK(require_ok(sa::intake::validate(with(corporation(), "prefecture", "東京"))).prefecture ==
          "東京都");
    CHECK(require_ok(sa::intake::validate(with(corporation(), "prefecture", "大阪"))).prefecture ==
          "大阪府");
    CHECK(require_ok(sa::intake::validate(with(corporation(), "prefecture", "\xE3\x80\x80北海道 ")))
              .prefecture == "北海道");
    for (const char* bad : {"東京府", "Tokyo", "日本"}) {
        INFO(bad);
        require_only_error(with(corporation(), "prefecture", bad), "prefecture");
    }
}

TEST_CASE("法人番号 normalisation and errors", "[intake][validate]") {
    CHECK(
        require_ok(sa::intake::validate(with(corporation(), "corporate_number", "7000-0120-50002")))
            .corporate_number == "7000012050002");
    CHECK(require_ok(sa::intake::validate(
                         with(corporation(), "corporate_number", "７０００ ０１２０ ５０００２")))
              .corporate_number == "7000012050002");
    CHECK(require_ok(sa::intake::validate(with(corporation(), "corporate_number", "1180301018771")))
              .corporate_number == "1180301018771");
    for (const char* bad :
         {"7000012050003", "700001205000", "70000120500021", "T7000012050002", "abc"}) {
        INFO(bad);
        require_only_error(with(corporation(), "corporate_number", bad), "corporate_number");
    }
}

TEST_CASE("normalize_email", "[intake][validate]") {
    auto ok = [](const std::string& in) {
        std::string why;
        auto r = sa::intake::normalize_email(in, why);
        INFO(in << " → " << why);
        REQUIRE(r.has_value());
        CHECK(why.empty());
        return *r;
    };
    auto bad = [](const std::string& in) {
        std::string why;
        auto r = sa::intake::normalize_email(in, why);
        INFO(in);
        CHECK_FALSE(r.has_value());
        CHECK_FALSE(why.empty());
        return why;
    };
    CHECK(ok("taro@example.com") == "taro@example.com");
    CHECK(ok(" taro@example.com ") == "taro@example.com");
    CHECK(ok("Taro.Yamada@EXAMPLE.CO.JP") == "Taro.Yamada@example.co.jp");  // local part kept
    CHECK(ok("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "taro@example.com");
    CHECK(ok("taro＠example.com") == "taro@example.com");
    CHECK(ok("a+tag_1!#$%&'*/=?^`{|}~-@sub-1.example.jp") ==
          "a+tag_1!#$%&'*/=?^`{|}~-@sub-1.example.jp");
    CHECK(ok(std::string(64, 'a') + "@example.com").size() == 64 + 12);

    bad("taro.example.com");
    bad("@example.com");
    bad("taro@");
    bad("");
    CHECK(bad("taro@localhost").find("「.」") != std::string::npos);
    bad("taro yamada@example.com");
    bad("taro@exa mple.com");
    bad(".taro@example.com");
    bad("taro.@example.com");
    bad("ta..ro@example.com");
    bad("a@b@example.com");
    bad("taro@example..com");
    bad("taro@.example.com");
    bad("taro@example.com.");
    bad("taro@-example.com");
    bad("taro@example-.com");
    bad("taro@exam_ple.com");
    bad("山田@example.com");
    bad("taro@例え.jp");
    bad("\"taro\"@example.com");
    bad(std::string(65, 'a') + "@example.com");
    bad("a@" + std::string(64, 'b') + ".com");  // a label longer than 63
    bad("a@" + std::string(250, 'b') + ".com");
}

TEST_CASE("contact_email in a record", "[intake][validate]") {
    CHECK(require_ok(sa::intake::validate(with(corporation(), "contact_email", "Taro@EXAMPLE.COM")))
              .contact_email == "Taro@example.com");
    CHECK(require_ok(sa::intake::validate(
                         with(corporation(), "contact_email", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ")))
              .contact_email == "taro@example.com");
    for (const char* bad :
         {"taro.example.com", "taro@example", "taro @example.com", "taro@ex ample.com"}) {
        INFO(bad);
        require_only_error(with(corporation(), "contact_email", bad), "contact_email");
    }
}

TEST_CASE("employees is a non-negative whole number", "[intake][validate]") {
    CHECK(require_ok(sa::intake::validate(with(corporation(), "employees", "12"))).employees ==
          std::optional<std::int64_t>(12));
    CHECK(require_ok(sa::intake::validate(with(corporation(), "employees", "０"))).employees ==
          std::optional<std::int64_t>(0));
    CHECK(require_ok(sa::intake::validate(with(corporation(), "employees", "１２３"))).employees ==
          std::optional<std::int64_t>(123));
    CHECK(require_ok(sa::intake::validate(with(corporation(), "employees", " 5 "))).employees ==
          std::optional<std::int64_t>(5));
    CHECK_FALSE(require_ok(sa::intake::validate(with(corporation(), "employees", ""))).employees);
    for (const char* bad : {"-1", "abc", "1.5", "1,000", "+3", "10人", "1234567890", "-０"}) {
        INFO(bad);
        require_only_error(with(corporation(), "employees", bad), "employees");
    }
}

TEST_CASE("phone numbers", "[intake][validate]") {
    CHECK(require_ok(sa::intake::validate(with(corporation(), "phone", "03-1234-5678"))).phone ==
          "03-1234-5678");
    CHECK(require_ok(sa::intake::validate(with(corporation(), "phone", "０３－１２３４－５６７８")))
              .phone == "03-1234-5678");
    CHECK(
        require_ok(sa::intake::validate(with(corporation(), "phone", "+81 (3) 1234 5678"))).phone ==
        "+81 (3) 1234 5678");
    CHECK(require_ok(sa::intake::validate(with(corporation(), "contact_phone", "090-1234-5678")))
              .contact_phone == "090-1234-5678");
    for (const char* bad : {"12", "03-1234-abcd", "0312345678901234", "内線123", "03/1234/5678"}) {
        INFO(bad);
        require_only_error(with(corporation(), "phone", bad), "phone");
        require_only_error(with(corporation(), "contact_phone", bad), "contact_phone");
    }
}

TEST_CASE("control characters are refused in every field, naming it", "[intake][validate]") {
    const std::vector<std::string> controls = {
        "\r",   "\n",   "\r\n",     "\t",     std::string(1, '\0'),
        "\x1B", "\x7F", "\xC2\x85", "\u2028", "\u2029"};
    // Every column either record type reads.
    for (const std::string& field : sa::intake::known_columns()) {
        for (const auto& ctrl : controls) {
            RawRecord base = field == "trade_name" || field == "representative_name"
                                 ? sole_proprietor()
                                 : corporation();
            std::string value = base.fields.count(field) ? base.fields[field] : std::string("x");
            value.insert(value.size() / 2, ctrl);
            INFO(field << " with control byte(s) " << static_cast<int>(ctrl[0]));
            Validation v = sa::intake::validate(with(base, field, value));
            INFO(describe(v));
            CHECK_FALSE(v.ok());
            auto fields = error_fields(v);
            CHECK(std::count(fields.begin(), fields.end(), field) == 1);
        }
    }
    SECTION("a header injection through the business name") {
        Validation v = sa::intake::validate(
            with(corporation(), "business_name", "株式会社テスト\r\nBcc: victim@example.com"));
        CHECK(error_fields(v) == std::vector<std::string>{"business_name"});
        CHECK(v.errors[0].message.find("制御文字") != std::string::npos);
    }
    SECTION("a trailing line break is not silently trimmed away") {
        require_only_error(with(corporation(), "contact_name", "山田太郎\n"), "contact_name");
    }
}

TEST_CASE("invalid UTF-8 in a field is reported on that field", "[intake][validate]") {
    require_only_error(with(corporation(), "business_name", "\x83\x65\x83\x58\x83\x67"),
                       "business_name");
    require_only_error(with(corporation(), "address", "abc\xFF"), "address");
}

TEST_CASE("lengths are bounded", "[intake][validate]") {
    auto chars = [](std::size_t n, const std::string& unit) {
        std::string s;
        for (std::size_t i = 0; i < n; ++i) s += unit;
        return s;
    };
    // Counted in characters, not bytes: 100 kanji are 300 bytes.
    CHECK(sa::intake::validate(with(corporation(), "business_name", chars(100, "株"))).ok());
    require_only_error(with(corporation(), "business_name", chars(101, "株")), "business_name");
    CHECK(sa::intake::validate(with(corporation(), "address", chars(200, "東"))).ok());
    require_only_error(with(corporation(), "address", chars(201, "東")), "address");
    CHECK(sa::intake::validate(with(corporation(), "contact_name", chars(100, "a"))).ok());
    require_only_error(with(corporation(), "contact_name", chars(101, "a")), "contact_name");
    require_only_error(with(sole_proprietor(), "trade_name", chars(101, "屋")), "trade_name");
    require_only_error(with(corporation(), "industry", chars(101, "業")), "industry");
    require_only_error(with(corporation(), "contact_department", chars(101, "部")),
                       "contact_department");
    CHECK(sa::intake::validate(with(corporation(), "application_id", chars(64, "A"))).ok());
    require_only_error(with(corporation(), "application_id", chars(65, "A")), "application_id");
    require_only_error(with(corporation(), "contact_email", chars(250, "a") + "@example.com"),
                       "contact_email");
    // A value over the bound is refused once, not also as malformed.
    require_only_error(with(corporation(), "corporate_number", chars(51, "7")), "corporate_number");
    require_only_error(with(corporation(), "prefecture", chars(51, "県")), "prefecture");
    require_only_error(with(corporation(), "tier", chars(51, "x")), "tier");
    require_only_error(with(corporation(), "employees", chars(51, "1")), "employees");
}

TEST_CASE("submitted_at needs an ISO 8601 time with offset", "[intake][validate]") {
    CHECK(require_ok(
              sa::intake::validate(with(corporation(), "submitted_at", "2026-11-21T00:30:00Z")))
              .submitted_unix == 1795221000);
    CHECK(require_ok(sa::intake::validate(
                         with(corporation(), "submitted_at", "2026-11-21T09:30:00.250+0900")))
              .submitted_unix == 1795221000);
    CHECK(require_ok(sa::intake::validate(
                         with(corporation(), "submitted_at", "２０２６-１１-２１T09:30:00+09:00")))
              .submitted_unix == 1795221000);
    for (const char* bad : {"2026-11-21T09:30:00", "2026-11-21", "2026/11/21 09:30",
                            "2025-02-29T00:00:00+09:00", "yesterday"}) {
        INFO(bad);
        require_only_error(with(corporation(), "submitted_at", bad), "submitted_at");
    }
}

TEST_CASE("application_id is printable ASCII, kept even when rejected", "[intake][validate]") {
    CHECK(
        require_ok(sa::intake::validate(with(corporation(), "application_id", " web-2026/11#42 ")))
            .application_id == "web-2026/11#42");
    for (const char* bad : {"APP 1", "申込1", "APP-１"}) {
        INFO(bad);
        require_only_error(with(corporation(), "application_id", bad), "application_id");
    }
    Validation v = sa::intake::validate(with(corporation(), "prefecture", "Tokyo"));
    CHECK_FALSE(v.ok());
    CHECK(v.application_id == "APP-0001");
}

TEST_CASE("errors found while reading travel with the record", "[intake][validate]") {
    RawRecord r = corporation();
    r.errors.push_back({"_record", "has 25 fields but the header has 20"});
    Validation v = sa::intake::validate(r);
    CHECK_FALSE(v.ok());
    CHECK_FALSE(v.application.has_value());
    REQUIRE(v.errors.size() == 1);
    CHECK(v.errors[0].field == "_record");
    CHECK(v.errors[0].message == "has 25 fields but the header has 20");

    // Several problems of the record as a whole are all kept.
    r.errors.push_back({"_record", "has a quote that is never closed"});
    CHECK(sa::intake::validate(r).errors.size() == 2);

    // A field the reader could not decode keeps the reader's reason.
    RawRecord bad = corporation();
    bad.fields["business_name"] = "\xEF\xBF\xBD";
    bad.errors.push_back({"business_name", "is not valid CP932 text"});
    Validation w = sa::intake::validate(bad);
    REQUIRE(w.errors.size() == 1);
    CHECK(w.errors[0].field == "business_name");
    CHECK(w.errors[0].message == "is not valid CP932 text");
}

TEST_CASE("every problem of a record is reported at once", "[intake][validate]") {
    RawRecord r;
    r.fields = {{"application_id", "X-1"},
                {"tier", "gold"},
                {"entity_type", "corporation"},
                {"corporate_number", "123"},
                {"prefecture", "Tokyo"},
                {"contact_email", "nobody"},
                {"employees", "-3"},
                {"pledge_five_principles", "0"}};
    Validation v = sa::intake::validate(r);
    INFO(describe(v));
    auto fields = error_fields(v);
    std::set<std::string> got(fields.begin(), fields.end());
    CHECK(got == std::set<std::string>{"submitted_at", "tier", "corporate_number", "business_name",
                                       "prefecture", "contact_name", "contact_email", "employees",
                                       "pledge_five_principles"});
    CHECK(fields.size() == got.size());  // one reason per field
    CHECK(v.application_id == "X-1");
}

TEST_CASE("known_columns lists the intake format", "[intake][validate]") {
    const auto& cols = sa::intake::known_columns();
    std::set<std::string> got(cols.begin(), cols.end());
    CHECK(got.size() == cols.size());
    CHECK(got == std::set<std::string>{"application_id",
                                       "submitted_at",
                                       "tier",
                                       "entity_type",
                                       "corporate_number",
                                       "business_name",
                                       "trade_name",
                                       "representative_name",
                                       "prefecture",
                                       "address",
                                       "phone",
                                       "employees",
                                       "industry",
                                       "contact_name",
                                       "contact_department",
                                       "contact_email",
                                       "contact_phone",
                                       "pledge_five_principles",
                                       "self_assessment_done",
                                       "basic_policy_published",
                                       "user_number"});
}

TEST_CASE("every column of the intake format has a name staff read", "[intake][validate]") {
    CHECK(sa::intake::field_label("corporate_number") == "法人番号 (corporate_number)");
    CHECK(sa::intake::field_label("contact_email") == "担当者メールアドレス (contact_email)");
    CHECK(sa::intake::field_label("_record") == "レコード全体");
    CHECK(sa::intake::field_label("fax") == "fax");
    for (const std::string& column : sa::intake::known_columns()) {
        INFO(column);
        const std::string label = sa::intake::field_label(column);
        CHECK(label.size() > column.size() + 3);
        CHECK(label.substr(label.size() - column.size() - 3) == " (" + column + ")");
    }
}

TEST_CASE("the reasons of a rejected record are in Japanese, the field names as they were",
          "[intake][validate]") {
    RawRecord r;
    r.fields = {{"application_id", "X 1"},
                {"submitted_at", "yesterday"},
                {"tier", "gold"},
                {"entity_type", "corporation"},
                {"corporate_number", "7000012050003"},
                {"prefecture", "Tokyo"},
                {"phone", "call me"},
                {"contact_email", "nobody"},
                {"employees", "-3"},
                {"contact_department", std::string(101, 'x')},
                {"address", "a\nb"},
                {"pledge_five_principles", "0"},
                {"self_assessment_done", "maybe"}};
    Validation v = sa::intake::validate(r);
    INFO(describe(v));
    REQUIRE(v.errors.size() >= 12);
    const std::regex english("\\b(is|are|must|not|the|has|have|than|a|an|of|be)\\b");
    for (const FieldError& e : v.errors) {
        INFO(e.field << ": " << e.message);
        // Hiragana or katakana: a sentence a Japanese clerk reads.
        CHECK(std::regex_search(e.message, std::regex("[ぁ-んァ-ン]")));
        CHECK_FALSE(std::regex_search(e.message, english));
    }
    auto fields = error_fields(v);
    CHECK(std::set<std::string>(fields.begin(), fields.end()) ==
          std::set<std::string>{"application_id", "submitted_at", "tier", "corporate_number",
                                "business_name", "prefecture", "phone", "contact_name",
                                "contact_email", "employees", "contact_department", "address",
                                "pledge_five_principles", "self_assessment_done"});
    CHECK(sa::intake::reused_application_id("file 'a.csv' record 3").message.find("a.csv") !=
          std::string::npos);
    CHECK_FALSE(std::regex_search(sa::intake::reused_application_id("x").message, english));
}

TEST_CASE("user_number: the applicant's 利用者番号, checked and never echoed",
          "[intake][validate]") {
    // 9 + nine digits + the Damm check digit.
    const std::string user = "91234567898";
    CHECK(require_ok(sa::intake::validate(with(corporation(), "user_number", user))).user_number ==
          user);
    CHECK(require_ok(
              sa::intake::validate(with(corporation(), "user_number", "９１２３-４５６７-８９８")))
              .user_number == user);
    CHECK(require_ok(sa::intake::validate(corporation())).user_number.empty());
    for (const char* bad : {"91234567899", "41234567898", "9123456789", "9123456789a"}) {
        INFO(bad);
        Validation v = sa::intake::validate(with(corporation(), "user_number", bad));
        CHECK(error_fields(v) == std::vector<std::string>{"user_number"});
        REQUIRE_FALSE(v.errors.empty());
        CHECK(v.errors[0].message.find(bad) == std::string::npos);
        CHECK(v.errors[0].message.find("91234") == std::string::npos);
    }
    // A re-export of the same application with its user_number is the same application.
    auto with_number = require_ok(sa::intake::validate(with(corporation(), "user_number", user)));
    auto without = require_ok(sa::intake::validate(corporation()));
    CHECK(sa::intake::fingerprint(with_number) != sa::intake::fingerprint(without));
    CHECK(sa::intake::fingerprint(without) ==
          sa::intake::fingerprint(require_ok(sa::intake::validate(corporation()))));
}

TEST_CASE("as_record gives back the record an application was read from", "[intake][validate]") {
    sa::Application a = require_ok(sa::intake::validate(with(corporation(), "employees", "25")));
    sa::Application again = require_ok(sa::intake::validate(sa::intake::as_record(a)));
    CHECK(sa::intake::fingerprint(again) == sa::intake::fingerprint(a));
    CHECK(again.employees == std::optional<std::int64_t>(25));
}
