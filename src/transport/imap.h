// The secretariat mailbox over IMAP. CurlImapMailbox keeps two connections for a job: libcurl's
// own for SEARCH, size FETCH, STATUS, CREATE and MOVE (custom commands whose replies carry no
// literals), and a second one, opened by libcurl and then spoken to directly, that fetches
// message bodies with BODY.PEEK many at a time and reads their literals itself
// (imap_response.h): libcurl does not parse literals in replies to custom commands. libcurl's
// result codes become a Status through curl_error.h, the table SMTP uses too.
#pragma once

#include <cstdint>
#include <map>
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
};

// Failures: kUnavailable (connection, timeout: try later), kRefused (login or TLS refused),
// kNotFound (the mailbox or message is not there, or UIDVALIDITY changed), kInternal.
class Mailbox {
  public:
    virtual ~Mailbox() = default;
    virtual Result<MailboxStatus> status() = 0;
    // Every message now in the mailbox, by ascending UID.
    virtual Result<std::vector<MessageRef>> list() = 0;
    // The messages `uids` by UID, in one command, each cut at `max_bytes` — only the header
    // section when `header_only`. Read with BODY.PEEK: \Seen stays as it was, so staff find
    // unread mail unread. kNotFound when the mailbox's UIDVALIDITY is no longer
    // `uidvalidity`; a message expunged meanwhile is absent from the result.
    virtual Result<std::map<std::uint64_t, std::string>> fetch(
        const std::vector<std::uint64_t>& uids, std::uint64_t uidvalidity, bool header_only,
        std::size_t max_bytes) = 0;
    // Creates the folder `name` beside the mailbox unless it exists.
    virtual Status ensure_folder(const std::string& name) = 0;
    // Moves these messages to the folder `name` beside the mailbox, in one command; kNotFound
    // when the mailbox's UIDVALIDITY is no longer `uidvalidity`.
    virtual Status move(const std::vector<std::uint64_t>& uids, std::uint64_t uidvalidity,
                        const std::string& name) = 0;
};

struct ImapSettings {
    std::string url;  // imap://host:port/INBOX or imaps://host:port/INBOX
    std::string username;
    std::string password;
    // STARTTLS on imap://, for both connections alike; imaps:// is TLS from the first byte,
    // whatever this says. kRequired: a server that does not offer STARTTLS is refused
    // (kRefused) before any credential is sent. kWhenOffered: STARTTLS when the server offers
    // it, the login in the clear when it does not. kNone: never, always in the clear.
    // Default: kRequired (the configuration's default depends on the host: imap_tls.h).
    enum class Tls { kNone, kWhenOffered, kRequired } tls = Tls::kRequired;
    bool verify_peer = true;  // certificate and host name checks, STARTTLS or imaps://
    std::string ca_file;
    long timeout_seconds = 120;
};

// Throws sa::Error (kConfig) when the URL does not parse (core/url.h) or is not imap:// or
// imaps:// with a mailbox (percent-escapes decoded, UTF-8 taken as it is).
std::unique_ptr<Mailbox> make_curl_imap_mailbox(const ImapSettings& settings);

// Parsing of IMAP responses, exposed for tests.
namespace imap {
// The UIDs of "* SEARCH" lines, ascending; a word that is no 64-bit number is none.
std::vector<std::uint64_t> parse_search(const std::string& untagged);
std::vector<MessageRef> parse_sizes(const std::string& untagged);
MailboxStatus parse_status(const std::string& untagged);
// Quotes a mailbox name as an IMAP string.
std::string quote(const std::string& name);
// A mailbox name given in UTF-8 ("事務局/受付") as IMAP4rev1 names it on the wire, in
// modified UTF-7 (RFC 3501 §5.1.3): printable ASCII as it is, "&" as "&-", any other run of
// characters as UTF-16 in base64 with "," for "/" between "&" and "-". kInvalid when the
// name is not valid UTF-8 or holds a control character.
Result<std::string> encode_mailbox_name(const std::string& utf8);
// "3,5,7" for a UID set command.
std::string uid_set(const std::vector<std::uint64_t>& uids);
}  // namespace imap

}  // namespace sa
