#include "inbox/sentences.h"

#include <algorithm>
#include <set>

#include "text/normalize.h"
#include "text/utf8.h"

namespace sa::inbox {
namespace {

using text::Morpheme;
using text::Pos;

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}
bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool contains(std::string_view s, std::string_view p) {
    return s.find(p) != std::string_view::npos;
}

std::vector<std::string> split_lines(std::string_view s) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t eol = s.find('\n', start);
        std::string line(s.substr(start, eol == std::string_view::npos ? eol : eol - start));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
        if (eol == std::string_view::npos) break;
        start = eol + 1;
    }
    return lines;
}

// A line drawn as a rule: "-----", "=====", "――――", "＊＊＊", "☆★☆★".
bool is_rule_line(std::string_view line) {
    std::string t = text::trim(line);
    if (t == "--" || t == "-- ") return true;
    std::size_t pos = 0, count = 0;
    char32_t cp = 0;
    static const std::u32string kRuleChars = U"-=_*~#+^─━―‐ー＝＊☆★◆◇■□●○・◎※〓～…";
    while (pos < t.size()) {
        if (!utf8::next(t, pos, cp)) return false;
        if (cp == U' ') continue;
        if (kRuleChars.find(cp) == std::u32string::npos) return false;
        ++count;
    }
    return count >= 3;
}

// Telephone, fax, postal code, URL, mail address: what a signature holds.
bool has_contact_detail(std::string_view line) {
    std::string l = text::lower_ascii(line);
    for (const char* m : {"tel", "fax", "電話", "〒", "e-mail", "email", "mail:", "mail :", "http",
                          "www.", "@", "携帯", "住所", "内線", "url", "ＴＥＬ"}) {
        if (contains(l, m)) return true;
    }
    // A telephone number: 0 followed by digits and hyphens.
    for (std::size_t i = 0; i + 11 < l.size(); ++i) {
        if (l[i] == '0' && std::isdigit(static_cast<unsigned char>(l[i + 1]))) {
            int digits = 0, hyphens = 0;
            std::size_t j = i;
            while (j < l.size() &&
                   (std::isdigit(static_cast<unsigned char>(l[j])) || l[j] == '-')) {
                (l[j] == '-' ? hyphens : digits)++;
                ++j;
            }
            if (digits >= 10 && hyphens >= 1) return true;
        }
    }
    return false;
}

// A line that ends a sentence of running text, unlike a signature's name or address lines.
bool reads_as_prose(std::string_view line) {
    std::string t = text::trim(line);
    for (const char* end : {"。", "?", "？", "!", "！", "ます", "です", "ください", "下さい",
                            "ました", "ません", "でした", "ね", "よ", "か"}) {
        if (ends_with(t, end)) return true;
    }
    return contains(t, "。");
}

bool is_bullet_or_label(std::string_view line) {
    std::string t = text::trim(line);
    for (const char* lead :
         {"・", "■", "●", "◆", "◇", "□",  "○",  "◎",  "※",  "-",  "*",  "【", "[",  "(", "（",
          "①",  "②", "③", "④", "⑤", "1.", "2.", "3.", "4.", "5.", "1)", "2)", "3)", "> "}) {
        if (starts_with(t, lead)) return true;
    }
    // "label: value" within the first few characters.
    std::size_t colon = std::min(t.find(':'), t.find("："));
    return colon != std::string::npos && colon <= 30;
}

bool ends_sentence(std::string_view line) {
    std::string t = text::trim(line);
    if (t.empty()) return true;
    for (const char* end :
         {"。", "?",    "？",   "!",        "！",     "」",       "』",     ")",
          "）", "ます", "です", "ください", "下さい", "ました",   "ません", "でした",
          "ね", "よ",   "さい", "ので",     "たい",   "思います", "します", "しました"}) {
        if (ends_with(t, end)) return true;
    }
    return false;
}

