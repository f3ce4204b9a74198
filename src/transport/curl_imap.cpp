#include <curl/curl.h>

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <functional>

#include "core/url.h"
#include "transport/curl_error.h"
#include "transport/curl_global.h"
#include "transport/imap.h"
#include "transport/imap_response.h"

namespace sa {

namespace {

std::size_t collect(char* data, std::size_t size, std::size_t n, void* userdata) {
    static_cast<std::string*>(userdata)->append(data, size * n);
    return size * n;
}

std::string url_encode_path(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '/') {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

// A handle with the settings both connections share: credentials, timeouts, TLS checks.
CURL* new_handle(const ImapSettings& settings) {
    CURL* curl = curl_easy_init();
    if (!curl) return nullptr;
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings.password.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, settings.timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, settings.timeout_seconds);
    // STARTTLS (imap:// only): libcurl reads CAPABILITY first and, when it must and the server
    // does not offer STARTTLS, fails with CURLE_USE_SSL_FAILED before it sends any credential.
    const long use_ssl = settings.tls == ImapSettings::Tls::kRequired      ? CURLUSESSL_ALL
                         : settings.tls == ImapSettings::Tls::kWhenOffered ? CURLUSESSL_TRY
                                                                           : CURLUSESSL_NONE;
    curl_easy_setopt(curl, CURLOPT_USE_SSL, use_ssl);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, settings.verify_peer ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, settings.verify_peer ? 2L : 0L);
    if (!settings.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, settings.ca_file.c_str());
    return curl;
}

// A failed IMAP transfer as a Status: its kind and code from the one table (curl_error.h),
// its words here: what happened during `command` ("UID MOVE", "login"), the server's last
// reply line when one is known, libcurl's own words last.
Status curl_status(CURLcode rc, const char* error, const std::string& command, long timeout_seconds,
                   const std::string& reply = "") {
    std::string curl = curl_easy_strerror(rc);
    if (error && *error) curl += std::string(": ") + error;
    std::string what;
    switch (classify_curl(rc)) {
        case CurlFailure::kAuth:
            what = "the IMAP server refused the login";
            break;
        case CurlFailure::kTls:
            // CURLE_USE_SSL_FAILED: imap.tls requires STARTTLS and the server did not offer
            // it, or refused it; libcurl stopped after CAPABILITY, before the login.
            what = rc == CURLE_USE_SSL_FAILED
                       ? "the IMAP server does not start TLS (STARTTLS) and imap.tls is "
                         "required: nothing was sent in the clear, no password"
                       : "TLS with the IMAP server failed";
            break;
        case CurlFailure::kConnect:
            what = "cannot connect to the IMAP server";
            break;
        case CurlFailure::kConnection:
            what = rc == CURLE_OPERATION_TIMEDOUT
                       ? "no answer from the IMAP server within " +
                             std::to_string(timeout_seconds) + " s to " + command
                       : "the connection to the IMAP server was cut during " + command;
            break;
        case CurlFailure::kServerReply:
            what = "the IMAP server's reply to " + command + " made no sense";
            break;
        case CurlFailure::kCommand:
            // NO or BAD to a command, or libcurl's SELECT found no such mailbox or UIDVALIDITY.
            what = rc == CURLE_REMOTE_FILE_NOT_FOUND
                       ? "the mailbox is not there, or its UIDVALIDITY changed, at " + command
                       : "the IMAP server refused " + command;
            break;
        case CurlFailure::kNone:
        case CurlFailure::kOther:
            what = command + " failed";
            break;
    }
    return curl_failure_status(rc, what +
                                       (reply.empty() ? "" : " (its last reply: " + reply + ")") +
                                       " (libcurl: " + curl + ")");
}

// The command and its first argument's kind, for messages: "UID MOVE", "STATUS".
std::string verb_of(const std::string& command) {
    std::size_t end = command.find(' ');
    if (command.compare(0, end, "UID") == 0 && end != std::string::npos)
        end = command.find(' ', end + 1);
    return command.substr(0, end);
}

// The server's last line on libcurl's own connection, from its debug callback.
int on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* userdata) {
    if (type != CURLINFO_HEADER_IN) return 0;
    std::string line(data, size < 200 ? size : 200);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    *static_cast<std::string*>(userdata) = line;
    return 0;
}

