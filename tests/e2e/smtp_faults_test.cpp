// `sa-batch send` against a scripted, misbehaving SMTP server (tests/support/fault_smtp.py),
// one fault per server, checked against the delivery contract of src/outbox/delivery_policy.h:
// 2xx sent; 4xx for the mail deferred with backoff, the batch goes on; 5xx for the mail
// failed; a connection, TLS or greeting problem deferred and the batch stops (exit 75, or 69
// for TLS); the whole body handed over and no reply after the dot unknown, never resent.
// Needs no mail stack: every server is a child process of the test on a free port.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <stdexcept>

#include "core/time_format.h"
#include "support/background.h"
#include "support/cli_env.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

using namespace sa;

namespace {

// The fault server as a child process, for the lifetime of the object: the destructor kills
// and reaps it, also when a REQUIRE throws; PR_SET_PDEATHSIG kills it should the test
// process itself die first.
class FaultSmtp {
  public:
    explicit FaultSmtp(const std::string& scenario, const std::vector<std::string>& options = {})
        : log_(dir_.file("received.jsonl")), err_(dir_.file("server.err")) {
        std::vector<std::string> argv = {"/usr/bin/python3",
                                         test::source_dir() + "/tests/support/fault_smtp.py",
                                         scenario,
                                         "--port",
                                         "0",
                                         "--log",
                                         log_};
        argv.insert(argv.end(), options.begin(), options.end());
        int out[2];
        if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            int err = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            int null = ::open("/dev/null", O_RDONLY);
            if (err < 0 || null < 0) ::_exit(127);
            ::dup2(null, 0);
            ::dup2(out[1], 1);
            ::dup2(err, 2);
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        ::close(out[1]);
        out_ = out[0];
        // The first line of its stdout is the port it bound.
        std::string line;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (line.find('\n') == std::string::npos) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            struct pollfd p = {out_, POLLIN, 0};
            char buf[64];
            ssize_t n = 0;
            if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0 ||
                (n = ::read(out_, buf, sizeof buf)) <= 0) {
                stop();
                throw std::runtime_error("fault_smtp.py " + scenario +
                                         " did not report its port: " + test::read_file(err_));
            }
            line.append(buf, static_cast<std::size_t>(n));
        }
        port_ = line.substr(0, line.find('\n'));
    }
    ~FaultSmtp() { stop(); }
    FaultSmtp(const FaultSmtp&) = delete;
    FaultSmtp& operator=(const FaultSmtp&) = delete;

    std::string url() const { return "smtp://127.0.0.1:" + port_; }

    // The complete messages the server received (one JSON line each), and their number.
    std::vector<std::string> received() const {
        std::vector<std::string> lines;
        std::istringstream in(test::read_file(log_));
        for (std::string l; std::getline(in, l);) {
            if (!l.empty()) lines.push_back(l);
        }
        return lines;
    }
    // How many received messages carry `needle` (a reply like "\"reply\": 250", a Message-ID).
    int received_with(const std::string& needle) const {
        int n = 0;
        for (const std::string& l : received()) n += l.find(needle) != std::string::npos;
        return n;
    }
    std::string stderr_text() const { return test::read_file(err_); }

  private:
    void stop() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
        if (out_ >= 0) ::close(out_);
        out_ = -1;
    }

    test::TempDir dir_;
    std::string log_, err_;
    pid_t pid_ = -1;
    int out_ = -1;
    std::string port_;
};

const UnixTime kT0 = *parse_iso8601("2026-12-01T09:00:00+09:00");

// clock.fixed `minutes` after kT0.
std::string at(int minutes) {
    return format_iso8601(kT0 + minutes * 60, 9 * 60);
}

