#include <catch2/catch.hpp>

#include "mail/template.h"

using namespace sa;

TEST_CASE("a template has a subject line, a blank line and a body", "[mail]") {
    auto t = mime::parse_template("t", "Subject: 件名 {{a}}\r\n\r\n本文 {{ b }} と {{a}}\r\n");
    REQUIRE(t);
    CHECK(t->subject == "件名 {{a}}");
    CHECK(t->placeholders == std::set<std::string>{"a", "b"});
    auto body = t->render_body({{"a", "A"}, {"b", "B"}});
    REQUIRE(body);
    CHECK(*body == "本文 B と A\n");
    auto subject = t->render_subject({{"a", "x"}});
    REQUIRE(subject);
    CHECK(*subject == "件名 x");
}

TEST_CASE("a placeholder without a value is an error naming it", "[mail]") {
    auto t = mime::parse_template("t", "Subject: s\n\n{{missing}}\n");
    REQUIRE(t);
    auto body = t->render_body({});
    REQUIRE_FALSE(body);
    CHECK(body.status().message().find("{{missing}}") != std::string::npos);
}

TEST_CASE("malformed templates are refused", "[mail]") {
    CHECK_FALSE(mime::parse_template("t", "no subject\n\nbody"));
    CHECK_FALSE(mime::parse_template("t", "Subject: s\nbody without blank line"));
    CHECK_FALSE(mime::parse_template("t", "Subject: s\n\n\xFF\xFE"));
}

TEST_CASE("values are inserted as they are, never re-expanded", "[mail]") {
    auto t = mime::parse_template("t", "Subject: s\n\n{{a}}\n");
    REQUIRE(t);
    auto body = t->render_body({{"a", "{{a}}"}});
    REQUIRE(body);
    CHECK(*body == "{{a}}\n");
}
