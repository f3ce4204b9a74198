// The 47 都道府県 and the short forms people write (東京 → 東京都, 大阪 → 大阪府).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sa {

// The full name ("大阪府") for a full or short form, with spaces and widths normalised; empty
// when `typed` names no prefecture.
std::optional<std::string> normalize_prefecture(std::string_view typed);

// All 47 full names in JIS X 0401 order.
const std::vector<std::string>& all_prefectures();

}  // namespace sa