// Queues `n` completion mails (one per new business) with `sa-batch intake` at `now`.
void queue_mails(const test::CliEnv& env, int n, const std::string& now, const std::string& tag) {
    std::string csv = test::csv_header();
    for (int i = 1; i <= n; ++i) {
        Application a = test::sole_proprietor_application("F-" + tag + "-" + std::to_string(i));
        a.trade_name = "鈴木工務店" + tag + std::to_string(i);
        a.contact_email = "suzuki-" + tag + std::to_string(i) + "@suzuki-koumuten.example";
        csv += test::csv_line(a);
    }
    // (Opening a database that is not there yet would create it empty.)
    const std::int64_t before =
        ::access(env.db_path.c_str(), F_OK) == 0 ? env.count("SELECT COUNT(*) FROM outbox") : 0;
    env.drop(tag + ".csv", csv);
    auto r = env.run({"intake", "--set", "clock.fixed=" + now});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(env.count("SELECT COUNT(*) FROM outbox") == before + n);
}

struct Sent {
    test::ProcessResult result;
    double seconds = 0;
};

constexpr const char* kTimeout = "3s";  // smtp.timeout and smtp.connect_timeout of every send
constexpr double kTimeoutSeconds = 3;

Sent send(const test::CliEnv& env, const FaultSmtp& server, const std::string& now,
          const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"send",
                                     "--set",
                                     "smtp.url=" + server.url(),
                                     "--set",
                                     "smtp.tls=none",
                                     "--set",
                                     std::string("smtp.timeout=") + kTimeout,
                                     "--set",
                                     std::string("smtp.connect_timeout=") + kTimeout,
                                     "--set",
                                     "delivery.min_backoff=5m",
                                     "--set",
                                     "clock.fixed=" + now};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto start = std::chrono::steady_clock::now();
    Sent s;
    s.result = env.run(args);
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return s;
}

// One column of the outbox for mail `id`.
std::string column(const test::CliEnv& env, const std::string& col, int id) {
    return env.text("SELECT " + col + " FROM outbox WHERE id = " + std::to_string(id));
}
std::int64_t number(const test::CliEnv& env, const std::string& expr, int id) {
    return env.count("SELECT " + expr + " FROM outbox WHERE id = " + std::to_string(id));
}

// How often the server received mail `id` whole: its Message-ID, envelope and size.
int times_received(const FaultSmtp& server, const test::CliEnv& env, int id) {
    const std::string message_id = column(env, "message_id", id);
    const std::string from = "\"mail_from\": \"" + column(env, "envelope_from", id) + "\"";
    const std::string to = "\"rcpt_to\": [\"" + column(env, "recipient", id) + "\"]";
    const std::string size =
        "\"bytes\": " +
        std::to_string(
            env.count("SELECT length(CAST(bytes AS BLOB)) FROM outbox_bytes WHERE id = " +
                      std::to_string(id))) +
        ",";
    int n = 0;
    for (const std::string& l : server.received()) {
        n += l.find(message_id) != std::string::npos && l.find(from) != std::string::npos &&
             l.find(to) != std::string::npos && l.find(size) != std::string::npos;
    }
    return n;
}

struct Scenario {
    const char* name;
    std::vector<std::string> options;     // for fault_smtp.py
    std::vector<std::string> send_extra;  // for sa-batch send
    int exit_code;
    std::vector<std::string> states;  // of the three queued mails after one send
    const char* mention;              // in last_error of every mail attempted and not sent
    int received;                     // complete messages the server got
    int accepted;                     // ... and answered 250
};

