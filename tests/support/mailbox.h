// Reading what arrived in a mailbox of the local mail stack, decoded by Python's email
// package (scripts/mailbox), not by sa-batch.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace sa::test {

struct ReceivedMail {
    std::map<std::string, std::string> headers;  // lower-case name → decoded value ("" absent)
    std::string body;                            // decoded text
    std::string charset;                         // of the text part
    std::string raw;                             // as stored
    std::vector<std::string> parts;              // content types, outermost first
    bool seen = false;                           // \Seen is set
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? "" : it->second;
    }
};

// Waits (up to `timeout_seconds`) until `user`'s `mailbox` holds at least `expect` messages;
// returns all of them, oldest first.
std::vector<ReceivedMail> read_mailbox(const std::string& user, std::size_t expect,
                                       const std::string& mailbox = "INBOX",
                                       double timeout_seconds = 20);

// Waits (up to `timeout_seconds`) until the local Postfix holds no mail in its queues, so that
// everything handed to it has been delivered into Dovecot; throws when it does not empty.
void wait_for_delivery(double timeout_seconds = 120);

// Message-ID (without angle brackets) → how many copies `user`'s INBOX holds now, counted over
// IMAP. Call wait_for_delivery first.
std::map<std::string, int> copies_by_message_id(const std::string& user);

// APPENDs raw messages to `user`'s `mailbox` (created when missing).
void append_messages(const std::vector<std::string>& files, const std::string& user,
                     const std::string& mailbox = "INBOX");

// Puts raw messages straight into `user`'s INBOX as Maildir files, which Dovecot takes in
// at the next command that looks at the mailbox: thousands in a moment, where APPEND takes
// one round trip each. The mailbox is created first.
void fill_maildir(const std::string& user, const std::vector<std::string>& messages);

// Folder → number of messages.
std::map<std::string, int> mailbox_folders(const std::string& user);

// A unique address for one test run, so that tests never see each other's mail.
std::string unique_address(const std::string& local_hint,
                           const std::string& domain = "applicant.example");

}  // namespace sa::test
