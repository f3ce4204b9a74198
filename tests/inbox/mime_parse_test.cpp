#include <catch2/catch.hpp>

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

// Limits only the parse's time: the worker itself must stop what goes wrong.
MimeLimits unbounded(int timeout_seconds) {
    MimeLimits limits;
    limits.max_parts = 10000000;
    limits.max_depth = 10000000;
    limits.max_message_bytes = 100u << 20;
    limits.max_header_line_bytes = 100u << 20;
    limits.timeout_seconds = timeout_seconds;
    return limits;
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

TEST_CASE("nesting deeper than the limit is not followed", "[inbox][limits]") {
    MimeLimits limits;
    limits.max_depth = 3;
    ParsedMime p = parse_in_process(nested(6), limits);
    for (const auto& leaf : p.leaves) CHECK(leaf.depth <= 3);
}

TEST_CASE("a crash in the parser costs only that message", "[inbox][limits]") {
    // Limits opened wide so that mimetic recurses until its stack overflows.
    MimeLimits limits;
    limits.max_parts = 10000000;
    limits.max_depth = 10000000;
    limits.max_message_bytes = 100u << 20;
    auto r = parse_isolated(nested(60000), limits);
    REQUIRE_FALSE(r);
    CHECK(r.status().code() == Status::Code::kInvalid);
    CHECK(r.status().message().find("MIME parser") != std::string::npos);
    // The parent is unharmed and parses the next message.
    auto next = parse_isolated(nested(2), MimeLimits());
    REQUIRE(next);
    CHECK(next->leaves.size() == 1);
}

TEST_CASE("a parse that takes too long is stopped", "[inbox][limits]") {
    MimeLimits limits;
    limits.max_header_line_bytes = 100u << 20;  // let the quadratic header line through
    limits.max_message_bytes = 100u << 20;
    limits.timeout_seconds = 1;
    std::string slow = "Subject: " + std::string(20u << 20, 'a') + "\r\n\r\nbody\r\n";
    auto r = parse_isolated(slow, limits);
    REQUIRE_FALSE(r);
    CHECK(r.status().message().find("longer than") != std::string::npos);
}

TEST_CASE("the child's result survives the trip through the pipe", "[inbox]") {
    ParsedMime p;
    p.truncated = true;
    MimeLeaf l;
    l.type = "text/plain";
    l.charset = "utf-8";
    l.body = std::string("a\0b", 3);
    l.depth = 2;
    p.leaves.push_back(l);
    auto back = deserialize(serialize(p));
    REQUIRE(back);
    CHECK(back->truncated);
    REQUIRE(back->leaves.size() == 1);
    CHECK(back->leaves[0].body == std::string("a\0b", 3));
    CHECK(back->leaves[0].depth == 2);
    CHECK_FALSE(deserialize(serialize(p).substr(0, 10)));
}

TEST_CASE("one worker parses message after message; a crash or a hang costs only that message",
          "[inbox][limits]") {
    const MimeLimits limits = unbounded(2);
    ParserWorker worker(limits);
    for (int round = 0; round < 2; ++round) {
        auto first = worker.parse(nested(2));
        REQUIRE(first);
        CHECK(first->leaves.size() == 1);
        auto crash = worker.parse(nested(60000));
        REQUIRE_FALSE(crash);
        CHECK(crash.status().message().find("MIME parser") != std::string::npos);
        auto after = worker.parse(nested(3));  // a fresh worker
        REQUIRE(after);
        CHECK(after->leaves.size() == 1);
    }
    auto slow = worker.parse("Subject: " + std::string(20u << 20, 'a') + "\r\n\r\nbody\r\n");
    REQUIRE_FALSE(slow);
    CHECK(slow.status().message().find("longer than") != std::string::npos);
    auto fine = worker.parse(nested(1));
    REQUIRE(fine);
}

TEST_CASE(
    "the worker parses the message named next while the caller works; a hint not taken changes "
    "nothing",
    "[inbox][limits]") {
    const MimeLimits limits = unbounded(2);
    auto plain = [](const std::string& body) {
        return "From: a@b.example\r\nContent-Type: text/plain\r\n\r\n" + body + "\r\n";
    };
    ParserWorker worker(limits);
    // Each result belongs to its own message, whatever was named next.
    worker.parse_next(plain("one"));
    for (const char* body : {"one", "two", "three"}) {
        const std::string next = std::string(body) == "one"   ? "two"
                                 : std::string(body) == "two" ? "three"
                                                              : "";
        if (!next.empty()) worker.parse_next(plain(next));
        auto r = worker.parse(plain(body));
        REQUIRE(r);
        REQUIRE(r->leaves.size() == 1);
        CHECK(r->leaves[0].body == std::string(body) + "\r\n");
    }
    // Named next, then another message parsed instead.
    worker.parse(plain("a"));
    worker.parse_next(plain("skipped"));
    worker.parse(plain("b"));
    auto other = worker.parse(plain("c"));
    REQUIRE(other);
    CHECK(other->leaves.at(0).body == "c\r\n");
    // A crash while parsing the message named next is that message's, not its neighbour's.
    worker.parse_next(nested(60000));
    auto before = worker.parse(plain("d"));
    REQUIRE(before);
    CHECK(before->leaves.at(0).body == "d\r\n");
    auto crash = worker.parse(nested(60000));
    REQUIRE_FALSE(crash);
    CHECK(crash.status().message().find("crashed") != std::string::npos);
    auto after = worker.parse(plain("e"));
    REQUIRE(after);
    CHECK(after->leaves.at(0).body == "e\r\n");
}
