#include <catch2/catch.hpp>

#include "text/utf8.h"

#include <string>
#include <vector>

namespace utf8 = sa::utf8;

namespace {

std::vector<char32_t> decode_all(const std::string& s, std::vector<bool>* ok = nullptr) {
    std::vector<char32_t> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        char32_t cp = 0;
        bool good = utf8::next(s, pos, cp);
        if (ok) ok->push_back(good);
        out.push_back(good ? cp : utf8::kReplacement);
    }
    return out;
}

}  // namespace

TEST_CASE("utf8::next decodes 1 to 4 byte sequences", "[text][utf8]") {
    // "aé日😀": 1, 2, 3 and 4 bytes.
    std::string s = "a\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80";
    std::size_t pos = 0;
    char32_t cp = 0;
    REQUIRE(utf8::next(s, pos, cp));
    CHECK(cp == U'a');
    CHECK(pos == 1);
    REQUIRE(utf8::next(s, pos, cp));
    CHECK(cp == 0xE9);
    CHECK(pos == 3);
    REQUIRE(utf8::next(s, pos, cp));
    CHECK(cp == 0x65E5);
    CHECK(pos == 6);
    REQUIRE(utf8::next(s, pos, cp));
    CHECK(cp == 0x1F600);
    CHECK(pos == 10);
}

TEST_CASE("utf8::next rejects invalid sequences and advances one byte", "[text][utf8]") {
    struct Case {
        std::string bytes;
        const char* what;
    };
    const std::vector<Case> cases = {
        {"\x80", "lone continuation byte"},
        {"\xBF", "lone continuation byte"},
        {"\xC0\xAF", "overlong '/' (2 bytes)"},
        {"\xC1\xBF", "overlong (2 bytes)"},
        {"\xE0\x80\xAF", "overlong '/' (3 bytes)"},
        {"\xE0\x9F\xBF", "overlong U+07FF (3 bytes)"},
        {"\xF0\x80\x80\xAF", "overlong '/' (4 bytes)"},
        {"\xF0\x8F\xBF\xBF", "overlong U+FFFF (4 bytes)"},
        {"\xED\xA0\x80", "surrogate U+D800"},
        {"\xED\xBF\xBF", "surrogate U+DFFF"},
        {"\xF4\x90\x80\x80", "beyond U+10FFFF"},
        {"\xF8\x88\x80\x80\x80", "5-byte form"},
        {"\xFE", "0xFE"},
        {"\xFF", "0xFF"},
        {"\xE6\x97", "truncated 3-byte sequence"},
        {"\xC3", "truncated 2-byte sequence"},
        {"\xE6\x41\x41", "bad continuation"},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        std::size_t pos = 0;
        char32_t cp = 0;
        CHECK_FALSE(utf8::next(c.bytes, pos, cp));
        CHECK(pos == 1);
        CHECK_FALSE(utf8::is_valid(c.bytes));
    }
    // The boundaries just inside the valid range are fine.
    for (const char* good : {"\xC2\x80", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80",
                             "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\x7F", ""}) {
        INFO(good);
        CHECK(utf8::is_valid(good));
    }
}

TEST_CASE("utf8::append encodes every length and round-trips", "[text][utf8]") {
    std::string out;
    utf8::append(out, U'A');
    utf8::append(out, 0xE9);
    utf8::append(out, 0x3042);  // あ
    utf8::append(out, 0x1F600);
    CHECK(out == "A\xC3\xA9\xE3\x81\x82\xF0\x9F\x98\x80");
    std::string edges;
    for (char32_t cp : {char32_t(0x7F), char32_t(0x80), char32_t(0x7FF), char32_t(0x800),
                        char32_t(0xFFFF), char32_t(0x10000), char32_t(0x10FFFF)}) {
        edges.clear();
        utf8::append(edges, cp);
        INFO(static_cast<unsigned long>(cp));
        std::size_t pos = 0;
        char32_t back = 0;
        REQUIRE(utf8::next(edges, pos, back));
        CHECK(back == cp);
        CHECK(pos == edges.size());
    }
}

