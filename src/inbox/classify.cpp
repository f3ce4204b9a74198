#include "inbox/classify.h"

#include <algorithm>
#include <cstdio>

#include "inbox/machine.h"
#include "inbox/request.h"
#include "inbox/sentences.h"

#include "text/normalize.h"

namespace sa::inbox {
namespace {


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
    const MachineMail machine = read_machine(m, own);
    switch (machine.kind) {
        case MachineMail::Kind::kFailure:
            return Classification::by_rule(Intent::kBounce, machine.rule);
        case MachineMail::Kind::kDelay:
        case MachineMail::Kind::kFeedback:
        case MachineMail::Kind::kAutomatic:
            if (!machine.by_address_only)
                return Classification::by_rule(Intent::kAutoReply, machine.rule);
            break;
        case MachineMail::Kind::kPerson:
            break;
    }
    const std::string body = text::widen_katakana(text::lower_ascii(text::fold_width(m.text)));
    std::string w;
    if (looks_like_advertising(body, w)) {
        return Classification::by_rule(Intent::kOther, "text: advertising ('" + w + "')");
    }
    const RequestReading r = read_request(read_sentences(morphology, m.subject, m.text));
    // A robot's mail with no request in it is a notice.
    if (machine.by_address_only && r.primary == Intent::kOther)
        return Classification::by_rule(Intent::kAutoReply, machine.rule);
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
    if (robot_sender(sender) || robot_sender(m.from_address)) {
        rules.push_back("sender is a mail system or a robot (" +
                        (robot_sender(sender) ? sender : m.from_address) + ")");
    }
    if (own_address(m.from_address, own) || own_address(m.return_path, own))
        rules.push_back("sender is the secretariat itself");
    if (m.from_address.empty()) rules.push_back("no From address to answer");
    return rules;
}

}  // namespace sa::inbox
