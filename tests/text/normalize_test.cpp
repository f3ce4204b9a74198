#include <catch2/catch.hpp>

#include "text/normalize.h"

#include <string>

namespace text = sa::text;

TEST_CASE("fold_width folds full-width ASCII", "[text][normalize]") {
    CHECK(text::fold_width("０１２３４５６７８９") == "0123456789");
    CHECK(text::fold_width("ＡＢＣｘｙｚ") == "ABCxyz");
    CHECK(text::fold_width("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "taro@example.com");
    CHECK(text::fold_width("！＃（）＋，／：；＜＝＞？［］＾＿｛｜｝") == "!#()+,/:;<=>?[]^_{|}");
    CHECK(text::fold_width("～") == "~");  // U+FF5E, the last of the block
    CHECK(text::fold_width("日本語かなカナ") == "日本語かなカナ");
    CHECK(text::fold_width("") == "");
}

TEST_CASE("fold_width turns U+3000, dashes and 〜 into ASCII", "[text][normalize]") {
    CHECK(text::fold_width("山田\xE3\x80\x80太郎") == "山田 太郎");
    // ‐ ‑ ‒ – — ― − ﹣ ｰ
    CHECK(text::fold_width("1\u20102\u20113\u20124\u20135\u20146\u20157\u22128\uFE639\uFF700") ==
          "1-2-3-4-5-6-7-8-9-0");
    CHECK(text::fold_width("０３－１２３４－５６７８") == "03-1234-5678");
    CHECK(text::fold_width("9時〜17時") == "9時~17時");
    // The katakana prolonged sound mark is a letter, not a dash.
    CHECK(text::fold_width("データ") == "データ");
    // Invalid bytes become U+FFFD.
    CHECK(text::fold_width("a\xFF") == "a\xEF\xBF\xBD");
}

TEST_CASE("widen_katakana", "[text][normalize]") {
    CHECK(text::widen_katakana("ｱ") == "ア");
    CHECK(text::widen_katakana("ｶﾞ") == "ガ");
    CHECK(text::widen_katakana("ﾊﾟ") == "パ");
    CHECK(text::widen_katakana("ｳﾞ") == "ヴ");
    CHECK(text::widen_katakana("ﾃﾞｰﾀﾍﾞｰｽ") == "データベース");
    CHECK(text::widen_katakana("ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏﾀﾞ") == "カブシキガイシャ ヤマダ");
    CHECK(text::widen_katakana("ｶﾞｷﾞｸﾞｹﾞｺﾞｻﾞｼﾞｽﾞｾﾞｿﾞﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ") ==
          "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポ");
    // Every half-width character on its own (reference: NFKC, with the spacing voicing marks).
    CHECK(text::widen_katakana("｡｢｣､･ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ") ==
          "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフ"
          "ヘホ"
          "マミムメモヤユヨラリルレロワン");
    // A voicing mark after a letter that takes none stays a separate (full-width) mark.
    CHECK(text::widen_katakana("ｱﾞ") == "ア゛");
    CHECK(text::widen_katakana("ｶﾟ") == "カ゜");
    CHECK(text::widen_katakana("ﾞ") == "゛");
    CHECK(text::widen_katakana("Aﾞ") == "A゛");
    // Full-width text, ASCII and kanji pass through.
    CHECK(text::widen_katakana("ガ ABC 漢字") == "ガ ABC 漢字");
    CHECK(text::widen_katakana("ｶA") == "カA");
}

TEST_CASE("trim removes ASCII whitespace and U+3000 at both ends", "[text][normalize]") {
    CHECK(text::trim("  abc  ") == "abc");
    CHECK(text::trim("\t\r\n abc \r\n") == "abc");
    CHECK(text::trim("\xE3\x80\x80山田\xE3\x80\x80") == "山田");
    CHECK(text::trim(" \xE3\x80\x80 山田 太郎\xE3\x80\x80 \xE3\x80\x80") == "山田 太郎");
    CHECK(text::trim("a b") == "a b");  // inner spaces stay
    CHECK(text::trim("   ") == "");
    CHECK(text::trim("\xE3\x80\x80") == "");
    CHECK(text::trim("") == "");
    // U+3001 、 differs from U+3000 only in its last byte; it is not a space.
    CHECK(text::trim("\xE3\x80\x81山田\xE3\x80\x81") == "、山田、");
    CHECK(text::trim("データ ") == "データ");
}

TEST_CASE("digits_only", "[text][normalize]") {
    CHECK(text::digits_only("７０００-０１２ ０５０００２") == "7000012050002");
    CHECK(text::digits_only("03-1234-5678") == "0312345678");
    CHECK(text::digits_only("(０３)１２３４ー５６７８") == "0312345678");
    CHECK(text::digits_only("abc") == "");
    CHECK(text::digits_only("") == "");
}

TEST_CASE("match_key folds width, kana, case and spaces", "[text][normalize]") {
    const std::string key = text::match_key("ヤマダ ショウテン");
    CHECK(key == "ヤマダショウテン");
    CHECK(text::match_key("ﾔﾏﾀﾞ ｼｮｳﾃﾝ") == key);
    CHECK(text::match_key("やまだ　しょうてん") == key);
    CHECK(text::match_key("\xE3\x80\x80ヤマダショウテン\t") == key);
    CHECK(text::match_key("ABC Company") == text::match_key("ａｂｃ　ｃｏｍｐａｎｙ"));
    CHECK(text::match_key("ABC Company") == "abccompany");
    CHECK(text::match_key("ガ") == text::match_key("ｶﾞ"));
    CHECK(text::match_key("が") == text::match_key("ｶﾞ"));
    // The half-width prolonged sound mark is the same letter as ー.
    CHECK(text::match_key("ｶｰﾄﾞ") == text::match_key("カード"));
    CHECK(text::match_key("ﾃﾞｰﾀ ｼｽﾃﾑ") == text::match_key("データシステム"));
    // Different names stay different.
    CHECK(text::match_key("ヤマダ") != text::match_key("ヤマタ"));
    CHECK(text::match_key("山田") != text::match_key("山口"));
    CHECK(text::match_key("カ") != text::match_key("ガ"));
}

TEST_CASE("has_control_chars", "[text][normalize]") {
    CHECK_FALSE(text::has_control_chars("株式会社テスト ABC-123 (本店)"));
    CHECK_FALSE(text::has_control_chars(""));
    CHECK_FALSE(text::has_control_chars("\xE3\x80\x80"));  // U+3000 is a space, not a control
    CHECK(text::has_control_chars("a\rb"));
    CHECK(text::has_control_chars("a\nb"));
    CHECK(text::has_control_chars("a\tb"));
    CHECK(text::has_control_chars(std::string("a\0b", 3)));
    CHECK(text::has_control_chars("\x1B$B"));
    CHECK(text::has_control_chars("a\x7F"));
    CHECK(
        text::has_control_chars("a\xC2\x85"
                                "b"));                 // U+0085 NEL
    CHECK(text::has_control_chars("a\xC2\x9F"));       // U+009F
    CHECK(text::has_control_chars("a\u2028b"));        // LINE SEPARATOR
    CHECK(text::has_control_chars("a\u2029b"));        // PARAGRAPH SEPARATOR
    CHECK_FALSE(text::has_control_chars("\xC2\xA0"));  // NBSP is not a control
}

TEST_CASE("is_ascii_digits", "[text][normalize]") {
    CHECK(text::is_ascii_digits("0"));
    CHECK(text::is_ascii_digits("0123456789"));
    CHECK_FALSE(text::is_ascii_digits(""));
    CHECK_FALSE(text::is_ascii_digits("12a"));
    CHECK_FALSE(text::is_ascii_digits("-1"));
    CHECK_FALSE(text::is_ascii_digits(" 1"));
    CHECK_FALSE(text::is_ascii_digits("１２"));
}
