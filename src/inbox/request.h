// What a person's mail asks for, decided from its sentences (inbox/sentences.h) the way a
// clerk decides it: by the request, not by the words. Each rule names an act and what it is
// done to (「IDを忘れた」: forgetting, of a number; 「完了メールを再送」: sending again, of a mail)
// and fires in a clause where the act is affirmed or negated as the rule wants; its weight
// grows in the sentence that asks and shrinks in a preface, in hearsay and in the subject; a
// greeting or a signature weighs nothing. The intent with the most weight is the primary
// request, the next one (when it weighs enough) the secondary; the confidence is the primary's
// share of all the weight, an unrecognised request weighing as `other`. Pure.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "inbox/intent.h"
#include "inbox/sentences.h"

namespace sa::inbox {

struct Evidence {
    Intent intent = Intent::kOther;
    double weight = 0;
    std::string rule;  // e.g. "lost: number"
    Role role = Role::kBody;
    std::string sentence;            // the sentence, width-folded
    std::vector<std::string> words;  // the words that fired, as written
};

struct RequestReading {
    Intent primary = Intent::kOther;
    Intent secondary = Intent::kOther;  // kOther when there is none
    double confidence = 0;              // 0–1
    std::array<double, kIntentCount> scores{};
    std::vector<Evidence> evidence;  // every rule that fired, heaviest first
};

RequestReading read_request(const std::vector<Sentence>& sentences);

}  // namespace sa::inbox
