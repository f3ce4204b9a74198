// The jobs when the database will not take what they must record: a read-only database file,
// a full disk, another process holding the write lock past the busy timeout. Each exits 74
// (I/O) or 75 (busy) with the reason on standard error and in the log, naming what it
// concerns. For `send` and `run`, against the real Postfix and Dovecot, counting the copies
// that arrived in each recipient's mailbox over IMAP (src/outbox/send_job.h): a mail's body
// goes out only after the commit that marks it as being handed over; when a commit fails
// nothing more goes out; a mail handed over without its outcome recorded goes out once more
// at most, then it is unknown.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>

#include "store/sqlite.h"
#include "support/background.h"
#include "support/cli_env.h"
#include "support/fixtures.h"
#include "support/mailbox.h"
#include "support/temp_dir.h"

using namespace sa;

namespace {

// Queues `n` completion mails, one per new business at a fresh address, with `sa-batch intake`.
void queue_completions(const test::CliEnv& env, int n, const std::string& tag) {
    std::string csv = test::csv_header();
    for (int i = 1; i <= n; ++i) {
        Application a = test::sole_proprietor_application("R-" + tag + "-" + std::to_string(i));
        a.trade_name = "記録商店" + tag + std::to_string(i);
        a.contact_email = test::unique_address("record-" + tag, "record-faults.example");
        csv += test::csv_line(a);
    }
    env.drop(tag + ".csv", csv);
    auto r = env.run({"intake"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(env.count("SELECT COUNT(*) FROM outbox WHERE state = 'queued'") == n);
}

// How many copies of outbox mail `id` are in its recipient's mailbox, once Postfix is done.
int copies(const test::CliEnv& env, int id) {
    const std::string where = " FROM outbox WHERE id = " + std::to_string(id);
    return test::copies_by_message_id(
        env.text("SELECT recipient" + where))[env.text("SELECT message_id" + where)];
}

// The mails 1 to 3 reached nobody while the fault lasted; now that it is gone, `send`
// delivers each exactly once.
void nothing_then_each_once(const test::CliEnv& env,
                            const std::function<test::ProcessResult()>& send) {
    test::wait_for_delivery();
    for (int id = 1; id <= 3; ++id) CHECK(copies(env, id) == 0);
    auto r = send();
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    test::wait_for_delivery();
    for (int id = 1; id <= 3; ++id) CHECK(copies(env, id) == 1);
}

std::string log_of(const test::CliEnv& env) {
    return test::read_file(env.dir.file("log/sa-batch.log"));
}

// `chattr +i` on a file for the object's lifetime: not even root can write it, so SQLite
// opens the database read-only (its directory stays writable, for the WAL index).
class Immutable {
  public:
    explicit Immutable(const std::string& path) : path_(path) {
        auto r = test::run_process({"chattr", "+i", path_});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    ~Immutable() { test::run_process({"chattr", "-i", path_}); }
    Immutable(const Immutable&) = delete;
    Immutable& operator=(const Immutable&) = delete;

  private:
    std::string path_;
};

// The database on a disk that is nearly full. A tmpfs mounted by the test, filled up to a
// chosen room for the write-ahead log; where mounting is refused (no CAP_SYS_ADMIN), sa-batch
// runs under RLIMIT_FSIZE instead, with SIGXFSZ ignored, so that its writes past the room fail
// with EFBIG the way they fail with ENOSPC on a full disk. Either way the test holds a
// connection, so that the WAL index exists at its full size before a run, and empties the WAL
// between runs. One WAL commit of one page takes 4,152 bytes with the WAL header, the next
// 4,120 more (4 KiB pages).
class NearlyFullDisk {
  public:
    NearlyFullDisk(const std::string& dir, const std::string& database) : dir_(dir) {
        ::mkdir(dir.c_str(), 0700);
        mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=2m,mode=0700") == 0;
        if (!mounted_) {
            WARN("mounting a tmpfs was refused (" << std::strerror(errno)
                                                  << "): RLIMIT_FSIZE stands in for a full disk");
        }
        database_ = dir + "/" + database;
    }
    ~NearlyFullDisk() {
        held_.reset();
        if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    }
    NearlyFullDisk(const NearlyFullDisk&) = delete;
    NearlyFullDisk& operator=(const NearlyFullDisk&) = delete;

    const std::string& database() const { return database_; }
    bool mounted() const { return mounted_; }

    // Leaves `bytes` of room for the WAL: what the next run may write.
    void leave(std::size_t bytes) {
        if (!held_) {
            held_ = sqlite::Database::open(database_, 5000);
            auto& read = held_->cached("SELECT COUNT(*) FROM outbox");
            read.step();
            read.reset();
        }
        held_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
        room_ = bytes;
        if (!mounted_) return;
        const std::string filler = dir_ + "/filler";
        ::unlink(filler.c_str());
        FILE* f = std::fopen(filler.c_str(), "w");
        REQUIRE(f);
        static const char block[4096] = {};
        std::size_t size = 0;
        while (std::fwrite(block, 1, sizeof block, f) == sizeof block && std::fflush(f) == 0)
            size += sizeof block;
        std::fclose(f);
        REQUIRE(::truncate(filler.c_str(), static_cast<off_t>(size > bytes ? size - bytes : 0)) ==
                0);
    }
    // Gives the disk its space back.
    void free_all() {
        ::unlink((dir_ + "/filler").c_str());
        room_ = 0;
    }

    // Runs sa-batch in `env` on this disk.
    test::ProcessResult run(const test::CliEnv& env, std::vector<std::string> args) const {
        args.insert(args.begin(), test::sa_batch_bin());
        args.push_back("--config");
        args.push_back(env.config_path);
        if (mounted_ || room_ == 0) return test::run_process(args, env.dir.path());
        // The log would pass the limit too: under it, sa-batch logs to standard error only.
        args.push_back("--set");
        args.push_back("log.file=");
        std::vector<std::string> argv = {"/usr/bin/python3", "-c",
                                         "import os, resource, signal, sys\n"
                                         "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
                                         "n = int(sys.argv[1])\n"
                                         "resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))\n"
                                         "os.execv(sys.argv[2], sys.argv[2:])\n",
                                         std::to_string(room_)};
        argv.insert(argv.end(), args.begin(), args.end());
        return test::run_process(argv, env.dir.path());
    }

  private:
    std::string dir_, database_;
    bool mounted_ = false;
    std::size_t room_ = 0;
    std::unique_ptr<sqlite::Database> held_;
};

}  // namespace

TEST_CASE("nothing goes out when the database cannot record that it goes out", "[e2e][send]") {
    SECTION("the database file is read-only: `run` three times") {
        test::CliEnv env;
        queue_completions(env, 3, "ro");
        {
            Immutable read_only(env.db_path);
            for (int run = 1; run <= 3; ++run) {
                auto r = env.run({"run"});
                INFO("run " << run << ": " << r.out << r.err);
                CHECK(r.exit_code == 74);
                CHECK_THAT(r.err, Catch::Contains("readonly database"));
                CHECK_THAT(r.err, Catch::Contains("mail #1 (completion) was not handed over"));
            }
            CHECK_THAT(log_of(env), Catch::Contains("mail #1 (completion) was not handed over"));
        }
        nothing_then_each_once(env, [&] { return env.run({"send"}); });
        CHECK(env.count("SELECT COUNT(*) FROM outbox WHERE state = 'sent' AND attempts = 1 AND "
                        "attempt_started_at IS NULL AND unrecorded_attempts = 0") == 3);
    }

    SECTION("the disk is full: `send` three times") {
        test::TempDir root;
        NearlyFullDisk disk(root.file("disk"), "sa.db");
        test::CliEnv env("[database]\npath = " + disk.database() + "\n");
        env.db_path = disk.database();
        queue_completions(env, 3, "full");
        for (int run = 1; run <= 3; ++run) {
            disk.leave(4096);  // less than one commit
            auto r = disk.run(env, {"send"});
            INFO("send " << run << ": " << r.out << r.err);
            CHECK(r.exit_code == 74);
            CHECK_THAT(r.err, Catch::Contains("mail #1 (completion) was not handed over"));
            CHECK_THAT(r.out, Catch::Contains("send: 0 sent"));
        }
        if (disk.mounted())
            CHECK_THAT(log_of(env), Catch::Contains("mail #1 (completion) was not handed over"));
        disk.free_all();
        nothing_then_each_once(env, [&] { return disk.run(env, {"send"}); });
    }

    SECTION("another process holds the write lock longer than the busy timeout") {
        test::CliEnv env;
        queue_completions(env, 3, "lock");
        {
            auto holder = test::hold_write_lock(env.db_path);
            for (const char* command : {"send", "run"}) {
                auto r = env.run({command, "--set", "database.busy_timeout=1s"});
                INFO(command << ": " << r.out << r.err);
                CHECK(r.exit_code == 75);
                CHECK_THAT(r.err, Catch::Contains("locked"));
                CHECK_THAT(r.err, Catch::Contains("mail #1 (completion) was not handed over"));
            }
        }
        nothing_then_each_once(env, [&] { return env.run({"send"}); });
    }
}

TEST_CASE("a mail handed over twice without its outcome recorded is left unknown, not sent again",
          "[e2e][send]") {
    test::TempDir root;
    NearlyFullDisk disk(root.file("disk"), "sa.db");
    test::CliEnv env("[database]\npath = " + disk.database() + "\n");
    env.db_path = disk.database();
    queue_completions(env, 3, "twice");
    const std::size_t one_commit = 8192;  // the mark of one mail, not the commit after it

    // Mail 1 is marked and handed over; the commit of its acceptance (with mail 2's mark) fails.
    disk.leave(one_commit);
    auto first = disk.run(env, {"send"});
    INFO(first.out << first.err);
    CHECK(first.exit_code == 74);
    CHECK_THAT(first.err, Catch::Contains("mail #2 (completion) was not handed over"));
    CHECK_THAT(first.err, Catch::Contains("mail #1 (completion) was handed over and accepted by "
                                          "the server, but that is not recorded"));

    // The next run finds mail 1 marked: it may have arrived, and goes out once more.
    disk.leave(one_commit);
    auto second = disk.run(env, {"send"});
    INFO(second.out << second.err);
    CHECK(second.exit_code == 74);
    CHECK_THAT(second.err, Catch::Contains("mail #1 (completion) was handed over at "));
    CHECK_THAT(second.err, Catch::Contains("sending it once more"));
    REQUIRE(env.count("SELECT unrecorded_attempts FROM outbox WHERE id = 1") == 2);

    // Twice without an outcome: unknown, for staff; the run goes on with mail 2. (Mail 1's new
    // state moves it out of the index of due mails: its commit with mail 2's mark takes two
    // pages.)
    disk.leave(one_commit + 4096);
    auto third = disk.run(env, {"send"});
    INFO(third.out << third.err);
    CHECK(third.exit_code == 74);
    CHECK_THAT(third.err, Catch::Contains("mail #1 (completion) unknown: handed over 2 times"));
    CHECK_THAT(third.err, Catch::Contains("mail #3 (completion) was not handed over"));

    disk.free_all();
    auto healthy = disk.run(env, {"send"});
    INFO(healthy.out << healthy.err);
    CHECK(healthy.exit_code == 0);
    CHECK(healthy.out.find("1 sent once more") != std::string::npos);  // mail 2
    test::wait_for_delivery();
    CHECK(copies(env, 1) == 2);
    CHECK(env.text("SELECT state FROM outbox WHERE id = 1") == "unknown");
    CHECK(env.count("SELECT attempts FROM outbox WHERE id = 1") == 2);
    CHECK_THAT(env.text("SELECT last_error FROM outbox WHERE id = 1"), Catch::Contains("resend"));
    CHECK(copies(env, 2) == 2);
    CHECK(copies(env, 3) == 1);
    CHECK(env.count("SELECT COUNT(*) FROM outbox WHERE state = 'sent'") == 2);

    // A later run never sends the unknown mail on its own.
    auto later = disk.run(env, {"send"});
    CHECK(later.exit_code == 0);
    test::wait_for_delivery();
    CHECK(copies(env, 1) == 2);
}

TEST_CASE("intake exits 74 or 75 when the store will not take its records, and says so",
          "[e2e][intake]") {
    const std::string csv = [] {
        std::string c = test::csv_header();
        for (int i = 1; i <= 10; ++i) {
            Application a = test::sole_proprietor_application("I-" + std::to_string(i));
            a.trade_name = "受付商店" + std::to_string(i);
            c += test::csv_line(a);
        }
        return c;
    }();
    auto check_left_in_spool = [](const test::CliEnv& env, const test::ProcessResult& r) {
        CHECK_THAT(r.err, Catch::Contains("file 'in.csv': cannot record it; stopped, the file "
                                          "stays in the spool"));
        CHECK_THAT(log_of(env), Catch::Contains("file 'in.csv': cannot record it"));
        CHECK(::access((env.spool + "/in.csv").c_str(), F_OK) == 0);
    };

    SECTION("the database file is read-only") {
        test::CliEnv env;
        REQUIRE(env.run({"intake"}).exit_code == 0);  // creates the database
        env.drop("in.csv", csv);
        {
            Immutable read_only(env.db_path);
            auto r = env.run({"intake"});
            INFO(r.out << r.err);
            CHECK(r.exit_code == 74);
            CHECK_THAT(r.err, Catch::Contains("readonly database"));
            check_left_in_spool(env, r);
        }
        auto r = env.run({"intake"});
        CHECK(r.exit_code == 0);
        CHECK(env.count("SELECT COUNT(*) FROM intake_records") == 10);
    }

    SECTION("the disk is full") {
        test::TempDir root;
        NearlyFullDisk disk(root.file("disk"), "sa.db");
        test::CliEnv env("[database]\npath = " + disk.database() + "\n");
        env.db_path = disk.database();
        REQUIRE(disk.run(env, {"intake"}).exit_code == 0);
        env.drop("in.csv", csv);
        disk.leave(4096);
        auto r = disk.run(env, {"intake"});
        INFO(r.out << r.err);
        CHECK(r.exit_code == 74);
        CHECK_THAT(r.err, Catch::Contains("full"));
        CHECK_THAT(r.err, Catch::Contains("file 'in.csv': cannot record it; stopped"));
        CHECK(::access((env.spool + "/in.csv").c_str(), F_OK) == 0);
        disk.free_all();
        auto again = disk.run(env, {"intake"});
        CHECK(again.exit_code == 0);
        CHECK(env.count("SELECT COUNT(*) FROM intake_records") == 10);
    }

    SECTION("another process holds the write lock longer than the busy timeout") {
        test::CliEnv env;
        REQUIRE(env.run({"intake"}).exit_code == 0);
        env.drop("in.csv", csv);
        {
            auto holder = test::hold_write_lock(env.db_path);
            auto r = env.run({"intake", "--set", "database.busy_timeout=1s"});
            INFO(r.out << r.err);
            CHECK(r.exit_code == 75);
            CHECK_THAT(r.err, Catch::Contains("locked"));
            check_left_in_spool(env, r);
        }
        CHECK(env.run({"intake"}).exit_code == 0);
        CHECK(env.count("SELECT COUNT(*) FROM intake_records") == 10);
    }
}
