#include "transport/curl_error.h"

namespace sa {

CurlFailure classify_curl(CURLcode rc) {
    switch (rc) {
        case CURLE_OK:
            return CurlFailure::kNone;
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
            return CurlFailure::kConnect;
        case CURLE_USE_SSL_FAILED:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
            return CurlFailure::kTls;
        case CURLE_LOGIN_DENIED:
        case CURLE_AUTH_ERROR:
            return CurlFailure::kAuth;
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
            return CurlFailure::kConnection;
        case CURLE_WEIRD_SERVER_REPLY:
            return CurlFailure::kServerReply;
        case CURLE_QUOTE_ERROR:  // IMAP: the server answered NO or BAD to a command
        case CURLE_REMOTE_FILE_NOT_FOUND:
            return CurlFailure::kCommand;
        default:
            return CurlFailure::kOther;
    }
}

Status curl_failure_status(CURLcode rc, std::string message) {
    switch (classify_curl(rc)) {
        case CurlFailure::kTls:
        case CurlFailure::kAuth:
            return Status::refused(std::move(message));
        case CurlFailure::kConnect:
        case CurlFailure::kConnection:
        case CurlFailure::kServerReply:
            return Status::unavailable(std::move(message));
        case CurlFailure::kCommand:
            return Status::not_found(std::move(message));
        case CurlFailure::kNone:
        case CurlFailure::kOther:
            break;
    }
    return Status::internal(std::move(message));
}

}  // namespace sa
