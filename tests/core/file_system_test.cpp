#include <catch2/catch.hpp>

#include "core/file_system.h"

#include <sys/stat.h>

#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace fs = sa::fs;
using sa::Status;
using sa::test::TempDir;

TEST_CASE("write_file_atomic writes the content with the mode", "[core][fs]") {
    TempDir dir;
    std::string path = dir.file("out.txt");
    std::string data("line one\nzwei\0drei", 18);  // binary-safe, with a NUL
    REQUIRE(fs::write_file_atomic(path, data, 0600));
    CHECK(sa::test::read_file(path) == data);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    // No temp file is left beside it.
    auto names = fs::list_dir(dir.path());
    REQUIRE(names.is_ok());
    CHECK(*names == std::vector<std::string>{"out.txt"});
}

TEST_CASE("write_file_atomic replaces an existing file", "[core][fs]") {
    TempDir dir;
    std::string path = dir.file("state.json");
    sa::test::write_file(path, "old contents that are longer than the new ones");
    REQUIRE(fs::write_file_atomic(path, "new"));
    CHECK(sa::test::read_file(path) == "new");
    REQUIRE(fs::write_file_atomic(path, ""));
    CHECK(sa::test::read_file(path).empty());
    auto names = fs::list_dir(dir.path());
    REQUIRE(names.is_ok());
    CHECK(names->size() == 1);
}

TEST_CASE("write_file_atomic into a missing directory fails", "[core][fs]") {
    TempDir dir;
    Status s = fs::write_file_atomic(dir.file("no/such/dir/file"), "x");
    CHECK_FALSE(s.is_ok());
    CHECK(s.code() == Status::Code::kNotFound);
}

TEST_CASE("rename_durable moves a file, also across directories", "[core][fs]") {
    TempDir dir;
    sa::test::write_file(dir.file("a/one"), "payload");
    REQUIRE(fs::make_dirs(dir.file("b")));
    REQUIRE(fs::rename_durable(dir.file("a/one"), dir.file("b/two")));
    CHECK(sa::test::read_file(dir.file("b/two")) == "payload");
    auto gone = fs::stat_path(dir.file("a/one"));
    REQUIRE_FALSE(gone.is_ok());
    CHECK(gone.status().code() == Status::Code::kNotFound);

    // Same directory.
    REQUIRE(fs::rename_durable(dir.file("b/two"), dir.file("b/three")));
    CHECK(sa::test::read_file(dir.file("b/three")) == "payload");

    // A missing source is reported, naming it.
    Status s = fs::rename_durable(dir.file("b/missing"), dir.file("b/x"));
    CHECK(s.code() == Status::Code::kNotFound);
    CHECK(s.message().find("missing") != std::string::npos);
}

TEST_CASE("make_dirs creates every level and is idempotent", "[core][fs]") {
    TempDir dir;
    std::string deep = dir.file("x/y/z");
    REQUIRE(fs::make_dirs(deep));
    auto info = fs::stat_path(deep);
    REQUIRE(info.is_ok());
    CHECK(info->is_directory);
    CHECK_FALSE(info->is_regular);
    REQUIRE(fs::make_dirs(deep));                // again: fine
    REQUIRE(fs::make_dirs(dir.file("x/y/z/")));  // trailing slash: fine
    CHECK(fs::make_dirs("").is_ok());

    // A regular file in the way is an error.
    sa::test::write_file(dir.file("file"), "x");
    CHECK_FALSE(fs::make_dirs(dir.file("file")).is_ok());
    CHECK_FALSE(fs::make_dirs(dir.file("file/sub")).is_ok());
}

TEST_CASE("list_dir returns the names sorted without . and ..", "[core][fs]") {
    TempDir dir;
    for (const char* name : {"zeta", "alpha", "Beta", "10", "2", ".hidden"}) {
        sa::test::write_file(dir.file(name), name);
    }
    REQUIRE(fs::make_dirs(dir.file("middle")));
    auto names = fs::list_dir(dir.path());
    REQUIRE(names.is_ok());
    CHECK(*names ==
          std::vector<std::string>{".hidden", "10", "2", "Beta", "alpha", "middle", "zeta"});

    auto empty = fs::list_dir(dir.file("middle"));
    REQUIRE(empty.is_ok());
    CHECK(empty->empty());

    auto missing = fs::list_dir(dir.file("nope"));
    REQUIRE_FALSE(missing.is_ok());
    CHECK(missing.status().code() == Status::Code::kNotFound);
}

