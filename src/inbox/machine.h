// Mail that a machine sent: a delivery failure in any of the shapes mail systems write it
// (an RFC 3464 report, an MTA's or a carrier's plain-text notice in English or Japanese, a
// provider's notice with the returned headers), a delay warning (not yet a failure), an abuse
// feedback report (RFC 5965), and automatic replies (RFC 3834 headers, list and bulk mail,
// no-reply senders, our own mail coming back, and mail whose text says it is automatic).
// Pure; the headers and text are those of inbox/message.h.
#pragma once

#include <string>
#include <vector>

#include "inbox/message.h"

namespace sa::inbox {

struct MachineMail {
    enum class Kind {
        kPerson,    // not a machine's mail
        kFailure,   // a delivery failed: a bounce
        kDelay,     // a delivery is late and still tried: an automatic notice
        kFeedback,  // an abuse or feedback report
        kAutomatic  // an auto-reply, list or bulk mail, a notice
    } kind = Kind::kPerson;
    std::string rule;  // why, in one line
    // Only the sender's address says so: a person's request relayed through it (a web form
    // from no-reply@) is still a person's.
    bool by_address_only = false;
};

// `own_addresses`: the secretariat's addresses (mail from them is our own coming back).
MachineMail read_machine(const InboundMessage& m, const std::vector<std::string>& own_addresses);

// A sender that is a mail system or a robot: MAILER-DAEMON, postmaster, no-reply, noreply …
bool robot_sender(const std::string& address);

// A mail system's own address: MAILER-DAEMON, postmaster, no-reply (stricter than
// robot_sender, for a Return-Path).
bool mail_system(const std::string& address);

// One of the secretariat's own addresses (compared case-insensitively).
bool own_address(const std::string& address, const std::vector<std::string>& own_addresses);

}  // namespace sa::inbox
