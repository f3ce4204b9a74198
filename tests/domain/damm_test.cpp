#include <catch2/catch.hpp>

#include "domain/damm.h"

#include <string>
#include <vector>

#include "core/status.h"

TEST_CASE("Damm check digit known vectors", "[domain][damm]") {
    // The textbook example: 572 → 4.
    CHECK(sa::damm_check_digit("572") == 4);
    CHECK(sa::damm_valid("5724"));
    CHECK_FALSE(sa::damm_valid("5723"));
    CHECK(sa::damm_check_digit("") == 0);
    CHECK(sa::damm_check_digit("0") == 0);
    // Computed independently (Python, same quasigroup).
    CHECK(sa::damm_check_digit("9123456789") == 8);
    CHECK(sa::damm_check_digit("4000000000") == 5);
    CHECK(sa::damm_check_digit("9876543210") == 3);
    CHECK(sa::damm_check_digit("4999999999") == 6);
    CHECK(sa::damm_valid("91234567898"));
    CHECK(sa::damm_valid("40000000005"));
}

TEST_CASE("damm_valid refuses non-digits and empty input", "[domain][damm]") {
    CHECK_FALSE(sa::damm_valid(""));
    CHECK_FALSE(sa::damm_valid("572a"));
    CHECK_FALSE(sa::damm_valid("５７２４"));
    CHECK_FALSE(sa::damm_valid(" 5724"));
    // The check digit of a non-digit string is a broken invariant.
    CHECK_THROWS_AS(sa::damm_check_digit("12x"), sa::Error);
}

TEST_CASE("Damm detects every single-digit error and adjacent transposition", "[domain][damm]") {
    for (std::string base :
         {"9123456789", "4000000000", "9876543210", "4999999999", "9000000001", "4102938475"}) {
        std::string id = base + static_cast<char>('0' + sa::damm_check_digit(base));
        INFO(id);
        REQUIRE(id.size() == 11);
        REQUIRE(sa::damm_valid(id));
        int substitutions = 0, transpositions = 0;
        for (std::size_t i = 0; i < id.size(); ++i) {
            for (char d = '0'; d <= '9'; ++d) {
                if (d == id[i]) continue;
                std::string typo = id;
                typo[i] = d;
                INFO(typo);
                CHECK_FALSE(sa::damm_valid(typo));
                ++substitutions;
            }
        }
        for (std::size_t i = 0; i + 1 < id.size(); ++i) {
            if (id[i] == id[i + 1]) continue;
            std::string typo = id;
            std::swap(typo[i], typo[i + 1]);
            INFO(typo);
            CHECK_FALSE(sa::damm_valid(typo));
            ++transpositions;
        }
        CHECK(substitutions == 11 * 9);
        CHECK(transpositions > 0);
    }
}
