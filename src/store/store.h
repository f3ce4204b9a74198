// The narrow interface every job uses to reach the data. A job states what it wants in the
// domain's terms; the SQL (or another backend's dialect) stays behind this interface, so a
// second backend can be added without touching a job.
//
// Transactions: Store::write runs a body in one write transaction, the unit of atomicity for
// every state change; Store::read runs one in a consistent read snapshot. Inside a body,
// Transaction methods throw on failure; write/read catch that, roll back and return a Status
// (kBusy when another process held the database too long). A Transaction never outlives its
// body.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/records.h"

namespace sa {

class Transaction {
  public:
    virtual ~Transaction() = default;

    // --- intake -----------------------------------------------------------------------------
    // The file with this content hash, created when it is new (with the encoding it is read
    // in and the evidence for it).
    virtual IntakeFile intake_file(const std::string& sha256, const std::string& name,
                                   std::uint64_t size, const std::string& encoding,
                                   const std::string& encoding_evidence, UnixTime now) = 0;
    // The files received most recently, newest first.
    virtual std::vector<IntakeFile> recent_intake_files(std::size_t limit) = 0;
    // Saves records_done, complete, error and stored_as.
    virtual void update_intake_file(const IntakeFile& file) = 0;
    // The issued or duplicate record that first carried this application_id.
    virtual std::optional<IntakeRecordRow> find_intake_record(
        const std::string& application_id) = 0;
    virtual std::int64_t add_intake_record(const IntakeRecordRow& row) = 0;
    // Records of one outcome, oldest first, after row id `after` (for paging).
    virtual std::vector<IntakeRecordRow> intake_records(IntakeOutcome outcome, std::int64_t after,
                                                        std::size_t limit) = 0;

    // --- declarations -------------------------------------------------------------------------
    // Records `number` as issued forever. False when it was issued before (never reuse).
    virtual bool reserve_number(const std::string& number, UnixTime now) = 0;
    // The issued or accepted declaration of a business.
    virtual std::optional<Declaration> find_live_declaration(const std::string& identity_key) = 0;
    virtual std::optional<Declaration> declaration(std::int64_t row) = 0;
    // Inserts `d`; when `supersedes` names a live declaration of the same business, that one
    // becomes superseded by the new one in the same step, and its open flags move to it.
    virtual std::int64_t insert_declaration(const Declaration& d, const std::string& name_key,
                                            std::optional<std::int64_t> supersedes,
                                            UnixTime now) = 0;
    // Opens a flag on declaration `declaration_row`; returns the flag's id.
    virtual std::int64_t open_flag(std::int64_t declaration_row, const std::string& kind,
                                   const std::string& note, UnixTime now) = 0;
    // The registered contact of declaration `row` becomes the contact fields of `contact`
    // (name, department, address, telephone), deliverable: an earlier bounce was the old
    // address's.
    virtual void change_contact(std::int64_t row, const Application& contact) = 0;
    // Saves `d`'s registered data — the business's fields, contact_department and
    // contact_phone, its identity key — and `name_key`; an accepted declaration's entry in the
    // public search follows in the same step.
    virtual void amend_declaration(const Declaration& d, const std::string& name_key) = 0;

    // --- outbox -------------------------------------------------------------------------------
    virtual std::int64_t enqueue_mail(const OutboxMail& mail) = 0;
    // Queued or deferred mails whose time has come, by row id after `after`.
    virtual std::vector<OutboxMail> due_mails(UnixTime now, std::int64_t after,
                                              std::size_t limit) = 0;
    virtual std::int64_t count_due_mails(UnixTime now) = 0;
    // Marks mail `row` as being handed to the server from `now` on: attempt_started_at, and
    // one more unrecorded attempt, until record_attempt records what came of it.
    virtual void mark_handover(std::int64_t row, UnixTime now) = 0;
    // One delivery attempt's outcome: state, attempts, next_attempt_at, last_error, sent_at;
    // it clears the handover mark.
    virtual void record_attempt(const OutboxMail& mail) = 0;
    virtual std::optional<OutboxMail> mail(std::int64_t row) = 0;
    virtual std::vector<OutboxMail> mails_for_declaration(std::int64_t declaration_row) = 0;
    virtual std::optional<OutboxMail> mail_by_message_id(const std::string& message_id) = 0;

    // --- lookups for inquiries ----------------------------------------------------------------
    // Declarations (any state) carrying this 自己宣言ID or 利用者番号, newest first.
    virtual std::vector<Declaration> declarations_by_number(const std::string& number) = 0;
    // Live declarations of a corporation, whatever the prefecture.
    virtual std::vector<Declaration> live_by_corporate_number(const std::string& number) = 0;
    // Live declarations whose registered contact is `email` (compared case-insensitively).
    virtual std::vector<Declaration> live_by_contact_email(const std::string& email) = 0;
    // Marks the registered contact of declaration `row` undeliverable (a bounce came back).
    virtual void mark_contact_undeliverable(std::int64_t declaration_row) = 0;

