#include "inbox/place.h"

#include <algorithm>
#include <string_view>

#include "domain/prefecture.h"
#include "text/morphology.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace sa::inbox {
namespace {

bool starts_with_at(std::string_view s, std::size_t at, std::string_view p) {
    return s.substr(at, p.size()) == p;
}

bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Hiragana readings and romaji of the 47, in JIS X 0401 order like all_prefectures().
const char* const kReadings[47][2] = {
    {"ほっかいどう", "hokkaido"},
    {"あおもり", "aomori"},
    {"いわて", "iwate"},
    {"みやぎ", "miyagi"},
    {"あきた", "akita"},
    {"やまがた", "yamagata"},
    {"ふくしま", "fukushima"},
    {"いばらき", "ibaraki"},
    {"とちぎ", "tochigi"},
    {"ぐんま", "gunma"},
    {"さいたま", "saitama"},
    {"ちば", "chiba"},
    {"とうきょう", "tokyo"},
    {"かながわ", "kanagawa"},
    {"にいがた", "niigata"},
    {"とやま", "toyama"},
    {"いしかわ", "ishikawa"},
    {"ふくい", "fukui"},
    {"やまなし", "yamanashi"},
    {"ながの", "nagano"},
    {"ぎふ", "gifu"},
    {"しずおか", "shizuoka"},
    {"あいち", "aichi"},
    {"みえ", "mie"},
    {"しが", "shiga"},
    {"きょうと", "kyoto"},
    {"おおさか", "osaka"},
    {"ひょうご", "hyogo"},
    {"なら", "nara"},
    {"わかやま", "wakayama"},
    {"とっとり", "tottori"},
    {"しまね", "shimane"},
    {"おかやま", "okayama"},
    {"ひろしま", "hiroshima"},
    {"やまぐち", "yamaguchi"},
    {"とくしま", "tokushima"},
    {"かがわ", "kagawa"},
    {"えひめ", "ehime"},
    {"こうち", "kochi"},
    {"ふくおか", "fukuoka"},
    {"さが", "saga"},
    {"ながさき", "nagasaki"},
    {"くまもと", "kumamoto"},
    {"おおいた", "oita"},
    {"みやざき", "miyazaki"},
    {"かごしま", "kagoshima"},
    {"おきなわ", "okinawa"},
};

// Cities and districts a clerk places without a prefecture.
const std::vector<std::pair<const char*, const char*>>& cities() {
    static const std::vector<std::pair<const char*, const char*>> kCities = {
        {"札幌", "北海道"},   {"函館", "北海道"},   {"旭川", "北海道"},     {"仙台", "宮城県"},
        {"盛岡", "岩手県"},   {"花巻", "岩手県"},   {"横手", "秋田県"},     {"郡山", "福島県"},
        {"いわき", "福島県"}, {"会津", "福島県"},   {"水戸", "茨城県"},     {"宇都宮", "栃木県"},
        {"前橋", "群馬県"},   {"高崎", "群馬県"},   {"桐生", "群馬県"},     {"川越", "埼玉県"},
        {"船橋", "千葉県"},   {"八王子", "東京都"}, {"新宿", "東京都"},     {"渋谷", "東京都"},
        {"横浜", "神奈川県"}, {"川崎", "神奈川県"}, {"相模原", "神奈川県"}, {"横須賀", "神奈川県"},
        {"長岡", "新潟県"},   {"金沢", "石川県"},   {"甲府", "山梨県"},     {"松本", "長野県"},
        {"信州", "長野県"},   {"浜松", "静岡県"},   {"沼津", "静岡県"},     {"焼津", "静岡県"},
        {"名古屋", "愛知県"}, {"豊田", "愛知県"},   {"一宮", "愛知県"},     {"四日市", "三重県"},
        {"大津", "滋賀県"},   {"堺", "大阪府"},     {"東大阪", "大阪府"},   {"神戸", "兵庫県"},
        {"姫路", "兵庫県"},   {"倉敷", "岡山県"},   {"福山", "広島県"},     {"下関", "山口県"},
        {"松江", "島根県"},   {"高松", "香川県"},   {"丸亀", "香川県"},     {"松山", "愛媛県"},
        {"博多", "福岡県"},   {"北九州", "福岡県"}, {"佐世保", "長崎県"},   {"那覇", "沖縄県"},
    };
    return kCities;
}

struct Candidate {
    std::string prefecture;
    double score = 0;
    std::size_t order = 0;  // position in the text, for ties
};

// What follows a place name that makes it a place: 市, 区, で, の …
bool followed_by_place(std::string_view rest) {
    for (const char* p : {"市", "区", "町", "村", "郡", "県内", "府内", "都内", "市内", "方面",
                          "在住", "地方", "エリア", "周辺", "近郊", "の方", "出身"}) {
        if (starts_with_at(rest, 0, p)) return true;
    }
    return false;
}

// 「宮崎です」「松本でございます」: the copula after a surname, not 「で」 of a place.
bool copula(std::string_view rest) {
    for (const char* c : {"です", "でした", "でございます", "でござい", "だす", "でーす"}) {
        if (starts_with_at(rest, 0, c)) return true;
    }
    return false;
}

// Prefectures whose short form is also a common surname.
bool surname_too(std::string_view shortform) {
    for (const char* s : {"宮崎", "山口", "石川", "福島", "岡山", "長野", "福井", "富山", "山形",
                          "秋田", "千葉", "熊本", "宮城", "長崎", "香川", "佐賀", "広島", "福岡",
                          "岩手", "青森", "高知", "島根", "鳥取", "奈良", "新潟", "静岡", "兵庫"}) {
        if (shortform == s) return true;
    }
    return false;
}

// The place is set aside or left: 「京都やなくて」「東京ではなく」「東京から」.
double aside(std::string_view rest) {
    for (const char* p : {"ではなく", "じゃなく", "やなく", "ではありません", "じゃない",
                          "ちゃうくて", "ではない"}) {
        if (starts_with_at(rest, 0, p)) return 0;
    }
    for (const char* p : {"から", "より"}) {
        if (starts_with_at(rest, 0, p)) return 0.4;
    }
    return 1;
}

// A label before the place: 所在地, 住所, 都道府県, 県, 本社 …, then a separator.
bool labelled(std::string_view before) {
    std::string b = text::trim(before);
    for (const char* sep : {"は", ":", "：", "】", "]", "=", "が", "も", "|"}) {
        if (ends_with(b, sep)) {
            b = text::trim(b.substr(0, b.size() - std::string(sep).size()));
            break;
        }
    }
    for (const char* label :
         {"所在地", "住所", "都道府県", "本社", "本店", "所在", "場所", "地域", "エリア", "拠点",
          "事業所", "所在都道府県", "都道府県名", "お住まい", "地区"}) {
        if (ends_with(b, label)) return true;
    }
    // 「県は広島です」: 県 or 府 as a word of its own, not the end of 大阪府 before 大阪市.
    for (const char* label : {"県", "府"}) {
        if (!ends_with(b, label)) continue;
        const std::string head = text::trim(b.substr(0, b.size() - 3));
        if (head.empty() || ends_with(head, "の") || ends_with(head, "、") || ends_with(head, "。"))
            return true;
    }
    return false;
}

// A line in which the writer speaks of their own office while writing for someone else.
bool intermediary(std::string_view line) {
    const bool self = line.find("弊社") != std::string_view::npos ||
                      line.find("当社") != std::string_view::npos ||
                      line.find("当事務所") != std::string_view::npos ||
                      line.find("当職") != std::string_view::npos ||
                      line.find("と申します") != std::string_view::npos ||
                      line.find("でございます") != std::string_view::npos ||
                      ends_with(text::trim(line), "です。") || ends_with(text::trim(line), "です");
    if (!self) return false;
    for (const char* role : {"ベンダー", "会計", "税理士", "行政書士", "社労士", "事務所", "支援",
                             "コンサル", "代理", "販売店", "システム会社"}) {
        if (line.find(role) != std::string_view::npos) return true;
    }
    return false;
}

// A line that names the client: 様, お客様, 関与先, 顧問先, a 法人番号.
bool client(std::string_view line) {
    for (const char* m : {"様", "お客様", "関与先", "顧問先", "クライアント", "法人番号", "依頼者",
                          "依頼人", "事業者の方", "個人事業主の方"}) {
        if (line.find(m) != std::string_view::npos) return true;
    }
    return false;
}

}  // namespace

