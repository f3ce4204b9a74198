// The staff desk closes what intake and the inbox open, through the local Postfix and Dovecot:
// every mail below is sent by `sa-batch send`, delivered into Dovecot and read back over IMAP
// with Python's decoder. The upgrade and duplicate rules, change-contact (and a bounce before
// and after it), hold / flags / clear-flag with accept-due, amend and the public search.
#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>

#include "core/time_format.h"
#include "domain/masking.h"
#include "support/cli_env.h"
#include "support/fixtures.h"
#include "support/mailbox.h"
#include "support/temp_dir.h"

using namespace sa;

namespace {

std::string at(UnixTime t) {
    return "clock.fixed=" + format_iso8601(t, 540);
}

// A secretariat with its mailbox on the local Dovecot, and one corporation declared (the
// completion mail sent and read) by its contact `contact`.
struct Office {
    std::string secretariat = test::unique_address("secretariat", "sa-secretariat.example");
    std::string contact = test::unique_address("tanaka", "yamada-seisakusho.example");
    test::TempDir files;
    std::unique_ptr<test::CliEnv> env;
    UnixTime t0 = ::time(nullptr);
    std::string decl, user;

    Office() {
        test::write_file(files.file("imap-password"), test::mail_password() + "\n");
        ::chmod(files.file("imap-password").c_str(), 0600);
        env = std::make_unique<test::CliEnv>(
            "[acceptance]\nreview_days = 14\n[imap]\nurl = imap://127.0.0.1:" + test::imap_port() +
            "/INBOX\nusername = " + secretariat +
            "\npassword_file = " + files.file("imap-password") + "\n");
        Application a = test::corporation_application("D-1");
        a.contact_email = contact;
        env->drop("a.csv", test::csv_header() + test::csv_line(a));
        ok({"run"});
        REQUIRE(test::read_mailbox(contact, 1).size() == 1);  // the completion mail
        decl = env->text("SELECT declaration_id FROM declarations");
        user = env->text("SELECT user_number FROM declarations");
    }

    // Runs a command at t0 + `days`, expecting exit 0; returns what it printed.
    std::string ok(std::vector<std::string> args, double days = 0) {
        args.push_back("--set");
        args.push_back(at(t0 + static_cast<UnixTime>(days * 86400)));
        auto r = env->run(args);
        INFO(args[0] << ": " << r.out << r.err);
        REQUIRE(r.exit_code == 0);
        return r.out;
    }

    void drop(const std::string& name, const std::vector<Application>& apps) {
        std::string csv = test::csv_header();
        for (const auto& a : apps) csv += test::csv_line(a);
        env->drop(name, csv);
    }

    void append(const std::string& name, const std::string& raw) {
        test::write_file(files.file(name), raw);
        test::append_messages({files.file(name)}, secretariat);
    }

    Poco::JSON::Object::Ptr lookup(const std::string& id = "") {
        std::string out = ok({"lookup", "--id", id.empty() ? decl : id, "--json"});
        return Poco::JSON::Parser().parse(out).extract<Poco::JSON::Object::Ptr>();
    }

    // Exactly `n` mails in `address`'s INBOX once Postfix is done: none more arrives.
    std::vector<test::ReceivedMail> mails(const std::string& address, std::size_t n) {
        test::wait_for_delivery();
        auto got = test::read_mailbox(address, n + 1, "INBOX", 1.5);
        REQUIRE(got.size() == n);
        return got;
    }
};

Application two_star(Application a) {
    a.tier = Tier::kTwoStar;
    a.self_assessment_done = a.basic_policy_published = true;
    return a;
}

std::vector<Poco::JSON::Object::Ptr> array_of(const Poco::JSON::Object::Ptr& o,
                                              const std::string& key) {
    std::vector<Poco::JSON::Object::Ptr> out;
    auto a = o->getArray(key);
    for (std::size_t i = 0; i < a->size(); ++i)
        out.push_back(a->getObject(static_cast<unsigned>(i)));
    return out;
}

std::size_t open_flags(const Poco::JSON::Object::Ptr& d, const std::string& kind) {
    std::size_t n = 0;
    for (const auto& f : array_of(d, "flags"))
        n += f->getValue<bool>("open") && f->getValue<std::string>("kind") == kind;
    return n;
}

}  // namespace