// A whole sentence that is a formula: an opening, a closing, a salutation.
bool is_greeting(std::string_view sentence) {
    std::string t = text::trim(sentence);
    for (const char* tail : {"。", "!", "！", "m(_ _)m", "m(__)m"}) {
        while (ends_with(t, tail)) t = text::trim(t.substr(0, t.size() - std::string(tail).size()));
    }
    if (t.empty()) return true;
    static const char* kFormulas[] = {"お世話になっております",
                                      "お世話になります",
                                      "いつもお世話になっております",
                                      "いつもお世話になります",
                                      "お世話様です",
                                      "お疲れ様です",
                                      "お疲れさまです",
                                      "はじめまして",
                                      "初めまして",
                                      "初めてご連絡いたします",
                                      "突然のご連絡失礼いたします",
                                      "突然のメール失礼いたします",
                                      "よろしくお願いいたします",
                                      "よろしくお願いします",
                                      "よろしくお願い致します",
                                      "宜しくお願いいたします",
                                      "宜しくお願い致します",
                                      "宜しくお願いします",
                                      "何卒よろしくお願いいたします",
                                      "何卒よろしくお願い申し上げます",
                                      "よろしくお願い申し上げます",
                                      "以上、よろしくお願いいたします",
                                      "以上よろしくお願いいたします",
                                      "以上です",
                                      "以上",
                                      "どうぞよろしくお願いいたします",
                                      "どうぞよろしくお願いします",
                                      "よろしくです",
                                      "よろしく",
                                      "宜しく",
                                      "失礼いたします",
                                      "失礼します",
                                      "お願いします",
                                      "お願いいたします",
                                      "ありがとうございます",
                                      "よろしくおねがいします",
                                      "よろしくお願いしますm"};
    for (const char* f : kFormulas) {
        if (t == f) return true;
    }
    for (const char* salutation :
         {"御中", "様", "さま", "殿", "各位", "ご担当者様", "御担当者様"}) {
        if (ends_with(t, salutation) && utf8::length(t) <= 40) return true;
    }
    return false;
}

// Mailers wrap Japanese text at 30–40 characters; people's own lines are shorter.
constexpr std::size_t kWrapWidth = 26;

struct RawSentence {
    Role role;
    std::string text;
};

// Joins the lines of each paragraph into running text (mail is wrapped mid-sentence) and cuts
// it into sentences at 。！？ and at line ends that end a sentence.
void cut_sentences(const std::vector<std::string>& lines, std::size_t from, std::size_t to,
                   Role role, std::vector<RawSentence>& out) {
    std::string current;
    auto flush = [&] {
        std::string t = text::trim(current);
        if (!t.empty()) out.push_back({role, t});
        current.clear();
    };
    for (std::size_t i = from; i < to; ++i) {
        std::string line = text::trim(lines[i]);
        if (line.empty() || is_rule_line(line)) {
            flush();
            continue;
        }
        if (is_bullet_or_label(line)) flush();
        if (!current.empty()) {
            const unsigned char last = static_cast<unsigned char>(current.back());
            const unsigned char first = static_cast<unsigned char>(line.front());
            if (last < 0x80 && first < 0x80 && std::isalnum(last) && std::isalnum(first))
                current += ' ';
        }
        // Split at the sentence ends inside the line.
        std::size_t pos = 0;
        while (pos < line.size()) {
            std::size_t cut = std::string::npos, cut_len = 0;
            for (const char* end : {"。", "？", "！", "?", "!"}) {
                std::size_t p = line.find(end, pos);
                if (p < cut) {
                    cut = p;
                    cut_len = std::string(end).size();
                }
            }
            if (cut == std::string::npos) {
                current += line.substr(pos);
                break;
            }
            // Keep runs of marks together ("？？", "!?").
            std::size_t next = cut + cut_len;
            for (bool more = true; more;) {
                more = false;
                for (const char* end : {"。", "？", "！", "?", "!", "」", "）", ")"}) {
                    if (line.compare(next, std::string(end).size(), end) == 0) {
                        next += std::string(end).size();
                        more = true;
                    }
                }
            }
            current += line.substr(pos, next - pos);
            flush();
            pos = next;
        }
        // A short line is a unit of its own (phones, casual mail: no 。, a line each); a long
        // one was wrapped by the mailer and goes on in the next.
        // A next line that begins with a particle (を, が, は …) goes on this one.
        bool continued = false;
        if (i + 1 < to) {
            const std::string next = text::trim(lines[i + 1]);
            for (const char* p : {"を", "が", "は", "に", "の", "へ", "と", "も", "で", "って"}) {
                if (starts_with(next, p)) continued = true;
            }
        }
        if (ends_sentence(line) || is_bullet_or_label(line) ||
            (utf8::length(line) < kWrapWidth && !continued))
            flush();
    }
    flush();
}

