// The send job: hands every due mail of the outbox to the transport, one connection for the
// batch. Nothing is handed over before the store knows: one commit per mail records what the
// previous mail's attempt came to and marks this mail as being handed over (with the time),
// and this mail's body waits for that commit; the commit runs while the envelope goes out.
//
// When a commit fails (the database is read-only, the disk full, the lock held past the busy
// timeout) nothing more goes out: the job stops at once and fails with kIo or kBusy, naming
// the mail whose body was held back and the previous one, whose outcome is then not recorded
// (was it handed over, was it accepted). A kill or such a failure leaves at most one mail
// marked as handed over without an outcome; the next run sends it once more, with a warning
// naming it, and after kMaxUnrecordedAttempts such handovers in a row leaves it unknown for
// staff (delivery_policy.h).
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
    std::int64_t resent = 0;     // sent once more after a handover with no recorded outcome
    bool stopped_early = false;  // the server could not be used; the rest waits
    std::string stop_reason;
    bool auth_or_tls_failed = false;  // needs a person, not just time
    // Not ok when the store could not be read or written (kIo, kBusy): the job stopped there,
    // and the message names the mails concerned. The counts say what happened until then.
    Status failure;
};

class SendJob {
  public:
    SendJob(Store& store, MailTransport& transport, const Clock& clock, DeliverySettings settings,
            Poco::Logger& log)
        : store_(store), transport_(transport), clock_(clock), settings_(settings), log_(log) {}

    // With `dry_run`, counts the due mails and sends nothing. A store that cannot be read or
    // written stops the job (SendReport::failure; see above).
    SendReport run(bool dry_run);

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
