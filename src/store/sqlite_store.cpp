#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <sys/stat.h>

#include <sstream>

#include "core/time_format.h"
#include "store/schema.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "text/utf8.h"

namespace sa {
namespace {

using sqlite::Statement;

const char* kDeclarationColumns =
    "id, declaration_id, user_number, tier, entity_type, corporate_number, business_name, "
    "trade_name, representative_name, prefecture, address, phone, employees, industry, "
    "contact_name, contact_department, contact_email, contact_phone, application_id, "
    "submitted_at, self_assessment_done, basic_policy_published, identity_key, state, "
    "issued_at, accepted_at, withdrawn_at, withdraw_reason, superseded_by, "
    "contact_undeliverable";

Declaration read_declaration(const Statement& st) {
    Declaration d;
    Application& a = d.application;
    d.id = st.int64(0);
    d.declaration_id = st.text(1);
    d.user_number = st.text(2);
    a.tier = parse_tier(st.text(3)).value_or(Tier::kOneStar);
    a.entity_type = parse_entity_type(st.text(4)).value_or(EntityType::kCorporation);
    a.corporate_number = st.text(5);
    a.business_name = st.text(6);
    a.trade_name = st.text(7);
    a.representative_name = st.text(8);
    a.prefecture = st.text(9);
    a.address = st.text(10);
    a.phone = st.text(11);
    a.employees = st.opt_int64(12);
    a.industry = st.text(13);
    a.contact_name = st.text(14);
    a.contact_department = st.text(15);
    a.contact_email = st.text(16);
    a.contact_phone = st.text(17);
    a.application_id = st.text(18);
    a.submitted_at = st.text(19);
    a.self_assessment_done = st.int64(20) != 0;
    a.basic_policy_published = st.int64(21) != 0;
    a.pledge_five_principles = true;
    d.identity_key = st.text(22);
    d.state = parse_declaration_state(st.text(23)).value_or(DeclarationState::kIssued);
    d.issued_at = st.int64(24);
    d.accepted_at = st.opt_int64(25);
    d.withdrawn_at = st.opt_int64(26);
    d.withdraw_reason = st.text(27);
    d.superseded_by = st.opt_int64(28);
    d.contact_undeliverable = st.int64(29) != 0;
    return d;
}

const char* kFlagColumns =
    "id, declaration_id, kind, note, opened_at, closed_at, closed_by, closed_note";

Flag read_flag(const Statement& st) {
    Flag f;
    f.id = st.int64(0);
    f.declaration_row = st.int64(1);
    f.kind = st.text(2);
    f.note = st.text(3);
    f.opened_at = st.int64(4);
    f.closed_at = st.opt_int64(5);
    f.closed_by = st.text(6);
    f.closed_note = st.text(7);
    return f;
}

const char* kIntakeFileColumns =
    "id, sha256, name, size, encoding, received_at, records_done, complete, error, stored_as, "
    "encoding_evidence";

IntakeFile read_intake_file(const Statement& st) {
    IntakeFile f;
    f.id = st.int64(0);
    f.sha256 = st.text(1);
    f.name = st.text(2);
    f.size = static_cast<std::uint64_t>(st.int64(3));
    f.encoding = st.text(4);
    f.received_at = st.int64(5);
    f.records_done = st.int64(6);
    f.complete = st.int64(7) != 0;
    f.error = st.text(8);
    f.stored_as = st.text(9);
    f.encoding_evidence = st.text(10);
    return f;
}

// From outbox o joined with outbox_bytes b.
const char* kMailColumns =
    "o.id, o.message_id, o.kind, o.declaration_id, o.inbound_id, o.resend_of, o.recipient, "
    "o.envelope_from, "
    "o.subject, b.bytes, o.state, o.attempts, o.created_at, o.next_attempt_at, o.last_attempt_at, "
    "o.sent_at, "
    "o.last_error, o.attempt_started_at, o.unrecorded_attempts";
const char* kMailFrom = " FROM outbox o JOIN outbox_bytes b ON b.id = o.id ";

OutboxMail read_mail(const Statement& st) {
    OutboxMail m;
    m.id = st.int64(0);
    m.message_id = st.text(1);
    m.kind = st.text(2);
    m.declaration_row = st.opt_int64(3);
    m.inbound_row = st.opt_int64(4);
    m.resend_of = st.opt_int64(5);
    m.recipient = st.text(6);
    m.envelope_from = st.text(7);
    m.subject = st.text(8);
    m.bytes = st.text(9);
    m.state = parse_mail_state(st.text(10)).value_or(MailState::kQueued);
    m.attempts = static_cast<int>(st.int64(11));
    m.created_at = st.int64(12);
    m.next_attempt_at = st.int64(13);
    m.last_attempt_at = st.opt_int64(14);
    m.sent_at = st.opt_int64(15);
    m.last_error = st.text(16);
    m.attempt_started_at = st.opt_int64(17);
    m.unrecorded_attempts = static_cast<int>(st.int64(18));
    return m;
}

std::string errors_to_json(const std::vector<FieldError>& errors) {
    Poco::JSON::Array array;
    for (const auto& e : errors) {
        Poco::JSON::Object o;
        o.set("field", e.field);
        o.set("message", e.message);
        array.add(o);
    }
    std::ostringstream out;
    array.stringify(out);
    return out.str();
}

std::vector<FieldError> errors_from_json(const std::string& json) {
    std::vector<FieldError> errors;
    try {
        Poco::JSON::Parser parser;
        auto array = parser.parse(json).extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < array->size(); ++i) {
            auto o = array->getObject(static_cast<unsigned>(i));
            errors.push_back(
                {o->getValue<std::string>("field"), o->getValue<std::string>("message")});
        }
    } catch (const Poco::Exception&) {
        errors.push_back({"_record", json});
    }
    return errors;
}

const char* kIntakeColumns =
    "r.id, r.file_id, r.record_no, r.line, r.application_id, r.outcome, r.errors, r.note, "
    "r.declaration_id, r.fingerprint, r.raw, r.recorded_at, f.name";

IntakeRecordRow read_intake_record(const Statement& st) {
    IntakeRecordRow r;
    r.id = st.int64(0);
    r.file_id = st.int64(1);
    r.record_no = st.int64(2);
    r.line = st.int64(3);
    r.application_id = st.text(4);
    std::string outcome = st.text(5);
    r.outcome = outcome == "issued"      ? IntakeOutcome::kIssued
                : outcome == "duplicate" ? IntakeOutcome::kDuplicate
                                         : IntakeOutcome::kRejected;
    r.errors = errors_from_json(st.text(6));
    r.note = st.text(7);
    r.declaration_row = st.opt_int64(8);
    r.fingerprint = st.text(9);
    r.raw = st.text(10);
    r.recorded_at = st.int64(11);
    r.file_name = st.text(12);
    return r;
}

// The distinct two-character pieces of a name key ("やまだ" → "やま", "まだ").
std::vector<std::string> bigrams(const std::string& key) {
    std::vector<std::string> chars, grams;
    std::size_t pos = 0;
    while (pos < key.size()) {
        std::size_t start = pos;
        char32_t cp;
        utf8::next(key, pos, cp);
        chars.push_back(key.substr(start, pos - start));
    }
    for (std::size_t i = 0; i + 1 < chars.size(); ++i) {
        std::string g = chars[i] + chars[i + 1];
        if (std::find(grams.begin(), grams.end(), g) == grams.end()) grams.push_back(g);
    }
    return grams;
}

std::string strings_to_json(const std::vector<std::string>& strings) {
    Poco::JSON::Array array;
    for (const auto& s : strings) array.add(s);
    std::ostringstream out;
    array.stringify(out);
    return out.str();
}

std::vector<std::string> strings_from_json(const std::string& json) {
    std::vector<std::string> out;
    try {
        Poco::JSON::Parser parser;
        auto array = parser.parse(json).extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < array->size(); ++i)
            out.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
    } catch (const Poco::Exception&) {
        out.push_back(json);
    }
    return out;
}

