// Staff read a database they cannot write: lookup, report, search and queue run as an
// unprivileged user (nobody, through runuser) on a read-only copy in a read-only directory,
// with a log they may not write. They change nothing and create nothing; what would write
// (lookup --reveal records who saw the 利用者番号) fails before showing anything.
#include <catch2/catch.hpp>

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/cli_env.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

using namespace sa;

namespace {

std::string sha256_of(const std::string& path) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(test::read_file(path));
    return Poco::DigestEngine::digestToHex(sha.digest());
}

}  // namespace

TEST_CASE("staff read a read-only copy of the database as an unprivileged user", "[cli][staff]") {
    // The register: one declaration accepted (in the public search), one issued.
    test::CliEnv env;
    Application corp = test::corporation_application("RO-1");
    Application sole = test::sole_proprietor_application("RO-2");
    env.drop("a.csv", test::csv_header() + test::csv_line(corp) + test::csv_line(sole));
    REQUIRE(env.run({"intake"}).exit_code == 0);
    const std::string decl =
        env.text("SELECT declaration_id FROM declarations WHERE corporate_number <> ''");
    const std::string user =
        env.text("SELECT user_number FROM declarations WHERE corporate_number <> ''");
    REQUIRE(env.run({"accept", decl}).exit_code == 0);

    // The copy: root's, read-only, in a directory nobody may write; the log likewise.
    test::TempDir copy;
    REQUIRE(::chmod(copy.path().c_str(), 0755) == 0);
    const std::string ro = copy.file("ro"), db = copy.file("ro/sa.db");
    test::write_file(db, test::read_file(env.db_path));  // closed and checkpointed
    test::write_file(copy.file("log/.keep"), "");
    test::write_file(copy.file("sa-batch.ini"),
                     "[database]\npath = " + db + "\n[mail]\ntemplates = " + test::source_dir() +
                         "/mail_templates\n[log]\nfile = " + copy.file("log/sa-batch.log") + "\n");
    REQUIRE(::chmod(db.c_str(), 0444) == 0);
    REQUIRE(::chmod(ro.c_str(), 0555) == 0);
    REQUIRE(::chmod(copy.file("log").c_str(), 0755) == 0);
    REQUIRE(::chmod(copy.file("sa-batch.ini").c_str(), 0644) == 0);
    const std::string before = sha256_of(db);

    auto as_nobody = [&](std::vector<std::string> args) {
        std::vector<std::string> argv = {"runuser", "-u", "nobody", "--", test::sa_batch_bin()};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.push_back("--config");
        argv.push_back(copy.file("sa-batch.ini"));
        return test::run_process(argv, "/");
    };
    auto who = as_nobody({"queue"});
    INFO(who.out << who.err);
    REQUIRE(who.exit_code != 126);  // runuser itself works (needs root)

    auto lookup = as_nobody({"lookup", "--corporate-number", corp.corporate_number});
    INFO(lookup.out << lookup.err);
    CHECK(lookup.exit_code == 0);
    CHECK_THAT(lookup.out, Catch::Contains("declaration ID  " + decl));
    CHECK_THAT(lookup.out, Catch::Contains("state           accepted"));
    CHECK_THAT(lookup.out, !Catch::Contains(user));

    auto report = as_nobody({"report"});
    INFO(report.out << report.err);
    CHECK(report.exit_code == 0);
    CHECK_THAT(report.out, Catch::Contains("declarations:   issued 1, accepted 1"));
    CHECK_THAT(report.out, Catch::Contains("intake files:   a.csv"));

    auto search = as_nobody({"search", "--name", "山田"});
    INFO(search.out << search.err);
    CHECK(search.exit_code == 0);
    CHECK_THAT(search.out, Catch::Contains(decl));
    CHECK_THAT(search.out, Catch::Contains("1 declaration(s)"));

    CHECK(who.exit_code == 0);
    CHECK_THAT(who.out, Catch::Contains("nothing waits for a person"));

    // Revealing would have to record who saw the number: refused, and nothing shown.
    auto reveal = as_nobody({"lookup", "--id", decl, "--reveal"});
    INFO(reveal.out << reveal.err);
    CHECK(reveal.exit_code == 74);
    CHECK_THAT(reveal.out,
               Catch::Contains("--reveal shows the 利用者番号 only once it has recorded"));
    CHECK_THAT(reveal.out + reveal.err, !Catch::Contains(user));

    // Nothing changed, nothing was created beside the copy.
    CHECK(sha256_of(db) == before);
    CHECK(::access((db + "-wal").c_str(), F_OK) != 0);
    CHECK(::access((db + "-shm").c_str(), F_OK) != 0);
    ::chmod(ro.c_str(), 0755);  // for TempDir to remove it
}
