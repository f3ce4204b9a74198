// imap:// and imap.tls, against Dovecot (which offers STARTTLS on its plain port) through a
// proxy that records every byte the client sends, and against a fake server that offers no
// STARTTLS: both of the inbox's connections start TLS before they log in, certificates checked
// against the stack's CA; `required` refuses a server without STARTTLS before any credential
// crosses; `none` still logs in on loopback in the clear.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

#include "mail/base64.h"
#include "support/background.h"
#include "support/cli_env.h"
#include "support/mailbox.h"
#include "support/temp_dir.h"

using namespace sa;

namespace {

std::string question(const std::string& from) {
    return "From: <" + from +
           ">\r\nTo: security-action-info@sa-secretariat.example\r\nSubject: q\r\n"
           "Message-ID: <starttls-q@" +
           from.substr(from.find('@') + 1) +
           ">\r\nMIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           "9から始まる番号と4から始まる番号、どちらを使えばよいですか\r\n";
}

int port_of(test::Background& server) {
    const std::string line = server.read_line();
    REQUIRE_FALSE(line.empty());
    return std::stoi(line);
}

// What the client sent on each connection the proxy recorded (DIR/1.client, DIR/2.client, …).
std::vector<std::string> client_bytes(const std::string& dir) {
    std::vector<std::string> connections;
    for (int k = 1;; ++k) {
        const std::string path = dir + "/" + std::to_string(k) + ".client";
        if (!std::ifstream(path)) return connections;
        connections.push_back(test::read_file(path));
    }
}

// The password, and the PLAIN credentials as AUTHENTICATE sends them, are nowhere in `bytes`,
// nor is a login command in the clear.
void check_no_credentials(const std::string& bytes, const std::string& user,
                          const std::string& password) {
    CHECK(bytes.find(password) == std::string::npos);
    CHECK(bytes.find(mime::base64_encode(std::string(1, '\0') + user + '\0' + password)) ==
          std::string::npos);
    CHECK(bytes.find("AUTHENTICATE") == std::string::npos);
    CHECK(bytes.find(" LOGIN ") == std::string::npos);
}

struct Secretariat {
    std::string box = test::unique_address("starttls", "sa-secretariat.example");
    std::string asker = test::unique_address("kojima", "kojima-shoten.example");
    test::TempDir files;
    std::unique_ptr<test::CliEnv> env;

    Secretariat() {
        test::write_file(files.file("pw"), test::mail_password() + "\n");
        ::chmod(files.file("pw").c_str(), 0600);
        // The stack's CA comes with CliEnv.
        env = std::make_unique<test::CliEnv>("[imap]\nusername = " + box +
                                             "\npassword_file = " + files.file("pw") + "\n");
        test::write_file(files.file("q.eml"), question(asker));
        test::append_messages({files.file("q.eml")}, box);
    }

    test::ProcessResult inbox(int port, const std::vector<std::string>& more = {}) {
        std::vector<std::string> args = {
            "inbox", "--set", "imap.url=imap://127.0.0.1:" + std::to_string(port) + "/INBOX"};
        args.insert(args.end(), more.begin(), more.end());
        return env->run(args);
    }

    // `inbox` through a proxy in front of Dovecot that records what the client sends: the
    // message is listed, fetched whole over the body connection, answered and moved. What the
    // client sent, connection by connection.
    std::vector<std::string> inbox_recorded(const std::vector<std::string>& more) {
        test::TempDir wire;
        {
            test::Background proxy({"/usr/bin/python3",
                                    test::source_dir() + "/tests/support/fault_proxy.py",
                                    test::imap_port(), "pass", "--record", wire.path()});
            auto r = inbox(port_of(proxy), more);
            INFO(r.out << r.err);
            REQUIRE(r.exit_code == 0);
            CHECK_THAT(r.out, Catch::Contains("inbox: 1 message(s): 1 answered"));
        }  // the proxy stopped: all it forwarded is written
        CHECK(env->text("SELECT CAST(raw AS TEXT) FROM inbound_messages") ==
              test::read_file(files.file("q.eml")));
        CHECK(test::mailbox_folders(box)["answered"] == 1);
        CHECK(test::mailbox_folders(box)["INBOX"] == 0);
        return client_bytes(wire.path());
    }
};

}  // namespace

