#include "report/labels.h"

#include <map>

namespace sa::report {
namespace {

std::string label(const std::map<std::string, std::string>& names, const std::string& key) {
    auto it = names.find(key);
    return it == names.end() ? key : it->second;
}

}  // namespace

std::string intent_label(const std::string& intent) {
    static const std::map<std::string, std::string> kNames = {
        {"recover_id", "番号の再通知"},       {"resend", "メールの再送"},
        {"status_inquiry", "宣言状況の確認"}, {"which_number", "番号の種類の質問"},
        {"contact_change", "担当者変更"},     {"bounce", "不達通知"},
        {"auto_reply", "自動応答"},           {"other", "その他"}};
    return label(kNames, intent);
}

std::string mail_kind_label(const std::string& kind) {
    static const std::map<std::string, std::string> kNames = {
        {"completion", "完了のお知らせ"},
        {"acceptance", "受理のご連絡"},
        {"duplicate_notice", "重複申込み(番号の再送)"},
        {"duplicate_other_notice", "別アドレスからの申込みのお知らせ"},
        {"contact_notice", "番号のご案内"},
        {"contact_changed_new", "担当者変更(新しい担当者へ)"},
        {"contact_changed_old", "担当者変更(以前の担当者へ)"},
        {"answer_neutral", "回答(一般)"},
        {"answer_which_number", "回答(番号の種類)"},
        {"acknowledgement", "受付のお知らせ"},
        {"digest", "事務局日報"}};
    return label(kNames, kind);
}

std::string mail_state_label(const std::string& state) {
    static const std::map<std::string, std::string> kNames = {{"queued", "送信待ち"},
                                                              {"sent", "送信済み"},
                                                              {"deferred", "再送待ち"},
                                                              {"failed", "失敗"},
                                                              {"unknown", "不明"}};
    return label(kNames, state);
}

std::string flag_kind_label(const std::string& kind) {
    static const std::map<std::string, std::string> kNames = {
        {"hold", "保留"},
        {"bounce", "不達"},
        {"duplicate", "重複申込み"},
        {"duplicate_other_contact", "別アドレスからの申込み"},
        {"upgrade_unverified", "本人確認のない二つ星申込み"},
        {"superseded", "二つ星への移行"}};
    return label(kNames, kind);
}

}  // namespace sa::report
