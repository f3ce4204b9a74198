// Ready-made values for tests: applications and declarations of each kind, and inquiries.
#pragma once

#include "domain/declaration.h"

namespace sa::test {

// A valid 一つ星 application of a corporation in Tokyo.
Application corporation_application(const std::string& application_id = "SA-T-0001");
// A valid 一つ星 application of a sole proprietor in Hokkaido.
Application sole_proprietor_application(const std::string& application_id = "SA-T-0002");

// The application as one CSV line in the column order of csv_header().
std::string csv_header();
std::string csv_line(const Application& a);

// A plain UTF-8 inquiry to the secretariat, as delivered (with Return-Path); `extra` header
// lines ("Name: value\r\n") go before Content-Type.
std::string inquiry_mail(const std::string& from, const std::string& body,
                         const std::string& message_id, const std::string& extra = "");

// A delivery status notification from `from` saying that mail to `failed` bounced, with the
// returned copy's headers naming `returned_id` as its Message-ID (none when empty).
std::string delivery_report(const std::string& failed, const std::string& returned_id,
                            const std::string& from = "MAILER-DAEMON@mx.example");

}  // namespace sa::test