    // --- the inbound mailbox ------------------------------------------------------------------
    virtual std::optional<std::int64_t> inbox_uidvalidity(const std::string& mailbox) = 0;
    virtual void set_inbox_uidvalidity(const std::string& mailbox, std::int64_t uidvalidity,
                                       UnixTime now) = 0;
    virtual std::optional<InboundRecord> inbound(const std::string& mailbox,
                                                 std::int64_t uidvalidity, std::int64_t uid) = 0;
    virtual std::optional<InboundRecord> inbound_by_sha256(const std::string& sha256) = 0;
    virtual std::int64_t add_inbound(const InboundRecord& record) = 0;
    virtual void mark_inbound_moved(std::int64_t row, UnixTime now) = 0;
    // The day's count of automatic answers under `key` ("sender:…", "business:…").
    virtual int answers_today(const std::string& key, const std::string& day) = 0;
    virtual void count_answer(const std::string& key, const std::string& day) = 0;

    // --- the lifecycle and staff --------------------------------------------------------------
    // Issued declarations issued at or before `issued_before` with no open flag, by row id
    // after `after`.
    virtual std::vector<Declaration> due_for_acceptance(UnixTime issued_before, std::int64_t after,
                                                        std::size_t limit) = 0;
    virtual void accept(std::int64_t row, UnixTime now) = 0;
    virtual void withdraw(std::int64_t row, const std::string& reason, UnixTime now) = 0;
    // The flags of declaration `row`, open and closed, oldest first.
    virtual std::vector<Flag> flags(std::int64_t row) = 0;
    virtual std::optional<Flag> flag(std::int64_t id) = 0;
    // Open flags of every declaration, oldest first.
    virtual std::vector<Flag> open_flags(std::size_t limit) = 0;
    // Closes flag `id` with `note` and who closed it; false when it was not open.
    virtual bool close_flag(std::int64_t id, const std::string& note, const std::string& actor,
                            UnixTime now) = 0;
    virtual void record_staff_action(const StaffAction& action) = 0;
    virtual std::vector<StaffAction> staff_actions(std::int64_t row) = 0;
    // Staff lookups (any state), newest first.
    virtual std::vector<Declaration> declarations_by_corporate_number(
        const std::string& number) = 0;
    virtual std::vector<Declaration> declarations_by_identity(const std::string& identity_key) = 0;
    virtual std::vector<Declaration> declarations_by_contact_email(const std::string& email) = 0;
    virtual std::optional<IntakeRecordRow> intake_record(std::int64_t declaration_row) = 0;
    // Inbound messages waiting for a person, oldest first.
    virtual std::vector<InboundRecord> waiting_for_person(std::size_t limit) = 0;
    virtual std::vector<InboundRecord> inbound_for_declaration(std::int64_t row) = 0;
    // The public search: accepted declarations only.
    virtual std::vector<PublicEntry> search(const SearchQuery& q, std::size_t limit) = 0;
    virtual ReportCounts report_counts() = 0;
    // `days` days ending with the day of `now`, days cut at `utc_offset_minutes`.
    virtual DailySeries daily_series(UnixTime now, int days, int utc_offset_minutes) = 0;
    virtual std::vector<OutboxMail> mails_in_state(MailState state, std::size_t limit) = 0;
    virtual std::vector<Declaration> undeliverable_contacts(std::size_t limit) = 0;
    // Marks an inbound message handled by a person; false when it was not waiting.
    virtual bool resolve_inbound(std::int64_t row, const std::string& note, UnixTime now) = 0;
};

class Store {
  public:
    virtual ~Store() = default;
    virtual Status write(const std::function<void(Transaction&)>& body) = 0;
    virtual Status read(const std::function<void(Transaction&)>& body) = 0;
    // Like write, but always rolls back: a dry run sees exactly what write would do.
    virtual Status rehearse(const std::function<void(Transaction&)>& body) = 0;
    // Makes everything committed so far durable against power loss, before the caller acts
    // outside the store on it (moves a file, a message).
    virtual Status sync() = 0;
    // Runs the backend's own consistency check; ok when it passes.
    virtual Status check_integrity() = 0;
};

// Opens or creates the SQLite store at `path`, migrating its schema to the current version.
// Throws sa::Error (kIo, kConfig) when the file cannot be opened or is from a newer release.
std::unique_ptr<Store> open_sqlite_store(const std::string& path, int busy_timeout_ms = 10000);

// To read only, for staff where the database cannot be written (a read-only copy, a
// directory they cannot write): changes nothing, creates nothing. Opened read-only; where even
// its WAL index cannot be opened, as a file nobody writes (sound for a copy, not beside a
// running job). A database at an older schema version is read through a migrated copy in
// memory. Every write fails (kIo). Throws sa::Error (kIo, kConfig) as open_sqlite_store.
std::unique_ptr<Store> open_sqlite_store_to_read(const std::string& path,
                                                 int busy_timeout_ms = 10000);

// For a dry run, which must leave `path` as it was: a database that does not exist yet, or
// that is at an older schema version, is rehearsed on a migrated copy in memory; a current
// one is opened as it is (its jobs only rehearse).
std::unique_ptr<Store> open_sqlite_store_for_rehearsal(const std::string& path,
                                                       int busy_timeout_ms = 10000);

}  // namespace sa
