#include <cstdio>
#include <ostream>

#include "app/command.h"
#include "app/exit_codes.h"
#include "core/file_system.h"
#include "inbox/analysis.h"
#include "inbox/sentences.h"

namespace sa::app {
namespace {

// Every sentence as the classifier read it: its role, whether it asks, and each clause with
// the concepts it names and whether it is negated, a preface or hearsay.
void explain(Context& ctx, const inbox::Analysis& a, std::ostream& out) {
    for (const inbox::Sentence& s :
         inbox::read_sentences(*ctx.morphology(), a.message.subject, a.message.text)) {
        out << "sentence (" << inbox::to_string(s.role) << (s.asks ? ", asks" : "")
            << "): " << s.text << "\n";
        for (const inbox::Clause& c : s.clauses) {
            std::string words;
            for (std::size_t i = c.begin; i < c.end; ++i) words += s.morphemes[i].surface + "|";
            out << "  clause" << (c.negated ? " negated" : "") << (c.preface ? " preface" : "")
                << (c.reason ? " reason" : "") << (c.reported ? " hearsay" : "") << ": " << words
                << "\n";
            for (const inbox::ConceptHit& h : c.hits) {
                out << "    " << s.morphemes[h.morpheme].surface << ":";
                for (int k = 0; k < static_cast<int>(inbox::Concept::kCount); ++k) {
                    if (h.concepts.test(static_cast<std::size_t>(k)))
                        out << " " << inbox::to_string(static_cast<inbox::Concept>(k));
                }
                out << "\n";
            }
            for (int k = 0; k < static_cast<int>(inbox::Concept::kCount); ++k) {
                if (c.questioned.test(static_cast<std::size_t>(k)))
                    out << "    asks whether: " << inbox::to_string(static_cast<inbox::Concept>(k))
                        << "\n";
            }
        }
    }
}

int classify_file(Context& ctx, const Invocation& inv, std::ostream& out) {
    const std::string path = inv.positional[0];
    inbox::MimeLimits limits = ctx.mime_limits();
    // Read one byte past the limit, so that an oversized file is seen as such.
    auto raw = fs::read_file(path, limits.max_message_bytes + 1);
    if (!raw && raw.status().code() != Status::Code::kInvalid) {
        out << path << ": " << raw.status().message() << "\n";
        return kExitNoInput;
    }
    std::string bytes = raw ? *raw : std::string(limits.max_message_bytes + 1, ' ');
    inbox::AnalysisWorker worker({limits, ctx.own_addresses(), ctx.morphology()});
    inbox::Analysis a = worker.analyse(bytes);
    if (inv.has("json")) {
        out << inbox::to_json(a) << "\n";
        return kExitOk;
    }
    auto line = [&](const char* label, const std::string& v) {
        if (!v.empty()) out << label << ": " << v << "\n";
    };
    out << "intent: " << inbox::to_string(a.classification.intent) << " (" << a.classification.rule
        << ")\n";
    char confidence[16];
    std::snprintf(confidence, sizeof confidence, "%.2f", a.classification.confidence);
    out << "confidence: " << confidence << "\n";
    if (a.classification.secondary != inbox::Intent::kOther)
        out << "also asks: " << inbox::to_string(a.classification.secondary) << "\n";
    for (const auto& e : a.classification.evidence) out << "evidence: " << e << "\n";
    if (inv.has("explain")) explain(ctx, a, out);
    line("from", a.message.from_address);
    line("subject", a.message.subject);
    line("corporate_number", a.keys.corporate_number);
    line("prefecture", a.keys.prefecture);
    line("trade_name", a.keys.trade_name);
    line("representative_name", a.keys.representative_name);
    line("declaration_id", a.keys.declaration_id);
    line("user_number", a.keys.user_number);
    line("bounced_recipient", a.keys.bounced_recipient);
    line("bounced_message_id", a.keys.bounced_message_id);
    for (const auto& t : a.keys.typos)
        out << "probable typo: " << t << " (check digit fails; not used)\n";
    for (const auto& s : a.suppressions) out << "no automatic answer: " << s << "\n";
    line("unreadable", a.message.unreadable);
    return kExitOk;
}

}  // namespace

std::vector<CommandSpec> inbox_commands() {
    std::vector<CommandSpec> c;
    c.push_back({"classify",
                 "FILE.eml",
                 "decode and classify one message; change nothing",
                 1,
                 1,
                 {{"json", "",
                   "one JSON object: intent, corporate_number, prefecture, trade_name, "
                   "representative_name, declaration_id, user_number, bounced_recipient, "
                   "confidence, evidence"},
                  {"explain", "", "also show each sentence and clause as the classifier read it"}},
                 CommandSpec::Needs::kNothing,
                 classify_file});
    return c;
}

}  // namespace sa::app
