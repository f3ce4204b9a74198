#include <catch2/catch.hpp>

#include "text/charset.h"

#include <string>
#include <vector>

#include "support/seeded_random.h"
#include "text/utf8.h"

namespace charset = sa::charset;

// Reference bytes were produced with Python's codecs ('…'.encode('cp932') etc.) and the
// ISO-2022-JP escapes built by hand from the JIS row/cell numbers.
namespace {

const std::string kEsc0208 = "\x1B$B";
const std::string kEscAscii = "\x1B(B";
const std::string kEscKana = "\x1B(I";
const std::string kFffd = "\xEF\xBF\xBD";

std::string must(const sa::Result<std::string>& r) {
    INFO(r.status().message());
    REQUIRE(r.is_ok());
    return *r;
}

}  // namespace

TEST_CASE("canonical maps aliases to the iconv names we use", "[text][charset]") {
    for (const char* l :
         {"Shift_JIS", "shift_jis", "SHIFT-JIS", "sjis", "x-sjis", "Windows-31J", "cp932", "CP932",
          "MS932", "ms_kanji", "csShiftJIS", "x-ms-cp932", "windows-932"}) {
        INFO(l);
        CHECK(charset::canonical(l) == "CP932");
    }
    for (const char* l :
         {"ISO-2022-JP", "iso-2022-jp", "csISO2022JP", "CP50220", "cp50221", "CP50222",
          "ISO-2022-JP-MS", "iso-2022-jp-1", "ISO-2022-JP-2", "iso-2022-jp-3"}) {
        INFO(l);
        CHECK(charset::canonical(l) == "ISO-2022-JP");
    }
    for (const char* l : {"EUC-JP", "euc-jp", "x-euc-jp", "eucJP", "EUC-JP-MS", "eucJP-ms",
                          "csEUCPkdFmtJapanese"}) {
        INFO(l);
        CHECK(charset::canonical(l) == "EUC-JP");
    }
    CHECK(charset::canonical("") == "UTF-8");
    CHECK(charset::canonical("utf-8") == "UTF-8");
    CHECK(charset::canonical("UTF8") == "UTF-8");
    CHECK(charset::canonical("us-ascii") == "US-ASCII");
    CHECK(charset::canonical("ASCII") == "US-ASCII");
    CHECK(charset::canonical("ANSI_X3.4-1968") == "US-ASCII");
    CHECK(charset::canonical("iso-8859-1") == "ISO-8859-1");
}

TEST_CASE("to_utf8 from UTF-8 is strict", "[text][charset]") {
    CHECK(must(charset::to_utf8("日本語テキスト", "UTF-8")) == "日本語テキスト");
    CHECK(must(charset::to_utf8("plain", "us-ascii")) == "plain");
    auto bad = charset::to_utf8("ok\xFF", "utf-8");
    CHECK_FALSE(bad.is_ok());
    CHECK(bad.status().code() == sa::Status::Code::kInvalid);
}

TEST_CASE("to_utf8 reads CP932 under every Shift_JIS label", "[text][charset]") {
    // 株式会社テスト ①～髙 in CP932: ① (NEC row 13), ～ (0x8160, U+FF5E in CP932) and 髙
    // (NEC-selected IBM extension 0xEEE0) exist only in CP932, not in plain Shift_JIS.
    const std::string bytes =
        "\x8a\x94\x8e\xae\x89\xef\x8e\xd0\x83\x65\x83\x58\x83\x67 \x87\x40\x81\x60\xee\xe0";
    for (const char* label : {"CP932", "Shift_JIS", "sjis", "Windows-31J", "MS_Kanji"}) {
        INFO(label);
        CHECK(must(charset::to_utf8(bytes, label)) == "株式会社テスト ①～髙");
    }
    // Half-width katakana are single bytes.
    CHECK(must(charset::to_utf8("\xb1\xb2\xb3\xb4\xb5", "shift_jis")) == "ｱｲｳｴｵ");
}

TEST_CASE("to_utf8 strict CP932 names the offset of a bad byte", "[text][charset]") {
    // 0x83 0x65 is テ; 0x83 alone at the end is a truncated double-byte character; 0x80 is
    // not a CP932 byte at all.
    auto truncated = charset::to_utf8("\x83\x65\x83", "CP932");
    REQUIRE_FALSE(truncated.is_ok());
    CHECK(truncated.status().message().find("byte 2") != std::string::npos);
    auto bad = charset::to_utf8("ab\x80z", "CP932");
    REQUIRE_FALSE(bad.is_ok());
    CHECK(bad.status().message().find("byte 2") != std::string::npos);
    CHECK(bad.status().message().find("0x80") != std::string::npos);
}

