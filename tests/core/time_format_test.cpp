#include <catch2/catch.hpp>

#include "core/time_format.h"

#include <string>
#include <utility>
#include <vector>

using sa::UnixTime;

// Reference values below were computed independently with Python's datetime module.

TEST_CASE("parse_iso8601 accepts the offset forms", "[core][time]") {
    // 2026-11-21T09:30:00+09:00 == 2026-11-21T00:30:00Z == 1795221000
    const UnixTime expected = 1795221000;
    for (const char* text :
         {"2026-11-21T09:30:00+09:00", "2026-11-21T09:30:00+0900", "2026-11-21T00:30:00Z",
          "2026-11-21T00:30:00z", "2026-11-21T00:30:00+00:00", "2026-11-20T19:30:00-05:00",
          "2026-11-21T06:00:00+05:30", "2026-11-21 09:30:00+09:00"}) {
        INFO(text);
        auto t = sa::parse_iso8601(text);
        REQUIRE(t.is_ok());
        CHECK(*t == expected);
    }
}

TEST_CASE("parse_iso8601 drops fractional seconds", "[core][time]") {
    auto t = sa::parse_iso8601("2026-11-21T09:30:00.123+09:00");
    REQUIRE(t.is_ok());
    CHECK(*t == 1795221000);
    auto t2 = sa::parse_iso8601("2026-11-21T00:30:00.999999Z");
    REQUIRE(t2.is_ok());
    CHECK(*t2 == 1795221000);
    // A dot without digits is not a fraction.
    CHECK_FALSE(sa::parse_iso8601("2026-11-21T09:30:00.+09:00").is_ok());
}

TEST_CASE("parse_iso8601 known values", "[core][time]") {
    const std::vector<std::pair<std::string, UnixTime>> cases = {
        {"1970-01-01T00:00:00Z", 0},
        {"1969-12-31T23:59:59Z", -1},
        {"2024-02-29T00:00:00+00:00", 1709164800},
        {"2024-02-29T23:59:59+09:00", 1709218799},
        {"2000-02-29T12:00:00-05:00", 951843600},
        {"2026-01-01T00:00:00+09:00", 1767193200},
        {"2025-12-31T23:59:59Z", 1767225599},
        {"2026-03-01T00:00:00-05:00", 1772341200},
        {"2100-03-01T00:00:00Z", 4107542400},
        {"2026-12-31T23:59:59+09:00", 1798729199},
    };
    for (const auto& [text, expected] : cases) {
        INFO(text);
        auto t = sa::parse_iso8601(text);
        REQUIRE(t.is_ok());
        CHECK(*t == expected);
    }
}

TEST_CASE("parse_iso8601 refuses a time without an offset", "[core][time]") {
    auto t = sa::parse_iso8601("2026-11-21T09:30:00");
    REQUIRE_FALSE(t.is_ok());
    CHECK(t.status().code() == sa::Status::Code::kInvalid);
    CHECK(t.status().message().find("offset") != std::string::npos);
    CHECK_FALSE(sa::parse_iso8601("2026-11-21T09:30:00.5").is_ok());
    CHECK_FALSE(sa::parse_iso8601("2026-11-21").is_ok());
}

TEST_CASE("parse_iso8601 February 29 only in leap years", "[core][time]") {
    CHECK(sa::parse_iso8601("2024-02-29T00:00:00Z").is_ok());
    CHECK(sa::parse_iso8601("2000-02-29T00:00:00Z").is_ok());  // divisible by 400
    CHECK_FALSE(sa::parse_iso8601("2025-02-29T00:00:00Z").is_ok());
    CHECK_FALSE(sa::parse_iso8601("2100-02-29T00:00:00Z").is_ok());  // divisible by 100
    CHECK_FALSE(sa::parse_iso8601("2024-02-30T00:00:00Z").is_ok());
}

TEST_CASE("parse_iso8601 rejects out-of-range and malformed values", "[core][time]") {
    for (const char* text :
         {"2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-04-31T00:00:00Z",
          "2026-01-00T00:00:00Z", "2026-01-32T00:00:00Z", "2026-01-01T24:00:00Z",
          "2026-01-01T23:60:00Z", "2026-01-01T23:59:61Z", "2026-01-01T00:00:00+24:00",
          "2026-01-01T00:00:00+09:60", "2026-01-01T00:00:00+9:00", "2026-01-01T00:00:00+09:00x",
          "2026-01-01T00:00:00 +09:00", "2026/01/01T00:00:00Z", "26-01-01T00:00:00Z",
          "2026-1-01T00:00:00Z", "", "garbage", "2026-01-01X00:00:00Z"}) {
        INFO(text);
        auto t = sa::parse_iso8601(text);
        CHECK_FALSE(t.is_ok());
        if (!t.is_ok()) CHECK(t.status().code() == sa::Status::Code::kInvalid);
    }
}

TEST_CASE("parse_utc_offset", "[core][time]") {
    CHECK(*sa::parse_utc_offset("Z") == 0);
    CHECK(*sa::parse_utc_offset("z") == 0);
    CHECK(*sa::parse_utc_offset("+09:00") == 540);
    CHECK(*sa::parse_utc_offset("+0900") == 540);
    CHECK(*sa::parse_utc_offset("-05:00") == -300);
    CHECK(*sa::parse_utc_offset("-0530") == -330);
    CHECK(*sa::parse_utc_offset("+05:45") == 345);
    CHECK(*sa::parse_utc_offset("+00:00") == 0);
    CHECK(*sa::parse_utc_offset("-00:00") == 0);
    for (const char* bad : {"", "09:00", "+9:00", "+09:0", "+090", "+09000", "+24:00", "+09:60",
                            "JST", "UTC", "+09-00", "*09:00", "+0a:00"}) {
        INFO(bad);
        CHECK_FALSE(sa::parse_utc_offset(bad).is_ok());
    }
}

