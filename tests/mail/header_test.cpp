#include <catch2/catch.hpp>

#include "mail/base64.h"
#include "mail/header.h"

using namespace sa;

TEST_CASE("base64 round trip and lenient decoding", "[mail]") {
    for (std::string s : {"", "a", "ab", "abc", "abcd", "日本語のテキスト\r\n"}) {
        CHECK(mime::base64_decode(mime::base64_encode(s)) == s);
    }
    CHECK(mime::base64_encode("abc") == "YWJj");
    CHECK(mime::base64_decode("YW\r\nJj") == "abc");
    CHECK(mime::base64_decode("YW!!Jj==garbage") == "abc");
    std::string lines = mime::base64_encode_lines(std::string(200, 'x'));
    CHECK(lines.find("\r\n") == 76);
}

TEST_CASE("unstructured headers become folded encoded-words", "[mail]") {
    std::string subject = "【SECURITY ACTION】一つ星：自己宣言完了のお知らせ";
    for (const char* charset : {"UTF-8", "ISO-2022-JP"}) {
        DYNAMIC_SECTION(charset) {
            auto v = mime::encode_unstructured(subject, charset, 7);
            REQUIRE(v);
            CHECK(mime::decode_header(*v) == subject);
            std::string line1 = "Subject: " + v->substr(0, v->find("\r\n"));
            CHECK(line1.size() <= 76);
            for (std::size_t pos = v->find("\r\n"); pos != std::string::npos;
                 pos = v->find("\r\n", pos + 2)) {
                std::size_t end = v->find("\r\n", pos + 2);
                CHECK((end == std::string::npos ? v->size() : end) - pos - 2 <= 76);
                CHECK((*v)[pos + 2] == ' ');
            }
        }
    }
    auto ascii = mime::encode_unstructured("Re: hello", "UTF-8", 7);
    REQUIRE(ascii);
    CHECK(*ascii == "Re: hello");
}

TEST_CASE("text ISO-2022-JP cannot hold is an error, not a lost character", "[mail]") {
    auto v = mime::encode_unstructured("髙橋①", "ISO-2022-JP", 7);
    REQUIRE_FALSE(v);
    CHECK(v.status().code() == Status::Code::kInvalid);
}

TEST_CASE("mailboxes quote or encode the display name", "[mail]") {
    auto ascii = mime::format_mailbox("Taro \"T\" Yamada", "t@example.jp", "UTF-8", 4);
    REQUIRE(ascii);
    CHECK(*ascii == "\"Taro \\\"T\\\" Yamada\" <t@example.jp>");
    auto jp = mime::format_mailbox("山田 太郎", "t@example.jp", "UTF-8", 4);
    REQUIRE(jp);
    CHECK(mime::decode_header(*jp) == "山田 太郎 <t@example.jp>");
    auto none = mime::format_mailbox("", "t@example.jp", "UTF-8", 4);
    REQUIRE(none);
    CHECK(*none == "<t@example.jp>");
}

TEST_CASE("decoding RFC 2047 headers as mailers write them", "[mail]") {
    CHECK(mime::decode_header("=?UTF-8?B?44OG44K544OI?=") == "テスト");
    CHECK(mime::decode_header("=?utf-8?q?=E3=83=86=E3=82=B9=E3=83=88_x?=") == "テスト x");
    CHECK(mime::decode_header("=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=") == "テスト");
    // White space between two encoded-words disappears; around plain text it stays.
    CHECK(mime::decode_header("=?UTF-8?B?44OG?= =?UTF-8?B?44K544OI?=") == "テスト");
    CHECK(mime::decode_header("Re: =?UTF-8?B?44OG44K544OI?= ok") == "Re: テスト ok");
    // A multi-byte character split across two words of one charset.
    CHECK(mime::decode_header("=?UTF-8?B?44M=?=\r\n =?UTF-8?B?hg==?=") == "テ");
    // Shift_JIS and EUC-JP labels.
    CHECK(mime::decode_header("=?Shift_JIS?B?g2WDWINn?=") == "テスト");
    CHECK(mime::decode_header("=?EUC-JP?B?pcaluaXI?=") == "テスト");
    // Raw 8-bit text without encoded-words is guessed (UTF-8, else CP932).
    CHECK(mime::decode_header("\x83\x65\x83\x58\x83\x67") == "テスト");
    // Malformed words stay as they are; nothing crashes.
    CHECK(mime::decode_header("=?UTF-8?X?abc?=") == "=?UTF-8?X?abc?=");
    CHECK(mime::decode_header("=?UTF-8?B?") == "=?UTF-8?B?");
    CHECK(mime::decode_header("=?x-unknown?B?44OG?=").size() > 0);
}
