#include "transport/imap_tls.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <strings.h>

#include <cstring>

namespace sa::imap {
namespace {

// The host libcurl would connect to for `url`: "127.0.0.1", "[::1]", "mail.example"; empty
// when libcurl cannot read the URL.
std::string host_of(const std::string& url) {
    CURLU* u = curl_url();
    if (!u) return "";
    std::string host;
    char* part = nullptr;
    // A mailbox name may hold spaces ("imap://host/Secretariat Inbox"); the host cannot.
    if (curl_url_set(u, CURLUPART_URL, url.c_str(), CURLU_ALLOW_SPACE) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &part, 0) == CURLUE_OK && part) {
        host = part;
    }
    curl_free(part);
    curl_url_cleanup(u);
    return host;
}

bool is_loopback(const std::string& host) {
    if (::strcasecmp(host.c_str(), "localhost") == 0) return true;
    in_addr v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;  // 127.0.0.0/8
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        in6_addr v6{};
        const std::string bare = host.substr(1, host.size() - 2);
        return ::inet_pton(AF_INET6, bare.c_str(), &v6) == 1 &&
               std::memcmp(&v6, &in6addr_loopback, sizeof v6) == 0;
    }
    return false;
}

}  // namespace

ImapSettings::Tls default_tls(const std::string& url) {
    return is_loopback(host_of(url)) ? ImapSettings::Tls::kWhenOffered
                                     : ImapSettings::Tls::kRequired;
}

}  // namespace sa::imap
