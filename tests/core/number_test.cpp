#include <catch2/catch.hpp>

#include "core/number.h"

#include <cstdint>
#include <string>

using sa::parse_integer;

TEST_CASE("parse_integer reads a whole number and nothing else", "[core][number]") {
    CHECK(*parse_integer<int>("0") == 0);
    CHECK(*parse_integer<int>("42") == 42);
    CHECK(*parse_integer<int>("-42") == -42);
    CHECK(*parse_integer<std::int64_t>("9223372036854775807") == INT64_MAX);
    CHECK(*parse_integer<std::int64_t>("-9223372036854775808") == INT64_MIN);
    CHECK(*parse_integer<std::uint64_t>("18446744073709551615") == UINT64_MAX);
    CHECK(*parse_integer<std::size_t>("007") == 7);  // leading zeros are digits
    for (const char* bad : {"", " 1", "1 ", "+1", "1a", "abc", "1.5", "1e3", "0x10", "١٢", "１２",
                            "--1", "-", "12\n"}) {
        INFO("'" << bad << "'");
        auto r = parse_integer<int>(bad);
        REQUIRE_FALSE(r);
        CHECK(r.status().code() == sa::Status::Code::kInvalid);
    }
}

TEST_CASE("parse_integer refuses a sign on an unsigned type and anything out of range",
          "[core][number]") {
    // std::stoul("-1") is 18446744073709551615; a checked parser says no.
    auto negative = parse_integer<std::size_t>("-1");
    REQUIRE_FALSE(negative);
    CHECK(negative.status().message() == "'-1' is not a non-negative whole number");

    auto big = parse_integer<int>("2147483648");
    REQUIRE_FALSE(big);
    CHECK(big.status().message() == "'2147483648' is out of range (-2147483648 to 2147483647)");
    CHECK(*parse_integer<int>("2147483647") == 2147483647);
    CHECK_FALSE(parse_integer<std::uint64_t>("18446744073709551616"));
    CHECK_FALSE(parse_integer<std::int64_t>("99999999999999999999999999"));
}

TEST_CASE("parse_integer names the text and what was expected", "[core][number]") {
    CHECK(parse_integer<int>("abc").status().message() == "'abc' is not a whole number");
    CHECK(parse_integer<int>("").status().message() == "empty: expected a whole number");
    CHECK(parse_integer<int>("zz", 16).status().message() == "'zz' is not a hexadecimal number");
}

TEST_CASE("parse_integer reads other bases, digits in either case", "[core][number]") {
    CHECK(*parse_integer<int>("ff", 16) == 255);
    CHECK(*parse_integer<int>("FF", 16) == 255);
    CHECK(*parse_integer<unsigned>("2F", 16) == 0x2F);
    CHECK_FALSE(parse_integer<int>("4z", 16));  // std::stoi("4z", nullptr, 16) gives 4
    CHECK_FALSE(parse_integer<int>("0x1F", 16));
    CHECK(*parse_integer<int>("101", 2) == 5);
    CHECK_FALSE(parse_integer<int>("102", 2));
}
