// What a declaration is: the validated application it came from, and the declaration the
// secretariat issued for it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"

namespace sa {

enum class Tier { kOneStar, kTwoStar };
enum class EntityType { kCorporation, kSoleProprietor };
enum class DeclarationState { kIssued, kAccepted, kWithdrawn, kSuperseded };

// Stable text forms, as stored and printed: "one_star", "corporation", "issued"…
const char* to_string(Tier t);
const char* to_string(EntityType e);
const char* to_string(DeclarationState s);
std::optional<Tier> parse_tier(const std::string& s);
std::optional<EntityType> parse_entity_type(const std::string& s);
std::optional<DeclarationState> parse_declaration_state(const std::string& s);

// 一つ星 / 二つ星.
const char* tier_label(Tier t);

// A web-form application after validation: every field normalised (ASCII digits, full
// prefecture names, lower-case e-mail domain), no control characters.
struct Application {
    std::string application_id;
    std::string submitted_at;  // ISO 8601 as given
    UnixTime submitted_unix = 0;
    Tier tier = Tier::kOneStar;
    EntityType entity_type = EntityType::kCorporation;
    std::string corporate_number;  // 13 digits, corporations only
    std::string business_name;
    std::string trade_name;           // 屋号, sole proprietors
    std::string representative_name;  // 代表者名, sole proprietors
    std::string prefecture;
    std::string address, phone, industry;
    std::optional<std::int64_t> employees;
    std::string contact_name, contact_department, contact_email, contact_phone;
    bool pledge_five_principles = false;
    bool self_assessment_done = false;
    bool basic_policy_published = false;
    // The applicant's 利用者番号 when the form knew it (they had logged in): proof that an
    // upgrade or a re-application comes from the declaration's own applicant. Never stored on
    // a declaration, never printed.
    std::string user_number;
};

// The key that identifies a business across applications: the 法人番号 for a corporation;
// 屋号 + 代表者名 + 都道府県 (widths, kana and spaces folded) for a sole proprietor.
std::string identity_key(const Application& a);

// The name the business is addressed and listed by: 事業者名, or the 屋号 of a sole
// proprietor.
std::string display_name(const Application& a);

struct Declaration {
    std::int64_t id = 0;
    std::string declaration_id;  // 自己宣言ID, 4…
    std::string user_number;     // 利用者番号, 9…; secret
    Application application;     // the business and its registered contact
    std::string identity_key;
    DeclarationState state = DeclarationState::kIssued;
    UnixTime issued_at = 0;
    std::optional<UnixTime> accepted_at;
    std::optional<UnixTime> withdrawn_at;
    std::string withdraw_reason;
    std::optional<std::int64_t> superseded_by;  // row id of the declaration that replaced it
    bool contact_undeliverable = false;
};

}  // namespace sa
