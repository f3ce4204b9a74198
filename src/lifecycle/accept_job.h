// The accept-due job: issued declarations older than the review period and with no open flag
// (duplicate, bounce, hold) become accepted — listed in the public search from that moment —
// and each gets the acceptance mail 「【SECURITY ACTION】申込受理のご連絡」. One transaction per
// declaration: the state change and its mail commit together, so a crash anywhere loses or
// doubles nothing.
#pragma once

#include <Poco/Logger.h>

#include <cstdint>

#include "core/clock.h"
#include "mail/renderer.h"
#include "store/store.h"

namespace sa::lifecycle {

struct AcceptReport {
    std::int64_t accepted = 0;
};

class AcceptJob {
  public:
    AcceptJob(Store& store, mime::MailRenderer& renderer, const Clock& clock, int review_days,
              Poco::Logger& log)
        : store_(store), renderer_(renderer), clock_(clock), review_days_(review_days), log_(log) {}

    // With `dry_run`, counts what would be accepted and changes nothing.
    Result<AcceptReport> run(bool dry_run);

  private:
    Store& store_;
    mime::MailRenderer& renderer_;
    const Clock& clock_;
    int review_days_;
    Poco::Logger& log_;
};

// Accepts `d` and queues its acceptance mail, inside `tx`. Shared by the job and by staff.
OutboxMail accept_in(Transaction& tx, const Declaration& d, mime::MailRenderer& renderer,
                     UnixTime now);

}  // namespace sa::lifecycle