TEST_CASE("to_utf8 reads EUC-JP, falling back to EUC-JP-MS", "[text][charset]") {
    CHECK(must(charset::to_utf8("\xc6\xfc\xcb\xdc\xb8\xec", "EUC-JP")) == "日本語");
    CHECK(must(charset::to_utf8("\xbb\xb3\xc5\xc4", "euc-jp")) == "山田");
    // Half-width katakana via SS2.
    CHECK(must(charset::to_utf8("\x8e\xb6\x8e\xde", "EUC-JP")) == "ｶﾞ");
    // ① (row 13 cell 1) is only in the Microsoft variant.
    CHECK(must(charset::to_utf8("\xad\xa1", "EUC-JP")) == "①");
    CHECK_FALSE(charset::to_utf8("\xc6", "EUC-JP").is_ok());
}

TEST_CASE("to_utf8 reads ISO-2022-JP", "[text][charset]") {
    CHECK(must(charset::to_utf8(kEsc0208 + "%F%9%H" + kEscAscii, "ISO-2022-JP")) == "テスト");
    CHECK(must(charset::to_utf8("Re: " + kEsc0208 + "F|K\\8l" + kEscAscii + " ok",
                                "iso-2022-jp")) == "Re: 日本語 ok");
    // ESC $ @ (JIS C 6226-1978) and ESC ( J (JIS X 0201 Roman) are accepted too.
    CHECK(must(charset::to_utf8("\x1B$@;3ED\x1B(Jx", "ISO-2022-JP")) == "山田x");
    // A line break ends the double-byte mode.
    CHECK(must(charset::to_utf8(kEsc0208 + "%F\r\nA", "ISO-2022-JP")) == "テ\r\nA");
}

TEST_CASE("to_utf8 ISO-2022-JP holding NEC and IBM extensions (CP50220)", "[text][charset]") {
    // ① is JIS row 13 cell 1 → 0x2D 0x21; ㈱ is row 13 cell 74 → 0x2D 0x6A.
    CHECK(must(charset::to_utf8(kEsc0208 + "\x2D\x21" + kEscAscii, "ISO-2022-JP")) == "①");
    CHECK(must(charset::to_utf8(kEsc0208 + "\x2D\x6A" + kEscAscii, "ISO-2022-JP")) == "㈱");
    // 髙 is CP932 0xEEE0: NEC-selected IBM extension, row 92 cell 66 → 0x7C 0x62.
    CHECK(must(charset::to_utf8(kEsc0208 + "\x7C\x62" + kEscAscii, "ISO-2022-JP")) == "髙");
    // Mixed in one run with ordinary kanji: ㈱山田① 髙橋 (橋 is 0x36 0x36).
    CHECK(must(charset::to_utf8(kEsc0208 + "\x2D\x6A;3ED\x2D\x21" + kEscAscii + " " + kEsc0208 +
                                    "\x7C\x62\x36\x36" + kEscAscii,
                                "CP50220")) == "㈱山田① 髙橋");
}

TEST_CASE("to_utf8 ISO-2022-JP half-width katakana", "[text][charset]") {
    // ESC ( I: 0x36 = ｶ, 0x5E = ﾞ.
    CHECK(must(charset::to_utf8(kEscKana + "6^" + kEscAscii, "ISO-2022-JP")) == "ｶﾞ");
    CHECK(must(charset::to_utf8("ABC" + kEscKana + "123" + kEscAscii, "ISO-2022-JP")) == "ABCｱｲｳ");
    // SO/SI shift (CP50222).
    CHECK(must(charset::to_utf8("x\x0E"
                                "6^\x0Fy",
                                "ISO-2022-JP")) == "xｶﾞy");
    // Switching from katakana to kanji.
    CHECK(must(charset::to_utf8(kEscKana + "6" + kEsc0208 + "%F" + kEscAscii, "ISO-2022-JP")) ==
          "ｶテ");
}

TEST_CASE("to_utf8 strict ISO-2022-JP refuses broken input", "[text][charset]") {
    CHECK_FALSE(charset::to_utf8("8bit \x83\x65", "ISO-2022-JP").is_ok());
    CHECK_FALSE(charset::to_utf8("\x1B$Z", "ISO-2022-JP").is_ok());
    CHECK_FALSE(charset::to_utf8(kEsc0208 + "%", "ISO-2022-JP").is_ok());  // half a character
}

TEST_CASE("to_utf8_lenient replaces what does not decode", "[text][charset]") {
    CHECK(charset::to_utf8_lenient("a\xFF"
                                   "b",
                                   "UTF-8") == "a" + kFffd + "b");
    CHECK(charset::to_utf8_lenient("\x83\x65\x80\x83\x58", "CP932") == "テ" + kFffd + "ス");
    CHECK(charset::to_utf8_lenient("8bit \x83 x", "ISO-2022-JP").find(kFffd) != std::string::npos);
    CHECK(charset::to_utf8_lenient(kEsc0208 + "%F" + kEscAscii + "\x1B$Zok", "ISO-2022-JP") ==
          "テ" + kFffd + "$Zok");
    // An unknown label is guessed: UTF-8 when valid, ISO-2022-JP with its escapes, else CP932.
    CHECK(charset::to_utf8_lenient("日本", "x-unknown-charset") == "日本");
    CHECK(charset::to_utf8_lenient(kEsc0208 + "%F%9%H" + kEscAscii, "x-unknown") == "テスト");
    CHECK(charset::to_utf8_lenient("\x83\x65\x83\x58\x83\x67", "x-unknown") == "テスト");
    // us-ascii that is not ASCII is read as CP932, what Japanese mailers mislabel.
    CHECK(charset::to_utf8_lenient("\x83\x65\x83\x58\x83\x67", "us-ascii") == "テスト");
    CHECK_FALSE(charset::to_utf8("\x83\x65", "x-unknown-charset").is_ok());
}

