#include <catch2/catch.hpp>

#include "core/time_format.h"
#include "mail/base64.h"
#include "mail/renderer.h"
#include "support/fixtures.h"
#include "support/golden.h"
#include "support/process.h"
#include "support/seeded_random.h"

using namespace sa;

namespace {

mime::MailSettings settings(const std::string& charset) {
    mime::MailSettings s;
    s.from_address = "noreply@sa-secretariat.example";
    s.reply_to = "security-action-info@sa-secretariat.example";
    s.charset = charset;
    s.secretariat_email = "security-action-info@sa-secretariat.example";
    s.site_url = "https://security-shien.ipa.go.jp/security/index.html";
    s.templates_dir = test::source_dir() + "/mail_templates";
    return s;
}

Declaration declaration(const Application& a) {
    Declaration d;
    d.id = 7;
    d.application = a;
    d.declaration_id = "40123456784";
    d.user_number = "90123456780";
    d.issued_at = 1795137400;
    return d;
}

// The text of a composed UTF-8 message body (base64) or ISO-2022-JP body (7bit).
std::string body_of(const std::string& bytes) {
    auto sep = bytes.find("\r\n\r\n");
    return bytes.substr(sep + 4);
}

}  // namespace

TEST_CASE("completion mails match their golden files", "[mail][golden]") {
    struct Case {
        const char* golden;
        Application app;
        Tier tier;
        const char* charset;
    } cases[] = {
        {"mail/completion_corporation_one_star_utf8.ref", test::corporation_application(),
         Tier::kOneStar, "UTF-8"},
        {"mail/completion_corporation_two_star_utf8.ref", test::corporation_application(),
         Tier::kTwoStar, "UTF-8"},
        {"mail/completion_corporation_one_star_iso2022jp.ref", test::corporation_application(),
         Tier::kOneStar, "ISO-2022-JP"},
        {"mail/completion_corporation_two_star_iso2022jp.ref", test::corporation_application(),
         Tier::kTwoStar, "ISO-2022-JP"},
        {"mail/completion_sole_proprietor_utf8.ref", test::sole_proprietor_application(),
         Tier::kOneStar, "UTF-8"},
        {"mail/completion_sole_proprietor_iso2022jp.ref", test::sole_proprietor_application(),
         Tier::kOneStar, "ISO-2022-JP"},
    };
    for (auto& c : cases) {
        DYNAMIC_SECTION(c.golden) {
            test::SeededRandom random(42);
            auto renderer = mime::MailRenderer::create(settings(c.charset), random);
            REQUIRE(renderer);
            Application a = c.app;
            a.tier = c.tier;
            auto mail = renderer->completion(declaration(a), 1795137400);
            REQUIRE(mail);
            CHECK(mail->bytes == test::golden(c.golden, mail->bytes));
            CHECK(mail->recipient == a.contact_email);
            CHECK(mail->kind == "completion");
            CHECK(mail->declaration_row == std::optional<std::int64_t>(7));
        }
    }
}

TEST_CASE("a completion mail carries the seed's wording and both numbers", "[mail]") {
    test::SeededRandom random(1);
    auto renderer = mime::MailRenderer::create(settings("UTF-8"), random);
    REQUIRE(renderer);
    auto mail = renderer->completion(declaration(test::sole_proprietor_application()), 1795137400);
    REQUIRE(mail);
    std::string text = mime::base64_decode(body_of(mail->bytes));
    CHECK(mail->subject == "【SECURITY ACTION】一つ星：自己宣言完了のお知らせ");
    CHECK(text.find("鈴木工務店\r\n鈴木 次郎様\r\n") ==
          0);  // a sole proprietor is addressed by 屋号
    CHECK(text.find("SECURITY ACTION 自己宣言の手続きが完了しました。") != std::string::npos);
    CHECK(text.find("利用者番号:90123456780\r\n") != std::string::npos);
    CHECK(text.find("自己宣言ID:40123456784\r\n") != std::string::npos);
    CHECK(text.find("ロゴマークをご使用いただけるようになるまで1～2週間かかります。") !=
          std::string::npos);
    CHECK(text.find("Eメール: security-action-info@sa-secretariat.example") != std::string::npos);
}

