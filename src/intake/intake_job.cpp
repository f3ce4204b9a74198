#include "intake/intake_job.h"

#include "core/file_system.h"
#include "core/time_format.h"
#include "domain/ids.h"
#include "intake/admission.h"
#include "intake/validate.h"
#include "text/normalize.h"

namespace sa::intake {
namespace {

std::string fresh_number(Transaction& tx, IdKind kind, RandomSource& random, UnixTime now) {
    for (;;) {
        std::string n = make_id(kind, random);
        if (tx.reserve_number(n, now)) return n;
    }
}

std::string where(const std::string& file, std::int64_t record_no) {
    return "file '" + file + "' record " + std::to_string(record_no);
}

template <typename T>
T must(Result<T> r) {
    if (!r) throw Error(r.status());
    return std::move(*r);
}

}  // namespace

bool looks_incomplete(const std::string& name) {
    if (name.empty() || name[0] == '.' || name.back() == '~') return true;
    for (const char* ext : {".tmp", ".part", ".partial", ".filepart", ".crdownload", ".swp"}) {
        std::string e = ext;
        if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0) {
            return true;
        }
    }
    return false;
}

Result<IntakeReport> IntakeJob::run(bool dry_run) {
    IntakeReport report;
    auto names = fs::list_dir(settings_.spool_dir);
    if (!names) return names.status().with_context("intake spool");
    for (const std::string& name : *names) {
        if (looks_incomplete(name)) continue;
        auto info = fs::stat_path(fs::join(settings_.spool_dir, name));
        if (!info || !info->is_regular) continue;  // done/, rejected/ and anything odd
        FileResult r = process_file(name, dry_run, report);
        if (r == FileResult::kWaiting) ++report.files_waiting;
        if (r == FileResult::kStop) break;  // the store takes nothing more: the rest waits
    }
    progress_->finish();
    return report;
}

void IntakeJob::problem(IntakeReport& report, const Status& s, const std::string& name,
                        const std::string& what) {
    const Status named = s.with_context("file '" + name + "': " + what);
    log_.error("intake: " + named.message());
    report.problems.push_back(named.message());
    if (report.failure) report.failure = named;
}