TEST_CASE("change-contact: both numbers to the new address, a notice without them to the old",
          "[e2e][staff]") {
    Office o;
    const std::string fresh = test::unique_address("sato", "new-yamada.example");
    std::string out = o.ok({"change-contact", o.decl, "--email", fresh, "--name", "佐藤 花子",
                            "--department", "情報システム部", "--phone", "03-1111-2222", "--reason",
                            "担当者の異動(電話で本人確認済み)"});
    CHECK(out.find("with both numbers") != std::string::npos);
    o.ok({"send"});

    auto to_new = o.mails(fresh, 1);
    CHECK(to_new[0].header("subject") == "【SECURITY ACTION】ご登録担当者の変更のお知らせ");
    CHECK(to_new[0].header("to").find(fresh) != std::string::npos);
    CHECK(to_new[0].body.rfind("株式会社山田製作所\n佐藤 花子様\n", 0) == 0);
    CHECK(to_new[0].body.find("利用者番号:" + o.user + "\n") != std::string::npos);
    CHECK(to_new[0].body.find("自己宣言ID:" + o.decl + "\n") != std::string::npos);

    auto to_old = o.mails(o.contact, 2);  // the completion mail, and the notice
    const test::ReceivedMail& notice = to_old[1];
    CHECK(notice.header("subject") == "【SECURITY ACTION】ご登録担当者が変更されました");
    CHECK(notice.body.rfind("株式会社山田製作所\n田中 一郎様\n", 0) == 0);
    CHECK(notice.body.find("新しい担当者:佐＊＊様") != std::string::npos);
    CHECK(notice.body.find("メールアドレス:" + mask_address(fresh)) != std::string::npos);
    CHECK(notice.body.find("お心当たりがない場合") != std::string::npos);
    for (const std::string& secret : {o.user, o.decl, fresh, std::string("佐藤")}) {
        INFO(secret);
        CHECK(notice.raw.find(secret) == std::string::npos);
        CHECK(notice.body.find(secret) == std::string::npos);
    }

    auto d = o.lookup();
    CHECK(d->getValue<std::string>("contact_email") == fresh);
    CHECK(d->getValue<std::string>("contact_department") == "情報システム部");
    CHECK_FALSE(d->getValue<bool>("contact_undeliverable"));
    CHECK_FALSE(d->has("user_number"));
    bool listed = false;
    for (const auto& m : array_of(d, "mails")) {
        if (m->getValue<std::string>("kind") == "contact_changed_new") {
            listed = true;
            CHECK(m->getValue<std::string>("to") == fresh);
            CHECK(m->getValue<std::string>("state") == "sent");
        }
    }
    CHECK(listed);
    // Recorded with the reason and who acted: the process's own user.
    const struct passwd* pw = ::getpwuid(::getuid());
    REQUIRE(pw);
    CHECK(o.env->count("SELECT COUNT(*) FROM staff_actions WHERE action = 'change-contact' AND "
                       "detail LIKE '%担当者の異動(電話で本人確認済み)' AND actor LIKE '" +
                       std::string(pw->pw_name) + "%'") == 1);
    // A value the intake rules refuse changes nothing.
    auto bad = o.env->run(
        {"change-contact", o.decl, "--email", "not-an-address", "--name", "x", "--reason", "r"});
    CHECK(bad.exit_code == 65);
    CHECK(bad.out.find("contact_email") != std::string::npos);
    CHECK(o.env->run({"change-contact", o.decl, "--email", fresh, "--name", "x"}).exit_code == 64);
    CHECK(o.lookup()->getValue<std::string>("contact_email") == fresh);
}

