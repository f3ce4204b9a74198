#include "support/corpus.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <filesystem>

#include "support/process.h"
#include "support/temp_dir.h"

namespace sa::test {

std::vector<CorpusCase> load_corpus(const std::string& dir) {
    std::vector<CorpusCase> cases;
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(source_dir() + "/tests/data/" + dir)) {
        if (e.path().extension() == ".eml") names.push_back(e.path().string());
    }
    std::sort(names.begin(), names.end());
    for (const std::string& path : names) {
        CorpusCase c;
        c.eml_path = path;
        c.name = std::filesystem::path(path).stem().string();
        c.raw = read_file(path);
        std::string json_path = path.substr(0, path.size() - 4) + ".expected.json";
        Poco::JSON::Parser parser;
        auto o = parser.parse(read_file(json_path)).extract<Poco::JSON::Object::Ptr>();
        auto get = [&](const char* key) {
            return o->isNull(key) ? std::string() : o->getValue<std::string>(key);
        };
        c.intent = get("intent");
        c.corporate_number = get("corporate_number");
        c.prefecture = get("prefecture");
        c.trade_name = get("trade_name");
        c.representative_name = get("representative_name");
        c.declaration_id = get("declaration_id");
        c.user_number = get("user_number");
        c.bounced_recipient = get("bounced_recipient");
        c.probable_typo = o->getValue<bool>("probable_typo");
        cases.push_back(std::move(c));
    }
    return cases;
}

std::vector<CorpusField> corpus_fields(const CorpusCase& e, const inbox::Analysis& a) {
    return {{"corporate_number", e.corporate_number, a.keys.corporate_number},
            {"prefecture", e.prefecture, a.keys.prefecture},
            {"trade_name", e.trade_name, a.keys.trade_name},
            {"representative_name", e.representative_name, a.keys.representative_name},
            {"declaration_id", e.declaration_id, a.keys.declaration_id},
            {"user_number", e.user_number, a.keys.user_number},
            {"bounced_recipient", e.bounced_recipient, a.keys.bounced_recipient},
            {"probable_typo", e.probable_typo ? "true" : "", a.keys.typos.empty() ? "" : "true"}};
}

std::vector<std::string> corpus_mismatches(const CorpusCase& e, const inbox::Analysis& a) {
    std::vector<std::string> bad;
    const std::string intent = inbox::to_string(a.classification.intent);
    if (e.intent != intent) bad.push_back("intent: want '" + e.intent + "' got '" + intent + "'");
    for (const auto& f : corpus_fields(e, a)) {
        if (f.expected != f.got)
            bad.push_back(std::string(f.name) + ": want '" + f.expected + "' got '" + f.got + "'");
    }
    return bad;
}

std::shared_ptr<const text::Morphology> morphology() {
    auto m = text::Morphology::load(text::Morphology::default_dictionary());
    if (!m) throw std::runtime_error(m.status().message());
    return *m;
}

std::vector<std::string> corpus_own_addresses() {
    return {"noreply@sa-secretariat.example", "security-action-info@sa-secretariat.example"};
}

}  // namespace sa::test
