// Inquiries APPENDed to the secretariat's Dovecot mailbox are read over IMAP, answered
// through Postfix into the applicants' mailboxes, and moved to their outcome folders.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "support/cli_env.h"
#include "support/fixtures.h"
#include "support/mailbox.h"
#include "support/temp_dir.h"

using namespace sa;

namespace {

std::string inquiry(const std::string& from, const std::string& body, const std::string& message_id,
                    const std::string& extra = "") {
    return test::inquiry_mail(from, body, message_id, extra);
}

struct Stack {
    std::string secretariat = test::unique_address("secretariat", "sa-secretariat.example");
    std::string contact = test::unique_address("tanaka", "yamada-seisakusho.example");
    std::string stranger = test::unique_address("stranger", "evil.example");
    std::string asker = test::unique_address("kojima", "kojima-shoten.example");
    test::TempDir files;
    std::unique_ptr<test::CliEnv> env;

    std::string mailbox;

    explicit Stack(std::string mailbox_name = "INBOX") : mailbox(std::move(mailbox_name)) {
        test::write_file(files.file("imap-password"), test::mail_password() + "\n");
        ::chmod(files.file("imap-password").c_str(), 0600);
        env = std::make_unique<test::CliEnv>("[imap]\nurl = imap://127.0.0.1:" + test::imap_port() +
                                             "/" + mailbox + "\nusername = " + secretariat +
                                             "\npassword_file = " + files.file("imap-password") +
                                             "\n");
        Application a = test::corporation_application("E2E-1");
        a.contact_email = contact;
        env->drop("a.csv", test::csv_header() + test::csv_line(a));
    }

    void append(const std::string& name, const std::string& raw) {
        test::write_file(files.file(name), raw);
        test::append_messages({files.file(name)}, secretariat, mailbox);
    }
};

}  // namespace

TEST_CASE("inquiries are answered over IMAP and SMTP, and moved to their folders", "[e2e][inbox]") {
    Stack s;
    auto first = s.env->run({"run"});
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    REQUIRE(test::read_mailbox(s.contact, 1).size() == 1);  // the completion mail
    const std::string user = s.env->text("SELECT user_number FROM declarations");
    const std::string decl = s.env->text("SELECT declaration_id FROM declarations");

    s.append("1.eml", inquiry(s.contact, "自己宣言IDがわからなくなりました。",
                              "ask1@yamada-seisakusho.example"));
    s.append(
        "2.eml",
        inquiry(
            s.stranger,
            "自己宣言IDを忘れました。教えてください。\n法人番号：7000012050002\n都道府県：東京都",
            "ask2@evil.example"));
    s.append("3.eml", inquiry(s.asker, "9から始まる番号と4から始まる番号、どちらを使えばよいですか",
                              "ask3@kojima.example"));
    s.append("4.eml", inquiry(s.asker, "不在です", "ooo@kojima.example",
                              "Auto-Submitted: auto-replied\r\n"));
    s.append("5.eml", test::read_file(test::source_dir() +
                                      "/tests/data/inbound/046-other-logo-colour-iso2022jp.eml"));

    auto second = s.env->run({"run"});
    INFO(second.out << second.err);
    REQUIRE(second.exit_code == 0);
    CHECK(second.out.find("inbox: 5 message(s): 3 answered, 1 to a person, 1 ignored") !=
          std::string::npos);

    // The registered contact: the completion mail, the neutral answer to their own question
    // (a reply, the same text a stranger gets), and a notice with the numbers for each of
    // the two questions about the business (theirs and the stranger's).
    auto contact = test::read_mailbox(s.contact, 4);
    REQUIRE(contact.size() == 4);
    int with_numbers = 0;
    for (const auto& m : contact) {
        if (m.body.find(user) != std::string::npos && m.body.find(decl) != std::string::npos)
            ++with_numbers;
    }
    CHECK(with_numbers == 3);
    bool replied = false;
    for (const auto& m : contact) {
        if (m.header("in-reply-to") == "<ask1@yamada-seisakusho.example>") {
            replied = true;
            CHECK(m.header("auto-submitted") == "auto-replied");
            CHECK(m.header("subject") == "【SECURITY ACTION】お問い合わせについて");
            CHECK(m.body.find(user) == std::string::npos);
        }
    }
    CHECK(replied);

    // The stranger: a neutral answer, no number.
    auto stranger = test::read_mailbox(s.stranger, 1);
    REQUIRE(stranger.size() == 1);
    CHECK(stranger[0].header("in-reply-to") == "<ask2@evil.example>");
    CHECK(stranger[0].body.find(user) == std::string::npos);
    CHECK(stranger[0].body.find(decl) == std::string::npos);
    CHECK(stranger[0].raw.find(user) == std::string::npos);
    CHECK(stranger[0].body.find("ご登録の担当者様のメールアドレスにのみ") != std::string::npos);

    // Which number: the explanation. The auto-reply got nothing.
    auto asker = test::read_mailbox(s.asker, 1);
    REQUIRE(asker.size() == 1);
    CHECK(asker[0].body.find("4から始まる番号:自己宣言ID") != std::string::npos);

    auto folders = test::mailbox_folders(s.secretariat);
    CHECK(folders["INBOX"] == 0);
    CHECK(folders["answered"] == 3);
    CHECK(folders["needs-person"] == 1);
    CHECK(folders["ignored"] == 1);
    // Staff find the messages unread, as they arrived: reading them never set \Seen.
    for (const char* folder : {"answered", "needs-person", "ignored"}) {
        for (const auto& m : test::read_mailbox(s.secretariat, 1, folder)) CHECK_FALSE(m.seen);
    }

    // A third run: nothing new to read, nothing sent again.
    auto third = s.env->run({"run"});
    CHECK(third.exit_code == 0);
    CHECK(third.out.find("inbox: 0 message(s)") != std::string::npos);
    CHECK(s.env->count("SELECT COUNT(*) FROM outbox") == 7);
    CHECK(test::read_mailbox(s.asker, 2, "INBOX", 1.5).size() == 1);
}

