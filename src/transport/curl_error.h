// libcurl's result codes, translated for SMTP and IMAP alike in this one table: the few kinds
// of failure the transports act on, and the Status each kind is. The transports add their
// own words (what was being done, curl's error buffer, the server's reply code).
#pragma once

#include <curl/curl.h>

#include <string>

#include "core/status.h"

namespace sa {

enum class CurlFailure {
    kNone,         // CURLE_OK
    kConnect,      // the host could not be resolved or connected to
    kTls,          // TLS could not be set up, or a certificate was refused
    kAuth,         // the server refused our login
    kConnection,   // the connection broke or timed out, or the server sent nothing
    kServerReply,  // the server said something libcurl did not expect (a greeting, a reply)
    kCommand,      // the server refused a command (IMAP NO or BAD), or what it names is not there
    kOther,        // anything else: on our side (memory, options) or unforeseen
};

CurlFailure classify_curl(CURLcode rc);

// `message` as the Status of a failed transfer: kRefused for kTls and kAuth (a person must
// act), kUnavailable for kConnect, kConnection and kServerReply (try again later), kNotFound
// for kCommand, kInternal for kOther. Never ok: call it for a failure only.
Status curl_failure_status(CURLcode rc, std::string message);

}  // namespace sa