IntakeJob::FileResult IntakeJob::process_file(const std::string& name, bool dry_run,
                                              IntakeReport& report) {
    const std::string path = fs::join(settings_.spool_dir, name);
    const UnixTime now = clock_.now();
    auto transact = [&](const std::function<void(Transaction&)>& body) {
        return dry_run ? store_.rehearse(body) : store_.write(body);
    };
    auto before = fs::stat_path(path);
    if (!before) return FileResult::kWaiting;
    if (settings_.settle_seconds > 0 && now - before->mtime < settings_.settle_seconds) {
        return FileResult::kWaiting;
    }
    // The store could not take what had to be recorded: nothing more is read.
    auto stop = [&](const Status& s, const std::string& what) {
        problem(report, s, name, what + "; stopped, the file stays in the spool");
        return FileResult::kStop;
    };

    // A file that is too large, of an unknown kind or unreadable leaves the spool for
    // rejected/, with the reason kept in the store.
    auto reject_file = [&](const std::string& sha, const std::string& why) {
        log_.warning("intake: file '" + name + "' cannot be read: " + why);
        report.problems.push_back(name + ": " + why);
        ++report.files_unreadable;
        IntakeFile file;
        Status s = transact([&](Transaction& tx) {
            file = tx.intake_file(sha, name, before->size, "", "", now);
            file.error = why;
            file.complete = true;
            tx.update_intake_file(file);
        });
        if (!s) return stop(s, "cannot record that it cannot be read");
        s = finish_file(file, path, "rejected", dry_run);
        if (!s) return stop(s, "cannot move it to rejected/");
        return FileResult::kDone;
    };

    if (before->size > settings_.max_file_bytes) {
        // Too large to hash cheaply again and again; identify it by name, size and time.
        return reject_file("oversize:" + name + ":" + std::to_string(before->size) + ":" +
                               std::to_string(before->mtime),
                           "intake.max_file_bytes(" + std::to_string(settings_.max_file_bytes) +
                               "バイト)を超える大きさのため読みません");
    }
    auto facts = inspect_file(path);
    if (!facts) {
        if (facts.status().code() == Status::Code::kNotFound) return FileResult::kWaiting;
        problem(report, facts.status(), name, "cannot be read");
        return FileResult::kFailed;
    }
    auto after = fs::stat_path(path);
    if (!after || after->size != before->size || after->mtime != before->mtime ||
        after->size != facts->size) {
        return FileResult::kWaiting;  // still being written
    }
    auto format = format_for(name);
    if (!format)
        return reject_file(facts->sha256, ".csv、.jsonl、.ndjsonのいずれのファイルでもありません");
    ReaderOptions options;
    options.format = *format;
    options.encoding = settings_.encoding == Encoding::kAuto ? facts->encoding : settings_.encoding;
    options.max_record_bytes = settings_.max_record_bytes;
    std::string encoding = "UTF-8", evidence = "JSON Lines are UTF-8";
    if (*format == Format::kCsv) {
        encoding = to_string(options.encoding);
        evidence = settings_.encoding == Encoding::kAuto ? facts->encoding_evidence
                                                         : "as intake.encoding says";
    }

    IntakeFile file;
    Status s = transact([&](Transaction& tx) {
        file = tx.intake_file(facts->sha256, name, facts->size, encoding, evidence, now);
    });
    if (!s) return stop(s, "cannot record it");
    if (file.complete) {
        // Read before (a re-run after a crash, or the same export dropped again).
        log_.information("intake: file '" + name + "' was read before; moving it out of the spool");
        s = finish_file(file, path, file.error.empty() ? "done" : "rejected", dry_run);
        if (!s) return stop(s, "cannot move it out of the spool");
        return FileResult::kDone;
    }

    auto reader = open_reader(path, options);
    if (!reader) return reject_file(facts->sha256, reader.status().message());

    // The records come in batches: read, checked against the file as it was inspected, then
    // committed with the file's progress. Records committed by earlier runs are skipped.
    IntakeReport counts;  // this file's
    std::uint64_t seen = 0, record_lines = 0;
    const std::int64_t done_before = file.records_done;
    bool at_end = false;
    Status read_status;
    auto read_batch = [&](std::vector<RawRecord>& batch) {
        RawRecord raw;
        while (batch.size() < settings_.commit_every) {
            auto got = (*reader)->next(raw);
            if (!got) {
                read_status = got.status();
                return false;
            }
            if (!*got) {
                at_end = true;
                return true;
            }
            record_lines += raw.lines;
            if (static_cast<std::int64_t>(++seen) <= done_before) continue;
            progress_->update("intake " + name, "records", static_cast<std::int64_t>(seen),
                              static_cast<std::int64_t>(facts->lines));
            batch.push_back(std::move(raw));
        }
        return true;
    };
    // Why what was read may not be what the file held when it was inspected; empty when it is.
    auto changed = [&]() -> std::string {
        auto now_info = fs::stat_path(path);
        if (!now_info) return "it is gone";
        if (now_info->size != facts->size)
            return "its size went from " + std::to_string(facts->size) + " to " +
                   std::to_string(now_info->size) + " bytes";
        if (now_info->mtime != after->mtime) return "it was written to";
        if (at_end && (*reader)->bytes_read() != facts->size)
            return std::to_string((*reader)->bytes_read()) + " of its " +
                   std::to_string(facts->size) + " bytes could be read";
        return "";
    };
    auto add = [&](const IntakeReport& delta) {
        for (IntakeReport* r : {&report, &counts}) {
            r->issued += delta.issued;
            r->upgraded += delta.upgraded;
            r->duplicates += delta.duplicates;
            r->rejected += delta.rejected;
            r->mails_queued += delta.mails_queued;
        }
    };
    auto record_batch = [&](Transaction& tx, IntakeFile& f, const std::vector<RawRecord>& batch,
                            IntakeReport& delta) {
        for (const RawRecord& raw : batch) {
            process_record(tx, f, raw, delta);
            ++f.records_done;
        }
    };

    while (!at_end) {
        std::vector<RawRecord> batch;
        IntakeReport delta;
        const bool read = read_batch(batch);
        if (!read) {
            problem(report, read_status, name,
                    "cannot be read past record " + std::to_string(seen) +
                        "; what was read before is recorded, the file stays in the spool");
            return FileResult::kFailed;
        }
        std::string change = changed();
        if (!change.empty()) {
            problem(
                report,
                Status::busy(change + "; records from " + std::to_string(seen - batch.size() + 1) +
                             " on are not recorded, the file stays in the spool and is read "
                             "again when it has settled"),
                name, "changed while it was read");
            return FileResult::kWaiting;
        }
        if (at_end && record_lines + (*reader)->lines_outside_records() != facts->lines) {
            problem(report,
                    Status::internal(std::to_string(facts->lines) + " lines, but " +
                                     std::to_string(record_lines) + " in records and " +
                                     std::to_string((*reader)->lines_outside_records()) +
                                     " header or blank"),
                    name, "lines unaccounted for; it is not marked read");
            return FileResult::kFailed;
        }
        const std::int64_t last = file.records_done + static_cast<std::int64_t>(batch.size());
        IntakeFile f = file;
        s = transact([&](Transaction& tx) {
            // (Read again: in a dry run the row made above was rolled back.)
            f = tx.intake_file(facts->sha256, name, facts->size, encoding, evidence, now);
            f.records_done = file.records_done;
            record_batch(tx, f, batch, delta);
            // In a dry run every batch is rehearsed on its own: the whole file goes in one.
            if (dry_run) {
                while (!at_end && read_batch(batch = {})) record_batch(tx, f, batch, delta);
            }
            f.complete = at_end;
            tx.update_intake_file(f);
        });
        if (!s) {
            const std::int64_t first = file.records_done + 1;
            return stop(s, "cannot record " + (first == last ? "record " + std::to_string(first)
                                                             : "records " + std::to_string(first) +
                                                                   " to " + std::to_string(last)));
        }
        file = f;
        add(delta);
        if (!read_status) {
            problem(report, read_status, name,
                    "cannot be read past record " + std::to_string(seen));
            return FileResult::kFailed;
        }
    }
    ++report.files_read;
    const std::uint64_t outside = (*reader)->lines_outside_records();
    report.files.push_back(
        "file '" + name + "': " + (*format == Format::kCsv ? "CSV" : "JSON Lines") + ", " +
        encoding + " (" + evidence + "); " + std::to_string(facts->lines) + " lines = " +
        std::to_string(outside) + " header or blank + " + std::to_string(record_lines) + " in " +
        std::to_string(seen) + " records: " + std::to_string(counts.issued) + " issued, " +
        std::to_string(counts.duplicates) + " duplicate, " + std::to_string(counts.rejected) +
        " rejected" +
        (done_before ? ", " + std::to_string(done_before) + " recorded by an earlier run" : ""));
    s = finish_file(file, path, "done", dry_run);
    if (!s) return stop(s, "cannot move it to done/");
    return FileResult::kDone;
}

