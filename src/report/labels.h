// The Japanese names staff read in the digest and its page for what the store keeps by
// machine names: intents, kinds of mail, mail states, kinds of flag. A name without a
// Japanese one comes back as it is.
#pragma once

#include <string>

namespace sa::report {

std::string intent_label(const std::string& intent);     // contact_change → 担当者変更
std::string mail_kind_label(const std::string& kind);    // completion → 完了のお知らせ
std::string mail_state_label(const std::string& state);  // deferred → 再送待ち
std::string flag_kind_label(const std::string& kind);    // hold → 保留

}  // namespace sa::report
