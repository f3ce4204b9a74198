// The command table: each sub-command's name, arguments, options, what it needs (a
// configuration, the job lock) and the function that runs it. The skeleton in cli.cpp
// parses the command line, loads the configuration, sets up logging, takes the lock and maps
// errors to exit codes for all of them alike.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "app/context.h"

namespace sa::app {

struct Invocation {
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>> options;

    bool has(const std::string& name) const { return options.count(name) > 0; }
    std::string value(const std::string& name, const std::string& fallback = "") const {
        auto it = options.find(name);
        return it == options.end() || it->second.empty() ? fallback : it->second.back();
    }
    bool dry_run() const { return has("dry-run"); }
    // The value of an option declared `number` (OptionSpec), or `fallback` when it is absent.
    // The skeleton has refused the command line (64) when the value is not a number.
    std::uint64_t number(const std::string& name, std::uint64_t fallback) const;
};

struct OptionSpec {
    std::string name;      // long name, without "--"
    std::string argument;  // placeholder for its value; empty for a flag
    std::string help;
    bool number = false;  // the value is a non-negative whole number (core/number.h)
};

struct CommandSpec {
    std::string name;
    std::string arguments;  // for the usage line: "FILE", "ID", ""
    std::string summary;
    std::size_t min_args = 0, max_args = 0;
    std::vector<OptionSpec> options;
    enum class Needs { kNothing, kConfig, kJobLock } needs = Needs::kConfig;
    // Writes its results to `out`; returns an exit code.
    std::function<int(Context&, const Invocation&, std::ostream& out)> run;
    // The skeleton checks every configuration value (Config::check_values) before it runs a
    // command and exits 78 naming each bad one; a command that reports on the configuration
    // itself (config --check) runs anyway.
    bool reports_configuration = false;
};

// All sub-commands, in the order --help lists them.
const std::vector<CommandSpec>& commands();

// Registration per module file; commands() concatenates them.
std::vector<CommandSpec> job_commands();
std::vector<CommandSpec> intake_commands();
std::vector<CommandSpec> inbox_commands();
std::vector<CommandSpec> staff_commands();
std::vector<CommandSpec> desk_commands();
std::vector<CommandSpec> ops_commands();

}  // namespace sa::app
