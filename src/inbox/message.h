// An inbound message as the classifier sees it: decoded headers, the sender, the new text
// separated from quoted earlier mail (which must not drive the intent), and for bounces the
// delivery-status report and the headers of the returned message. Built from raw bytes; never
// fails: what cannot be read is reported in `unreadable`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "inbox/mime_parse.h"

namespace sa::inbox {

struct InboundMessage {
    std::map<std::string, std::string> headers;  // lower-case name → decoded value (first one)
    std::string from_address;                    // lower-case domain; empty when none
    std::string from_name;
    std::string return_path;  // the envelope sender, "" for <> or when absent
    bool has_return_path = false;
    std::string subject;
    std::string message_id;               // without angle brackets
    std::vector<std::string> references;  // In-Reply-To and References, without brackets
    std::string content_type;             // of the message, lower-case
    std::string text;                     // the new text (UTF-8, LF line ends)
    std::string quoted;                   // quoted earlier mail, removed from `text`
    bool html_only = false;
    std::string delivery_status;  // message/delivery-status part, when present
    std::string report_type;      // of a multipart/report ("delivery-status", "feedback-report")
    std::string feedback_report;  // message/feedback-report part (RFC 5965), when present
    std::string disposition_notification;  // message/disposition-notification (a read receipt)
    std::string returned_headers;          // headers of the returned message in a bounce
    std::vector<std::string> attachment_names;
    std::string unreadable;  // why the body could not be read; empty when it could

    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? "" : it->second;
    }
    bool has_header(const std::string& name) const { return headers.count(name) > 0; }
};

// The address in "Name <local@domain>" or "local@domain (comment)", domain lower-cased;
// `name` receives the display name. Empty when there is no address.
std::string parse_mailbox(const std::string& value, std::string* name = nullptr);

// Message-IDs in a header value ("<a@b> <c@d>"), without brackets.
std::vector<std::string> parse_message_ids(const std::string& value);

// Splits text into the new part and the quoted earlier mail: lines starting with '>' and
// everything after an "-----Original Message-----"-style marker, a "… wrote:" / 「…:」
// attribution or a forwarded block.
void split_quoted(const std::string& text, std::string& fresh, std::string& quoted);

// The header of `raw` alone: From, Return-Path, Subject, Message-ID, References, every field
// decoded. Reads no body; safe to run outside the isolated worker.
InboundMessage decode_headers(const std::string& raw);

// Decodes `raw` whole, in this process: run it only inside the isolated analysis worker
// (inbox/analysis.h), in tests, or in fuzzing.
InboundMessage decode_message(const std::string& raw, const MimeLimits& limits);

}  // namespace sa::inbox
