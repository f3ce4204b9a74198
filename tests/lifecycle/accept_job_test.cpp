#include <catch2/catch.hpp>

#include "intake/intake_job.h"
#include "lifecycle/accept_job.h"
#include "lifecycle/staff_desk.h"
#include "mail/base64.h"
#include "support/fixtures.h"
#include "support/job_fixture.h"

using namespace sa;

namespace {

struct Lifecycle {
    test::JobFixture f;

    void intake(const std::vector<Application>& apps) {
        std::string csv = test::csv_header();
        for (const auto& a : apps) csv += test::csv_line(a);
        static int n = 0;
        f.drop("batch" + std::to_string(++n) + ".csv", csv);
        intake::IntakeSettings s;
        s.spool_dir = f.spool;
        intake::IntakeJob job(*f.store, *f.renderer, f.clock, f.random, s, f.log);
        REQUIRE(job.run(false));
    }

    lifecycle::AcceptReport accept_due(int review_days = 14, bool dry_run = false) {
        lifecycle::AcceptJob job(*f.store, *f.renderer, f.clock, review_days, f.log);
        auto r = job.run(dry_run);
        REQUIRE(r);
        return *r;
    }

    Declaration live(const std::string& key) {
        std::optional<Declaration> d;
        REQUIRE(f.store->read([&](Transaction& tx) { d = tx.find_live_declaration(key); }));
        REQUIRE(d);
        return *d;
    }
};

std::string text_of(const OutboxMail& m) {
    return mime::base64_decode(m.bytes.substr(m.bytes.find("\r\n\r\n") + 4));
}

}  // namespace

TEST_CASE("declarations are accepted once the review period has passed", "[lifecycle]") {
    Lifecycle l;
    l.intake({test::corporation_application("A-1")});
    CHECK(l.accept_due().accepted == 0);
    l.f.clock.advance(14 * 86400 - 1);
    CHECK(l.accept_due().accepted == 0);
    l.f.clock.advance(1);
    CHECK(l.accept_due().accepted == 1);
    CHECK(l.accept_due().accepted == 0);  // once
    Declaration d = l.live("corp:7000012050002");
    CHECK(d.state == DeclarationState::kAccepted);
    CHECK(d.accepted_at == std::optional<UnixTime>(l.f.clock.now()));
}

TEST_CASE("the acceptance mail reproduces the seed text", "[lifecycle]") {
    Lifecycle l;
    l.intake({test::corporation_application("A-1")});
    l.f.clock.advance(15 * 86400);
    l.accept_due();
    std::vector<OutboxMail> mails;
    const std::int64_t row = l.live("corp:7000012050002").id;
    REQUIRE(l.f.store->read([&](Transaction& tx) { mails = tx.mails_for_declaration(row); }));
    REQUIRE(mails.size() == 2);
    const OutboxMail& m = mails[1];
    CHECK(m.kind == "acceptance");
    CHECK(m.subject == "【SECURITY ACTION】申込受理のご連絡");
    CHECK(m.recipient == "tanaka@yamada-seisakusho.example");
    std::string t = text_of(m);
    for (const char* line :
         {"株式会社山田製作所\r\n田中 一郎様\r\n", "手続きが完了いたしました。",
          "【ロゴマークダウンロード手順】",
          "- SECURITY ACTION 自己宣言者サイトのTOPページからログインする。",
          "<https://security-shien.ipa.go.jp/security/index.html>",
          "- 左のメニューより[ロゴマークダウンロード]を選択し、ダウンロード画面を開く。",
          "[ダウンロード]ボタンが表示される。", "【SECURITY ACTIONの正しい表記と注意点】",
          "各企業等の情報セキュリティ対策状況をIPAが認定する、あるいは認証等を付与する制度ではあり"
          "ません。",
          "<適切な例>\r\n「一つ星(二つ星)を宣言しました」\r\n<不適切な例>\r\n「一つ星(二つ星)"
          "の認定を受けました」\r\n「一つ星(二つ星)を取得しました」",
          "Eメール: security-action-info@sa-secretariat.example"}) {
        INFO(line);
        CHECK(t.find(line) != std::string::npos);
    }
    // The acceptance mail carries no number: it needs none, and a leak costs nothing then.
    CHECK(t.find(l.live("corp:7000012050002").user_number) == std::string::npos);
}

