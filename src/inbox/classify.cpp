#include "inbox/classify.h"

#include <algorithm>
#include <cstdio>

#include "inbox/request.h"
#include "inbox/sentences.h"

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

// Sales mail that only mentions our words: offers, prices, unsubscribe lines.
bool looks_like_advertising(const std::string& t, std::string& which) {
    int markers = 0;
    for (const char* m : {"配信停止",
                          "ご提案",
                          "サービス内容",
                          "料金",
                          "成功報酬",
                          "無料相談",
                          "お申し込みはこちら",
                          "キャンペーン",
                          "代行サービス",
                          "今なら",
                          "配信解除",
                          "メルマガ",
                          "詳しくはこちら",
                          "詳細はこちら",
                          "無料で",
                          "特別価格",
                          "期間限定",
                          "先着",
                          "資料請求",
                          "お問い合わせはこちら",
                          "ご案内申し上げます",
                          "セミナー",
                          "ウェビナー",
                          "サポートいたします",
                          "代行いたします",
                          "お任せください",
                          "弊社サービス",
                          "月額",
                          "税込",
                          "unsubscribe",
                          "opt out",
                          "opt-out"}) {
        if (t.find(m) != std::string::npos) {
            ++markers;
            which = m;
        }
    }
    return markers >= 2;
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

bool is_own(const std::string& address, const std::vector<std::string>& own) {
    std::string a = text::lower_ascii(address);
    return !a.empty() && std::any_of(own.begin(), own.end(), [&](const std::string& o) {
        return text::lower_ascii(o) == a;
    });
}

std::string local_part(const std::string& address) {
    return text::lower_ascii(address.substr(0, address.find('@')));
}

bool is_bounce(const InboundMessage& m, std::string& rule) {
    if (!m.delivery_status.empty()) {
        rule = "a message/delivery-status report";
        return true;
    }
    const std::string sender = local_part(m.from_address);
    const bool daemon = sender == "mailer-daemon" || sender == "postmaster" ||
                        sender == "mail-daemon" || (m.has_return_path && m.return_path.empty());
    const std::string subject = text::lower_ascii(text::fold_width(m.subject));
    std::string word;
    if (daemon && (contains_any(subject,
                                {"undeliver", "delivery status notification", "returned mail",
                                 "failure notice", "delivery failure", "mail delivery failed",
                                 "delivery has failed", "not delivered", "配信不能",
                                 "配信できません", "配信エラー", "送信できません",
                                 "届きませんでした", "宛先不明", "送信失敗", "エラー"},
                                &word) ||
                   contains_any(text::lower_ascii(m.text),
                                {"could not be delivered", "couldn't be delivered",
                                 "delivery to the following recipient", "配信できませんでした",
                                 "届けることができませんでした", "宛先が見つかりません"},
                                &word))) {
        rule = "sent by a mail system (" +
               (m.from_address.empty() ? std::string("<>") : m.from_address) +
               ") about a failed delivery: '" + word + "'";
        return true;
    }
    return false;
}

bool is_automatic(const InboundMessage& m, const std::vector<std::string>& own, std::string& rule) {
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
    for (const char* h :
         {"list-id", "list-unsubscribe", "list-post", "x-autoreply", "x-autorespond",
          "x-auto-reply", "x-autoreply-from", "x-mail-autoreply"}) {
        if (m.has_header(h)) {
            rule = std::string("header ") + h;
            return true;
        }
    }
    if (is_own(m.from_address, own) || is_own(m.return_path, own)) {
        rule = "our own address in From or Return-Path (a loop)";
        return true;
    }
    std::string subject = text::lower_ascii(text::fold_width(m.subject));
    std::string word;
    if (contains_any(subject,
                     {"automatic reply", "auto reply", "autoreply", "auto:", "out of office",
                      "out of the office", "自動応答", "自動返信", "不在", "休暇"},
                     &word)) {
        rule = "subject of an automatic reply: '" + word + "'";
        return true;
    }
    return false;
}

}  // namespace

const char* to_string(Intent i) {
    switch (i) {
        case Intent::kRecoverId:
            return "recover_id";
        case Intent::kResend:
            return "resend";
        case Intent::kStatusInquiry:
            return "status_inquiry";
        case Intent::kWhichNumber:
            return "which_number";
        case Intent::kContactChange:
            return "contact_change";
        case Intent::kBounce:
            return "bounce";
        case Intent::kAutoReply:
            return "auto_reply";
        case Intent::kOther:
            return "other";
    }
    return "other";
}

Classification classify(const InboundMessage& m, const std::vector<std::string>& own,
                        const text::Morphology& morphology) {
    Classification c;
    if (is_bounce(m, c.rule)) {
        c.intent = Intent::kBounce;
        return c;
    }
    if (is_automatic(m, own, c.rule) || says_it_is_automatic(m, c.rule)) {
        c.intent = Intent::kAutoReply;
        return c;
    }
    const std::string body = text::widen_katakana(text::lower_ascii(text::fold_width(m.text)));
    std::string w;
    if (looks_like_advertising(body, w)) {
        return Classification::by_rule(Intent::kOther, "text: advertising ('" + w + "')");
    }
    const RequestReading r = read_request(read_sentences(morphology, m.subject, m.text));
    c.intent = r.primary;
    c.secondary = r.secondary;
    c.confidence = r.confidence;
    for (const Evidence& e : r.evidence) {
        std::string words;
        for (const auto& word : e.words) words += (words.empty() ? "" : " + ") + word;
        char weight[16];
        std::snprintf(weight, sizeof weight, "%.2f", e.weight);
        c.evidence.push_back(std::string(to_string(e.intent)) + " " + weight + ": " + e.rule +
                             " (" + words + ") in " + to_string(e.role) + " 「" + e.sentence +
                             "」");
    }
    auto top = std::find_if(r.evidence.begin(), r.evidence.end(),
                            [&](const Evidence& e) { return e.intent == r.primary; });
    if (top == r.evidence.end()) {
        c.rule = "no request recognised";
    } else {
        std::string words;
        for (const auto& word : top->words) words += (words.empty() ? "" : "…") + word;
        c.rule = std::string(to_string(top->role)) + ": " + top->rule + " ('" + words + "')";
    }
    return c;
}

std::vector<std::string> suppression_rules(const InboundMessage& m,
                                           const std::vector<std::string>& own) {
    std::vector<std::string> rules;
    std::string auto_submitted = text::lower_ascii(text::trim(m.header("auto-submitted")));
    if (!auto_submitted.empty() && auto_submitted.rfind("no", 0) != 0)
        rules.push_back("Auto-Submitted: " + auto_submitted);
    std::string precedence = text::lower_ascii(text::trim(m.header("precedence")));
    if (precedence == "bulk" || precedence == "list" || precedence == "junk")
        rules.push_back("Precedence: " + precedence);
    if (m.has_header("list-id")) rules.push_back("List-Id present");
    if (m.has_header("x-auto-response-suppress"))
        rules.push_back("X-Auto-Response-Suppress present");
    const std::string sender = m.has_return_path ? m.return_path : m.from_address;
    if (sender.empty()) rules.push_back("empty sender");
    if (local_part(sender) == "mailer-daemon" || local_part(m.from_address) == "mailer-daemon") {
        rules.push_back("sender is MAILER-DAEMON");
    }
    if (is_own(m.from_address, own) || is_own(m.return_path, own))
        rules.push_back("sender is the secretariat itself");
    if (m.from_address.empty()) rules.push_back("no From address to answer");
    return rules;
}

}  // namespace sa::inbox
