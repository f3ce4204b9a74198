#include "inbox/request.h"

#include <algorithm>
#include <cmath>

namespace sa::inbox {
namespace {

using C = Concept;

enum class Polarity { kAny, kAffirmed, kNegated };

// What a rule needs: an act in one clause (or, for a rule without an act, one of
// `clause_any` named there), what the act is done to, and what its sentence holds.
struct Rule {
    Intent intent = Intent::kOther;
    double weight = 0;
    const char* name = "";
    ConceptSet act;  // one of these is the act, in the clause
    Polarity polarity = Polarity::kAny;
    ConceptSet argument_any;         // what the act is done to: one of these (empty: anything)
    ConceptSet argument_none;        // and none of these
    bool argument_optional = false;  // an act done to nothing named also counts
    ConceptSet clause_all;           // the clause also names all of these
    ConceptSet clause_any;           // the clause names one of these (empty: no need)
    ConceptSet sentence_all;         // the sentence names all of these
    ConceptSet sentence_any;         // the sentence names one of these (empty: no need)
    ConceptSet sentence_none;        // and none of these
    ConceptSet document_any;         // the whole mail names one of these (empty: no need)
    bool needs_ask = false;          // the sentence asks
    ConceptSet questioned_any;       // the clause asks whether one of these holds
    bool unless_questioned = false;  // not when the clause asks whether something holds
    bool not_done = false;           // the act is asked for, not told as done (送られた)