bool is_base(const Morpheme& m, std::initializer_list<const char*> bases) {
    for (const char* b : bases) {
        if (m.base == b || m.surface == b) return true;
    }
    return false;
}

bool is_negation(const Morpheme& m, const Morpheme* before) {
    const bool after_predicate =
        before && (before->pos == Pos::kVerb || before->pos == Pos::kAuxiliary ||
                   before->pos == Pos::kAdjective);
    // …ではない, …でもない: the copula's negation after は / も.
    const bool after_topic =
        before && before->pos == Pos::kParticle && (before->base == "は" || before->base == "も");
    if (m.pos == Pos::kAuxiliary && is_base(m, {"ない", "ぬ", "ん", "ず", "へん", "ひん", "ねぇ"}))
        return after_predicate || after_topic;
    if (m.pos == Pos::kAdjective && m.pos1 == "自立" && is_base(m, {"ない", "無い"})) return true;
    return m.surface == "へん" || m.surface == "ひん";
}

// Verbs whose negated question is a polite request: いただけないでしょうか, もらえませんか,
// くれませんか, できませんか.
bool is_benefactive(const Morpheme& m) {
    return m.pos == Pos::kVerb &&
           is_base(m, {"いただける", "頂ける", "もらえる", "貰える", "くれる", "くださる", "願える",
                       "できる", "出来る", "いただく", "頂く"});
}

bool is_question_mark(const Morpheme& m) {
    if (m.surface == "？" || m.surface == "?") return true;
    return m.pos == Pos::kParticle && is_base(m, {"か", "かな", "かしら", "っけ", "け"}) &&
           (m.pos1.find("終助詞") != std::string::npos ||
            m.pos1.find("副助詞") != std::string::npos);
}

// Request and question forms at the end of a sentence.
bool asks(const std::vector<Morpheme>& ms, std::size_t begin, std::size_t end) {
    // A question asked, not reported: か near the end (…ますか, …でしょうかね), not in
    // 「どちらを記入すべきかという段階」.
    std::size_t last = end;
    while (last > begin && (ms[last - 1].pos == Pos::kSymbol ||
                            (ms[last - 1].pos == Pos::kParticle &&
                             is_base(ms[last - 1], {"ね", "な", "よ", "ねえ", "の", "ん"}))))
        --last;
    for (std::size_t i = begin; i < end; ++i) {
        const Morpheme& m = ms[i];
        if (m.surface == "？" || m.surface == "?") return true;
        if (is_question_mark(m) && i + 1 >= last) return true;
        if (is_base(m, {"くださる", "下さる",   "ください", "下さい",     "くだされ", "ちょうだい",
                        "頂戴",     "ほしい",   "欲しい",   "頼む",       "幸い",     "幸甚",
                        "助かる",   "願う",     "願える",   "いただける", "頂ける",   "もらえる",
                        "貰える",   "たまわる", "賜る",     "乞う"}))
            return true;
        // 教えてくれませんか / 送ってくれんね: a negated くれる asked.
        if (is_base(m, {"くれる"}) && i + 2 < end && is_negation(ms[i + 1], &ms[i]) &&
            (is_question_mark(ms[i + 2]) || is_base(ms[i + 2], {"ね", "かね"})))
            return true;
        if (m.pos == Pos::kAuxiliary && is_base(m, {"たい"})) return true;
        if (m.base == "お願い" || m.base == "おねがい" || m.base == "願い") return true;
        if (m.pos == Pos::kVerb && m.conjugation.find("命令") != std::string::npos) return true;
    }
    // Request endings of dialects and casual writing, by their reading: 教えでけさい,
    // 送ってちょうだい, 教えてちょ, 頼んます.
    std::string tail;
    for (std::size_t i = begin; i < end; ++i) {
        if (ms[i].pos != Pos::kSymbol)
            tail += ms[i].reading.empty() ? ms[i].surface : ms[i].reading;
    }
    for (const char* t :
         {"ケサイ",     "ケライ",     "ケロ",         "クレ",       "クレヤ",      "クレン",
          "チョウダイ", "チョーダイ", "テチョ",       "デチョ",     "クンネ",      "クンナイ",
          "クンサイ",   "タモレ",     "ホシイ",       "ホシー",     "タノム",      "タノンマス",
          "タノミマス", "クダサイ",   "クダサイマセ", "クダセエ",   "クダサレ",    "ヨロシク",
          "オネガイ",   "オシエテ",   "オクッテ",     "テクダサイ", "テモライタイ"}) {
        if (ends_with(tail, t)) return true;
    }
    // Casual: a sentence ending in the te-form of a verb (もう一回送って).
    last = end;
    while (last > begin && ms[last - 1].pos == Pos::kSymbol) --last;
    if (last > begin + 1) {
        const Morpheme& tail = ms[last - 1];
        if (tail.pos == Pos::kParticle && (tail.surface == "て" || tail.surface == "で") &&
            ms[last - 2].pos == Pos::kVerb)
            return true;
    }
    return false;
}