Status IntakeJob::finish_file(IntakeFile file, const std::string& from, const std::string& subdir,
                              bool dry_run) {
    if (dry_run) return Status::ok();
    const std::string dir = fs::join(settings_.spool_dir, subdir);
    Status s = fs::make_dirs(dir);
    if (!s) return s;
    std::string target = file.stored_as;
    // A target that exists already holds an earlier drop of the same content: never move
    // over it.
    if (target.empty() || fs::stat_path(target)) {
        // A time-stamped name keeps two drops of "applications.csv" apart.
        std::string stamp = format_iso8601(clock_.now(), 0).substr(0, 19);
        for (char& c : stamp) {
            if (c == ':') c = '-';
        }
        target = fs::join(dir, stamp + "_" + fs::basename(from));
        for (int n = 2; fs::stat_path(target); ++n) {
            target = fs::join(dir, stamp + "_" + std::to_string(n) + "_" + fs::basename(from));
        }
        file.stored_as = target;
        file.complete = true;
        s = store_.write([&](Transaction& tx) { tx.update_intake_file(file); });
        if (!s) return s;
    }
    // The records must be durable before the file that carried them leaves the spool.
    s = store_.sync();
    if (!s) return s;
    s = fs::rename_durable(from, target);
    if (!s) {
        log_.error("intake: " + s.message());
        return s;
    }
    log_.information("intake: moved '" + fs::basename(from) + "' to " + target);
    return Status::ok();
}

