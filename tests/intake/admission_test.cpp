// Who may upgrade or re-apply: admit() over hand-made snapshots, no store.
#include <catch2/catch.hpp>

#include "intake/admission.h"
#include "support/fixtures.h"

using namespace sa;
using namespace sa::intake;

namespace {

AdmissionSnapshot one_star_declared() {
    AdmissionSnapshot s;
    s.live.id = 7;
    s.live.declaration_id = "44794139812";
    s.live.user_number = "91234567898";
    s.live.application = test::corporation_application("OLD-1");
    s.live.identity_key = identity_key(s.live.application);
    return s;
}

Application two_star(Application a) {
    a.tier = Tier::kTwoStar;
    a.self_assessment_done = a.basic_policy_published = true;
    return a;
}

Application from(const std::string& email, Application a = test::corporation_application("N-1")) {
    a.contact_email = email;
    return a;
}

}  // namespace

TEST_CASE("an upgrade is proven by the registered address or by the 利用者番号",
          "[intake][admission]") {
    const AdmissionSnapshot s = one_star_declared();
    Admission by_address = admit(two_star(from("TANAKA@yamada-seisakusho.example")), s);
    CHECK(by_address.action == Admission::Action::kUpgrade);
    CHECK(by_address.proof == Proof::kContactAddress);
    CHECK(by_address.mail == Admission::Mail::kNone);
    CHECK(by_address.flag_kind.empty());

    Application logged_in = two_star(from("new-person@yamada-seisakusho.example"));
    logged_in.user_number = "91234567898";
    Admission by_number = admit(logged_in, s);
    CHECK(by_number.action == Admission::Action::kUpgrade);
    CHECK(by_number.proof == Proof::kUserNumber);
}

TEST_CASE("an upgrade without proof supersedes nothing and waits under a flag",
          "[intake][admission][security]") {
    AdmissionSnapshot s = one_star_declared();
    Admission d = admit(two_star(from("attacker@elsewhere.example")), s);
    CHECK(d.action == Admission::Action::kDuplicate);
    CHECK(d.proof == Proof::kNone);
    CHECK(d.flag_kind == "upgrade_unverified");
    CHECK(d.mail == Admission::Mail::kOtherNotice);

    // Someone else's 利用者番号, even from the registered address, proves nothing.
    Application wrong = two_star(from("tanaka@yamada-seisakusho.example"));
    wrong.user_number = "98765432103";
    Admission w = admit(wrong, s);
    CHECK(w.action == Admission::Action::kDuplicate);
    CHECK(w.flag_kind == "upgrade_unverified");
    CHECK(w.note.find("98765432103") == std::string::npos);

    // A flag of the kind open already: no second one; a notice today already: no second one.
    Flag open;
    open.kind = "upgrade_unverified";
    s.flags.push_back(open);
    s.notice_sent_today = true;
    Admission again = admit(two_star(from("attacker@elsewhere.example")), s);
    CHECK(again.flag_kind.empty());
    CHECK(again.mail == Admission::Mail::kNone);
    // A closed one does not count.
    s.flags[0].closed_at = 1;
    CHECK(admit(two_star(from("attacker@elsewhere.example")), s).flag_kind == "upgrade_unverified");
}

TEST_CASE(
    "a re-application: the numbers to the registered contact once a day, from another "
    "address a notice without them and a flag",
    "[intake][admission][security]") {
    AdmissionSnapshot s = one_star_declared();
    Admission same = admit(from("tanaka@yamada-seisakusho.example"), s);
    CHECK(same.action == Admission::Action::kDuplicate);
    CHECK(same.mail == Admission::Mail::kNumbers);
    CHECK(same.flag_kind.empty());
    s.numbers_sent_today = true;
    CHECK(admit(from("tanaka@yamada-seisakusho.example"), s).mail == Admission::Mail::kNone);

    Admission other = admit(from("squatter@elsewhere.example"), s);
    CHECK(other.mail == Admission::Mail::kOtherNotice);
    CHECK(other.flag_kind == "duplicate_other_contact");

    // A 二つ星 declared already: a 二つ星 or 一つ星 application is a duplicate, never an upgrade.
    s.live.application.tier = Tier::kTwoStar;
    CHECK(admit(two_star(from("tanaka@yamada-seisakusho.example")), s).action ==
          Admission::Action::kDuplicate);
    CHECK(admit(from("x@elsewhere.example"), s).flag_kind == "duplicate_other_contact");

    // No mail to a contact that bounced.
    s.live.contact_undeliverable = true;
    s.numbers_sent_today = false;
    Admission bounced = admit(from("tanaka@yamada-seisakusho.example"), s);
    CHECK(bounced.mail == Admission::Mail::kNone);
    CHECK(bounced.note.find("undeliverable") != std::string::npos);
}
