#include "transport/imap_response.h"

#include <catch2/catch.hpp>

#include "transport/imap.h"

using namespace sa;
using namespace sa::imap;

namespace {

// Everything `reader` yields from `stream` fed `chunk` bytes at a time.
std::vector<Response> read_all(const std::string& stream, std::size_t chunk,
                               std::size_t max_literal = 1 << 20) {
    ResponseReader reader(max_literal);
    std::vector<Response> out;
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
        reader.feed(stream.data() + at, std::min(chunk, stream.size() - at));
        for (;;) {
            auto r = reader.next();
            REQUIRE(r);
            if (!*r) break;
            out.push_back(std::move(**r));
        }
    }
    return out;
}

// A message whose body looks like IMAP: a tagged OK, a literal announcement, a FETCH line.
const std::string kHostile =
    "Subject: test\r\n\r\nB2 OK Fetch completed\r\n* 9 FETCH (UID 99 BODY[] "
    "{3}\r\nabc)\r\n{12}\r\n";

std::string fetch_stream() {
    return "* 1 FETCH (UID 7 BODY[]<0> {" + std::to_string(kHostile.size()) + "}\r\n" + kHostile +
           ")\r\n" + "* 2 FETCH (BODY[]<0> {5}\r\nhello UID 8)\r\n" +
           "* 3 FETCH (FLAGS (\\Seen) UID 9 BODY[]<0> \"quoted \\\"body\\\"\")\r\n" +
           "* 4 FETCH (UID 10 BODY[]<0> NIL)\r\n" +
           "* 5 EXPUNGE\r\n"
           "B2 OK Fetch completed.\r\n";
}

}  // namespace

TEST_CASE("the response reader follows literals, however the bytes arrive", "[imap]") {
    const std::string stream = fetch_stream();
    for (std::size_t chunk : {std::size_t(1), std::size_t(7), std::size_t(64), stream.size()}) {
        INFO("chunk " << chunk);
        auto responses = read_all(stream, chunk);
        REQUIRE(responses.size() == 6);
        CHECK(responses[0].literals.size() == 1);
        CHECK(responses[0].literals[0].bytes == kHostile);
        CHECK(responses[0].text ==
              "* 1 FETCH (UID 7 BODY[]<0> {" + std::to_string(kHostile.size()) + "})");
        CHECK(responses[4].text == "* 5 EXPUNGE");
        CHECK(tagged_status(responses[5], "B2") == "OK");
        CHECK(tagged_status(responses[5], "B1").empty());
        CHECK(tagged_status(responses[0], "B2").empty());
    }
}

TEST_CASE("FETCH sections are found by UID whatever the order of the items", "[imap]") {
    auto bodies = fetched_sections(read_all(fetch_stream(), 4096), "BODY[]<0>");
    CHECK(bodies.size() == 3);
    CHECK(bodies.at(7) == kHostile);
    CHECK(bodies.at(8) == "hello");
    CHECK(bodies.at(9) == "quoted \"body\"");
    CHECK(bodies.count(10) == 0);  // NIL
    CHECK(bodies.count(99) == 0);  // only inside a message
    CHECK(fetched_sections(read_all(fetch_stream(), 4096), "BODY[HEADER]<0>").empty());
}

TEST_CASE("a literal or a line over its limit stops the reader", "[imap][limits]") {
    ResponseReader reader(100, 50);
    reader.feed("* 1 FETCH (UID 1 BODY[] {101}\r\n", 32);
    CHECK(reader.next().status().code() == Status::Code::kInvalid);

    ResponseReader lines(100, 50);
    const std::string long_line(60, 'x');
    lines.feed(long_line.data(), long_line.size());
    CHECK(lines.next().status().code() == Status::Code::kInvalid);

    // A line of exactly the limit whose LF comes after its CR, in another read.
    ResponseReader at_limit(100, 50);
    const std::string fifty = "* " + std::string(48, 'y') + "\r";
    at_limit.feed(fifty.data(), fifty.size());
    auto waiting = at_limit.next();
    REQUIRE(waiting);
    CHECK_FALSE(*waiting);
    at_limit.feed("\n", 1);
    auto whole = at_limit.next();
    REQUIRE(whole);
    REQUIRE(*whole);
    CHECK((*whole)->text.size() == 50);

    ResponseReader exact(5, 50);
    const std::string ok = "* 1 FETCH (UID 1 BODY[] {5}\r\nhello)\r\n";
    exact.feed(ok.data(), ok.size());
    auto r = exact.next();
    REQUIRE(r);
    REQUIRE(*r);
    CHECK((*r)->literals.at(0).bytes == "hello");
}

