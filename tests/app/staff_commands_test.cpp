// Staff commands' output against golden files (tests/data/staff/*.ref), with a fixed clock
// and a seeded random source so that numbers and times are the same on every run.
#include <catch2/catch.hpp>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "app/cli.h"
#include "domain/ids.h"
#include "inbox/inbox_job.h"
#include "lifecycle/staff_desk.h"
#include "mail/base64.h"
#include "support/cli_env.h"
#include "support/corpus.h"
#include "support/fake_mailbox.h"
#include "support/fixtures.h"
#include "support/golden.h"
#include "support/seeded_random.h"

using namespace sa;

namespace {

// Forwards to one seeded source shared by every command of a test, so that two commands
// never draw the same Message-ID.
class SharedRandom final : public RandomSource {
  public:
    explicit SharedRandom(std::shared_ptr<RandomSource> inner) : inner_(std::move(inner)) {}
    void fill(std::uint8_t* out, std::size_t n) override { inner_->fill(out, n); }

  private:
    std::shared_ptr<RandomSource> inner_;
};

struct Desk {
    test::CliEnv env{
        "[mail]\nsearch_url = https://search.example/\napply_url = https://apply.example/\n"};
    std::shared_ptr<RandomSource> random = std::make_shared<test::SeededRandom>(2026);
    UnixTime now = 1795137300;  // 2026-11-20 10:15 JST

    std::string run(std::vector<std::string> args, int expect = 0) {
        args.insert(args.begin(), "sa-batch");
        args.push_back("--config");
        args.push_back(env.config_path);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        std::ostringstream out, err;
        app::ContextFactory factory = [&](app::Config c) {
            return std::make_unique<app::Context>(std::move(c), std::make_unique<FixedClock>(now),
                                                  std::make_unique<SharedRandom>(random));
        };
        int code = app::run_cli(static_cast<int>(argv.size()), argv.data(), out, err, factory);
        INFO(out.str() << err.str());
        CHECK(code == expect);
        return out.str() + err.str();
    }

    // The inbox job reads one message `raw`, an hour from now.
    void receive(const std::string& raw) {
        auto store = open_sqlite_store(env.db_path);
        test::FakeMailbox box;
        box.append(raw);
        FixedClock clock(now + 3600);
        test::SeededRandom random(7);
        mime::MailSettings ms;
        ms.from_address = "noreply@sa-secretariat.example";
        ms.templates_dir = test::source_dir() + "/mail_templates";
        auto renderer = mime::MailRenderer::create(ms, random);
        REQUIRE(renderer);
        inbox::InboxSettings is;
        is.mailbox_name = "test";
        is.morphology = test::morphology();
        REQUIRE(inbox::InboxJob(*store, box, *renderer, clock, is, Poco::Logger::get("test"))
                    .run(false));
    }
};

}  // namespace

