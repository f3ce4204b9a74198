// The SQLite schema and its migrations. A release that changes the schema appends a step;
// opening a database runs the steps it has not seen yet, each in one transaction, and
// PRAGMA user_version records how far it got.
#pragma once

#include "store/sqlite.h"

namespace sa::schema {

int current_version();

// The version `db` is at (0 for an empty database).
int version(sqlite::Database& db);

// Brings `db` to current_version(). Throws sa::Error (kConfig) for a database written by a
// newer release, StoreError when a step fails (the step is rolled back).
void migrate(sqlite::Database& db);

}  // namespace sa::schema
