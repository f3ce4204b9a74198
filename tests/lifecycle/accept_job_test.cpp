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

TEST_CASE("a held declaration is accepted once its last flag is closed", "[lifecycle]") {
    Lifecycle l;
    l.intake({test::corporation_application("A-1")});
    Declaration d = l.live("corp:7000012050002");
    lifecycle::StaffDesk desk(*l.f.store, *l.f.renderer, l.f.clock, "sato");
    auto hold = desk.hold(d.declaration_id, "書類の確認中");
    REQUIRE(hold);
    std::int64_t other = 0;
    REQUIRE(l.f.store->write(
        [&](Transaction& tx) { other = tx.open_flag(d.id, "bounce", "mail bounced", 0); }));
    l.f.clock.advance(20 * 86400);
    CHECK(l.accept_due().accepted == 0);
    auto first = desk.clear_flag(hold->id, "確認しました");
    REQUIRE(first);
    CHECK(first->still_open.size() == 1);
    CHECK(l.accept_due().accepted == 0);  // the bounce flag still holds it
    auto last = desk.clear_flag(other, "連絡がつきました");
    REQUIRE(last);
    CHECK(last->still_open.empty());
    CHECK(l.accept_due().accepted == 1);
    CHECK(l.live("corp:7000012050002").state == DeclarationState::kAccepted);

    // Closed once, by whom, with what note; errors name the flag.
    CHECK(desk.clear_flag(hold->id, "again").status().code() == Status::Code::kInvalid);
    CHECK(desk.clear_flag(999, "x").status().code() == Status::Code::kNotFound);
    CHECK(desk.clear_flag(other, " ").status().code() == Status::Code::kInvalid);
    CHECK(l.f.count("SELECT COUNT(*) FROM declaration_flags WHERE closed_by = 'sato' AND "
                    "closed_note = '確認しました'") == 1);
    CHECK(l.f.count("SELECT COUNT(*) FROM staff_actions WHERE action = 'hold'") == 1);
    CHECK(l.f.count("SELECT COUNT(*) FROM staff_actions WHERE action = 'clear-flag'") == 2);
    // Only an issued declaration is held.
    CHECK(desk.hold(d.declaration_id, "late").status().code() == Status::Code::kInvalid);
    CHECK(desk.hold(d.declaration_id, "").status().code() == Status::Code::kInvalid);
}

TEST_CASE("a new contact gets both numbers, the old address a notice without them",
          "[lifecycle][security]") {
    Lifecycle l;
    l.intake({test::corporation_application("A-1")});
    Declaration d = l.live("corp:7000012050002");
    REQUIRE(l.f.store->write([&](Transaction& tx) {
        tx.mark_contact_undeliverable(d.id);
        tx.open_flag(d.id, "bounce", "mail bounced", 0);
        tx.open_flag(d.id, "hold", "確認中", 0);
    }));
    lifecycle::StaffDesk desk(*l.f.store, *l.f.renderer, l.f.clock, "sato");
    lifecycle::NewContact c{"佐藤 花子", "情報システム部", "Sato@New-Yamada.example",
                            "03-1111-2222"};
    CHECK(desk.change_contact(d.declaration_id, c, "").status().code() == Status::Code::kInvalid);
    lifecycle::NewContact bad = c;
    bad.email = "not an address";
    auto refused = desk.change_contact(d.declaration_id, bad, "担当者の異動");
    REQUIRE_FALSE(refused);
    CHECK(refused.status().message().find("contact_email") != std::string::npos);

    auto change = desk.change_contact(d.declaration_id, c, "担当者の異動(電話で本人確認)");
    REQUIRE(change);
    Declaration now = l.live("corp:7000012050002");
    CHECK(now.application.contact_email == "Sato@new-yamada.example");  // as intake normalises
    CHECK(now.application.contact_name == "佐藤 花子");
    CHECK(now.application.contact_department == "情報システム部");
    CHECK_FALSE(now.contact_undeliverable);
    // The bounce flag is closed with the change; the hold stays for the clerk.
    REQUIRE(change->closed_flags.size() == 1);
    CHECK(change->closed_flags[0].kind == "bounce");
    CHECK(l.f.count("SELECT COUNT(*) FROM declaration_flags WHERE closed_at IS NULL") == 1);
    // The old address bounced: no notice to it.
    CHECK_FALSE(change->to_old);
    CHECK(change->to_new.recipient == "Sato@new-yamada.example");
    const std::string to_new = text_of(change->to_new);
    CHECK(to_new.find(d.user_number) != std::string::npos);
    CHECK(to_new.find(d.declaration_id) != std::string::npos);

    // Changed again, from a deliverable address: that one is told, without any number.
    lifecycle::NewContact third{"鈴木 一郎", "", "suzuki@new-yamada.example", ""};
    auto again = desk.change_contact(d.declaration_id, third, "再度の異動");
    REQUIRE(again);
    REQUIRE(again->to_old);
    CHECK(again->to_old->recipient == "Sato@new-yamada.example");
    CHECK(again->to_old->kind == "contact_changed_old");
    CHECK(again->to_old->declaration_row == std::optional<std::int64_t>(d.id));
    const std::string to_old = text_of(*again->to_old);
    CHECK(to_old.find(d.user_number) == std::string::npos);
    CHECK(to_old.find(d.declaration_id) == std::string::npos);
    CHECK(to_old.find("suzuki@") == std::string::npos);
    CHECK(to_old.find("s***@n***.example") != std::string::npos);
    CHECK(to_old.find("鈴＊＊様") != std::string::npos);
    CHECK(to_old.find("佐藤 花子様") != std::string::npos);
    CHECK(l.live("corp:7000012050002").application.contact_department.empty());
    CHECK(l.f.count("SELECT COUNT(*) FROM staff_actions WHERE action = 'change-contact' AND "
                    "detail LIKE '%再度の異動'") == 1);
}