const char* kInboundColumns =
    "id, mailbox, uidvalidity, uid, sha256, size, raw, raw_complete, message_id, sender, subject, "
    "received_at, intent, fields, outcome, reasons, declaration_id, bounced_mail_id, folder, "
    "moved_at, resolved_at, resolution";

InboundRecord read_inbound(const Statement& st) {
    InboundRecord r;
    r.id = st.int64(0);
    r.mailbox = st.text(1);
    r.uidvalidity = st.int64(2);
    r.uid = st.int64(3);
    r.sha256 = st.text(4);
    r.size = st.int64(5);
    r.raw = st.text(6);
    r.raw_complete = st.int64(7) != 0;
    r.message_id = st.text(8);
    r.sender = st.text(9);
    r.subject = st.text(10);
    r.received_at = st.int64(11);
    r.intent = st.text(12);
    r.fields = st.text(13);
    std::string outcome = st.text(14);
    r.outcome = outcome == "answered"  ? InboundOutcome::kAnswered
                : outcome == "ignored" ? InboundOutcome::kIgnored
                                       : InboundOutcome::kNeedsPerson;
    r.reasons = strings_from_json(st.text(15));
    r.declaration_row = st.opt_int64(16);
    r.bounced_mail_row = st.opt_int64(17);
    r.folder = st.text(18);
    r.moved_at = st.opt_int64(19);
    r.resolved_at = st.opt_int64(20);
    r.resolution = st.text(21);
    return r;
}

class SqliteTransaction final : public Transaction {
  public:
    explicit SqliteTransaction(sqlite::Database& db) : db_(db) {}

