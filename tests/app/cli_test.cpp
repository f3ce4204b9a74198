// The command-line contract of SPEC §5, run against the built binary.
#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <chrono>
#include <sstream>

#include "app/lock.h"
#include "support/cli_env.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

using namespace sa;

namespace {

std::vector<Poco::JSON::Object::Ptr> json_lines(const std::string& out) {
    std::vector<Poco::JSON::Object::Ptr> objects;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        Poco::JSON::Parser parser;
        objects.push_back(parser.parse(line).extract<Poco::JSON::Object::Ptr>());
    }
    return objects;
}

}  // namespace

TEST_CASE("check-intake validates, changes nothing, and exits 0 / 65 / 66", "[cli]") {
    test::TempDir dir;
    const std::string good = dir.file("good.csv"), mixed = dir.file("mixed.csv");
    test::write_file(good,
                     test::csv_header() + test::csv_line(test::corporation_application("A-1")));
    Application bad = test::corporation_application("A-2");
    bad.contact_email = "nobody";
    test::write_file(mixed, test::csv_header() +
                                test::csv_line(test::corporation_application("A-1")) +
                                test::csv_line(bad));
    auto ok = test::run_process({test::sa_batch_bin(), "check-intake", good}, dir.path());
    CHECK(ok.exit_code == 0);

    auto r = test::run_process({test::sa_batch_bin(), "check-intake", mixed, "--json"}, dir.path());
    CHECK(r.exit_code == 65);
    auto objects = json_lines(r.out);
    REQUIRE(objects.size() == 2);
    CHECK(objects[0]->getValue<std::string>("application_id") == "A-1");
    CHECK(objects[0]->getValue<bool>("ok"));
    CHECK(objects[0]->getArray("errors")->size() == 0);
    CHECK(objects[1]->getValue<std::string>("application_id") == "A-2");
    CHECK_FALSE(objects[1]->getValue<bool>("ok"));
    auto errors = objects[1]->getArray("errors");
    REQUIRE(errors->size() == 1);
    CHECK(errors->getObject(0)->getValue<std::string>("field") == "contact_email");
    CHECK_FALSE(errors->getObject(0)->getValue<std::string>("message").empty());

    auto missing =
        test::run_process({test::sa_batch_bin(), "check-intake", dir.file("none.csv")}, dir.path());
    CHECK(missing.exit_code == 66);
    test::write_file(dir.file("garbage.csv"), "no,header,here\n1,2,3\n");
    auto garbage = test::run_process(
        {test::sa_batch_bin(), "check-intake", dir.file("garbage.csv")}, dir.path());
    CHECK(garbage.exit_code == 66);
    CHECK(garbage.out.find("application_id") != std::string::npos);
    // Nothing was created beside the files.
    CHECK_FALSE(test::run_process({"test", "-e", dir.file("var")}).exit_code == 0);
}

TEST_CASE("usage errors exit 64, configuration errors 78", "[cli]") {
    test::CliEnv env;
    CHECK(env.run({"frobnicate"}).exit_code == 64);
    CHECK(env.run({"intake", "--no-such-option"}).exit_code == 64);
    CHECK(env.run({"check-intake"}).exit_code == 64);
    auto unknown_key = env.run({"intake", "--set", "smtp.hostname=x"});
    CHECK(unknown_key.exit_code == 78);
    CHECK(unknown_key.err.find("smtp.hostname") != std::string::npos);
    CHECK(env.run({"send", "--set", "smtp.tls=sometimes"}).exit_code == 78);
    CHECK(env.run({"intake", "--set", "mail.charset=latin1"}).exit_code == 78);
    auto help = env.run({"run", "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("--dry-run") != std::string::npos);
    auto no_config = test::run_process(
        {test::sa_batch_bin(), "intake", "--config", env.dir.file("missing.ini")});
    CHECK(no_config.exit_code == 78);
}

TEST_CASE("a later --set wins over an earlier one and over the file", "[cli]") {
    test::CliEnv env;
    // The first override points the spool at a missing directory; the later one repairs it.
    auto r = env.run(
        {"intake", "--set", "intake.spool=/nonexistent/x", "--set", "intake.spool=" + env.spool});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    auto broken = env.run({"intake", "--set", "intake.spool=/nonexistent/x"});
    CHECK(broken.exit_code == 66);
}

TEST_CASE("a second job while one holds the lock exits 75 at once", "[cli]") {
    test::CliEnv env;
    auto held = app::JobLock::acquire(env.db_path + ".lock");
    REQUIRE(held);
    auto start = std::chrono::steady_clock::now();
    auto r = env.run({"run"});
    auto took = std::chrono::steady_clock::now() - start;
    CHECK(r.exit_code == 75);
    CHECK(r.err.find("lock") != std::string::npos);
    CHECK(took < std::chrono::seconds(5));
}

TEST_CASE("a lock left by a killed run does not block the next", "[cli]") {
    test::CliEnv env;
    // A child that takes the lock and is killed with SIGKILL while holding it.
    auto r = test::run_process(
        {"/bin/sh", "-c", "exec 9>" + env.db_path + ".lock; flock -n 9; kill -9 $$"});
    CHECK(r.exit_code == -9);
    auto next = env.run({"intake"});
    INFO(next.err);
    CHECK(next.exit_code == 0);
}

TEST_CASE("when the SMTP server is down, mail waits and send exits 75", "[cli]") {
    test::CliEnv env("[delivery]\nmin_backoff = 10m\n");
    env.drop("a.csv", test::csv_header() + test::csv_line(test::corporation_application("S-1")));
    auto r = env.run(
        {"run", "--set", "smtp.url=smtp://127.0.0.1:1", "--set", "smtp.connect_timeout=5s"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 75);
    CHECK(env.count("SELECT COUNT(*) FROM outbox WHERE state = 'deferred' AND attempts = 1 "
                    "AND next_attempt_at - last_attempt_at = 600") == 1);
    CHECK(env.count("SELECT COUNT(*) FROM declarations") == 1);
}

TEST_CASE("dry runs change nothing", "[cli]") {
    test::CliEnv env;
    env.drop("a.csv", test::csv_header() + test::csv_line(test::corporation_application("D-1")));
    auto r = env.run({"run", "--dry-run", "--set", "smtp.url=smtp://127.0.0.1:1"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("dry run") != std::string::npos);
    CHECK(r.out.find("1 issued") != std::string::npos);
    CHECK(test::run_process({"test", "-e", env.db_path}).exit_code != 0);  // not even created
    CHECK(test::run_process({"test", "-f", env.spool + "/a.csv"}).exit_code == 0);
    REQUIRE(env.run({"intake"}).exit_code == 0);
    CHECK(env.count("SELECT COUNT(*) FROM intake_records") == 1);
}

TEST_CASE("a dry run leaves a database of an older schema version unmigrated", "[cli]") {
    test::CliEnv env;
    test::write_file(env.db_path, "");  // an existing database at version 0
    env.drop("a.csv", test::csv_header() + test::csv_line(test::corporation_application("D-1")));
    auto r = env.run({"intake", "--dry-run"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("1 issued") != std::string::npos);
    CHECK(test::read_file(env.db_path).empty());
    CHECK(env.count("PRAGMA user_version") == 0);
}
