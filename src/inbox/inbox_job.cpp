#include "inbox/inbox_job.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <map>

#include "inbox/analysis.h"

namespace sa::inbox {
namespace {

std::string sha256(const std::string& bytes) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(bytes);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

// A decided message waiting for its move.
struct Pending {
    std::uint64_t uid;
    std::int64_t row;  // its inbound record; 0 when it repeats an earlier one
    std::string folder;
};

constexpr std::size_t kBatch = 50;

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
        log_.warning("inbox: UIDVALIDITY of '" + name + "' changed from " + std::to_string(*known) + " to " +
                     std::to_string(uidvalidity) + "; messages are recognised by their content");
    }
    if (!dry_run) {
        s = store_.write([&](Transaction& tx) { tx.set_inbox_uidvalidity(name, uidvalidity, clock_.now()); });
        if (!s) return s;
        for (InboundOutcome o : {InboundOutcome::kAnswered, InboundOutcome::kNeedsPerson, InboundOutcome::kIgnored}) {
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
            Status moved = mailbox_.move(uids, folder);
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

    for (const MessageRef& ref : *refs) {
        ++report.seen;
        progress_->update("inbox", "messages", report.seen, static_cast<std::int64_t>(refs->size()));
        const std::int64_t uid = static_cast<std::int64_t>(ref.uid);
        std::optional<InboundRecord> done;
        s = store_.read([&](Transaction& tx) { done = tx.inbound(name, uidvalidity, uid); });
        if (!s) return s;
        if (done) {
            // Decided in an earlier run that stopped before the move.
            ++report.moved_only;
            pending.push_back({ref.uid, done->id, done->folder});
            if (pending.size() >= kBatch && !(s = flush_moves())) return s;
            continue;
        }

        const bool too_large = ref.size > settings_.limits.max_message_bytes;
        auto raw = too_large ? mailbox_.fetch_header(ref.uid, status->uidvalidity)
                             : mailbox_.fetch(ref.uid, status->uidvalidity);
        if (!raw) return raw.status();
        // At once, not with the batch: a kill before the batch's end would leave staff a
        // message marked read that nobody has read.
        if (!ref.seen) {
            Status unseen = mailbox_.clear_seen({ref.uid});
            if (!unseen) log_.warning("inbox: " + unseen.message());
        }
        const std::string digest = sha256(*raw);
        std::optional<InboundRecord> same;
        s = store_.read([&](Transaction& tx) { same = tx.inbound_by_sha256(digest); });
        if (!s) return s;
        if (same) {
            // The same bytes were decided before under another UID (UIDVALIDITY changed, or
            // the message was copied back): never answer twice.
            log_.information("inbox: message " + std::to_string(uid) + " is inbound #" + std::to_string(same->id) +
                             " again; moving it to " + same->folder);
            ++report.moved_only;
            pending.push_back({ref.uid, 0, same->folder});
            if (pending.size() >= kBatch && !(s = flush_moves())) return s;
            continue;
        }

        Analysis a = analyse(*raw, settings_.limits, settings_.own_addresses, &parser_);
        if (too_large) {
            a.message.unreadable = std::to_string(ref.size) + " bytes, over inbox.max_message_bytes; only the header was fetched";
            if (a.classification.intent != Intent::kBounce && a.classification.intent != Intent::kAutoReply) {
                a.classification = {Intent::kOther, "too large to read"};
            }
        }
        const UnixTime now = clock_.now();
        InboundRecord record;
        Decision decision;
        auto body = [&](Transaction& tx) {
            decision = decide(tx, a, renderer_, settings_.decide, now);
            record.mailbox = name;
            record.uidvalidity = uidvalidity;
            record.uid = uid;
            record.sha256 = digest;
            record.size = static_cast<std::int64_t>(ref.size);
            record.raw = *raw;
            record.raw_complete = !too_large;
            record.message_id = a.message.message_id;
            record.sender = a.message.from_address;
            record.subject = a.message.subject;
            record.received_at = now;
            record.intent = to_string(a.classification.intent);
            record.fields = to_json(a);
            record.outcome = decision.outcome;
            record.reasons = decision.reasons;
            record.declaration_row = decision.declaration_row;
            record.bounced_mail_row = decision.bounced_mail_row;
            record.folder = folder_for(decision.outcome);
            record.id = tx.add_inbound(record);
            for (OutboxMail& m : decision.mails) {
                m.inbound_row = record.id;
                tx.enqueue_mail(m);
            }
        };
        s = dry_run ? store_.rehearse(body) : store_.write(body);
        if (!s) return s;
        report.mails_queued += static_cast<int>(decision.mails.size());
        switch (decision.outcome) {
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
        log_.information("inbox: message " + std::to_string(uid) + " (" + record.intent + ") → " + record.folder +
                         ", " + std::to_string(decision.mails.size()) + " mail(s) queued");
        pending.push_back({ref.uid, record.id, record.folder});
        if (pending.size() >= kBatch && !(s = flush_moves())) return s;
    }
    s = flush_moves();
    progress_->finish();
    if (!s) return s;
    return report;
}

}  // namespace sa::inbox
