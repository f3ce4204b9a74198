#include "domain/declaration.h"

#include "text/normalize.h"

namespace sa {

const char* to_string(Tier t) {
    return t == Tier::kOneStar ? "one_star" : "two_star";
}

const char* to_string(EntityType e) {
    return e == EntityType::kCorporation ? "corporation" : "sole_proprietor";
}

const char* to_string(DeclarationState s) {
    switch (s) {
        case DeclarationState::kIssued:
            return "issued";
        case DeclarationState::kAccepted:
            return "accepted";
        case DeclarationState::kWithdrawn:
            return "withdrawn";
        case DeclarationState::kSuperseded:
            return "superseded";
    }
    return "issued";
}

std::optional<Tier> parse_tier(const std::string& s) {
    if (s == "one_star") return Tier::kOneStar;
    if (s == "two_star") return Tier::kTwoStar;
    return std::nullopt;
}

std::optional<EntityType> parse_entity_type(const std::string& s) {
    if (s == "corporation") return EntityType::kCorporation;
    if (s == "sole_proprietor") return EntityType::kSoleProprietor;
    return std::nullopt;
}

std::optional<DeclarationState> parse_declaration_state(const std::string& s) {
    for (auto st : {DeclarationState::kIssued, DeclarationState::kAccepted,
                    DeclarationState::kWithdrawn, DeclarationState::kSuperseded}) {
        if (s == to_string(st)) return st;
    }
    return std::nullopt;
}

const char* tier_label(Tier t) {
    return t == Tier::kOneStar ? "一つ星" : "二つ星";
}

std::string identity_key(const Application& a) {
    if (a.entity_type == EntityType::kCorporation) return "corp:" + a.corporate_number;
    return "sole:" + text::match_key(a.trade_name) + "|" + text::match_key(a.representative_name) +
           "|" + a.prefecture;
}

std::string display_name(const Application& a) {
    return a.entity_type == EntityType::kCorporation ? a.business_name : a.trade_name;
}

}  // namespace sa
