// The inbox job: reads the secretariat mailbox by UID, decides on each message, commits the
// message (raw) with its decision and the answers it queues, and only then moves it to the
// folder for its outcome (answered, needs-person, ignored).
//
// Crash safety: a message whose decision is committed is recognised on the next run by
// (mailbox, UIDVALIDITY, UID) — or by its content when UIDVALIDITY changed — and only moved,
// never answered again. A message is never skipped: everything still in the mailbox is looked
// at on every run.
#pragma once

#include <Poco/Logger.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/progress.h"
#include "inbox/analysis.h"
#include "inbox/decide.h"
#include "inbox/mime_parse.h"
#include "mail/renderer.h"
#include "store/store.h"
#include "transport/imap.h"

namespace sa::inbox {

struct InboxSettings {
    std::string mailbox_name;  // for the store: the mailbox URL without credentials
    MimeLimits limits;
    DecideSettings decide;
    std::vector<std::string> own_addresses;
    std::shared_ptr<const text::Morphology> morphology;  // required
    // Messages fetched, decided and moved together, and at most this many bytes of them,
    // counting header_estimate for a message of which only the header is read.
    std::size_t batch_messages = 200;           // Default: 200
    std::uint64_t batch_bytes = 16u << 20;      // Default: 16 MiB
    std::uint64_t header_estimate = 64u << 10;  // Default: 64 KiB
};

struct InboxReport {
    int seen = 0, answered = 0, needs_person = 0, ignored = 0;
    int moved_only = 0;  // decided in an earlier run, moved now
    int mails_queued = 0;
    bool uidvalidity_changed = false;
};

class InboxJob {
  public:
    InboxJob(Store& store, Mailbox& mailbox, mime::MailRenderer& renderer, const Clock& clock,
             InboxSettings settings, Poco::Logger& log)
        : store_(store),
          mailbox_(mailbox),
          renderer_(renderer),
          clock_(clock),
          settings_(std::move(settings)),
          log_(log) {}

    // With `dry_run`, decides in a rolled-back transaction and moves nothing (fetching never
    // touches \Seen).
    // Fails (kUnavailable, kRefused, kNotFound) when the mailbox cannot be used; what was done
    // before the failure stays done.
    Result<InboxReport> run(bool dry_run);

    // Reports progress to `p` (a terminal) from now on.
    void report_progress_to(Progress& p) { progress_ = &p; }

  private:
    Store& store_;
    Mailbox& mailbox_;
    mime::MailRenderer& renderer_;
    const Clock& clock_;
    InboxSettings settings_;
    Poco::Logger& log_;
    AnalysisWorker worker_{{settings_.limits, settings_.own_addresses, settings_.morphology}};
    NoProgress quiet_;
    Progress* progress_ = &quiet_;
};

}  // namespace sa::inbox