// The second connection: libcurl connects, negotiates TLS and logs in (CURLOPT_CONNECT_ONLY),
// then commands go out and responses come back through curl_easy_send/recv, read by an
// imap::ResponseReader: it follows literals, which libcurl does not in replies to custom
// commands, and it reads a line of any length up to its limit, where libcurl's own connection
// keeps the first 40 bytes of a line longer than its buffer (16 KiB) and drops the rest without
// a word — the UID SEARCH reply of a mailbox of a few thousand messages is such a line. Any
// failure closes it; the next command reconnects.
class ReaderConnection {
  public:
    ReaderConnection(const ImapSettings& settings, const std::string& base)
        : settings_(settings), base_(base) {}
    ~ReaderConnection() { close(); }
    ReaderConnection(const ReaderConnection&) = delete;
    ReaderConnection& operator=(const ReaderConnection&) = delete;

    Result<std::map<std::uint64_t, std::string>> fetch(const std::string& mailbox,
                                                       const std::vector<std::uint64_t>& uids,
                                                       std::uint64_t uidvalidity, bool header_only,
                                                       std::size_t max_bytes) {
        const std::string part = "<0." + std::to_string(max_bytes) + ">";
        const std::string section = header_only ? "BODY[HEADER]" : "BODY[]";
        std::vector<imap::Response> fetched;
        auto examined =
            examine_and(mailbox,
                        "UID FETCH " + imap::uid_set(uids) + " (UID BODY.PEEK[" +
                            (header_only ? "HEADER" : "") + "]" + part + ")",
                        "UID FETCH", imap::ResponseReader(max_bytes), [&](imap::Response&& r) {
                            if (r.text.find(" FETCH (") != std::string::npos)
                                fetched.push_back(std::move(r));
                        });
        if (!examined) return examined.status();
        if (*examined != uidvalidity) {
            return Status::not_found("UIDVALIDITY is now " + std::to_string(*examined) + ", not " +
                                     std::to_string(uidvalidity));
        }
        return imap::fetched_sections(fetched, section + "<0>");
    }

    // Every UID in the mailbox, ascending.
    Result<std::vector<std::uint64_t>> search_all(const std::string& mailbox) {
        std::vector<std::uint64_t> uids;
        auto examined = examine_and(mailbox, "UID SEARCH ALL", "UID SEARCH",
                                    imap::ResponseReader(kMaxSearchLiteral, kMaxSearchLine),
                                    [&](imap::Response&& r) {
                                        if (r.text.rfind("* SEARCH", 0) != 0) return;
                                        for (std::uint64_t uid : imap::parse_search(r.text))
                                            uids.push_back(uid);
                                    });
        if (!examined) return examined.status();
        std::sort(uids.begin(), uids.end());
        return uids;
    }

  private:
    // A SEARCH reply is one line of every UID: 64 MiB holds more than five million.
    static constexpr std::size_t kMaxSearchLine = 64u << 20;
    static constexpr std::size_t kMaxSearchLiteral = 1u << 20;

    // EXAMINE `mailbox` (read-only; its UIDVALIDITY is what comes back) and `command`, in one
    // write: the server answers them in order. Every untagged response goes to `untagged`.
    // Whatever fails, the connection is closed: the rest of the replies may still be on their
    // way.
    Result<std::uint64_t> examine_and(const std::string& mailbox, const std::string& command,
                                      const std::string& verb, imap::ResponseReader reader,
                                      const std::function<void(imap::Response&&)>& untagged) {
        auto r = exchange(mailbox, command, verb, std::move(reader), untagged);
        if (!r) close();
        return r;
    }

