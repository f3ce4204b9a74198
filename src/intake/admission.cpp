#include "intake/admission.h"

#include <algorithm>

#include "text/normalize.h"

namespace sa::intake {
namespace {

Proof proof_of(const Application& a, const Declaration& live) {
    if (!a.user_number.empty()) {
        // The form knew who was logged in: that, and nothing else, decides.
        return a.user_number == live.user_number ? Proof::kUserNumber : Proof::kNone;
    }
    return text::lower_ascii(a.contact_email) == text::lower_ascii(live.application.contact_email)
               ? Proof::kContactAddress
               : Proof::kNone;
}

bool open_of_kind(const std::vector<Flag>& flags, const std::string& kind) {
    return std::any_of(flags.begin(), flags.end(),
                       [&](const Flag& f) { return f.kind == kind && !f.closed_at; });
}

}  // namespace

std::string numbers_notice_key(const Declaration& live) {
    return "intake-numbers:" + live.identity_key;
}

std::string other_notice_key(const Declaration& live) {
    return "intake-notice:" + live.identity_key;
}

Admission admit(const Application& a, const AdmissionSnapshot& s) {
    const Declaration& live = s.live;
    Admission d;
    d.proof = proof_of(a, live);
    const bool upgrade = live.application.tier == Tier::kOneStar && a.tier == Tier::kTwoStar;
    d.why = d.proof == Proof::kUserNumber       ? "it carries the declaration's 利用者番号"
            : d.proof == Proof::kContactAddress ? "it names the registered contact address"
            : !a.user_number.empty() ? "it carries a 利用者番号 that is not the declaration's"
                                     : "it names another contact address and no 利用者番号";
    d.reason = d.proof == Proof::kUserNumber ? "この宣言の利用者番号が記載されています"
               : d.proof == Proof::kContactAddress ? "登録の担当者のメールアドレスです"
               : !a.user_number.empty()
                   ? "この宣言のものではない利用者番号が記載されています"
                   : "登録の担当者とは別のメールアドレスで、利用者番号の記載もありません";
    auto mail = [&](Admission::Mail kind, bool sent_today) {
        if (live.application.contact_email.empty() || live.contact_undeliverable) {
            d.note += "; no notice: the registered contact is undeliverable";
        } else if (sent_today) {
            d.note += "; no notice: one went to the registered contact today";
        } else {
            d.mail = kind;
            d.note += kind == Admission::Mail::kNumbers
                          ? "; numbers re-sent to the registered contact"
                          : "; the registered contact notified, without the 利用者番号";
        }
    };
    auto flag = [&](const std::string& kind) {
        if (open_of_kind(s.flags, kind)) {
            d.note += "; a flag " + kind + " is open already";
        } else {
            d.flag_kind = kind;
            d.note += "; flag " + kind + " opened for a clerk";
        }
    };
    if (d.proof != Proof::kNone) {
        if (upgrade) {
            d.action = Admission::Action::kUpgrade;
            d.note = "upgrade of " + live.declaration_id + ": " + d.why;
            return d;
        }
        d.note = "business already declared as " + live.declaration_id + ": " + d.why;
        mail(Admission::Mail::kNumbers, s.numbers_sent_today);
        return d;
    }
    d.note = std::string(upgrade ? "二つ星 application for " : "business already declared as ") +
             live.declaration_id + " not from its applicant (" + d.why +
             "): nothing superseded or issued";
    mail(Admission::Mail::kOtherNotice, s.notice_sent_today);
    flag(upgrade ? "upgrade_unverified" : "duplicate_other_contact");
    return d;
}

}  // namespace sa::intake