    IntakeFile intake_file(const std::string& sha256, const std::string& name, std::uint64_t size,
                           const std::string& encoding, const std::string& evidence,
                           UnixTime now) override {
        auto& ins = db_.cached(
            "INSERT OR IGNORE INTO intake_files (sha256, name, size, encoding, encoding_evidence, "
            "received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        ins.bind(1, sha256)
            .bind(2, name)
            .bind(3, static_cast<std::int64_t>(size))
            .bind(4, encoding)
            .bind(5, evidence);
        ins.bind(6, now).run();
        auto& st = db_.cached(std::string("SELECT ") + kIntakeFileColumns +
                              " FROM intake_files WHERE sha256 = ?1");
        st.bind(1, sha256);
        if (!st.step()) throw sqlite::StoreError(Status::Code::kInternal, "intake file vanished");
        IntakeFile f = read_intake_file(st);
        st.reset();
        return f;
    }

    std::vector<IntakeFile> recent_intake_files(std::size_t limit) override {
        auto& st = db_.cached(std::string("SELECT ") + kIntakeFileColumns +
                              " FROM intake_files ORDER BY received_at DESC, id DESC LIMIT ?1");
        st.bind(1, static_cast<std::int64_t>(limit));
        std::vector<IntakeFile> out;
        while (st.step()) out.push_back(read_intake_file(st));
        return out;
    }

    void update_intake_file(const IntakeFile& f) override {
        auto& st = db_.cached(
            "UPDATE intake_files SET records_done = ?2, complete = ?3, error = ?4, stored_as = ?5 "
            "WHERE id = ?1");
        st.bind(1, f.id).bind(2, f.records_done).bind(3, f.complete).bind(4, f.error);
        st.bind(5, f.stored_as).run();
    }

    std::optional<IntakeRecordRow> find_intake_record(const std::string& application_id) override {
        auto& st = db_.cached(std::string("SELECT ") + kIntakeColumns +
                              " FROM intake_records r JOIN intake_files f ON f.id = r.file_id "
                              "WHERE r.application_id = ?1 AND r.outcome <> 'rejected' "
                              "ORDER BY r.id LIMIT 1");
        st.bind(1, application_id);
        std::optional<IntakeRecordRow> r;
        if (st.step()) r = read_intake_record(st);
        st.reset();
        return r;
    }

    std::int64_t add_intake_record(const IntakeRecordRow& r) override {
        auto& st = db_.cached(
            "INSERT INTO intake_records (file_id, record_no, line, application_id, outcome, "
            "errors, note, declaration_id, fingerprint, raw, recorded_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        st.bind(1, r.file_id).bind(2, r.record_no).bind(3, r.line).bind(4, r.application_id);
        st.bind(5, to_string(r.outcome)).bind(6, errors_to_json(r.errors)).bind(7, r.note);
        st.bind(8, r.declaration_row).bind(9, r.fingerprint).bind_blob(10, r.raw);
        st.bind(11, r.recorded_at).run();
        return db_.last_insert_rowid();
    }

    std::vector<IntakeRecordRow> intake_records(IntakeOutcome outcome, std::int64_t after,
                                                std::size_t limit) override {
        auto& st = db_.cached(std::string("SELECT ") + kIntakeColumns +
                              " FROM intake_records r JOIN intake_files f ON f.id = r.file_id "
                              "WHERE r.outcome = ?1 AND r.id > ?2 ORDER BY r.id LIMIT ?3");
        st.bind(1, to_string(outcome)).bind(2, after).bind(3, static_cast<std::int64_t>(limit));
        std::vector<IntakeRecordRow> rows;
        while (st.step()) rows.push_back(read_intake_record(st));
        return rows;
    }

    bool reserve_number(const std::string& number, UnixTime now) override {
        auto& st =
            db_.cached("INSERT OR IGNORE INTO issued_numbers (number, issued_at) VALUES (?1, ?2)");
        st.bind(1, number).bind(2, now).run();
        return db_.changes() == 1;
    }

    std::optional<Declaration> find_live_declaration(const std::string& identity_key) override {
        auto& st = db_.cached(std::string("SELECT ") + kDeclarationColumns +
                              " FROM declarations WHERE identity_key = ?1 "
                              "AND state IN ('issued', 'accepted')");
        st.bind(1, identity_key);
        std::optional<Declaration> d;
        if (st.step()) d = read_declaration(st);
        st.reset();
        return d;
    }

    std::optional<Declaration> declaration(std::int64_t row) override {
        auto& st = db_.cached(std::string("SELECT ") + kDeclarationColumns +
                              " FROM declarations WHERE id = ?1");
        st.bind(1, row);
        std::optional<Declaration> d;
        if (st.step()) d = read_declaration(st);
        st.reset();
        return d;
    }

    std::int64_t insert_declaration(const Declaration& d, const std::string& name_key,
                                    std::optional<std::int64_t> supersedes, UnixTime now) override {
        if (supersedes) {
            // Leave the live set first: one business has one live declaration at a time.
            auto& st = db_.cached("UPDATE declarations SET state = 'superseded' WHERE id = ?1");
            st.bind(1, *supersedes).run();
            unindex_name(*supersedes);
        }
        const Application& a = d.application;
        auto& st = db_.cached(
            "INSERT INTO declarations (declaration_id, user_number, tier, entity_type, "
            "corporate_number, business_name, trade_name, representative_name, prefecture, "
            "address, phone, employees, industry, contact_name, contact_department, "
            "contact_email, contact_phone, application_id, submitted_at, self_assessment_done, "
            "basic_policy_published, identity_key, name_key, state, issued_at) VALUES (?1, ?2, "
            "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
            "?21, ?22, ?23, ?24, ?25)");
        st.bind(1, d.declaration_id).bind(2, d.user_number).bind(3, to_string(a.tier));
        st.bind(4, to_string(a.entity_type)).bind(5, a.corporate_number).bind(6, a.business_name);
        st.bind(7, a.trade_name).bind(8, a.representative_name).bind(9, a.prefecture);
        st.bind(10, a.address).bind(11, a.phone).bind(12, a.employees).bind(13, a.industry);
        st.bind(14, a.contact_name).bind(15, a.contact_department).bind(16, a.contact_email);
        st.bind(17, a.contact_phone).bind(18, a.application_id).bind(19, a.submitted_at);
        st.bind(20, a.self_assessment_done).bind(21, a.basic_policy_published);
        st.bind(22, d.identity_key).bind(23, name_key).bind(24, to_string(d.state));
        st.bind(25, d.issued_at).run();
        std::int64_t row = db_.last_insert_rowid();
        if (supersedes) {
            auto& link = db_.cached("UPDATE declarations SET superseded_by = ?2 WHERE id = ?1");
            link.bind(1, *supersedes).bind(2, row).run();
            // What a clerk was to look at (a hold, a bounce) concerns the business still.
            auto& move = db_.cached(
                "UPDATE declaration_flags SET declaration_id = ?2 WHERE declaration_id = ?1 AND "
                "closed_at IS NULL");
            move.bind(1, *supersedes).bind(2, row).run();
            open_flag_closed(*supersedes, "superseded", "by " + d.declaration_id, now);
        }
        return row;
    }

    std::int64_t open_flag(std::int64_t declaration_row, const std::string& kind,
                           const std::string& note, UnixTime now) override {
        auto& st = db_.cached(
            "INSERT INTO declaration_flags (declaration_id, kind, note, opened_at) "
            "VALUES (?1, ?2, ?3, ?4)");
        st.bind(1, declaration_row).bind(2, kind).bind(3, note).bind(4, now).run();
        return db_.last_insert_rowid();
    }

    void change_contact(std::int64_t row, const Application& c) override {
        auto& st = db_.cached(
            "UPDATE declarations SET contact_name = ?2, contact_department = ?3, contact_email = "
            "?4, contact_phone = ?5, contact_undeliverable = 0 WHERE id = ?1 AND state IN "
            "('issued', 'accepted')");
        st.bind(1, row).bind(2, c.contact_name).bind(3, c.contact_department);
        st.bind(4, c.contact_email).bind(5, c.contact_phone).run();
        if (db_.changes() != 1)
            throw sqlite::StoreError(Status::Code::kInvalid, "declaration is not live");
    }

    void amend_declaration(const Declaration& d, const std::string& name_key) override {
        const Application& a = d.application;
        auto& st = db_.cached(
            "UPDATE declarations SET business_name = ?2, trade_name = ?3, representative_name = "
            "?4, prefecture = ?5, address = ?6, phone = ?7, employees = ?8, industry = ?9, "
            "contact_department = ?10, contact_phone = ?11, identity_key = ?12, name_key = ?13 "
            "WHERE id = ?1 AND state IN ('issued', 'accepted')");
        st.bind(1, d.id).bind(2, a.business_name).bind(3, a.trade_name);
        st.bind(4, a.representative_name).bind(5, a.prefecture).bind(6, a.address);
        st.bind(7, a.phone).bind(8, a.employees).bind(9, a.industry);
        st.bind(10, a.contact_department).bind(11, a.contact_phone).bind(12, d.identity_key);
        st.bind(13, name_key).run();
        if (db_.changes() != 1)
            throw sqlite::StoreError(Status::Code::kInvalid, "declaration is not live");
        if (d.state == DeclarationState::kAccepted) {
            unindex_name(d.id);
            index_name(d.id);
        }
    }

    std::int64_t enqueue_mail(const OutboxMail& m) override {
        auto& st = db_.cached(
            "INSERT INTO outbox (message_id, kind, declaration_id, inbound_id, resend_of, "
            "recipient, envelope_from, subject, state, attempts, created_at, "
            "next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'queued', 0, ?9, ?9)");
        st.bind(1, m.message_id).bind(2, m.kind).bind(3, m.declaration_row);
        st.bind(4, m.inbound_row).bind(5, m.resend_of).bind(6, m.recipient);
        st.bind(7, m.envelope_from).bind(8, m.subject).bind(9, m.created_at).run();
        std::int64_t row = db_.last_insert_rowid();
        auto& bytes = db_.cached("INSERT INTO outbox_bytes (id, bytes) VALUES (?1, ?2)");
        bytes.bind(1, row).bind_blob(2, m.bytes).run();
        return row;
    }

    std::vector<OutboxMail> due_mails(UnixTime now, std::int64_t after,
                                      std::size_t limit) override {
        auto& st = db_.cached(std::string("SELECT ") + kMailColumns + kMailFrom +
                              "WHERE o.state IN ('queued', 'deferred') "
                              "AND o.next_attempt_at <= ?1 AND o.id > ?2 ORDER BY o.id LIMIT ?3");
        st.bind(1, now).bind(2, after).bind(3, static_cast<std::int64_t>(limit));
        std::vector<OutboxMail> mails;
        while (st.step()) mails.push_back(read_mail(st));
        return mails;
    }

    std::int64_t count_due_mails(UnixTime now) override {
        auto& st = db_.cached(
            "SELECT COUNT(*) FROM outbox WHERE state IN ('queued', 'deferred') AND next_attempt_at "
            "<= ?1");
        st.bind(1, now);
        std::int64_t n = st.step() ? st.int64(0) : 0;
        st.reset();
        return n;
    }

    void mark_handover(std::int64_t row, UnixTime now) override {
        auto& st = db_.cached(
            "UPDATE outbox SET attempt_started_at = ?2, unrecorded_attempts = "
            "unrecorded_attempts + 1 WHERE id = ?1");
        st.bind(1, row).bind(2, now).run();
    }

    void record_attempt(const OutboxMail& m) override {
        auto& st = db_.cached(
            "UPDATE outbox SET state = ?2, attempts = ?3, next_attempt_at = ?4, "
            "last_attempt_at = ?5, sent_at = ?6, last_error = ?7, attempt_started_at = NULL, "
            "unrecorded_attempts = 0 WHERE id = ?1");
        st.bind(1, m.id).bind(2, to_string(m.state)).bind(3, m.attempts);
        st.bind(4, m.next_attempt_at).bind(5, m.last_attempt_at).bind(6, m.sent_at);
        st.bind(7, m.last_error).run();
    }

    std::optional<OutboxMail> mail(std::int64_t row) override {
        auto& st =
            db_.cached(std::string("SELECT ") + kMailColumns + kMailFrom + "WHERE o.id = ?1");
        st.bind(1, row);
        std::optional<OutboxMail> m;
        if (st.step()) m = read_mail(st);
        st.reset();
        return m;
    }

    std::vector<OutboxMail> mails_for_declaration(std::int64_t declaration_row) override {
        auto& st = db_.cached(std::string("SELECT ") + kMailColumns + kMailFrom +
                              "WHERE o.declaration_id = ?1 ORDER BY o.id");
        st.bind(1, declaration_row);
        std::vector<OutboxMail> mails;
        while (st.step()) mails.push_back(read_mail(st));
        return mails;
    }

    std::optional<OutboxMail> mail_by_message_id(const std::string& message_id) override {
        auto& st = db_.cached(std::string("SELECT ") + kMailColumns + kMailFrom +
                              "WHERE o.message_id = ?1");
        st.bind(1, message_id);
        std::optional<OutboxMail> m;
        if (st.step()) m = read_mail(st);
        st.reset();
        return m;
    }

    std::vector<Declaration> declarations_by_number(const std::string& number) override {
        return declarations("WHERE declaration_id = ?1 OR user_number = ?1 ORDER BY id DESC",
                            number);
    }

    std::vector<Declaration> live_by_corporate_number(const std::string& number) override {
        return declarations(
            "WHERE corporate_number = ?1 AND state IN ('issued', 'accepted') ORDER BY id", number);
    }

    std::vector<Declaration> live_by_contact_email(const std::string& email) override {
        return declarations(
            "WHERE contact_email = ?1 COLLATE NOCASE AND state IN ('issued', 'accepted') ORDER BY "
            "id",
            email);
    }

    void mark_contact_undeliverable(std::int64_t row) override {
        auto& st = db_.cached("UPDATE declarations SET contact_undeliverable = 1 WHERE id = ?1");
        st.bind(1, row).run();
    }

    std::optional<std::int64_t> inbox_uidvalidity(const std::string& mailbox) override {
        auto& st = db_.cached("SELECT uidvalidity FROM inbox_state WHERE mailbox = ?1");
        st.bind(1, mailbox);
        std::optional<std::int64_t> v;
        if (st.step()) v = st.int64(0);
        st.reset();
        return v;
    }

    void set_inbox_uidvalidity(const std::string& mailbox, std::int64_t uidvalidity,
                               UnixTime now) override {
        auto& st = db_.cached(
            "INSERT INTO inbox_state (mailbox, uidvalidity, changed_at) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (mailbox) DO UPDATE SET uidvalidity = ?2, changed_at = ?3 WHERE "
            "uidvalidity <> ?2");
        st.bind(1, mailbox).bind(2, uidvalidity).bind(3, now).run();
    }

    std::optional<InboundRecord> inbound(const std::string& mailbox, std::int64_t uidvalidity,
                                         std::int64_t uid) override {
        auto& st = db_.cached(
            std::string("SELECT ") + kInboundColumns +
            " FROM inbound_messages WHERE mailbox = ?1 AND uidvalidity = ?2 AND uid = ?3");
        st.bind(1, mailbox).bind(2, uidvalidity).bind(3, uid);
        std::optional<InboundRecord> r;
        if (st.step()) r = read_inbound(st);
        st.reset();
        return r;
    }

    std::optional<InboundRecord> inbound_by_sha256(const std::string& sha256) override {
        auto& st = db_.cached(std::string("SELECT ") + kInboundColumns +
                              " FROM inbound_messages WHERE sha256 = ?1 ORDER BY id LIMIT 1");
        st.bind(1, sha256);
        std::optional<InboundRecord> r;
        if (st.step()) r = read_inbound(st);
        st.reset();
        return r;
    }

    std::int64_t add_inbound(const InboundRecord& r) override {
        auto& st = db_.cached(
            "INSERT INTO inbound_messages (mailbox, uidvalidity, uid, sha256, size, raw, "
            "raw_complete, "
            "message_id, sender, subject, received_at, intent, fields, outcome, reasons, "
            "declaration_id, "
            "bounced_mail_id, folder) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
            "?13, "
            "?14, ?15, ?16, ?17, ?18)");
        st.bind(1, r.mailbox)
            .bind(2, r.uidvalidity)
            .bind(3, r.uid)
            .bind(4, r.sha256)
            .bind(5, r.size);
        st.bind_blob(6, r.raw).bind(7, r.raw_complete).bind(8, r.message_id).bind(9, r.sender);
        st.bind(10, r.subject).bind(11, r.received_at).bind(12, r.intent).bind(13, r.fields);
        st.bind(14, to_string(r.outcome)).bind(15, strings_to_json(r.reasons));
        st.bind(16, r.declaration_row).bind(17, r.bounced_mail_row).bind(18, r.folder).run();
        return db_.last_insert_rowid();
    }

    void mark_inbound_moved(std::int64_t row, UnixTime now) override {
        auto& st = db_.cached("UPDATE inbound_messages SET moved_at = ?2 WHERE id = ?1");
        st.bind(1, row).bind(2, now).run();
    }

    int answers_today(const std::string& key, const std::string& day) override {
        auto& st = db_.cached("SELECT count FROM answer_counts WHERE key = ?1 AND day = ?2");
        st.bind(1, key).bind(2, day);
        int n = st.step() ? static_cast<int>(st.int64(0)) : 0;
        st.reset();
        return n;
    }

    void count_answer(const std::string& key, const std::string& day) override {
        auto& st = db_.cached(
            "INSERT INTO answer_counts (key, day, count) VALUES (?1, ?2, 1) "
            "ON CONFLICT (key, day) DO UPDATE SET count = count + 1");
        st.bind(1, key).bind(2, day).run();
    }

    std::vector<Declaration> due_for_acceptance(UnixTime issued_before, std::int64_t after,
                                                std::size_t limit) override {
        auto& st = db_.cached(
            std::string("SELECT ") + kDeclarationColumns +
            " FROM declarations d WHERE state = 'issued' AND issued_at <= ?1 AND id > ?2 "
            "AND NOT EXISTS (SELECT 1 FROM declaration_flags f WHERE f.declaration_id = d.id "
            "AND f.closed_at IS NULL) ORDER BY id LIMIT ?3");
        st.bind(1, issued_before).bind(2, after).bind(3, static_cast<std::int64_t>(limit));
        std::vector<Declaration> out;
        while (st.step()) out.push_back(read_declaration(st));
        return out;
    }

    void accept(std::int64_t row, UnixTime now) override {
        auto& st = db_.cached(
            "UPDATE declarations SET state = 'accepted', accepted_at = ?2 WHERE id = ?1 AND state "
            "= 'issued'");
        st.bind(1, row).bind(2, now).run();
        if (db_.changes() != 1)
            throw sqlite::StoreError(Status::Code::kInvalid, "declaration is not in state issued");
        index_name(row);
    }

    void withdraw(std::int64_t row, const std::string& reason, UnixTime now) override {
        auto& st = db_.cached(
            "UPDATE declarations SET state = 'withdrawn', withdrawn_at = ?2, withdraw_reason = ?3 "
            "WHERE id = ?1 AND state IN ('issued', 'accepted')");
        st.bind(1, row).bind(2, now).bind(3, reason).run();
        if (db_.changes() != 1)
            throw sqlite::StoreError(Status::Code::kInvalid, "declaration is not live");
        unindex_name(row);
    }

    std::vector<Flag> flags(std::int64_t row) override {
        auto& st = db_.cached(std::string("SELECT ") + kFlagColumns +
                              " FROM declaration_flags WHERE declaration_id = ?1 ORDER BY id");
        st.bind(1, row);
        std::vector<Flag> out;
        while (st.step()) out.push_back(read_flag(st));
        return out;
    }

    std::optional<Flag> flag(std::int64_t id) override {
        auto& st = db_.cached(std::string("SELECT ") + kFlagColumns +
                              " FROM declaration_flags WHERE id = ?1");
        st.bind(1, id);
        std::optional<Flag> f;
        if (st.step()) f = read_flag(st);
        st.reset();
        return f;
    }

    std::vector<Flag> open_flags(std::size_t limit) override {
        auto& st = db_.cached(std::string("SELECT ") + kFlagColumns +
                              " FROM declaration_flags WHERE closed_at IS NULL "
                              "ORDER BY opened_at, id LIMIT ?1");
        st.bind(1, static_cast<std::int64_t>(limit));
        std::vector<Flag> out;
        while (st.step()) out.push_back(read_flag(st));
        return out;
    }

    bool close_flag(std::int64_t id, const std::string& note, const std::string& actor,
                    UnixTime now) override {
        auto& st = db_.cached(
            "UPDATE declaration_flags SET closed_at = ?2, closed_by = ?3, closed_note = ?4 "
            "WHERE id = ?1 AND closed_at IS NULL");
        st.bind(1, id).bind(2, now).bind(3, actor).bind(4, note).run();
        return db_.changes() == 1;
    }

    void record_staff_action(const StaffAction& a) override {
        auto& st = db_.cached(
            "INSERT INTO staff_actions (at, actor, action, declaration_id, detail) VALUES (?1, ?2, "
            "?3, ?4, ?5)");
        st.bind(1, a.at)
            .bind(2, a.actor)
            .bind(3, a.action)
            .bind(4, a.declaration_row)
            .bind(5, a.detail)
            .run();
    }

    std::vector<StaffAction> staff_actions(std::int64_t row) override {
        auto& st = db_.cached(
            "SELECT at, actor, action, declaration_id, detail FROM staff_actions WHERE "
            "declaration_id = ?1 ORDER BY id");
        st.bind(1, row);
        std::vector<StaffAction> out;
        while (st.step())
            out.push_back({st.int64(0), st.text(1), st.text(2), st.opt_int64(3), st.text(4)});
        return out;
    }

    std::vector<Declaration> declarations_by_corporate_number(const std::string& number) override {
        return declarations("WHERE corporate_number = ?1 ORDER BY id DESC", number);
    }

    std::vector<Declaration> declarations_by_identity(const std::string& identity_key) override {
        return declarations("WHERE identity_key = ?1 ORDER BY id DESC", identity_key);
    }

    std::vector<Declaration> declarations_by_contact_email(const std::string& email) override {
        return declarations("WHERE contact_email = ?1 COLLATE NOCASE ORDER BY id DESC", email);
    }

    std::optional<IntakeRecordRow> intake_record(std::int64_t declaration_row) override {
        auto& st = db_.cached(
            std::string("SELECT ") + kIntakeColumns +
            " FROM intake_records r JOIN intake_files f ON f.id = r.file_id "
            "WHERE r.declaration_id = ?1 AND r.outcome = 'issued' ORDER BY r.id LIMIT 1");
        st.bind(1, declaration_row);
        std::optional<IntakeRecordRow> r;
        if (st.step()) r = read_intake_record(st);
        st.reset();
        return r;
    }

    std::vector<InboundRecord> waiting_for_person(std::size_t limit) override {
        auto& st = db_.cached(
            std::string("SELECT ") + kInboundColumns +
            " FROM inbound_messages WHERE outcome = 'needs_person' AND resolved_at IS NULL "
            "ORDER BY received_at, id LIMIT ?1");
        st.bind(1, static_cast<std::int64_t>(limit));
        std::vector<InboundRecord> out;
        while (st.step()) out.push_back(read_inbound(st));
        return out;
    }

    std::vector<InboundRecord> inbound_for_declaration(std::int64_t row) override {
        auto& st = db_.cached(std::string("SELECT ") + kInboundColumns +
                              " FROM inbound_messages WHERE declaration_id = ?1 ORDER BY id");
        st.bind(1, row);
        std::vector<InboundRecord> out;
        while (st.step()) out.push_back(read_inbound(st));
        return out;
    }

    std::vector<PublicEntry> search(const SearchQuery& q, std::size_t limit) override {
        // Only these columns, only accepted rows: nothing secret can come out of here. A name
        // of two characters or more is narrowed by its rarest bigram first.
        // The rarest bigram of the name narrows the search; one that no accepted name has
        // means nothing can match.
        std::string gram;
        std::int64_t fewest = INT64_MAX;
        for (const std::string& g : bigrams(q.name_key)) {
            auto& count = db_.cached("SELECT n FROM search_gram_counts WHERE gram = ?1");
            count.bind(1, g);
            std::int64_t n = count.step() ? count.int64(0) : 0;
            count.reset();
            if (n == 0) return {};
            if (n < fewest) {
                fewest = n;
                gram = g;
            }
        }
        std::string pattern;
        for (char c : q.name_key) {
            if (c == '%' || c == '_' || c == '\\') pattern += '\\';
            pattern += c;
        }
        const char* kColumns =
            "SELECT d.business_name, d.trade_name, d.entity_type, d.prefecture, d.tier, "
            "d.issued_at, "
            "d.declaration_id FROM ";
        const char* kFilters =
            "d.state = 'accepted' AND (?1 = '' OR d.name_key LIKE '%' || ?1 || '%' ESCAPE '\\') "
            "AND (?2 = '' OR d.prefecture = ?2) AND (?3 = '' OR d.tier = ?3) "
            "AND (?4 = '' OR d.declaration_id = ?4) ORDER BY d.name_key, d.id LIMIT ?5";
        // CROSS JOIN fixes the order: from the gram's few rows to their declarations.
        auto& st =
            gram.empty()
                ? db_.cached(std::string(kColumns) + "declarations d WHERE " + kFilters)
                : db_.cached(std::string(kColumns) +
                             "search_grams g CROSS JOIN declarations d ON d.id = g.declaration_id "
                             "WHERE g.gram = ?6 AND " +
                             kFilters);
        st.bind(1, pattern).bind(2, q.prefecture).bind(3, q.tier ? to_string(*q.tier) : "");
        st.bind(4, q.declaration_id).bind(5, static_cast<std::int64_t>(limit));
        if (!gram.empty()) st.bind(6, gram);
        std::vector<PublicEntry> out;
        while (st.step()) {
            PublicEntry e;
            e.name = st.text(2) == "corporation" ? st.text(0) : st.text(1);
            e.prefecture = st.text(3);
            e.tier = parse_tier(st.text(4)).value_or(Tier::kOneStar);
            e.declared_at = st.int64(5);
            e.declaration_id = st.text(6);
            out.push_back(std::move(e));
        }
        return out;
    }

    ReportCounts report_counts() override {
        ReportCounts r;
        auto group = [&](const char* sql, std::map<std::string, std::int64_t>& into) {
            auto& st = db_.cached(sql);
            while (st.step()) into[st.text(0)] = st.int64(1);
        };
        group("SELECT state, COUNT(*) FROM declarations GROUP BY state", r.declarations);
        group("SELECT outcome, COUNT(*) FROM intake_records GROUP BY outcome", r.intake);
        group("SELECT state, COUNT(*) FROM outbox GROUP BY state", r.mails);
        group(
            "SELECT intent || '/' || outcome, COUNT(*) FROM inbound_messages GROUP BY intent, "
            "outcome",
            r.inbound);
        auto& flags = db_.cached(
            "SELECT COUNT(*) FROM declaration_flags WHERE closed_at IS NULL AND kind <> "
            "'superseded'");
        if (flags.step()) r.open_flags = flags.int64(0);
        flags.reset();
        auto& waiting = db_.cached(
            "SELECT COUNT(*), MIN(received_at) FROM inbound_messages WHERE outcome = "
            "'needs_person' AND resolved_at IS NULL");
        if (waiting.step()) {
            r.waiting = waiting.int64(0);
            r.oldest_waiting = waiting.opt_int64(1);
        }
        waiting.reset();
        auto& files = db_.cached("SELECT COUNT(*) FROM intake_files WHERE error <> ''");
        if (files.step()) r.unreadable_files = files.int64(0);
        files.reset();
        return r;
    }

    DailySeries daily_series(UnixTime now, int days, int offset) override {
        DailySeries s;
        const std::int64_t shift = static_cast<std::int64_t>(offset) * 60;
        const std::int64_t today = (now + shift) / 86400;
        const std::int64_t first = today - days + 1;
        for (std::int64_t d = first; d <= today; ++d) {
            s.days.push_back(format_date(d * 86400 - shift, offset));
            s.intake.push_back(0);
            s.answers.push_back(0);
            s.backlog.push_back(0);
        }
        auto per_day = [&](const char* sql, std::vector<std::int64_t>& into) {
            auto& st = db_.cached(sql);
            st.bind(1, shift).bind(2, first * 86400 - shift);
            while (st.step()) {
                std::int64_t day = st.int64(0);
                if (day >= first && day <= today)
                    into[static_cast<std::size_t>(day - first)] = st.int64(1);
            }
        };
        per_day(
            "SELECT (recorded_at + ?1) / 86400 AS day, COUNT(*) FROM intake_records WHERE "
            "recorded_at >= ?2 GROUP BY day",
            s.intake);
        per_day(
            "SELECT (created_at + ?1) / 86400 AS day, COUNT(*) FROM outbox WHERE inbound_id IS NOT "
            "NULL "
            "AND created_at >= ?2 GROUP BY day",
            s.answers);
        auto& open = db_.cached(
            "SELECT received_at, resolved_at FROM inbound_messages WHERE outcome = 'needs_person' "
            "AND (resolved_at IS NULL OR resolved_at >= ?1)");
        open.bind(1, first * 86400 - shift);
        while (open.step()) {
            UnixTime received = open.int64(0);
            std::optional<UnixTime> resolved = open.opt_int64(1);
            for (std::int64_t d = first; d <= today; ++d) {
                UnixTime end = (d + 1) * 86400 - shift;
                if (received < end && (!resolved || *resolved >= end))
                    ++s.backlog[static_cast<std::size_t>(d - first)];
            }
        }
        return s;
    }

    std::vector<OutboxMail> mails_in_state(MailState state, std::size_t limit) override {
        auto& st = db_.cached(std::string("SELECT ") + kMailColumns + kMailFrom +
                              "WHERE o.state = ?1 ORDER BY o.id LIMIT ?2");
        st.bind(1, to_string(state)).bind(2, static_cast<std::int64_t>(limit));
        std::vector<OutboxMail> out;
        while (st.step()) out.push_back(read_mail(st));
        return out;
    }

    std::vector<Declaration> undeliverable_contacts(std::size_t limit) override {
        auto& st = db_.cached(std::string("SELECT ") + kDeclarationColumns +
                              " FROM declarations WHERE contact_undeliverable = 1 AND state IN "
                              "('issued', 'accepted') "
                              "ORDER BY id LIMIT ?1");
        st.bind(1, static_cast<std::int64_t>(limit));
        std::vector<Declaration> out;
        while (st.step()) out.push_back(read_declaration(st));
        return out;
    }

    bool resolve_inbound(std::int64_t row, const std::string& note, UnixTime now) override {
        auto& st = db_.cached(
            "UPDATE inbound_messages SET resolved_at = ?2, resolution = ?3 WHERE id = ?1 "
            "AND outcome = 'needs_person' AND resolved_at IS NULL");
        st.bind(1, row).bind(2, now).bind(3, note).run();
        return db_.changes() == 1;
    }

  private:
    // Keeps search_grams in step with the accepted declarations.
    void index_name(std::int64_t row) {
        auto& key = db_.cached("SELECT name_key FROM declarations WHERE id = ?1");
        key.bind(1, row);
        std::string name_key = key.step() ? key.text(0) : "";
        key.reset();
        auto& ins =
            db_.cached("INSERT OR IGNORE INTO search_grams (gram, declaration_id) VALUES (?1, ?2)");
        auto& count = db_.cached(
            "INSERT INTO search_gram_counts (gram, n) VALUES (?1, 1) ON CONFLICT (gram) DO UPDATE "
            "SET n = n + 1");
        for (const std::string& g : bigrams(name_key)) {
            ins.reset().bind(1, g).bind(2, row).run();
            if (db_.changes() == 1) count.reset().bind(1, g).run();
        }
    }

    void unindex_name(std::int64_t row) {
        auto& count = db_.cached(
            "UPDATE search_gram_counts SET n = n - 1 "
            "WHERE gram IN (SELECT gram FROM search_grams WHERE declaration_id = ?1)");
        count.bind(1, row).run();
        auto& st = db_.cached("DELETE FROM search_grams WHERE declaration_id = ?1");
        st.bind(1, row).run();
    }

    std::vector<Declaration> declarations(const std::string& where, const std::string& value) {
        auto& st = db_.cached(std::string("SELECT ") + kDeclarationColumns + " FROM declarations " +
                              where);
        st.bind(1, value);
        std::vector<Declaration> out;
        while (st.step()) out.push_back(read_declaration(st));
        return out;
    }

    void open_flag_closed(std::int64_t row, const std::string& kind, const std::string& note,
                          UnixTime now) {
        auto& st = db_.cached(
            "INSERT INTO declaration_flags (declaration_id, kind, note, opened_at, closed_at) "
            "VALUES (?1, ?2, ?3, ?4, ?4)");
        st.bind(1, row).bind(2, kind).bind(3, note).bind(4, now).run();
    }

    sqlite::Database& db_;
};

class SqliteStore final : public Store {
  public:
    explicit SqliteStore(std::unique_ptr<sqlite::Database> db) : db_(std::move(db)) {}

    Status write(const std::function<void(Transaction&)>& body) override {
        return run("BEGIN IMMEDIATE", body);
    }
    Status read(const std::function<void(Transaction&)>& body) override {
        return run("BEGIN DEFERRED", body);
    }
    Status rehearse(const std::function<void(Transaction&)>& body) override {
        return run("BEGIN IMMEDIATE", body, false);
    }

    Status sync() override {
        return guard([&] { db_->exec("PRAGMA wal_checkpoint(FULL)"); });
    }

    Status check_integrity() override {
        std::string result;
        Status s = guard([&] {
            auto& st = db_->cached("PRAGMA integrity_check");
            while (st.step()) result += st.text(0) + ";";
        });
        if (!s) return s;
        if (result != "ok;") return Status::internal("integrity check failed: " + result);
        return Status::ok();
    }

  private:
    // A busy database stays kBusy and a full, read-only or failing disk kIo, wherever the
    // error struck (BEGIN, the body, COMMIT, a checkpoint): the exit code depends on it.
    static Status status_of(const sqlite::StoreError& e) {
        switch (e.code()) {
            case Status::Code::kBusy:
                return Status::busy(e.what());
            case Status::Code::kIo:
                return Status::io(e.what());
            default:
                return Status::internal(e.what());
        }
    }

    template <typename F>
    Status guard(F&& f) {
        try {
            f();
            return Status::ok();
        } catch (const sqlite::StoreError& e) {
            return status_of(e);
        }
    }

    Status run(const char* begin, const std::function<void(Transaction&)>& body,
               bool commit = true) {
        try {
            db_->cached(begin).run();
        } catch (const sqlite::StoreError& e) {
            return status_of(e);
        }
        SqliteTransaction tx(*db_);
        try {
            body(tx);
            if (commit) {
                db_->cached("COMMIT").run();
            } else {
                rollback();
            }
            return Status::ok();
        } catch (const sqlite::StoreError& e) {
            rollback();
            return status_of(e);
        } catch (...) {
            rollback();
            throw;
        }
    }

    void rollback() noexcept {
        try {
            if (!sqlite3_get_autocommit(db_->handle())) db_->exec("ROLLBACK");
        } catch (...) {
        }
    }

    std::unique_ptr<sqlite::Database> db_;
};

Error as_error(const sqlite::StoreError& e, const std::string& context = "") {
    return Error(e.code() == Status::Code::kBusy ? Status::Code::kBusy : Status::Code::kIo,
                 context.empty() ? e.what() : context + ": " + e.what());
}

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path, int busy_timeout_ms) {
    try {
        // The database holds the secret 利用者番号 and every mail sent: owner-only.
        mode_t old = ::umask(077);
        std::unique_ptr<sqlite::Database> db;
        try {
            db = sqlite::Database::open(path, busy_timeout_ms);
        } catch (...) {
            ::umask(old);
            throw;
        }
        ::umask(old);
        schema::migrate(*db);
        return std::make_unique<SqliteStore>(std::move(db));
    } catch (const sqlite::StoreError& e) {
        throw as_error(e, "cannot open the database '" + path + "' to write");
    }
}

std::unique_ptr<Store> open_sqlite_store_to_read(const std::string& path, int busy_timeout_ms) {
    try {
        std::unique_ptr<sqlite::Database> db;
        int version = 0;
        try {
            db = sqlite::Database::open_to_read(path, busy_timeout_ms);
            version = schema::version(*db);  // the first read opens the WAL index
        } catch (const sqlite::StoreError&) {
            db = sqlite::Database::open_immutable(path);
            version = schema::version(*db);
        }
        if (version < schema::current_version()) db = sqlite::Database::copy_in_memory(*db);
        schema::migrate(*db);  // in memory, or throws for a database from a newer release
        return std::make_unique<SqliteStore>(std::move(db));
    } catch (const sqlite::StoreError& e) {
        throw as_error(e, "cannot open the database '" + path + "' to read");
    }
}

std::unique_ptr<Store> open_sqlite_store_for_rehearsal(const std::string& path,
                                                       int busy_timeout_ms) {
    try {
        std::unique_ptr<sqlite::Database> db;
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            db = sqlite::Database::open(":memory:", busy_timeout_ms);
        } else {
            auto reader = sqlite::Database::open_to_read(path, busy_timeout_ms);
            if (schema::version(*reader) >= schema::current_version()) {
                reader.reset();
                db = sqlite::Database::open(path, busy_timeout_ms);
            } else {
                db = sqlite::Database::copy_in_memory(*reader);
            }
        }
        schema::migrate(*db);  // in memory, or throws for a database from a newer release
        return std::make_unique<SqliteStore>(std::move(db));
    } catch (const sqlite::StoreError& e) {
        throw as_error(e);
    }
}

}  // namespace sa