// The contract, scenario by scenario: three mails queued, one `send`.
const std::vector<Scenario>& scenarios() {
    static const std::vector<Scenario> kAll = {
        // The server refuses the session: deferred, the batch stops.
        {"greet421", {}, {}, 75, {"deferred", "queued", "queued"}, "421", 0, 0},
        {"silent_greeting", {}, {}, 75, {"deferred", "queued", "queued"}, "Timeout", 0, 0},
        {"notls",
         {},
         {"--set", "smtp.tls=required"},
         69,
         {"deferred", "queued", "queued"},
         "STARTTLS",
         0,
         0},
        {"drop_before_dot", {}, {}, 75, {"deferred", "queued", "queued"}, "", 0, 0},
        // A temporary refusal of this mail: deferred, the next mail is tried.
        {"mail4xx", {}, {}, 0, {"deferred", "deferred", "deferred"}, "451", 0, 0},
        {"rcpt450", {}, {}, 0, {"deferred", "deferred", "deferred"}, "450", 0, 0},
        {"rcpt451", {}, {}, 0, {"deferred", "deferred", "deferred"}, "451", 0, 0},
        {"rcpt452", {}, {}, 0, {"deferred", "deferred", "deferred"}, "452", 0, 0},
        {"data4xx", {}, {}, 0, {"deferred", "deferred", "deferred"}, "451", 0, 0},
        {"dot4xx", {}, {}, 0, {"deferred", "deferred", "deferred"}, "451", 3, 0},
        {"flaky", {}, {}, 0, {"deferred", "sent", "sent"}, "451", 3, 2},
        // A permanent refusal of this mail: failed, the next mail is tried.
        {"mail5xx", {}, {}, 0, {"failed", "failed", "failed"}, "550", 0, 0},
        {"rcpt550", {}, {}, 0, {"failed", "failed", "failed"}, "550", 0, 0},
        {"rcpt553", {}, {}, 0, {"failed", "failed", "failed"}, "553", 0, 0},
        {"data5xx", {}, {}, 0, {"failed", "failed", "failed"}, "554", 0, 0},
        {"dot552", {}, {}, 0, {"failed", "failed", "failed"}, "552", 3, 0},
        {"dot554", {}, {}, 0, {"failed", "failed", "failed"}, "554", 3, 0},
        // The body and the dot went out, no reply came: unknown, the batch stops.
        {"drop_after_dot", {}, {}, 75, {"unknown", "queued", "queued"}, "", 1, 0},
        {"silent_after_dot", {}, {}, 75, {"unknown", "queued", "queued"}, "Timeout", 1, 0},
        {"ok", {}, {}, 0, {"sent", "sent", "sent"}, "", 3, 3},
    };
    return kAll;
}

}  // namespace

TEST_CASE("every SMTP fault ends in the state the delivery contract gives it", "[e2e][smtp]") {
    for (const Scenario& sc : scenarios()) {
        DYNAMIC_SECTION(sc.name) {
            test::CliEnv env;
            queue_mails(env, 3, at(0), "a");
            FaultSmtp server(sc.name, sc.options);
            Sent s = send(env, server, at(0), sc.send_extra);
            INFO(s.result.out << s.result.err << server.stderr_text());
            CHECK(s.result.exit_code == sc.exit_code);
            CHECK(s.seconds < kTimeoutSeconds + 2);  // no wait beyond the timeouts set

            for (int id = 1; id <= 3; ++id) {
                const std::string& state = sc.states[static_cast<std::size_t>(id - 1)];
                INFO("mail " << id << ": " << column(env, "last_error", id));
                CHECK(column(env, "state", id) == state);
                if (state == "queued") {  // the batch stopped before it
                    CHECK(number(env, "attempts", id) == 0);
                    CHECK(number(env, "last_attempt_at IS NULL OR last_attempt_at = 0", id) == 1);
                    continue;
                }
                CHECK(number(env, "attempts", id) == 1);
                CHECK(number(env, "last_attempt_at", id) == kT0);
                if (state == "sent") {
                    CHECK(number(env, "sent_at", id) == kT0);
                    CHECK(column(env, "last_error", id).empty());
                    continue;
                }
                CHECK_THAT(column(env, "last_error", id), Catch::Contains(sc.mention));
                if (state == "deferred") {
                    CHECK(number(env, "next_attempt_at - last_attempt_at", id) == 300);
                }
            }
            CHECK(server.received().size() == static_cast<std::size_t>(sc.received));
            CHECK(server.received_with("\"reply\": 250") == sc.accepted);
            for (int id = 1; id <= 3; ++id) {
                INFO("mail " << id);
                CHECK(times_received(server, env, id) == (id <= sc.received ? 1 : 0));
            }
        }
    }
}