bool clause_boundary(const std::vector<Morpheme>& ms, std::size_t i) {
    const Morpheme& m = ms[i];
    if (m.pos == Pos::kSymbol && (m.surface == "、" || m.surface == "," || m.surface == "，"))
        return true;
    if (m.pos == Pos::kParticle && m.pos1 == "接続助詞" &&
        is_base(m, {"が", "けど", "けれど", "けれども", "ので", "から", "のに", "し", "んで",
                    "ものの", "ながら"}))
        return true;
    // 「控えておらず」: a negative continuative ends a clause.
    if (m.pos == Pos::kAuxiliary && (m.surface == "ず" || m.surface == "ずに")) return true;
    return false;
}

// A 番号 that another noun makes something else: 法人番号, 電話番号, 受験番号 … Only the
// words for our two numbers (利用者番号, 宣言番号, ID番号, 登録番号 as people say) keep it.
bool is_other_number(const std::vector<Morpheme>& ms, std::size_t i) {
    if (i == 0 || ms[i].base != "番号") return false;
    const Morpheme& before = ms[i - 1];
    if ((before.pos != Pos::kNoun && before.pos != Pos::kPrefix) || !before.known) return false;
    return !is_base(before, {"利用者", "者", "宣言", "自己宣言", "ID", "id", "登録", "ユーザー",
                             "ユーザ", "ログイン", "申込", "申し込み", "SA", "アクション", "ACTION",
                             "セキュリティアクション", "宣言者"});
}

const ConceptSet& object_concepts() {
    static const ConceptSet kObjects =
        concepts({Concept::kNumber, Concept::kMail, Concept::kDeclaration, Concept::kObtain,
                  Concept::kAcceptance, Concept::kSearch, Concept::kContact, Concept::kAddress,
                  Concept::kCompany, Concept::kLogo, Concept::kSubsidy, Concept::kStatus,
                  Concept::kForm, Concept::kTier});
    return kObjects;
}

