#include "support/fixtures.h"

namespace sa::test {

Application corporation_application(const std::string& id) {
    Application a;
    a.application_id = id;
    a.submitted_at = "2026-11-20T10:15:00+09:00";
    a.submitted_unix = 1795137300;
    a.tier = Tier::kOneStar;
    a.entity_type = EntityType::kCorporation;
    a.corporate_number = "7000012050002";
    a.business_name = "株式会社山田製作所";
    a.prefecture = "東京都";
    a.address = "東京都千代田区丸の内1-1-1";
    a.phone = "03-1234-5678";
    a.employees = 25;
    a.industry = "製造業";
    a.contact_name = "田中 一郎";
    a.contact_department = "総務部";
    a.contact_email = "tanaka@yamada-seisakusho.example";
    a.contact_phone = "03-1234-5679";
    a.pledge_five_principles = true;
    return a;
}

Application sole_proprietor_application(const std::string& id) {
    Application a;
    a.application_id = id;
    a.submitted_at = "2026-11-20T13:40:00+09:00";
    a.submitted_unix = 1795149600;
    a.tier = Tier::kOneStar;
    a.entity_type = EntityType::kSoleProprietor;
    a.trade_name = "鈴木工務店";
    a.representative_name = "鈴木 次郎";
    a.prefecture = "北海道";
    a.contact_name = "鈴木 次郎";
    a.contact_email = "suzuki@suzuki-koumuten.example";
    a.pledge_five_principles = true;
    return a;
}

std::string csv_header() {
    return "application_id,submitted_at,tier,entity_type,corporate_number,business_name,"
           "trade_name,representative_name,prefecture,address,phone,employees,industry,"
           "contact_name,contact_department,contact_email,contact_phone,"
           "pledge_five_principles,self_assessment_done,basic_policy_published,user_number\n";
}

std::string csv_line(const Application& a) {
    auto q = [](const std::string& s) {
        std::string out = "\"";
        for (char c : s) {
            if (c == '"') out += '"';
            out += c;
        }
        return out + "\"";
    };
    return q(a.application_id) + "," + q(a.submitted_at) + "," + to_string(a.tier) + "," +
           to_string(a.entity_type) + "," + q(a.corporate_number) + "," + q(a.business_name) + "," +
           q(a.trade_name) + "," + q(a.representative_name) + "," + q(a.prefecture) + "," +
           q(a.address) + "," + q(a.phone) + "," +
           (a.employees ? std::to_string(*a.employees) : "") + "," + q(a.industry) + "," +
           q(a.contact_name) + "," + q(a.contact_department) + "," + q(a.contact_email) + "," +
           q(a.contact_phone) + "," + (a.pledge_five_principles ? "1" : "0") + "," +
           (a.self_assessment_done ? "1" : "0") + "," + (a.basic_policy_published ? "1" : "0") +
           "," + q(a.user_number) + "\n";
}

std::string inquiry_mail(const std::string& from, const std::string& body,
                         const std::string& message_id, const std::string& extra) {
    std::string m = "Return-Path: <" + from + ">\r\n";
    m += "From: <" + from + ">\r\n";
    m += "To: security-action-info@sa-secretariat.example\r\n";
    m += "Subject: =?UTF-8?B?5ZWP44GE5ZCI44KP44Gb?=\r\n";  // 問い合わせ
    m += "Message-ID: <" + message_id + ">\r\n";
    m += "Date: Sat, 21 Nov 2026 12:00:00 +0900\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += extra;
    m += "Content-Type: text/plain; charset=UTF-8\r\n";
    m += "Content-Transfer-Encoding: 8bit\r\n\r\n";
    return m + body + "\r\n";
}

std::string delivery_report(const std::string& failed, const std::string& returned_id,
                            const std::string& from) {
    return "Return-Path: <>\r\nFrom: " + from +
           "\r\nTo: security-action-info@sa-secretariat.example\r\n"
           "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-" +
           failed + returned_id.substr(0, 6) +
           "@mx.example>\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
           "--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you...\r\n"
           "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; "
           "mx.example\r\n\r\n"
           "Final-Recipient: rfc822; " +
           failed + "\r\nAction: failed\r\nStatus: 5.1.1\r\n" +
           "--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: "
           "noreply@sa-secretariat.example\r\n" +
           (returned_id.empty() ? "" : "Message-ID: <" + returned_id + ">\r\n") +
           "Subject: x\r\n\r\n--B--\r\n";
}

}  // namespace sa::test
