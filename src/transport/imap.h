// The secretariat mailbox over IMAP. CurlImapMailbox keeps one connection for a job. Whole
// messages are fetched only through libcurl's URL form (…/INBOX;UIDVALIDITY=v/;UID=n), which
// reads literals correctly and makes the server confirm UIDVALIDITY; SEARCH, size FETCH,
// CREATE, STATUS and MOVE go as custom commands whose untagged replies carry no literals.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace sa {

struct MailboxStatus {
    std::uint64_t uidvalidity = 0;
    std::uint64_t uidnext = 0;
    std::uint64_t messages = 0;
};

struct MessageRef {
    std::uint64_t uid = 0;
    std::uint64_t size = 0;  // RFC822.SIZE as the server reports it
    bool seen = false;       // \Seen was set before we fetched it
};

// Failures: kUnavailable (connection, timeout: try later), kRefused (login or TLS refused),
// kNotFound (the mailbox or message is not there, or UIDVALIDITY changed), kInternal.
class Mailbox {
public:
    virtual ~Mailbox() = default;
    virtual Result<MailboxStatus> status() = 0;
    // Every message now in the mailbox, by ascending UID.
    virtual Result<std::vector<MessageRef>> list() = 0;
    // The whole message; kNotFound when the mailbox's UIDVALIDITY is no longer `uidvalidity`.
    virtual Result<std::string> fetch(std::uint64_t uid, std::uint64_t uidvalidity) = 0;
    // Only the header section (for messages too large to fetch).
    virtual Result<std::string> fetch_header(std::uint64_t uid, std::uint64_t uidvalidity) = 0;
    // Clears \Seen on these messages (fetching sets it; staff should find unread mail unread).
    virtual Status clear_seen(const std::vector<std::uint64_t>& uids) = 0;
    // Creates the folder `name` beside the mailbox unless it exists.
    virtual Status ensure_folder(const std::string& name) = 0;
    // Moves these messages to the folder `name` beside the mailbox, in one command.
    virtual Status move(const std::vector<std::uint64_t>& uids, const std::string& name) = 0;
};

struct ImapSettings {
    std::string url;  // imap://host:port/INBOX or imaps://host:port/INBOX
    std::string username;
    std::string password;
    bool verify_peer = true;
    std::string ca_file;
    long timeout_seconds = 120;
};

// Throws sa::Error (kConfig) when the URL is not imap:// or imaps:// with a mailbox.
std::unique_ptr<Mailbox> make_curl_imap_mailbox(const ImapSettings& settings);

// Parsing of IMAP responses, exposed for tests.
namespace imap {
std::vector<std::uint64_t> parse_search(const std::string& untagged);
std::vector<MessageRef> parse_sizes(const std::string& untagged);
MailboxStatus parse_status(const std::string& untagged);
// Quotes a mailbox name as an IMAP string.
std::string quote(const std::string& name);
// "3,5,7" for a UID set command.
std::string uid_set(const std::vector<std::uint64_t>& uids);
}  // namespace imap

}  // namespace sa
