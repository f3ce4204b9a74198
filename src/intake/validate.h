// The intake rules of SPEC §2: one function that turns a raw record into a normalised
// Application or a list of field-level reasons, never both; and the rule for an
// application_id read twice. Pure: no I/O, no clock.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/declaration.h"
#include "intake/raw_record.h"

namespace sa::intake {

struct Validation {
    std::string application_id;              // as read (trimmed), even when the record is rejected
    std::optional<Application> application;  // set exactly when errors is empty
    std::vector<FieldError> errors;
    bool ok() const { return errors.empty(); }
};

// The reasons (FieldError::message) are in Japanese, for the clerks who read them; the field
// names stay the columns' names.
Validation validate(const RawRecord& record);

// The record `a` would have been read from: every column as text. Staff corrections change
// some columns of a registered application and validate() the result, so that a correction
// obeys exactly the rules intake applies.
RawRecord as_record(const Application& a);

// "1", "true", "yes", "はい" (any width or case) → true; "0", "false", "no", "いいえ" →
// false; anything else → empty.
std::optional<bool> parse_bool(const std::string& text);

// An address we are willing to send to: ASCII dot-atom local part, a domain of at least two
// labels. Returns it with the domain lower-cased, or an error message.
std::optional<std::string> normalize_email(const std::string& text, std::string& why);

// A digest of everything an application says, to tell an application exported again (the
// same application_id, the same fingerprint: one record) from a different one reusing its
// application_id (rejected).
std::string fingerprint(const Application& application);

// The reason a record is rejected for reusing the application_id of another application,
// read at `earlier` (record_place()).
FieldError reused_application_id(const std::string& earlier);

// Where a record was read, as the reasons say it: "ファイル「x.csv」の3件目", or with an empty
// `file` "このファイルの3件目".
std::string record_place(const std::string& file, std::size_t record_no);

// The column names the intake format fixes.
const std::vector<std::string>& known_columns();

// A field as staff read it: its Japanese name with the column's, "法人番号 (corporate_number)";
// "レコード全体" for "_record", the record as a whole; any other name as it is.
std::string field_label(const std::string& field);

}  // namespace sa::intake
