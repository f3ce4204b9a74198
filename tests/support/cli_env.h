// A private working directory for running the sa-batch binary: its own configuration file,
// database, spool and log, pointed at the local mail stack: SMTP without TLS, the mailbox
// (once a test names it in imap.url) with the stack's CA, so that imap:// on loopback goes
// over STARTTLS as imap.tls's default has it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace sa::test {

class CliEnv {
  public:
    // `extra` lines are appended to the configuration file (e.g. "[mail]\ncharset = iso-2022-jp").
    explicit CliEnv(const std::string& extra = "");

    // Runs sa-batch with `args` (the --config option is added).
    ProcessResult run(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env = {}) const;
    // One integer from the database (test inspection only).
    std::int64_t count(const std::string& sql) const;
    std::string text(const std::string& sql) const;
    // Drops an intake file into the spool.
    void drop(const std::string& name, const std::string& content) const;

    TempDir dir;
    std::string config_path;
    std::string spool;
    std::string db_path;
};

std::string smtp_port();
std::string imap_port();
std::string imaps_port();
// The private CA that signed the local mail stack's certificate (scripts/mailstack).
std::string mailstack_ca();
// The password of every mailbox of the local mail stack (scripts/mailstack).
std::string mail_password();

}  // namespace sa::test
