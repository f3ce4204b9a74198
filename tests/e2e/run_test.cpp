// The bundled sample goes through `sa-batch run` into the local Postfix, is delivered over
// LMTP into Dovecot, and is read back over IMAP and decoded by Python's email package.
#include <catch2/catch.hpp>

#include <regex>

#include "support/cli_env.h"
#include "support/mailbox.h"
#include "support/temp_dir.h"

using namespace sa;

namespace {

// The bundled sample with every contact address made unique to this run.
std::string sample_with(const std::map<std::string, std::string>& addresses) {
    std::string csv = test::read_file(test::source_dir() + "/config/sample/applications.csv");
    for (const auto& [from, to] : addresses) {
        for (std::size_t pos; (pos = csv.find(from)) != std::string::npos;)
            csv.replace(pos, from.size(), to);
    }
    return csv;
}

void check_seed_wording(const test::ReceivedMail& m, const std::string& company,
                        const std::string& contact, const std::string& tier_label,
                        const std::string& user_number, const std::string& declaration_id) {
    CHECK(m.header("subject") == "【SECURITY ACTION】" + tier_label + "：自己宣言完了のお知らせ");
    CHECK(m.header("from") == "SECURITY ACTION事務局 <noreply@sa-secretariat.example>");
    CHECK(m.header("reply-to") == "security-action-info@sa-secretariat.example");
    CHECK(m.header("auto-submitted") == "auto-generated");
    CHECK(m.header("x-auto-response-suppress") == "All");
    CHECK_FALSE(m.header("message-id").empty());
    CHECK_FALSE(m.header("date").empty());
    const std::string& b = m.body;
    CHECK(b.rfind(company + "\n" + contact + "様\n", 0) == 0);
    CHECK(b.find("SECURITY ACTION 自己宣言の手続きが完了しました。") != std::string::npos);
    CHECK(b.find("利用者番号、自己宣言IDは下記のとおりです。") != std::string::npos);
    CHECK(b.find("利用者番号:" + user_number + "\n") != std::string::npos);
    CHECK(b.find("※利用者番号はロゴマークダウンロードや登録情報変更の際に必要なログイン時に利用する"
                 "情報です。") != std::string::npos);
    CHECK(b.find("自己宣言ID:" + declaration_id + "\n") != std::string::npos);
    CHECK(b.find("※自己宣言IDは担当者変更などを行う際に必要となります。") != std::string::npos);
    CHECK(b.find("ロゴマークをご使用いただけるようになるまで1") != std::string::npos);
    CHECK(b.find("SECURITY ACTION事務局\nEメール: security-action-info@sa-secretariat.example") !=
          std::string::npos);
}

}  // namespace

TEST_CASE("the sample intake is issued, mailed through Postfix into Dovecot, and read back",
          "[e2e]") {
    for (const char* charset : {"utf-8", "iso-2022-jp"}) {
        DYNAMIC_SECTION("mail.charset = " << charset) {
            test::CliEnv env(std::string("[mail]\ncharset = ") + charset + "\n");
            const std::string tanaka = test::unique_address("tanaka", "yamada-seisakusho.example");
            const std::string sato = test::unique_address("sato", "sakura-design.example");
            const std::string suzuki = test::unique_address("suzuki", "suzuki-koumuten.example");
            const std::string takahashi = test::unique_address("takahashi", "example");
            env.drop("applications.csv", sample_with({{"tanaka@yamada-seisakusho.example", tanaka},
                                                      {"sato@sakura-design.example", sato},
                                                      {"suzuki@suzuki-koumuten.example", suzuki}}));

            auto first = env.run({"run"});
            INFO(first.out << first.err);
            REQUIRE(first.exit_code == 0);
            CHECK(first.out.find("3 issued") != std::string::npos);
            CHECK(first.out.find("1 duplicate") != std::string::npos);
            CHECK(first.out.find("2 rejected") != std::string::npos);
            CHECK(first.out.find("send: 3 sent, 0 deferred, 0 failed, 0 unknown") !=
                  std::string::npos);
            CHECK(env.count("SELECT COUNT(*) FROM intake_records") == 6);

            struct Expect {
                std::string address, company, contact, tier;
            } expected[] = {{tanaka, "株式会社山田製作所", "田中 一郎", "一つ星"},
                            {sato, "合同会社さくらデザイン", "佐藤 花子", "二つ星"},
                            {suzuki, "鈴木工務店", "鈴木 次郎", "一つ星"}};
            for (const Expect& e : expected) {
                auto mails = test::read_mailbox(e.address, 1);
                REQUIRE(mails.size() == 1);
                const std::string where = "contact_email = '" + e.address + "'";
                std::string user = env.text("SELECT user_number FROM declarations WHERE " + where);
                std::string decl =
                    env.text("SELECT declaration_id FROM declarations WHERE " + where);
                REQUIRE(std::regex_match(user, std::regex("9[0-9]{10}")));
                REQUIRE(std::regex_match(decl, std::regex("4[0-9]{10}")));
                check_seed_wording(mails[0], e.company, e.contact, e.tier, user, decl);
                CHECK(mails[0].header("to").find(e.address) != std::string::npos);
                std::string want_charset =
                    std::string(charset) == "utf-8" ? "utf-8" : "iso-2022-jp";
                CHECK(mails[0].charset == want_charset);
                // The bytes stored in the outbox are the bytes that arrived.
                std::string stored = env.text(
                    "SELECT b.bytes FROM outbox o JOIN outbox_bytes b ON b.id = o.id "
                    "JOIN declarations d ON d.id = o.declaration_id WHERE d." +
                    where);
                std::string body_start = stored.substr(stored.find("\r\n\r\n") + 4, 40);
                CHECK(mails[0].raw.find(body_start) != std::string::npos);
            }

            // A second run finds nothing to do and sends nothing more.
            auto second = env.run({"run"});
            INFO(second.out << second.err);
            REQUIRE(second.exit_code == 0);
            CHECK(second.out.find("0 issued") != std::string::npos);
            CHECK(second.out.find("send: 0 sent") != std::string::npos);
            CHECK(env.count("SELECT COUNT(*) FROM outbox") == 3);
            CHECK(env.count("SELECT COUNT(*) FROM outbox WHERE state = 'sent'") == 3);
            for (const Expect& e : expected)
                CHECK(test::read_mailbox(e.address, 2, "INBOX", 1.5).size() == 1);
            CHECK(test::read_mailbox(takahashi, 0, "INBOX", 0).empty());
        }
    }
}
