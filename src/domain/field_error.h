// What is wrong with one field of a record: found by the intake's reader and rules, kept by
// the store with the rejected record, shown to staff and by check-intake.
#pragma once

#include <string>

namespace sa {

struct FieldError {
    std::string field;  // a column name, or "_record" for the record as a whole
    std::string message;
};

}  // namespace sa
