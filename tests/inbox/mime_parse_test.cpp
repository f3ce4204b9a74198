#include <catch2/catch.hpp>

#include "inbox/message.h"
#include "inbox/mime_parse.h"

using namespace sa;
using namespace sa::inbox;

namespace {

std::string nested(int depth) {
    std::string head = "From: a@b.example\r\nMIME-Version: 1.0\r\n";
    std::string open, close;
    for (int i = 0; i < depth; ++i) {
        std::string b = "b" + std::to_string(i);
        open += "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\n--" + b + "\r\n";
        close = "\r\n--" + b + "--\r\n" + close;
    }
    return head + open + "Content-Type: text/plain\r\n\r\nhello\r\n" + close;
}

// A multipart/mixed of `n` text parts side by side, its boundary parameter on a folded line.
std::string flat(int n) {
    std::string m =
        "From: a@b.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n "
        "boundary=\"flat\"\r\n\r\npreamble\r\n";
    for (int i = 0; i < n; ++i)
        m += "--flat\r\nContent-Type: text/plain\r\n\r\npart " + std::to_string(i) + "\r\n";
    return m + "--flat--\r\n";
}

}  // namespace

TEST_CASE("leaves come out transfer-decoded with their parameters", "[inbox]") {
    std::string raw =
        "From: a@b.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
        "boundary=\"XX\"\r\n\r\n"
        "--XX\r\nContent-Type: text/plain; charset=\"ISO-2022-JP\"\r\nContent-Transfer-Encoding: "
        "base64\r\n\r\n"
        "GyRCJUYlOSVIGyhC\r\n"
        "--XX\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: "
        "quoted-printable\r\n\r\n"
        "<p>=E3=83=86</p>\r\n"
        "--XX\r\nContent-Type: application/pdf; name=\"a.pdf\"\r\nContent-Disposition: "
        "attachment;\r\n"
        " filename*=UTF-8''%E7%94%B3%E8%AB%8B.pdf\r\nContent-Transfer-Encoding: "
        "base64\r\n\r\nJVBERg==\r\n--XX--\r\n";
    ParsedMime p = parse_in_process(raw, MimeLimits());
    REQUIRE(p.leaves.size() == 3);
    CHECK(p.leaves[0].type == "text/plain");
    CHECK(p.leaves[0].charset == "ISO-2022-JP");
    CHECK(p.leaves[0].body == "\x1B$B%F%9%H\x1B(B");
    CHECK(p.leaves[1].type == "text/html");
    CHECK(p.leaves[1].body.find("<p>\xE3\x83\x86</p>") == 0);
    CHECK(p.leaves[2].disposition == "attachment");
    CHECK(p.leaves[2].filename == "申請.pdf");
    CHECK(p.leaves[2].body == "%PDF");
    CHECK(p.leaves[2].depth == 1);
}

TEST_CASE("header parameters: quotes, RFC 2231 continuations and charsets", "[inbox]") {
    CHECK(header_parameter("text/plain; charset=\"utf-8\"", "charset") == "utf-8");
    CHECK(header_parameter("text/plain; CHARSET=iso-2022-jp; format=flowed", "charset") ==
          "iso-2022-jp");
    CHECK(header_parameter("attachment; filename*0=\"a\"; filename*1=\"b.txt\"", "filename") ==
          "ab.txt");
    CHECK(header_parameter("attachment; filename*=iso-2022-jp''%1B%24B%25F%1B%28B.txt",
                           "filename") == "テ.txt");
    CHECK(header_parameter("text/plain", "charset").empty());
    CHECK(header_parameter("x; a=\"unterminated", "a") == "unterminated");
}

TEST_CASE("limits are checked before mimetic sees a message", "[inbox][limits]") {
    MimeLimits limits;
    limits.max_message_bytes = 1000;
    auto big = check_limits(std::string(1001, 'x'), limits);
    REQUIRE_FALSE(big);
    CHECK(big.status().message().find("1000") != std::string::npos);

    limits = MimeLimits();
    limits.max_parts = 20;
    auto deep = check_limits(nested(50), limits);
    REQUIRE_FALSE(deep);
    CHECK(deep.status().message().find("parts") != std::string::npos);

    limits = MimeLimits();
    limits.max_header_line_bytes = 100;
    std::string long_header =
        "Subject: " + std::string(5000, 'a') + "\r\n\r\nbody " + std::string(5000, 'b') + "\r\n";
    auto cut = check_limits(long_header, limits);
    REQUIRE(cut);
    CHECK(cut->size() < 5200);                                      // the header line was cut …
    CHECK(cut->find(std::string(5000, 'b')) != std::string::npos);  // … the body was not
}

TEST_CASE("inbox.max_parts counts parts, whatever their shape", "[inbox][limits]") {
    MimeLimits limits;  // max_parts 200
    CHECK(check_limits(flat(200), limits));
    for (int n : {201, 500, 807}) {
        INFO(n << " flat parts");
        auto many = check_limits(flat(n), limits);
        REQUIRE_FALSE(many);
        CHECK(many.status().message() ==
              "has " + std::to_string(n) + " MIME parts, more than inbox.max_parts (200)");
    }
    // 70 parts of three parts each, one boundary for all the inner ones: 280 parts.
    std::string nested_parts =
        "From: a@b.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
        "boundary=outer\r\n\r\n";
    for (int i = 0; i < 70; ++i) {
        nested_parts += "--outer\r\nContent-Type: multipart/alternative; boundary=\"in\"\r\n\r\n";
        for (int j = 0; j < 3; ++j)
            nested_parts += "--in\t\r\nContent-Type: text/plain\r\n\r\nx\r\n";
        nested_parts += "--in--\r\n";
    }
    nested_parts += "--outer--\r\n";
    auto nested_many = check_limits(nested_parts, limits);
    REQUIRE_FALSE(nested_many);
    CHECK(nested_many.status().message().find("has 280 MIME parts") != std::string::npos);
    // Such a message is unreadable, for a person: its parts are never read, let alone answered.
    CHECK(decode_message(flat(500), limits).unreadable ==
          "has 500 MIME parts, more than inbox.max_parts (200)");
    // A line that merely starts like a delimiter is no part.
    CHECK(check_limits(flat(150) + std::string("--flatter\r\n--\r\n"), limits));
}

TEST_CASE("nesting deeper than the limit is not followed", "[inbox][limits]") {
    MimeLimits limits;
    limits.max_depth = 3;
    ParsedMime p = parse_in_process(nested(6), limits);
    for (const auto& leaf : p.leaves) CHECK(leaf.depth <= 3);
}
