#include <curl/curl.h>

#include <algorithm>
#include <sstream>

#include "transport/curl_global.h"
#include "transport/imap.h"

namespace sa {
namespace imap {

std::vector<std::uint64_t> parse_search(const std::string& untagged) {
    std::vector<std::uint64_t> uids;
    std::istringstream lines(untagged);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("* SEARCH", 0) != 0) continue;
        std::istringstream words(line.substr(8));
        std::string w;
        while (words >> w) {
            if (!w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                uids.push_back(std::stoull(w));
            }
        }
    }
    std::sort(uids.begin(), uids.end());
    return uids;
}

namespace {
// The number after `key` in `line` (e.g. "UID 12"), or 0.
std::uint64_t number_after(const std::string& line, const std::string& key) {
    std::size_t pos = 0;
    while ((pos = line.find(key, pos)) != std::string::npos) {
        bool starts = pos == 0 || line[pos - 1] == ' ' || line[pos - 1] == '(' || line[pos - 1] == '[';
        std::size_t at = pos + key.size();
        if (starts && at < line.size() && line[at] == ' ') {
            std::size_t end = at + 1;
            while (end < line.size() && line[end] >= '0' && line[end] <= '9') ++end;
            if (end > at + 1 && end - at - 1 < 20) return std::stoull(line.substr(at + 1, end - at - 1));
        }
        pos = at;
    }
    return 0;
}
}  // namespace

std::vector<MessageRef> parse_sizes(const std::string& untagged) {
    std::vector<MessageRef> refs;
    std::istringstream lines(untagged);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("* ", 0) != 0 || line.find(" FETCH ") == std::string::npos) continue;
        MessageRef r;
        r.uid = number_after(line, "UID");
        r.size = number_after(line, "RFC822.SIZE");
        std::size_t flags = line.find("FLAGS (");
        r.seen = flags != std::string::npos && line.find("\\Seen", flags) < line.find(')', flags);
        if (r.uid) refs.push_back(r);
    }
    std::sort(refs.begin(), refs.end(), [](const MessageRef& a, const MessageRef& b) { return a.uid < b.uid; });
    return refs;
}

MailboxStatus parse_status(const std::string& untagged) {
    MailboxStatus s;
    std::istringstream lines(untagged);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("* STATUS ", 0) != 0) continue;
        s.uidvalidity = number_after(line, "UIDVALIDITY");
        s.uidnext = number_after(line, "UIDNEXT");
        s.messages = number_after(line, "MESSAGES");
    }
    return s;
}

std::string uid_set(const std::vector<std::uint64_t>& uids) {
    std::string set;
    for (std::uint64_t uid : uids) set += (set.empty() ? "" : ",") + std::to_string(uid);
    return set;
}