TEST_CASE("stat_path reports size, kind and not-found", "[core][fs]") {
    TempDir dir;
    sa::test::write_file(dir.file("f"), "12345");
    auto info = fs::stat_path(dir.file("f"));
    REQUIRE(info.is_ok());
    CHECK(info->is_regular);
    CHECK_FALSE(info->is_directory);
    CHECK(info->size == 5);
    CHECK(info->mtime > 1600000000);

    auto missing = fs::stat_path(dir.file("nope"));
    REQUIRE_FALSE(missing.is_ok());
    CHECK(missing.status().code() == Status::Code::kNotFound);
    CHECK(missing.status().message().find("nope") != std::string::npos);
    // A path through a regular file is "not found" too (ENOTDIR).
    CHECK(fs::stat_path(dir.file("f/below")).status().code() == Status::Code::kNotFound);
}

TEST_CASE("read_file honours max_bytes", "[core][fs]") {
    TempDir dir;
    std::string big(200000, 'q');  // more than one internal buffer
    big[123456] = '!';
    sa::test::write_file(dir.file("big"), big);

    auto whole = fs::read_file(dir.file("big"), big.size());
    REQUIRE(whole.is_ok());
    CHECK(*whole == big);

    auto too_big = fs::read_file(dir.file("big"), big.size() - 1);
    REQUIRE_FALSE(too_big.is_ok());
    CHECK(too_big.status().code() == Status::Code::kInvalid);

    sa::test::write_file(dir.file("small"), "abc");
    CHECK_FALSE(fs::read_file(dir.file("small"), 2).is_ok());
    CHECK(*fs::read_file(dir.file("small"), 3) == "abc");
    sa::test::write_file(dir.file("empty"), "");
    CHECK(fs::read_file(dir.file("empty"), 0).is_ok());
    CHECK(fs::read_file(dir.file("nope"), 10).status().code() == Status::Code::kNotFound);
}

TEST_CASE("InputFile reads, rewinds and moves", "[core][fs]") {
    TempDir dir;
    sa::test::write_file(dir.file("in"), "hello world");
    auto opened = fs::InputFile::open(dir.file("in"));
    REQUIRE(opened.is_ok());
    fs::InputFile file = std::move(*opened);
    CHECK(file.path() == dir.file("in"));

    char buf[6] = {};
    auto n = file.read(buf, 5);
    REQUIRE(n.is_ok());
    CHECK(*n == 5);
    CHECK(std::string(buf, 5) == "hello");

    fs::InputFile moved(std::move(file));  // the fd goes with the move
    std::string rest;
    for (;;) {
        auto m = moved.read(buf, sizeof buf);
        REQUIRE(m.is_ok());
        if (*m == 0) break;
        rest.append(buf, *m);
    }
    CHECK(rest == " world");

    REQUIRE(moved.rewind());
    auto again = moved.read(buf, 5);
    REQUIRE(again.is_ok());
    CHECK(std::string(buf, *again) == "hello");

    auto missing = fs::InputFile::open(dir.file("nope"));
    REQUIRE_FALSE(missing.is_ok());
    CHECK(missing.status().code() == Status::Code::kNotFound);
}

TEST_CASE("join, dirname, basename", "[core][fs]") {
    CHECK(fs::join("a", "b") == "a/b");
    CHECK(fs::join("a/", "b") == "a/b");
    CHECK(fs::join("", "b") == "b");
    CHECK(fs::dirname("/var/spool/x.csv") == "/var/spool");
    CHECK(fs::dirname("x.csv") == ".");
    CHECK(fs::dirname("/x.csv") == "/");
    CHECK(fs::basename("/var/spool/x.csv") == "x.csv");
    CHECK(fs::basename("x.csv") == "x.csv");
}
