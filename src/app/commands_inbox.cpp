#include <ostream>

#include "app/command.h"
#include "app/exit_codes.h"
#include "core/file_system.h"
#include "inbox/analysis.h"

namespace sa::app {
namespace {

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
    inbox::ParserWorker parser(limits);
    inbox::Analysis a = inbox::analyse(bytes, limits, ctx.own_addresses(), &parser);
    if (inv.has("json")) {
        out << inbox::to_json(a) << "\n";
        return kExitOk;
    }
    auto line = [&](const char* label, const std::string& v) {
        if (!v.empty()) out << label << ": " << v << "\n";
    };
    out << "intent: " << inbox::to_string(a.classification.intent) << " (" << a.classification.rule
        << ")\n";
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
                   "representative_name, declaration_id, user_number, bounced_recipient"}},
                 CommandSpec::Needs::kNothing,
                 classify_file});
    return c;
}

}  // namespace sa::app
