// Runs a program (normally the built sa-batch) as a child process and collects what it
// printed and how it exited.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace sa::test {

struct ProcessResult {
    int exit_code = -1;  // -signal when killed by a signal
    std::string out;
    std::string err;
};

// Runs `argv` in `cwd` with the environment extended by `env`; waits for it to end.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd = "",
                          const std::map<std::string, std::string>& env = {},
                          const std::string& stdin_data = "");

// The built sa-batch binary and the source tree.
std::string sa_batch_bin();
std::string source_dir();

}  // namespace sa::test
