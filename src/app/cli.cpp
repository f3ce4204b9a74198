#include "app/cli.h"

#include "text/terminal.h"

#include <Poco/Exception.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionProcessor.h>
#include <Poco/Util/OptionSet.h>

#include <iostream>
#include <optional>
#include <sstream>

#include "app/command.h"
#include "app/exit_codes.h"
#include "app/lock.h"
#include "app/logging.h"
#include "core/file_system.h"
#include "core/number.h"

namespace sa::app {
namespace {

const char* kDefaultConfig = "config/sa-batch.ini";

std::vector<OptionSpec> global_options() {
    return {{"config", "FILE", std::string("configuration file (default ") + kDefaultConfig + ")"},
            {"set", "KEY=VALUE",
             "override one configuration key, e.g. --set smtp.url=smtp://host:25; repeatable"},
            {"help", "", "show this help"}};
}

Poco::Util::OptionSet option_set(const std::vector<OptionSpec>& specs) {
    Poco::Util::OptionSet set;
    for (const OptionSpec& o : specs) {
        Poco::Util::Option opt(o.name, "", o.help, false);
        if (!o.argument.empty()) opt.argument(o.argument, true);
        opt.repeatable(true);
        set.addOption(opt);
    }
    return set;
}

void print_overview(std::ostream& out) {
    out << "usage: sa-batch COMMAND [options] [arguments]\n\n"
           "The SECURITY ACTION secretariat's batch processor.\n\ncommands:\n";
    for (const CommandSpec& c : commands()) {
        std::string head = "  " + c.name + (c.arguments.empty() ? "" : " " + c.arguments);
        if (head.size() < 28) head.resize(28, ' ');
        out << head << " " << c.summary << "\n";
    }
    out << "\ncommon options:\n";
    for (const OptionSpec& o : global_options()) {
        std::string head = "  --" + o.name + (o.argument.empty() ? "" : " " + o.argument);
        if (head.size() < 28) head.resize(28, ' ');
        out << head << " " << o.help << "\n";
    }
    out << "\n'sa-batch COMMAND --help' describes one command.\n"
           "exit codes: 0 ok, 64 usage, 65 bad data, 66 no input, 69 server refuses us,\n"
           "70 a bug (broken invariant), 74 database or disk cannot be written, 75 try again\n"
           "later (server down, another job running, database busy), 78 bad configuration.\n";
}

void print_command_help(const CommandSpec& c, std::ostream& out) {
    std::vector<OptionSpec> all = c.options;
    for (const OptionSpec& o : global_options()) all.push_back(o);
    const Poco::Util::OptionSet options = option_set(all);  // HelpFormatter keeps a reference
    Poco::Util::HelpFormatter help(options);
    help.setUnixStyle(true);
    help.setCommand("sa-batch " + c.name);
    help.setUsage("[options]" + (c.arguments.empty() ? "" : " " + c.arguments));
    help.setHeader(c.summary);
    help.setWidth(100);
    help.format(out);
}

}  // namespace

std::uint64_t Invocation::number(const std::string& name, std::uint64_t fallback) const {
    if (!has(name)) return fallback;
    auto n = parse_integer<std::uint64_t>(value(name));
    if (!n)
        throw Error(Status::Code::kInternal,
                    "--" + name + " was not checked: " + n.status().message());
    return *n;
}

namespace {
int run_command(int argc, char** argv, std::ostream& out, std::ostream& err,
                const ContextFactory& make_context);
}  // namespace

int run_cli(int argc, char** argv, std::ostream& raw_out, std::ostream& raw_err,
            const ContextFactory& make_context) {
    // What the program writes quotes mail and intake files: no control sequence of theirs
    // reaches the terminal (text/terminal.h).
    text::TerminalSafeBuffer out_buffer(raw_out.rdbuf()), err_buffer(raw_err.rdbuf());
    std::ostream out(&out_buffer), err(&err_buffer);
    const int code = run_command(argc, argv, out, err, make_context);
    out.flush();
    err.flush();
    return code;
}

namespace {

int run_command(int argc, char** argv, std::ostream& out, std::ostream& err,
                const ContextFactory& make_context) {
    std::vector<std::string> args(argv + 1, argv + argc);
    // The command is the first argument that is neither an option nor an option's value.
    std::optional<std::size_t> command_at;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--config" || args[i] == "--set") {
            ++i;
        } else if (args[i].rfind("-", 0) != 0) {
            command_at = i;
            break;
        }
    }
    if (!command_at) {
        bool help = false;
        for (const auto& a : args) help = help || a == "--help" || a == "-h";
        print_overview(help ? out : err);
        return help ? kExitOk : kExitUsage;
    }
    const CommandSpec* spec = nullptr;
    for (const CommandSpec& c : commands()) {
        if (c.name == args[*command_at]) spec = &c;
    }
    if (!spec) {
        err << "sa-batch: unknown command '" << args[*command_at] << "' (see sa-batch --help)\n";
        return kExitUsage;
    }