    Result<std::uint64_t> exchange(const std::string& mailbox, const std::string& command,
                                   const std::string& verb, imap::ResponseReader reader,
                                   const std::function<void(imap::Response&&)>& untagged) {
        Status s = open();
        if (!s) return s;
        const std::string examine = next_tag(), tag = next_tag();
        s = send(
            examine + " EXAMINE " + imap::quote(mailbox) + "\r\n" + tag + " " + command + "\r\n",
            verb);
        if (!s) return s;
        reader_ = std::make_unique<imap::ResponseReader>(std::move(reader));
        std::uint64_t examined_validity = 0;
        for (;;) {
            auto r = receive(verb);
            if (!r) return r.status();
            if (r->text.rfind("* BYE", 0) == 0)
                return Status::unavailable("IMAP server closed the session during " + verb + ": " +
                                           r->text);
            if (r->untagged()) {
                if (auto v = imap::number_after(r->text, "UIDVALIDITY")) examined_validity = v;
                untagged(std::move(*r));
                continue;
            }
            const std::string examined = imap::tagged_status(*r, examine);
            if (!examined.empty() && examined != "OK")
                return Status::not_found("cannot examine the mailbox: " + r->text);
            const std::string done = imap::tagged_status(*r, tag);
            if (done.empty()) continue;
            if (done != "OK")
                return Status::unavailable("IMAP " + verb + " refused by the server: " + r->text);
            return examined_validity;
        }
    }

    Status open() {
        if (curl_) return Status::ok();
        curl_ = new_handle(settings_);
        if (!curl_) return Status::internal("cannot create a libcurl handle");
        char error[CURL_ERROR_SIZE] = {0};
        const std::string url = base_ + "/";
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_CONNECT_ONLY, 1L);
        curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error);
        CURLcode rc = curl_easy_perform(curl_);
        curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, nullptr);
        if (rc != CURLE_OK) {
            Status s = curl_status(rc, error, "login", settings_.timeout_seconds);
            close();
            return s;
        }
        if (curl_easy_getinfo(curl_, CURLINFO_ACTIVESOCKET, &socket_) != CURLE_OK ||
            socket_ == CURL_SOCKET_BAD) {
            close();
            return Status::internal("IMAP connect: libcurl gave no socket");
        }
        return Status::ok();
    }

    void close() {
        if (curl_) curl_easy_cleanup(curl_);
        curl_ = nullptr;
        socket_ = CURL_SOCKET_BAD;
    }

    std::string next_tag() { return "B" + std::to_string(++tags_); }

    // Waits until the socket is ready for `events`; false after imap.timeout without it.
    bool wait(short events) {
        struct pollfd p = {static_cast<int>(socket_), events, 0};
        const int ms = static_cast<int>(settings_.timeout_seconds * 1000);
        for (;;) {
            int rc = ::poll(&p, 1, ms);
            if (rc < 0 && errno == EINTR) continue;
            return rc > 0;
        }
    }

    Status send(const std::string& bytes, const std::string& verb) {
        std::size_t done = 0;
        while (done < bytes.size()) {
            std::size_t n = 0;
            CURLcode rc = curl_easy_send(curl_, bytes.data() + done, bytes.size() - done, &n);
            if (rc == CURLE_AGAIN) {
                if (!wait(POLLOUT))
                    return Status::unavailable("the IMAP server took nothing of " + verb +
                                               " within " +
                                               std::to_string(settings_.timeout_seconds) + " s");
                continue;
            }
            if (rc != CURLE_OK) return curl_status(rc, nullptr, verb, settings_.timeout_seconds);
            done += n;
        }
        return Status::ok();
    }

    // The next whole response. Each wait for data may last imap.timeout, so a large fetch
    // that keeps arriving is never cut short.
    Result<imap::Response> receive(const std::string& verb) {
        char buf[65536];
        for (;;) {
            auto r = reader_->next();
            if (!r)
                return Status::unavailable("the reply to " + verb + ": " + r.status().message());
            if (*r) return std::move(**r);
            std::size_t n = 0;
            CURLcode rc = curl_easy_recv(curl_, buf, sizeof buf, &n);
            if (rc == CURLE_AGAIN) {
                if (!wait(POLLIN))
                    return Status::unavailable("no answer from the IMAP server within " +
                                               std::to_string(settings_.timeout_seconds) +
                                               " s to " + verb);
                continue;
            }
            if (rc != CURLE_OK) return curl_status(rc, nullptr, verb, settings_.timeout_seconds);
            if (n == 0)
                return Status::unavailable("the IMAP server closed the connection during " + verb);
            reader_->feed(buf, n);
        }
    }

    const ImapSettings& settings_;
    const std::string& base_;
    CURL* curl_ = nullptr;
    curl_socket_t socket_ = CURL_SOCKET_BAD;
    std::unique_ptr<imap::ResponseReader> reader_;
    std::uint64_t tags_ = 0;
};