TEST_CASE("staff commands print what staff need, and mask the 利用者番号", "[cli][staff][golden]") {
    Desk d;
    // Whoever runs the tests acts: the golden files call them "clerk".
    const std::string actor = lifecycle::current_actor();
    auto as_clerk = [&](std::string out) {
        for (std::size_t at; (at = out.find(actor)) != std::string::npos;)
            out.replace(at, actor.size(), "clerk");
        return out;
    };
    Application sole = test::sole_proprietor_application("S-1");
    Application upgrade = test::corporation_application("C-2");
    upgrade.tier = Tier::kTwoStar;
    upgrade.self_assessment_done = upgrade.basic_policy_published = true;
    d.env.drop("a.csv", test::csv_header() + test::csv_line(test::corporation_application("C-1")) +
                            test::csv_line(sole));
    test::write_file(d.env.dir.file("spool/b.csv"), test::csv_header() + test::csv_line(upgrade));
    d.run({"intake", "--set", "smtp.url=smtp://127.0.0.1:1"});
    const std::string corp = d.env.text(
        "SELECT declaration_id FROM declarations WHERE state = 'issued' AND tier = 'two_star'");
    const std::string sole_id =
        d.env.text("SELECT declaration_id FROM declarations WHERE entity_type = 'sole_proprietor'");

    // An inquiry a person has to look at.
    d.receive(
        "From: <someone@other.example>\r\nSubject: =?UTF-8?B?5ZWP44GE5ZCI44KP44Gb?=\r\n"
        "Message-ID: <m1@other.example>\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
        "担当者変更をお願いします。自己宣言ID " +
        corp + "\r\n");

    d.now += 15 * 86400;
    d.run({"accept", sole_id});
    d.run({"withdraw", sole_id}, 64);  // a reason is required
    d.run({"resend", corp});

    std::string lookup = as_clerk(d.run({"lookup", "--corporate-number", "7000-0120-50002"}));
    CHECK(lookup == test::golden("staff/lookup_corporation.ref", lookup));
    const std::string user =
        d.env.text("SELECT user_number FROM declarations WHERE declaration_id = '" + corp + "'");
    CHECK(lookup.find(user) == std::string::npos);  // masked

    std::string by_trade = d.run({"lookup", "--trade-name", "ｽｽﾞｷ工務店", "--representative",
                                  "鈴木　次郎", "--prefecture", "北海道"});
    CHECK(by_trade == "no declaration found\n");
    by_trade = d.run({"lookup", "--trade-name", "鈴木工務店", "--representative", "鈴木　次郎",
                      "--prefecture", "北海道"});
    CHECK(by_trade.find(sole_id) != std::string::npos);

    std::string revealed = d.run({"lookup", "--id", corp, "--reveal"});
    CHECK(revealed.find(user) != std::string::npos);
    CHECK(d.env.count("SELECT COUNT(*) FROM staff_actions WHERE action = 'reveal' AND actor = '" +
                      actor + "'") == 1);
    std::string log = test::read_file(d.env.dir.file("log/sa-batch.log"));
    CHECK(log.find("revealed to " + actor) != std::string::npos);
    CHECK(log.find(user) == std::string::npos);  // the log names the reveal, never the number

    std::string queue = d.run({"queue"});
    CHECK(queue == test::golden("staff/queue.ref", queue));
    std::string report = d.run({"report"});
    CHECK(report == test::golden("staff/report.ref", report));
    std::string search = d.run({"search", "--name", "工務店"});
    CHECK(search == test::golden("staff/search.ref", search));
    std::string json = d.run({"search", "--json", "--prefecture", "北海道"});
    CHECK(json == test::golden("staff/search_json.ref", json));
    CHECK(d.run({"search", "--name", "山田"}) == "0 declaration(s)\n");  // issued, not accepted

    d.run({"withdraw", sole_id, "--reason", "取り下げ依頼(電話)"});
    CHECK(d.run({"search", "--name", "工務店"}) == "0 declaration(s)\n");
    std::string typo = corp;
    typo[4] = typo[4] == '0' ? '1' : '0';
    CHECK(d.run({"lookup", "--id", typo}, 65).find("mistyped") != std::string::npos);
}

TEST_CASE("queue and lookup show a hostile message's control sequences, never send them",
          "[app][staff][security]") {
    Desk d;
    Application a = test::corporation_application("C-1");
    // Intake keeps control characters out of records; a mail can still carry them.
    d.env.drop("a.csv", test::csv_header() + test::csv_line(a));
    d.run({"intake", "--set", "smtp.url=smtp://127.0.0.1:1"});
    // ESC [2J, OSC 0 (window title), OSC 52 (clipboard), CR, a right-to-left override: in an
    // encoded subject, in the display name and in the text.
    const std::string subject = mime::base64_encode(
        "担当者変更\x1b[2J\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\r\xe2\x80\xae"
        "gnp.exe");
    d.receive("From: =?UTF-8?B?" + mime::base64_encode("佐藤\x1b[31m") +
              "?= <x@other.example>\r\nSubject: =?UTF-8?B?" + subject +
              "?=\r\nMessage-ID: <h1@other.example>\r\nContent-Type: text/plain; "
              "charset=UTF-8\r\n\r\n担当者変更をお願いします。法人番号 7000012050002 "
              "屋号は「\x1b]0;x\x07」です\r\n");
    for (const std::string& out :
         {d.run({"queue"}), d.run({"lookup", "--corporate-number", "7000012050002"})}) {
        CHECK(out.find('\x1b') == std::string::npos);
        CHECK(out.find('\x07') == std::string::npos);
        CHECK(out.find('\r') == std::string::npos);
        CHECK(out.find("\xe2\x80\xae") == std::string::npos);
    }
    const std::string queue = d.run({"queue"});
    CHECK(queue.find("\\x1b]52;c;") != std::string::npos);
    CHECK(queue.find("<U+202E>") != std::string::npos);
}

