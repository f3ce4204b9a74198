// Every job's --dry-run reports what it would do and changes nothing: not the database, not
// the spool, not the mailbox (not even a \Seen flag).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <ctime>
#include <filesystem>

#include "core/time_format.h"
#include "support/cli_env.h"
#include "support/fixtures.h"
#include "support/mailbox.h"
#include "support/temp_dir.h"

using namespace sa;

namespace {

std::string dump(const std::string& db) {
    return test::run_process({"sqlite3", db, ".dump"}).out;
}

std::string listing(const std::string& dir) {
    std::string out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        out += e.path().string() +
               (e.is_regular_file() ? " " + std::to_string(e.file_size()) : "") + "\n";
    }
    return out;
}

}  // namespace

TEST_CASE("dry runs change neither the database, the spool nor the mailbox", "[e2e][dry-run]") {
    const std::string box = test::unique_address("dryrun", "sa-secretariat.example");
    test::TempDir files;
    test::write_file(files.file("pw"), test::mail_password() + "\n");
    ::chmod(files.file("pw").c_str(), 0600);
    test::CliEnv env("[imap]\nurl = imap://127.0.0.1:" + test::imap_port() +
                     "/INBOX\nusername = " + box + "\npassword_file = " + files.file("pw") + "\n");
    Application first = test::corporation_application("DR-1");
    first.contact_email = test::unique_address("first", "dry.example");
    env.drop("a.csv", test::csv_header() + test::csv_line(first));
    REQUIRE(env.run({"run"}).exit_code == 0);

    // Work of every kind waits: a new file, two messages, mails due, a declaration past review.
    Application second = test::sole_proprietor_application("DR-2");
    second.contact_email = test::unique_address("second", "dry.example");
    env.drop("b.csv", test::csv_header() + test::csv_line(second));
    test::write_file(files.file("m1"),
                     "From: <" + first.contact_email +
                         ">\r\nSubject: q\r\nMessage-ID: <dr1@x.example>\r\n"
                         "Content-Type: text/plain; charset=UTF-8\r\n\r\nIDを忘れました\r\n");
    test::write_file(files.file("m2"),
                     "From: <z@other.example>\r\nSubject: q\r\nMessage-ID: <dr2@x.example>\r\n"
                     "Content-Type: text/plain; charset=UTF-8\r\n\r\nロゴについて\r\n");
    test::append_messages({files.file("m1"), files.file("m2")}, box);
    REQUIRE(env.run({"intake", "--set", "smtp.url=smtp://127.0.0.1:1"}).exit_code ==
            0);  // a mail due, unsent
    env.drop("c.csv", test::csv_header() + test::csv_line(test::corporation_application("DR-3")));
    const std::string later = "clock.fixed=" + format_iso8601(::time(nullptr) + 20 * 86400, 540);

    const std::string db_before = dump(env.db_path), spool_before = listing(env.spool);
    const auto folders_before = test::mailbox_folders(box);
    REQUIRE(db_before.size() > 1000);
    REQUIRE(folders_before.at("INBOX") == 2);

    for (const std::vector<std::string>& job :
         {std::vector<std::string>{"intake"}, {"send"}, {"inbox"}, {"accept-due"}, {"run"}}) {
        std::vector<std::string> args = job;
        args.insert(args.end(), {"--dry-run", "--set", later});
        auto r = env.run(args);
        INFO(job[0] << ": " << r.out << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("dry run") != std::string::npos);
    }
    auto whole = env.run({"run", "--dry-run", "--set", later});
    CHECK(whole.out.find("intake (dry run, nothing changed): 1 file(s) read") != std::string::npos);
    CHECK(whole.out.find("send (dry run, nothing sent): 1 mail(s) due") != std::string::npos);
    CHECK(whole.out.find(
              "inbox (dry run, nothing changed): 2 message(s): 1 answered, 1 to a person") !=
          std::string::npos);
    CHECK(whole.out.find("accept-due (dry run, nothing changed): 2 declaration(s) accepted") !=
          std::string::npos);

    CHECK(dump(env.db_path) == db_before);
    CHECK(listing(env.spool) == spool_before);
    CHECK(test::mailbox_folders(box) == folders_before);
    for (const auto& m : test::read_mailbox(box, 2)) CHECK_FALSE(m.seen);
}
