#include <catch2/catch.hpp>

#include "app/config.h"
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
