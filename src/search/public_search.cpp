#include "search/public_search.h"

#include <Poco/JSON/Object.h>

#include <sstream>

#include "core/time_format.h"
#include "domain/ids.h"
#include "domain/prefecture.h"
#include "text/normalize.h"

namespace sa::search {

Result<SearchQuery> to_query(const Request& r) {
    SearchQuery q;
    q.name_key = text::match_key(text::trim(r.name));
    if (!text::trim(r.prefecture).empty()) {
        auto p = normalize_prefecture(r.prefecture);
        if (!p) return Status::invalid("prefecture '" + r.prefecture + "' is not one of the 47");
        q.prefecture = *p;
    }
    std::string tier = text::trim(text::fold_width(r.tier));
    if (tier == "one_star" || tier == "一つ星") {
        q.tier = Tier::kOneStar;
    } else if (tier == "two_star" || tier == "二つ星") {
        q.tier = Tier::kTwoStar;
    } else if (!tier.empty()) {
        return Status::invalid("tier must be one_star or two_star");
    }
    if (!text::trim(r.id).empty()) {
        std::string id = text::digits_only(r.id);
        IdCheck c = check_id(id);
        // Only a 自己宣言ID is searchable; a 利用者番号 is never accepted as a key here.
        if (!c.looks_like_id || c.kind != IdKind::kDeclarationId) {
            return Status::invalid("id must be a 自己宣言ID: 11 digits starting with 4");
        }
        if (!c.valid)
            return Status::invalid("the 自己宣言ID fails its check digit: probably mistyped");
        q.declaration_id = id;
    }
    return q;
}

Result<std::vector<PublicEntry>> run(Store& store, const Request& r, std::size_t limit) {
    auto q = to_query(r);
    if (!q) return q.status();
    std::vector<PublicEntry> out;
    Status s = store.read([&](Transaction& tx) { out = tx.search(*q, limit); });
    if (!s) return s;
    return out;
}

Poco::JSON::Object json_object(const PublicEntry& e, int utc_offset_minutes) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("name", e.name);
    o.set("prefecture", e.prefecture);
    o.set("tier", to_string(e.tier));
    o.set("tier_label", tier_label(e.tier));
    o.set("declared_date", format_date(e.declared_at, utc_offset_minutes));
    o.set("declaration_id", e.declaration_id);
    return o;
}

std::string to_json(const PublicEntry& e, int utc_offset_minutes) {
    std::ostringstream out;
    json_object(e, utc_offset_minutes).stringify(out);
    return out.str();
}

}  // namespace sa::search
