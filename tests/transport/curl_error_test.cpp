#include <catch2/catch.hpp>

#include "transport/curl_error.h"

using namespace sa;

TEST_CASE("one table sorts libcurl's result codes for SMTP and IMAP", "[transport][curl]") {
    CHECK(classify_curl(CURLE_OK) == CurlFailure::kNone);
    for (CURLcode rc : {CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT})
        CHECK(classify_curl(rc) == CurlFailure::kConnect);
    for (CURLcode rc :
         {CURLE_USE_SSL_FAILED, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION,
          CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM})
        CHECK(classify_curl(rc) == CurlFailure::kTls);
    for (CURLcode rc : {CURLE_LOGIN_DENIED, CURLE_AUTH_ERROR})
        CHECK(classify_curl(rc) == CurlFailure::kAuth);
    for (CURLcode rc : {CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
                        CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE})
        CHECK(classify_curl(rc) == CurlFailure::kConnection);
    CHECK(classify_curl(CURLE_WEIRD_SERVER_REPLY) == CurlFailure::kServerReply);
    for (CURLcode rc : {CURLE_QUOTE_ERROR, CURLE_REMOTE_FILE_NOT_FOUND})
        CHECK(classify_curl(rc) == CurlFailure::kCommand);
    for (CURLcode rc : {CURLE_OUT_OF_MEMORY, CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL})
        CHECK(classify_curl(rc) == CurlFailure::kOther);
}

TEST_CASE("each kind of curl failure is one Status code", "[transport][curl]") {
    using Code = Status::Code;
    // The two tables this replaces disagreed: SMTP took a bad client certificate for a TLS
    // failure, IMAP for a broken invariant (exit 70). Both refuse now (exit 69).
    CHECK(curl_failure_status(CURLE_SSL_CERTPROBLEM, "x").code() == Code::kRefused);
    CHECK(curl_failure_status(CURLE_LOGIN_DENIED, "x").code() == Code::kRefused);
    CHECK(curl_failure_status(CURLE_COULDNT_CONNECT, "x").code() == Code::kUnavailable);
    CHECK(curl_failure_status(CURLE_OPERATION_TIMEDOUT, "x").code() == Code::kUnavailable);
    CHECK(curl_failure_status(CURLE_WEIRD_SERVER_REPLY, "x").code() == Code::kUnavailable);
    CHECK(curl_failure_status(CURLE_QUOTE_ERROR, "x").code() == Code::kNotFound);
    CHECK(curl_failure_status(CURLE_REMOTE_FILE_NOT_FOUND, "x").code() == Code::kNotFound);
    CHECK(curl_failure_status(CURLE_OUT_OF_MEMORY, "x").code() == Code::kInternal);
    CHECK(curl_failure_status(CURLE_OK, "x").code() == Code::kInternal);
    CHECK(curl_failure_status(CURLE_RECV_ERROR, "IMAP receive: boom").message() ==
          "IMAP receive: boom");
}
