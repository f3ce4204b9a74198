// Who may upgrade or re-apply (SPEC §1): what intake does with a valid application for a
// business that already has a live declaration. A pure function of the application and a
// snapshot of what the store knows; the intake job applies the decision in the record's
// transaction.
//
// An application proves it comes from the declaration's own applicant when it names the
// registered contact address (compared case-insensitively) or carries the declaration's
// 利用者番号 in its user_number column; a user_number that is not the declaration's proves
// nothing, whatever the address. Then:
//   - a 一つ星 declaration and a proven 二つ星 application: the upgrade (a new 自己宣言ID, the
//     same 利用者番号, the old declaration superseded);
//   - the same or a lower tier, proven: a duplicate; the numbers go again to the registered
//     contact (duplicate_notice), at most once a day;
//   - not proven: a duplicate; nothing is superseded, issued or published, no 利用者番号 is
//     sent anywhere; the registered contact gets a notice without it (duplicate_other_notice),
//     at most once a day, and a clerk a flag — upgrade_unverified for a 二つ星 application
//     that would have upgraded, duplicate_other_contact otherwise — unless one of that kind is
//     open on the declaration already.
// No mail goes to a registered contact marked undeliverable.
#pragma once

#include <string>
#include <vector>

#include "domain/declaration.h"
#include "store/records.h"

namespace sa::intake {

struct AdmissionSnapshot {
    Declaration live;                 // the business's live declaration
    std::vector<Flag> flags;          // its flags, open and closed
    bool numbers_sent_today = false;  // a duplicate_notice went to its contact today
    bool notice_sent_today = false;   // a duplicate_other_notice went to its contact today
};

enum class Proof { kNone, kContactAddress, kUserNumber };

struct Admission {
    enum class Action { kUpgrade, kDuplicate } action = Action::kDuplicate;
    Proof proof = Proof::kNone;
    enum class Mail { kNone, kNumbers, kOtherNotice } mail = Mail::kNone;
    std::string flag_kind;  // a flag to open on the live declaration; empty for none
    std::string why;        // what the application proves: "it names the registered contact …"
    std::string reason;     // the same in Japanese, for the flag a clerk reads
    std::string note;       // for the intake record: what was decided and why
};

Admission admit(const Application& application, const AdmissionSnapshot& snapshot);

// The keys of the daily caps on the notices (Store answers_today / count_answer).
std::string numbers_notice_key(const Declaration& live);
std::string other_notice_key(const Declaration& live);

}  // namespace sa::intake