    Invocation inv;
    std::vector<OptionSpec> all = spec->options;
    for (const OptionSpec& o : global_options()) all.push_back(o);
    try {
        Poco::Util::OptionSet set = option_set(all);
        Poco::Util::OptionProcessor processor(set);
        processor.setUnixStyle(true);
        bool only_positional = false;
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (i == *command_at) continue;
            if (!only_positional && args[i] == "--") {
                only_positional = true;
                continue;
            }
            std::string name, value;
            if (!only_positional && processor.process(args[i], name, value)) {
                if (!name.empty()) inv.options[name].push_back(value);
            } else {
                inv.positional.push_back(args[i]);
            }
        }
        processor.checkRequired();
    } catch (const Poco::Util::OptionException& e) {
        err << "sa-batch " << spec->name << ": " << e.displayText() << "\n";
        return kExitUsage;
    }
    if (inv.has("help")) {
        print_command_help(*spec, out);
        return kExitOk;
    }
    if (inv.positional.size() < spec->min_args || inv.positional.size() > spec->max_args) {
        err << "sa-batch " << spec->name << ": expected "
            << (spec->arguments.empty() ? "no arguments" : spec->arguments) << " (see sa-batch "
            << spec->name << " --help)\n";
        return kExitUsage;
    }
    for (const OptionSpec& o : spec->options) {
        auto given = inv.options.find(o.name);
        if (!o.number || given == inv.options.end()) continue;
        for (const std::string& v : given->second) {
            auto n = parse_integer<std::uint64_t>(v);
            if (!n) {
                err << "sa-batch " << spec->name << ": --" << o.name << " " << o.argument << ": "
                    << n.status().message() << "\n";
                return kExitUsage;
            }
        }
    }

    try {
        const bool explicit_config = inv.has("config");
        const std::string config_path = inv.value("config", kDefaultConfig);
        const auto& overrides = inv.options["set"];
        Result<Config> config = Status::internal("unset");
        if (spec->needs == CommandSpec::Needs::kNothing && !explicit_config &&
            !fs::stat_path(config_path)) {
            config = Config::from_overrides(overrides);
        } else {
            config = Config::load(config_path, overrides);
        }
        if (!config) {
            err << "sa-batch: " << config.status().message() << "\n";
            return kExitConfig;
        }
        const std::vector<Status> problems = config->check_values();
        if (!problems.empty() && !spec->reports_configuration) {
            for (const Status& p : problems)
                err << "sa-batch " << spec->name << ": " << p.message() << "\n";
            return kExitConfig;
        }
        std::unique_ptr<Context> owned = make_context
                                             ? make_context(std::move(*config))
                                             : std::make_unique<Context>(std::move(*config));
        Context& ctx = *owned;
        if (inv.dry_run()) ctx.rehearse_only();
        // Logging is configured too; with a bad value only config --check goes on, unlogged.
        if (spec->needs != CommandSpec::Needs::kNothing && problems.empty())
            setup_logging(ctx.config());
        std::optional<JobLock> lock;
        if (spec->needs == CommandSpec::Needs::kJobLock) {
            Status s = fs::make_dirs(fs::dirname(ctx.lock_path()));
            auto l = s ? JobLock::acquire(ctx.lock_path()) : Result<JobLock>(s);
            if (!l) {
                err << "sa-batch " << spec->name << ": " << l.status().message() << "\n";
                return exit_code_for(l.status());
            }
            lock.emplace(std::move(*l));
        }
        return spec->run(ctx, inv, out);
    } catch (const Error& e) {
        err << "sa-batch " << spec->name << ": " << e.what() << "\n";
        return exit_code_for(e.code());
    } catch (const Poco::Exception& e) {
        err << "sa-batch " << spec->name << ": " << e.displayText() << "\n";
        return kExitSoftware;
    } catch (const std::exception& e) {
        err << "sa-batch " << spec->name << ": " << e.what() << "\n";
        return kExitSoftware;
    }
}

}  // namespace

}  // namespace sa::app