std::string quote(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace imap

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

std::string url_decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// libcurl's IMAP errors become a Status here and nowhere else.
Status curl_status(CURLcode rc, const char* error, const std::string& what) {
    std::string message = what + ": " + curl_easy_strerror(rc) + (error && *error ? std::string(" (") + error + ")" : "");
    switch (rc) {
        case CURLE_LOGIN_DENIED:
        case CURLE_AUTH_ERROR:
        case CURLE_USE_SSL_FAILED:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
            return Status::refused(message);
        case CURLE_REMOTE_FILE_NOT_FOUND:
            return Status::not_found(message);
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_WEIRD_SERVER_REPLY:
            return Status::unavailable(message);
        case CURLE_QUOTE_ERROR:
            // The server answered NO or BAD to a command.
            return Status::not_found(message);
        default:
            return Status::internal(message);
    }
}

class CurlImapMailbox final : public Mailbox {
public:
    CurlImapMailbox(ImapSettings s, std::string base, std::string mailbox)
        : settings_(std::move(s)), base_(std::move(base)), mailbox_(std::move(mailbox)) {
        ensure_curl_initialised();
    }
    ~CurlImapMailbox() override {
        if (curl_) curl_easy_cleanup(curl_);  // sends LOGOUT
    }

    Result<MailboxStatus> status() override {
        auto r = perform(base_ + "/", "STATUS " + imap::quote(mailbox_) + " (UIDVALIDITY UIDNEXT MESSAGES)");
        if (!r) return r.status().with_context("mailbox '" + mailbox_ + "'");
        MailboxStatus s = imap::parse_status(*r);
        if (!s.uidvalidity) return Status::not_found("mailbox '" + mailbox_ + "': no UIDVALIDITY in STATUS reply");
        return s;
    }

    Result<std::vector<MessageRef>> list() override {
        auto r = perform(mailbox_url(), "UID SEARCH ALL");
        if (!r) return r.status().with_context("mailbox '" + mailbox_ + "'");
        std::vector<std::uint64_t> uids = imap::parse_search(*r);
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
            auto sizes = perform(mailbox_url(), "UID FETCH " + set + " (UID RFC822.SIZE FLAGS)");
            if (!sizes) return sizes.status().with_context("mailbox '" + mailbox_ + "'");
            for (const MessageRef& m : imap::parse_sizes(*sizes)) refs.push_back(m);
        }
        return refs;
    }

    Result<std::string> fetch(std::uint64_t uid, std::uint64_t uidvalidity) override {
        return perform(mailbox_url(uidvalidity) + "/;UID=" + std::to_string(uid), "");
    }

    Result<std::string> fetch_header(std::uint64_t uid, std::uint64_t uidvalidity) override {
        return perform(mailbox_url(uidvalidity) + "/;UID=" + std::to_string(uid) + "/;SECTION=HEADER", "");
    }

    Status clear_seen(const std::vector<std::uint64_t>& uids) override {
        if (uids.empty()) return Status::ok();
        auto r = perform(mailbox_url(), "UID STORE " + imap::uid_set(uids) + " -FLAGS.SILENT (\\Seen)");
        if (!r) return r.status().with_context("cannot clear \\Seen");
        return Status::ok();
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

    Status move(const std::vector<std::uint64_t>& uids, const std::string& name) override {
        if (uids.empty()) return Status::ok();
        auto r = perform(mailbox_url(), "UID MOVE " + imap::uid_set(uids) + " " + imap::quote(sibling(name)));
        if (!r) return r.status().with_context("cannot move messages to " + name);
        return Status::ok();
    }

private:
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
            curl_ = curl_easy_init();
            if (!curl_) return Status::internal("cannot create a libcurl handle");
            curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
            curl_easy_setopt(curl_, CURLOPT_USERNAME, settings_.username.c_str());
            curl_easy_setopt(curl_, CURLOPT_PASSWORD, settings_.password.c_str());
            curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, settings_.timeout_seconds);
            curl_easy_setopt(curl_, CURLOPT_TIMEOUT, settings_.timeout_seconds);
            curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, settings_.verify_peer ? 1L : 0L);
            curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, settings_.verify_peer ? 2L : 0L);
            if (!settings_.ca_file.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, settings_.ca_file.c_str());
            curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
        }
        std::string body;
        char error[CURL_ERROR_SIZE] = {0};
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, custom.empty() ? nullptr : custom.c_str());
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body);
        curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error);
        CURLcode rc = curl_easy_perform(curl_);
        curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, nullptr);
        if (rc != CURLE_OK) {
            Status s = curl_status(rc, error, custom.empty() ? "IMAP fetch" : "IMAP " + custom.substr(0, custom.find(' ')));
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
    std::string mailbox_;  // INBOX
    CURL* curl_ = nullptr;
};

}  // namespace

std::unique_ptr<Mailbox> make_curl_imap_mailbox(const ImapSettings& settings) {
    const std::string& url = settings.url;
    std::size_t scheme = url.find("://");
    std::string proto = scheme == std::string::npos ? "" : url.substr(0, scheme);
    if (proto != "imap" && proto != "imaps") {
        throw Error(Status::Code::kConfig, "imap.url must start with imap:// or imaps://, not '" + url + "'");
    }
    std::size_t path = url.find('/', scheme + 3);
    std::string mailbox = path == std::string::npos ? "" : url_decode(url.substr(path + 1));
    while (!mailbox.empty() && mailbox.back() == '/') mailbox.pop_back();
    if (mailbox.empty()) throw Error(Status::Code::kConfig, "imap.url names no mailbox (imap://host:port/INBOX)");
    return std::make_unique<CurlImapMailbox>(settings, url.substr(0, path), mailbox);
}

}  // namespace sa
