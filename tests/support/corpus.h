// The inbound corpora under tests/data/: each message with its expected classification.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "inbox/analysis.h"

namespace sa::test {

struct CorpusCase {
    std::string name;  // file stem
    std::string eml_path;
    std::string raw;
    std::string intent, corporate_number, prefecture, trade_name, representative_name,
        declaration_id, user_number, bounced_recipient;  // "" for null
    bool probable_typo = false;
};

// Every case of tests/data/<dir>/ in name order.
std::vector<CorpusCase> load_corpus(const std::string& dir);

// The fields of `got` that differ from the expectation, as "field: want … got …".
std::vector<std::string> corpus_mismatches(const CorpusCase& expected, const inbox::Analysis& got);

// Each key field (not the intent), expected and got; "" for null, "true"/"false" for
// probable_typo.
struct CorpusField {
    const char* name;
    std::string expected, got;
};
std::vector<CorpusField> corpus_fields(const CorpusCase& expected, const inbox::Analysis& got);

// The secretariat addresses the corpora are written for.
std::vector<std::string> corpus_own_addresses();

// The Japanese analyser on the default dictionary (fails the test when it is missing).
std::shared_ptr<const text::Morphology> morphology();

}  // namespace sa::test
