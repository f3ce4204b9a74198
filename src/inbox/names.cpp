#include "inbox/names.h"

#include <algorithm>
#include <vector>

#include "text/normalize.h"
#include "text/utf8.h"

namespace sa::inbox {
namespace {

using U = std::u32string;

U decode(std::string_view s) {
    U out;
    std::size_t pos = 0;
    char32_t cp = 0;
    while (pos < s.size()) {
        if (!utf8::next(s, pos, cp)) cp = utf8::kReplacement;
        out.push_back(cp);
    }
    return out;
}

std::string encode(const U& s) {
    std::string out;
    for (char32_t c : s) utf8::append(out, c);
    return out;
}

// Full-width ASCII and the ideographic space to ASCII, one code point for one, so that what
// is found in the folded line can be cut from the line as written.
U fold(const U& s) {
    U out = s;
    for (char32_t& c : out) {
        if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
        if (c == 0x3000 || c == U'\t') c = U' ';
    }
    return out;
}

bool is_space(char32_t c) {
    return c == U' ' || c == 0x3000 || c == U'\t';
}

U trim(U s) {
    while (!s.empty() && is_space(s.front())) s.erase(s.begin());
    while (!s.empty() && is_space(s.back())) s.pop_back();
    return s;
}

bool starts(const U& s, std::size_t at, const U& p) {
    return s.compare(at, p.size(), p) == 0;
}

bool ends(const U& s, const U& p) {
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

bool contains(const U& s, const U& p) {
    return s.find(p) != U::npos;
}

bool any_of(const U& s, std::initializer_list<const char32_t*> words) {
    return std::any_of(words.begin(), words.end(),
                       [&](const char32_t* w) { return contains(s, w); });
}

const std::vector<U> kTradeLabels = {U"屋号名",     U"屋号",     U"店舗名",   U"店名",
                                     U"お店の名前", U"店の名前", U"お店の名", U"ショップ名",
                                     U"サロン名",   U"やごう",   U"お店",     U"みせ"};
const std::vector<U> kRepLabels = {U"代表者氏名", U"代表者名", U"代表者", U"代表取締役社長",
                                   U"代表取締役", U"代表社員", U"代表",   U"院長",
                                   U"店主",       U"事業主名", U"事業主", U"オーナー",
                                   U"だいひょう"};

bool corporate(const U& v) {
    return any_of(v, {U"株式会社", U"有限会社", U"合同会社", U"合資会社", U"合名会社", U"(株)",
                      U"(有)", U"㈱", U"㈲", U"社団法人", U"財団法人", U"NPO法人", U"法人"});
}

// Words that mark a quotation as one of our mails or terms, not a shop's name.
bool about_us(const U& v) {
    return any_of(v,
                  {U"宣言", U"番号",     U"メール",       U"連絡", U"お知らせ", U"受理", U"登録",
                   U"完了", U"SECURITY", U"セキュリティ", U"審査", U"補助金",   U"申込", U"手引き",
                   U"ロゴ", U"星",       U"認定",         U"認証", U"取得",     U"補助"});
}

// Shops' names end or begin with what the shop is.
bool trade_like(const U& v) {
    if (v.size() < 2 || v.size() > 30 || corporate(v)) return false;
    if (any_of(v, {U"税理士", U"会計", U"行政書士", U"社労士", U"商工会", U"事務局", U"様",
                   U"事務所", U"部", U"課", U"室長"}))
        return false;
    static const std::vector<U> kEnds = {
        U"店",     U"屋",     U"堂",   U"亭",     U"庵",       U"工房",       U"食堂",
        U"農園",   U"園",     U"牧場", U"薬局",   U"医院",     U"院",         U"美容室",
        U"理容室", U"サロン", U"館",   U"印刷所", U"自動車",   U"商会",       U"スタジオ",
        U"教室",   U"塾",     U"荘",   U"舎",     U"ファーム", U"ベーカリー", U"設計",
        U"建築",   U"塗装",   U"電気", U"設備",   U"ジム",     U"クリニック", U"歯科",
        U"整体",   U"文具",   U"金属", U"鉄工",   U"運送",     U"商店",       U"本舗",
        U"処",     U"丸",     U"製菓", U"酒造",   U"醸造",     U"農場"};
    static const std::vector<U> kStarts = {
        U"カフェ",       U"cafe",   U"Cafe",       U"CAFE",         U"喫茶",
        U"そば処",       U"蕎麦",   U"居酒屋",     U"ラーメン",     U"ヘアサロン",
        U"ネイルサロン", U"美容室", U"民宿",       U"旅館",         U"割烹",
        U"鮨",           U"寿司",   U"お好み焼き", U"たこ焼き",     U"パン工房",
        U"フラワー",     U"花屋",   U"焼肉",       U"焼鳥",         U"やきとり",
        U"菓匠",         U"和菓子", U"洋菓子",     U"コーヒー",     U"珈琲",
        U"フィットネス", U"ヨガ",   U"鍼灸",       U"アトリエ",     U"ギャラリー",
        U"デザイン",     U"カット", U"ネイル",     U"ヘア",         U"整骨",
        U"接骨",         U"工房",   U"ベーカリー", U"ゲストハウス", U"カイロ"};
    for (const U& e : kEnds) {
        if (ends(v, e) && v.size() > e.size()) return true;
    }
    for (const U& s : kStarts) {
        if (starts(v, 0, s) && v.size() > s.size()) return true;
    }
    return false;
}

// A person's name: two to ten letters, possibly with one space, no punctuation.
bool name_like(const U& v) {
    if (v.size() < 2 || v.size() > 12 || corporate(v)) return false;
    int spaces = 0;
    for (char32_t c : v) {
        if (is_space(c)) {
            ++spaces;
            continue;
        }
        const bool kanji =
            (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3005;
        const bool kana =
            (c >= 0x3041 && c <= 0x30FA) || c == 0x30FC || (c >= 0xFF66 && c <= 0xFF9F);
        if (!kanji && !kana) return false;
    }
    if (spaces > 1) return false;
    // A name is kanji then kana (トシ子, ハル), or kana alone; kanji after hiragana is a verb
    // and a name (やってる佐々木).
    // Hiragana right after kanji is a verb's or a particle's (気がする), not a given name's,
    // which stands after a space (山田 はなこ).
    bool seen_hiragana = false;
    char32_t before = 0;
    for (char32_t c : v) {
        const bool hira = c >= 0x3041 && c <= 0x3096;
        const bool kanji_before = (before >= 0x4E00 && before <= 0x9FFF) || before == 0x3005;
        if (hira && kanji_before) return false;
        if (hira) seen_hiragana = true;
        if (seen_hiragana && ((c >= 0x4E00 && c <= 0x9FFF) || c == 0x3005)) return false;
        before = c;
    }
    for (const char32_t* w : {U"まま", U"こと",     U"もの", U"ため", U"よう", U"ところ", U"方",
                              U"人",   U"者",       U"父",   U"母",   U"本人", U"社長",   U"未定",
                              U"個人", U"個人事業", U"事業", U"なし", U"無し", U"特に"}) {
        if (v == w) return false;
    }
    return !any_of(v, {U"担当", U"事務", U"総務", U"経理", U"社長", U"店長", U"です", U"ます",
                       U"こと", U"よう", U"ため", U"ありません"});
}

bool first_person(const U& v) {
    for (const char32_t* w : {U"私", U"わたし", U"わたくし", U"僕", U"ぼく", U"自分", U"本人",
                              U"わし", U"うち", U"あたし", U"俺"}) {
        if (v == w) return true;
    }
    return false;
}

// Where a value ends: a clause end, a bracket, a copula, the next label, a prefecture.
std::size_t value_end(const U& f, std::size_t from) {
    static const std::vector<U> kStops = {U"、",         U"。",         U",",
                                          U"，",         U"/",          U"|",
                                          U"｜",         U"(",          U"（",
                                          U")",          U"です",       U"でございます",
                                          U"と申します", U"と申す",     U"になります",
                                          U"となります", U"といいます", U"と言います",
                                          U"でして",     U"だす",       U"やで",
                                          U"だよ",       U"ばい",       U"っす",
                                          U"ね。",       U"!",          U"?",
                                          U"「",         U"」",         U" で",
                                          U"いいます",   U"ゆいます",   U"っていいます",
                                          U"様"};
    static const std::vector<U> kNextLabels = {
        U"代表",   U"屋号",     U"都道府県", U"所在地",     U"住所",   U"法人番号",  U"電話",
        U"TEL",    U"Tel",      U"〒",       U"担当",       U"メール", U"おしえ",    U"教え",
        U"お願い", U"よろしく", U"宜しく",   U"だいひょう", U"やごう", U"じゅうしょ"};
    std::size_t end = f.size();
    for (const U& s : kStops) {
        std::size_t p = f.find(s, from);
        if (p != U::npos && p < end && p > from) end = p;
    }
    for (std::size_t p = from; p + 1 < end; ++p) {
        if (!is_space(f[p])) continue;
        if (is_space(f[p + 1])) {
            end = p;  // two spaces: a column
            break;
        }
        bool label = false;
        for (const U& l : kNextLabels) label = label || starts(f, p + 1, l);
        // A prefecture after a space: 「鳥居 健一 埼玉県」.
        for (const char32_t* suffix : {U"県", U"府", U"都"}) {
            for (std::size_t k = p + 2; k < std::min(f.size(), p + 6); ++k) {
                if (f[k] == suffix[0]) label = true;
            }
        }
        if (contains(f.substr(p + 1, 4), U"北海道")) label = true;
        // A word in kana that names a prefecture: 「ひろしまけん」.
        std::size_t word_end = f.find_first_of(U" /|、,", p + 1);
        if (word_end == U::npos) word_end = f.size();
        const U word = f.substr(p + 1, word_end - p - 1);
        if (contains(word, U"けん") || contains(word, U"ケン") || contains(word, U"県"))
            label = true;
        if (label) {
            end = p;
            break;
        }
    }
    return end;
}

// `person`: honorifics go too (鈴木様 → 鈴木); a shop keeps its name (民宿ちゅらさん).
U clean(U v, bool person = true) {
    v = trim(v);
    for (const char32_t* tail : {U"様", U"さま", U"さん", U"殿", U"です", U"でございます"}) {
        if (!person && (tail[0] == U'様' || tail[0] == U'さ' || tail[0] == U'殿')) continue;
        if (ends(v, tail) && v.size() > std::char_traits<char32_t>::length(tail))
            v = trim(v.substr(0, v.size() - std::char_traits<char32_t>::length(tail)));
    }
    if (!v.empty() && (v.front() == U'「' || v.front() == U'『')) v.erase(v.begin());
    if (!v.empty() && (v.back() == U'」' || v.back() == U'』')) v.pop_back();
    return trim(v);
}

struct Line {
    U raw, folded;
};

// The value after a label found at `at` (label of `len` code points), or empty.
U labelled_value(const Line& l, std::size_t at, std::size_t len, bool person) {
    const U& f = l.folded;
    std::size_t p = at + len;
    // A separator: ':', '】', '=', a space, は/が/も, or the value quoted right away.
    bool separated = false;
    while (p < f.size()) {
        const char32_t c = f[p];
        if (c == U':' || c == U'】' || c == U']' || c == U'=' || c == U'|' || is_space(c)) {
            separated = true;
            ++p;
            continue;
        }
        if (!separated && (c == U'は' || c == U'が' || c == U'も' || c == U'、')) {
            separated = true;
            ++p;
            continue;
        }
        break;
    }
    if (p >= f.size()) return {};
    if (f[p] == U'「' || f[p] == U'『') {
        const char32_t close = f[p] == U'「' ? U'」' : U'』';
        std::size_t e = f.find(close, p + 1);
        if (e == U::npos) return {};
        return trim(l.raw.substr(p + 1, e - p - 1));
    }
    if (!separated) return {};
    return clean(l.raw.substr(p, value_end(f, p) - p), person);
}

// Where a label may stand: the start of the line (after bullets), or after a clause end.
bool label_position(const U& f, std::size_t at) {
    std::size_t b = at;
    while (b > 0 && is_space(f[b - 1])) --b;
    if (b == 0 || b < at) return true;
    static const U kBefore = U"、。,/|(（「・■●◆◇□○◎※-*【[のはで新現";
    return kBefore.find(f[b - 1]) != U::npos;
}

// A 屋号 after a label: anything but "none", a sentence or one of our terms.
bool name_or_shop(const U& v) {
    for (const char32_t* none : {U"なし", U"無し", U"特にありません", U"ありません", U"特になし",
                                 U"ない", U"未定", U"不明"}) {
        if (v == none || starts(v, 0, none)) return false;
    }
    return !about_us(v) && !ends(v, U"ません") && !ends(v, U"した");
}

// A surname after a label, and the same surname with a given name after a later label.
void extend_with_later_label(const std::vector<Line>& lines, const Line& from, const U& surname,
                             std::string& slot) {
    bool after = false;
    for (const Line& l : lines) {
        if (&l == &from) after = true;
        if (!after) continue;
        for (const U& label : kRepLabels) {
            for (std::size_t at = l.folded.find(label); at != U::npos;
                 at = l.folded.find(label, at + 1)) {
                const U v = labelled_value(l, at, label.size(), true);
                if (v.size() > surname.size() && starts(v, 0, surname) && name_like(v)) {
                    slot = encode(v);
                    return;
                }
            }
        }
    }
}

void from_labels(const std::vector<Line>& lines, Names& out) {
    for (const Line& l : lines) {
        for (int kind = 0; kind < 2; ++kind) {
            std::string& slot = kind == 0 ? out.trade_name : out.representative_name;
            if (!slot.empty()) continue;
            for (const U& label : kind == 0 ? kTradeLabels : kRepLabels) {
                for (std::size_t at = l.folded.find(label); at != U::npos;
                     at = l.folded.find(label, at + 1)) {
                    if (!label_position(l.folded, at)) continue;
                    U v = labelled_value(l, at, label.size(), kind == 1);
                    // 「代表者を私、十河 翔に変えたい」「代表者を丸山 健太に変更」: the new one.
                    if (v.empty() && kind == 1 && at + label.size() < l.folded.size() &&
                        l.folded[at + label.size()] == U'を') {
                        std::size_t from = at + label.size() + 1;
                        std::size_t to = l.folded.find(U"に", from);
                        if (to != U::npos && to + 1 < l.folded.size() &&
                            (l.folded[to + 1] == U'変' || l.folded[to + 1] == U'交')) {
                            std::size_t comma = l.folded.find(U'、', from);
                            if (comma != U::npos && comma < to) from = comma + 1;
                            v = clean(l.raw.substr(from, to - from));
                        }
                    }
                    if (kind == 1 && first_person(v)) {
                        // 「代表は私、松川 清でございます」: the name after the pronoun.
                        std::size_t comma = l.folded.find(U'、', at);
                        if (comma != U::npos)
                            v = clean(l.raw.substr(comma + 1,
                                                   value_end(l.folded, comma + 1) - comma - 1));
                    }
                    if (v.empty() || v.size() > 40 || first_person(v)) continue;
                    if (kind == 0 && (corporate(v) || !name_or_shop(fold(v)))) continue;
                    // 前代表者 / 旧屋号: what was; a later 新 / 現 one wins.
                    if (at > 0 && (l.folded[at - 1] == U'前' || l.folded[at - 1] == U'旧'))
                        continue;
                    if (kind == 1 && !name_like(v)) continue;
                    slot = encode(v);
                    // 「代表、金丸でございます」 and later 「代表取締役 金丸 義男」: the full one.
                    if (kind == 1) extend_with_later_label(lines, l, v, slot);
                    break;
                }
                if (!slot.empty()) break;
            }
        }
    }
}

// The owner speaking: 営んでおります, やってる, 個人で, 店主.
bool owner_speaks(const U& f) {
    return any_of(f, {U"営ん", U"営む", U"営業して", U"やって", U"やっと", U"やりよ", U"経営",
                      U"個人で", U"個人事業", U"店主", U"夫婦で", U"一人で", U"家族で", U"屋号",
                      U"店をしております", U"店をしてます", U"屋をしております", U"しとる"});
}

bool kanji(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3005;
}
bool hiragana(char32_t c) {
    return c >= 0x3041 && c <= 0x3096;
}

// A name at the end of an introduction: 「…、中田 勝です」「…の佐々木 孝雄と申します」
// 「…やってる佐々木です」: the longest name that starts after a clause end, a space, or where
// kanji follow a verb's kana.
U introduced_name(const U& f, const U& raw) {
    static const U kDelimiters = U"、。,」「の(（)）";
    for (const char32_t* ending : {U"と申します", U"と申す者", U"でございます", U"です", U"だす",
                                   U"いいます", U"と言います", U"といいます", U"ゆいます"}) {
        const U e = ending;
        for (std::size_t p = f.find(e); p != U::npos; p = f.find(e, p + 1)) {
            U best;
            for (std::size_t b = p; b-- > 0 && p - b <= 12;) {
                if (kDelimiters.find(f[b]) != U::npos) break;
                const U cand = trim(raw.substr(b, p - b));
                const bool boundary = b == 0 || kDelimiters.find(f[b - 1]) != U::npos ||
                                      is_space(f[b - 1]) || (kanji(f[b]) && hiragana(f[b - 1]));
                if (boundary && name_like(cand)) best = cand;
            }
            if (!best.empty()) return best;
        }
    }
    return {};
}

void from_introductions(const std::vector<Line>& lines, std::size_t signature, Names& out) {
    for (std::size_t n = 0; n < lines.size() && n < signature; ++n) {
        const Line& l = lines[n];
        const U& f = l.folded;
        // A shop's name in quotation marks where the shop is spoken of.
        if (out.trade_name.empty() &&
            any_of(f, {U"屋号", U"店", U"営", U"やって", U"やっと", U"経営", U"個人", U"名前",
                       U"検索", U"調べ", U"いう"})) {
            for (std::size_t q = f.find(U'「'); q != U::npos; q = f.find(U'「', q + 1)) {
                std::size_t e = f.find(U'」', q + 1);
                if (e == U::npos) break;
                U v = trim(l.raw.substr(q + 1, e - q - 1));
                // A name, not a quoted sentence (「IDが分からない」).
                const U fv = fold(v);
                const bool sentence = contains(fv, U"が") || contains(fv, U"を") ||
                                      ends(fv, U"ない") || ends(fv, U"ません") ||
                                      ends(fv, U"ます") || ends(fv, U"した") || ends(fv, U"です") ||
                                      ends(fv, U"たい");
                if (v.size() >= 2 && v.size() <= 30 && !corporate(v) && !about_us(fv) &&
                    !sentence) {
                    out.trade_name = encode(v);
                    break;
                }
            }
        }
        // 「Xの Y と申します」 where X is a shop.
        if (out.trade_name.empty()) {
            for (const char32_t* ending : {U"と申します", U"でございます", U"です"}) {
                std::size_t p = f.find(ending);
                if (p == U::npos) continue;
                std::size_t no = f.rfind(U'の', p);
                if (no == U::npos || no == 0) continue;
                std::size_t b = no;
                while (b > 0 && !(f[b - 1] == U'、' || f[b - 1] == U'。' || f[b - 1] == U'は' ||
                                  f[b - 1] == U'で' || f[b - 1] == U'」'))
                    --b;
                // The shop is what comes before the first の: 「ラーメン一番星の店長の佐野です」.
                no = f.find(U'の', b);
                U shop = trim(l.raw.substr(b, no - b));
                if (trade_like(fold(shop))) out.trade_name = encode(shop);
                break;
            }
        }
        // The owner of a shop introducing themselves; an employee, an accountant or a vendor
        // introduces someone who is not the 代表者.
        const bool employee =
            corporate(f) ||
            any_of(f, {U"弊社", U"当社",     U"社員", U"担当", U"事務", U"総務", U"経理", U"税理士",
                       U"会計", U"ベンダー", U"支援", U"妻",   U"息子", U"娘",   U"家内", U"主人",
                       U"店長", U"スタッフ", U"大学", U"学生", U"学部", U"研究"});
        if (out.representative_name.empty() && owner_speaks(f) && !employee) {
            U v = introduced_name(f, l.raw);
            if (!v.empty()) out.representative_name = encode(v);
        }
    }
    // A surname introduced, the full name written at the end: take the full one.
    if (!out.representative_name.empty() &&
        out.representative_name.find(' ') == std::string::npos) {
        const U surname = decode(out.representative_name);
        for (std::size_t n = lines.size(); n-- > 0;) {
            const U t = trim(lines[n].raw);
            if (t.size() > surname.size() && t.size() <= surname.size() + 8 &&
                starts(t, 0, surname) && name_like(t)) {
                out.representative_name = encode(t);
                break;
            }
            // 「丸山 和彦」 somewhere in a line: the surname, a space, a given name.
            for (std::size_t p = lines[n].raw.find(surname); p != U::npos;
                 p = lines[n].raw.find(surname, p + 1)) {
                std::size_t e = p + surname.size();
                if (e >= lines[n].raw.size() || !is_space(lines[n].raw[e])) continue;
                std::size_t g = e + 1;
                while (g < lines[n].raw.size() && kanji(lines[n].raw[g]) && g - e <= 3) ++g;
                if (g - e >= 2) {
                    out.representative_name = encode(lines[n].raw.substr(p, g - p));
                    return;
                }
            }
        }
    }
}

// A shop's signature: its name above its owner's.
void from_signature(const std::vector<Line>& lines, std::size_t signature, Names& out) {
    const std::size_t from = std::min(signature, lines.size() >= 6 ? lines.size() - 6 : 0);
    for (std::size_t n = from; n < lines.size(); ++n) {
        const U shop = trim(lines[n].raw);
        if (!trade_like(fold(shop))) continue;
        for (std::size_t k = n + 1; k < lines.size() && k <= n + 2; ++k) {
            U person = trim(lines[k].raw);
            for (const char32_t* title : {U"代表", U"店主", U"院長", U"オーナー", U"事業主"}) {
                if (starts(person, 0, title))
                    person = trim(person.substr(std::char_traits<char32_t>::length(title)));
            }
            if (!name_like(person)) continue;
            if (out.trade_name.empty()) out.trade_name = encode(shop);
            if (out.representative_name.empty()) out.representative_name = encode(person);
            return;
        }
    }
}

}  // namespace

Names find_names(const std::string& text, std::size_t signature) {
    std::vector<Line> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t eol = text.find('\n', start);
        std::string line =
            text.substr(start, eol == std::string::npos ? std::string::npos : eol - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        U raw = decode(line);
        lines.push_back({raw, fold(raw)});
        if (eol == std::string::npos) break;
        start = eol + 1;
    }
    Names out;
    from_labels(lines, out);
    // A corporation's mail: its people are not a shop's owner (labels still count).
    for (std::size_t n = 0; n < lines.size(); ++n) {
        if (corporate(lines[n].folded)) return out;
    }
    from_introductions(lines, signature, out);
    bool own_shop = false;
    for (std::size_t n = 0; n < lines.size() && n < signature; ++n)
        own_shop = own_shop || owner_speaks(lines[n].folded);
    if (own_shop) from_signature(lines, signature, out);
    return out;
}

}  // namespace sa::inbox
