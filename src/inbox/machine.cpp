#include "inbox/machine.h"

#include <algorithm>

#include "text/normalize.h"

namespace sa::inbox {
namespace {

bool contains_any(const std::string& s, std::initializer_list<const char*> words,
                  std::string* which = nullptr) {
    for (const char* w : words) {
        if (s.find(w) != std::string::npos) {
            if (which) *which = w;
            return true;
        }
    }
    return false;
}

std::string local_part(const std::string& address) {
    return text::lower_ascii(address.substr(0, address.find('@')));
}

// The report's per-recipient fields: "Action: failed", "Status: 5.1.1".
bool report_says(const std::string& report, const char* field,
                 std::initializer_list<const char*> values) {
    const std::string r = text::lower_ascii(report);
    const std::string key = std::string(field) + ":";
    for (std::size_t p = r.find(key); p != std::string::npos; p = r.find(key, p + 1)) {
        if (p > 0 && r[p - 1] != '\n') continue;
        std::size_t eol = r.find('\n', p);
        const std::string value = text::trim(r.substr(
            p + key.size(), eol == std::string::npos ? std::string::npos : eol - p - key.size()));
        for (const char* v : values) {
            if (value.rfind(v, 0) == 0) return true;
        }
    }
    return false;
}

// What a mail system writes when a delivery failed for good.
const char* failure_word(const std::string& t) {
    static const char* const kWords[] = {"undeliverable",
                                         "undelivered",
                                         "could not be delivered",
                                         "couldn't be delivered",
                                         "was not delivered",
                                         "were not delivered",
                                         "not be delivered",
                                         "delivery failed",
                                         "delivery has failed",
                                         "delivery failure",
                                         "failed to deliver",
                                         "failure notice",
                                         "returned mail",
                                         "mail delivery failed",
                                         "permanent error",
                                         "permanent failure",
                                         "permanently",
                                         "user unknown",
                                         "unknown user",
                                         "no such user",
                                         "unknown recipient",
                                         "recipient address rejected",
                                         "mailbox unavailable",
                                         "mailbox not found",
                                         "mailbox is full",
                                         "mailbox full",
                                         "quota exceeded",
                                         "over quota",
                                         "exceeded storage",
                                         "address rejected",
                                         "does not exist",
                                         "address not found",
                                         "no such address",
                                         "message rejected",
                                         "was rejected",
                                         "has been rejected",
                                         "been rejected",
                                         "rejected by",
                                         "rejected your message",
                                         "not allowed to post",
                                         "delivery to the following recipient",
                                         "the following addresses had permanent",
                                         "error occurred while trying to deliver",
                                         "unable to deliver",
                                         "could not deliver",
                                         "couldn't deliver",
                                         "cannot deliver",
                                         "can't deliver",
                                         "message expired",
                                         "has expired",
                                         "expired",
                                         "has been returned",
                                         "returned to sender",
                                         "invalid user",
                                         "invalid address",
                                         "invalid recipient",
                                         "user not found",
                                         "recipient not found",
                                         "account disabled",
                                         "account has been disabled",
                                         "mailbox disabled",
                                         "inactive",
                                         "does not accept",
                                         "refused",
                                         "blocked",
                                         "denied",
                                         "unrouteable",
                                         "unroutable",
                                         "host unknown",
                                         "unknown host",
                                         "domain not found",
                                         "no mx",
                                         "message too large",
                                         "size limit",
                                         "exceeds the maximum",
                                         "not a member",
                                         "you are not",
                                         "loop alert",
                                         "loop detected",
                                         "mail loop",
                                         "too many hops",
                                         "no longer available",
                                         "not accepted",
                                         "bounce",
                                         "failed recipient",
                                         "permanent fatal",
                                         "delivery failure",
                                         "malformed",
                                         "incorrectly constructed",
                                         "no mailbox",
                                         "mailbox here",
                                         "宛先のメールアドレス",
                                         "アドレスが存在",
                                         "受取拒否",
                                         "受信を拒否",
                                         "届けられません",
                                         "エラーが発生",
                                         "送れませんでした",
                                         "550 5.",
                                         "550-5.",
                                         "551 5.",
                                         "552 5.",
                                         "553 5.",
                                         "554 5.",
                                         "5.1.1",
                                         "5.1.2",
                                         "5.2.1",
                                         "5.2.2",
                                         "5.4.1",
                                         "5.7.1",
                                         "5.7.",
                                         "配信できません",
                                         "配信できませんでした",
                                         "配送できません",
                                         "配送できませんでした",
                                         "届けることができません",
                                         "届けできません",
                                         "宛先不明",
                                         "送信できませんでした",
                                         "受け取ることができません",
                                         "受信できなかった",
                                         "受信できませんでした",
                                         "存在しない",
                                         "存在しません",
                                         "エラー通知",
                                         "容量超過",
                                         "容量オーバー",
                                         "配信エラー",
                                         "配送エラー",
                                         "配信不能",
                                         "不達",
                                         "届きませんでした",
                                         "送信に失敗",
                                         "配信に失敗",
                                         "受信拒否",
                                         "拒否されました",
                                         "ユーザが見つかりません",
                                         "ユーザーが見つかりません",
                                         "宛先が見つかりません"};
    for (const char* w : kWords) {
        if (t.find(w) != std::string::npos) return w;
    }
    return nullptr;
}

// The string value of `"key"` in JSON text (lower-cased already), or "".
std::string json_text(const std::string& t, const std::string& key) {
    const std::size_t k = t.find("\"" + key + "\"");
    if (k == std::string::npos) return "";
    std::size_t p = t.find_first_not_of(" \t\r\n", k + key.size() + 2);
    if (p == std::string::npos || t[p] != ':') return "";
    p = t.find_first_not_of(" \t\r\n", p + 1);
    if (p == std::string::npos || t[p] != '"') return "";
    const std::size_t e = t.find('"', p + 1);
    return e == std::string::npos ? "" : t.substr(p + 1, e - p - 1);
}

// A failure said to be for good: "permanent", "giving up", a 5.x.x status code.
bool permanent(const std::string& t) {
    if (t.find("permanent") != std::string::npos || t.find("giving up") != std::string::npos ||
        t.find("gave up") != std::string::npos || t.find("恒久") != std::string::npos)
        return true;
    for (std::size_t p = t.find("5."); p != std::string::npos; p = t.find("5.", p + 1)) {
        const bool code = (p == 0 || !std::isdigit(static_cast<unsigned char>(t[p - 1]))) &&
                          p + 4 < t.size() && std::isdigit(static_cast<unsigned char>(t[p + 2])) &&
                          t[p + 3] == '.' && std::isdigit(static_cast<unsigned char>(t[p + 4]));
        if (code) return true;
    }
    return false;
}

// What one writes when a delivery is only late and still tried.
const char* delay_word(const std::string& t) {
    for (const char* w :
         {"warning only", "still being retried", "will be retried", "will retry",
          "will continue trying", "(delay)", "delayed mail", "not yet been delivered",
          "has not been delivered yet", "遅延", "再試行", "送信を試みています", "再送を試みます",
          "配信を試みています", "まだ配信されていません"}) {
        if (t.find(w) != std::string::npos) return w;
    }
    return nullptr;
}

// A copy of a message's header in the text or the quoted part: the mail that came back.
bool returned_copy(const InboundMessage& m) {
    if (!m.returned_headers.empty()) return true;
    for (const std::string* block : {&m.text, &m.quoted}) {
        const std::string l = text::lower_ascii(*block);
        int fields = 0;
        for (const char* f :
             {"\nreceived:", "\nfrom:", "\nto:", "\nsubject:", "\ndate:", "\nmessage-id:"}) {
            if (l.find(f) != std::string::npos) ++fields;
        }
        if (fields >= 3) return true;
    }
    return false;
}

// Mail that says in its own words that a machine sent it: 【自動返信】, 本メールは自動送信です,
// a holiday notice, an address that is no longer read. Headers may say nothing of it.
bool says_it_is_automatic(const InboundMessage& m, std::string& rule) {
    const std::string subject = text::lower_ascii(text::fold_width(m.subject));
    const std::string body = text::lower_ascii(text::fold_width(m.text.substr(0, 4000)));
    double score = 0, strong = 0;
    std::string first;
    auto mark = [&](const std::string& t, std::initializer_list<const char*> words, double w) {
        for (const char* word : words) {
            if (t.find(word) == std::string::npos) continue;
            score += w;
            if (first.empty()) first = word;
        }
    };
    mark(subject + "\n" + body,
         {"自動返信",
          "自動応答",
          "自動送信",
          "自動配信",
          "自動通知",
          "自動で送信",
          "自動的に送信",
          "送信専用",
          "自動返答",
          "auto-reply",
          "autoreply",
          "auto reply",
          "automatic reply",
          "automated message",
          "automatically generated",
          "out of office",
          "out of the office",
          "do not reply",
          "please do not reply",
          "no-reply",
          "noreply",
          "返信不要",
          "このメールに返信",
          "本メールに返信",
          "ご返信いただいても",
          "返信されても"},
         3.0);
    strong = score;
    mark(subject + "\n" + body,
         {"不在にして",
          "不在の",
          "不在です",
          "休業",
          "休暇",
          "出張中",
          "外出中",
          "留守",
          "年末年始",
          "夏季",
          "冬季",
          "お盆",
          "順次対応",
          "順次ご対応",
          "順次返信",
          "順次ご返信",
          "以降に対応",
          "以降にご返信",
          "以降に返信",
          "以降、順次",
          "現在使用されておりません",
          "使用されておりません",
          "使われておりません",
          "使用を停止",
          "廃止いたしました",
          "廃止しました",
          "受信できません",
          "受信しておりません",
          "閲覧できません",
          "受け付けました",
          "帰社後",
          "帰社次第",
          "戻り次第",
          "戻りましたら",
          "折り返しご連絡",
          "ご返信いたします",
          "返信いたします",
          "受付いたしました",
          "受付番号",
          "チケット番号",
          "お問い合わせ番号"},
         1.5);
    if (score < 3.0) return false;
    // A notice states; a person who mentions holidays asks something.
    if (strong == 0 &&
        (body.find('?') != std::string::npos || body.find("？") != std::string::npos))
        return false;
    rule = "the text says it was sent automatically ('" + first + "')";
    return true;
}

bool automatic_by_headers(const InboundMessage& m, const std::vector<std::string>& own,
                          std::string& rule) {
    std::string auto_submitted = text::lower_ascii(text::trim(m.header("auto-submitted")));
    if (!auto_submitted.empty() && auto_submitted.rfind("no", 0) != 0) {
        rule = "Auto-Submitted: " + auto_submitted;
        return true;
    }
    std::string precedence = text::lower_ascii(text::trim(m.header("precedence")));
    if (precedence == "bulk" || precedence == "list" || precedence == "junk") {
        rule = "Precedence: " + precedence;
        return true;
    }
    for (const char* h : {"list-id", "list-unsubscribe", "list-post", "x-autoreply",
                          "x-autorespond", "x-auto-reply", "x-autoreply-from", "x-mail-autoreply",
                          "x-ml-name", "x-mail-count", "x-ml-count", "x-sequence"}) {
        if (m.has_header(h)) {
            rule = std::string("header ") + h;
            return true;
        }
    }
    if (own_address(m.from_address, own) || own_address(m.return_path, own)) {
        rule = "our own address in From or Return-Path (a loop)";
        return true;
    }
    if (m.content_type == "multipart/report" || !m.disposition_notification.empty()) {
        rule = "a report (" + m.content_type + ")";
        return true;
    }
    std::string subject = text::lower_ascii(text::fold_width(m.subject));
    std::string word;
    if (contains_any(subject,
                     {"automatic reply", "auto reply", "autoreply", "auto:", "out of office",
                      "out of the office", "自動応答", "自動返信", "不在", "休暇",
                      "read:", "開封済み", "開封確認", "既読"},
                     &word)) {
        rule = "subject of an automatic reply: '" + word + "'";
        return true;
    }
    return false;
}

// An address in the notice other than ours and its sender's: whom a failed mail was for.
bool names_someone_else(const InboundMessage& m, const std::vector<std::string>& own) {
    for (const std::string* block : {&m.text, &m.quoted}) {
        const std::string& t = *block;
        for (std::size_t at = t.find('@'); at != std::string::npos; at = t.find('@', at + 1)) {
            std::size_t b = at, e = at + 1;
            auto part = [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
                       c == '_' || c == '+';
            };
            while (b > 0 && part(t[b - 1])) --b;
            while (e < t.size() && part(t[e])) ++e;
            if (b == at || e == at + 1) continue;
            const std::string address = text::lower_ascii(t.substr(b, e - b));
            if (address == text::lower_ascii(m.from_address) || own_address(address, own)) continue;
            return true;
        }
    }
    return false;
}

}  // namespace

bool mail_system(const std::string& address) {
    const std::string l = local_part(address);
    for (const char* r : {"mailer-daemon", "mailer_daemon", "mail-daemon", "maildaemon",
                          "postmaster", "post_master", "post-master", "no-reply", "noreply"}) {
        if (l == r) return true;
    }
    return false;
}

bool own_address(const std::string& address, const std::vector<std::string>& own) {
    std::string a = text::lower_ascii(address);
    return !a.empty() && std::any_of(own.begin(), own.end(), [&](const std::string& o) {
        return text::lower_ascii(o) == a;
    });
}

bool robot_sender(const std::string& address) {
    const std::string l = local_part(address);
    if (l.empty()) return false;
    for (const char* r :
         {"mailer-daemon", "mailer_daemon", "mail-daemon",  "maildaemon", "postmaster",
          "post_master",   "post-master",   "no-reply",     "noreply",    "no_reply",
          "do-not-reply",  "donotreply",    "do_not_reply", "bounce",     "bounces",
          "mdaemon",       "daemon",        "auto-reply",   "autoreply",  "nobody"}) {
        if (l == r || l.rfind(std::string(r) + "-", 0) == 0 ||
            l.rfind(std::string(r) + "+", 0) == 0 || l.rfind(std::string(r) + ".", 0) == 0)
            return true;
    }
    // Mailing-list software: list-admin, list-owner, list-bounces, list-request, owner-list.
    for (const char* suffix : {"-admin", "-owner", "-bounces", "-bounce", "-request", "-errors"}) {
        const std::string x = suffix;
        if (l.size() > x.size() && l.compare(l.size() - x.size(), x.size(), x) == 0) return true;
    }
    if (l.rfind("owner-", 0) == 0) return true;
    return l.find("mailer-daemon") != std::string::npos ||
           l.find("no-reply") != std::string::npos || l.find("noreply") != std::string::npos;
}

MachineMail read_machine(const InboundMessage& m, const std::vector<std::string>& own) {
    MachineMail out;
    const std::string subject = text::lower_ascii(text::fold_width(m.subject));
    const std::string body = text::lower_ascii(text::fold_width(m.text.substr(0, 20000)));
    const std::string said = subject + "\n" + body;
    // An abuse or feedback report (RFC 5965, or a provider's complaint with the message).
    if (m.report_type == "feedback-report" || !m.feedback_report.empty() ||
        contains_any(subject, {"complaint about message", "abuse report", "spam report",
                               "feedback report", "junk mail report", "fbl"}) ||
        text::lower_ascii(m.returned_headers).find("x-hmxmroriginalrecipient") !=
            std::string::npos) {
        return {
            MachineMail::Kind::kFeedback,
            "a feedback report (" +
                (m.report_type.empty() ? std::string("message/feedback-report") : m.report_type) +
                ")"};
    }
    // A provider's bounce notification as JSON (Amazon SES through SNS).
    // (The notification may be a JSON string inside the SNS envelope: its quotes escaped.)
    std::string json = body;
    for (std::size_t p = json.find("\\\""); p != std::string::npos; p = json.find("\\\"", p))
        json.erase(p, 1);
    // (SES names it notificationType, or eventType when it publishes events.)
    std::string notification = json_text(json, "notificationtype");
    if (notification.empty()) notification = json_text(json, "eventtype");
    if (notification == "deliverydelay")
        return {MachineMail::Kind::kDelay, "a provider's delivery-delay notification"};
    if (notification == "complaint")
        return {MachineMail::Kind::kFeedback, "a provider's complaint notification"};
    if (notification == "bounce" || !json_text(json, "bouncetype").empty()) {
        if (json_text(json, "bouncetype") == "transient")
            return {MachineMail::Kind::kDelay, "a provider's bounce notification: transient"};
        return {MachineMail::Kind::kFailure, "a provider's bounce notification (JSON)"};
    }
    // An RFC 3464 report: failed for any recipient is a failure; otherwise a delay or a relay.
    if (!m.delivery_status.empty()) {
        if (report_says(m.delivery_status, "action", {"failed"}) ||
            (!report_says(m.delivery_status, "action",
                          {"delayed", "delivered", "relayed", "expanded"}) &&
             report_says(m.delivery_status, "status", {"5"})))
            return {MachineMail::Kind::kFailure, "a delivery-status report: failed"};
        if (report_says(m.delivery_status, "action", {"delayed"}) ||
            report_says(m.delivery_status, "status", {"4"}))
            return {MachineMail::Kind::kDelay, "a delivery-status report: delayed, still tried"};
        if (report_says(m.delivery_status, "action", {"delivered", "relayed", "expanded"}))
            return {MachineMail::Kind::kAutomatic, "a delivery-status report: delivered"};
        // A report that says nothing of its action: read its words.
        const char* w = failure_word(said);
        if (w && !delay_word(said))
            return {MachineMail::Kind::kFailure,
                    std::string("a delivery-status report: '") + w + "'"};
        return {MachineMail::Kind::kDelay, "a delivery-status report without a failure"};
    }
    // A notice in words: from a mail system or a robot, or with the mail that came back.
    const std::string display = text::lower_ascii(m.from_name);
    const bool system = robot_sender(m.from_address) || mail_system(m.return_path) ||
                        (m.has_return_path && m.return_path.empty()) ||
                        contains_any(display, {"mail delivery", "mailer-daemon", "mailer daemon",
                                               "postmaster", "mail system", "mail administrator",
                                               "delivery subsystem", "メール配信", "メールシステム",
                                               "配信システム", "配送システム", "システム管理"});
    // A notice about our own mailbox (「容量超過」 sent to us, a phishing lure) names no one we
    // wrote to: it is no bounce of ours.
    if ((system || returned_copy(m)) && (returned_copy(m) || names_someone_else(m, own))) {
        const char* late = delay_word(said);
        if (late && !permanent(said))
            return {MachineMail::Kind::kDelay, std::string("a delivery is late: '") + late + "'"};
        if (const char* fail = failure_word(said)) {
            const std::string who =
                system ? "sent by a mail system (" +
                             (m.from_address.empty() ? std::string("<>") : m.from_address) + ")"
                       : std::string("with the returned message");
            return {MachineMail::Kind::kFailure, who + " about a failed delivery: '" + fail + "'"};
        }
    }
    if (text::trim(m.text).empty() && returned_copy(m))
        return {MachineMail::Kind::kAutomatic, "only a returned message, no words of a person"};
    // A notice that says it was sent automatically, about a mail to someone that failed
    // (a hosting provider's 「受信できなかったメールのお知らせ」 from notice@).
    {
        std::string why;
        if (says_it_is_automatic(m, why) && (returned_copy(m) || names_someone_else(m, own))) {
            const char* fail = failure_word(said);
            if (fail && !(delay_word(said) && !permanent(said)))
                return {MachineMail::Kind::kFailure,
                        "an automatic notice about a failed delivery: '" + std::string(fail) + "'"};
        }
    }
    std::string rule;
    if (automatic_by_headers(m, own, rule) || says_it_is_automatic(m, rule))
        return {MachineMail::Kind::kAutomatic, rule};
    // A robot's address alone: a notice, unless a person's request came through it (a web
    // form relays the applicant's words from no-reply@). The caller reads the words.
    if (robot_sender(m.from_address) || mail_system(m.return_path)) {
        return {MachineMail::Kind::kAutomatic,
                "sent by a robot (" +
                    (robot_sender(m.from_address) ? m.from_address : m.return_path) + ")",
                true};
    }
    return out;
}

}  // namespace sa::inbox
