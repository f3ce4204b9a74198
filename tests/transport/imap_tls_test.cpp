#include <catch2/catch.hpp>

#include "transport/imap_tls.h"

using namespace sa;

TEST_CASE("imap.tls defaults to when-offered on a loopback host, to required elsewhere",
          "[imap][tls]") {
    for (const char* url : {
             "imap://127.0.0.1:1143/INBOX",
             "imap://127.8.9.10/INBOX",
             "imap://127.255.255.254:1143/事務局/受付",
             "imap://127.1/INBOX",       // libcurl connects to 127.0.0.1
             "imap://0x7f000001/INBOX",  // so it does here
             "imap://[::1]:1143/INBOX",
             "imap://[0:0:0:0:0:0:0:1]/INBOX",
             "imap://localhost:1143/INBOX",
             "imap://LocalHost/INBOX",
             "imap://secretariat@127.0.0.1/INBOX",
             "imap://127.0.0.1:1143/Secretariat Inbox",
         }) {
        INFO(url);
        CHECK(imap::default_tls(url) == ImapSettings::Tls::kWhenOffered);
    }
    for (const char* url : {
             "imap://mail.example:143/INBOX",
             "imap://192.0.2.10/INBOX",
             "imap://128.0.0.1/INBOX",
             "imap://126.255.255.255/INBOX",
             "imap://[::2]/INBOX",
             "imap://[2001:db8::1]:143/INBOX",
             "imap://127.0.0.1.mail.example/INBOX",  // a name, never resolved
             "imap://localhost.mail.example/INBOX",
             "imap://mail.example/127.0.0.1",
             "imap://evil@mail.example/INBOX",
             "imap://mail.example#@127.0.0.1/INBOX",  // libcurl connects to mail.example
             "imap://local host/INBOX",               // unreadable: the safe default
             "",
         }) {
        INFO(url);
        CHECK(imap::default_tls(url) == ImapSettings::Tls::kRequired);
    }
}