    Rule& does(std::initializer_list<C> c, Polarity p = Polarity::kAny) {
        act = concepts(c);
        polarity = p;
        return *this;
    }
    Rule& to(std::initializer_list<C> c) { return argument_any = concepts(c), *this; }
    Rule& not_to(std::initializer_list<C> c) { return argument_none = concepts(c), *this; }
    Rule& or_to_nothing() { return argument_optional = true, *this; }
    Rule& with(std::initializer_list<C> c) { return clause_all = concepts(c), *this; }
    Rule& naming(std::initializer_list<C> c) { return clause_any = concepts(c), *this; }
    Rule& in_sentence_with(std::initializer_list<C> c) { return sentence_all = concepts(c), *this; }
    Rule& in_sentence_with_any(std::initializer_list<C> c) {
        return sentence_any = concepts(c), *this;
    }
    Rule& unless(std::initializer_list<C> c) { return sentence_none = concepts(c), *this; }
    Rule& in_a_mail_about(std::initializer_list<C> c) { return document_any = concepts(c), *this; }
    Rule& asking() { return needs_ask = true, *this; }
    Rule& asking_whether(std::initializer_list<C> c) { return questioned_any = concepts(c), *this; }
    Rule& not_whether() { return unless_questioned = true, *this; }
    Rule& wanted() { return not_done = true, *this; }
};

const ConceptSet& things() {
    static const ConceptSet kThings = concepts(
        {C::kNumber, C::kMail, C::kDeclaration, C::kObtain, C::kAcceptance, C::kSearch, C::kContact,
         C::kAddress, C::kCompany, C::kLogo, C::kSubsidy, C::kStatus, C::kForm, C::kTier});
    return kThings;
}

const std::vector<Rule>& rules() {
    static const std::vector<Rule> kRules = [] {
        constexpr auto kAffirmed = Polarity::kAffirmed;
        constexpr auto kNegated = Polarity::kNegated;
        using I = Intent;
        std::vector<Rule> r;
        auto rule = [&](Intent i, double w, const char* name) -> Rule& {
            Rule rule;
            rule.intent = i;
            rule.weight = w;
            rule.name = name;
            r.push_back(rule);
            return r.back();
        };
        // recover_id: the number itself is lost, or asked for.
        rule(I::kRecoverId, 2.0, "lost: number")
            .does({C::kForget}, kAffirmed)
            .to({C::kNumber})
            .not_to({C::kMail});
        rule(I::kRecoverId, 2.0, "does not know: number")
            .does({C::kKnow}, kNegated)
            .to({C::kNumber})
            .not_to({C::kMail})
            .unless({C::kWhich});
        rule(I::kRecoverId, 2.0, "asks to be told: number")
            .does({C::kTell, C::kCheck})
            .to({C::kNumber})
            .asking()
            .not_whether()
            .unless({C::kWhich});
        rule(I::kRecoverId, 1.5, "asks to be sent: number")
            .does({C::kSend, C::kResend}, kAffirmed)
            .to({C::kNumber})
            .not_to({C::kMail})
            .asking();
        rule(I::kRecoverId, 2.5, "reissue: number")
            .does({C::kReissue}, kAffirmed)
            .to({C::kNumber})
            .or_to_nothing()
            .wanted();
        rule(I::kRecoverId, 2.0, "the matter: number")
            .does({C::kTell, C::kCheck, C::kReissue})
            .to({C::kNumber})
            .with({C::kMatter})
            .wanted();
        rule(I::kRecoverId, 1.2, "asks about: number")
            .naming({C::kNumber})
            .asking()
            .unless({C::kForget, C::kKnow, C::kTell, C::kCheck, C::kSend, C::kResend, C::kReissue,
                     C::kWhich, C::kUse, C::kChange, C::kMail, C::kReceive});

        // resend: the mail is to come again.
        rule(I::kResend, 2.5, "send again")
            .does({C::kResend}, kAffirmed)
            .not_to({C::kNumber})
            .or_to_nothing()
            .wanted();
        rule(I::kResend, 1.5, "send again: the numbers")
            .does({C::kResend}, kAffirmed)
            .to({C::kNumber});
        rule(I::kResend, 2.5, "reissue: mail").does({C::kReissue}, kAffirmed).to({C::kMail});
        rule(I::kResend, 2.0, "the matter: mail")
            .does({C::kResend, C::kSend, C::kReissue})
            .to({C::kMail})
            .with({C::kMatter})
            .wanted();
        rule(I::kResend, 2.5, "send once more")
            .does({C::kSend}, kAffirmed)
            .with({C::kAgain})
            .not_to({C::kNumber})
            .or_to_nothing()
            .wanted();
        rule(I::kResend, 2.0, "not received: mail")
            .does({C::kReceive}, kNegated)
            .to({C::kMail, C::kNumber})
            .or_to_nothing()
            .unless({C::kSearch});
        rule(I::kResend, 2.0, "lost: mail")
            .does({C::kForget, C::kDelete}, kAffirmed)
            .to({C::kMail});
        rule(I::kResend, 2.0, "cannot find: mail").does({C::kKnow}, kNegated).to({C::kMail});
        rule(I::kResend, 1.5, "asks to be sent: mail")
            .does({C::kSend}, kAffirmed)
            .to({C::kMail})
            .asking();

        // status_inquiry: whether a declaration exists or how far it went.
        rule(I::kStatusInquiry, 2.5, "asks whether declared")
            .asking_whether({C::kDeclaration, C::kObtain, C::kAcceptance});
        rule(I::kStatusInquiry, 2.0, "asks the status")
            .does({C::kTell, C::kCheck})
            .in_sentence_with({C::kStatus})
            .asking();
        rule(I::kStatusInquiry, 2.0, "asks how it stands")
            .naming({C::kStatus})
            .asking()
            .unless({C::kTell, C::kCheck});
        rule(I::kStatusInquiry, 2.5, "not in the search")
            .does({C::kAppear, C::kKnow}, kNegated)
            .in_sentence_with({C::kSearch})
            .unless({C::kWithdraw});
        rule(I::kStatusInquiry, 2.0, "asks about the search")
            .naming({C::kSearch})
            .asking_whether({C::kAppear, C::kSearch})
            .unless({C::kWithdraw});
        rule(I::kStatusInquiry, 1.5, "does not know: declaration")
            .does({C::kKnow, C::kForget})
            .to({C::kDeclaration, C::kObtain, C::kAcceptance});
        rule(I::kStatusInquiry, 1.5, "asks to check: declaration")
            .does({C::kCheck, C::kTell})
            .to({C::kDeclaration, C::kObtain, C::kAcceptance})
            .not_to({C::kNumber})
            .asking();

        // which_number: which of the two to use.
        rule(I::kWhichNumber, 3.0, "asks which number")
            .does({C::kWhich}, kAffirmed)
            .in_a_mail_about({C::kNumber})
            .asking();
        rule(I::kWhichNumber, 2.5, "does not know which")
            .does({C::kWhich})
            .with({C::kKnow})
            .in_a_mail_about({C::kUserKind, C::kDeclKind});
        rule(I::kWhichNumber, 2.0, "asks about both numbers")
            .naming({C::kUserKind, C::kDeclKind})
            .in_sentence_with({C::kUserKind, C::kDeclKind})
            .unless({C::kForget})
            .asking();
        rule(I::kWhichNumber, 2.0, "asks about the form's number")
            .naming({C::kUserKind, C::kDeclKind})
            .in_sentence_with_any({C::kForm, C::kSubsidy})
            .unless({C::kForget, C::kTell})
            .asking();
        rule(I::kWhichNumber, 2.5, "asks what to write")
            .does({C::kUse}, kAffirmed)
            .with({C::kWhat})
            .in_a_mail_about({C::kNumber, C::kForm})
            .asking();
        // 「自己宣言IDというのは9から始まる番号のことですか」「4の方で合ってますか」: which one it
        // is.
        rule(I::kWhichNumber, 2.0, "asks whether it is that number")
            .naming({C::kUserKind, C::kDeclKind})
            .with({C::kRight})
            .unless({C::kForget, C::kTell})
            .asking();
        rule(I::kWhichNumber, 1.5, "asks what to enter")
            .does({C::kUse}, kAffirmed)
            .to({C::kNumber, C::kForm})
            .naming({C::kUserKind, C::kDeclKind})
            .unless({C::kForget})
            .asking();

        // contact_change: the registered contact or data are to change.
        rule(I::kContactChange, 2.5, "change: registered contact or data")
            .does({C::kChange}, kAffirmed)
            .not_to({C::kTier, C::kLogo, C::kNumber})
            .in_sentence_with_any({C::kContact, C::kAddress, C::kCompany});
        rule(I::kContactChange, 1.5, "new person in charge")
            .does({C::kNew}, kAffirmed)
            .to({C::kContact})
            .or_to_nothing()
            .in_sentence_with({C::kContact});
        rule(I::kContactChange, 1.0, "person in charge left")
            .does({C::kLeave}, kAffirmed)
            .or_to_nothing();

        // other: questions that are none of the above.
        rule(I::kOther, 2.0, "asks about the logo").naming({C::kLogo}).asking();
        rule(I::kOther, 1.5, "thanks").naming({C::kThanks});
        rule(I::kOther, 2.5, "withdrawal").does({C::kWithdraw}, kAffirmed).or_to_nothing();
        rule(I::kOther, 1.5, "asks about the tier")
            .naming({C::kTier})
            .unless({C::kNumber})
            .asking();
        return r;
    }();
    return kRules;
}

// How much a clause counts: the asking sentence most, a preface, hearsay and the subject
// less, greetings and signatures not at all.
double factor(const Sentence& s, const Clause& c) {
    double f = 1.0;
    switch (s.role) {
        case Role::kSubject:
            f = 0.6;
            break;
        case Role::kGreeting:
        case Role::kSignature:
            return 0;
        case Role::kBody:
            break;
    }
    if ((s.asks && (c.final || !c.preface)) || c.wish) f *= 1.5;
    // 「まずは…」 opens the main request, 「また、」「あわせて」「ついでに」 add a lesser one.
    f *= s.emphasis;
    if (c.preface && !c.wish) f *= 0.6;
    if (c.reported) f *= 0.3;
    return f;
}

// The concepts of each morpheme of the sentence, from its clauses' hits.
std::vector<ConceptSet> tags_of(const Sentence& s) {
    std::vector<ConceptSet> tags(s.morphemes.size());
    for (const Clause& c : s.clauses) {
        for (const ConceptHit& h : c.hits) tags[h.morpheme] |= h.concepts;
    }
    return tags;
}

// A noun that a case particle marks as an argument (IDを, 担当者が, メールは, 番号も), not
// a time word (先日は) or a pronoun (私が); the head of its compound.
bool is_argument(const std::vector<text::Morpheme>& ms, std::size_t i) {
    const text::Morpheme& m = ms[i];
    if (m.pos != text::Pos::kNoun || m.pos1 == "副詞可能" || m.pos1 == "代名詞" ||
        m.pos1 == "非自立" || m.pos1 == "数" || m.pos1 == "接尾")
        return false;
    // 両方を / 全部が: they point back to what was named before.
    for (const char* q : {"両方", "全部", "全て", "すべて", "双方", "二つ", "ふたつ", "共", "方"}) {
        if (m.base == q) return false;
    }
    std::size_t j = i + 1;
    while (j < ms.size() && ms[j].pos == text::Pos::kNoun && ms[j].pos1 == "接尾") ++j;
    if (j >= ms.size() || ms[j].pos != text::Pos::kParticle) return false;
    const std::string& p = ms[j].base;
    return p == "を" || p == "が" || p == "は" || p == "も" || p == "って" || p == "ば" ||
           p == "ば" || p == "なんか" || p == "さえ";
}

// What the act at `at` is done to: the nearest argument before it in its clause, else after
// it in its clause (忘れてしまったIDを), else before it in the sentence; when no noun is marked
// as an argument, the nearest thing named in the clause. `none` when nothing is.
std::size_t argument_of(const Sentence& s, const std::vector<ConceptSet>& tags, const Clause& c,
                        std::size_t at) {
    const std::size_t none = tags.size();
    auto argument = [&](std::size_t i) { return i != at && is_argument(s.morphemes, i); };
    for (std::size_t i = at; i-- > c.begin;) {
        if (argument(i)) return i;
    }
    for (std::size_t i = at + 1; i < c.end; ++i) {
        if (argument(i)) return i;
    }
    for (std::size_t i = c.begin; i-- > 0;) {
        if (argument(i)) return i;
    }
    auto thing = [&](std::size_t i) { return i != at && (tags[i] & things()).any(); };
    for (std::size_t i = at; i-- > c.begin;) {
        if (thing(i)) return i;
    }
    for (std::size_t i = at + 1; i < c.end; ++i) {
        if (thing(i)) return i;
    }
    for (std::size_t i = c.begin; i-- > 0;) {
        if (thing(i)) return i;
    }
    return none;
}

// What a sentence is about when it names a thing: its last argument, else its last thing.
// The next sentence's act that names nothing is done to it (「IDを紛失しました。再度お知らせ
// いただけますか」).
ConceptSet topic_of(const Sentence& s, const std::vector<ConceptSet>& tags) {
    for (std::size_t i = s.morphemes.size(); i-- > 0;) {
        if (is_argument(s.morphemes, i) && (tags[i] & things()).any()) return tags[i] & things();
    }
    for (std::size_t i = s.morphemes.size(); i-- > 0;) {
        if ((tags[i] & things()).any()) return tags[i] & things();
    }
    return {};
}

// The whole compound around morpheme `i` as written (自己宣言ID, 担当者), for the evidence.
std::string compound_surface(const std::vector<text::Morpheme>& ms, std::size_t i) {
    auto noun = [&](std::size_t k) {
        return ms[k].pos == text::Pos::kNoun || ms[k].pos == text::Pos::kPrefix;
    };
    if (!noun(i)) return ms[i].surface;
    std::size_t b = i, e = i + 1;
    while (b > 0 && noun(b - 1) && ms[b - 1].pos1 != "数") --b;
    while (e < ms.size() && ms[e].pos == text::Pos::kNoun && ms[e].pos1 == "接尾") ++e;
    std::string out;
    for (std::size_t k = b; k < e; ++k) out += ms[k].surface;
    return out;
}

// An act told as done, not asked for: 「送られたもの」「教えてもらった番号」.
bool done_already(const std::vector<text::Morpheme>& ms, std::size_t at) {
    for (std::size_t j = at + 1; j < ms.size(); ++j) {
        const text::Morpheme& m = ms[j];
        if (m.pos == text::Pos::kAuxiliary && m.base == "た") return true;
        if (m.pos == text::Pos::kVerb && m.pos1 == "接尾" &&
            (m.base == "れる" || m.base == "られる"))
            return true;
        const bool chain = m.pos == text::Pos::kAuxiliary ||
                           (m.pos == text::Pos::kParticle && (m.base == "て" || m.base == "で")) ||
                           (m.pos == text::Pos::kVerb && m.pos1 != "自立") ||
                           (m.pos == text::Pos::kVerb &&
                            (m.base == "もらう" || m.base == "いただく" || m.base == "頂く" ||
                             m.base == "くれる" || m.base == "する" || m.base == "いたす" ||
                             m.base == "致す" || m.base == "できる"));
        if (!chain) return false;
    }
    return false;
}

bool matches(const Rule& r, const Sentence& s, const Clause& c, const ConceptSet& document,
             const ConceptSet& previous_topic, const std::vector<ConceptSet>& tags,
             std::vector<std::string>& words) {
    if (r.needs_ask && !s.asks) return false;
    if (r.document_any.any() && (document & r.document_any).none()) return false;
    if ((s.concepts & r.sentence_all) != r.sentence_all) return false;
    if (r.sentence_any.any() && (s.concepts & r.sentence_any).none()) return false;
    if ((s.concepts & r.sentence_none).any()) return false;
    if ((c.concepts & r.clause_all) != r.clause_all) return false;
    if (r.clause_any.any() && (c.concepts & r.clause_any).none()) return false;
    if (r.unless_questioned && c.questioned.any()) return false;
    if (r.polarity == Polarity::kAffirmed && c.negated) return false;
    if (r.polarity == Polarity::kNegated && !c.negated) return false;
    if (r.questioned_any.any() && (c.questioned & r.questioned_any).none()) return false;
    if (r.act.none()) {
        const ConceptSet anchor = r.clause_any.any() ? r.clause_any : r.questioned_any;
        for (const ConceptHit& h : c.hits) {
            if ((h.concepts & anchor).any())
                words.push_back(compound_surface(s.morphemes, h.morpheme));
        }
        return !words.empty();
    }
    for (const ConceptHit& h : c.hits) {
        if ((h.concepts & r.act).none()) continue;
        if ((r.needs_ask || r.not_done) && done_already(s.morphemes, h.morpheme)) continue;
        const std::size_t arg = argument_of(s, tags, c, h.morpheme);
        if (arg == tags.size()) {
            // Nothing named in this sentence: the previous sentence's topic, if any.
            if (previous_topic.any() && r.argument_any.any()) {
                if ((previous_topic & r.argument_none).any()) continue;
                if ((previous_topic & r.argument_any).none()) continue;
                words = {compound_surface(s.morphemes, h.morpheme)};
                return true;
            }
            if (r.argument_any.any() && !r.argument_optional) continue;
            words = {compound_surface(s.morphemes, h.morpheme)};
            return true;
        }
        const ConceptSet& a = tags[arg];
        if ((a & r.argument_none).any()) continue;
        if (r.argument_any.any() && (a & r.argument_any).none()) continue;
        words = {compound_surface(s.morphemes, arg), s.morphemes[h.morpheme].surface};
        return true;
    }
    return false;
}

std::size_t index(Intent i) {
    return static_cast<std::size_t>(i);
}

}  // namespace

RequestReading read_request(const std::vector<Sentence>& sentences) {
    RequestReading out;
    ConceptSet document;
    for (const Sentence& s : sentences) {
        if (s.role == Role::kBody || s.role == Role::kSubject) document |= s.concepts;
    }
    ConceptSet previous_topic;
    for (const Sentence& s : sentences) {
        if (s.role == Role::kGreeting || s.role == Role::kSignature) continue;
        const std::vector<ConceptSet> tags = tags_of(s);
        const ConceptSet before = s.role == Role::kBody ? previous_topic : ConceptSet();
        for (const Rule& r : rules()) {
            // A rule counts once a sentence, in its heaviest clause.
            Evidence best;
            for (const Clause& c : s.clauses) {
                std::vector<std::string> words;
                if (!matches(r, s, c, document, before, tags, words)) continue;
                const double w = r.weight * factor(s, c);
                if (w > best.weight) best = {r.intent, w, r.name, s.role, s.text, words};
            }
            if (best.weight > 0) {
                out.scores[index(best.intent)] += best.weight;
                out.evidence.push_back(std::move(best));
            }
        }
        // A question has its own answer coming; only a statement hands its topic on.
        if (s.role == Role::kBody) {
            const ConceptSet t = topic_of(s, tags);
            if (s.asks)
                previous_topic.reset();
            else if (t.any())
                previous_topic = t;
        }
    }
    std::stable_sort(out.evidence.begin(), out.evidence.end(),
                     [](const Evidence& a, const Evidence& b) { return a.weight > b.weight; });

    // An unrecognised request weighs as much as a weak one: below it, the mail is other.
    constexpr double kOtherBaseline = 1.0;
    constexpr double kMinimum = 1.1;
    std::array<double, kIntentCount> s = out.scores;
    s[index(Intent::kOther)] = std::max(s[index(Intent::kOther)], kOtherBaseline);
    // In a tie the earlier wins: what the sender needs most specifically.
    static const Intent kPersonIntents[] = {Intent::kWhichNumber,   Intent::kRecoverId,
                                            Intent::kResend,        Intent::kStatusInquiry,
                                            Intent::kContactChange, Intent::kOther};
    Intent best = Intent::kOther, second = Intent::kOther;
    for (Intent i : kPersonIntents) {
        if (s[index(i)] > s[index(best)] + 1e-9) best = i;
    }
    if (best != Intent::kOther && s[index(best)] < kMinimum) best = Intent::kOther;
    for (Intent i : kPersonIntents) {
        if (i == best || i == Intent::kOther) continue;
        if (s[index(i)] >= kMinimum && (second == Intent::kOther || s[index(i)] > s[index(second)]))
            second = i;
    }
    out.primary = best;
    out.secondary = second;
    // The primary's share against every intent that something named, and against an
    // unrecognised request (as heavy as one clear statement less a little): a statement alone
    // is fairly sure, a request asked outright surer, two requests of one weight doubtful.
    constexpr double kDoubt = 1.5;
    std::array<double, kIntentCount> c = out.scores;
    c[index(Intent::kOther)] = std::max(c[index(Intent::kOther)], kDoubt);
    double total = 0;
    for (Intent i : kPersonIntents) {
        if (c[index(i)] > 0) total += std::exp(c[index(i)]);
    }
    out.confidence = std::exp(c[index(best)]) / total;
    return out;
}

}  // namespace sa::inbox
