// imap.tls left empty: the STARTTLS policy an imap:// mailbox gets by default, which depends
// on where the mailbox is. On a loopback host the connection never leaves the machine, so
// STARTTLS is used when offered and not insisted on; anywhere else the login must not cross
// the network in the clear.
#pragma once

#include <string>

#include "transport/imap.h"

namespace sa::imap {

// kWhenOffered when the host of `url` is loopback: an address in 127.0.0.0/8, ::1, or the
// name localhost (in any case); kRequired for any other host, and for a URL whose host
// cannot be read. The host is read as libcurl reads it to connect, so 127.1 and 0x7f000001
// are 127.0.0.1 and [0:0:0:0:0:0:0:1] is ::1; a name is never resolved (mail.example may
// point at 127.0.0.1 today and elsewhere tomorrow).
ImapSettings::Tls default_tls(const std::string& url);

}  // namespace sa::imap
