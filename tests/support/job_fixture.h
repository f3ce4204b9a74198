// A complete in-process setup for job tests: a temporary spool and database, the real mail
// templates, a seeded random source and a clock fixed at the real present (file ages in the
// spool are compared with it).
#pragma once

#include <Poco/Logger.h>

#include <memory>
#include <string>

#include "core/clock.h"
#include "mail/renderer.h"
#include "store/store.h"
#include "support/seeded_random.h"
#include "support/temp_dir.h"

namespace sa::test {

class JobFixture {
  public:
    explicit JobFixture(std::uint64_t seed = 7);

    TempDir dir;
    std::string spool;
    std::unique_ptr<Store> store;
    SeededRandom random;
    FixedClock clock;
    std::unique_ptr<mime::MailRenderer> renderer;
    Poco::Logger& log;

    // Runs one SQL query returning a single integer (test inspection only).
    std::int64_t count(const std::string& sql);
    // Drops a file into the spool, aged past the settle time.
    void drop(const std::string& name, const std::string& content);
};

}  // namespace sa::test