// The concepts of each morpheme of a sentence: words, then phrases (which replace the words
// they cover), then compounds (in 完了メール the head メール counts, not 完了).
std::vector<ConceptSet> tag(const std::vector<Morpheme>& ms) {
    std::vector<ConceptSet> tags(ms.size());
    for (std::size_t i = 0; i < ms.size(); ++i) {
        const Morpheme& m = ms[i];
        // Auxiliary verbs (…てくる, …ている) and particles carry no meaning of their own.
        if (m.pos == Pos::kParticle || m.pos == Pos::kAuxiliary || m.pos == Pos::kSymbol) continue;
        if (m.pos == Pos::kVerb && m.pos1 == "非自立") continue;
        tags[i] = concepts_of(m);
        if (is_other_number(ms, i)) tags[i].reset(static_cast<std::size_t>(Concept::kNumber));
        // A number as such: 9… is a 利用者番号, 4… a 自己宣言ID.
        if (m.pos1 == "数" && m.surface.size() == 11 && text::is_ascii_digits(m.surface)) {
            tags[i] |= concepts(
                {Concept::kNumber, m.surface[0] == '9' ? Concept::kUserKind : Concept::kDeclKind});
        }
    }
    for (const PhraseHit& p : phrase_concepts(ms, 0, ms.size())) {
        // A word the dictionary knew keeps its own meaning; a phrase names what was cut up.
        if (p.length == 1 &&
            (tags[p.morpheme].any() ||
             (ms[p.morpheme].known &&
              ms[p.morpheme].reading != text::to_katakana(ms[p.morpheme].surface))))
            continue;
        // The phrase's meaning goes to its last morpheme, the head a particle follows.
        for (std::size_t k = p.morpheme; k < p.morpheme + p.length; ++k) tags[k].reset();
        tags[p.morpheme + p.length - 1] = p.concepts;
    }
    for (std::size_t i = 0; i + 1 < ms.size(); ++i) {
        // A noun followed by another noun naming a thing: the head names it.
        if (ms[i].pos != Pos::kNoun && ms[i].pos != Pos::kPrefix) continue;
        std::size_t head = i + 1;
        while (head < ms.size() && ms[head].pos == Pos::kNoun && ms[head].pos1 == "接尾" &&
               (tags[head] & object_concepts()).none())
            ++head;
        if (head >= ms.size() || ms[head].pos != Pos::kNoun) continue;
        if ((tags[head] & object_concepts()).none()) {
            // 電話番号: the head names nothing we know, the modifier does; the compound is it.
            if (tags[head].none() && ms[head].base == "番号")
                tags[head] = tags[i] & object_concepts();
            continue;
        }
        ConceptSet kinds = tags[i] & concepts({Concept::kUserKind, Concept::kDeclKind});
        tags[i] &= ~object_concepts();
        tags[head] |= kinds;
    }
    // 補助金の申請: the subsidy's application, not the declaration.
    bool subsidy = false;
    for (const ConceptSet& t : tags) subsidy = subsidy || has(t, Concept::kSubsidy);
    for (std::size_t i = 0; i < ms.size() && subsidy; ++i) {
        if (ms[i].base == "申請") tags[i].reset(static_cast<std::size_t>(Concept::kDeclaration));
    }
    // お知らせ / ご連絡 / ご案内 followed by ください or いただく: a request to be told.
    for (std::size_t i = 0; i + 1 < ms.size(); ++i) {
        if (!has(tags[i], Concept::kMail) || !has(tags[i], Concept::kTell)) continue;
        bool requested = false;
        for (std::size_t j = i + 1; j < ms.size() && j <= i + 3; ++j) {
            if (is_base(ms[j], {"くださる", "下さる", "いただく", "頂く", "いただける", "頂ける",
                                "願う", "お願い", "願える"}))
                requested = true;
        }
        tags[i].reset(static_cast<std::size_t>(requested ? Concept::kMail : Concept::kTell));
    }
    for (std::size_t i = 0; i < ms.size(); ++i) {
        if (!has(tags[i], Concept::kWhich)) continue;
        // どのように / どれくらい / どちら様 / どちらに送れば: how, how much, who, where.
        bool which =
            !(i + 1 < ms.size() && is_base(ms[i + 1], {"よう", "様", "くらい", "ぐらい", "ほど",
                                                       "まで", "へ", "さま", "方"}));
        // 「番号がどれだったか」: what it was, not which of two.
        if (ms[i].base == "どれ" && i + 1 < ms.size() && is_base(ms[i + 1], {"だ", "です"}) &&
            ms[i + 1].conjugation.find("連用タ") != std::string::npos)
            which = false;
        // どちらも / どちらの番号も / いずれも: both, neither — not a question.
        for (std::size_t j = i + 1; j < ms.size() && j <= i + 3; ++j) {
            if (ms[j].pos == Pos::kParticle && ms[j].base == "も") which = false;
            if (ms[j].pos != Pos::kNoun && !(ms[j].pos == Pos::kParticle && ms[j].base == "の"))
                break;
        }
        if (!which) tags[i].reset(static_cast<std::size_t>(Concept::kWhich));
    }
    // Words in quotation marks around a sentence are mentioned, not meant: a sales pitch's
    // 「IDを忘れた」, a quoted heading. A quoted name or term (「自己宣言ID」) still counts.
    for (std::size_t i = 0; i < ms.size(); ++i) {
        if (!is_base(ms[i], {"「", "『", "“", "\""})) continue;
        std::size_t j = i + 1;
        bool predicate = false;
        while (j < ms.size() && !is_base(ms[j], {"」", "』", "”", "\""})) {
            if (ms[j].pos == Pos::kVerb || ms[j].pos == Pos::kAuxiliary || is_question_mark(ms[j]))
                predicate = true;
            ++j;
        }
        if (j >= ms.size() || !predicate) continue;
        for (std::size_t k = i; k <= j; ++k) tags[k].reset();
        i = j;
    }
    return tags;
}