TEST_CASE("a mail in doubt after the final dot is never sent again", "[e2e][smtp]") {
    for (const char* name : {"drop_after_dot", "silent_after_dot"}) {
        DYNAMIC_SECTION(name) {
            test::CliEnv env;
            queue_mails(env, 3, at(0), "u");
            FaultSmtp server(name);
            Sent first = send(env, server, at(0));
            INFO(first.result.out << first.result.err << server.stderr_text());
            CHECK(first.result.exit_code == 75);
            CHECK(column(env, "state", 1) == "unknown");
            CHECK(times_received(server, env, 1) == 1);

            // A day later, the next run goes on with the mails still queued, not with mail 1.
            Sent second = send(env, server, at(24 * 60));
            INFO(second.result.out << second.result.err);
            CHECK(second.result.exit_code == 75);
            CHECK(column(env, "state", 1) == "unknown");
            CHECK(number(env, "attempts", 1) == 1);
            CHECK(number(env, "last_attempt_at", 1) == kT0);
            CHECK(times_received(server, env, 1) == 1);
            CHECK(column(env, "state", 2) == "unknown");
            CHECK(times_received(server, env, 2) == 1);
            CHECK(column(env, "state", 3) == "queued");
            CHECK(server.received().size() == 2);
        }
    }
}

namespace {

// One `send` at `minute` after kT0 and what it must leave behind for mail 1.
struct Step {
    int minute;
    std::int64_t attempts;
    std::string state;
    std::int64_t wait_minutes;  // next_attempt_at - last_attempt_at, when deferred
    std::int64_t received;      // complete messages the server has got by then
};

void walk(const test::CliEnv& env, const FaultSmtp& server, const std::vector<Step>& steps,
          const std::vector<std::string>& extra) {
    for (const Step& step : steps) {
        Sent s = send(env, server, at(step.minute), extra);
        INFO("send at +" << step.minute << " min: " << s.result.out << s.result.err
                         << column(env, "last_error", 1));
        CHECK(s.result.exit_code == 0);
        CHECK(column(env, "state", 1) == step.state);
        CHECK(number(env, "attempts", 1) == step.attempts);
        if (step.state == "deferred") {
            CHECK(number(env, "next_attempt_at - last_attempt_at", 1) == step.wait_minutes * 60);
        }
        CHECK(static_cast<std::int64_t>(server.received().size()) == step.received);
    }
}

}  // namespace

TEST_CASE("a refused mail is retried only when due, the waits doubling up to the maximum",
          "[e2e][smtp]") {
    const std::vector<std::string> limits = {"--set", "delivery.max_backoff=20m", "--set",
                                             "delivery.max_lifetime=1h"};
    SECTION("flaky: 451 after the dot three times, then 250") {
        test::CliEnv env;
        queue_mails(env, 1, at(0), "f");
        FaultSmtp server("flaky", {"--flaky-count", "3"});
        walk(env, server,
             {
                 {0, 1, "deferred", 5, 1},  // wait 5 min
                 {1, 1, "deferred", 5, 1},  // not due: the server hears nothing
                 {4, 1, "deferred", 5, 1},
                 {5, 2, "deferred", 10, 2},  // wait doubled
                 {14, 2, "deferred", 10, 2},
                 {15, 3, "deferred", 20, 3},  // doubled again, now at delivery.max_backoff
                 {34, 3, "deferred", 20, 3},
                 {35, 4, "sent", 0, 4},  // the fourth time it is accepted
                 {200, 4, "sent", 0, 4},
             },
             limits);
        CHECK(number(env, "sent_at", 1) == kT0 + 35 * 60);
        CHECK(column(env, "last_error", 1).empty());
        CHECK(server.received_with("\"reply\": 451") == 3);
        CHECK(server.received_with("\"reply\": 250") == 1);
        CHECK(times_received(server, env, 1) == 4);
    }
    SECTION("rcpt451: deferred until delivery.max_lifetime, then failed") {
        test::CliEnv env;
        queue_mails(env, 1, at(0), "r");
        FaultSmtp server("rcpt451");
        walk(env, server,
             {
                 {0, 1, "deferred", 5, 0},
                 {3, 1, "deferred", 5, 0},
                 {5, 2, "deferred", 10, 0},
                 {12, 2, "deferred", 10, 0},
                 {15, 3, "deferred", 20, 0},
                 {35, 4, "deferred", 20, 0},  // 40 min capped at delivery.max_backoff
                 {54, 4, "deferred", 20, 0},
                 {55, 5, "deferred", 20, 0},
                 {75, 6, "failed", 0, 0},   // past the hour: given up
                 {300, 6, "failed", 0, 0},  // and never tried again
             },
             limits);
        CHECK(number(env, "last_attempt_at", 1) == kT0 + 75 * 60);
        CHECK_THAT(column(env, "last_error", 1), Catch::Contains("lifetime"));
        CHECK_THAT(column(env, "last_error", 1), Catch::Contains("451"));
    }
}

