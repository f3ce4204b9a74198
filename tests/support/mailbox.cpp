#include "support/mailbox.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "support/process.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

std::string tool() {
    return source_dir() + "/scripts/mailbox";
}

ProcessResult run_tool(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"/usr/bin/python3", tool()};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessResult r = run_process(argv);
    if (r.exit_code != 0) throw std::runtime_error("scripts/mailbox failed: " + r.err);
    return r;
}

}  // namespace

std::vector<ReceivedMail> read_mailbox(const std::string& user, std::size_t expect,
                                       const std::string& mailbox, double timeout_seconds) {
    ProcessResult r =
        run_tool({"read", user, "--mailbox", mailbox, "--expect", std::to_string(expect),
                  "--timeout", std::to_string(timeout_seconds)});
    Poco::JSON::Parser parser;
    auto list = parser.parse(r.out).extract<Poco::JSON::Array::Ptr>();
    std::vector<ReceivedMail> mails;
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto o = list->getObject(static_cast<unsigned>(i));
        ReceivedMail m;
        for (const auto& [k, v] : *o) {
            if (k == "body") {
                m.body = v.convert<std::string>();
            } else if (k == "raw") {
                m.raw = v.convert<std::string>();
            } else if (k == "charset") {
                m.charset = v.isEmpty() ? "" : v.convert<std::string>();
            } else if (k == "parts") {
                auto parts = v.extract<Poco::JSON::Array::Ptr>();
                for (std::size_t j = 0; j < parts->size(); ++j)
                    m.parts.push_back(parts->getElement<std::string>(static_cast<unsigned>(j)));
            } else if (k == "seen") {
                m.seen = v.convert<bool>();
            } else if (k != "uid") {
                m.headers[k] = v.isEmpty() ? "" : v.convert<std::string>();
            }
        }
        mails.push_back(std::move(m));
    }
    return mails;
}

void wait_for_delivery(double timeout_seconds) {
    const char* dir = std::getenv("SA_MAILSTACK_DIR");
    const std::filesystem::path queue =
        std::filesystem::path(dir && *dir ? dir : "/tmp/sa-batch-mailstack") / "postfix/queue";
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<int>(timeout_seconds * 1000));
    for (;;) {
        bool empty = true;
        std::error_code ec;
        for (const char* q : {"maildrop", "incoming", "active", "deferred"}) {
            for (auto it = std::filesystem::recursive_directory_iterator(queue / q, ec);
                 !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
                if (it->is_regular_file(ec)) empty = false;
            }
        }
        if (empty) return;
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("the local Postfix did not deliver its queue in time");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

std::map<std::string, int> copies_by_message_id(const std::string& user) {
    std::map<std::string, int> copies;
    for (const ReceivedMail& m : read_mailbox(user, 0, "INBOX", 0)) {
        std::string id = m.header("message-id");
        while (!id.empty() && (id.front() == '<' || id.front() == ' ')) id.erase(0, 1);
        while (!id.empty() && (id.back() == '>' || id.back() == ' ')) id.pop_back();
        ++copies[id];
    }
    return copies;
}

void append_messages(const std::vector<std::string>& files, const std::string& user,
                     const std::string& mailbox) {
    std::vector<std::string> args = {"append", user};
    args.insert(args.end(), files.begin(), files.end());
    args.push_back("--mailbox");
    args.push_back(mailbox);
    run_tool(args);
}

void fill_maildir(const std::string& user, const std::vector<std::string>& messages) {
    mailbox_folders(user);  // logs in once: Dovecot creates the Maildir
    const char* dir = std::getenv("SA_MAILSTACK_DIR");
    const std::string domain = user.substr(user.find('@') + 1);
    std::string local = user.substr(0, user.find('@'));
    local = local.substr(0, local.find('+'));  // Dovecot's recipient_delimiter
    const std::filesystem::path cur =
        std::filesystem::path(dir && *dir ? dir : "/tmp/sa-batch-mailstack") / "mail" / domain /
        local / "Maildir" / "cur";
    struct stat owner {};
    if (::stat(cur.parent_path().c_str(), &owner) != 0)
        throw std::runtime_error("no Maildir at " + cur.parent_path().string());
    std::filesystem::create_directories(cur);
    const auto stamp = std::chrono::system_clock::now().time_since_epoch().count();
    for (std::size_t i = 0; i < messages.size(); ++i) {
        // seconds.M<n>P<pid>.host,S=<size>:2, with no flags after the comma: unread
        const std::filesystem::path file =
            cur / (std::to_string(stamp / 1000000000) + ".M" + std::to_string(i) + "P" +
                   std::to_string(::getpid()) + ".sa-test,S=" + std::to_string(messages[i].size()) +
                   ":2,");
        write_file(file.string(), messages[i]);
        if (::chown(file.c_str(), owner.st_uid, owner.st_gid) != 0)
            throw std::runtime_error("cannot give " + file.string() + " to Dovecot's user");
    }
    if (::chown(cur.c_str(), owner.st_uid, owner.st_gid) != 0)
        throw std::runtime_error("cannot give " + cur.string() + " to Dovecot's user");
}

std::map<std::string, int> mailbox_folders(const std::string& user) {
    ProcessResult r = run_tool({"folders", user});
    Poco::JSON::Parser parser;
    auto o = parser.parse(r.out).extract<Poco::JSON::Object::Ptr>();
    std::map<std::string, int> folders;
    for (const auto& [k, v] : *o) folders[k] = v.convert<int>();
    return folders;
}

std::string unique_address(const std::string& local_hint, const std::string& domain) {
    static std::atomic<int> counter{0};
    auto now = std::chrono::system_clock::now().time_since_epoch().count();
    return local_hint + "." + std::to_string(::getpid()) + "." + std::to_string(now % 100000000) +
           "." + std::to_string(counter++) + "@" + domain;
}

}  // namespace sa::test
