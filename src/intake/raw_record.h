// One record as read from an intake file, before validation.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "domain/field_error.h"

namespace sa::intake {

struct RawRecord {
    std::size_t record_no = 0;  // 1-based position among the file's records
    std::size_t line = 0;       // line where the record starts
    std::size_t lines = 1;      // lines it takes (a quoted field may span some)
    std::string raw;  // the record's bytes as they stood in the file, cut only where an error
                      // says so
    std::map<std::string, std::string> fields;  // column → UTF-8 value
    std::vector<FieldError> errors;             // problems found while reading it
};

}  // namespace sa::intake
