#include "intake/intake_job.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include "core/file_system.h"
#include "core/time_format.h"
#include "domain/ids.h"
#include "intake/validate.h"
#include "text/normalize.h"

namespace sa::intake {
namespace {

// A digest of everything the application says, to tell a re-exported record from a different
// one that reuses its application_id.
std::string fingerprint(const Application& a) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    auto field = [&](const std::string& v) {
        sha.update(v);
        sha.update('\x1F');
    };
    for (const std::string* v :
         {&a.application_id, &a.submitted_at, &a.corporate_number, &a.business_name, &a.trade_name,
          &a.representative_name, &a.prefecture, &a.address, &a.phone, &a.industry, &a.contact_name,
          &a.contact_department, &a.contact_email, &a.contact_phone}) {
        field(*v);
    }
    field(to_string(a.tier));
    field(to_string(a.entity_type));
    field(a.employees ? std::to_string(*a.employees) : "");
    field(std::string(1, static_cast<char>('0' + a.pledge_five_principles)) +
          static_cast<char>('0' + a.self_assessment_done) +
          static_cast<char>('0' + a.basic_policy_published));
    return Poco::DigestEngine::digestToHex(sha.digest());
}

std::string fresh_number(Transaction& tx, IdKind kind, RandomSource& random, UnixTime now) {
    for (;;) {
        std::string n = make_id(kind, random);
        if (tx.reserve_number(n, now)) return n;
    }
}

std::string where(const IntakeRecordRow& r) {
    return "file '" + r.file_name + "' record " + std::to_string(r.record_no);
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
    }
    progress_->finish();
    return report;
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

    // A file that is too large, of an unknown kind or unreadable leaves the spool for
    // rejected/, with the reason kept in the store.
    auto reject_file = [&](const std::string& sha, const std::string& why) {
        log_.error("intake: file '" + name + "' cannot be read: " + why);
        report.problems.push_back(name + ": " + why);
        ++report.files_unreadable;
        IntakeFile file;
        Status s = transact([&](Transaction& tx) {
            file = tx.intake_file(sha, name, before->size, "", now);
            file.error = why;
            file.complete = true;
            tx.update_intake_file(file);
        });
        if (!s) return FileResult::kFailed;
        s = finish_file(file, path, "rejected", dry_run);
        return s ? FileResult::kDone : FileResult::kFailed;
    };

    if (before->size > settings_.max_file_bytes) {
        // Too large to hash cheaply again and again; identify it by name, size and time.
        return reject_file("oversize:" + name + ":" + std::to_string(before->size) + ":" +
                               std::to_string(before->mtime),
                           "larger than intake.max_file_bytes (" +
                               std::to_string(settings_.max_file_bytes) + " bytes)");
    }
    auto facts = inspect_file(path);
    if (!facts) {
        report.problems.push_back(name + ": " + facts.status().message());
        return FileResult::kFailed;
    }
    auto after = fs::stat_path(path);
    if (!after || after->size != before->size || after->mtime != before->mtime ||
        after->size != facts->size) {
        return FileResult::kWaiting;  // still being written
    }
    auto format = format_for(name);
    if (!format) return reject_file(facts->sha256, "not a .csv, .jsonl or .ndjson file");
    ReaderOptions options;
    options.format = *format;
    options.encoding = settings_.encoding == Encoding::kAuto ? facts->encoding : settings_.encoding;
    options.max_record_bytes = settings_.max_record_bytes;
    const std::string encoding = *format == Format::kCsv ? to_string(options.encoding) : "UTF-8";

    IntakeFile file;
    Status s = transact([&](Transaction& tx) {
        file = tx.intake_file(facts->sha256, name, facts->size, encoding, now);
    });
    if (!s) {
        report.problems.push_back(name + ": " + s.message());
        return FileResult::kFailed;
    }
    if (file.complete) {
        // Read before (a re-run after a crash, or the same export dropped again).
        log_.information("intake: file '" + name + "' was read before; moving it out of the spool");
        s = finish_file(file, path, file.error.empty() ? "done" : "rejected", dry_run);
        return s ? FileResult::kDone : FileResult::kFailed;
    }

    auto reader = open_reader(path, options);
    if (!reader) return reject_file(facts->sha256, reader.status().message());

    // Skip what earlier runs committed, then commit in chunks with the file's progress.
    RawRecord raw;
    std::int64_t seen = 0;
    bool more = true;
    const std::size_t chunk = dry_run ? SIZE_MAX : settings_.commit_every;
    while (more) {
        IntakeReport delta;
        Status read_status;
        s = transact([&](Transaction& tx) {
            IntakeFile f = tx.intake_file(facts->sha256, name, facts->size, encoding, now);
            std::size_t in_chunk = 0;
            while (in_chunk < chunk) {
                auto got = (*reader)->next(raw);
                if (!got) {
                    read_status = got.status();
                    more = false;
                    break;
                }
                if (!*got) {
                    more = false;
                    f.complete = true;
                    break;
                }
                if (++seen <= f.records_done) continue;
                process_record(tx, f, raw, delta);
                progress_->update("intake " + name, "records", seen,
                                  static_cast<std::int64_t>(facts->lines));
                ++f.records_done;
                ++in_chunk;
            }
            tx.update_intake_file(f);
            file = f;
        });
        if (!s) {
            report.problems.push_back(name + ": " + s.message());
            return FileResult::kFailed;
        }
        report.issued += delta.issued;
        report.upgraded += delta.upgraded;
        report.duplicates += delta.duplicates;
        report.rejected += delta.rejected;
        report.mails_queued += delta.mails_queued;
        if (!read_status) {
            report.problems.push_back(name + ": " + read_status.message());
            return FileResult::kFailed;
        }
    }
    ++report.files_read;
    s = finish_file(file, path, "done", dry_run);
    return s ? FileResult::kDone : FileResult::kFailed;
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
            row.note = "the same application was already read (" + where(*earlier) + ")";
            tx.add_intake_record(row);
            ++report.duplicates;
        } else {
            reject({{"application_id",
                     "was already used by a different application (" + where(*earlier) + ")"}});
        }
        return;
    }

    const std::string key = identity_key(app);
    std::optional<Declaration> live = tx.find_live_declaration(key);
    if (live && !(live->application.tier == Tier::kOneStar && app.tier == Tier::kTwoStar)) {
        // A second application for a business already declared: no new numbers; the existing
        // ones go again to the registered contact only.
        OutboxMail mail = must(renderer_.duplicate_notice(*live, app, now));
        tx.enqueue_mail(mail);
        if (live->state == DeclarationState::kIssued) {
            tx.open_flag(live->id, "duplicate", "application " + app.application_id, now);
        }
        row.outcome = IntakeOutcome::kDuplicate;
        row.declaration_row = live->id;
        row.note = "business already declared as " + live->declaration_id +
                   "; numbers re-sent to the registered contact";
        tx.add_intake_record(row);
        ++report.duplicates;
        ++report.mails_queued;
        return;
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
        row.note = "upgrade of " + live->declaration_id;
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