TEST_CASE("a healthy server then gets every deferred mail that is due, nothing in doubt or failed",
          "[e2e][smtp]") {
    test::CliEnv env;
    // Mail 1: in doubt (the server dropped the connection after the dot).
    queue_mails(env, 1, at(0), "unknown");
    {
        FaultSmtp server("drop_after_dot");
        CHECK(send(env, server, at(0)).result.exit_code == 75);
    }
    // Mail 2: refused for good.
    queue_mails(env, 1, at(0), "failed");
    {
        FaultSmtp server("rcpt550");
        CHECK(send(env, server, at(0)).result.exit_code == 0);
    }
    // Mail 3: deferred at +0 (the server was unavailable), due at +5.
    queue_mails(env, 1, at(0), "early");
    {
        FaultSmtp server("greet421");
        CHECK(send(env, server, at(0)).result.exit_code == 75);
    }
    // Mail 4: deferred at +3, due at +8.
    queue_mails(env, 1, at(3), "late");
    {
        FaultSmtp server("data4xx");
        CHECK(send(env, server, at(3)).result.exit_code == 0);
    }
    REQUIRE(column(env, "state", 1) == "unknown");
    REQUIRE(column(env, "state", 2) == "failed");
    REQUIRE(column(env, "state", 3) == "deferred");
    REQUIRE(column(env, "state", 4) == "deferred");
    // Mail 5: queued at +6, never tried.
    queue_mails(env, 1, at(6), "fresh");

    FaultSmtp ok("ok");
    Sent s = send(env, ok, at(6));
    INFO(s.result.out << s.result.err << ok.stderr_text());
    CHECK(s.result.exit_code == 0);
    CHECK(column(env, "state", 3) == "sent");
    CHECK(column(env, "state", 4) == "deferred");  // not due before +8
    CHECK(column(env, "state", 5) == "sent");
    CHECK(ok.received().size() == 2);

    s = send(env, ok, at(8));
    CHECK(s.result.exit_code == 0);
    CHECK(column(env, "state", 4) == "sent");
    CHECK(number(env, "attempts", 4) == 2);
    CHECK(number(env, "sent_at", 4) == kT0 + 8 * 60);

    s = send(env, ok, at(24 * 60));
    CHECK(s.result.exit_code == 0);
    CHECK(column(env, "state", 1) == "unknown");
    CHECK(number(env, "attempts", 1) == 1);
    CHECK(column(env, "state", 2) == "failed");
    CHECK(number(env, "attempts", 2) == 1);
    CHECK(env.count("SELECT COUNT(*) FROM outbox WHERE state = 'sent'") == 3);
    CHECK(ok.received().size() == 3);
    CHECK(ok.received_with("\"reply\": 250") == 3);
    for (int id : {3, 4, 5}) CHECK(times_received(ok, env, id) == 1);
    for (int id : {1, 2}) CHECK(times_received(ok, env, id) == 0);
}

