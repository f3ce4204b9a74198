// A thin RAII layer over the sqlite3 C API. SQLite result codes become sa::StoreError here
// and nowhere else; every value goes in through a bound parameter.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sa::sqlite {

// Thrown inside a transaction body; Store::transact turns it into a Status.
class StoreError : public std::runtime_error {
  public:
    StoreError(Status::Code code, const std::string& message)
        : std::runtime_error(message), code_(code) {}
    Status::Code code() const { return code_; }

  private:
    Status::Code code_;
};

// Throws StoreError for any result code other than SQLITE_OK / ROW / DONE.
void check(int rc, sqlite3* db, const std::string& context);

class Statement {
  public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() { sqlite3_finalize(stmt_); }

    // Clears bindings and state so the statement can run again.
    Statement& reset();
    Statement& bind(int index, std::int64_t v);
    Statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
    Statement& bind(int index, bool v) { return bind(index, static_cast<std::int64_t>(v)); }
    Statement& bind(int index, const std::string& v);
    Statement& bind(int index, const char* v) { return bind(index, std::string(v)); }
    Statement& bind_blob(int index, std::string_view v);
    Statement& bind_null(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& v) {
        return v ? bind(index, *v) : bind_null(index);
    }

    // True while a row is available.
    bool step();
    // Runs a statement that returns no rows.
    void run() {
        while (step()) {
        }
    }

    bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
    std::string text(int col) const;
    std::optional<std::int64_t> opt_int64(int col) const {
        if (is_null(col)) return std::nullopt;
        return int64(col);
    }

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_;
};

// One connection. Not thread-safe: one thread at a time (the send job records outcomes on a
// second thread, never while the first uses the connection); one per process.
class Database {
  public:
    // Opens (creating when missing) with WAL, foreign keys and a busy timeout.
    static std::unique_ptr<Database> open(const std::string& path, int busy_timeout_ms);
    // Opens an existing database to read, changing nothing in it (no journal mode set).
    static std::unique_ptr<Database> open_to_read(const std::string& path, int busy_timeout_ms);
    // Opens an existing database as a file nobody changes (SQLite's immutable=1): no lock, no
    // WAL index, so it opens where neither can be made (a read-only copy, a directory one
    // cannot write). Sound only while no one writes the file.
    static std::unique_ptr<Database> open_immutable(const std::string& path);
    // A private in-memory database holding a copy of `source`'s main database.
    static std::unique_ptr<Database> copy_in_memory(Database& source);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    void exec(const std::string& sql);
    // A prepared statement kept for the connection's lifetime and reset before reuse.
    Statement& cached(const std::string& sql);
    std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
    int changes() const { return sqlite3_changes(db_); }
    sqlite3* handle() const { return db_; }

  private:
    explicit Database(sqlite3* db) : db_(db) {}
    sqlite3* db_;
    std::map<std::string, std::unique_ptr<Statement>> cache_;
};

}  // namespace sa::sqlite