TEST_CASE("an open flag holds a declaration back; staff can accept it at once", "[lifecycle]") {
    Lifecycle l;
    Application dup = test::corporation_application("A-2");
    dup.contact_email = "someone-else@yamada-seisakusho.example";
    l.intake({test::corporation_application("A-1")});
    l.intake({dup});  // from another address: a duplicate_other_contact flag on the first
    l.intake({test::sole_proprietor_application("S-1")});
    l.f.clock.advance(20 * 86400);
    CHECK(l.accept_due().accepted == 1);  // only the sole proprietor
    CHECK(l.live("corp:7000012050002").state == DeclarationState::kIssued);
    lifecycle::StaffDesk desk(*l.f.store, *l.f.renderer, l.f.clock, "yamada");
    auto mail = desk.accept(l.live("corp:7000012050002").declaration_id);
    REQUIRE(mail);
    CHECK(mail->kind == "acceptance");
    CHECK(l.live("corp:7000012050002").state == DeclarationState::kAccepted);
    CHECK(l.f.count(
              "SELECT COUNT(*) FROM staff_actions WHERE actor = 'yamada' AND action = 'accept'") ==
          1);
    CHECK_FALSE(desk.accept(l.live("corp:7000012050002").declaration_id));  // not twice
}

TEST_CASE("a dry run of accept-due changes nothing", "[lifecycle]") {
    Lifecycle l;
    l.intake({test::corporation_application("A-1")});
    l.f.clock.advance(15 * 86400);
    CHECK(l.accept_due(14, true).accepted == 1);
    CHECK(l.live("corp:7000012050002").state == DeclarationState::kIssued);
    CHECK(l.f.count("SELECT COUNT(*) FROM outbox WHERE kind = 'acceptance'") == 0);
}

TEST_CASE("staff withdraw with a reason, resend with a new Message-ID", "[lifecycle]") {
    Lifecycle l;
    l.intake({test::corporation_application("A-1")});
    Declaration d = l.live("corp:7000012050002");
    lifecycle::StaffDesk desk(*l.f.store, *l.f.renderer, l.f.clock, "suzuki");

    auto again = desk.resend(d.declaration_id);
    REQUIRE(again);
    CHECK(again->kind == "completion");
    CHECK(again->resend_of.has_value());
    std::optional<OutboxMail> original;
    REQUIRE(l.f.store->read([&](Transaction& tx) { original = tx.mail(*again->resend_of); }));
    CHECK(again->message_id != original->message_id);
    CHECK(text_of(*again) == text_of(*original));

    CHECK(desk.withdraw(d.declaration_id, "").code() == Status::Code::kInvalid);
    CHECK(desk.withdraw(d.declaration_id, "申請者からの取り下げ依頼 (2026-11-25 電話)"));
    std::optional<Declaration> after;
    REQUIRE(l.f.store->read([&](Transaction& tx) { after = tx.declaration(d.id); }));
    CHECK(after->state == DeclarationState::kWithdrawn);
    CHECK(after->withdraw_reason == "申請者からの取り下げ依頼 (2026-11-25 電話)");
    CHECK_FALSE(desk.withdraw(d.declaration_id, "again"));
    CHECK_FALSE(desk.resend(d.declaration_id));
    CHECK(l.f.count("SELECT COUNT(*) FROM staff_actions WHERE actor = 'suzuki'") == 2);
}

TEST_CASE("staff name a declaration by its 自己宣言ID, and a typo is caught", "[lifecycle]") {
    Lifecycle l;
    l.intake({test::corporation_application("A-1")});
    Declaration d = l.live("corp:7000012050002");
    lifecycle::StaffDesk desk(*l.f.store, *l.f.renderer, l.f.clock, "x");
    CHECK(desk.find(d.declaration_id));
    std::string typo = d.declaration_id;
    typo[5] = typo[5] == '1' ? '2' : '1';
    auto wrong = desk.find(typo);
    REQUIRE_FALSE(wrong);
    CHECK(wrong.status().message().find("mistyped") != std::string::npos);
    CHECK(desk.find(d.user_number).status().message().find("not a 自己宣言ID") !=
          std::string::npos);
    CHECK(desk.find("40000000000").status().code() != Status::Code::kOk);
}
