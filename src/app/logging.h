// Logging through Poco: a rotating file at the configured level, standard error for
// warnings and errors (cron mails those to the administrator), syslog when asked. Log lines
// name records, files and mails by number; they never hold a 利用者番号 unmasked, a password or
// an applicant's contact details.
#pragma once

#include <Poco/Logger.h>

#include "app/config.h"

namespace sa::app {

// Configures the "sa" logger hierarchy from `config`. Never fails: a log file that cannot be
// opened is reported on standard error and skipped.
void setup_logging(const Config& config);

Poco::Logger& logger();

}  // namespace sa::app