TEST_CASE("a mail that cannot be marked as being handed over is not handed over", "[e2e][smtp]") {
    // The send job marks each mail as being handed over in the commit that also records the
    // previous mail's outcome, while the mail's envelope goes out; the body waits for that
    // commit. Here another process holds the database's write lock, so mail 1 cannot be
    // marked: it gets its envelope but never its body, and nothing else goes out.
    test::CliEnv env;
    queue_mails(env, 3, at(0), "lock");
    FaultSmtp server("ok");
    {
        auto holder = test::hold_write_lock(env.db_path);
        Sent s = send(env, server, at(0), {"--set", "database.busy_timeout=1s"});
        INFO(s.result.out << s.result.err);
        CHECK(s.result.exit_code == 75);
        CHECK(s.result.err.find("locked") != std::string::npos);
        CHECK(s.result.err.find("mail #1 (completion) was not handed over") != std::string::npos);
        CHECK(server.received().empty());
    }
    CHECK(column(env, "state", 1) == "queued");
    CHECK(number(env, "unrecorded_attempts", 1) == 0);
    Sent again = send(env, server, at(1));
    INFO(again.result.out << again.result.err);
    CHECK(again.result.exit_code == 0);
    for (int id = 1; id <= 3; ++id) CHECK(column(env, "state", id) == "sent");
    for (int id = 1; id <= 3; ++id) CHECK(times_received(server, env, id) == 1);
}

TEST_CASE("an operator reads what happened, with the server's reply, and what to do",
          "[e2e][smtp]") {
    struct Case {
        const char* scenario;
        int exit_code;
        const char* state;
        std::vector<std::string> says;  // in mail 1's last_error, on stderr and in the log
    };
    const std::vector<Case> cases = {
        {"rcpt550", 0, "failed", {"refused by the server at RCPT TO: 550 5.1.1 No such user"}},
        {"dot554",
         0,
         "failed",
         {"refused by the server after the final dot: 554 5.6.0 Message refused"}},
        {"greet421",
         75,
         "deferred",
         {"refused by the server in its greeting: 421 4.3.2 fault.example Service not "
          "available"}},
        {"silent_after_mail",
         75,
         "deferred",
         {"no answer from the server within 3 s after RCPT TO (its last reply, to MAIL FROM: "
          "250 2.1.0 Ok)"}},
        {"drop_after_dot",
         75,
         "unknown",
         {"the connection was cut after the final dot, with the whole message handed over: it "
          "may have been delivered",
          "check with the recipient (sa-batch lookup) and `sa-batch resend` it if it did not "
          "arrive"}},
        {"silent_after_dot",
         75,
         "unknown",
         {"no answer from the server within 3 s after the final dot, with the whole message "
          "handed over: it may have been delivered",
          "`sa-batch resend`"}},
    };
    for (const Case& c : cases) {
        DYNAMIC_SECTION(c.scenario) {
            test::CliEnv env;
            queue_mails(env, 1, at(0), "m");
            FaultSmtp server(c.scenario);
            Sent s = send(env, server, at(0));
            INFO(s.result.out << s.result.err);
            CHECK(s.result.exit_code == c.exit_code);
            CHECK(column(env, "state", 1) == c.state);
            const std::string log = test::read_file(env.dir.file("log/sa-batch.log"));
            for (const std::string& says : c.says) {
                CHECK_THAT(column(env, "last_error", 1), Catch::Contains(says));
                CHECK_THAT(s.result.err, Catch::Contains(says));
                CHECK_THAT(log, Catch::Contains(says));
            }
        }
    }
    SECTION("a reply naming the recipient is logged without the address") {
        test::CliEnv env;
        queue_mails(env, 1, at(0), "n");
        const std::string recipient = column(env, "recipient", 1);
        FaultSmtp server("rcpt550_naming");
        Sent s = send(env, server, at(0));
        INFO(s.result.out << s.result.err);
        CHECK(column(env, "state", 1) == "failed");
        CHECK_THAT(column(env, "last_error", 1),
                   Catch::Contains("refused by the server at RCPT TO: 550 5.1.1 <…>: Recipient "
                                   "address rejected"));
        CHECK_THAT(s.result.err, !Catch::Contains(recipient));
        CHECK_THAT(test::read_file(env.dir.file("log/sa-batch.log")), !Catch::Contains(recipient));
    }
}
