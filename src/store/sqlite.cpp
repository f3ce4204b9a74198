#include "store/sqlite.h"

#include <cstdio>

namespace sa::sqlite {

void check(int rc, sqlite3* db, const std::string& context) {
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
    std::string message = context + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    switch (rc & 0xFF) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            throw StoreError(Status::Code::kBusy, message);
        case SQLITE_CONSTRAINT:
            throw StoreError(Status::Code::kInvalid, message);
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
        case SQLITE_FULL:
        case SQLITE_READONLY:
            throw StoreError(Status::Code::kIo, message);
        default:
            throw StoreError(Status::Code::kInternal, message);
    }
}

Statement& Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t v) {
    check(sqlite3_bind_int64(stmt_, index, v), db_, "bind");
    return *this;
}

Statement& Statement::bind(int index, const std::string& v) {
    check(sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT),
          db_, "bind");
    return *this;
}

Statement& Statement::bind_blob(int index, std::string_view v) {
    check(sqlite3_bind_blob(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT),
          db_, "bind");
    return *this;
}

Statement& Statement::bind_null(int index) {
    check(sqlite3_bind_null(stmt_, index), db_, "bind");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
    sqlite3_reset(stmt_);
    check(rc, db_, "SQL '" + sql.substr(0, 60) + "'");
    return false;
}

std::string Statement::text(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n))
             : std::string();
}

namespace {

sqlite3* open_handle(const std::string& path, int flags, int busy_timeout_ms) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = "cannot open database '" + path +
                              "': " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        throw StoreError(Status::Code::kIo, message);
    }
    sqlite3_busy_timeout(db, busy_timeout_ms);
    sqlite3_extended_result_codes(db, 1);
    return db;
}

}  // namespace

std::unique_ptr<Database> Database::open(const std::string& path, int busy_timeout_ms) {
    std::unique_ptr<Database> database(new Database(
        open_handle(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, busy_timeout_ms)));
    database->exec("PRAGMA journal_mode = WAL");
    // NORMAL in WAL mode survives any process crash; before a job makes an effect outside
    // the database depend on a commit (moving an intake file) it checkpoints.
    database->exec("PRAGMA synchronous = NORMAL");
    database->exec("PRAGMA foreign_keys = ON");
    return database;
}

std::unique_ptr<Database> Database::open_to_read(const std::string& path, int busy_timeout_ms) {
    return std::unique_ptr<Database>(
        new Database(open_handle(path, SQLITE_OPEN_READONLY, busy_timeout_ms)));
}

std::unique_ptr<Database> Database::open_immutable(const std::string& path) {
    // A URI: characters that mean something in one are escaped.
    std::string uri = "file:";
    for (unsigned char c : path) {
        if (c == '%' || c == '?' || c == '#' || c < 0x20) {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            uri += buf;
        } else {
            uri += static_cast<char>(c);
        }
    }
    return std::unique_ptr<Database>(
        new Database(open_handle(uri + "?immutable=1", SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, 0)));
}

std::unique_ptr<Database> Database::copy_in_memory(Database& source) {
    auto copy = open(":memory:", 0);
    sqlite3_backup* backup = sqlite3_backup_init(copy->db_, "main", source.db_, "main");
    if (!backup) check(sqlite3_errcode(copy->db_), copy->db_, "copying the database into memory");
    sqlite3_backup_step(backup, -1);
    check(sqlite3_backup_finish(backup), copy->db_, "copying the database into memory");
    return copy;
}

Database::~Database() {
    cache_.clear();
    sqlite3_close_v2(db_);
}

void Database::exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string message = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        check(rc, nullptr, "SQL '" + sql.substr(0, 60) + "': " + message);
    }
}

Statement& Database::cached(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second->reset();
    sqlite3_stmt* stmt = nullptr;
    check(sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr), db_,
          "prepare '" + sql.substr(0, 60) + "'");
    auto& slot = cache_[sql];
    slot = std::make_unique<Statement>(db_, stmt);
    return *slot;
}

}  // namespace sa::sqlite
