// The real IMAP client against Dovecot through a proxy that cuts the connection mid-FETCH (the
// size listing and the bodies) and mid-MOVE: the job stops with exit 75, nothing is lost, and
// the next run answers each message exactly once. Messages that look like IMAP inside are
// read whole.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstring>
#include <map>

#include "support/background.h"
#include "support/cli_env.h"
#include "support/mailbox.h"
#include "support/temp_dir.h"

using namespace sa;

namespace {

std::string question(const std::string& from, int n) {
    return "From: <" + from +
           ">\r\nTo: x@sa-secretariat.example\r\nSubject: q\r\nMessage-ID: <fault" +
           std::to_string(n) + "." + from +
           ">\r\nMIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           "9から始まる番号と4から始まる番号、どちらを使えばよいですか\r\n";
}

struct Setup {
    std::string box = test::unique_address("faults", "sa-secretariat.example");
    std::vector<std::string> askers;
    test::TempDir files;
    std::unique_ptr<test::CliEnv> env;

    Setup() {
        test::write_file(files.file("pw"), test::mail_password() + "\n");
        ::chmod(files.file("pw").c_str(), 0600);
        // In the clear: the proxy cuts at what it reads in the replies and commands.
        env = std::make_unique<test::CliEnv>("[imap]\nusername = " + box + "\npassword_file = " +
                                             files.file("pw") + "\ntimeout = 5s\ntls = none\n");
        std::vector<std::string> paths;
        for (int i = 0; i < 3; ++i) {
            askers.push_back(test::unique_address("asker", "faults.example"));
            test::write_file(files.file("q" + std::to_string(i)), question(askers.back(), i));
            paths.push_back(files.file("q" + std::to_string(i)));
        }
        test::append_messages(paths, box);
    }

    test::ProcessResult run(int port) {
        return env->run(
            {"run", "--set", "imap.url=imap://127.0.0.1:" + std::to_string(port) + "/INBOX"});
    }
};

int proxy_port(test::Background& proxy) {
    std::string line = proxy.read_line();
    REQUIRE_FALSE(line.empty());
    return std::stoi(line);
}

}  // namespace

TEST_CASE("IMAP connections cut mid-FETCH and mid-MOVE lose nothing and answer nothing twice",
          "[e2e][imap]") {
    // What the operator reads: what was cut, during which command.
    const std::map<std::string, std::string> says = {
        {"server:RFC822.SIZE",
         "inbox: stopped: mailbox 'INBOX': the connection to the IMAP server was cut during UID "
         "FETCH"},
        {"server:BODY[]",
         "inbox: stopped: mailbox 'INBOX': the IMAP server closed the connection during UID "
         "FETCH"},
        {"client:UID MOVE",
         "inbox: stopped: cannot move messages to 'answered': the connection to the IMAP server "
         "was cut during UID MOVE"},
    };
    for (const char* rule : {"server:RFC822.SIZE", "server:BODY[]", "client:UID MOVE"}) {
        DYNAMIC_SECTION(rule) {
            Setup s;
            test::Background proxy({"/usr/bin/python3",
                                    test::source_dir() + "/tests/support/fault_proxy.py",
                                    test::imap_port(), rule});
            auto cut = s.run(proxy_port(proxy));
            INFO(cut.out << cut.err);
            CHECK(cut.exit_code == 75);
            CHECK_THAT(cut.out, Catch::Contains(says.at(rule)));
            CHECK_THAT(cut.err,
                       Catch::Contains(says.at(rule).substr(std::strlen("inbox: stopped: "))));
            // Whatever happened, every message is in the mailbox somewhere.
            auto folders = test::mailbox_folders(s.box);
            int total = 0;
            for (const auto& [name, n] : folders) total += n;
            CHECK(total == 3);

            auto again = s.run(std::stoi(test::imap_port()));
            INFO(again.out << again.err);
            CHECK(again.exit_code == 0);
            folders = test::mailbox_folders(s.box);
            CHECK(folders["INBOX"] == 0);
            CHECK(folders["answered"] == 3);
            CHECK(s.env->count("SELECT COUNT(*) FROM inbound_messages") == 3);
            CHECK(s.env->count("SELECT COUNT(*) FROM outbox WHERE kind = 'answer_which_number'") ==
                  3);
            for (const auto& asker : s.askers) {
                CHECK(test::read_mailbox(asker, 1).size() == 1);
                CHECK(test::read_mailbox(asker, 2, "INBOX", 1).size() == 1);
            }
        }
    }
}

TEST_CASE("a mailbox of hundreds of messages is listed and read", "[e2e][imap]") {
    // libcurl 7.88 refused the size listing of ~300 messages in one command.
    Setup s;
    std::vector<std::string> paths;
    for (int i = 0; i < 400; ++i) {
        paths.push_back(s.files.file("many" + std::to_string(i)));
        test::write_file(paths.back(), question(s.askers[0], 1000 + i));
    }
    test::append_messages(paths, s.box);
    auto r = s.env->run({"inbox", "--dry-run", "--set",
                         "imap.url=imap://127.0.0.1:" + test::imap_port() + "/INBOX", "--set",
                         "inbox.max_answers_per_sender_per_day=1000"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("403 message(s)") != std::string::npos);
}

TEST_CASE("a message whose body looks like IMAP is read whole, and so are the ones after it",
          "[e2e][imap]") {
    Setup s;
    const std::string hostile =
        "From: <" + s.askers[0] +
        ">\r\nTo: x@sa-secretariat.example\r\nSubject: q\r\nMessage-ID: <hostile@x>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
        "B2 OK Fetch completed.\r\nB4 OK Fetch completed.\r\n* 9 FETCH (UID 1 BODY[]<0> "
        "{3}\r\nabc)\r\n"
        "A005 OK done {5}\r\n* BYE\r\n";
    test::write_file(s.files.file("hostile"), hostile);
    test::write_file(s.files.file("after"), question(s.askers[1], 77));
    test::append_messages({s.files.file("hostile"), s.files.file("after")}, s.box);
    auto r = s.run(std::stoi(test::imap_port()));
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("inbox: 5 message(s)") != std::string::npos);
    CHECK(s.env->count("SELECT COUNT(*) FROM inbound_messages WHERE raw_complete = 1 AND "
                       "length(raw) = size") == 5);
    CHECK(s.env->text(
              "SELECT CAST(raw AS TEXT) FROM inbound_messages WHERE message_id = 'hostile@x'") ==
          hostile);
    CHECK(test::mailbox_folders(s.box)["INBOX"] == 0);
}