TEST_CASE(
    "a bounce, then change-contact: the mark of the old address no longer applies, and a "
    "bounce to the new one works as before",
    "[e2e][staff]") {
    Office o;
    const std::string completion_id = o.env->text("SELECT message_id FROM outbox");
    o.append("dsn1.eml", test::delivery_report(o.contact, completion_id));
    o.ok({"inbox"});
    auto d = o.lookup();
    CHECK(d->getValue<bool>("contact_undeliverable"));
    REQUIRE(open_flags(d, "bounce") == 1);

    const std::string fresh = test::unique_address("suzuki", "new-yamada.example");
    std::string out = o.ok({"change-contact", o.decl, "--email", fresh, "--name", "鈴木 一郎",
                            "--reason", "不達のため、電話で確認した新しい担当者へ"});
    CHECK(out.find("no notice to the old address: mail to it bounced") != std::string::npos);
    CHECK(out.find("closed flag #") != std::string::npos);
    d = o.lookup();
    CHECK_FALSE(d->getValue<bool>("contact_undeliverable"));
    CHECK(open_flags(d, "bounce") == 0);
    o.ok({"send"});
    REQUIRE(o.mails(fresh, 1).size() == 1);
    o.mails(o.contact, 1);  // nothing more to the address that bounced

    // The new contact asks for the numbers: answered, to them.
    o.append("ask.eml", test::inquiry_mail(fresh, "自己宣言IDを忘れました。教えてください。",
                                           "ask1@new-yamada.example"));
    o.ok({"run"});
    auto asked = o.mails(fresh, 3);  // change notice, neutral answer, numbers
    int with_numbers = 0;
    std::string numbers_id;
    for (const auto& m : asked) {
        if (m.body.find(o.user) != std::string::npos) {
            ++with_numbers;
            numbers_id = m.header("message-id");
        }
    }
    CHECK(with_numbers == 2);

    // A mail to the new address bounces: marked, and a new bounce flag, as before.
    REQUIRE(numbers_id.size() > 2);
    o.append("dsn2.eml", test::delivery_report(fresh, numbers_id.substr(1, numbers_id.size() - 2)));
    o.ok({"inbox"});
    d = o.lookup();
    CHECK(d->getValue<bool>("contact_undeliverable"));
    REQUIRE(open_flags(d, "bounce") == 1);
    std::int64_t flag = 0;
    for (const auto& f : array_of(d, "flags"))
        if (f->getValue<bool>("open")) flag = f->getValue<std::int64_t>("id");
    o.ok({"clear-flag", std::to_string(flag), "--note", "新しい担当者に電話で確認"});
    CHECK(open_flags(o.lookup(), "bounce") == 0);
}

TEST_CASE("hold, flags and clear-flag: accepted once the last flag is closed", "[e2e][staff]") {
    Office o;
    std::string held = o.ok({"hold", o.decl, "--reason", "申込み内容を電話で確認中"});
    CHECK(held.find("(hold) opened on " + o.decl) != std::string::npos);
    // Someone else applies for the same business: a second flag.
    Application other = test::corporation_application("D-2");
    other.contact_email = test::unique_address("someone", "elsewhere.example");
    o.drop("b.csv", {other});
    o.ok({"run"}, 1);
    std::string listed = o.ok({"flags"});
    CHECK(listed.find("hold  " + o.decl) != std::string::npos);
    CHECK(listed.find("duplicate_other_contact  " + o.decl) != std::string::npos);
    CHECK(listed.find("申込み内容を電話で確認中") != std::string::npos);
    CHECK(listed.find("2 open flag(s), oldest first") != std::string::npos);
    CHECK(listed.find("hold") < listed.find("duplicate_other_contact"));  // oldest first

    // Past the review period: not accepted while a flag is open.
    std::string due = o.ok({"run"}, 15);
    CHECK(due.find("accept-due: 0 declaration(s) accepted") != std::string::npos);
    auto d = o.lookup();
    std::vector<std::int64_t> ids;
    for (const auto& f : array_of(d, "flags")) ids.push_back(f->getValue<std::int64_t>("id"));
    REQUIRE(ids.size() == 2);
    std::string first = o.ok({"clear-flag", std::to_string(ids[0]), "--note", "確認済み"}, 15);
    CHECK(first.find("1 open flag(s) remain on " + o.decl) != std::string::npos);
    CHECK(o.ok({"run"}, 16).find("accept-due: 0 declaration(s) accepted") != std::string::npos);
    CHECK(o.ok({"search", "--id", o.decl}) == "0 declaration(s)\n");

    std::string last = o.ok({"clear-flag", "#" + std::to_string(ids[1]), "--note",
                             "登録の担当者に確認: 別部署からの誤申込み"},
                            16);
    CHECK(last.find("no open flag remains on " + o.decl) != std::string::npos);
    CHECK(o.ok({"run"}, 16).find("accept-due: 1 declaration(s) accepted") != std::string::npos);
    auto mails = o.mails(o.contact, 3);  // completion, the other-address notice, acceptance
    CHECK(mails[2].header("subject") == "【SECURITY ACTION】申込受理のご連絡");
    CHECK(o.ok({"search", "--id", o.decl}).find("株式会社山田製作所") != std::string::npos);
    d = o.lookup();
    CHECK(d->getValue<std::string>("state") == "accepted");
    for (const auto& f : array_of(d, "flags")) {
        CHECK_FALSE(f->getValue<bool>("open"));
        CHECK_FALSE(f->getValue<std::string>("closed_by").empty());
    }
    CHECK(o.ok({"flags"}) == "no open flag\n");
    // A flag closed once is not closed again; a number that is no flag is not found.
    CHECK(o.env->run({"clear-flag", std::to_string(ids[0]), "--note", "x"}).exit_code == 65);
    CHECK(o.env->run({"clear-flag", "999", "--note", "x"}).exit_code == 66);
    CHECK(o.env->run({"clear-flag", "abc", "--note", "x"}).exit_code == 64);
    CHECK(o.env->run({"hold", o.decl, "--reason", "late"}).exit_code == 65);  // accepted now
}

