// check-intake and intake on files a clerk would really get: a stray quote, a stray byte in
// a UTF-8 export, application_ids reused within one file. Run against the built binary.
#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <functional>
#include <sstream>

#include "support/cli_env.h"
#include "support/temp_dir.h"

using namespace sa;

namespace {

std::vector<Poco::JSON::Object::Ptr> json_lines(const std::string& out) {
    std::vector<Poco::JSON::Object::Ptr> objects;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        Poco::JSON::Parser parser;
        objects.push_back(parser.parse(line).extract<Poco::JSON::Object::Ptr>());
    }
    return objects;
}

// An export of `n` sole proprietors with unquoted fields. `edit` may change a record's line.
std::string export_of(int n, const std::function<void(int, std::string&)>& edit = nullptr) {
    std::string csv =
        "application_id,submitted_at,tier,entity_type,trade_name,representative_name,prefecture,"
        "contact_name,contact_email,pledge_five_principles\r\n";
    for (int i = 1; i <= n; ++i) {
        const std::string k = std::to_string(i);
        std::string line = "C-" + k + ",2026-11-20T10:00:00+09:00,one_star,sole_proprietor,商店" +
                           k + ",代表 " + k + ",北海道,担当 " + k + ",c" + k + "@shop.example,はい";
        if (edit) edit(i, line);
        csv += line + "\r\n";
    }
    return csv;
}

test::ProcessResult check_intake(const test::TempDir& dir, const std::string& name,
                                 const std::string& content, bool json) {
    test::write_file(dir.file(name), content);
    std::vector<std::string> argv = {test::sa_batch_bin(), "check-intake", dir.file(name)};
    if (json) argv.push_back("--json");
    return test::run_process(argv, dir.path());
}

// `sa-batch intake` on `content` dropped into `env`'s spool as `name`; it must succeed.
test::ProcessResult intake(const test::CliEnv& env, const std::string& name,
                           const std::string& content) {
    env.drop(name, content);
    auto r = env.run({"intake"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    return r;
}

}  // namespace

TEST_CASE("check-intake: a stray quote in record 5 of 2,000 costs that record alone",
          "[cli][intake]") {
    test::TempDir dir;
    const std::string csv = export_of(2000, [](int i, std::string& line) {
        if (i == 5) line.replace(line.find("商店5"), 0, "\"");
    });
    auto text = check_intake(dir, "stray.csv", csv, false);
    INFO(text.out << text.err);
    CHECK(text.exit_code == 65);
    CHECK_THAT(text.out, Catch::Contains("2000 record(s), 1999 valid, 1 rejected"));
    CHECK_THAT(text.out, Catch::Contains("2001 lines = 1 header or blank + 2000 in records"));
    CHECK_THAT(text.out, Catch::Contains("record 5 (line 6, application_id C-5): rejected\n"
                                         "  レコード全体: 引用符(\")が"));

    auto json = check_intake(dir, "stray.csv", csv, true);
    auto objects = json_lines(json.out);
    REQUIRE(objects.size() == 2000);
    for (std::size_t i = 0; i < objects.size(); ++i) {
        INFO("record " << i + 1);
        CHECK(objects[i]->getValue<std::string>("application_id") == "C-" + std::to_string(i + 1));
        CHECK(objects[i]->getValue<bool>("ok") == (i != 4));
    }
}

TEST_CASE("check-intake --json rejects application_ids reused within the file, as intake does",
          "[cli][intake]") {
    test::TempDir dir;
    // Records 101–120 reuse the application_ids of records 1–20 for other applications; record
    // 121 is record 1 exported again, the same application.
    std::string csv = export_of(120, [](int i, std::string& line) {
        if (i > 100) line.replace(0, line.find(','), "C-" + std::to_string(i - 100));
    });
    csv += export_of(1).substr(export_of(0).size());
    auto r = check_intake(dir, "reused.csv", csv, true);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 65);
    auto objects = json_lines(r.out);
    REQUIRE(objects.size() == 121);
    for (std::size_t i = 0; i < 100; ++i) CHECK(objects[i]->getValue<bool>("ok"));
    for (std::size_t i = 100; i < 120; ++i) {
        INFO("record " << i + 1);
        REQUIRE_FALSE(objects[i]->getValue<bool>("ok"));
        auto errors = objects[i]->getArray("errors");
        REQUIRE(errors->size() == 1);
        CHECK(errors->getObject(0)->getValue<std::string>("field") == "application_id");
        CHECK(errors->getObject(0)->getValue<std::string>("message") ==
              "別のお申込みですでに使われています(このファイルの" + std::to_string(i - 99) +
                  "件目)");
    }
    CHECK(objects[120]->getValue<bool>("ok"));
    CHECK(objects[120]->getValue<std::string>("note") ==
          "the same application as record 1: one record");

    // intake decides the same, record by record.
    test::CliEnv env;
    CHECK_THAT(intake(env, "reused.csv", csv).out,
               Catch::Contains("100 issued (0 upgrades), 1 duplicate, 20 rejected"));
    CHECK(env.count("SELECT COUNT(*) FROM intake_records WHERE outcome = 'rejected' AND "
                    "record_no > 100 AND record_no <= 120") == 20);
}

