// Operations commands: config --check.
#include <algorithm>
#include <functional>
#include <ostream>

#include "app/command.h"
#include "app/exit_codes.h"
#include "core/file_system.h"

namespace sa::app {
namespace {

int config_command(Context& ctx, const Invocation& inv, std::ostream& out) {
    if (!inv.has("check")) {
        out << "config: use --check to validate the configuration and print it\n";
        return kExitUsage;
    }
    const Config& c = ctx.config();
    std::vector<std::string> problems;
    // The values first (the check every command runs at start-up), then what only building
    // each piece can tell; a bad value those pieces trip over again is named once.
    const std::vector<Status> values = c.check_values();
    for (const Status& v : values) problems.push_back(v.message());
    auto check = [&](const char* what, const std::function<void()>& f) {
        try {
            f();
        } catch (const Error& e) {
            if (std::find(problems.begin(), problems.end(), e.what()) == problems.end())
                problems.push_back(std::string(what) + ": " + e.what());
        }
    };
    check("mail", [&] { ctx.renderer(); });
    check("clock", [&] { ctx.clock(); });
    check("intake", [&] { ctx.intake_settings(); });
    check("smtp", [&] { ctx.smtp(); });
    if (ctx.has_mailbox()) check("imap", [&] { ctx.mailbox(); });
    if (values.empty()) {
        if (c.get_seconds("delivery.min_backoff") > c.get_seconds("delivery.max_backoff")) {
            problems.push_back("delivery.min_backoff is longer than delivery.max_backoff");
        }
    }
    if (!fs::stat_path(c.get("intake.spool"))) {
        problems.push_back("intake.spool '" + c.get("intake.spool") +
                           "' does not exist (create it for the web form)");
    }

    out << "# effective configuration" << (c.path().empty() ? "" : " of " + c.path())
        << "; '*' marks a value other than the default\n"
        << "# (passwords never appear here: they are read from the files or environment variables "
           "named)\n";
    std::string section;
    for (const ConfigKey& k : config_keys()) {
        std::string name = k.name;
        std::string sec = name.substr(0, name.find('.'));
        if (sec != section) {
            out << (section.empty() ? "" : "\n") << "[" << sec << "]\n";
            section = sec;
        }
        std::string value = c.get(name);
        out << name.substr(name.find('.') + 1) << " = " << value
            << (value != k.default_value ? "   *" : "") << "\n";
    }
    if (problems.empty()) {
        out << "\nconfiguration OK\n";
        return kExitOk;
    }
    out << "\n";
    for (const auto& p : problems) out << "problem: " << p << "\n";
    return kExitConfig;
}

}  // namespace

std::vector<CommandSpec> ops_commands() {
    std::vector<CommandSpec> c;
    c.push_back(
        {"config",
         "",
         "validate the configuration (--check) and print it, secrets hidden",
         0,
         0,
         {{"check", "", "check every key, the templates, the password files; print the result"}},
         CommandSpec::Needs::kConfig,
         config_command,
         true});
    return c;
}

}  // namespace sa::app
