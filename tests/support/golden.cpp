#include "support/golden.h"

#include <cstdlib>

#include "support/process.h"
#include "support/temp_dir.h"

namespace sa::test {

std::string golden(const std::string& name, const std::string& actual) {
    const std::string path = source_dir() + "/tests/data/" + name;
    const char* update = std::getenv("SA_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") write_file(path, actual);
    return read_file(path);
}

}  // namespace sa::test
