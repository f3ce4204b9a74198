// The program's entry: `sa-batch COMMAND [options] [arguments]`.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>

#include "app/context.h"

namespace sa::app {

// Builds the Context a command runs with from its configuration.
using ContextFactory = std::function<std::unique_ptr<Context>(Config)>;

// Runs one command line; returns the exit code (sysexits: README, "Using it"). Never throws.
// A bad command line (an unknown option, a missing value, a number option that is not one,
// the wrong number of arguments) is 64; a configuration value that is not of its key's kind
// is 78 before the command runs (config --check reports instead); 70 only for a broken
// invariant. `make_context` defaults to the production one (system clock and random source).
int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err,
            const ContextFactory& make_context = nullptr);

}  // namespace sa::app