TEST_CASE("amend corrects registered data by the intake rules, and only those fields",
          "[lifecycle]") {
    Lifecycle l;
    l.intake({test::corporation_application("A-1"), test::sole_proprietor_application("S-1")});
    Application other = test::sole_proprietor_application("S-2");
    other.trade_name = "鈴木商店";
    other.contact_email = "shop@suzuki-shoten.example";
    l.intake({other});
    Declaration d = l.live("corp:7000012050002");
    lifecycle::StaffDesk desk(*l.f.store, *l.f.renderer, l.f.clock, "sato");
    auto code = [&](const std::string& id, std::vector<std::pair<std::string, std::string>> c) {
        return desk.amend(id, c, "誤記の訂正").status();
    };
    CHECK(code(d.declaration_id, {{"contact_email", "x@y.example"}})
              .message()
              .find("change-contact") != std::string::npos);
    CHECK(code(d.declaration_id, {{"corporate_number", "1180301018771"}}).code() ==
          Status::Code::kInvalid);
    Status bad = code(d.declaration_id, {{"prefecture", "東京府"}});
    CHECK(bad.code() == Status::Code::kInvalid);
    CHECK(bad.message().find("prefecture") != std::string::npos);
    CHECK(code(d.declaration_id, {{"employees", "-1"}}).message().find("employees") !=
          std::string::npos);
    CHECK(code(d.declaration_id, {{"business_name", ""}}).message().find("business_name") !=
          std::string::npos);
    CHECK(code(d.declaration_id, {{"phone", "1"}, {"phone", "2"}}).code() ==
          Status::Code::kInvalid);

    auto done = desk.amend(d.declaration_id,
                           {{"business_name", "株式会社山田製作所ホールディングス"},
                            {"prefecture", "大阪"},
                            {"employees", "３０"}},
                           "登記上の商号に訂正");
    REQUIRE(done);
    REQUIRE(done->changed.size() == 3);
    CHECK(done->changed[0].field == "business_name");
    CHECK(done->changed[0].before == "株式会社山田製作所");
    Declaration after = l.live("corp:7000012050002");
    CHECK(after.application.business_name == "株式会社山田製作所ホールディングス");
    CHECK(after.application.prefecture == "大阪府");  // normalised as intake does
    CHECK(after.application.employees == std::optional<std::int64_t>(30));
    auto same = desk.amend(d.declaration_id, {{"prefecture", "大阪府"}}, "確認");
    REQUIRE(same);
    CHECK(same->changed.empty());
    CHECK(l.f.count("SELECT COUNT(*) FROM staff_actions WHERE action = 'amend'") == 1);

    // A sole proprietor is known by 屋号 + 代表者名 + 都道府県: its key follows the correction,
    // and may not become another live declaration's.
    Declaration sole = l.live(identity_key(test::sole_proprietor_application()));
    Status taken = code(sole.declaration_id, {{"trade_name", "鈴木商店"}});
    CHECK(taken.code() == Status::Code::kInvalid);
    CHECK(taken.message().find("another live declaration") != std::string::npos);
    REQUIRE(desk.amend(sole.declaration_id, {{"trade_name", "鈴木建設"}}, "屋号の訂正"));
    Application probe = test::sole_proprietor_application();
    probe.trade_name = "鈴木建設";
    CHECK(l.live(identity_key(probe)).id == sole.id);
}