TEST_CASE("the headers of our mails", "[mail]") {
    test::SeededRandom random(1);
    auto renderer = mime::MailRenderer::create(settings("UTF-8"), random);
    REQUIRE(renderer);
    auto mail = renderer->completion(declaration(test::corporation_application()), 1795137400);
    REQUIRE(mail);
    const std::string& b = mail->bytes;
    std::string headers = b.substr(0, b.find("\r\n\r\n") + 2);
    CHECK(headers.find("Date: Fri, 20 Nov 2026 10:16:40 +0900\r\n") != std::string::npos);
    CHECK(headers.find("From: =?UTF-8?B?") != std::string::npos);
    CHECK(headers.find(" <noreply@sa-secretariat.example>\r\n") != std::string::npos);
    CHECK(headers.find("Reply-To: <security-action-info@sa-secretariat.example>\r\n") !=
          std::string::npos);
    CHECK(headers.find("Message-ID: <" + mail->message_id + ">\r\n") != std::string::npos);
    CHECK(headers.find("Auto-Submitted: auto-generated\r\n") != std::string::npos);
    CHECK(headers.find("X-Auto-Response-Suppress: All\r\n") != std::string::npos);
    CHECK(headers.find("MIME-Version: 1.0\r\n") != std::string::npos);
    CHECK(headers.find("Content-Type: text/plain; charset=UTF-8\r\n") != std::string::npos);
    // No raw record text in any header: the company and contact names only appear encoded.
    CHECK(headers.find("田中") == std::string::npos);
    CHECK(headers.find("山田") == std::string::npos);
    for (std::size_t pos = 0, next; pos < headers.size(); pos = next + 2) {
        next = headers.find("\r\n", pos);
        CHECK(next - pos <= 78);
        for (char ch : headers.substr(pos, next - pos))
            CHECK(static_cast<unsigned char>(ch) < 0x80);
    }
}

TEST_CASE("each rendered mail gets a fresh Message-ID", "[mail]") {
    test::SeededRandom random(5);
    auto renderer = mime::MailRenderer::create(settings("UTF-8"), random);
    REQUIRE(renderer);
    Declaration d = declaration(test::corporation_application());
    auto a = renderer->completion(d, 1);
    auto b = renderer->completion(d, 1);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->message_id != b->message_id);
    CHECK(a->message_id.size() > 30);
    CHECK(a->message_id.substr(a->message_id.find('@')) == "@sa-secretariat.example");
}

TEST_CASE("ISO-2022-JP falls back to UTF-8 for text it cannot hold", "[mail]") {
    test::SeededRandom random(1);
    auto renderer = mime::MailRenderer::create(settings("ISO-2022-JP"), random);
    REQUIRE(renderer);
    Application a = test::corporation_application();
    a.business_name = "㈱髙橋製作所①";
    auto mail = renderer->completion(declaration(a), 1795137400);
    REQUIRE(mail);
    CHECK(mail->bytes.find("Content-Type: text/plain; charset=UTF-8") != std::string::npos);
    std::string text = mime::base64_decode(body_of(mail->bytes));
    CHECK(text.find("㈱髙橋製作所①") == 0);
}

TEST_CASE("a name with CR LF cannot inject a header", "[mail][security]") {
    test::SeededRandom random(1);
    auto renderer = mime::MailRenderer::create(settings("UTF-8"), random);
    REQUIRE(renderer);
    Application a = test::corporation_application();
    a.contact_name = "X\r\nBcc: victim@evil.example";
    auto mail = renderer->completion(declaration(a), 1795137400);
    REQUIRE(mail);
    std::string headers = mail->bytes.substr(0, mail->bytes.find("\r\n\r\n"));
    CHECK(headers.find("\r\nBcc:") == std::string::npos);
    CHECK(headers.find("evil") == std::string::npos);
}

TEST_CASE("templates are checked when loaded", "[mail]") {
    test::SeededRandom random(1);
    mime::MailSettings s = settings("UTF-8");
    s.templates_dir = "/nonexistent";
    auto missing = mime::MailRenderer::create(s, random);
    REQUIRE_FALSE(missing);
    CHECK(missing.status().code() == Status::Code::kConfig);
    CHECK(missing.status().message().find("/nonexistent") != std::string::npos);
    s = settings("shift_jis");
    CHECK_FALSE(mime::MailRenderer::create(s, random));
}