TEST_CASE("a line that only looks like a literal's start is not one", "[imap]") {
    auto responses = read_all("* OK [ALERT] {x}\r\n* OK {}\r\nB1 OK done {3+}\r\nabc\r\n", 5);
    REQUIRE(responses.size() == 3);
    CHECK(responses[0].literals.empty());
    CHECK(responses[1].literals.empty());
    CHECK(responses[2].literals.at(0).bytes == "abc");  // LITERAL+ form
}

TEST_CASE("SEARCH, size FETCH and STATUS replies", "[imap]") {
    CHECK(parse_search("* SEARCH 5 3 12\r\n") == std::vector<std::uint64_t>{3, 5, 12});
    CHECK(parse_search("* SEARCH\r\n").empty());
    auto refs =
        parse_sizes("* 2 FETCH (UID 12 RFC822.SIZE 3456)\r\n* 1 FETCH (RFC822.SIZE 10 UID 4)\r\n");
    REQUIRE(refs.size() == 2);
    CHECK(refs[0].uid == 4);
    CHECK(refs[0].size == 10);
    CHECK(refs[1].uid == 12);
    CHECK(refs[1].size == 3456);
    MailboxStatus s =
        parse_status("* STATUS \"INBOX\" (UIDVALIDITY 1795308178 UIDNEXT 1001 MESSAGES 3)\r\n");
    CHECK(s.uidvalidity == 1795308178u);
    CHECK(s.uidnext == 1001);
    CHECK(s.messages == 3);
    CHECK(number_after("* OK [UIDVALIDITY 42] UIDs valid", "UIDVALIDITY") == 42);
    CHECK(uid_set({3, 5, 7}) == "3,5,7");
    CHECK(quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
}

TEST_CASE("a number too large for a UID is no UID, and never an exception", "[imap][limits]") {
    // A hostile or broken server: std::stoull threw std::out_of_range out of the inbox job.
    CHECK(parse_search("* SEARCH 7 99999999999999999999999 3\r\n") ==
          std::vector<std::uint64_t>{3, 7});
    CHECK(parse_search("* SEARCH 18446744073709551615\r\n") ==
          std::vector<std::uint64_t>{18446744073709551615u});
    CHECK(number_after("* OK [UIDVALIDITY 99999999999999999999999] x", "UIDVALIDITY") == 0);
    CHECK(number_after("* OK [UIDVALIDITY 9999999999999999999] x", "UIDVALIDITY") ==
          9999999999999999999u);
}

TEST_CASE("mailbox names are sent in modified UTF-7", "[imap]") {
    // RFC 3501 §5.1.3's own example.
    CHECK(*encode_mailbox_name("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    CHECK(*encode_mailbox_name("INBOX") == "INBOX");
    CHECK(*encode_mailbox_name("事務局/受付") == "&TotS2VxA-/&U9dO2A-");
    CHECK(*encode_mailbox_name("R&D") == "R&-D");
    CHECK(*encode_mailbox_name("Ünïcode") == "&ANw-n&AO8-code");  // one shift per run
    CHECK(*encode_mailbox_name("😀") == "&2D3eAA-");               // a surrogate pair
    CHECK(*encode_mailbox_name("要対応") == "&iYFb,l,c-");        // "," for "/"
    CHECK(encode_mailbox_name("bad\xff").status().code() == Status::Code::kInvalid);
    CHECK(encode_mailbox_name("a\r\nb").status().code() == Status::Code::kInvalid);
}
