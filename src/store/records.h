// The rows the store keeps, as plain values. Jobs build and read these; only store
// implementations know how they are laid out. The declaration, the outbox mail and a field's
// error are domain values (domain/), shared with the modules that make them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/declaration.h"
#include "domain/field_error.h"
#include "domain/outbox_mail.h"

namespace sa {

// An intake file, identified by the SHA-256 of its contents.
struct IntakeFile {
    std::int64_t id = 0;
    std::string sha256;
    std::string name;
    std::uint64_t size = 0;
    std::string encoding;
    std::string encoding_evidence;  // why it is read in that encoding
    UnixTime received_at = 0;
    std::int64_t records_done = 0;  // records committed so far; the next run resumes after them
    bool complete = false;
    std::string error;      // why the file could not be read at all; empty when it was read
    std::string stored_as;  // where the file was moved to
};

enum class IntakeOutcome { kIssued, kDuplicate, kRejected };
const char* to_string(IntakeOutcome o);

struct IntakeRecordRow {
    std::int64_t id = 0;
    std::int64_t file_id = 0;
    std::int64_t record_no = 0;
    std::int64_t line = 0;
    std::string application_id;
    IntakeOutcome outcome = IntakeOutcome::kRejected;
    std::vector<FieldError> errors;
    std::string note;
    std::optional<std::int64_t> declaration_row;
    std::string fingerprint;  // digest of the normalised application, to tell re-reads apart
    std::string raw;          // the record's original bytes
    UnixTime recorded_at = 0;
    std::string file_name;  // filled on reads
};

enum class InboundOutcome { kAnswered, kNeedsPerson, kIgnored };
const char* to_string(InboundOutcome o);

// A message read from the secretariat mailbox, kept raw with the decision taken on it.
struct InboundRecord {
    std::int64_t id = 0;
    std::string mailbox;
    std::int64_t uidvalidity = 0;
    std::int64_t uid = 0;
    std::string sha256;
    std::int64_t size = 0;
    std::string raw;
    bool raw_complete = true;  // false when only the header was fetched (too large)
    std::string message_id;
    std::string sender;
    std::string subject;
    UnixTime received_at = 0;
    std::string intent;
    std::string fields;  // JSON of the extracted keys
    InboundOutcome outcome = InboundOutcome::kNeedsPerson;
    std::vector<std::string> reasons;  // the lookup, the rules, what was sent
    std::optional<std::int64_t> declaration_row;
    std::optional<std::int64_t> bounced_mail_row;
    std::string folder;
    std::optional<UnixTime> moved_at;
    std::optional<UnixTime> resolved_at;
    std::string resolution;
};

// Something about a declaration a clerk must look at; an open flag keeps an issued
// declaration from being accepted by accept-due.
struct Flag {
    std::int64_t id = 0;
    std::int64_t declaration_row = 0;
    // hold, bounce, duplicate_other_contact, upgrade_unverified; superseded (always closed);
    // duplicate (opened by earlier releases)
    std::string kind;
    std::string note;  // why it was opened
    UnixTime opened_at = 0;
    std::optional<UnixTime> closed_at;
    std::string closed_by;    // who closed it
    std::string closed_note;  // what they checked or did
};

// One row of the public search: what anyone may see of an accepted declaration, and nothing
// else (no 利用者番号, no contact).
struct PublicEntry {
    std::string name;
    std::string prefecture;
    Tier tier = Tier::kOneStar;
    UnixTime declared_at = 0;
    std::string declaration_id;
};

struct SearchQuery {
    std::string name_key;  // text::match_key of the name searched for; empty: any
    std::string prefecture;
    std::optional<Tier> tier;
    std::string declaration_id;
};

struct StaffAction {
    UnixTime at = 0;
    std::string actor;
    std::string action;
    std::optional<std::int64_t> declaration_row;
    std::string detail;
};

// Per day, for the digest's chart: intake records read, automatic answers queued, and the
// inbound messages waiting for a person at the end of the day.
struct DailySeries {
    std::vector<std::string> days;  // "2026-11-21", oldest first
    std::vector<std::int64_t> intake, answers, backlog;
};

// Counts for the secretariat's report.
struct ReportCounts {
    std::map<std::string, std::int64_t> declarations;  // by state
    std::map<std::string, std::int64_t> intake;        // by outcome
    std::map<std::string, std::int64_t> mails;         // by state
    std::map<std::string, std::int64_t> inbound;       // "intent/outcome"
    std::int64_t open_flags = 0;
    std::int64_t waiting = 0;  // inbound messages waiting for a person
    std::optional<UnixTime> oldest_waiting;
    std::int64_t unreadable_files = 0;
};

}  // namespace sa