class CurlImapMailbox final : public Mailbox {
  public:
    CurlImapMailbox(ImapSettings s, std::string base, std::string name, std::string wire_name)
        : settings_(std::move(s)),
          base_(std::move(base)),
          name_(std::move(name)),
          mailbox_(std::move(wire_name)) {
        ensure_curl_initialised();
    }
    ~CurlImapMailbox() override {
        if (curl_) curl_easy_cleanup(curl_);  // sends LOGOUT
    }

    Result<MailboxStatus> status() override {
        auto r = perform(base_ + "/",
                         "STATUS " + imap::quote(mailbox_) + " (UIDVALIDITY UIDNEXT MESSAGES)");
        if (!r) return r.status().with_context("mailbox '" + name_ + "'");
        MailboxStatus s = imap::parse_status(*r);
        if (!s.uidvalidity)
            return Status::not_found("mailbox '" + name_ + "': no UIDVALIDITY in STATUS reply");
        return s;
    }

    Result<std::vector<MessageRef>> list() override {
        auto found = direct_.search_all(mailbox_);
        if (!found) return found.status().with_context("mailbox '" + name_ + "'");
        const std::vector<std::uint64_t>& uids = *found;
        std::vector<MessageRef> refs;
        // In chunks: libcurl 7.88 counts an untagged reply's bytes as "headers", growing
        // faster than the reply itself, and refuses a command once that passes 300 KB —
        // a few hundred FETCH lines. Fifty stay far below it.
        const std::size_t kChunk = 50;
        for (std::size_t i = 0; i < uids.size(); i += kChunk) {
            std::string set;
            for (std::size_t j = i; j < uids.size() && j < i + kChunk; ++j) {
                if (!set.empty()) set += ",";
                set += std::to_string(uids[j]);
            }
            auto sizes = perform(mailbox_url(), "UID FETCH " + set + " (UID RFC822.SIZE)");
            if (!sizes) return sizes.status().with_context("mailbox '" + name_ + "'");
            for (const MessageRef& m : imap::parse_sizes(*sizes)) refs.push_back(m);
        }
        return refs;
    }

    Result<std::map<std::uint64_t, std::string>> fetch(const std::vector<std::uint64_t>& uids,
                                                       std::uint64_t uidvalidity, bool header_only,
                                                       std::size_t max_bytes) override {
        if (uids.empty()) return std::map<std::uint64_t, std::string>();
        auto got = direct_.fetch(mailbox_, uids, uidvalidity, header_only, max_bytes);
        if (!got) return got.status().with_context("mailbox '" + name_ + "'");
        return got;
    }

    Status ensure_folder(const std::string& name) override {
        std::string folder = sibling(name);
        auto listed = perform(base_ + "/", "LIST \"\" " + imap::quote(folder));
        if (!listed) return listed.status();
        if (listed->find("* LIST") != std::string::npos) return Status::ok();
        auto created = perform(base_ + "/", "CREATE " + imap::quote(folder));
        if (!created) return created.status().with_context("cannot create folder '" + folder + "'");
        return Status::ok();
    }

