#include <catch2/catch.hpp>

#include "domain/ids.h"

#include <algorithm>
#include <set>
#include <string>

#include "domain/damm.h"
#include "support/seeded_random.h"
#include "text/normalize.h"

TEST_CASE("make_id makes 11-digit Damm-valid numbers with the right prefix", "[domain][ids]") {
    sa::test::SeededRandom random(42);
    for (int i = 0; i < 200; ++i) {
        std::string user = sa::make_id(sa::IdKind::kUserNumber, random);
        std::string decl = sa::make_id(sa::IdKind::kDeclarationId, random);
        INFO(user << " " << decl);
        REQUIRE(user.size() == 11);
        REQUIRE(decl.size() == 11);
        CHECK(sa::text::is_ascii_digits(user));
        CHECK(sa::text::is_ascii_digits(decl));
        CHECK(user[0] == '9');
        CHECK(decl[0] == '4');
        CHECK(sa::damm_valid(user));
        CHECK(sa::damm_valid(decl));
        auto cu = sa::check_id(user);
        CHECK(cu.looks_like_id);
        CHECK(cu.valid);
        CHECK(cu.kind == sa::IdKind::kUserNumber);
        auto cd = sa::check_id(decl);
        CHECK(cd.valid);
        CHECK(cd.kind == sa::IdKind::kDeclarationId);
    }
}

TEST_CASE("make_id gives distinct, non-sequential numbers", "[domain][ids]") {
    sa::test::SeededRandom random(7);
    std::set<std::string> seen;
    std::set<char> second_digits;
    for (int i = 0; i < 5000; ++i) {
        std::string id = sa::make_id(sa::IdKind::kDeclarationId, random);
        seen.insert(id);
        second_digits.insert(id[1]);
    }
    CHECK(seen.size() == 5000);
    CHECK(second_digits.size() == 10);  // the random part really varies
    // The same seed gives the same numbers (tests rely on that for golden files).
    sa::test::SeededRandom a(99), b(99);
    CHECK(sa::make_id(sa::IdKind::kUserNumber, a) == sa::make_id(sa::IdKind::kUserNumber, b));
}

TEST_CASE("check_id", "[domain][ids]") {
    SECTION("valid numbers") {
        auto c = sa::check_id("91234567898");
        CHECK(c.looks_like_id);
        CHECK(c.kind == sa::IdKind::kUserNumber);
        CHECK(c.valid);
        auto d = sa::check_id("40000000005");
        CHECK(d.looks_like_id);
        CHECK(d.kind == sa::IdKind::kDeclarationId);
        CHECK(d.valid);
    }
    SECTION("a typo is recognised as a typo") {
        for (const char* typo :
             {"91234567899", "91234567988", "92134567898", "40000000050", "40000001005"}) {
            INFO(typo);
            auto c = sa::check_id(typo);
            CHECK(c.looks_like_id);
            CHECK_FALSE(c.valid);
        }
    }
    SECTION("wrong prefix or length") {
        for (const char* bad : {"51234567898", "01234567898", "9123456789", "912345678980", "",
                                "9123456789a", "９１２３４５６７８９８"}) {
            INFO(bad);
            auto c = sa::check_id(bad);
            CHECK_FALSE(c.looks_like_id);
            CHECK_FALSE(c.valid);
        }
        // The Damm digit alone would hold, but 5… is neither kind.
        std::string five = "5123456789";
        five += static_cast<char>('0' + sa::damm_check_digit(five));
        REQUIRE(sa::damm_valid(five));
        CHECK_FALSE(sa::check_id(five).valid);
    }
}

TEST_CASE("mask_user_number hides seven digits and the check digit", "[domain][ids]") {
    CHECK(sa::mask_user_number("91234567898") == "9*******89*");
    std::string masked = sa::mask_user_number("98765432103");
    CHECK(masked.size() == 11);
    CHECK(std::count(masked.begin(), masked.end(), '*') == 8);
    CHECK(masked.find("6543") == std::string::npos);
    CHECK(masked.back() == '*');  // the check digit would narrow the hidden seven tenfold
    // Anything that is not 11 characters is hidden entirely.
    CHECK(sa::mask_user_number("12345") == "*****");
    CHECK(sa::mask_user_number("") == "");
}