TEST_CASE("to_utf8_lenient never throws and always yields valid UTF-8", "[text][charset]") {
    sa::test::SeededRandom random(20261121);
    const std::vector<std::string> labels = {"UTF-8",       "CP932",    "Shift_JIS", "EUC-JP",
                                             "ISO-2022-JP", "us-ascii", "x-bogus",   ""};
    for (int round = 0; round < 300; ++round) {
        std::string bytes(1 + random.uniform(80), '\0');
        random.fill(reinterpret_cast<std::uint8_t*>(bytes.data()), bytes.size());
        if (round % 3 == 0) bytes.insert(random.uniform(bytes.size()), "\x1B$B");
        if (round % 5 == 0) bytes.insert(random.uniform(bytes.size()), "\x1B(I");
        for (const auto& label : labels) {
            std::string out;
            REQUIRE_NOTHROW(out = charset::to_utf8_lenient(bytes, label));
            CHECK(sa::utf8::is_valid(out));
            REQUIRE_NOTHROW(charset::to_utf8(bytes, label));
        }
    }
    // Pure garbage produces replacement characters.
    CHECK(charset::to_utf8_lenient("\x80\x80\x80", "CP932").find(kFffd) != std::string::npos);
    CHECK(charset::to_utf8_lenient("\xFF\xFF", "EUC-JP").find(kFffd) != std::string::npos);
}

TEST_CASE("from_utf8 encodes into CP932, EUC-JP and ISO-2022-JP", "[text][charset]") {
    CHECK(must(charset::from_utf8("テスト", "CP932")) == "\x83\x65\x83\x58\x83\x67");
    // 髙 has two CP932 codes (NEC-selected 0xEEE0, IBM 0xFBFC); glibc writes the IBM one,
    // as Windows does.
    CHECK(must(charset::from_utf8("A①～髙", "Shift_JIS")) == "A\x87\x40\x81\x60\xfb\xfc");
    CHECK(must(charset::to_utf8("\xfb\xfc", "CP932")) == "髙");
    CHECK(must(charset::from_utf8("日本語", "EUC-JP")) == "\xc6\xfc\xcb\xdc\xb8\xec");
    CHECK(must(charset::from_utf8("テスト", "UTF-8")) == "テスト");
    // A complete ISO-2022-JP text returns to ASCII at its end (RFC 1468).
    CHECK(must(charset::from_utf8("テスト", "ISO-2022-JP")) == kEsc0208 + "%F%9%H" + kEscAscii);
    CHECK(must(charset::from_utf8("Re: 日本語 ok", "ISO-2022-JP")) ==
          "Re: " + kEsc0208 + "F|K\\8l" + kEscAscii + " ok");
    CHECK(must(charset::from_utf8("ascii only", "ISO-2022-JP")) == "ascii only");
}

TEST_CASE("from_utf8 round-trips through to_utf8", "[text][charset]") {
    const std::string text = "株式会社テスト 山田太郎 ①㈱髙 ｶﾞｷﾞ ～ー－";
    CHECK(must(charset::to_utf8(must(charset::from_utf8(text, "CP932")), "CP932")) == text);
    const std::string jis = "申込受理のご連絡 山田太郎様";
    CHECK(must(charset::to_utf8(must(charset::from_utf8(jis, "ISO-2022-JP")), "ISO-2022-JP")) ==
          jis);
}

TEST_CASE("from_utf8 names the character the charset cannot hold", "[text][charset]") {
    // glibc's ISO-2022-JP has no NEC row 13.
    auto r = charset::from_utf8("会社①です", "ISO-2022-JP");
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == sa::Status::Code::kInvalid);
    CHECK(r.status().message().find("'①'") != std::string::npos);
    CHECK(r.status().message().find("ISO-2022-JP") != std::string::npos);

    auto emoji = charset::from_utf8("ok😀", "CP932");
    REQUIRE_FALSE(emoji.is_ok());
    CHECK(emoji.status().message().find("'😀'") != std::string::npos);

    auto invalid = charset::from_utf8("bad\xFF", "CP932");
    REQUIRE_FALSE(invalid.is_ok());
    CHECK(invalid.status().message().find("UTF-8") != std::string::npos);
}
