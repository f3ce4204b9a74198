// Every input kept under tests/data/fuzz/<target>/ — seeds and the crashes fuzzing found —
// replayed through its target. A crash here is a regression.
#include <catch2/catch.hpp>

#include <filesystem>

#include "fuzz/targets.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

void replay(const std::string& target, void (*fn)(const std::uint8_t*, std::size_t)) {
    const std::string dir = sa::test::source_dir() + "/tests/data/fuzz/" + target;
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (!e.is_regular_file() || e.path().filename() == "README.md") continue;
        std::string bytes = sa::test::read_file(e.path().string());
        INFO(e.path().filename().string());
        fn(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        ++n;
    }
    CHECK(n > 0);
}

}  // namespace

TEST_CASE("fuzz inputs kept as regressions: inbound", "[fuzz]") {
    replay("inbound", sa::fuzz::inbound);
}
TEST_CASE("fuzz inputs kept as regressions: intake", "[fuzz]") {
    replay("intake", sa::fuzz::intake);
}
TEST_CASE("fuzz inputs kept as regressions: header", "[fuzz]") {
    replay("header", sa::fuzz::header);
}
TEST_CASE("fuzz inputs kept as regressions: imap", "[fuzz]") {
    replay("imap", sa::fuzz::imap);
}
