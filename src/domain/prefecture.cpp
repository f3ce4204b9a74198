#include "domain/prefecture.h"

#include "text/normalize.h"

namespace sa {

const std::vector<std::string>& all_prefectures() {
    static const std::vector<std::string> kAll = {
        "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県",   "福島県", "茨城県",
        "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",
        "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",   "愛知県", "三重県",
        "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
        "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県",   "高知県", "福岡県",
        "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"};
    return kAll;
}

std::optional<std::string> normalize_prefecture(std::string_view typed) {
    std::string t = text::trim(text::fold_width(typed));
    std::string compact;
    for (char c : t) {
        if (c != ' ') compact += c;
    }
    if (compact.empty()) return std::nullopt;
    for (const std::string& full : all_prefectures()) {
        if (compact == full) return full;
        // The short form drops the trailing 都, 府 or 県 (three bytes each in UTF-8);
        // 北海道 has none.
        if (full != "北海道" && compact == full.substr(0, full.size() - 3)) return full;
    }
    return std::nullopt;
}

}  // namespace sa
