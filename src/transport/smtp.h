// The mail transport: hands finished messages to an SMTP server. CurlSmtpTransport keeps one
// connection open across a batch (one EHLO, one TLS handshake, one AUTH); any error closes it
// and the next message reconnects. libcurl's result codes are sorted in curl_error.h, the
// table the IMAP mailbox uses too.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/status.h"

namespace sa {

// What one attempt to hand over a message found out. Deciding what that means for the mail
// (sent, deferred, failed, unknown) is the delivery policy's job, not the transport's.
struct SmtpAttempt {
    bool accepted = false;          // the server answered 2xx after the final dot
    int reply_code = 0;             // the last SMTP reply code seen, 0 when none
    bool data_started = false;      // the server accepted DATA (354) and the body began to flow
    bool body_handed_over = false;  // the whole body was handed to the connection
    enum class Stage {
        kConnect,
        kTls,
        kAuth,
        kGreeting,
        kEnvelope,
        kData,
        kLocal
    } stage = Stage::kConnect;  // where it failed, when it did
    bool timed_out = false;
    std::string detail;  // human-readable, never holds credentials
};

class MailTransport {
  public:
    virtual ~MailTransport() = default;
    // Sends `message` (CRLF line ends, not dot-stuffed) from `envelope_from` to `recipient`.
    // `before_body`, when given, is called once the server has accepted DATA and before any
    // byte of the body goes out, so before the final dot can; when it returns false the
    // transfer is aborted and the server never receives a complete message (stage kData).
    virtual SmtpAttempt send(const std::string& envelope_from, const std::string& recipient,
                             const std::string& message,
                             const std::function<bool()>& before_body = nullptr) = 0;
    // Ends the session politely (QUIT). Safe to call when no session is open.
    virtual void close() = 0;
};

struct SmtpSettings {
    std::string url;  // smtp://host:port, smtps://host:port
    enum class Tls { kNone, kOpportunistic, kRequired } tls = Tls::kRequired;  // STARTTLS
    bool verify_peer = true;  // certificate and host name checks; Default: on
    std::string ca_file;      // Default: the system's store
    std::string username;     // Default: none (no AUTH)
    std::string password;     // from smtp.password_file or smtp.password_env, never argv
    long connect_timeout_seconds = 30;
    long timeout_seconds = 300;  // one message, from MAIL FROM to the reply after the dot
};

// Throws sa::Error (kConfig) when the URL does not parse (core/url.h) or its scheme is not
// smtp or smtps.
std::unique_ptr<MailTransport> make_curl_smtp_transport(const SmtpSettings& settings);

}  // namespace sa
