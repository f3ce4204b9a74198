// The send job: hands every due mail of the outbox to the transport, one connection for the
// batch, and records each attempt's outcome in its own transaction. A mail is marked sent
// only after the server accepted it, so a crash in between sends it again at most once more;
// the recording overlaps the next mail's envelope, never its body.
#pragma once

#include <Poco/Logger.h>

#include <cstdint>

#include "core/clock.h"
#include "core/progress.h"
#include "outbox/delivery_policy.h"
#include "store/store.h"
#include "transport/smtp.h"

namespace sa {

struct SendReport {
    std::int64_t sent = 0, deferred = 0, failed = 0, unknown = 0;
    std::int64_t due = 0;        // due when the job looked
    bool stopped_early = false;  // the server could not be used; the rest waits
    std::string stop_reason;
    bool auth_or_tls_failed = false;  // needs a person, not just time
};

class SendJob {
  public:
    SendJob(Store& store, MailTransport& transport, const Clock& clock, DeliverySettings settings,
            Poco::Logger& log)
        : store_(store), transport_(transport), clock_(clock), settings_(settings), log_(log) {}

    // With `dry_run`, counts the due mails and sends nothing. Fails only when the store
    // cannot be read or written.
    Result<SendReport> run(bool dry_run);

    // Reports progress to `p` (a terminal) from now on.
    void report_progress_to(Progress& p) { progress_ = &p; }

  private:
    Store& store_;
    MailTransport& transport_;
    const Clock& clock_;
    DeliverySettings settings_;
    Poco::Logger& log_;
    NoProgress quiet_;
    Progress* progress_ = &quiet_;
};

}  // namespace sa