TEST_CASE("format_rfc5322 weekday, month names and offset", "[core][time]") {
    CHECK(sa::format_rfc5322(1795221000, 540) == "Sat, 21 Nov 2026 09:30:00 +0900");
    CHECK(sa::format_rfc5322(1795221000, 0) == "Sat, 21 Nov 2026 00:30:00 +0000");
    CHECK(sa::format_rfc5322(1795221000, -300) == "Fri, 20 Nov 2026 19:30:00 -0500");
    CHECK(sa::format_rfc5322(1795221000, 330) == "Sat, 21 Nov 2026 06:00:00 +0530");
    CHECK(sa::format_rfc5322(0, 0) == "Thu, 01 Jan 1970 00:00:00 +0000");
    CHECK(sa::format_rfc5322(-1, 0) == "Wed, 31 Dec 1969 23:59:59 +0000");
    CHECK(sa::format_rfc5322(951782400, 0) == "Tue, 29 Feb 2000 00:00:00 +0000");
    CHECK(sa::format_rfc5322(1709164799, 540) == "Thu, 29 Feb 2024 08:59:59 +0900");
    CHECK(sa::format_rfc5322(4102444800, 0) == "Fri, 01 Jan 2100 00:00:00 +0000");

    SECTION("every month") {
        const std::vector<std::pair<UnixTime, std::string>> months = {
            {1768478400, "Thu, 15 Jan 2026 12:00:00 +0000"},
            {1771156800, "Sun, 15 Feb 2026 12:00:00 +0000"},
            {1773576000, "Sun, 15 Mar 2026 12:00:00 +0000"},
            {1776254400, "Wed, 15 Apr 2026 12:00:00 +0000"},
            {1778846400, "Fri, 15 May 2026 12:00:00 +0000"},
            {1781524800, "Mon, 15 Jun 2026 12:00:00 +0000"},
            {1784116800, "Wed, 15 Jul 2026 12:00:00 +0000"},
            {1786795200, "Sat, 15 Aug 2026 12:00:00 +0000"},
            {1789473600, "Tue, 15 Sep 2026 12:00:00 +0000"},
            {1792065600, "Thu, 15 Oct 2026 12:00:00 +0000"},
            {1794744000, "Sun, 15 Nov 2026 12:00:00 +0000"},
            {1797336000, "Tue, 15 Dec 2026 12:00:00 +0000"},
        };
        for (const auto& [t, expected] : months) CHECK(sa::format_rfc5322(t, 0) == expected);
    }
    SECTION("every weekday") {
        const std::vector<std::pair<UnixTime, std::string>> days = {
            {1794700800, "Sun, 15 Nov 2026 00:00:00 +0000"},
            {1794787200, "Mon, 16 Nov 2026 00:00:00 +0000"},
            {1794873600, "Tue, 17 Nov 2026 00:00:00 +0000"},
            {1794960000, "Wed, 18 Nov 2026 00:00:00 +0000"},
            {1795046400, "Thu, 19 Nov 2026 00:00:00 +0000"},
            {1795132800, "Fri, 20 Nov 2026 00:00:00 +0000"},
            {1795219200, "Sat, 21 Nov 2026 00:00:00 +0000"},
        };
        for (const auto& [t, expected] : days) CHECK(sa::format_rfc5322(t, 0) == expected);
    }
}

TEST_CASE("format_iso8601 and format_date", "[core][time]") {
    CHECK(sa::format_iso8601(1795221000, 540) == "2026-11-21T09:30:00+09:00");
    CHECK(sa::format_iso8601(1795221000, 0) == "2026-11-21T00:30:00+00:00");
    CHECK(sa::format_iso8601(1795221000, -300) == "2026-11-20T19:30:00-05:00");
    CHECK(sa::format_iso8601(1795221000, 330) == "2026-11-21T06:00:00+05:30");
    CHECK(sa::format_iso8601(0, 0) == "1970-01-01T00:00:00+00:00");
    CHECK(sa::format_iso8601(1767193200, 540) == "2026-01-01T00:00:00+09:00");
    CHECK(sa::format_iso8601(1767193200, 0) == "2025-12-31T15:00:00+00:00");

    // The date depends on the offset: 15:00Z on New Year's Eve is already New Year in Japan.
    CHECK(sa::format_date(1767193200, 540) == "2026-01-01");
    CHECK(sa::format_date(1767193200, 0) == "2025-12-31");
    CHECK(sa::format_date(1709164799, 540) == "2024-02-29");
    CHECK(sa::format_date(1709164799, 0) == "2024-02-28");
}

TEST_CASE("format_iso8601 and parse_iso8601 round-trip", "[core][time]") {
    for (UnixTime t : {UnixTime(0), UnixTime(-86401), UnixTime(951782400), UnixTime(1709164799),
                       UnixTime(1795221000), UnixTime(4107542400)}) {
        for (int offset : {0, 540, -300, 330, -720, 840}) {
            std::string text = sa::format_iso8601(t, offset);
            INFO(text);
            auto back = sa::parse_iso8601(text);
            REQUIRE(back.is_ok());
            CHECK(*back == t);
            auto off = sa::parse_utc_offset(text.substr(19));
            REQUIRE(off.is_ok());
            CHECK(*off == offset);
        }
    }
}