TEST_CASE("utf8::sanitize replaces each invalid byte with U+FFFD", "[text][utf8]") {
    const std::string r = "\xEF\xBF\xBD";
    CHECK(utf8::sanitize("plain") == "plain");
    CHECK(utf8::sanitize("日本") == "日本");
    CHECK(utf8::sanitize("a\xFF"
                         "b") == "a" + r + "b");
    CHECK(utf8::sanitize("\xC0\xAF") == r + r);          // overlong: two invalid bytes
    CHECK(utf8::sanitize("x\xE6\x97") == "x" + r + r);   // truncated
    CHECK(utf8::sanitize("\xED\xA0\x80") == r + r + r);  // surrogate
    CHECK(utf8::is_valid(utf8::sanitize("\x80\x81\xFE\xFF\xC3")));
    // CP932 bytes of テスト are not UTF-8.
    CHECK(utf8::sanitize("\x83\x65\x83\x58") == r + "e" + r + "X");
}

TEST_CASE("utf8::length counts code points, an invalid byte as one", "[text][utf8]") {
    CHECK(utf8::length("") == 0);
    CHECK(utf8::length("abc") == 3);
    CHECK(utf8::length("日本語") == 3);
    CHECK(utf8::length("a\xF0\x9F\x98\x80") == 2);
    CHECK(utf8::length("\xFF\xFE") == 2);
    CHECK(utf8::length("a\xE6\x97") == 3);
    std::vector<bool> ok;
    auto cps = decode_all(
        "日\xFF"
        "本",
        &ok);
    CHECK(cps == std::vector<char32_t>{0x65E5, utf8::kReplacement, 0x672C});
    CHECK(ok == std::vector<bool>{true, false, true});
}

TEST_CASE("StreamValidator accepts a sequence split across chunks", "[text][utf8]") {
    const std::string text = "申込\xF0\x9F\x98\x80ok";  // 3-byte, 3-byte, 4-byte, ASCII
    // Every way of cutting the text into two chunks.
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        INFO("cut at " << cut);
        utf8::StreamValidator v;
        v.feed(std::string_view(text).substr(0, cut));
        CHECK(v.valid_so_far());
        v.feed(std::string_view(text).substr(cut));
        CHECK(v.finish());
    }
    // One byte at a time.
    utf8::StreamValidator bytewise;
    for (char c : text) bytewise.feed(std::string_view(&c, 1));
    CHECK(bytewise.finish());
}

TEST_CASE("StreamValidator rejects invalid input and open sequences", "[text][utf8]") {
    SECTION("a sequence left open at the end") {
        utf8::StreamValidator v;
        v.feed("ok\xE6\x97");
        CHECK(v.valid_so_far());
        CHECK_FALSE(v.finish());
    }
    SECTION("an overlong form split across chunks") {
        utf8::StreamValidator v;
        v.feed("a\xE0");
        v.feed("\x80\xAF");
        CHECK_FALSE(v.valid_so_far());
        CHECK_FALSE(v.finish());
    }
    SECTION("a surrogate split across chunks") {
        utf8::StreamValidator v;
        v.feed("\xED\xA0");
        v.feed("\x80z");
        CHECK_FALSE(v.finish());
    }
    SECTION("a CP932 file") {
        utf8::StreamValidator v;
        v.feed("application_id\n\x83\x65\x83\x58\x83\x67\n");
        CHECK_FALSE(v.valid_so_far());
        CHECK_FALSE(v.finish());
    }
    SECTION("invalid stays invalid after valid input") {
        utf8::StreamValidator v;
        v.feed("\xFF");
        v.feed("fine");
        CHECK_FALSE(v.finish());
    }
    SECTION("a broken continuation after a split lead byte") {
        utf8::StreamValidator v;
        v.feed("\xE6");
        v.feed("A");
        v.feed("B");
        CHECK_FALSE(v.finish());
    }
    SECTION("nothing fed is valid") {
        utf8::StreamValidator v;
        CHECK(v.finish());
    }
}
