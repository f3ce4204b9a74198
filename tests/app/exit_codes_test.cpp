// The exit-code contract (README, "Using it"): every sub-command, walked from the command
// table, exits 64 on a bad command line and 78 on a bad configuration value, and says on
// standard error what was wrong; no bad input of either kind ends in 70 (a broken invariant).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/command.h"
#include "support/cli_env.h"

using namespace sa;

namespace {

// Runs `sa-batch --config FILE args…` in `env` (the configuration first, so that the last
// argument can be an option missing its value). A command that should have stopped at once
// but serves or waits instead is killed after a minute, which fails the checks below.
test::ProcessResult run(const test::CliEnv& env, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"timeout", "-s", "KILL", "60", test::sa_batch_bin(),
                                     "--config", env.config_path};
    argv.insert(argv.end(), args.begin(), args.end());
    return test::run_process(argv, env.dir.path());
}

// The command's name and as many positional arguments as it takes at least.
std::vector<std::string> command_line(const app::CommandSpec& c, std::size_t positional) {
    std::vector<std::string> args = {c.name};
    for (std::size_t i = 0; i < positional; ++i) args.push_back("42375263873");
    return args;
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

}  // namespace

TEST_CASE("every command exits 64 on a bad command line and says why on stderr", "[cli][exit]") {
    test::CliEnv env;
    for (const app::CommandSpec& c : app::commands()) {
        const auto args = command_line(c, c.min_args);
        struct Case {
            std::vector<std::string> args;
            std::string names;  // what standard error must mention
        };
        std::vector<Case> cases = {
            {with(args, {"--no-such-option"}), "no-such-option"},
            {with(args, {"--set"}), "set"},
            {with(args, {"--config"}), "config"},
            {with(args, {"--limit", "abc"}), "limit"},
            {command_line(c, c.max_args + 1), "expected"},
        };
        for (const app::OptionSpec& o : c.options) {
            if (!o.argument.empty()) cases.push_back({with(args, {"--" + o.name}), o.name});
        }
        for (const Case& k : cases) {
            std::string line;
            for (const auto& a : k.args) line += a + " ";
            INFO("sa-batch " << line);
            auto r = run(env, k.args);
            INFO("stdout: " << r.out << "\nstderr: " << r.err);
            CHECK(r.exit_code == 64);
            CHECK(r.err.find(k.names) != std::string::npos);
        }
    }
}

TEST_CASE("queue's numbers are checked: --limit abc and --done abc are usage errors",
          "[cli][exit]") {
    test::CliEnv env;
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"queue", "--limit", "abc"},
          {"queue", "--limit", "-1"},
          {"queue", "--limit", "10x"},
          {"queue", "--limit", "99999999999999999999999"},
          {"queue", "--done", "abc", "--note", "handled"}}) {
        INFO(args[1] << " " << args[2]);
        auto r = run(env, args);
        INFO("stdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.exit_code == 64);
        CHECK(r.err.find(args[1]) != std::string::npos);
        CHECK(r.err.find("'" + args[2] + "'") != std::string::npos);
    }
    auto ok = run(env, {"queue", "--limit", "5"});
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
}

TEST_CASE("a bad --encoding is a usage error, a bad intake.encoding a configuration error",
          "[cli][exit]") {
    test::CliEnv env;
    const std::string file = env.dir.file("a.csv");
    test::write_file(file, "application_id\nA-1\n");
    auto option = run(env, {"check-intake", file, "--encoding", "latin1"});
    CHECK(option.exit_code == 64);
    CHECK(option.out.find("--encoding") != std::string::npos);
    auto key = run(env, {"check-intake", file, "--set", "intake.encoding=latin1"});
    CHECK(key.exit_code == 78);
    CHECK(key.err.find("intake.encoding = 'latin1'") != std::string::npos);
}

TEST_CASE("every command exits 78 on a bad configuration value, naming the key",
          "[cli][exit][config]") {
    test::CliEnv env;
    // One bad value of each kind of key.
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"intake.commit_every", "abc"},              // number
        {"serve.port", "70000"},                     // number out of its range
        {"inbox.max_parts", "-1"},                   // negative number
        {"log.keep", "99999999999999999999"},        // number out of any range
        {"smtp.timeout", "soon"},                    // duration
        {"smtp.tls_verify", "maybe"},                // bool
        {"smtp.tls", "sometimes"},                   // enum
        {"log.level", "loud"},                       // enum
        {"imap.url", "imap://127.0.0.1:%zz/INBOX"},  // url: port
        {"imap.url", "imap://127.0.0.1/%zz"},        // url: percent-escape
        {"smtp.url", "smtp//127.0.0.1:25"},          // url: no scheme
        {"database.path", ""},                       // path that must not be empty
        {"log.rotate_size", "lots"},                 // size
        {"mail.utc_offset", "JST"},                  // offset
        {"clock.fixed", "yesterday"},                // time
    };
    for (const app::CommandSpec& c : app::commands()) {
        auto args = command_line(c, c.min_args);
        if (c.name == "config") args.push_back("--check");
        for (const auto& [key, value] : bad) {
            INFO("sa-batch " << c.name << " --set " << key << "=" << value);
            auto r = run(env, with(args, {"--set", key + "=" + value}));
            INFO("stdout: " << r.out << "\nstderr: " << r.err);
            CHECK(r.exit_code == 78);
            // config --check reports on standard output, with the effective configuration;
            // every other command stops at start-up and says so on standard error.
            const std::string& said = c.name == "config" ? r.out : r.err;
            CHECK(said.find(key) != std::string::npos);
            CHECK(said.find("'" + value + "'") != std::string::npos);
        }
    }
}