TEST_CASE("a mailbox with a Japanese name is read, and its folders made beside it",
          "[e2e][inbox]") {
    // Named in UTF-8 in the configuration; on the wire in modified UTF-7, which the test's
    // own client (scripts/mailbox) encodes and decodes independently.
    Stack s("事務局/受付");
    s.append("1.eml", inquiry(s.asker, "9から始まる番号と4から始まる番号、どちらを使えばよいですか",
                              "jp1@kojima.example"));
    s.append("2.eml", inquiry(s.asker, "ロゴの色を変えてもよいですか", "jp2@kojima.example"));
    auto r = s.env->run({"inbox"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("inbox: 2 message(s): 1 answered, 1 to a person") != std::string::npos);
    auto folders = test::mailbox_folders(s.secretariat);
    CHECK(folders["事務局/受付"] == 0);
    CHECK(folders["事務局/answered"] == 1);
    CHECK(folders["事務局/needs-person"] == 1);
    CHECK(folders.count("answered") == 0);
}

TEST_CASE("the mailbox's failures have clear errors and exit codes", "[e2e][inbox]") {
    Stack s;
    auto wrong_password = s.env->run({"inbox"}, {});
    CHECK(wrong_password.exit_code == 0);  // the right password works
    test::write_file(s.files.file("imap-password"), "wrong\n");
    auto refused = s.env->run({"inbox"});
    CHECK(refused.exit_code == 69);
    CHECK(refused.out.find("Login denied") != std::string::npos);
    test::write_file(s.files.file("imap-password"), test::mail_password() + "\n");
    auto missing = s.env->run(
        {"inbox", "--set", "imap.url=imap://127.0.0.1:" + test::imap_port() + "/NoSuchBox"});
    CHECK(missing.exit_code == 66);
    auto down = s.env->run(
        {"inbox", "--set", "imap.url=imap://127.0.0.1:1/INBOX", "--set", "imap.timeout=5s"});
    CHECK(down.exit_code == 75);
    ::chmod(s.files.file("imap-password").c_str(), 0644);
    auto readable = s.env->run({"inbox"});
    CHECK(readable.exit_code == 78);
    CHECK(readable.err.find("chmod 600") != std::string::npos);
}

TEST_CASE("a message the composer cannot answer as planned never stops the cycle",
          "[e2e][inbox][security]") {
    Stack s;
    REQUIRE(s.env->run({"run"}).exit_code == 0);
    const std::string ask = "9から始まる番号と4から始まる番号、どちらを使えばよいですか";
    // A web form's Message-ID without '@', one of 300 characters, one not in ASCII; a
    // sender the reader takes but the composer refuses, with no Return-Path.
    s.append("1.eml", inquiry(s.asker, ask, "20261201100000.4242"));
    s.append("2.eml", inquiry(s.asker, ask, std::string(300, 'x') + "@kojima.example"));
    s.append("3.eml", inquiry(s.asker, ask, "問い合わせ@例え.jp"));
    std::string idn = inquiry("tantou@例え.jp", ask, "idn@kojima.example");
    idn.erase(0, idn.find("\r\n") + 2);  // no Return-Path
    s.append("4.eml", idn);
    for (int run = 0; run < 2; ++run) {
        auto r = s.env->run({"run"});
        INFO(r.out << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("accept-due:") != std::string::npos);  // the cycle went on
        if (run == 0)
            CHECK(r.out.find("inbox: 4 message(s): 3 answered, 1 to a person") !=
                  std::string::npos);
    }
    CHECK(test::read_mailbox(s.asker, 3).size() == 3);
    CHECK(test::mailbox_folders(s.secretariat)["needs-person"] == 1);
    CHECK(test::mailbox_folders(s.secretariat)["INBOX"] == 0);
}

TEST_CASE("a stranger receives the same answer whether or not the business exists",
          "[e2e][inbox][security]") {
    Stack s;
    REQUIRE(s.env->run({"run"}).exit_code == 0);
    // The same request about the registered business and about one nobody declared, each
    // from a stranger whose From names the registered contact and whose envelope is theirs.
    const std::string other = test::unique_address("stranger2", "evil.example");
    auto forged = [&](const std::string& envelope, const std::string& number,
                      const std::string& id) {
        std::string m = inquiry(
            s.contact,
            "自己宣言IDを忘れました。教えてください。\n法人番号：" + number + "\n都道府県：東京都",
            id);
        m.replace(0, m.find("\r\n"), "Return-Path: <" + envelope + ">");
        return m;
    };
    s.append("1.eml", forged(s.stranger, "7000012050002", "known@evil.example"));
    s.append("2.eml", forged(other, "1180301018771", "unknown@evil.example"));
    auto r = s.env->run({"run"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    auto a = test::read_mailbox(s.stranger, 1);
    auto b = test::read_mailbox(other, 1);
    REQUIRE(a.size() == 1);
    REQUIRE(b.size() == 1);
    CHECK(a[0].header("subject") == b[0].header("subject"));
    CHECK(a[0].body == b[0].body);
    const std::string user = s.env->text("SELECT user_number FROM declarations");
    CHECK(a[0].raw.find(user) == std::string::npos);
    // The registered contact got the numbers for the request about their business, once.
    auto contact = test::read_mailbox(s.contact, 2);
    int with_numbers = 0;
    for (const auto& m : contact) with_numbers += m.body.find(user) != std::string::npos;
    CHECK(with_numbers == 2);  // the completion mail and one notice
}
