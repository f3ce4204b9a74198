#include "inbox/inbox_job.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <map>

#include "inbox/analysis.h"
#include "inbox/apply.h"
#include "inbox/snapshot.h"

namespace sa::inbox {
namespace {

std::string sha256(const std::string& bytes) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(bytes);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

// A fetched message on its way to a decision.
struct Candidate {
    const MessageRef* ref = nullptr;
    const std::string* raw = nullptr;
    bool too_large = false;  // only its header was fetched
    std::string digest;
    Analysis analysis;
    std::optional<InboundRecord> same;  // an earlier record of the same bytes
    bool same_in_run = false;           // decided earlier in this run (a dry run remembers)
    Decision decision;
    std::vector<OutboxMail> mails;
    InboundRecord record;
};

// A decided message waiting for its move.
struct Pending {
    std::uint64_t uid;
    std::int64_t row;  // its inbound record; 0 when it repeats an earlier one
    std::string folder;
};

}  // namespace

Result<InboxReport> InboxJob::run(bool dry_run) {
    InboxReport report;
    auto status = mailbox_.status();
    if (!status) return status.status();
    const std::int64_t uidvalidity = static_cast<std::int64_t>(status->uidvalidity);
    const std::string& name = settings_.mailbox_name;

    std::optional<std::int64_t> known;
    Status s = store_.read([&](Transaction& tx) { known = tx.inbox_uidvalidity(name); });
    if (!s) return s;
    if (known && *known != uidvalidity) {
        report.uidvalidity_changed = true;
        log_.warning("inbox: UIDVALIDITY of '" + name + "' changed from " + std::to_string(*known) +
                     " to " + std::to_string(uidvalidity) +
                     "; messages are recognised by their content");
    }
    if (!dry_run) {
        s = store_.write(
            [&](Transaction& tx) { tx.set_inbox_uidvalidity(name, uidvalidity, clock_.now()); });
        if (!s) return s;
        for (InboundOutcome o :
             {InboundOutcome::kAnswered, InboundOutcome::kNeedsPerson, InboundOutcome::kIgnored}) {
            s = mailbox_.ensure_folder(folder_for(o));
            if (!s) return s;
        }
    }
    auto refs = mailbox_.list();
    if (!refs) return refs.status();

    std::vector<Pending> pending;
    // Per batch: the decisions made durable, then one move per outcome folder and one
    // transaction to note the moves.
    auto flush_moves = [&]() -> Status {
        if (dry_run || pending.empty()) {
            pending.clear();
            return Status::ok();
        }
        Status synced = store_.sync();
        if (!synced) return synced;
        std::map<std::string, std::vector<std::uint64_t>> by_folder;
        for (const Pending& p : pending) by_folder[p.folder].push_back(p.uid);
        for (const auto& [folder, uids] : by_folder) {
            Status moved = mailbox_.move(uids, status->uidvalidity, folder);
            if (!moved) return moved;
        }
        Status marked = store_.write([&](Transaction& tx) {
            for (const Pending& p : pending) {
                if (p.row) tx.mark_inbound_moved(p.row, clock_.now());
            }
        });
        pending.clear();
        return marked;
    };

    // The caps this run has used, for a dry run, whose batches are rolled back: so that a dry
    // run over many batches reports exactly what a real run would do.
    std::map<std::string, int> used_in_run;
    std::map<std::string, std::string> decided_in_run;  // digest → folder

    // Decides on a batch of fetched messages in one transaction (rehearsed in a dry run):
    // their decisions, records and answers become durable together, before any is moved. A
    // message that cannot be decided as planned is a person's, never the batch's failure.
    auto decide_batch = [&](std::vector<Candidate>& batch) -> Status {
        if (batch.empty()) return Status::ok();
        const UnixTime now = clock_.now();
        const std::string day = caps_day(now, settings_.decide);
        auto body = [&](Transaction& tx) {
            for (Candidate& c : batch) {
                // The same bytes decided before under another UID (UIDVALIDITY changed, or the
                // message was copied back), or earlier in this run: never answer twice.
                c.same = tx.inbound_by_sha256(c.digest);
                auto earlier = decided_in_run.find(c.digest);
                if (!c.same && earlier != decided_in_run.end()) {
                    c.same_in_run = true;
                    continue;
                }
                if (c.same) continue;
                try {
                    LookupSnapshot snapshot = gather(tx, c.analysis, day);
                    // A dry run's earlier batches were rolled back: count them here.
                    if (dry_run) {
                        for (auto& [key, n] : snapshot.answers_today) n += used_in_run[key];
                    }
                    c.decision = decide(c.analysis, snapshot, settings_.decide);
                    c.mails = render(c.analysis, c.decision, renderer_, settings_.decide, now);
                } catch (const Error& e) {
                    // The store failing fails the batch; anything else is this message's.
                    if (e.code() == Status::Code::kIo || e.code() == Status::Code::kBusy) throw;
                    log_.error("inbox: message " + std::to_string(c.ref->uid) +
                               " could not be decided: " + e.what());
                    c.decision = Decision{};
                    c.decision.reasons = {std::string("internal error: ") + e.what(),
                                          "to a person"};
                    c.mails.clear();
                } catch (const std::exception& e) {
                    log_.error("inbox: message " + std::to_string(c.ref->uid) +
                               " could not be decided: " + e.what());
                    c.decision = Decision{};
                    c.decision.reasons = {std::string("internal error: ") + e.what(),
                                          "to a person"};
                    c.mails.clear();
                }
                const Analysis& a = c.analysis;
                InboundRecord& record = c.record;
                record.mailbox = name;
                record.uidvalidity = uidvalidity;
                record.uid = static_cast<std::int64_t>(c.ref->uid);
                record.sha256 = c.digest;
                record.size = static_cast<std::int64_t>(c.ref->size);
                record.raw = *c.raw;
                record.raw_complete = !c.too_large;
                record.message_id = a.message.message_id;
                record.sender = a.message.from_address;
                record.subject = a.message.subject;
                record.received_at = now;
                record.intent = to_string(a.classification.intent);
                record.fields = to_json(a);
                inbox::record(tx, record, c.decision, c.mails, day, now);
            }
        };
        Status written = dry_run ? store_.rehearse(body) : store_.write(body);
        if (!written) return written;
        for (const Candidate& c : batch) {
            const std::string uid = std::to_string(c.ref->uid);
            if (c.same || c.same_in_run) {
                const std::string folder = c.same ? c.same->folder : decided_in_run.at(c.digest);
                log_.information("inbox: message " + uid + " repeats " +
                                 (c.same ? "inbound #" + std::to_string(c.same->id)
                                         : std::string("a message of this run")) +
                                 "; moving it to " + folder);
                ++report.moved_only;
                pending.push_back({c.ref->uid, 0, folder});
                continue;
            }
            for (const std::string& key : c.decision.counted) ++used_in_run[key];
            decided_in_run[c.digest] = c.record.folder;
            report.mails_queued += static_cast<int>(c.mails.size());
            switch (c.decision.outcome) {
                case InboundOutcome::kAnswered:
                    ++report.answered;
                    break;
                case InboundOutcome::kNeedsPerson:
                    ++report.needs_person;
                    break;
                case InboundOutcome::kIgnored:
                    ++report.ignored;
                    break;
            }
            log_.information("inbox: message " + uid + " (" + c.record.intent + ") → " +
                             c.record.folder + ", " + std::to_string(c.mails.size()) +
                             " mail(s) queued");
            pending.push_back({c.ref->uid, c.record.id, c.record.folder});
        }
        return Status::ok();
    };

    // In batches: which messages are new is read in one transaction, the new ones are fetched
    // in one command (two when some are too large to read whole) and decided in one
    // transaction, then moved.
    for (std::size_t first = 0; first < refs->size();) {
        std::size_t end = first;
        for (std::uint64_t bytes = 0; end < refs->size() && end - first < settings_.batch_messages;
             ++end) {
            const MessageRef& ref = (*refs)[end];
            bytes += ref.size > settings_.limits.max_message_bytes ? settings_.header_estimate
                                                                   : ref.size;
            if (end > first && bytes > settings_.batch_bytes) break;
        }
        std::vector<std::optional<InboundRecord>> done(end - first);
        s = store_.read([&](Transaction& tx) {
            for (std::size_t i = first; i < end; ++i) {
                done[i - first] =
                    tx.inbound(name, uidvalidity, static_cast<std::int64_t>((*refs)[i].uid));
            }
        });
        if (!s) return s;
        std::vector<std::uint64_t> whole, headers;
        for (std::size_t i = first; i < end; ++i) {
            if (done[i - first]) continue;
            const MessageRef& ref = (*refs)[i];
            (ref.size > settings_.limits.max_message_bytes ? headers : whole).push_back(ref.uid);
        }
        std::map<std::uint64_t, std::string> fetched;
        for (bool header_only : {false, true}) {
            const auto& uids = header_only ? headers : whole;
            if (uids.empty()) continue;
            auto got = mailbox_.fetch(uids, status->uidvalidity, header_only,
                                      settings_.limits.max_message_bytes);
            if (!got) return got.status();
            fetched.merge(*got);
        }

        std::vector<Candidate> batch;
        for (std::size_t i = first; i < end; ++i) {
            const MessageRef& ref = (*refs)[i];
            ++report.seen;
            progress_->update("inbox", "messages", report.seen,
                              static_cast<std::int64_t>(refs->size()));
            if (const auto& earlier = done[i - first]) {
                // Decided in an earlier run that stopped before the move.
                ++report.moved_only;
                pending.push_back({ref.uid, earlier->id, earlier->folder});
                continue;
            }
            auto raw = fetched.find(ref.uid);
            if (raw == fetched.end()) {
                log_.warning("inbox: message " + std::to_string(ref.uid) +
                             " was gone when it was fetched");
                continue;
            }
            Candidate c;
            c.ref = &ref;
            c.raw = &raw->second;
            batch.push_back(std::move(c));
        }
        for (std::size_t i = 0; i < batch.size(); ++i) {
            Candidate& c = batch[i];
            // The worker analyses the next message while this one is taken in.
            if (i + 1 < batch.size()) worker_.analyse_next(*batch[i + 1].raw);
            c.digest = sha256(*c.raw);
            c.too_large = c.ref->size > settings_.limits.max_message_bytes;
            c.analysis = worker_.analyse(*c.raw);
            if (c.too_large) {
                c.analysis.message.unreadable =
                    std::to_string(c.ref->size) +
                    " bytes, over inbox.max_message_bytes; only the header was fetched";
                const Intent intent = c.analysis.classification.intent;
                if (intent != Intent::kBounce && intent != Intent::kAutoReply) {
                    c.analysis.classification =
                        Classification::by_rule(Intent::kOther, "too large to read");
                }
            }
        }
        s = decide_batch(batch);
        if (!s) return s;
        s = flush_moves();
        if (!s) return s;
        first = end;
    }
    s = flush_moves();
    progress_->finish();
    if (!s) return s;
    return report;
}

}  // namespace sa::inbox
