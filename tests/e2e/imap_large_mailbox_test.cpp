// A secretariat mailbox of 5,000 messages in Dovecot: its UID SEARCH reply is one line of
// about 24 KB, longer than libcurl's buffer, and every UID in it must be read — the listing,
// and then `sa-batch inbox`, which must take all 5,000 in one run.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "support/cli_env.h"
#include "support/mailbox.h"
#include "support/temp_dir.h"
#include "transport/imap.h"

using namespace sa;

namespace {

// An out-of-office reply: the inbox ignores it, answering nothing.
std::string auto_reply(const std::string& to, std::size_t n) {
    return "From: <robot" + std::to_string(n) + "@large-mailbox.example>\r\nTo: " + to +
           "\r\nSubject: =?UTF-8?B?5LiN5Zyo?= " + std::to_string(n) +
           "\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <large" + std::to_string(n) +
           "@large-mailbox.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; "
           "charset=UTF-8\r\n\r\nOut of office until Monday.\r\n";
}

}  // namespace

TEST_CASE("a mailbox of five thousand messages is listed whole and read in one run",
          "[e2e][imap]") {
    const std::string box = test::unique_address("large", "sa-secretariat.example");
    const std::size_t n = 5000;
    std::vector<std::string> messages;
    for (std::size_t i = 0; i < n; ++i) messages.push_back(auto_reply(box, i));
    test::fill_maildir(box, messages);

    ImapSettings settings;
    settings.url = "imap://127.0.0.1:" + test::imap_port() + "/INBOX";
    settings.username = box;
    settings.password = test::mail_password();
    settings.ca_file = test::mailstack_ca();  // STARTTLS: ImapSettings requires it by default
    auto mailbox = make_curl_imap_mailbox(settings);
    auto listed = mailbox->list();
    REQUIRE(listed);
    REQUIRE(listed->size() == n);
    for (std::size_t i = 0; i < n; ++i) {
        INFO("message " << i);
        REQUIRE((*listed)[i].uid == i + 1);
        REQUIRE((*listed)[i].size == messages[i].size());
    }

    test::TempDir files;
    test::write_file(files.file("pw"), test::mail_password() + "\n");
    ::chmod(files.file("pw").c_str(), 0600);
    test::CliEnv env("[imap]\nurl = " + settings.url + "\nusername = " + box +
                     "\npassword_file = " + files.file("pw") + "\n");
    auto r = env.run({"inbox"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("inbox: 5000 message(s): 0 answered, 0 to a person, "
                                      "5000 ignored"));
    CHECK(env.count("SELECT COUNT(DISTINCT uid) FROM inbound_messages") == 5000);
    auto folders = test::mailbox_folders(box);
    CHECK(folders["INBOX"] == 0);
    CHECK(folders["ignored"] == 5000);
}
