// The intake job: reads every complete file in the spool, validates each record, issues the
// two numbers and queues the completion mail, then moves the file out of the spool.
//
// Crash safety: records are committed in chunks together with the file's progress, keyed by
// the SHA-256 of the file's contents, so a re-run resumes after the last committed record and
// never reads a record twice. A file leaves the spool only after its last chunk is committed
// and synced. Every record ends as exactly one of issued, duplicate or rejected (with its raw
// bytes and field-level reasons), and every line of a file in a record, the header or a blank
// line: the lines are counted, and a file whose counts do not add up is not marked read.
//
// Before each chunk is committed the file is checked against what was inspected: a file whose
// size or time changed, or that ends before its size, is not marked read; the chunk is not
// committed and the file stays in the spool (IntakeReport::failure, kBusy: try again later).
// A write the store refuses (read-only, disk full, busy past its timeout) stops the job at
// once, kIo or kBusy, naming the file and the records concerned.
#pragma once

#include <Poco/Logger.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/progress.h"
#include "core/random.h"
#include "intake/reader.h"
#include "mail/renderer.h"
#include "store/store.h"

namespace sa::intake {

struct IntakeSettings {
    std::string spool_dir;                      // Default: var/spool
    Encoding encoding = Encoding::kAuto;        // CSV encoding; Default: auto
    std::uint64_t max_file_bytes = 100u << 20;  // Default: 100 MiB
    std::size_t max_record_bytes = 64u << 10;   // Default: 64 KiB
    // A file modified less than this long before the clock's now is taken to be still being
    // written. Default: 10.
    int settle_seconds = 10;
    std::size_t commit_every = 500;  // records per transaction
    // The day of the daily caps on notices to a registered contact (intake/admission.h).
    // Default: 540 (JST).
    int utc_offset_minutes = 540;
};

struct IntakeReport {
    int files_read = 0;
    int files_unreadable = 0;
    int files_waiting = 0;  // not yet settled, or changed while being read
    std::int64_t issued = 0, upgraded = 0, duplicates = 0, rejected = 0;
    std::int64_t mails_queued = 0;
    // One line per file read: its format, its encoding and why, its lines and their outcomes.
    std::vector<std::string> files;
    std::vector<std::string> problems;  // one line per file that could not be finished
    // Not ok when the job could not do all its work for a reason other than a file's content
    // (the store, the disk, a file changing while read): the first such problem.
    Status failure;
};

class IntakeJob {
  public:
    IntakeJob(Store& store, mime::MailRenderer& renderer, const Clock& clock, RandomSource& random,
              IntakeSettings settings, Poco::Logger& log)
        : store_(store),
          renderer_(renderer),
          clock_(clock),
          random_(random),
          settings_(std::move(settings)),
          log_(log) {}

    // Processes the spool once. With `dry_run` nothing is committed and no file moves; the
    // report says what a real run would have done. Fails only when the spool cannot be
    // listed; a file that cannot be finished is reported in IntakeReport::problems, and in
    // IntakeReport::failure unless its content is at fault.
    Result<IntakeReport> run(bool dry_run);

    // Reports progress to `p` (a terminal) from now on.
    void report_progress_to(Progress& p) { progress_ = &p; }

  private:
    enum class FileResult { kDone, kWaiting, kFailed, kStop };
    FileResult process_file(const std::string& name, bool dry_run, IntakeReport& report);
    // Logs and keeps a problem with file `name`; the first sets IntakeReport::failure.
    void problem(IntakeReport& report, const Status& s, const std::string& name,
                 const std::string& what);
    void process_record(Transaction& tx, const IntakeFile& file, const RawRecord& raw,
                        IntakeReport& report);
    Status finish_file(IntakeFile file, const std::string& from, const std::string& subdir,
                       bool dry_run);

    Store& store_;
    mime::MailRenderer& renderer_;
    const Clock& clock_;
    RandomSource& random_;
    IntakeSettings settings_;
    Poco::Logger& log_;
    NoProgress quiet_;
    Progress* progress_ = &quiet_;
};

// True for names the web form may still be writing (dot files, .tmp, .part, …).
bool looks_incomplete(const std::string& file_name);

}  // namespace sa::intake
