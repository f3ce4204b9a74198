#include "inbox/classify.h"

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

// True when one of `words` starts within `window` bytes after the end of one of `anchors`.
bool near(const std::string& s, std::initializer_list<const char*> anchors,
          std::initializer_list<const char*> words, std::size_t window, std::string* which) {
    for (const char* a : anchors) {
        for (std::size_t pos = s.find(a); pos != std::string::npos; pos = s.find(a, pos + 1)) {
            std::size_t from = pos + std::string(a).size();
            std::string span = s.substr(from, window);
            span = span.substr(0, span.find('\n'));
            for (const char* w : words) {
                if (span.find(w) != std::string::npos) {
                    if (which) *which = std::string(a) + "…" + w;
                    return true;
                }
            }
        }
    }
    return false;
}

// True when one of `anchors` starts within `window` bytes after one of `words`.
bool near_before(const std::string& s, std::initializer_list<const char*> words,
                 std::initializer_list<const char*> anchors, std::size_t window,
                 std::string* which) {
    return near(s, words, anchors, window, which);
}

// Negated requests do not count: 「担当者に変更はありません」 is not a contact change.
std::string without_negations(std::string t) {
    for (const char* phrase : {"変更はありません", "変更ありません", "変更はございません",
                               "変更はしません", "変わりません", "変わっていません",
                               "忘れていません", "わかっています", "分かっています"}) {
        for (std::size_t p; (p = t.find(phrase)) != std::string::npos;)
            t.erase(p, std::string(phrase).size());
    }
    return t;
}

// Sales mail that only mentions our words: offers, prices, unsubscribe lines.
bool looks_like_advertising(const std::string& t, std::string& which) {
    int markers = 0;
    for (const char* m : {"配信停止", "ご提案", "サービス内容", "料金", "成功報酬", "無料相談",
                          "お申し込みはこちら", "キャンペーン", "代行サービス", "今なら"}) {
        if (t.find(m) != std::string::npos) {
            ++markers;
            which = m;
        }
    }
    return markers >= 2;
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

Classification classify(const InboundMessage& m, const std::vector<std::string>& own) {
    Classification c;
    if (is_bounce(m, c.rule)) {
        c.intent = Intent::kBounce;
        return c;
    }
    if (is_automatic(m, own, c.rule)) {
        c.intent = Intent::kAutoReply;
        return c;
    }
    // The applicant's words: the new text first; the subject only when the text says nothing.
    const std::string body = text::widen_katakana(text::lower_ascii(text::fold_width(m.text)));
    std::string subject = text::widen_katakana(text::lower_ascii(text::fold_width(m.subject)));
    if (subject.find("【security action】") != std::string::npos)
        subject.clear();  // our own subject in a reply
    const std::string* sources[] = {&body, &subject};
    for (const std::string* s : sources) {
        const std::string t = without_negations(*s);
        const char* where = s == &body ? "text" : "subject";
        std::string w;
        if (looks_like_advertising(t, w)) {
            c = {Intent::kOther, std::string(where) + ": advertising ('" + w + "')"};
            return c;
        }
        if (contains_any(t,
                         {"担当者変更", "担当者の変更", "担当者を変更", "担当者の交代",
                          "担当を変更", "後任", "新しい担当者", "新担当者"},
                         &w) ||
            near(t, {"担当者", "担当"}, {"変更", "代わ", "変わ", "替わ", "交代"}, 48, &w)) {
            c = {Intent::kContactChange, std::string(where) + ": '" + w + "'"};
            return c;
        }
        if (contains_any(t,
                         {"9から始まる", "4から始まる", "9で始まる", "4で始まる", "9から始まり",
                          "4から始まり", "どちらの番号", "どちらを使", "どちらを入力",
                          "どちらを記入", "どっちの番号", "どちらが自己宣言id", "どの番号を",
                          "どっちを", "どっちの", "どちらを伝え"},
                         &w)) {
            c = {Intent::kWhichNumber, std::string(where) + ": '" + w + "'"};
            return c;
        }
        if (contains_any(t,
                         {"再送", "再度送", "もう一度送", "送り直", "再発行", "届いていない",
                          "届いておりません", "届いていません", "届かない", "届きません",
                          "受け取っていない", "受信できていない"},
                         &w)) {
            c = {Intent::kResend, std::string(where) + ": '" + w + "'"};
            return c;
        }
        if (contains_any(t, {"宣言したかどうか",   "宣言しているかどうか",
                             "宣言済み",           "宣言が済んで",
                             "申し込んだかどうか", "申込みをしたか",
                             "申し込みをしたか",   "登録されているか",
                             "取得したかどうか",   "取得済み",
                             "宣言しているか",     "宣言されているか",
                             "宣言をしているか",   "申込状況",
                             "申し込み状況",       "自己宣言の状況",
                             "宣言の有無",         "登録状況",
                             "受付状況",           "状況を教え",
                             "状況を確認",         "手続きは進んで",
                             "進んでいるの",       "検索に出て",
                             "検索に表示",         "検索で見つから",
                             "出てきません",       "掲載されていません",
                             "掲載されない"},
                         &w)) {
            c = {Intent::kStatusInquiry, std::string(where) + ": '" + w + "'"};
            return c;
        }
        // A lost number: the loss is said of the number itself ("IDを忘れ", "番号が分からない",
        // "存在しないID"), not anywhere in the mail.
        if (near(t, {"id", "番号"},
                 {"忘れ", "わからな", "分からな", "わかりません", "分かりません", "不明", "紛失",
                  "失くし", "無くし", "なくし", "教えて", "確認できません", "通りません",
                  "見つから", "照会"},
                 24, &w) ||
            near_before(t, {"存在しない", "無効な", "使えない"}, {"id", "番号"}, 12, &w)) {
            c = {Intent::kRecoverId, std::string(where) + ": '" + w + "'"};
            return c;
        }
    }
    c = {Intent::kOther, "no request recognised"};
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
