// The whole lifecycle through the local Postfix and Dovecot, with the clock moved by
// configuration: intake → completion mail → review period → acceptance mail with the seed
// text → listed in the search and over HTTP; not listed before.
#include <catch2/catch.hpp>

#include <algorithm>
#include <ctime>

#include "core/time_format.h"
#include "support/background.h"
#include "support/cli_env.h"
#include "support/fixtures.h"
#include "support/mailbox.h"

using namespace sa;

namespace {

std::string at(UnixTime t) {
    return "clock.fixed=" + format_iso8601(t, 540);
}

int serve_port(test::Background& server) {
    std::string line = server.read_line();
    INFO(line);
    REQUIRE(line.rfind("serving on http://127.0.0.1:", 0) == 0);
    return std::stoi(line.substr(line.rfind(':') + 1));
}

}  // namespace

TEST_CASE("intake → completion → review → acceptance → public search", "[e2e][lifecycle]") {
    test::CliEnv env("[acceptance]\nreview_days = 14\n");
    const std::string contact = test::unique_address("yamada", "yamada-works.example");
    Application a = test::corporation_application("L-1");
    a.business_name = "株式会社ヤマダワークス";
    a.contact_email = contact;
    Application waiting = test::sole_proprietor_application("L-2");
    waiting.trade_name = "やまだ商店";
    waiting.contact_email = test::unique_address("shop", "yamada-shop.example");
    env.drop("a.csv", test::csv_header() + test::csv_line(a));
    const UnixTime t0 = ::time(nullptr);

    auto day0 = env.run({"run", "--set", at(t0)});
    INFO(day0.out << day0.err);
    REQUIRE(day0.exit_code == 0);
    auto completion = test::read_mailbox(contact, 1);
    REQUIRE(completion.size() == 1);
    CHECK(completion[0].header("subject") == "【SECURITY ACTION】一つ星：自己宣言完了のお知らせ");
    const std::string decl = env.text("SELECT declaration_id FROM declarations");
    CHECK(env.run({"search", "--name", "やまだ"}).out == "0 declaration(s)\n");

    // A second business applies later; it is still in review when the first is accepted.
    env.drop("b.csv", test::csv_header() + test::csv_line(waiting));
    CHECK(env.run({"run", "--set", at(t0 + 10 * 86400)}).exit_code == 0);
    {
        test::Background server(
            {test::sa_batch_bin(), "serve", "--config", env.config_path, "--set", "serve.port=0"});
        int port = serve_port(server);
        int status = 0;
        CHECK(test::http_get(port, "/api/search?name=%E3%82%84%E3%81%BE%E3%81%A0", &status) ==
              "{\"count\":0,\"results\":[]}");
        CHECK(status == 200);
    }

    auto day15 = env.run({"run", "--set", at(t0 + 15 * 86400)});
    INFO(day15.out << day15.err);
    REQUIRE(day15.exit_code == 0);
    CHECK(day15.out.find("accept-due: 1 declaration(s) accepted") != std::string::npos);
    auto mails = test::read_mailbox(contact, 2);
    REQUIRE(mails.size() == 2);
    const test::ReceivedMail& acceptance = mails[1];
    CHECK(acceptance.header("subject") == "【SECURITY ACTION】申込受理のご連絡");
    CHECK(acceptance.body.rfind("株式会社ヤマダワークス\n田中 一郎様\n", 0) == 0);
    for (const char* text :
         {"【ロゴマークダウンロード手順】", "[ロゴマークダウンロード]を選択し",
          "<適切な例>\n「一つ星(二つ星)を宣言しました」",
          "「一つ星(二つ星)の認定を受けました」\n「一つ星(二つ星)を取得しました」"}) {
        INFO(text);
        CHECK(acceptance.body.find(text) != std::string::npos);
    }

    // Now in the search, by kana and width-insensitive name; the one in review is not.
    auto listed = env.run({"search", "--name", "やまだ"});
    CHECK(listed.out.find("株式会社ヤマダワークス") != std::string::npos);
    CHECK(listed.out.find(decl) != std::string::npos);
    CHECK(listed.out.find("やまだ商店") == std::string::npos);
    CHECK(listed.out.find("1 declaration(s)") != std::string::npos);

    test::Background server(
        {test::sa_batch_bin(), "serve", "--config", env.config_path, "--set", "serve.port=0"});
    int port = serve_port(server);
    int status = 0;
    std::string json =
        test::http_get(port, "/api/search?name=%E3%82%84%E3%81%BE%E3%81%A0", &status);
    CHECK(status == 200);
    CHECK(json.find("\"name\":\"株式会社ヤマダワークス\"") != std::string::npos);
    CHECK(json.find("\"declaration_id\":\"" + decl + "\"") != std::string::npos);
    CHECK(json.find("やまだ商店") == std::string::npos);
    CHECK(json.find(env.text("SELECT user_number FROM declarations WHERE declaration_id = '" +
                             decl + "'")) == std::string::npos);
    CHECK(json.find(contact) == std::string::npos);
    std::string page = test::http_get(port, "/?name=%E3%82%84%E3%81%BE%E3%81%A0", &status);
    CHECK(page.find("<td>株式会社ヤマダワークス</td>") != std::string::npos);
    test::http_get(port, "/api/search?prefecture=nowhere", &status);
    CHECK(status == 400);
    test::http_get(port, "/etc/passwd", &status);
    CHECK(status == 404);
}

TEST_CASE("the staff digest arrives with its chart as an SVG part", "[e2e][report]") {
    const std::string staff = test::unique_address("staff", "sa-secretariat.example");
    test::CliEnv env("[report]\ndigest_to = " + staff + "\n");
    env.drop("a.csv", test::csv_header() + test::csv_line(test::corporation_application("DG-1")));
    REQUIRE(env.run({"intake"}).exit_code == 0);
    auto queued = env.run({"report", "--digest"});
    INFO(queued.out << queued.err);
    REQUIRE(queued.exit_code == 0);
    REQUIRE(env.run({"send"}).exit_code == 0);
    auto mails = test::read_mailbox(staff, 1);
    REQUIRE(mails.size() == 1);
    CHECK(mails[0].header("subject").rfind("【SECURITY ACTION】事務局日報 ", 0) == 0);
    CHECK(mails[0].body.find("■ 対応待ちのお問い合わせ: 0 件") != std::string::npos);
    CHECK(std::find(mails[0].parts.begin(), mails[0].parts.end(), "image/svg+xml") !=
          mails[0].parts.end());
    CHECK(std::find(mails[0].parts.begin(), mails[0].parts.end(), "text/html") !=
          mails[0].parts.end());
    CHECK(mails[0].raw.find("Content-Disposition: inline; filename=\"chart.svg\"") !=
          std::string::npos);
}
