// The program's entry: `sa-batch COMMAND [options] [arguments]`.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>

#include "app/context.h"

namespace sa::app {

// Builds the Context a command runs with from its configuration.
using ContextFactory = std::function<std::unique_ptr<Context>(Config)>;

// Runs one command line; returns the exit code (sysexits). Never throws. `make_context`
// defaults to the production one (system clock and random source).
int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err,
            const ContextFactory& make_context = nullptr);

}  // namespace sa::app
