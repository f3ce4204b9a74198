#include <curl/curl.h>
#include <sys/socket.h>

#include <cctype>
#include <cstring>

#include "core/url.h"
#include "transport/curl_error.h"
#include "transport/curl_global.h"
#include "transport/smtp.h"

namespace sa {
namespace {

struct Upload {
    const std::string* bytes = nullptr;
    std::size_t offset = 0;
    bool started = false;
    const std::function<bool()>* before_body = nullptr;
};

std::size_t read_body(char* buffer, std::size_t size, std::size_t nitems, void* userdata) {
    auto* up = static_cast<Upload*>(userdata);
    const bool first = !up->started;
    up->started = true;  // the server has accepted DATA
    if (first && up->before_body && *up->before_body && !(*up->before_body)())
        return CURL_READFUNC_ABORT;
    std::size_t room = size * nitems;
    std::size_t left = up->bytes->size() - up->offset;
    std::size_t n = left < room ? left : room;
    std::memcpy(buffer, up->bytes->data() + up->offset, n);
    up->offset += n;
    return n;
}

// Where a failed transfer stopped, from the kind of libcurl's result code (curl_error.h).
SmtpAttempt::Stage stage_of(CURLcode rc, const Upload& up) {
    const CurlFailure failure = classify_curl(rc);
    switch (failure) {
        case CurlFailure::kConnect:
            return SmtpAttempt::Stage::kConnect;
        case CurlFailure::kTls:
            return SmtpAttempt::Stage::kTls;
        case CurlFailure::kAuth:
            return SmtpAttempt::Stage::kAuth;
        default:
            break;
    }
    if (up.started) return SmtpAttempt::Stage::kData;
    // libcurl reports an unexpected greeting as a weird reply, a refused MAIL, RCPT or DATA
    // as a send error.
    if (failure == CurlFailure::kServerReply) return SmtpAttempt::Stage::kGreeting;
    return SmtpAttempt::Stage::kEnvelope;
}

// The session as libcurl's debug callback shows it: the last command sent, by its verb only
// (never its argument: an address, or AUTH's credentials), and the server's last reply line
// with the command it answered. A QUIT (libcurl's, after a failure) changes nothing.
struct Dialogue {
    std::string command;   // "MAIL FROM", "RCPT TO", "DATA", …; empty before the first
    std::string reply;     // "550 5.1.1 No such user", addresses masked; empty before any
    std::string reply_to;  // the command `reply` answered; empty for the greeting
};

std::string trimmed_line(const char* data, std::size_t size) {
    std::string line(data, size);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    return line;
}

// A reply with every address in it replaced by "…": logs never hold an applicant's address.
std::string mask_addresses(std::string text) {
    static const char* kStops = " \t<>()[],;:\"'";
    for (std::size_t at; (at = text.find('@')) != std::string::npos;) {
        std::size_t from = text.find_last_of(kStops, at);
        from = from == std::string::npos ? 0 : from + 1;
        std::size_t to = text.find_first_of(kStops, at);
        if (to == std::string::npos) to = text.size();
        text.replace(from, to - from, "…");
    }
    return text;
}

int on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* userdata) {
    auto* d = static_cast<Dialogue*>(userdata);
    if (type == CURLINFO_HEADER_OUT) {
        const std::string line = trimmed_line(data, size);
        std::string verb = line.substr(0, line.find_first_of(" :"));
        for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        static const char* kVerbs[] = {"EHLO", "HELO", "STARTTLS", "AUTH", "MAIL",
                                       "RCPT", "DATA", "RSET",     "NOOP", "QUIT"};
        bool known = false;
        for (const char* v : kVerbs) known = known || verb == v;
        if (!known || verb == "QUIT") return 0;  // AUTH's credentials: the command stays AUTH
        d->command = verb == "MAIL" ? "MAIL FROM" : verb == "RCPT" ? "RCPT TO" : verb;
    } else if (type == CURLINFO_HEADER_IN) {
        const std::string line = trimmed_line(data, size);
        if (line.rfind("221", 0) == 0) return 0;  // the answer to libcurl's QUIT
        d->reply = mask_addresses(line);
        d->reply_to = d->command;
    }
    return 0;
}

// What happened, for the operator: which step of the dialogue, the server's reply when there
// was one, libcurl's own words last.
std::string describe(CURLcode rc, const SmtpAttempt& a, const Dialogue& d, const char* error,
                     long timeout_seconds) {
    const std::string after = a.body_handed_over  ? "the final dot"
                              : d.command.empty() ? "connecting"
                                                  : d.command;
    // The reply to the command that failed, or the one before it when none came.
    const bool answered = !d.reply.empty() && d.reply_to == d.command;
    const bool refused = a.reply_code >= 400 && answered;
    const std::string last = d.reply.empty() || a.body_handed_over
                                 ? ""
                                 : " (its last reply" +
                                       (d.reply_to.empty()        ? std::string(", the greeting")
                                        : d.reply_to == d.command ? std::string()
                                                                  : ", to " + d.reply_to) +
                                       ": " + d.reply + ")";
    std::string what;
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        what = "no answer from the server within " + std::to_string(timeout_seconds) + " s after " +
               after + last;
    } else if (refused && a.stage != SmtpAttempt::Stage::kTls) {
        what = "refused by the server " +
               (a.body_handed_over  ? "after the final dot"
                : d.command.empty() ? std::string("in its greeting")
                                    : "at " + d.command) +
               ": " + d.reply;
    } else if (classify_curl(rc) == CurlFailure::kConnection) {
        what = "the connection was cut after " + after + last;
    } else if (a.stage == SmtpAttempt::Stage::kConnect) {
        what = "cannot connect to the server";
    } else if (a.stage == SmtpAttempt::Stage::kTls) {
        what = "TLS with the server failed" + last;
    } else if (a.stage == SmtpAttempt::Stage::kAuth) {
        what = "the server refused the login" + (answered ? ": " + d.reply : last);
    } else {
        what = "the SMTP session failed after " + after + last;
    }
    if (a.body_handed_over && !a.accepted && !refused) {
        what += ", with the whole message handed over: it may have been delivered";
    }
    std::string curl = curl_easy_strerror(rc);
    if (error && *error) curl += std::string(": ") + error;
    return what + " (libcurl: " + mask_addresses(curl) + ")";
}

