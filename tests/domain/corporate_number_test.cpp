#include <catch2/catch.hpp>

#include "domain/corporate_number.h"

#include <string>

TEST_CASE("corporate_check_digit", "[domain][corporate_number]") {
    CHECK(sa::corporate_check_digit("000012050002") == 7);
    CHECK(sa::corporate_check_digit("180301018771") == 1);
    CHECK(sa::corporate_check_digit("010001008813") == 5);
    CHECK(sa::corporate_check_digit("120001077501") == 4);
    // Σ ≡ 0 (mod 9) gives 9, never 0.
    CHECK(sa::corporate_check_digit("000000000000") == 9);
    CHECK(sa::corporate_check_digit("000000000009") == 9);
}

TEST_CASE("normalize_corporate_number accepts valid numbers", "[domain][corporate_number]") {
    for (const char* n :
         {"7000012050002", "1180301018771", "5010001008813", "4120001077501", "9000000000000"}) {
        INFO(n);
        auto r = sa::normalize_corporate_number(n);
        REQUIRE(r.is_ok());
        CHECK(*r == n);
    }
}

TEST_CASE("normalize_corporate_number normalises what people type", "[domain][corporate_number]") {
    for (const char* typed :
         {"7000-0120-50002", "７０００ ０１２０ ５０００２", "７００００１２０５０００２",
          "7 000 012 050 002", "7000－0120－50002",
          "7000\xE3\x80\x80"
          "012050002",
          " 7000012050002 ", "7000‐0120‐50002"}) {
        INFO(typed);
        auto r = sa::normalize_corporate_number(typed);
        REQUIRE(r.is_ok());
        CHECK(*r == "7000012050002");
    }
}

TEST_CASE("normalize_corporate_number rejects bad numbers", "[domain][corporate_number]") {
    SECTION("check digit") {
        for (const char* n : {"8000012050002", "7000012050003", "1180301018772", "5010001008831"}) {
            INFO(n);
            auto r = sa::normalize_corporate_number(n);
            REQUIRE_FALSE(r.is_ok());
            CHECK(r.status().code() == sa::Status::Code::kInvalid);
            CHECK(r.status().message().find("チェックディジット") != std::string::npos);
        }
    }
    SECTION("length") {
        for (const char* n : {"700001205000", "70000120500021", "", "123"}) {
            INFO(n);
            auto r = sa::normalize_corporate_number(n);
            REQUIRE_FALSE(r.is_ok());
            CHECK(r.status().message().find("13桁") != std::string::npos);
        }
    }
    SECTION("letters and other characters") {
        for (const char* n : {"700001205000A", "T7000012050002", "7000012050002x",
                              "7000/0120/50002", "7000.0120.50002", "７０００一２０５０００２"}) {
            INFO(n);
            CHECK_FALSE(sa::normalize_corporate_number(n).is_ok());
        }
    }
}