TEST_CASE("a stray byte in a UTF-8 export: the file is read as UTF-8, and the output says why",
          "[cli][intake]") {
    const std::string csv = export_of(1000, [](int i, std::string& line) {
        if (i == 500) line.replace(line.find("商店500") + std::string("商店500").size(), 0, "\xFF");
    });
    test::TempDir dir;
    auto check = check_intake(dir, "stray-byte.csv", csv, false);
    INFO(check.out << check.err);
    CHECK(check.exit_code == 65);
    CHECK_THAT(check.out, Catch::Contains("1000 record(s), 999 valid, 1 rejected; CSV, UTF-8 "
                                          "(mostly UTF-8: "));
    CHECK_THAT(check.out, Catch::Contains("record 500 (line 501, application_id C-500): rejected\n"
                                          "  屋号 (trade_name) 「商店500\xEF\xBF\xBD」: "
                                          "UTF-8として正しい文字ではありません"));

    test::CliEnv env;
    const std::string out = intake(env, "stray-byte.csv", csv).out;
    CHECK_THAT(out, Catch::Contains("999 issued (0 upgrades), 0 duplicate, 1 rejected"));
    CHECK_THAT(out, Catch::Contains("file 'stray-byte.csv': CSV, UTF-8 (mostly UTF-8: "));
    CHECK_THAT(out, Catch::Contains("1 byte that is not UTF-8, the first on line 501"));
    CHECK_THAT(test::read_file(env.dir.file("log/sa-batch.log")),
               Catch::Contains("file 'stray-byte.csv': CSV, UTF-8 (mostly UTF-8: "));

    auto report = env.run({"report"});
    INFO(report.out << report.err);
    CHECK(report.exit_code == 0);
    CHECK_THAT(report.out, Catch::Contains("intake files:   stray-byte.csv ("));
    CHECK_THAT(report.out, Catch::Contains("): 1000 record(s), read as UTF-8: mostly UTF-8: "));
    auto page = env.run({"report", "--html", env.dir.file("report.html")});
    CHECK(page.exit_code == 0);
    CHECK_THAT(
        test::read_file(env.dir.file("report.html")),
        Catch::Contains("stray-byte.csv</td><td class=\"n\">1000</td><td>UTF-8(ほぼUTF-8: "));
}

TEST_CASE(
    "check-intake shows a clerk each rejected record's fields by their Japanese names, "
    "with the values given",
    "[cli][intake]") {
    test::TempDir dir;
    // The bundled sample: record 4 has a mistyped 法人番号 and a domain without a dot, record
    // 5 applies for 二つ星 without a published basic policy. Record 7 has an address on two
    // lines, record 8 a name longer than any allowed.
    std::string csv = test::read_file(test::source_dir() + "/config/sample/applications.csv");
    csv +=
        "SA-2026-000107,2026-11-20T16:00:00+09:00,one_star,corporation,7000012050002,"
        "株式会社山田製作所,,,東京,\"東京都千代田区\n丸の内1-1-1\",,,,田中 一郎,,"
        "tanaka@yamada-seisakusho.example,,はい,,\n";
    csv += "SA-2026-000108,2026-11-20T16:10:00+09:00,one_star,corporation,1180301018771," +
           std::string(120, 'X') + ",,,大阪,,,,,佐藤 花子,,sato@sakura-design.example,,はい,,\n";
    auto r = check_intake(dir, "applications.csv", csv, false);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 65);
    CHECK_THAT(r.out,
               Catch::Contains("record 4 (line 5, application_id SA-2026-000104): "
                               "rejected\n  法人番号 (corporate_number) 「7000012050003」: "));
    CHECK_THAT(r.out, Catch::Contains("\n  担当者メールアドレス (contact_email) "
                                      "「takahashi@example」: "));
    CHECK_THAT(r.out, Catch::Contains("record 5 (line 6, application_id SA-2026-000105): "
                                      "rejected\n  基本方針の策定・公開 (basic_policy_published) "
                                      "「false」: "));
    // A line break in a value is shown, not obeyed; a long value is cut.
    CHECK_THAT(r.out, Catch::Contains("\n  所在地 (address) 「東京都千代田区\\n丸の内1-1-1」: "));
    CHECK_THAT(r.out,
               Catch::Contains("\n  事業者名 (business_name) 「" + std::string(40, 'X') + "…」: "));
    CHECK_THAT(r.out, Catch::Contains("record 1 (line 2, application_id SA-2026-000101): ok\n"));
    // No line names a field by its column name alone.
    for (const char* column :
         {"): corporate_number:", "): contact_email:", "): basic_policy_published:",
          "\ncorporate_number", "\n  corporate_number"}) {
        INFO(column);
        CHECK(r.out.find(column) == std::string::npos);
    }
}