// The predicates asked about: a concept followed, through verbs, auxiliaries and a few
// function words only, by か / かどうか / っけ / ？ (「宣言しているか」「受理されましたか」).
ConceptSet questioned(const std::vector<Morpheme>& ms, const std::vector<ConceptSet>& tags,
                      std::size_t begin, std::size_t end) {
    static const ConceptSet kAskable =
        concepts({Concept::kDeclaration, Concept::kObtain, Concept::kAcceptance, Concept::kAppear,
                  Concept::kSearch});
    ConceptSet out;
    for (std::size_t i = begin; i < end; ++i) {
        ConceptSet c = tags[i] & kAskable;
        if (c.none()) continue;
        for (std::size_t j = i + 1; j < end; ++j) {
            const Morpheme& m = ms[j];
            if (is_question_mark(m)) {
                // 「…記録があるかと存じます」「…かと思います」: a belief, not a question.
                const bool hedge = j + 2 < ms.size() && ms[j + 1].base == "と" &&
                                   is_base(ms[j + 2], {"思う", "存じる", "考える", "思える"});
                if (!hedge) out |= c;
                break;
            }
            const bool function_noun =
                m.pos == Pos::kNoun &&
                (m.pos1 == "非自立" || m.pos1 == "接尾" ||
                 is_base(m, {"こと", "事", "の", "ん", "済み", "済", "記録", "履歴", "実績"}));
            // 「宣言済みという扱いに」「という認識で」: what follows という is said of it.
            const bool after_to_iu = (j >= 1 && ms[j - 1].surface == "という") ||
                                     (j >= 2 && ms[j - 1].base == "いう" && ms[j - 2].base == "と");
            if (m.pos == Pos::kNoun && !function_noun && !after_to_iu &&
                (tags[j] & kAskable).none())
                break;
            if (m.pos == Pos::kSymbol) break;
            // Only light verbs carry the question back to the word: 宣言して(い)ますか,
            // 済んでいますか, 受理されましたか — not 宣言は取り下げたほうがいいですか.
            if (m.pos == Pos::kVerb && m.pos1 == "自立" && (tags[j] & kAskable).none() &&
                !is_base(m, {"する",   "いる",   "ある",     "おる",     "なる", "できる", "出来る",
                             "済む",   "てる",   "もらう",   "いただく", "頂く", "れる",   "られる",
                             "受ける", "終わる", "通る",     "とおる",   "やる", "致す",   "いたす",
                             "させる", "行う",   "おこなう", "ござる",   "いう", "言う"}))
                break;
            if (m.pos == Pos::kParticle && m.pos1 == "接続助詞" && !is_base(m, {"て", "で", "ば"}))
                break;
        }
    }
    return out;
}

