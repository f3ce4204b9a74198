// Progress of a long job, for a person watching at a terminal. Jobs report through this
// interface; the command line decides whether anyone sees it (a terminal) or not (cron).
#pragma once

#include <cstdint>
#include <string>

namespace sa {

class Progress {
  public:
    virtual ~Progress() = default;
    // `done` of `total` units (0 total: unknown) of `what` ("records", "mails", "messages").
    virtual void update(const std::string& step, const std::string& what, std::int64_t done,
                        std::int64_t total) = 0;
    // The step ended; clear the line.
    virtual void finish() = 0;
};

// Reports nothing: under cron, in tests.
class NoProgress final : public Progress {
  public:
    void update(const std::string&, const std::string&, std::int64_t, std::int64_t) override {}
    void finish() override {}
};

// One line on standard error, redrawn at most five times a second: rate and, when the total
// is known, time left.
class TerminalProgress final : public Progress {
  public:
    void update(const std::string& step, const std::string& what, std::int64_t done,
                std::int64_t total) override;
    void finish() override;

  private:
    std::string step_;
    double started_ = 0, drawn_ = 0;
    bool visible_ = false;
};

}  // namespace sa
