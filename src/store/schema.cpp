#include "store/schema.h"

#include <string>
#include <vector>

namespace sa::schema {
namespace {

const std::vector<std::string>& steps() {
    static const std::vector<std::string> kSteps = {
        // 1: intake, declarations, outbox.
        R"SQL(
CREATE TABLE intake_files (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    size          INTEGER NOT NULL,
    encoding      TEXT NOT NULL DEFAULT '',
    received_at   INTEGER NOT NULL,
    records_done  INTEGER NOT NULL DEFAULT 0,
    complete      INTEGER NOT NULL DEFAULT 0,
    error         TEXT NOT NULL DEFAULT '',
    stored_as     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE declarations (
    id                    INTEGER PRIMARY KEY,
    declaration_id        TEXT NOT NULL UNIQUE,
    user_number           TEXT NOT NULL,
    tier                  TEXT NOT NULL CHECK (tier IN ('one_star', 'two_star')),
    entity_type           TEXT NOT NULL CHECK (entity_type IN ('corporation', 'sole_proprietor')),
    corporate_number      TEXT NOT NULL DEFAULT '',
    business_name         TEXT NOT NULL DEFAULT '',
    trade_name            TEXT NOT NULL DEFAULT '',
    representative_name   TEXT NOT NULL DEFAULT '',
    prefecture            TEXT NOT NULL,
    address               TEXT NOT NULL DEFAULT '',
    phone                 TEXT NOT NULL DEFAULT '',
    employees             INTEGER,
    industry              TEXT NOT NULL DEFAULT '',
    contact_name          TEXT NOT NULL,
    contact_department    TEXT NOT NULL DEFAULT '',
    contact_email         TEXT NOT NULL,
    contact_phone         TEXT NOT NULL DEFAULT '',
    application_id        TEXT NOT NULL,
    submitted_at          TEXT NOT NULL,
    self_assessment_done  INTEGER NOT NULL DEFAULT 0,
    basic_policy_published INTEGER NOT NULL DEFAULT 0,
    identity_key          TEXT NOT NULL,
    name_key              TEXT NOT NULL,
    state                 TEXT NOT NULL
                          CHECK (state IN ('issued', 'accepted', 'withdrawn', 'superseded')),
    issued_at             INTEGER NOT NULL,
    accepted_at           INTEGER,
    withdrawn_at          INTEGER,
    withdraw_reason       TEXT NOT NULL DEFAULT '',
    superseded_by         INTEGER REFERENCES declarations(id),
    contact_undeliverable INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX declarations_live_identity ON declarations(identity_key)
    WHERE state IN ('issued', 'accepted');
CREATE INDEX declarations_corporate_number ON declarations(corporate_number);
CREATE INDEX declarations_user_number ON declarations(user_number);
CREATE INDEX declarations_contact_email ON declarations(contact_email);
CREATE INDEX declarations_state_issued ON declarations(state, issued_at);

-- Every number ever issued, of both kinds, so that none is ever issued twice.
CREATE TABLE issued_numbers (
    number     TEXT PRIMARY KEY,
    issued_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE intake_records (
    id              INTEGER PRIMARY KEY,
    file_id         INTEGER NOT NULL REFERENCES intake_files(id),
    record_no       INTEGER NOT NULL,
    line            INTEGER NOT NULL,
    application_id  TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL CHECK (outcome IN ('issued', 'duplicate', 'rejected')),
    errors          TEXT NOT NULL DEFAULT '[]',
    note            TEXT NOT NULL DEFAULT '',
    declaration_id  INTEGER REFERENCES declarations(id),
    fingerprint     TEXT NOT NULL DEFAULT '',
    raw             BLOB NOT NULL,
    recorded_at     INTEGER NOT NULL,
    UNIQUE (file_id, record_no)
);
CREATE INDEX intake_records_application ON intake_records(application_id)
    WHERE outcome <> 'rejected';
CREATE INDEX intake_records_outcome ON intake_records(outcome, id);

CREATE TABLE declaration_flags (
    id              INTEGER PRIMARY KEY,
    declaration_id  INTEGER NOT NULL REFERENCES declarations(id),
    kind            TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    opened_at       INTEGER NOT NULL,
    closed_at       INTEGER
);
CREATE INDEX declaration_flags_open ON declaration_flags(declaration_id) WHERE closed_at IS NULL;

CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    message_id       TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    declaration_id   INTEGER REFERENCES declarations(id),
    inbound_id       INTEGER,
    resend_of        INTEGER REFERENCES outbox(id),
    recipient        TEXT NOT NULL,
    envelope_from    TEXT NOT NULL,
    subject          TEXT NOT NULL,
    bytes            BLOB NOT NULL,
    state            TEXT NOT NULL
                     CHECK (state IN ('queued', 'sent', 'deferred', 'failed', 'unknown')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    last_attempt_at  INTEGER,
    sent_at          INTEGER,
    last_error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE state IN ('queued', 'deferred');
CREATE INDEX outbox_declaration ON outbox(declaration_id);
CREATE INDEX outbox_state ON outbox(state);
)SQL",
        // 2: the inbound mailbox.
        R"SQL(
CREATE TABLE inbox_state (
    mailbox      TEXT PRIMARY KEY,
    uidvalidity  INTEGER NOT NULL,
    changed_at   INTEGER NOT NULL
);

-- Every message read from the mailbox, raw, with the decision taken on it and why.
CREATE TABLE inbound_messages (
    id               INTEGER PRIMARY KEY,
    mailbox          TEXT NOT NULL,
    uidvalidity      INTEGER NOT NULL,
    uid              INTEGER NOT NULL,
    sha256           TEXT NOT NULL,
    size             INTEGER NOT NULL,
    raw              BLOB NOT NULL,
    raw_complete     INTEGER NOT NULL,
    message_id       TEXT NOT NULL DEFAULT '',
    sender           TEXT NOT NULL DEFAULT '',
    subject          TEXT NOT NULL DEFAULT '',
    received_at      INTEGER NOT NULL,
    intent           TEXT NOT NULL,
    fields           TEXT NOT NULL DEFAULT '{}',
    outcome          TEXT NOT NULL CHECK (outcome IN ('answered', 'needs_person', 'ignored')),
    reasons          TEXT NOT NULL DEFAULT '[]',
    declaration_id   INTEGER REFERENCES declarations(id),
    bounced_mail_id  INTEGER REFERENCES outbox(id),
    folder           TEXT NOT NULL,
    moved_at         INTEGER,
    resolved_at      INTEGER,
    resolution       TEXT NOT NULL DEFAULT '',
    UNIQUE (mailbox, uidvalidity, uid)
);
CREATE INDEX inbound_sha256 ON inbound_messages(sha256);
CREATE INDEX inbound_waiting ON inbound_messages(received_at) WHERE outcome = 'needs_person' AND resolved_at IS NULL;
CREATE INDEX outbox_message_id ON outbox(message_id);
CREATE INDEX outbox_inbound ON outbox(inbound_id);

-- Automatic answers per key (a sender, a business) per day, for the caps.
CREATE TABLE answer_counts (
    key    TEXT NOT NULL,
    day    TEXT NOT NULL,
    count  INTEGER NOT NULL,
    PRIMARY KEY (key, day)
) WITHOUT ROWID;
)SQL",
        // 3: staff actions and the public search.
        R"SQL(
-- What staff did, by whom: accept, withdraw, resend, reveal.
CREATE TABLE staff_actions (
    id              INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    declaration_id  INTEGER REFERENCES declarations(id),
    detail          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_actions_declaration ON staff_actions(declaration_id);
CREATE INDEX declarations_accepted_name ON declarations(name_key) WHERE state = 'accepted';
CREATE INDEX declarations_identity ON declarations(identity_key);
CREATE INDEX inbound_outcome ON inbound_messages(intent, outcome);
)SQL",
        // 4: a mail's bytes in a table of their own, so that recording an attempt rewrites a
        // small row, not the message; the index by state served only occasional counts.
        R"SQL(
CREATE TABLE outbox_bytes (
    id     INTEGER PRIMARY KEY REFERENCES outbox(id),
    bytes  BLOB NOT NULL
);
INSERT INTO outbox_bytes (id, bytes) SELECT id, bytes FROM outbox;
ALTER TABLE outbox DROP COLUMN bytes;
DROP INDEX outbox_state;
)SQL",
        // 5: the public search by name: the character bigrams of every accepted declaration's
        // name key, so that a partial name narrows the search before LIKE confirms it.
        R"SQL(
CREATE TABLE search_grams (
    gram            TEXT NOT NULL,
    declaration_id  INTEGER NOT NULL REFERENCES declarations(id),
    PRIMARY KEY (gram, declaration_id)
) WITHOUT ROWID;
CREATE INDEX search_grams_declaration ON search_grams(declaration_id);
-- substr() and length() count characters, as the store's own bigrams do.
WITH RECURSIVE g(id, key, i) AS (
    SELECT id, name_key, 1 FROM declarations WHERE state = 'accepted' AND length(name_key) >= 2
    UNION ALL
    SELECT id, key, i + 1 FROM g WHERE i + 1 < length(key)
)
INSERT OR IGNORE INTO search_grams (gram, declaration_id) SELECT substr(key, i, 2), id FROM g;
)SQL",
        // 6: how many declarations each bigram indexes, so that a search starts from the
        // rarest of its bigrams (and knows at once that a bigram nobody has finds nothing).
        R"SQL(
CREATE TABLE search_gram_counts (
    gram  TEXT PRIMARY KEY,
    n     INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO search_gram_counts (gram, n) SELECT gram, COUNT(*) FROM search_grams GROUP BY gram;
)SQL",
        // 7: a mail is marked as being handed over, in the commit before its body goes out, so
        // that a run which ends before recording the outcome leaves a trace the next run sees.
        R"SQL(
ALTER TABLE outbox ADD COLUMN attempt_started_at INTEGER;
ALTER TABLE outbox ADD COLUMN unrecorded_attempts INTEGER NOT NULL DEFAULT 0;
)SQL",
        // 8: why an intake file is read in its encoding (a byte-order mark, a census of its
        // bytes), for the job's output and the report.
        R"SQL(
ALTER TABLE intake_files ADD COLUMN encoding_evidence TEXT NOT NULL DEFAULT '';
)SQL",
        // 9: a flag is closed by a clerk, with a note; staff list the open ones, oldest first.
        R"SQL(
ALTER TABLE declaration_flags ADD COLUMN closed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE declaration_flags ADD COLUMN closed_note TEXT NOT NULL DEFAULT '';
CREATE INDEX declaration_flags_open_since ON declaration_flags(opened_at, id)
    WHERE closed_at IS NULL;
)SQL",
    };
    return kSteps;
}

int user_version(sqlite::Database& db) {
    auto& st = db.cached("PRAGMA user_version");
    st.step();
    int v = static_cast<int>(st.int64(0));
    st.reset();
    return v;
}

}  // namespace

int current_version() {
    return static_cast<int>(steps().size());
}

int version(sqlite::Database& db) {
    return user_version(db);
}

void migrate(sqlite::Database& db) {
    int version = user_version(db);
    if (version > current_version()) {
        throw Error(Status::Code::kConfig, "the database is at schema version " +
                                               std::to_string(version) +
                                               ", newer than this release understands (" +
                                               std::to_string(current_version()) + ")");
    }
    for (int v = version; v < current_version(); ++v) {
        db.exec("BEGIN IMMEDIATE");
        try {
            // Another process may have migrated while we waited for the lock.
            if (user_version(db) == v) {
                db.exec(steps()[static_cast<std::size_t>(v)]);
                db.exec("PRAGMA user_version = " + std::to_string(v + 1));
            }
            db.exec("COMMIT");
        } catch (...) {
            db.exec("ROLLBACK");
            throw;
        }
    }
}

}  // namespace sa::schema
