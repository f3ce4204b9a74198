// The program's entry: `sa-batch COMMAND [options] [arguments]`.
#pragma once

#include <iosfwd>

namespace sa::app {

// Runs one command line; returns the exit code (sysexits). Never throws.
int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace sa::app