TEST_CASE("amend: checked by the intake rules, and the public search follows", "[e2e][staff]") {
    Office o;
    o.ok({"run"}, 15);  // accepted and listed
    CHECK(o.ok({"search", "--name", "山田製作所"}).find(o.decl) != std::string::npos);
    auto bad = o.env->run({"amend", o.decl, "prefecture=東京府", "--reason", "訂正"});
    CHECK(bad.exit_code == 65);
    CHECK(bad.out.find("prefecture") != std::string::npos);
    CHECK(o.env->run({"amend", o.decl, "contact_email=x@y.example", "--reason", "r"}).exit_code ==
          65);
    CHECK(o.env->run({"amend", o.decl, "business_name=x"}).exit_code == 64);  // no reason

    std::string out = o.ok({"amend", o.decl, "business_name=株式会社ヤマダ精工", "employees=30",
                            "--reason", "登記上の商号に合わせて訂正(申請者の依頼)"});
    CHECK(out.find("business_name: 株式会社山田製作所 → 株式会社ヤマダ精工") != std::string::npos);
    CHECK(out.find("the public search shows it as amended") != std::string::npos);
    CHECK(o.ok({"search", "--name", "山田製作所"}) == "0 declaration(s)\n");
    std::string found = o.ok({"search", "--name", "やまだ精工"});
    CHECK(found.find("株式会社ヤマダ精工") != std::string::npos);
    CHECK(found.find(o.decl) != std::string::npos);
    auto d = o.lookup();
    CHECK(d->getValue<std::string>("business_name") == "株式会社ヤマダ精工");
    CHECK(o.env->count("SELECT employees FROM declarations") == 30);
    // The acceptance mail already sent is what the applicant has; mail from now on uses the
    // corrected name.
    o.ok({"resend", o.decl});
    o.ok({"send"});
    auto mails = o.mails(o.contact, 3);
    CHECK(mails[2].body.rfind("株式会社山田製作所\n", 0) == 0);  // a resend is the same mail
}

