// Golden files: compares `actual` with tests/data/<name>; SA_UPDATE_GOLDEN=1 rewrites the file
// instead (review the diff before committing it).
#pragma once

#include <string>

namespace sa::test {

// Returns the expected text (after rewriting it when asked).
std::string golden(const std::string& name, const std::string& actual);

}  // namespace sa::test