void IntakeJob::process_record(Transaction& tx, const IntakeFile& file, const RawRecord& raw,
                               IntakeReport& report) {
    const UnixTime now = clock_.now();
    Validation v = validate(raw);
    IntakeRecordRow row;
    row.file_id = file.id;
    row.record_no = static_cast<std::int64_t>(raw.record_no);
    row.line = static_cast<std::int64_t>(raw.line);
    row.application_id = v.application_id;
    row.raw = raw.raw;
    row.recorded_at = now;

    auto reject = [&](std::vector<FieldError> errors) {
        row.outcome = IntakeOutcome::kRejected;
        row.errors = std::move(errors);
        tx.add_intake_record(row);
        ++report.rejected;
        std::string first =
            row.errors.empty() ? "" : row.errors[0].field + " " + row.errors[0].message;
        log_.information("intake: " + file.name + " record " + std::to_string(raw.record_no) +
                         " rejected: " + first);
    };
    if (!v.ok()) {
        reject(std::move(v.errors));
        return;
    }
    const Application& app = *v.application;
    row.fingerprint = fingerprint(app);

    if (auto earlier = tx.find_intake_record(app.application_id)) {
        if (earlier->fingerprint == row.fingerprint) {
            // The same application exported again: one record, nothing sent again.
            row.outcome = IntakeOutcome::kDuplicate;
            row.declaration_row = earlier->declaration_row;
            row.note = "the same application was already read (" +
                       where(earlier->file_name, earlier->record_no) + ")";
            tx.add_intake_record(row);
            ++report.duplicates;
        } else {
            reject({reused_application_id(
                record_place(earlier->file_name, static_cast<std::size_t>(earlier->record_no)))});
        }
        return;
    }

    const std::string key = identity_key(app);
    std::optional<Declaration> live = tx.find_live_declaration(key);
    std::optional<Admission> admission;
    if (live) {
        // A business declared already: who applies decides (intake/admission.h).
        const std::string day = format_date(now, settings_.utc_offset_minutes);
        admission = admit(
            app, {*live, tx.flags(live->id), tx.answers_today(numbers_notice_key(*live), day) > 0,
                  tx.answers_today(other_notice_key(*live), day) > 0});
        if (admission->action == Admission::Action::kDuplicate) {
            if (admission->mail == Admission::Mail::kNumbers) {
                tx.enqueue_mail(must(renderer_.duplicate_notice(*live, app, now)));
                tx.count_answer(numbers_notice_key(*live), day);
                ++report.mails_queued;
            } else if (admission->mail == Admission::Mail::kOtherNotice) {
                tx.enqueue_mail(must(renderer_.duplicate_other_notice(*live, app, now)));
                tx.count_answer(other_notice_key(*live), day);
                ++report.mails_queued;
            }
            if (!admission->flag_kind.empty()) {
                tx.open_flag(live->id, admission->flag_kind,
                             "申込み " + app.application_id + "(" +
                                 record_place(file.name, raw.record_no) + "、" +
                                 tier_label(app.tier) + "、" + app.contact_email +
                                 "): " + admission->reason,
                             now);
            }
            row.outcome = IntakeOutcome::kDuplicate;
            row.declaration_row = live->id;
            row.note = admission->note;
            tx.add_intake_record(row);
            ++report.duplicates;
            return;
        }
    }

    Declaration d;
    d.application = app;
    d.identity_key = key;
    d.issued_at = now;
    d.state = DeclarationState::kIssued;
    d.declaration_id = fresh_number(tx, IdKind::kDeclarationId, random_, now);
    std::optional<std::int64_t> supersedes;
    if (live) {
        // 一つ星 → 二つ星: the login (利用者番号) and the registered contact stay.
        d.user_number = live->user_number;
        const Application& old = live->application;
        d.application.contact_name = old.contact_name;
        d.application.contact_department = old.contact_department;
        d.application.contact_email = old.contact_email;
        d.application.contact_phone = old.contact_phone;
        supersedes = live->id;
        row.note = admission->note;
        ++report.upgraded;
    } else {
        d.user_number = fresh_number(tx, IdKind::kUserNumber, random_, now);
    }
    d.id = tx.insert_declaration(d, text::match_key(display_name(app)), supersedes, now);
    tx.enqueue_mail(must(renderer_.completion(d, now)));
    row.outcome = IntakeOutcome::kIssued;
    row.declaration_row = d.id;
    tx.add_intake_record(row);
    ++report.issued;
    ++report.mails_queued;
}

}  // namespace sa::intake