TEST_CASE("imap:// goes over STARTTLS on both connections before the login", "[e2e][imap][tls]") {
    // Unset, imap.tls on a loopback host is when-offered, and Dovecot offers STARTTLS.
    const std::string tls = GENERATE(as<std::string>{}, "", "required", "when-offered");
    INFO("imap.tls = " << tls);
    std::vector<std::string> how;
    if (!tls.empty()) how = {"--set", "imap.tls=" + tls};
    Secretariat m;
    // libcurl's own connection and the one that reads the bodies.
    const std::vector<std::string> sent = m.inbox_recorded(how);
    REQUIRE(sent.size() == 2);
    for (const std::string& bytes : sent) {
        // CAPABILITY, STARTTLS, and then nothing but TLS records, the first a handshake.
        const std::string before_tls = "A001 CAPABILITY\r\nA002 STARTTLS\r\n";
        REQUIRE(bytes.size() > before_tls.size() + 2);
        CHECK(bytes.compare(0, before_tls.size(), before_tls) == 0);
        CHECK(bytes[before_tls.size()] == '\x16');      // TLS record: handshake
        CHECK(bytes[before_tls.size() + 1] == '\x03');  // TLS version, major
        check_no_credentials(bytes, m.box, test::mail_password());
    }

    // And the certificate is checked: without the CA that signed Dovecot's, nothing is read.
    test::write_file(m.files.file("q2.eml"), question(test::unique_address("x", "x.example")));
    test::append_messages({m.files.file("q2.eml")}, m.box);
    std::vector<std::string> wrong_ca = how;
    wrong_ca.insert(wrong_ca.end(), {"--set", "imap.ca_file=/etc/ssl/certs/ca-certificates.crt"});
    auto refused = m.inbox(std::stoi(test::imap_port()), wrong_ca);
    INFO(refused.out << refused.err);
    CHECK(refused.exit_code == 69);
    CHECK_THAT(refused.err, Catch::Contains("certificate"));
    CHECK(m.env->count("SELECT COUNT(*) FROM inbound_messages") == 1);
}

TEST_CASE("imap.tls = none still logs in on loopback, in the clear as asked", "[e2e][imap][tls]") {
    Secretariat m;
    const std::vector<std::string> sent = m.inbox_recorded({"--set", "imap.tls=none"});
    REQUIRE(sent.size() == 2);
    for (const std::string& bytes : sent) {
        CHECK(bytes.find("STARTTLS") == std::string::npos);
        CHECK(bytes.find(" AUTHENTICATE PLAIN ") != std::string::npos);
    }
    CHECK_THAT(sent[0], Catch::Contains(" STATUS "));   // libcurl's own
    CHECK_THAT(sent[1], Catch::Contains(" EXAMINE "));  // the body connection
}

TEST_CASE("imap.tls = required refuses a server without STARTTLS before any credential",
          "[e2e][imap][tls]") {
    const std::string user = "secretariat@sa-secretariat.example";
    const std::string password = "Never-In-The-Clear-7731";
    test::TempDir files;
    test::write_file(files.file("pw"), password + "\n");
    ::chmod(files.file("pw").c_str(), 0600);
    test::CliEnv env("[imap]\nusername = " + user + "\npassword_file = " + files.file("pw") + "\n");
    test::Background server({"/usr/bin/python3", test::source_dir() + "/tests/support/fake_imap.py",
                             "--record", files.file("wire")});
    const std::string url =
        "imap.url=imap://127.0.0.1:" + std::to_string(port_of(server)) + "/INBOX";

    auto refused = env.run({"inbox", "--set", url, "--set", "imap.tls=required"});
    INFO(refused.out << refused.err);
    CHECK(refused.exit_code == 69);
    const std::string says =
        "the IMAP server does not start TLS (STARTTLS) and imap.tls is required: nothing was "
        "sent in the clear, no password";
    CHECK_THAT(refused.out, Catch::Contains(says));
    CHECK_THAT(refused.err, Catch::Contains(says));
    const std::string sent = test::read_file(files.file("wire"));
    CHECK(sent == "A001 CAPABILITY\r\n");
    check_no_credentials(sent, user, password);
    CHECK(env.count("SELECT COUNT(*) FROM inbound_messages") == 0);

    // The record would show them: when-offered goes on without TLS, and the fake server sees
    // the credentials (and refuses them).
    test::write_file(files.file("wire"), "");
    auto in_the_clear = env.run({"inbox", "--set", url, "--set", "imap.tls=when-offered"});
    INFO(in_the_clear.out << in_the_clear.err);
    CHECK(in_the_clear.exit_code == 69);
    CHECK_THAT(in_the_clear.out, Catch::Contains("refused the login"));
    CHECK_THAT(test::read_file(files.file("wire")),
               Catch::Contains("AUTHENTICATE PLAIN " +
                               mime::base64_encode(std::string(1, '\0') + user + '\0' + password)));
}