std::string business_prefecture(const std::vector<std::string>& lines, std::size_t signature) {
    const auto& full = all_prefectures();
    std::vector<Candidate> found;
    std::size_t order = 0;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::string& line = lines[n];
        const std::string lower = text::lower_ascii(line);
        double weight = n >= signature ? 0.6 : 1.0;
        if (intermediary(line)) weight *= 0.5;
        if (client(line)) weight *= 1.3;
        // Full names first; the short forms inside them are not looked at again.
        std::vector<bool> taken(line.size(), false);
        auto add = [&](std::size_t at, std::size_t len, const std::string& pref, double score) {
            const std::string_view rest = std::string_view(line).substr(at + len);
            score *= aside(rest);
            if (score <= 0) return;
            if (labelled(std::string_view(line).substr(0, at))) score += 3;
            found.push_back({pref, score * weight, order + at});
            for (std::size_t k = at; k < at + len && k < taken.size(); ++k) taken[k] = true;
        };
        for (const std::string& f : full) {
            for (std::size_t p = line.find(f); p != std::string::npos; p = line.find(f, p + 1))
                add(p, f.size(), f, 4);
        }
        for (std::size_t i = 0; i < full.size(); ++i) {
            const std::string& f = full[i];
            const std::string shortform = f == "北海道" ? f : f.substr(0, f.size() - 3);
            for (std::size_t p = line.find(shortform); p != std::string::npos;
                 p = line.find(shortform, p + 1)) {
                if (taken[p]) continue;
                const std::string_view rest = std::string_view(line).substr(p + shortform.size());
                const std::string_view before = std::string_view(line).substr(0, p);
                if (followed_by_place(rest)) {
                    add(p, shortform.size(), f, 4);
                } else if (labelled(before)) {
                    add(p, shortform.size(), f, 3);
                } else if (starts_with_at(rest, 0, "で") && copula(rest) &&
                           !surname_too(shortform)) {
                    // 「埼玉です」 answers where; 「宮崎です」 may be a person.
                    add(p, shortform.size(), f, 2.5);
                } else if ((starts_with_at(rest, 0, "で") && !copula(rest)) ||
                           starts_with_at(rest, 0, "にて") || starts_with_at(rest, 0, "の")) {
                    // 「岩手の花巻で」「大阪で店を」; a surname (宮崎です, 山口様) is not followed
                    // so.
                    add(p, shortform.size(), f, 2.5);
                }
            }
            // Kana and romaji: 「ちばけん」「みやざき県」「ぐんま」, "in Fukuoka".
            const std::string kana = kReadings[i][0];
            for (std::string k : {kana, text::to_katakana(kana)}) {
                for (std::size_t p = line.find(k); p != std::string::npos;
                     p = line.find(k, p + 1)) {
                    const std::string_view rest = std::string_view(line).substr(p + k.size());
                    // Short readings are words too (なら, しが, みえ): only with 県 or 市.
                    const bool long_reading = utf8::length(k) >= 3;
                    bool suffix = false;
                    for (const char* s : {"けん", "ケン", "県", "ふ", "府", "し", "市", "都"}) {
                        if (starts_with_at(rest, 0, s)) suffix = true;
                    }
                    for (const char* s : {"で", "の"}) {
                        if (long_reading && starts_with_at(rest, 0, s)) suffix = true;
                    }
                    if (suffix || (long_reading && text::trim(rest).empty()))
                        add(p, k.size(), f, 3);
                }
            }
            const std::string roman = kReadings[i][1];
            for (std::size_t p = lower.find(roman); p != std::string::npos;
                 p = lower.find(roman, p + 1)) {
                const bool word_start =
                    p == 0 || !std::isalpha(static_cast<unsigned char>(lower[p - 1]));
                const std::size_t e = p + roman.size();
                const bool word_end =
                    e >= lower.size() || !std::isalpha(static_cast<unsigned char>(lower[e])) ||
                    starts_with_at(lower, e, "-ken") || starts_with_at(lower, e, "-fu");
                if (word_start && word_end && std::isupper(static_cast<unsigned char>(line[p])))
                    add(p, roman.size(), f, 3);
            }
        }
        for (const auto& [city, pref] : cities()) {
            const std::string c = city;
            // 松本, 川崎, 豊田 are surnames as well: those only with 市 or 区.
            const bool surname = c == "松本" || c == "川崎" || c == "豊田" || c == "大津" ||
                                 c == "長岡" || c == "高崎" || c == "一宮" || c == "前橋";
            for (std::size_t p = line.find(c); p != std::string::npos; p = line.find(c, p + 1)) {
                if (taken[p]) continue;
                const std::string_view rest = std::string_view(line).substr(p + c.size());
                const bool near = (starts_with_at(rest, 0, "で") && !copula(rest)) ||
                                  starts_with_at(rest, 0, "の") || starts_with_at(rest, 0, "に");
                if (followed_by_place(rest) || (near && !surname)) add(p, c.size(), pref, 2);
            }
        }
        order += line.size() + 1;
    }
    if (found.empty()) return "";
    const auto best =
        std::max_element(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
            return a.score < b.score || (a.score == b.score && a.order > b.order);
        });
    return best->prefecture;
}

}  // namespace sa::inbox