class CurlSmtpTransport final : public MailTransport {
  public:
    explicit CurlSmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {
        ensure_curl_initialised();
    }
    ~CurlSmtpTransport() override { close(); }

    SmtpAttempt send(const std::string& envelope_from, const std::string& recipient,
                     const std::string& message,
                     const std::function<bool()>& before_body) override {
        SmtpAttempt attempt;
        if (!curl_ && !open()) {
            attempt.stage = SmtpAttempt::Stage::kLocal;
            attempt.detail = "cannot create a libcurl handle";
            return attempt;
        }
        Upload up;
        up.bytes = &message;
        up.before_body = &before_body;
        std::string from = "<" + envelope_from + ">";
        curl_slist* rcpt = curl_slist_append(nullptr, ("<" + recipient + ">").c_str());
        char error[CURL_ERROR_SIZE] = {0};
        Dialogue dialogue;
        curl_easy_setopt(curl_, CURLOPT_DEBUGDATA, &dialogue);
        curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error);
        curl_easy_setopt(curl_, CURLOPT_MAIL_FROM, from.c_str());
        curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, rcpt);
        curl_easy_setopt(curl_, CURLOPT_READFUNCTION, read_body);
        curl_easy_setopt(curl_, CURLOPT_READDATA, &up);
        curl_easy_setopt(curl_, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
        CURLcode rc = curl_easy_perform(curl_);
        long code = 0;
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &code);
        curl_off_t uploaded = 0;  // body bytes written to the socket, dot-stuffing included
        curl_easy_getinfo(curl_, CURLINFO_SIZE_UPLOAD_T, &uploaded);
        curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, nullptr);
        curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, nullptr);
        curl_easy_setopt(curl_, CURLOPT_DEBUGDATA, &closing_);
        curl_slist_free_all(rcpt);

        attempt.reply_code = static_cast<int>(code);
        attempt.data_started = up.started;
        // Not "the read callback saw the end": with CURLOPT_INFILESIZE libcurl stops calling
        // it once it has the announced size, so the end is never seen. The whole body on the
        // socket is what counts; libcurl writes the final dot right after it, and only a
        // send error can have stopped that.
        attempt.body_handed_over =
            uploaded >= static_cast<curl_off_t>(message.size()) && rc != CURLE_SEND_ERROR;
        if (rc == CURLE_OK) {
            attempt.accepted = true;
            return attempt;
        }
        attempt.stage = stage_of(rc, up);
        attempt.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
        attempt.detail = describe(rc, attempt, dialogue, error, settings_.timeout_seconds);
        // libcurl closes a connection that failed; start afresh next time. All but one: when
        // the reply after the final dot timed out, it keeps the connection, and the QUIT in
        // close() would wait for a reply once more, as long as libcurl's default server
        // response timeout (120 s), not smtp.timeout. The server has stopped answering: cut
        // the connection, so that QUIT fails at once.
        curl_socket_t sock = CURL_SOCKET_BAD;
        if (attempt.timed_out &&
            curl_easy_getinfo(curl_, CURLINFO_ACTIVESOCKET, &sock) == CURLE_OK &&
            sock != CURL_SOCKET_BAD) {
            ::shutdown(sock, SHUT_RDWR);
        }
        close();
        return attempt;
    }

    void close() override {
        if (curl_) curl_easy_cleanup(curl_);  // sends QUIT on a live connection
        curl_ = nullptr;
    }

  private:
    bool open() {
        curl_ = curl_easy_init();
        if (!curl_) return false;
        curl_easy_setopt(curl_, CURLOPT_URL, settings_.url.c_str());
        curl_easy_setopt(curl_, CURLOPT_UPLOAD, 1L);
        // The debug callback sees the dialogue (verbs and replies) for the error messages.
        curl_easy_setopt(curl_, CURLOPT_VERBOSE, 1L);
        curl_easy_setopt(curl_, CURLOPT_DEBUGFUNCTION, on_debug);
        curl_easy_setopt(curl_, CURLOPT_DEBUGDATA, &closing_);
        curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, settings_.connect_timeout_seconds);
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT, settings_.timeout_seconds);
        long use_ssl = settings_.tls == SmtpSettings::Tls::kRequired        ? CURLUSESSL_ALL
                       : settings_.tls == SmtpSettings::Tls::kOpportunistic ? CURLUSESSL_TRY
                                                                            : CURLUSESSL_NONE;
        curl_easy_setopt(curl_, CURLOPT_USE_SSL, use_ssl);
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, settings_.verify_peer ? 1L : 0L);
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, settings_.verify_peer ? 2L : 0L);
        if (!settings_.ca_file.empty())
            curl_easy_setopt(curl_, CURLOPT_CAINFO, settings_.ca_file.c_str());
        if (!settings_.username.empty()) {
            curl_easy_setopt(curl_, CURLOPT_USERNAME, settings_.username.c_str());
            curl_easy_setopt(curl_, CURLOPT_PASSWORD, settings_.password.c_str());
        }
        return true;
    }

    SmtpSettings settings_;
    CURL* curl_ = nullptr;
    Dialogue closing_;  // where the debug callback writes outside send(): QUIT on cleanup
};

}  // namespace

std::unique_ptr<MailTransport> make_curl_smtp_transport(const SmtpSettings& settings) {
    auto parsed = parse_url(settings.url);
    if (!parsed) throw Error(Status::Code::kConfig, "smtp.url: " + parsed.status().message());
    if (parsed->scheme != "smtp" && parsed->scheme != "smtps") {
        throw Error(Status::Code::kConfig,
                    "smtp.url must start with smtp:// or smtps://, not '" + settings.url + "'");
    }
    return std::make_unique<CurlSmtpTransport>(settings);
}

}  // namespace sa
