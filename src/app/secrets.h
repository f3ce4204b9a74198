// Passwords come from a file or an environment variable named in the configuration, never
// from the command line, and are never logged.
#pragma once

#include <string>

#include "core/status.h"

namespace sa::app {

// The secret from `file` (its first line; refused when the file is readable by group or
// others) or else from the environment variable `env_name`. Empty when both are empty.
// `what` names the secret in error messages ("smtp.password_file").
Result<std::string> load_secret(const std::string& file, const std::string& env_name,
                                const std::string& what);

}  // namespace sa::app