    Status move(const std::vector<std::uint64_t>& uids, std::uint64_t uidvalidity,
                const std::string& name) override {
        if (uids.empty()) return Status::ok();
        auto r = perform(mailbox_url(uidvalidity),
                         "UID MOVE " + imap::uid_set(uids) + " " + imap::quote(sibling(name)));
        if (!r) return r.status().with_context("cannot move messages to '" + name + "'");
        return Status::ok();
    }

  private:
    // With `uidvalidity`, libcurl's SELECT fails (kNotFound) when the mailbox's is another.
    std::string mailbox_url(std::uint64_t uidvalidity = 0) const {
        std::string url = base_ + "/" + url_encode_path(mailbox_);
        if (uidvalidity) url += ";UIDVALIDITY=" + std::to_string(uidvalidity);
        return url;
    }

    // The folder `name` at the level of the mailbox ("Secretariat/INBOX" → "Secretariat/name").
    std::string sibling(const std::string& name) const {
        auto slash = mailbox_.find_last_of("/.");
        if (slash == std::string::npos || mailbox_ == "INBOX") return name;
        return mailbox_.substr(0, slash + 1) + name;
    }

    Result<std::string> perform(const std::string& url, const std::string& custom) {
        if (!curl_) {
            curl_ = new_handle(settings_);
            if (!curl_) return Status::internal("cannot create a libcurl handle");
            curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
            // The debug callback keeps the server's last line for the error messages.
            curl_easy_setopt(curl_, CURLOPT_VERBOSE, 1L);
            curl_easy_setopt(curl_, CURLOPT_DEBUGFUNCTION, on_debug);
            curl_easy_setopt(curl_, CURLOPT_DEBUGDATA, &last_reply_);
        }
        last_reply_.clear();
        std::string body;
        char error[CURL_ERROR_SIZE] = {0};
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, custom.empty() ? nullptr : custom.c_str());
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body);
        curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error);
        CURLcode rc = curl_easy_perform(curl_);
        curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, nullptr);
        if (rc != CURLE_OK) {
            Status s = curl_status(rc, error, custom.empty() ? "the login" : verb_of(custom),
                                   settings_.timeout_seconds, last_reply_);
            if (s.code() == Status::Code::kUnavailable || s.code() == Status::Code::kRefused) {
                curl_easy_cleanup(curl_);  // start afresh on the next command
                curl_ = nullptr;
            }
            return s;
        }
        return body;
    }

    ImapSettings settings_;
    std::string base_;     // imap://host:port
    std::string name_;     // INBOX, 事務局/受付: as configured, in UTF-8
    std::string mailbox_;  // INBOX, &TotS2VxA-/&U9dO2A-: as sent (modified UTF-7)
    CURL* curl_ = nullptr;
    std::string last_reply_;  // the server's last line on curl_, for messages
    ReaderConnection direct_{settings_, base_};
};

}  // namespace

std::unique_ptr<Mailbox> make_curl_imap_mailbox(const ImapSettings& settings) {
    const std::string& url = settings.url;
    auto parsed = parse_url(url);
    if (!parsed) throw Error(Status::Code::kConfig, "imap.url: " + parsed.status().message());
    if (parsed->scheme != "imap" && parsed->scheme != "imaps") {
        throw Error(Status::Code::kConfig,
                    "imap.url must start with imap:// or imaps://, not '" + url + "'");
    }
    std::string mailbox = parsed->path;
    while (!mailbox.empty() && mailbox.back() == '/') mailbox.pop_back();
    if (mailbox.empty())
        throw Error(Status::Code::kConfig, "imap.url names no mailbox (imap://host:port/INBOX)");
    auto wire = imap::encode_mailbox_name(mailbox);
    if (!wire) throw Error(Status::Code::kConfig, "imap.url: " + wire.status().message());
    return std::make_unique<CurlImapMailbox>(settings, parsed->origin, mailbox, *wire);
}

}  // namespace sa
