#include <catch2/catch.hpp>

#include "app/config.h"
#include "support/cli_env.h"
#include "support/process.h"
#include "support/temp_dir.h"

using namespace sa;

TEST_CASE("config/sa-batch.ini documents every key with its default", "[config]") {
    const std::string ini = test::read_file(test::source_dir() + "/config/sa-batch.ini");
    for (const app::ConfigKey& k : app::config_keys()) {
        std::string name = k.name;
        std::string section = "[" + name.substr(0, name.find('.')) + "]";
        std::string key = name.substr(name.find('.') + 1);
        INFO(name);
        std::size_t at = ini.find(section);
        REQUIRE(at != std::string::npos);
        std::size_t next = ini.find("\n[", at + 1);
        std::string block =
            ini.substr(at, next == std::string::npos ? std::string::npos : next - at);
        CHECK(block.find("\n" + key + " =") != std::string::npos);
        std::string def = std::string(k.default_value).empty()
                              ? "default: (empty)"
                              : std::string("default: ") + k.default_value;
        CHECK(block.find(def) != std::string::npos);
    }
    // And the file itself loads: no key in it is unknown.
    CHECK(app::Config::load(test::source_dir() + "/config/sa-batch.ini", {}));
}

TEST_CASE("values parse or fail naming the key", "[config]") {
    auto c = app::Config::from_overrides({"delivery.min_backoff=90s", "delivery.max_backoff=4h",
                                          "acceptance.review_days=14", "smtp.tls_verify=no"});
    REQUIRE(c);
    CHECK(c->get_seconds("delivery.min_backoff") == 90);
    CHECK(c->get_seconds("delivery.max_backoff") == 14400);
    CHECK(c->get_int("acceptance.review_days") == 14);
    CHECK_FALSE(c->get_bool("smtp.tls_verify"));
    auto bad = app::Config::from_overrides({"acceptance.review_days=two weeks"});
    REQUIRE(bad);
    try {
        bad->get_int("acceptance.review_days");
        FAIL("parsed 'two weeks'");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("acceptance.review_days") != std::string::npos);
    }
    CHECK_FALSE(app::Config::from_overrides({"no_dot=1"}));
    CHECK_FALSE(app::Config::from_overrides({"smtp.hostname=x"}));
    auto later = app::Config::from_overrides({"smtp.url=smtp://a:1", "smtp.url=smtp://b:2"});
    CHECK(later->get("smtp.url") == "smtp://b:2");
}

TEST_CASE("a syntax error in the file is a configuration error", "[config]") {
    test::TempDir dir;
    test::write_file(dir.file("x.ini"), "[smtp]\nurl = smtp://x:25\n[nosuch]\nkey = 1\n");
    auto c = app::Config::load(dir.file("x.ini"), {});
    REQUIRE_FALSE(c);
    CHECK(c.status().code() == Status::Code::kConfig);
    CHECK(c.status().message().find("nosuch.key") != std::string::npos);
}

TEST_CASE("every default is a value of its key's kind", "[config]") {
    auto c = app::Config::from_overrides({});
    REQUIRE(c);
    for (const Status& s : c->check_values()) FAIL(s.message());
    auto file = app::Config::load(test::source_dir() + "/config/sa-batch.ini", {});
    REQUIRE(file);
    for (const Status& s : file->check_values()) FAIL(s.message());
}

TEST_CASE("check_values names every value that is not of its key's kind", "[config]") {
    auto c = app::Config::from_overrides(
        {"intake.commit_every=12abc", "serve.port=65536", "smtp.tls=SOMETIMES", "smtp.tls_verify=2",
         "imap.url=imap://127.0.0.1:%zz/INBOX", "smtp.url=imaps://127.0.0.1:993/INBOX",
         "intake.spool=", "log.rotate_size=10G", "delivery.max_lifetime=100000000d",
         "mail.utc_offset=+25:00", "clock.fixed=2026-11-21T09:30:00", "log.keep=0",
         "database.busy_timeout=2d", "mail.templates=mail\ttemplates"});
    REQUIRE(c);
    std::vector<std::string> named;
    for (const Status& s : c->check_values()) {
        CHECK(s.code() == Status::Code::kConfig);
        named.push_back(s.message().substr(0, s.message().find_first_of(" :")));
    }
    CHECK(named ==
          std::vector<std::string>{"database.busy_timeout", "intake.spool", "intake.commit_every",
                                   "smtp.url", "smtp.tls", "smtp.tls_verify", "imap.url",
                                   "mail.templates", "mail.utc_offset", "delivery.max_lifetime",
                                   "serve.port", "log.rotate_size", "log.keep", "clock.fixed"});
}

TEST_CASE("values of each kind that pass, and what the getters make of them", "[config]") {
    auto c = app::Config::from_overrides(
        {"smtp.tls=Required", "mail.charset=ISO-2022-JP", "intake.encoding=", "imap.url=",
         "smtp.url=smtps://[::1]:465", "log.rotate_size=512K", "log.level=7",
         "lock.path=", "serve.port=0", "delivery.min_backoff=90", "delivery.max_backoff=15M",
         "clock.fixed=2026-11-21T09:30:00+09:00", "imap.url=imap://127.0.0.1/事務局/受付"});
    REQUIRE(c);
    for (const Status& s : c->check_values()) FAIL(s.message());
    CHECK(c->get_bytes("log.rotate_size") == 512 * 1024);
    CHECK(app::Config::from_overrides({"log.rotate_size=10 M"})->get_bytes("log.rotate_size") ==
          10 * 1024 * 1024);
    CHECK(c->get_seconds("delivery.min_backoff") == 90);
    CHECK(c->get_seconds("delivery.max_backoff") == 900);
    CHECK(c->get_int("serve.port") == 0);
}

TEST_CASE("a typed getter refuses what check_values refuses, naming the key", "[config]") {
    auto c = app::Config::from_overrides({"serve.port=70000", "log.rotate_size=lots"});
    REQUIRE(c);
    CHECK_THROWS_WITH(c->get_int("serve.port"),
                      "serve.port = '70000': expected a whole number from 0 to 65535");
    CHECK_THROWS_WITH(c->get_bytes("log.rotate_size"), Catch::Contains("log.rotate_size = 'lots'"));
    CHECK_THROWS_AS(c->get_int("smtp.timeout"), Error);  // a duration, not a number
}

TEST_CASE("imap.tls is required, when-offered or none; a bad value exits 78 naming it",
          "[config]") {
    test::CliEnv env;
    for (const char* good : {"required", "when-offered", "none", "Required", ""}) {
        auto r = env.run({"config", "--check", "--set", std::string("imap.tls=") + good});
        INFO(good << ": " << r.out << r.err);
        CHECK(r.exit_code == 0);
    }
    const std::string says = "imap.tls = 'starttls': expected required, when-offered or none";
    // Checked even before a mailbox is configured.
    auto check = env.run({"config", "--check", "--set", "imap.tls=starttls"});
    CHECK(check.exit_code == 78);
    CHECK_THAT(check.out, Catch::Contains("problem: " + says));
    // And a job stops on it before it connects anywhere.
    auto inbox = env.run(
        {"inbox", "--set", "imap.url=imap://127.0.0.1:1/INBOX", "--set", "imap.tls=starttls"});
    CHECK(inbox.exit_code == 78);
    CHECK_THAT(inbox.err, Catch::Contains(says));
}
