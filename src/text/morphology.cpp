#include "text/morphology.h"

#include <mecab.h>

#include <map>
#include <mutex>
#include <unordered_map>

#include "text/normalize.h"
#include "text/utf8.h"

namespace sa::text {

struct Morphology::Impl {
    std::unique_ptr<MeCab::Model> model;
    std::unique_ptr<MeCab::Tagger> tagger;  // parse(Lattice*) is const: shared by threads
};

namespace {

Pos pos_of(std::string_view name) {
    static const std::map<std::string_view, Pos> kNames = {
        {"名詞", Pos::kNoun},           {"動詞", Pos::kVerb},          {"形容詞", Pos::kAdjective},
        {"助動詞", Pos::kAuxiliary},    {"助詞", Pos::kParticle},      {"接頭詞", Pos::kPrefix},
        {"副詞", Pos::kAdverb},         {"接続詞", Pos::kConjunction}, {"連体詞", Pos::kAdnominal},
        {"感動詞", Pos::kInterjection}, {"記号", Pos::kSymbol},
    };
    auto it = kNames.find(name);
    return it == kNames.end() ? Pos::kOther : it->second;
}

std::vector<std::string_view> split_features(std::string_view f) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        std::size_t comma = f.find(',', start);
        out.push_back(f.substr(start, comma == std::string_view::npos ? comma : comma - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

bool is_kana(std::string_view s) {
    std::size_t pos = 0;
    char32_t cp = 0;
    if (s.empty()) return false;
    while (pos < s.size()) {
        if (!utf8::next(s, pos, cp)) return false;
        if (!((cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC))
            return false;
    }
    return true;
}

// Each thread keeps one lattice per loaded model.
MeCab::Lattice& lattice_for(const MeCab::Model* model) {
    thread_local std::unordered_map<const MeCab::Model*, std::unique_ptr<MeCab::Lattice>> lattices;
    auto& l = lattices[model];
    if (!l) l.reset(model->createLattice());
    return *l;
}

}  // namespace

Morphology::Morphology(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Morphology::~Morphology() = default;

const char* Morphology::default_dictionary() {
    return "/var/lib/mecab/dic/ipadic-utf8";
}

Result<std::shared_ptr<const Morphology>> Morphology::load(const std::string& dictionary_dir) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const Morphology>> loaded;
    std::lock_guard<std::mutex> lock(mutex);
    auto it = loaded.find(dictionary_dir);
    if (it != loaded.end()) return it->second;
    // An empty resource file: every setting comes from here, none from /etc/mecabrc.
    std::string d = dictionary_dir;
    std::string r = "/dev/null";
    char arg0[] = "mecab", arg_d[] = "-d", arg_r[] = "-r";
    char* argv[] = {arg0, arg_r, r.data(), arg_d, d.data(), nullptr};
    auto impl = std::make_unique<Impl>();
    impl->model.reset(MeCab::createModel(5, argv));
    if (!impl->model) {
        return Status::config("cannot load the MeCab dictionary " + dictionary_dir + ": " +
                              MeCab::getLastError() +
                              " (install mecab-ipadic-utf8, or set inbox.mecab_dictionary)");
    }
    impl->tagger.reset(impl->model->createTagger());
    if (!impl->tagger) {
        return Status::config("cannot start MeCab on " + dictionary_dir + ": " +
                              MeCab::getLastError());
    }
    std::shared_ptr<const Morphology> m(new Morphology(std::move(impl)));
    loaded.emplace(dictionary_dir, m);
    return m;
}

std::string Morphology::fold(std::string_view utf8) {
    // Half-width katakana is how older phones write ordinary words (ｾﾝｹﾞﾝｼﾃﾏｽｶ): read it as
    // hiragana, which the dictionary segments; loanwords still meet their katakana entries
    // through their readings. Widen before folding, so that ｰ stays a prolonged sound mark.
    std::string out;
    out.reserve(utf8.size());
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        std::size_t start = pos;
        char32_t cp = 0;
        if (!utf8::next(utf8, pos, cp) || cp < 0xFF61 || cp > 0xFF9F) {
            out.append(utf8.substr(start, pos - start));
            continue;
        }
        std::size_t end = pos;
        while (end < utf8.size()) {
            std::size_t next = end;
            if (!utf8::next(utf8, next, cp) || cp < 0xFF61 || cp > 0xFF9F) break;
            end = next;
        }
        std::string wide = widen_katakana(utf8.substr(start, end - start));
        std::size_t k = 0;
        while (k < wide.size()) {
            char32_t c = 0;
            std::size_t before = k;
            if (!utf8::next(wide, k, c)) {
                out.append(wide.substr(before, k - before));
                continue;
            }
            if (c >= 0x30A1 && c <= 0x30F6) c -= 0x60;  // katakana → hiragana
            utf8::append(out, c);
        }
        pos = end;
    }
    return fold_width(out);
}

std::vector<Morpheme> Morphology::analyse(std::string_view folded) const {
    std::vector<Morpheme> out;
    // MeCab stops at a NUL; a hostile text may hold one.
    std::string text(folded.substr(0, folded.find('\0')));
    if (text.empty()) return out;
    MeCab::Lattice& lattice = lattice_for(impl_->model.get());
    lattice.set_sentence(text.c_str(), text.size());
    if (!impl_->tagger->parse(&lattice)) return out;
    for (const MeCab::Node* n = lattice.bos_node(); n; n = n->next) {
        if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE || n->length == 0) continue;
        Morpheme m;
        m.surface.assign(n->surface, n->length);
        m.offset = static_cast<std::size_t>(n->surface - text.c_str());
        m.known = n->stat != MECAB_UNK_NODE;
        auto f = split_features(n->feature ? n->feature : "");
        // A surface that is itself a comma splits into more fields: read it as a symbol.
        if (f.size() > 9) f = {"記号"};
        m.pos = pos_of(f.empty() ? "" : f[0]);
        auto field = [&](std::size_t i) {
            return i < f.size() && f[i] != "*" ? std::string(f[i]) : std::string();
        };
        m.pos1 = field(1);
        m.pos2 = field(2);
        m.conjugation = field(5);
        m.base = field(6);
        if (m.base.empty()) m.base = m.surface;
        m.reading = field(7);
        if (m.reading.empty() && is_kana(m.surface)) m.reading = to_katakana(m.surface);
        out.push_back(std::move(m));
    }
    lattice.clear();
    return out;
}

std::string to_katakana(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t pos = 0;
    char32_t cp = 0;
    while (pos < s.size()) {
        std::size_t start = pos;
        if (!utf8::next(s, pos, cp)) {
            out.append(s.substr(start, pos - start));
            continue;
        }
        if (cp >= 0x3041 && cp <= 0x3096) cp += 0x60;
        utf8::append(out, cp);
    }
    return out;
}

}  // namespace sa::text
