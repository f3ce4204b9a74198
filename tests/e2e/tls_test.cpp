// The same mail, over TLS with certificates checked: the completion mail through Postfix's
// STARTTLS, the mailbox over IMAPS (both of the inbox's connections). Without the CA that
// signed the servers' certificate, both are refused with the exit code that asks for a person.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "support/cli_env.h"
#include "support/fixtures.h"
#include "support/mailbox.h"
#include "support/temp_dir.h"

using namespace sa;

TEST_CASE("mail goes over STARTTLS and IMAPS with the certificates checked", "[e2e][tls]") {
    const std::string secretariat = test::unique_address("secretariat", "sa-secretariat.example");
    const std::string contact = test::unique_address("tanaka", "yamada-seisakusho.example");
    const std::string asker = test::unique_address("kojima", "kojima-shoten.example");
    test::TempDir files;
    test::write_file(files.file("pw"), test::mail_password() + "\n");
    ::chmod(files.file("pw").c_str(), 0600);
    test::CliEnv env("[imap]\nurl = imaps://127.0.0.1:" + test::imaps_port() +
                     "/INBOX\nusername = " + secretariat + "\npassword_file = " + files.file("pw") +
                     "\nca_file = " + test::mailstack_ca() + "\n");
    const std::vector<std::string> smtp_tls = {"--set", "smtp.tls=required", "--set",
                                               "smtp.ca_file=" + test::mailstack_ca()};
    auto with = [](std::vector<std::string> args, const std::vector<std::string>& more) {
        args.insert(args.end(), more.begin(), more.end());
        return args;
    };

    Application a = test::corporation_application("TLS-1");
    a.contact_email = contact;
    env.drop("a.csv", test::csv_header() + test::csv_line(a));
    auto first = env.run(with({"run"}, smtp_tls));
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    auto completion = test::read_mailbox(contact, 1);
    REQUIRE(completion.size() == 1);
    CHECK(completion[0].body.find(env.text("SELECT declaration_id FROM declarations")) !=
          std::string::npos);

    test::write_file(
        files.file("q.eml"),
        "From: <" + asker +
            ">\r\nTo: security-action-info@sa-secretariat.example\r\nSubject: q\r\n"
            "Message-ID: <tls-q@kojima.example>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            "9から始まる番号と4から始まる番号、どちらを使えばよいですか\r\n");
    // And one of 600 KB, read over many TLS records.
    std::string big =
        "From: <" + asker +
        ">\r\nTo: security-action-info@sa-secretariat.example\r\n"
        "Subject: big\r\nMessage-ID: <tls-big@kojima.example>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\n\r\n";
    for (int i = 0; big.size() < (600u << 10); ++i)
        big += "ロゴの色について質問です。行 " + std::to_string(i) + "\r\n";
    test::write_file(files.file("big.eml"), big);
    test::append_messages({files.file("q.eml"), files.file("big.eml")}, secretariat);
    auto second = env.run(with({"run"}, smtp_tls));
    INFO(second.out << second.err);
    REQUIRE(second.exit_code == 0);
    CHECK(second.out.find("inbox: 2 message(s): 1 answered, 1 to a person") != std::string::npos);
    CHECK(env.text("SELECT CAST(raw AS TEXT) FROM inbound_messages WHERE message_id = "
                   "'tls-q@kojima.example'") == test::read_file(files.file("q.eml")));
    CHECK(env.text("SELECT CAST(raw AS TEXT) FROM inbound_messages WHERE message_id = "
                   "'tls-big@kojima.example'") == big);
    CHECK(test::read_mailbox(asker, 2).size() == 2);  // the answer and the acknowledgement
    CHECK(test::mailbox_folders(secretariat)["answered"] == 1);
    CHECK(test::mailbox_folders(secretariat)["needs-person"] == 1);

    // Without the CA: refused, a person must act (69), and nothing changes.
    const std::int64_t sent_before = env.count("SELECT COUNT(*) FROM outbox WHERE state = 'sent'");
    test::write_file(files.file("q2.eml"), test::read_file(files.file("q.eml")) + "2\r\n");
    test::append_messages({files.file("q2.eml")}, secretariat);
    auto imap_refused =
        env.run({"inbox", "--set", "imap.ca_file=/etc/ssl/certs/ca-certificates.crt"});
    INFO(imap_refused.out << imap_refused.err);
    CHECK(imap_refused.exit_code == 69);
    CHECK(imap_refused.err.find("certificate") != std::string::npos);
    CHECK(env.count("SELECT COUNT(*) FROM inbound_messages") == 2);
    CHECK(test::mailbox_folders(secretariat)["INBOX"] == 1);

    Application b = test::sole_proprietor_application("TLS-2");
    b.trade_name = "鈴木工務店TLS";
    b.contact_email = test::unique_address("suzuki", "suzuki-koumuten.example");
    env.drop("b.csv", test::csv_header() + test::csv_line(b));
    auto smtp_refused = env.run({"run", "--set", "smtp.tls=required", "--set",
                                 "smtp.ca_file=/etc/ssl/certs/ca-certificates.crt", "--set",
                                 "imap.url=imap://127.0.0.1:" + test::imap_port() + "/INBOX"});
    INFO(smtp_refused.out << smtp_refused.err);
    CHECK(smtp_refused.exit_code == 69);
    CHECK(smtp_refused.err.find("certificate") != std::string::npos);
    CHECK(env.text("SELECT outcome FROM intake_records WHERE application_id = 'TLS-2'") ==
          "issued");
    CHECK(env.count("SELECT COUNT(*) FROM outbox WHERE state = 'sent'") == sent_before);
    CHECK(env.count("SELECT COUNT(*) FROM outbox o JOIN declarations d ON d.id = o.declaration_id "
                    "WHERE d.application_id = 'TLS-2' AND o.state <> 'sent'") == 1);
}
