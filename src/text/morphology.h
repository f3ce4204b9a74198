// Japanese morphological analysis: MeCab is called here and nowhere else, as iconv is called
// only in text/charset.cpp. A text is cut into morphemes with their part of speech, their
// dictionary (base) form and their reading, so that callers can match words by meaning rather
// than by spelling: 忘れました / わすれた / ワスレ meet in the reading ワスレ, 送って / 送付 in
// their base forms.
//
// The dictionary is a Debian IPADIC in UTF-8 (package mecab-ipadic-utf8). It is loaded once
// per process and directory (MeCab maps it; loading costs under a millisecond) and shared by
// every thread; each thread parses with a tagger and lattice of its own. Input is UTF-8; it
// should be width-folded first (text::fold_width, text::widen_katakana), which the analyser
// does itself.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sa::text {

// The IPADIC part of speech (品詞), the first feature field.
enum class Pos {
    kNoun,          // 名詞
    kVerb,          // 動詞
    kAdjective,     // 形容詞
    kAuxiliary,     // 助動詞
    kParticle,      // 助詞
    kPrefix,        // 接頭詞
    kAdverb,        // 副詞
    kConjunction,   // 接続詞
    kAdnominal,     // 連体詞
    kInterjection,  // 感動詞
    kSymbol,        // 記号
    kOther,         // フィラー, その他, unknown
};

struct Morpheme {
    std::string surface;  // as it stands in the (folded) text
    std::string base;     // dictionary form; the surface when the dictionary has none
    std::string reading;  // katakana reading of the surface; the surface in katakana when
                          // the dictionary has none (kana words), else empty
    Pos pos = Pos::kOther;
    std::string pos1;  // the sub-category (接続助詞, 非自立, サ変接続, 固有名詞 …)
    std::string pos2;  // the next one (人名, 地域 …)
    std::string conjugation;  // the conjugation form (未然形, 連用形 …); empty when none
    bool known = true;        // false for words the dictionary does not know
    std::size_t offset = 0;   // byte offset of the surface in the folded text
};

class Morphology {
  public:
    // The analyser for `dictionary_dir` (e.g. /var/lib/mecab/dic/ipadic-utf8), loaded on the
    // first call for that directory and kept for the life of the process. kConfig when the
    // dictionary cannot be loaded.
    static Result<std::shared_ptr<const Morphology>> load(const std::string& dictionary_dir);

    // The default dictionary directory. Default: /var/lib/mecab/dic/ipadic-utf8
    static const char* default_dictionary();

    ~Morphology();
    Morphology(const Morphology&) = delete;
    Morphology& operator=(const Morphology&) = delete;

    // The text width-folded as the morphemes' offsets refer to it.
    static std::string fold(std::string_view utf8);

    // The morphemes of `folded` (the result of fold()), in order; white space is skipped.
    // Never fails: text the analyser cannot take yields what it could read (possibly nothing).
    std::vector<Morpheme> analyse(std::string_view folded) const;

  private:
    struct Impl;
    explicit Morphology(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Hiragana to katakana; every other character as it is.
std::string to_katakana(std::string_view s);

}  // namespace sa::text
