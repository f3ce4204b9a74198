#include <catch2/catch.hpp>

#include "inbox/html_text.h"
#include "inbox/message.h"

using namespace sa::inbox;

TEST_CASE("addresses are parsed without mimetic", "[inbox]") {
    std::string name;
    CHECK(parse_mailbox("=?UTF-8?B?55Sw5Lit?= <Tanaka@Example.JP>", &name) == "Tanaka@example.jp");
    CHECK(name == "田中");
    CHECK(parse_mailbox("\"Yamada, Taro\" <t@x.example>", &name) == "t@x.example");
    CHECK(name == "Yamada, Taro");
    CHECK(parse_mailbox("t@x.example (Taro)", &name) == "t@x.example");
    CHECK(parse_mailbox("<>").empty());
    CHECK(parse_mailbox("a:").empty());  // a group without ';': mimetic's crash, harmless here
    CHECK(parse_mailbox("undisclosed-recipients:;").empty());
    CHECK(parse_mailbox("<@>").empty());
}

TEST_CASE("message ids", "[inbox]") {
    auto ids = parse_message_ids("<a@b.example>\r\n <c@d.example> junk <>");
    REQUIRE(ids.size() == 2);
    CHECK(ids[1] == "c@d.example");
}

TEST_CASE("quoted earlier mail is separated from the new text", "[inbox]") {
    std::string fresh, quoted;
    split_quoted("担当者変更です。\n> 自己宣言ID:41234567890\n> 利用者番号:9\n以上\n", fresh,
                 quoted);
    CHECK(fresh == "担当者変更です。\n以上\n");
    CHECK(quoted.find("自己宣言ID") != std::string::npos);

    split_quoted("どちらですか\n\n-----Original Message-----\nFrom: x\n自己宣言ID:4\n", fresh,
                 quoted);
    CHECK(fresh == "どちらですか\n\n");
    CHECK(quoted.find("自己宣言ID") != std::string::npos);

    split_quoted(
        "質問です\n2026年11月20日(金) 10:15 SECURITY ACTION事務局 <noreply@sa.example>:\n本文\n",
        fresh, quoted);
    CHECK(fresh == "質問です\n");
    split_quoted("Q\nOn Fri, Nov 20, 2026 at 10:15 AM X <x@y.example> wrote:\nbody\n", fresh,
                 quoted);
    CHECK(fresh == "Q\n");
    split_quoted("Q\n________________________________\n差出人: x\n送信日時: y\n", fresh, quoted);
    CHECK(fresh == "Q\n");
    // A full-width '＞' quote marker counts too.
    split_quoted("新しい\n＞ 古い\n", fresh, quoted);
    CHECK(fresh == "新しい\n");
}

TEST_CASE("HTML mail becomes text, quotes stay recognisable", "[inbox]") {
    std::string text = html_to_text(
        "<html><head><style>p{}</style><title>t</title></"
        "head><body><p>自己宣言IDを&nbsp;忘れました&amp;</p>"
        "<div>法人番号&#65306;7000012050002</div><table><tr><td>屋号</td><td>鈴木工務店</td></tr></"
        "table>"
        "<blockquote>古い<br>メール</blockquote><script>alert(1)</script></body></html>");
    CHECK(text.find("自己宣言IDを 忘れました&") != std::string::npos);
    CHECK(text.find("法人番号：7000012050002") != std::string::npos);
    CHECK(text.find("屋号 鈴木工務店") != std::string::npos);
    CHECK(text.find("> 古い") != std::string::npos);
    CHECK(text.find("> メール") != std::string::npos);
    CHECK(text.find("alert") == std::string::npos);
    CHECK(text.find("p{}") == std::string::npos);
    CHECK(html_to_text("text <b unclosed") == "text ");
    CHECK(html_to_text("&#xFFFFFFF; &#0; &bogus;") == " &bogus;");
}

TEST_CASE("decoding never fails, whatever the bytes", "[inbox]") {
    for (std::string raw :
         {std::string(), std::string("\0\0\0", 3), std::string("From: \xFF\xFE\r\n\r\n\x80\x81"),
          std::string("Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\n--\r\n"),
          std::string("Content-Type: text/plain; charset=x-unknown\r\n\r\n\x82\xA0")}) {
        InboundMessage m = decode_message(raw, MimeLimits());
        CHECK(m.unreadable.empty());
    }
}
