#include <catch2/catch.hpp>

#include "domain/prefecture.h"

#include <set>
#include <string>

TEST_CASE("all_prefectures has the 47 in JIS X 0401 order", "[domain][prefecture]") {
    const auto& all = sa::all_prefectures();
    REQUIRE(all.size() == 47);
    CHECK(std::set<std::string>(all.begin(), all.end()).size() == 47);
    CHECK(all.front() == "北海道");
    CHECK(all[12] == "東京都");  // code 13
    CHECK(all[26] == "大阪府");  // code 27
    CHECK(all.back() == "沖縄県");
    int to = 0, fu = 0, ken = 0, dou = 0;
    for (const auto& p : all) {
        std::string last = p.substr(p.size() - 3);
        if (last == "都") ++to;
        if (last == "府") ++fu;
        if (last == "県") ++ken;
        if (last == "道") ++dou;
    }
    CHECK(to == 1);
    CHECK(fu == 2);
    CHECK(ken == 43);
    CHECK(dou == 1);
}

TEST_CASE("every full name maps to itself", "[domain][prefecture]") {
    for (const auto& p : sa::all_prefectures()) {
        INFO(p);
        auto r = sa::normalize_prefecture(p);
        REQUIRE(r.has_value());
        CHECK(*r == p);
    }
}

TEST_CASE("short forms map to the full name", "[domain][prefecture]") {
    CHECK(sa::normalize_prefecture("東京") == std::optional<std::string>("東京都"));
    CHECK(sa::normalize_prefecture("大阪") == std::optional<std::string>("大阪府"));
    CHECK(sa::normalize_prefecture("京都") == std::optional<std::string>("京都府"));
    CHECK(sa::normalize_prefecture("神奈川") == std::optional<std::string>("神奈川県"));
    CHECK(sa::normalize_prefecture("鹿児島") == std::optional<std::string>("鹿児島県"));
    CHECK(sa::normalize_prefecture("北海道") == std::optional<std::string>("北海道"));
    // Every short form of a 県 works.
    for (const auto& p : sa::all_prefectures()) {
        if (p == "北海道") continue;
        std::string short_form = p.substr(0, p.size() - 3);
        INFO(short_form);
        CHECK(sa::normalize_prefecture(short_form) == std::optional<std::string>(p));
    }
}

TEST_CASE("spaces around and inside are ignored", "[domain][prefecture]") {
    CHECK(sa::normalize_prefecture(" 東京都 ") == std::optional<std::string>("東京都"));
    CHECK(sa::normalize_prefecture("\xE3\x80\x80大阪\xE3\x80\x80") ==
          std::optional<std::string>("大阪府"));
    CHECK(sa::normalize_prefecture("神奈川 県") == std::optional<std::string>("神奈川県"));
    CHECK(sa::normalize_prefecture("\t京都府\t") == std::optional<std::string>("京都府"));
}

TEST_CASE("anything else names no prefecture", "[domain][prefecture]") {
    for (const char* bad : {"東京府", "Tokyo", "", "   ", "\xE3\x80\x80", "北海", "大阪都", "東",
                            "東京都新宿区", "日本", "県"}) {
        INFO(bad);
        CHECK_FALSE(sa::normalize_prefecture(bad).has_value());
    }
}
