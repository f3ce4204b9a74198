// No secret in any log line: a full cycle at debug level, staff commands included, and then
// the log file and everything the jobs printed (what cron mails to the administrator) are
// searched for the passwords, every 利用者番号 and every contact address.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "store/sqlite.h"
#include "support/cli_env.h"
#include "support/fixtures.h"
#include "support/mailbox.h"
#include "support/temp_dir.h"

using namespace sa;

TEST_CASE("no password, 利用者番号 or contact address reaches a log line", "[e2e][security]") {
    const std::string box = test::unique_address("secrets", "sa-secretariat.example");
    const std::string smtp_password = "Smtp-Pw-4g7k2x";
    test::TempDir files;
    test::write_file(files.file("imap-pw"), test::mail_password() + "\n");
    ::chmod(files.file("imap-pw").c_str(), 0600);
    test::CliEnv env("[imap]\nurl = imap://127.0.0.1:" + test::imap_port() +
                     "/INBOX\nusername = " + box + "\npassword_file = " + files.file("imap-pw") +
                     "\n[smtp]\npassword_env = SA_TEST_SMTP_PASSWORD\n[log]\nlevel = debug\n");
    const std::map<std::string, std::string> secret_env = {
        {"SA_TEST_SMTP_PASSWORD", smtp_password}};

    std::vector<std::string> contacts;
    std::string csv = test::csv_header();
    for (int i = 0; i < 5; ++i) {
        Application a = test::sole_proprietor_application("SEC-" + std::to_string(i));
        a.trade_name = "秘密商店" + std::to_string(i);
        a.contact_email = test::unique_address("owner", "secrets.example");
        contacts.push_back(a.contact_email);
        csv += test::csv_line(a);
    }
    Application bad = test::corporation_application("SEC-bad");
    bad.contact_email = "broken-address";
    csv += test::csv_line(bad);
    env.drop("a.csv", csv);

    std::string printed;
    auto first = env.run({"run"}, secret_env);
    REQUIRE(first.exit_code == 0);
    printed += first.out + first.err;

    std::vector<std::string> paths;
    auto message = [&](const std::string& from, const std::string& body) {
        paths.push_back(files.file("m" + std::to_string(paths.size())));
        test::write_file(paths.back(), "From: <" + from + ">\r\nTo: " + box +
                                           "\r\nSubject: q\r\nMessage-ID: <s" +
                                           std::to_string(paths.size()) +
                                           "@x.example>\r\nMIME-Version: 1.0\r\n"
                                           "Content-Type: text/plain; charset=UTF-8\r\n\r\n" +
                                           body + "\r\n");
    };
    message(contacts[0], "自己宣言IDを忘れてしまいました。");
    message("stranger@evil.example",
            "IDを忘れました。屋号：秘密商店1\n代表者：鈴木 次郎\n都道府県：北海道");
    message(contacts[2], "担当者変更をお願いします。");
    test::append_messages(paths, box);
    auto second = env.run({"run"}, secret_env);
    REQUIRE(second.exit_code == 0);
    printed += second.out + second.err;
    const std::string decl = env.text("SELECT declaration_id FROM declarations LIMIT 1");
    auto revealed = env.run({"lookup", "--id", decl, "--reveal"}, secret_env);
    REQUIRE(revealed.exit_code == 0);  // its output shows the number on purpose; its log must not
    // Staff commands show staff what they ask for (a sender, a contact); they run for their log.
    REQUIRE(env.run({"queue"}, secret_env).exit_code == 0);
    REQUIRE(env.run({"report"}, secret_env).exit_code == 0);

    const std::string log = test::read_file(env.dir.file("log/sa-batch.log"));
    REQUIRE(log.size() > 1000);  // debug level: the log has plenty to say
    CHECK(log.find("revealed") != std::string::npos);
    std::vector<std::string> secrets = {test::mail_password(), smtp_password};
    {
        auto db = sqlite::Database::open(env.db_path, 5000);
        auto& st = db->cached("SELECT user_number, contact_email FROM declarations");
        while (st.step()) {
            secrets.push_back(st.text(0));
            secrets.push_back(st.text(1));
        }
    }
    CHECK(secrets.size() == 2 + 2 * 5);
    for (const auto& s : secrets) {
        INFO(s);
        CHECK(log.find(s) == std::string::npos);
        CHECK(printed.find(s) == std::string::npos);
    }
}