void read_clauses(Sentence& s) {
    const auto& ms = s.morphemes;
    const std::vector<ConceptSet> tags = tag(ms);
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= ms.size(); ++i) {
        if (i < ms.size() && !clause_boundary(ms, i)) continue;
        std::size_t end = std::min(i + 1, ms.size());
        if (end > begin) {
            Clause c;
            c.begin = begin;
            c.end = end;
            for (std::size_t k = begin; k < end; ++k) {
                if (tags[k].any()) {
                    c.concepts |= tags[k];
                    c.hits.push_back({k, 1, tags[k]});
                }
            }
            // The boundary that ends it.
            std::size_t last = end;
            while (last > begin && ms[last - 1].pos == Pos::kSymbol) --last;
            if (last > begin) {
                const Morpheme& tail = ms[last - 1];
                c.preface = tail.pos == Pos::kParticle &&
                            is_base(tail, {"が", "けど", "けれど", "けれども", "のに", "ものの"});
                // 「変更したいのですが、…」: the wish before the question is the request itself.
                for (std::size_t k = begin; k < end && c.preface; ++k) {
                    if ((ms[k].pos == Pos::kAuxiliary && ms[k].base == "たい") ||
                        is_base(ms[k], {"ほしい", "欲しい"}))
                        c.wish = true;
                }
                c.reason = tail.pos == Pos::kParticle && is_base(tail, {"ので", "から", "んで"});
                if (tail.base == "ため" || tail.base == "為") c.reason = true;
            }
            // A negation negates the clause when it follows the clause's last predicate
            // (届いていません, 控えておらず); one inside a modifier
            // (身に覚えのないメールが届きました) does not.
            std::size_t last_predicate = begin;
            for (std::size_t k = begin; k < end; ++k) {
                const Morpheme& m = ms[k];
                if ((m.pos == Pos::kVerb && m.pos1 == "自立" &&
                     !is_base(m, {"いる", "おる", "ある", "なる", "しまう", "くる"})) ||
                    (m.pos == Pos::kAdjective && m.pos1 == "自立" && !is_base(m, {"ない", "無い"})))
                    last_predicate = k;
            }
            for (std::size_t k = begin; k < end; ++k) {
                if (!is_negation(ms[k], k > 0 ? &ms[k - 1] : nullptr)) continue;
                if (k < last_predicate) continue;
                // …ないように (so that not), …ないといけない (must): no negated fact.
                if (k + 1 < ms.size() && is_base(ms[k + 1], {"よう", "ように"})) continue;
                if (k + 2 < ms.size() && ms[k + 1].base == "と" &&
                    is_base(ms[k + 2], {"いける", "いけない", "なる", "だめ", "ダメ"}))
                    continue;
                // A negated benefactive asked as a question is a request, not a negation.
                bool request = false;
                if (k > begin) {
                    std::size_t v = k - 1;
                    while (v > begin && ms[v].pos == Pos::kAuxiliary) --v;
                    if (is_benefactive(ms[v])) {
                        for (std::size_t q = k + 1; q < end; ++q) {
                            if (is_question_mark(ms[q]) || is_base(ms[q], {"ね", "です"}))
                                request = true;
                        }
                    }
                }
                if (!request) c.negated = true;
            }
            // 「再送は不要です」「結構です」: the act is declined.
            for (std::size_t k = begin; k < end; ++k) {
                if (is_base(ms[k], {"不要", "無用", "結構"}) && ms[k].pos == Pos::kNoun)
                    c.negated = true;
            }
            for (std::size_t k = begin; k + 2 < end; ++k) {
                // とのこと, と聞いた, と言われた, によると, …そうです (hearsay)
                if (ms[k].base == "と" && ((ms[k + 1].base == "の" && ms[k + 2].base == "こと") ||
                                           is_base(ms[k + 1], {"聞く", "言う", "伺う", "聞ける"})))
                    c.reported = true;
            }
            for (std::size_t k = begin; k + 1 < end; ++k) {
                if (ms[k].base == "に" && is_base(ms[k + 1], {"よる", "よれる"})) c.reported = true;
            }
            c.questioned = questioned(ms, tags, begin, end);
            s.concepts |= c.concepts;
            s.clauses.push_back(std::move(c));
        }
        begin = end;
    }
    if (!s.clauses.empty()) s.clauses.back().final = true;
    if (!ms.empty()) {
        if (is_base(ms[0], {"まず", "まずは", "第一", "最初"})) s.emphasis = 1.3;
        if (is_base(ms[0], {"また", "あわせて", "併せて", "合わせて", "ついでに", "なお", "尚",
                            "ちなみに", "それと", "あと", "追伸", "加えて", "さらに", "もし",
                            "もしも", "万一", "万が一"}))
            s.emphasis = 0.7;
    }
    s.asks = asks(ms, s.clauses.empty() ? 0 : s.clauses.back().begin, ms.size());
}

