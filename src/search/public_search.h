// The public search of declared businesses: accepted declarations only, and of each only its
// name, prefecture, tier, declaration date and 自己宣言ID. Used by `sa-batch search` and by
// the HTTP page subsidy offices use to verify a declaration.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include "store/store.h"

namespace sa::search {

struct Request {
    std::string name;        // partial, width- and kana-insensitive
    std::string prefecture;  // full or short form
    std::string tier;        // one_star, two_star, 一つ星, 二つ星
    std::string id;          // 自己宣言ID
};

// kInvalid naming the parameter when one does not parse (an unknown prefecture, a 9… number).
Result<SearchQuery> to_query(const Request& r);

Result<std::vector<PublicEntry>> run(Store& store, const Request& r, std::size_t limit);

// {"name":…,"prefecture":…,"tier":"one_star","tier_label":"一つ星","declared_date":"2026-11-20",
//  "declaration_id":…}, keys in that order; to_json is that object written out.
Poco::JSON::Object json_object(const PublicEntry& e, int utc_offset_minutes);
std::string to_json(const PublicEntry& e, int utc_offset_minutes);

}  // namespace sa::search