TEST_CASE("who may upgrade or re-apply, through the mail stack", "[e2e][staff][security]") {
    Office o;
    // An attacker knows the public 法人番号 and applies for 二つ星 under another name.
    const std::string attacker = test::unique_address("attacker", "elsewhere.example");
    Application forged = two_star(test::corporation_application("U-1"));
    forged.business_name = "株式会社乗っ取り";
    forged.contact_email = attacker;
    o.drop("b.csv", {forged});
    std::string run = o.ok({"run"}, 1);
    CHECK(run.find("0 issued (0 upgrades), 1 duplicate") != std::string::npos);
    auto d = o.lookup();
    CHECK(d->getValue<std::string>("state") == "issued");
    CHECK(d->getValue<std::string>("tier") == "one_star");
    CHECK(d->getValue<std::string>("business_name") == "株式会社山田製作所");
    CHECK(open_flags(d, "upgrade_unverified") == 1);
    o.mails(attacker, 0);
    auto told = o.mails(o.contact, 2);
    CHECK(told[1].header("subject") == "【SECURITY ACTION】貴社の自己宣言へのお申込みについて");
    CHECK(told[1].body.find("別のメールアドレスから") != std::string::npos);
    CHECK(told[1].body.find(o.decl) != std::string::npos);
    CHECK(told[1].body.find(o.user) == std::string::npos);
    CHECK(told[1].raw.find(o.user) == std::string::npos);
    // Never accepted, superseded or published while the flag waits.
    CHECK(o.ok({"run"}, 20).find("accept-due: 0 declaration(s) accepted") != std::string::npos);
    CHECK(o.ok({"search", "--name", "乗っ取り"}) == "0 declaration(s)\n");

    // Two more strangers the same day: no 利用者番号 anywhere, no second notice, one flag.
    Application s1 = test::corporation_application("U-2"),
                s2 = test::corporation_application("U-3");
    s1.contact_email = test::unique_address("s1", "elsewhere.example");
    s2.contact_email = test::unique_address("s2", "elsewhere.example");
    o.drop("c.csv", {s1, s2});
    o.ok({"run"}, 20);
    o.mails(o.contact, 3);  // one more notice (a new day), not two
    o.mails(s1.contact_email, 0);
    CHECK(open_flags(o.lookup(), "duplicate_other_contact") == 1);

    // The registered contact re-applies: the numbers, to them.
    Application again = test::corporation_application("U-4");
    again.contact_email = o.contact;
    o.drop("d.csv", {again});
    o.ok({"run"}, 20);
    auto numbers = o.mails(o.contact, 4);
    CHECK(numbers[3].header("subject") == "【SECURITY ACTION】一つ星：自己宣言のお申込みについて");
    CHECK(numbers[3].body.find("利用者番号:" + o.user) != std::string::npos);

    // The applicant logged in (the form knows the 利用者番号) applies for 二つ星 from a new
    // address: the upgrade, with a new 自己宣言ID and the same 利用者番号, to the registered
    // contact; the flags move to the new declaration.
    Application real = two_star(test::corporation_application("U-5"));
    real.contact_email = test::unique_address("new-person", "yamada-seisakusho.example");
    real.user_number = o.user;
    o.drop("e.csv", {real});
    CHECK(o.ok({"run"}, 21).find("1 issued (1 upgrades)") != std::string::npos);
    auto upgraded = o.mails(o.contact, 5);
    CHECK(upgraded[4].header("subject") == "【SECURITY ACTION】二つ星：自己宣言完了のお知らせ");
    CHECK(upgraded[4].body.find("利用者番号:" + o.user + "\n") != std::string::npos);
    o.mails(real.contact_email, 0);
    const std::string new_decl =
        o.env->text("SELECT declaration_id FROM declarations WHERE state = 'issued'");
    CHECK(new_decl != o.decl);
    CHECK(upgraded[4].body.find("自己宣言ID:" + new_decl + "\n") != std::string::npos);
    CHECK(o.lookup()->getValue<std::string>("state") == "superseded");
    auto now = o.lookup(new_decl);
    CHECK(open_flags(now, "upgrade_unverified") == 1);
    CHECK(open_flags(now, "duplicate_other_contact") == 1);
    // The attacker's name was never published, and nothing mailed them.
    o.mails(attacker, 0);
}

TEST_CASE("lookup --json: one object, an array for several, the 利用者番号 only revealed",
          "[e2e][staff]") {
    Office o;
    Application shop = test::sole_proprietor_application("J-2");
    shop.contact_email = o.contact;  // the same contact, another business
    o.drop("b.csv", {shop});
    o.ok({"run"});
    auto one = o.lookup();
    for (const char* key : {"declaration_id", "state", "tier", "business_name", "prefecture",
                            "contact_email", "contact_undeliverable", "flags", "mails"}) {
        INFO(key);
        CHECK(one->has(key));
    }
    CHECK(one->getValue<std::string>("declaration_id") == o.decl);
    CHECK(one->getValue<std::string>("prefecture") == "東京都");
    auto mail = array_of(one, "mails").at(0);
    for (const char* key : {"id", "kind", "state", "to", "created_at"}) CHECK(mail->has(key));
    CHECK(mail->getValue<std::string>("kind") == "completion");
    CHECK(mail->getValue<std::string>("to") == o.contact);
    CHECK(o.ok({"lookup", "--id", o.decl, "--json"}).find(o.user) == std::string::npos);

    auto several = Poco::JSON::Parser()
                       .parse(o.ok({"lookup", "--email", o.contact, "--json"}))
                       .extract<Poco::JSON::Array::Ptr>();
    CHECK(several->size() == 2);
    CHECK(o.ok({"lookup", "--email", "nobody@nowhere.example", "--json"}) == "[]\n");

    auto revealed = Poco::JSON::Parser()
                        .parse(o.ok({"lookup", "--id", o.decl, "--json", "--reveal"}))
                        .extract<Poco::JSON::Object::Ptr>();
    CHECK(revealed->getValue<std::string>("user_number") == o.user);
    CHECK(o.env->count("SELECT COUNT(*) FROM staff_actions WHERE action = 'reveal'") == 1);
    o.ok({"hold", o.decl, "--reason", "確認中"});
    auto flag = array_of(o.lookup(), "flags").at(0);
    CHECK(flag->getValue<std::string>("kind") == "hold");
    CHECK(flag->getValue<bool>("open"));
    CHECK(flag->getValue<std::string>("reason") == "確認中");
    CHECK(flag->has("opened_at"));
    CHECK(flag->has("id"));
}
