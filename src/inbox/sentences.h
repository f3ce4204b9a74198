// How a clerk reads a mail before deciding what it asks: the subject and the new text (quoted
// earlier mail already set aside) cut into sentences, each with its role — the request, the
// story around it, a greeting, the signature — and each sentence into clauses, each clause
// with the concepts it names (inbox/lexicon.h) and whether it is negated
// (「控えておらず」「届いていません」), reported (「…とのことですが」) or a preface to what follows
// (「…のですが、」). A negation inside a request form (「お調べいただけないでしょうか」) is not a
// negation. Pure: the same text gives the same reading.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "inbox/lexicon.h"
#include "text/morphology.h"

namespace sa::inbox {

enum class Role {
    kSubject,  // the Subject header (weak evidence)
    kBody,     // a sentence of the new text
    kGreeting,  // a salutation or a formula (お世話になっております, よろしくお願いします)
    kSignature,  // the sender's signature block
};

const char* to_string(Role r);

struct ConceptHit {
    std::size_t morpheme;  // index into Sentence::morphemes
    std::size_t length;    // morphemes covered
    ConceptSet concepts;
};

struct Clause {
    std::size_t begin = 0, end = 0;  // morphemes [begin, end) of the sentence
    ConceptSet concepts;             // everything named in the clause
    std::vector<ConceptHit> hits;    // where each concept was named
    bool negated = false;            // its predicate is negated
    bool preface = false;   // ends in が / けど / のに …: background to what follows
    bool wish = false;      // a preface that states a wish (変更したいのですが、)
    bool reason = false;    // ends in ので / から / ため
    bool reported = false;  // hearsay: …とのこと, …と聞いた, …と言われた
    bool final = false;     // the last clause of its sentence
    // Concepts that are the predicate of a yes/no or whether question in this clause
    // (「宣言しているか」「受理されましたか」「登録済みかどうか」).
    ConceptSet questioned;
};

struct Sentence {
    Role role = Role::kBody;
    std::string text;  // width-folded
    std::vector<text::Morpheme> morphemes;
    std::vector<Clause> clauses;
    bool asks = false;    // a request or a question (ください, いただけますか, ？ …)
    ConceptSet concepts;  // of all its clauses
    double emphasis =
        1.0;  // 「まずは」 raises the main request, 「また」「ついでに」 lower an aside
};

struct ReadingLimits {
    std::size_t max_text_bytes = 16384;     // of new text analysed; the rest is ignored
    std::size_t max_sentence_bytes = 1024;  // a longer "sentence" is cut there
};

// Reads `subject` and `new_text`. A subject of our own mail (【SECURITY ACTION】…) says
// nothing of the sender's request and is left out.
std::vector<Sentence> read_sentences(const text::Morphology& morphology, std::string_view subject,
                                     std::string_view new_text, const ReadingLimits& limits = {});

// The lines of `folded_text` from the first line of its signature block on, or npos when
// there is none: a "-- " line or a rule line followed by contact details, or a closing run of
// short lines with a telephone number, a postal code, an address or a URL. Exposed for the
// field extractor and tests.
std::size_t signature_start(const std::vector<std::string>& lines);

}  // namespace sa::inbox
