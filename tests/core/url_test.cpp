#include <catch2/catch.hpp>

#include "core/url.h"

using sa::parse_url;

TEST_CASE("parse_url splits a server URL", "[core][url]") {
    auto u = parse_url("imap://127.0.0.1:1143/INBOX");
    REQUIRE(u);
    CHECK(u->scheme == "imap");
    CHECK(u->origin == "imap://127.0.0.1:1143");
    CHECK(u->host == "127.0.0.1");
    CHECK(u->port == 1143);
    CHECK(u->path == "INBOX");

    auto plain = parse_url("SMTPS://mail.example");
    REQUIRE(plain);
    CHECK(plain->scheme == "smtps");
    CHECK(plain->origin == "SMTPS://mail.example");
    CHECK_FALSE(plain->port);
    CHECK(plain->path.empty());

    auto v6 = parse_url("smtp://[::1]:2525");
    REQUIRE(v6);
    CHECK(v6->host == "[::1]");
    CHECK(v6->port == 2525);

    auto user = parse_url("imaps://secretariat@imap.example:993/INBOX");
    REQUIRE(user);
    CHECK(user->host == "imap.example");
    CHECK(user->origin == "imaps://secretariat@imap.example:993");
}

TEST_CASE("parse_url decodes the path: percent-escapes and UTF-8 as written", "[core][url]") {
    CHECK(parse_url("imap://h/%E4%BA%8B%E5%8B%99%E5%B1%80/%e5%8f%97%e4%bb%98")->path ==
          "事務局/受付");
    CHECK(parse_url("imap://h/事務局/受付")->path == "事務局/受付");
    CHECK(parse_url("imap://h/Sent Items")->path == "Sent Items");
    CHECK(parse_url("imap://h/")->path.empty());
}

TEST_CASE("parse_url names what is wrong", "[core][url]") {
    struct Case {
        const char* url;
        const char* names;
    };
    for (const Case& c :
         {Case{"imap://127.0.0.1:%zz/INBOX", "port '%zz'"},
          Case{"imap://127.0.0.1:0/INBOX", "port '0'"},
          Case{"smtp://127.0.0.1:65536", "port '65536'"}, Case{"smtp://127.0.0.1:", "port ''"},
          Case{"smtp://127.0.0.1:-25", "port '-25'"},
          Case{"imap://127.0.0.1/%zz", "'%zz' is not a percent-escape"},
          Case{"imap://127.0.0.1/INBOX%4", "'%4' is not a percent-escape"},
          Case{"imap://127.0.0.1/%4z", "'%4z' is not a percent-escape"},
          Case{"imap://127.0.0.1/IN%", "'%' is not a percent-escape"},
          Case{"127.0.0.1:25", "is not a URL"}, Case{"://host", "is not a URL"},
          Case{"1smtp://host", "is not a URL scheme"}, Case{"smtp://", "no host"},
          Case{"smtp://:25", "no host"}, Case{"smtp://user@", "no host"},
          Case{"smtp://[::1", "'[' without ']'"}, Case{"smtp://[::1]x", "'x' after the host"},
          Case{"smtp://mail example", "a space in the host"},
          Case{"imap://h/IN\nBOX", "a control character"}}) {
        INFO(c.url);
        auto u = parse_url(c.url);
        REQUIRE_FALSE(u);
        CHECK(u.status().code() == sa::Status::Code::kInvalid);
        CHECK(u.status().message().find(c.names) != std::string::npos);
    }
}