std::string strip_reply_prefixes(std::string subject) {
    for (bool more = true; more;) {
        more = false;
        std::string t = text::trim(subject);
        std::string l = text::lower_ascii(t);
        for (const char* p :
             {"re:", "re：", "fw:", "fwd:", "転送:", "返信:", "re ", "aw:", "[ext]", "【外部】"}) {
            if (starts_with(l, p)) {
                subject = t.substr(std::string(p).size());
                more = true;
                break;
            }
        }
        subject = text::trim(subject);
    }
    return subject;
}

}  // namespace

const char* to_string(Role r) {
    switch (r) {
        case Role::kSubject:
            return "subject";
        case Role::kBody:
            return "text";
        case Role::kGreeting:
            return "greeting";
        case Role::kSignature:
            return "signature";
    }
    return "text";
}

std::size_t signature_start(const std::vector<std::string>& lines) {
    std::size_t last = lines.size();
    while (last > 0 && text::trim(lines[last - 1]).empty()) --last;
    if (last == 0) return std::string::npos;
    // A "-- " line, or a rule with contact details after it, near the end.
    for (std::size_t i = last; i-- > 0;) {
        if (last - i > 20) break;
        if (!is_rule_line(lines[i])) continue;
        const std::string t = text::trim(lines[i]);
        bool details = t == "--";
        int prose = 0;
        for (std::size_t k = i + 1; k < last; ++k) {
            details = details || has_contact_detail(lines[k]);
            if (!reads_as_prose(lines[k])) continue;
            // Each sentence counts; a signature asks nothing.
            int marks = 0;
            for (const char* m : {"。", "？", "?"}) {
                for (std::size_t p = lines[k].find(m); p != std::string::npos;
                     p = lines[k].find(m, p + 1))
                    ++marks;
            }
            prose += std::max(marks, 1);
            for (const char* ask : {"ください", "下さい", "でしょうか", "ますか", "お願い"}) {
                if (contains(lines[k], ask)) prose += 2;
            }
        }
        // A form's last block (■お問い合わせ内容：…) is the message, not a signature.
        if (details && i > 0 && prose <= 1) {
            // A rule that opens a box around the signature: start at the rule.
            return i;
        }
    }
    // A closing run of short lines that are not prose, with contact details among them.
    std::size_t start = last;
    bool details = false;
    for (std::size_t i = last; i-- > 0;) {
        const std::string t = text::trim(lines[i]);
        if (t.empty()) {
            if (details) break;
            continue;
        }
        if (reads_as_prose(t) || utf8::length(t) > 60) break;
        if (has_contact_detail(t)) details = true;
        start = i;
    }
    if (!details || start == 0) return std::string::npos;
    return start;
}

std::vector<Sentence> read_sentences(const text::Morphology& morphology, std::string_view subject,
                                     std::string_view new_text, const ReadingLimits& limits) {
    std::vector<RawSentence> raw;
    std::string s = text::Morphology::fold(subject);
    if (!contains(s, "【SECURITY ACTION】") && !contains(s, "[SECURITY ACTION]")) {
        s = strip_reply_prefixes(s);
        if (!s.empty()) raw.push_back({Role::kSubject, s});
    }
    std::string folded = text::Morphology::fold(new_text.substr(0, limits.max_text_bytes));
    std::vector<std::string> lines = split_lines(folded);
    std::size_t sig = signature_start(lines);
    if (sig == std::string::npos) sig = lines.size();
    cut_sentences(lines, 0, sig, Role::kBody, raw);
    cut_sentences(lines, sig, lines.size(), Role::kSignature, raw);

    std::vector<Sentence> out;
    for (RawSentence& r : raw) {
        Sentence sentence;
        sentence.role = r.role;
        if (r.role == Role::kBody && is_greeting(r.text)) sentence.role = Role::kGreeting;
        if (r.text.size() > limits.max_sentence_bytes) {
            std::size_t cut = limits.max_sentence_bytes;
            while (cut > 0 && (static_cast<unsigned char>(r.text[cut]) & 0xC0) == 0x80) --cut;
            r.text.resize(cut);
        }
        sentence.text = std::move(r.text);
        if (sentence.role != Role::kSignature) {
            sentence.morphemes = morphology.analyse(sentence.text);
            read_clauses(sentence);
        }
        out.push_back(std::move(sentence));
    }
    return out;
}

}  // namespace sa::inbox