TEST_CASE(
    "staff actions record the process's real user, not $USER, and a job without a terminal "
    "as cron",
    "[app][staff][security]") {
    test::CliEnv env;
    env.drop("a.csv", test::csv_header() + test::csv_line(test::corporation_application("A-1")));
    REQUIRE(env.run({"intake", "--set", "smtp.url=smtp://127.0.0.1:1"}).exit_code == 0);
    const std::string decl = env.text("SELECT declaration_id FROM declarations");
    const struct passwd* pw = ::getpwuid(::getuid());
    REQUIRE(pw);
    const std::string me = pw->pw_name;
    const std::map<std::string, std::string> forged = {
        {"USER", "mallory"}, {"SUDO_USER", "mallory"}, {"LOGNAME", "mallory"}};
    const std::string reveal = test::sa_batch_bin() + " lookup --id " + decl +
                               " --reveal --config '" + env.config_path + "'";
    // At a terminal: `script` gives the command one.
    auto at_terminal =
        test::run_process({"script", "-qec", reveal, "/dev/null"}, env.dir.path(), forged);
    INFO(at_terminal.out << at_terminal.err);
    REQUIRE(at_terminal.exit_code == 0);
    // Under cron: no controlling terminal at all.
    auto cron = test::run_process({"setsid", "-w", test::sa_batch_bin(), "lookup", "--id", decl,
                                   "--reveal", "--config", env.config_path},
                                  env.dir.path(), forged);
    INFO(cron.out << cron.err);
    REQUIRE(cron.exit_code == 0);
    CHECK(env.text("SELECT actor FROM staff_actions ORDER BY id LIMIT 1") == me);
    CHECK(env.text("SELECT actor FROM staff_actions ORDER BY id DESC LIMIT 1") ==
          me + " (cron: no terminal)");
    CHECK(env.count("SELECT COUNT(*) FROM staff_actions WHERE actor LIKE '%mallory%'") == 0);
    std::string log = test::read_file(env.dir.file("log/sa-batch.log"));
    CHECK(log.find("mallory") == std::string::npos);
}

TEST_CASE("queue masks a mistyped 利用者番号 like a real one", "[app][staff][security]") {
    Desk d;
    d.env.drop("a.csv", test::csv_header() + test::csv_line(test::corporation_application("C-1")));
    d.run({"intake", "--set", "smtp.url=smtp://127.0.0.1:1"});
    const std::string user = d.env.text("SELECT user_number FROM declarations");
    std::string typo = user;
    typo[5] = typo[5] == '7' ? '8' : '7';  // one wrong digit: the check digit fails
    d.receive("From: <tanaka@yamada-seisakusho.example>\r\nSubject: " + typo +
              "\r\nMessage-ID: <t1@yamada-seisakusho.example>\r\nContent-Type: text/plain; "
              "charset=UTF-8\r\n\r\n担当者変更をお願いします。利用者番号は" +
              typo + "です。\r\n");
    const std::string queue = d.run({"queue"});
    CHECK(queue.find("probable typo") != std::string::npos);
    CHECK(queue.find(typo) == std::string::npos);
    CHECK(queue.find(typo.substr(1, 7)) == std::string::npos);
    CHECK(queue.find(mask_user_number(typo)) != std::string::npos);
}

TEST_CASE("report --html writes a page only its owner can read", "[app][staff][security]") {
    Desk d;
    const std::string page = d.env.dir.file("report.html");
    test::write_file(page, "old");
    ::chmod(page.c_str(), 0644);
    d.run({"report", "--html", page});
    struct stat st {};
    REQUIRE(::stat(page.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(test::read_file(page).find("<html lang=\"ja\">") != std::string::npos);
}
