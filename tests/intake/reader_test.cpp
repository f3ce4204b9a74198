#include <catch2/catch.hpp>

#include "intake/reader.h"

#include <regex>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "text/charset.h"

using sa::intake::Encoding;
using sa::intake::Format;
using sa::intake::RawRecord;
using sa::intake::ReaderOptions;
using sa::test::TempDir;

namespace {

std::vector<RawRecord> read_all(const std::string& path, const ReaderOptions& options) {
    auto reader = sa::intake::open_reader(path, options);
    INFO(reader.status().message());
    REQUIRE(reader.is_ok());
    std::vector<RawRecord> records;
    for (;;) {
        RawRecord r;
        auto more = (*reader)->next(r);
        REQUIRE(more.is_ok());
        if (!*more) break;
        records.push_back(r);
        REQUIRE(records.size() < 1000);
    }
    return records;
}

std::vector<RawRecord> read_csv(const std::string& content, Encoding enc = Encoding::kUtf8,
                                std::size_t max_record_bytes = 65536) {
    TempDir dir;
    std::string path = dir.file("in.csv");
    sa::test::write_file(path, content);
    ReaderOptions options;
    options.format = Format::kCsv;
    options.encoding = enc;
    options.max_record_bytes = max_record_bytes;
    return read_all(path, options);
}

std::vector<RawRecord> read_jsonl(const std::string& content,
                                  std::size_t max_record_bytes = 65536) {
    TempDir dir;
    std::string path = dir.file("in.jsonl");
    sa::test::write_file(path, content);
    ReaderOptions options;
    options.format = Format::kJsonLines;
    options.max_record_bytes = max_record_bytes;
    return read_all(path, options);
}

sa::Status open_csv(const std::string& content) {
    TempDir dir;
    std::string path = dir.file("in.csv");
    sa::test::write_file(path, content);
    auto reader = sa::intake::open_reader(path, ReaderOptions{});
    return reader.is_ok() ? sa::Status::ok() : reader.status();
}

std::string field(const RawRecord& r, const std::string& name) {
    auto it = r.fields.find(name);
    return it == r.fields.end() ? "<absent>" : it->second;
}

std::string errors_of(const RawRecord& r) {
    std::string s;
    for (const auto& e : r.errors) s += e.field + ": " + e.message + "\n";
    return s;
}

const char* kHeader = "application_id,business_name,prefecture\n";

}  // namespace

TEST_CASE("format_for and parse_encoding", "[intake][reader]") {
    CHECK(sa::intake::format_for("2026-11-21.csv") == Format::kCsv);
    CHECK(sa::intake::format_for("EXPORT.CSV") == Format::kCsv);
    CHECK(sa::intake::format_for("a.jsonl") == Format::kJsonLines);
    CHECK(sa::intake::format_for("a.ndjson") == Format::kJsonLines);
    CHECK(sa::intake::format_for("a.JSON") == Format::kJsonLines);
    CHECK_FALSE(sa::intake::format_for("a.csv.part").has_value());
    CHECK_FALSE(sa::intake::format_for("a.txt").has_value());
    CHECK_FALSE(sa::intake::format_for("csv").has_value());
    CHECK_FALSE(sa::intake::format_for("").has_value());

    CHECK(sa::intake::parse_encoding("auto") == Encoding::kAuto);
    CHECK(sa::intake::parse_encoding("") == Encoding::kAuto);
    CHECK(sa::intake::parse_encoding("utf-8") == Encoding::kUtf8);
    CHECK(sa::intake::parse_encoding("UTF8") == Encoding::kUtf8);
    CHECK(sa::intake::parse_encoding("cp932") == Encoding::kCp932);
    CHECK(sa::intake::parse_encoding("Shift_JIS") == Encoding::kCp932);
    CHECK(sa::intake::parse_encoding("sjis") == Encoding::kCp932);
    CHECK(sa::intake::parse_encoding("Windows-31J") == Encoding::kCp932);
    CHECK_FALSE(sa::intake::parse_encoding("latin1").has_value());
    CHECK_FALSE(sa::intake::parse_encoding("euc-jp").has_value());
    CHECK(std::string(sa::intake::to_string(Encoding::kUtf8)) == "UTF-8");
    CHECK(std::string(sa::intake::to_string(Encoding::kCp932)) == "CP932");
    CHECK(std::string(sa::intake::to_string(Encoding::kAuto)) == "auto");
}

TEST_CASE("inspect_file: SHA-256, size and encoding", "[intake][reader]") {
    TempDir dir;
    SECTION("ASCII is UTF-8") {
        // sha256sum of the same bytes.
        sa::test::write_file(dir.file("a.csv"), "application_id,tier\nA-1,one_star\n");
        auto facts = sa::intake::inspect_file(dir.file("a.csv"));
        REQUIRE(facts.is_ok());
        CHECK(facts->sha256 == "1226799cfd6083f9657a13d0d489a9993647a4ad722722bd6c500c1192aa4461");
        CHECK(facts->size == 33);
        CHECK(facts->encoding == Encoding::kUtf8);
    }
    SECTION("an empty file") {
        sa::test::write_file(dir.file("e.csv"), "");
        auto facts = sa::intake::inspect_file(dir.file("e.csv"));
        REQUIRE(facts.is_ok());
        CHECK(facts->sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        CHECK(facts->size == 0);
    }
    SECTION("CP932 as Excel writes it") {
        // 'application_id,business_name\r\nA-1,株式会社テスト\r\n'.encode('cp932')
        const std::string bytes =
            "application_id,business_name\r\nA-1,\x8a\x94\x8e\xae\x89\xef\x8e\xd0\x83\x65\x83\x58"
            "\x83\x67\r\n";
        sa::test::write_file(dir.file("cp.csv"), bytes);
        auto facts = sa::intake::inspect_file(dir.file("cp.csv"));
        REQUIRE(facts.is_ok());
        CHECK(facts->sha256 == "c1bdca82996f8b44fba91f991ad58fbd89592238d6ac977c6d8d29b1c6feceeb");
        CHECK(facts->size == bytes.size());
        CHECK(facts->encoding == Encoding::kCp932);
    }
    SECTION("UTF-8 with BOM") {
        sa::test::write_file(dir.file("b.csv"),
                             "\xEF\xBB\xBF"
                             "application_id\nテスト\n");
        auto facts = sa::intake::inspect_file(dir.file("b.csv"));
        REQUIRE(facts.is_ok());
        CHECK(facts->encoding == Encoding::kUtf8);
    }
    SECTION("UTF-8 whose character straddles the read buffer") {
        std::string content(65535, 'a');
        content += "テスト\n";
        sa::test::write_file(dir.file("big.csv"), content);
        auto facts = sa::intake::inspect_file(dir.file("big.csv"));
        REQUIRE(facts.is_ok());
        CHECK(facts->encoding == Encoding::kUtf8);
        CHECK(facts->size == content.size());
    }
    SECTION("UTF-8 but for one stray byte is UTF-8, and says so") {
        std::string content = "application_id,business_name\n";
        for (int i = 1; i <= 1000; ++i) {
            content +=
                "A-" + std::to_string(i) + ",株式会社テスト" + (i == 517 ? "\xFF" : "") + "\n";
        }
        sa::test::write_file(dir.file("stray.csv"), content);
        auto facts = sa::intake::inspect_file(dir.file("stray.csv"));
        REQUIRE(facts.is_ok());
        CHECK(facts->encoding == Encoding::kUtf8);
        CHECK(facts->lines == 1001);
        CHECK(facts->encoding_evidence ==
              "mostly UTF-8: 7,000 multi-byte characters valid, 1 byte that is not UTF-8, the "
              "first on line 518: those records are rejected as invalid UTF-8");
    }
    SECTION("the evidence for each decision") {
        auto evidence = [&](const std::string& content) {
            sa::test::write_file(dir.file("e.csv"), content);
            auto facts = sa::intake::inspect_file(dir.file("e.csv"));
            REQUIRE(facts.is_ok());
            return std::make_pair(facts->encoding, facts->encoding_evidence);
        };
        CHECK(evidence("application_id\nA-1") ==
              std::make_pair(Encoding::kUtf8, std::string("ASCII only")));
        CHECK(evidence("application_id\nテスト\n") ==
              std::make_pair(Encoding::kUtf8,
                             std::string("valid UTF-8 throughout, 3 multi-byte characters")));
        CHECK(evidence("\xEF\xBB\xBF"
                       "application_id\n") ==
              std::make_pair(Encoding::kUtf8, std::string("byte-order mark")));
        // 株式会社テスト in CP932
        CHECK(
            evidence(
                "application_id\nA-1,\x8a\x94\x8e\xae\x89\xef\x8e\xd0\x83\x65\x83\x58\x83\x67\r\n")
                .first == Encoding::kCp932);
        CHECK(
            evidence(
                "application_id\nA-1,\x8a\x94\x8e\xae\x89\xef\x8e\xd0\x83\x65\x83\x58\x83\x67\r\n")
                .second.rfind("not UTF-8: ", 0) == 0);
    }
    SECTION("a missing file") {
        auto facts = sa::intake::inspect_file(dir.file("nope.csv"));
        REQUIRE_FALSE(facts.is_ok());
        CHECK(facts.status().code() == sa::Status::Code::kNotFound);
    }
}

TEST_CASE("CSV in UTF-8 with and without BOM", "[intake][reader]") {
    for (const std::string bom : {"", "\xEF\xBB\xBF"}) {
        INFO("BOM: " << !bom.empty());
        auto records =
            read_csv(bom + kHeader + "A-1,株式会社テスト,東京都\nA-2,有限会社サンプル,大阪\n");
        REQUIRE(records.size() == 2);
        CHECK(field(records[0], "application_id") == "A-1");
        CHECK(field(records[0], "business_name") == "株式会社テスト");
        CHECK(field(records[0], "prefecture") == "東京都");
        CHECK(records[0].errors.empty());
        CHECK(records[0].record_no == 1);
        CHECK(records[0].line == 2);
        CHECK(records[0].raw == "A-1,株式会社テスト,東京都");
        CHECK(field(records[1], "application_id") == "A-2");
        CHECK(records[1].record_no == 2);
        CHECK(records[1].line == 3);
    }
}

TEST_CASE("CSV in CP932", "[intake][reader]") {
    auto bytes = sa::charset::from_utf8(
        "application_id,business_name,representative_name\r\n"
        "A-1,株式会社テスト①,髙橋 ～ ｶﾀｶﾅ\r\n",
        "CP932");
    REQUIRE(bytes.is_ok());
    auto records = read_csv(*bytes, Encoding::kCp932);
    REQUIRE(records.size() == 1);
    INFO(errors_of(records[0]));
    CHECK(records[0].errors.empty());
    CHECK(field(records[0], "business_name") == "株式会社テスト①");
    CHECK(field(records[0], "representative_name") == "髙橋 ～ ｶﾀｶﾅ");

    SECTION("the same bytes read as UTF-8 are flagged per field, never lost") {
        auto as_utf8 = read_csv(*bytes, Encoding::kUtf8);
        REQUIRE(as_utf8.size() == 1);
        CHECK(field(as_utf8[0], "application_id") == "A-1");
        std::vector<std::string> fields;
        for (const auto& e : as_utf8[0].errors) fields.push_back(e.field);
        CHECK(fields == std::vector<std::string>{"business_name", "representative_name"});
        CHECK(as_utf8[0].errors[0].message.find("UTF-8") != std::string::npos);
    }
}

TEST_CASE("CSV with inspect_file deciding the encoding", "[intake][reader]") {
    TempDir dir;
    auto bytes = sa::charset::from_utf8("application_id,trade_name\nB-7,やまだ商店\n", "CP932");
    REQUIRE(bytes.is_ok());
    sa::test::write_file(dir.file("x.csv"), *bytes);
    auto facts = sa::intake::inspect_file(dir.file("x.csv"));
    REQUIRE(facts.is_ok());
    REQUIRE(facts->encoding == Encoding::kCp932);
    ReaderOptions options;
    options.encoding = facts->encoding;
    auto records = read_all(dir.file("x.csv"), options);
    REQUIRE(records.size() == 1);
    CHECK(field(records[0], "trade_name") == "やまだ商店");
}

TEST_CASE("CSV quoted fields", "[intake][reader]") {
    auto records = read_csv(std::string(kHeader) +
                            "A-1,\"Foo, Bar \"\"Baz\"\" Inc.\",東京都\n"
                            "\"A-2\",\"two\nlines\",\"\"\n"
                            "A-3,\"\",大阪府\n");
    REQUIRE(records.size() == 3);
    CHECK(field(records[0], "business_name") == "Foo, Bar \"Baz\" Inc.");
    CHECK(field(records[0], "prefecture") == "東京都");
    CHECK(records[0].errors.empty());
    CHECK(field(records[1], "application_id") == "A-2");
    CHECK(field(records[1], "business_name") == "two\nlines");
    CHECK(field(records[1], "prefecture") == "");
    CHECK(records[1].line == 3);
    CHECK(records[1].raw == "\"A-2\",\"two\nlines\",\"\"");
    // The record after a quoted line break starts two lines further down.
    CHECK(records[2].line == 5);
    CHECK(records[2].record_no == 3);
    CHECK(field(records[2], "business_name") == "");
}

TEST_CASE("CSV line ends: CRLF, LF, none at the end", "[intake][reader]") {
    auto crlf = read_csv("application_id,tier\r\nA-1,one_star\r\nA-2,two_star\r\n");
    REQUIRE(crlf.size() == 2);
    CHECK(field(crlf[0], "tier") == "one_star");  // no stray CR
    CHECK(field(crlf[1], "tier") == "two_star");
    CHECK(crlf[1].line == 3);
    CHECK(crlf[1].raw == "A-2,two_star");

    auto quoted_crlf = read_csv("application_id,address\r\nA-1,\"1-2-3\r\nBuilding\"\r\n");
    REQUIRE(quoted_crlf.size() == 1);
    CHECK(field(quoted_crlf[0], "address") == "1-2-3\r\nBuilding");

    auto no_final = read_csv("application_id,tier\nA-1,one_star");
    REQUIRE(no_final.size() == 1);
    CHECK(field(no_final[0], "tier") == "one_star");
}

TEST_CASE("CSV blank lines are skipped", "[intake][reader]") {
    auto records = read_csv("\napplication_id,tier\n\nA-1,one_star\n\r\n   \n\nA-2,two_star\n\n\n");
    REQUIRE(records.size() == 2);
    CHECK(records[0].record_no == 1);
    CHECK(records[0].line == 4);
    CHECK(records[1].record_no == 2);
    CHECK(records[1].line == 8);
    CHECK(field(records[1], "application_id") == "A-2");
}

TEST_CASE("CSV record longer than max_record_bytes is flagged", "[intake][reader]") {
    std::string longer(200, 'x');
    auto records = read_csv("application_id,business_name\nA-1," + longer + "\nA-2,short\n",
                            Encoding::kUtf8, 64);
    REQUIRE(records.size() == 2);
    REQUIRE(records[0].errors.size() == 1);
    CHECK(records[0].errors[0].field == "_record");
    CHECK(records[0].errors[0].message.find("64") != std::string::npos);
    CHECK(records[0].raw.size() <= 64);
    CHECK(field(records[0], "business_name").size() < longer.size());
    // Reading goes on with the next record.
    CHECK(records[1].errors.empty());
    CHECK(field(records[1], "application_id") == "A-2");
    CHECK(field(records[1], "business_name") == "short");
    CHECK(records[1].line == 3);
}

TEST_CASE("CSV max_record_bytes counts the record, not its line end", "[intake][reader]") {
    // "application_id,tier" is 19 bytes, "A-1,0123456789abcdef" 20.
    for (const std::string eol : {"\n", "\r\n"}) {
        INFO("line end " << (eol.size() == 1 ? "LF" : "CRLF"));
        auto exact = read_csv("application_id,tier" + eol + "A-1,0123456789abcdef" + eol +
                                  "A-2,0123456789abcdefg" + eol + "A-3,x" + eol,
                              Encoding::kUtf8, 20);
        REQUIRE(exact.size() == 3);
        INFO(errors_of(exact[0]));
        CHECK(exact[0].errors.empty());
        CHECK(field(exact[0], "tier") == "0123456789abcdef");
        CHECK(exact[0].raw == "A-1,0123456789abcdef");
        REQUIRE(exact[1].errors.size() == 1);  // 21 bytes
        CHECK(exact[1].errors[0].field == "_record");
        CHECK(exact[2].errors.empty());
        CHECK(exact[2].line == 4);
    }
    // A header of exactly the limit is fine too.
    CHECK(read_csv("application_id,tier\r\nA-1,x\r\n", Encoding::kUtf8, 19).size() == 1);
}

TEST_CASE("CSV unclosed quote rejects its own line and reading goes on", "[intake][reader]") {
    auto records = read_csv("application_id,business_name\nA-1,ok\nA-2,\"never closed\nA-3,x\n");
    REQUIRE(records.size() == 3);
    CHECK(records[0].errors.empty());
    REQUIRE(records[1].errors.size() == 1);
    CHECK(records[1].errors[0].field == "_record");
    CHECK(records[1].errors[0].message.find("引用符") != std::string::npos);
    CHECK(records[1].errors[0].message.find("3行目だけ") != std::string::npos);
    CHECK(field(records[1], "application_id") == "A-2");
    CHECK(records[1].raw == "A-2,\"never closed");  // the whole line, not cut
    CHECK(records[1].lines == 1);
    CHECK(records[2].errors.empty());
    CHECK(field(records[2], "application_id") == "A-3");
    CHECK(records[2].line == 4);
}

TEST_CASE("CSV: a stray quote in record 5 of 2,000 takes no other record", "[intake][reader]") {
    std::string csv = kHeader;
    for (int i = 1; i <= 2000; ++i) {
        csv += "A-" + std::to_string(i) + "," + (i == 5 ? "\"" : "") + "株式会社" +
               std::to_string(i) + ",東京都\r\n";
    }
    TempDir dir;
    sa::test::write_file(dir.file("in.csv"), csv);
    auto reader = sa::intake::open_reader(dir.file("in.csv"), ReaderOptions{});
    REQUIRE(reader.is_ok());
    std::size_t n = 0, rejected = 0, lines = 0;
    for (RawRecord r; *(*reader)->next(r);) {
        ++n;
        lines += r.lines;
        CHECK(r.line == n + 1);
        CHECK(field(r, "application_id") == "A-" + std::to_string(n));
        if (!r.errors.empty()) {
            ++rejected;
            CHECK(r.record_no == 5);
            CHECK(r.raw == "A-5,\"株式会社5,東京都");
        }
    }
    CHECK(n == 2000);
    CHECK(rejected == 1);
    CHECK(lines + (*reader)->lines_outside_records() == 2001);
    CHECK((*reader)->bytes_read() == csv.size());
}

TEST_CASE("CSV quoted fields may run over line ends, within bounds", "[intake][reader]") {
    SECTION("an address on two lines is one record of two lines") {
        auto records = read_csv(
            "application_id,address,prefecture\nA-1,\"千代田区1-2-3\r\nビル5F\",東京\nA-2,x,y\n");
        REQUIRE(records.size() == 2);
        INFO(errors_of(records[0]));
        CHECK(records[0].errors.empty());
        CHECK(field(records[0], "address") == "千代田区1-2-3\r\nビル5F");
        CHECK(field(records[0], "prefecture") == "東京");
        CHECK(records[0].lines == 2);
        CHECK(records[1].line == 4);
    }
    SECTION("a quote still open after the line limit") {
        std::string csv = "application_id,address,prefecture\nA-1,\"open\n";
        for (std::size_t i = 0; i < sa::intake::kMaxRecordLines + 2; ++i) csv += "no comma\n";
        csv += "A-2,x,y\n";
        auto records = read_csv(csv);
        // Line 2 alone, then every line after it as a record of its own: none is lost.
        REQUIRE(records.size() == sa::intake::kMaxRecordLines + 4);
        CHECK(records[0].errors[0].message.find("16行以内に閉じていません") != std::string::npos);
        CHECK(records[0].lines == 1);
        for (std::size_t i = 1; i < records.size(); ++i) CHECK(records[i].line == i + 2);
        CHECK(field(records.back(), "application_id") == "A-2");
        CHECK(records.back().errors.empty());
    }
    SECTION("a quote still open at the end of the file") {
        auto records = read_csv("application_id,address\nA-1,\"open\nstill open\n");
        REQUIRE(records.size() == 2);
        CHECK(records[0].errors[0].message.find("ファイルの終わりまで") != std::string::npos);
        CHECK(records[1].line == 3);
    }
    SECTION("a quote still open past max_record_bytes") {
        auto records =
            read_csv("application_id,address\nA-1,\"open\n" + std::string(80, 'x') + "\nA-2,y\n",
                     Encoding::kUtf8, 64);
        REQUIRE(records.size() == 3);
        CHECK(records[0].errors[0].message.find("64バイト以内に") != std::string::npos);
        CHECK(field(records[2], "application_id") == "A-2");
    }
}

TEST_CASE("CSV more fields than the header is flagged", "[intake][reader]") {
    auto records = read_csv("application_id,tier\nA-1,one_star,surplus\nA-2\n");
    REQUIRE(records.size() == 2);
    REQUIRE(records[0].errors.size() == 1);
    CHECK(records[0].errors[0].field == "_record");
    CHECK(records[0].errors[0].message.find("3") != std::string::npos);
    CHECK(field(records[0], "tier") == "one_star");
    // Fewer fields are not a reading error: the missing ones are simply absent.
    CHECK(records[1].errors.empty());
    CHECK(field(records[1], "tier") == "<absent>");
}

TEST_CASE("CSV header problems make open_reader fail", "[intake][reader]") {
    sa::Status no_id = open_csv("id,tier\nA-1,one_star\n");
    CHECK(no_id.code() == sa::Status::Code::kInvalid);
    CHECK(no_id.message().find("application_id") != std::string::npos);

    sa::Status twice = open_csv("application_id,tier,Tier\nA-1,one_star,two_star\n");
    CHECK(twice.code() == sa::Status::Code::kInvalid);
    CHECK(twice.message().find("tier") != std::string::npos);

    CHECK(open_csv("application_id,application_id\n").code() == sa::Status::Code::kInvalid);
    CHECK_FALSE(open_csv("").is_ok());
    CHECK_FALSE(open_csv("\n\n").is_ok());
    CHECK(open_csv("application_id\n").is_ok());  // a header and no records is fine

    TempDir dir;
    auto missing = sa::intake::open_reader(dir.file("nope.csv"), ReaderOptions{});
    REQUIRE_FALSE(missing.is_ok());
    CHECK(missing.status().code() == sa::Status::Code::kNotFound);
}

TEST_CASE("CSV columns in any order, names trimmed and case-folded", "[intake][reader]") {
    auto records = read_csv(" Prefecture ,TIER,\"application_id\"\n東京,one_star,A-9\n");
    REQUIRE(records.size() == 1);
    CHECK(field(records[0], "application_id") == "A-9");
    CHECK(field(records[0], "tier") == "one_star");
    CHECK(field(records[0], "prefecture") == "東京");
}

TEST_CASE("CSV unknown columns are ignored", "[intake][reader]") {
    // A column the format does not know, even one holding bytes that do not decode, neither
    // shows up in the record nor rejects it.
    auto records = read_csv("memo,application_id,備考,tier\nfree \xFF text,A-1,何か,one_star\n");
    REQUIRE(records.size() == 1);
    INFO(errors_of(records[0]));
    CHECK(records[0].errors.empty());
    CHECK(field(records[0], "application_id") == "A-1");
    CHECK(field(records[0], "tier") == "one_star");
    CHECK(records[0].fields.size() == 2);
}

TEST_CASE("JSON Lines values", "[intake][reader]") {
    auto records = read_jsonl(
        "{\"application_id\": \"J-1\", \"business_name\": \"株式会社テスト\", \"employees\": 12,"
        " \"pledge_five_principles\": true, \"self_assessment_done\": false,"
        " \"contact_phone\": null, \"unknown\": {\"nested\": 1}, \"trade_name\": "
        "\"\\u5c71\\u7530\"}\n"
        "{\"application_id\": 42, \"employees\": 3.0, \"address\": 1.5}\n");
    REQUIRE(records.size() == 2);
    const RawRecord& a = records[0];
    INFO(errors_of(a));
    CHECK(a.errors.empty());
    CHECK(field(a, "application_id") == "J-1");
    CHECK(field(a, "business_name") == "株式会社テスト");
    CHECK(field(a, "employees") == "12");
    CHECK(field(a, "pledge_five_principles") == "true");
    CHECK(field(a, "self_assessment_done") == "false");
    CHECK(field(a, "contact_phone") == "<absent>");  // null is absent
    CHECK(field(a, "unknown") == "<absent>");
    CHECK(field(a, "trade_name") == "山田");
    CHECK(a.record_no == 1);
    CHECK(a.line == 1);
    const RawRecord& b = records[1];
    CHECK(field(b, "application_id") == "42");
    CHECK(field(b, "employees") == "3");
    CHECK(field(b, "address") == "1.5");
}

TEST_CASE("JSON Lines nested values are flagged per field", "[intake][reader]") {
    auto records = read_jsonl(
        "{\"application_id\": \"J-1\", \"business_name\": {\"ja\": \"テスト\"},"
        " \"prefecture\": [\"東京都\"], \"tier\": \"one_star\"}\n");
    REQUIRE(records.size() == 1);
    std::vector<std::string> fields;
    for (const auto& e : records[0].errors) fields.push_back(e.field);
    std::sort(fields.begin(), fields.end());
    CHECK(fields == std::vector<std::string>{"business_name", "prefecture"});
    CHECK(field(records[0], "tier") == "one_star");
    CHECK(field(records[0], "business_name") == "<absent>");
}

TEST_CASE("JSON Lines broken lines are flagged as _record", "[intake][reader]") {
    auto records = read_jsonl(
        "{\"application_id\": \"J-1\"}\n"
        "{\"application_id\": \"J-2\",\n"
        "[1, 2]\n"
        "{\"application_id\": \"J-4\"} trailing\n"
        "{\"application_id\": \"J-5\", \"business_name\": \"\xFF\"}\n"
        "{\"application_id\": \"J-6\"}\n");
    REQUIRE(records.size() == 6);
    CHECK(records[0].errors.empty());
    for (std::size_t i = 1; i <= 4; ++i) {
        INFO("record " << i + 1);
        REQUIRE(records[i].errors.size() == 1);
        CHECK(records[i].errors[0].field == "_record");
        CHECK(records[i].fields.empty());
        CHECK(records[i].record_no == i + 1);
        CHECK(records[i].line == i + 1);
    }
    CHECK(records[1].raw == "{\"application_id\": \"J-2\",");  // the raw text is kept
    CHECK(records[5].errors.empty());
    CHECK(field(records[5], "application_id") == "J-6");
}

TEST_CASE("JSON Lines blank lines, CRLF and BOM", "[intake][reader]") {
    auto records = read_jsonl(
        "\xEF\xBB\xBF{\"application_id\": \"J-1\"}\r\n\r\n   \n"
        "{\"application_id\": \"J-2\"}\r\n\n"
        "{\"application_id\": \"J-3\"}");
    REQUIRE(records.size() == 3);
    CHECK(records[0].errors.empty());
    CHECK(field(records[0], "application_id") == "J-1");
    CHECK(records[0].line == 1);
    CHECK(records[1].record_no == 2);
    CHECK(records[1].line == 4);
    CHECK(records[1].raw == "{\"application_id\": \"J-2\"}");
    CHECK(records[2].record_no == 3);
    CHECK(records[2].line == 6);
    CHECK(read_jsonl("").empty());
    CHECK(read_jsonl("\n\n").empty());
}

TEST_CASE("JSON Lines max_record_bytes counts the record, not its line end", "[intake][reader]") {
    const std::string line = "{\"application_id\": \"J-1\"}";  // 25 bytes
    REQUIRE(line.size() == 25);
    for (const std::string eol : {"\n", "\r\n"}) {
        INFO("line end " << (eol.size() == 1 ? "LF" : "CRLF"));
        auto exact = read_jsonl(line + eol, 25);
        REQUIRE(exact.size() == 1);
        INFO(errors_of(exact[0]));
        CHECK(exact[0].errors.empty());
        CHECK(field(exact[0], "application_id") == "J-1");
        auto over = read_jsonl(line + eol, 24);
        REQUIRE(over.size() == 1);
        REQUIRE(over[0].errors.size() == 1);
        CHECK(over[0].errors[0].field == "_record");
    }
}

TEST_CASE("JSON Lines record longer than max_record_bytes", "[intake][reader]") {
    std::string big =
        "{\"application_id\": \"J-1\", \"address\": \"" + std::string(300, 'x') + "\"}";
    auto records = read_jsonl(big + "\n{\"application_id\": \"J-2\"}\n", 100);
    REQUIRE(records.size() == 2);
    REQUIRE(records[0].errors.size() == 1);
    CHECK(records[0].errors[0].field == "_record");
    CHECK(records[0].errors[0].message.find("100") != std::string::npos);
    CHECK(records[0].raw.size() == 100);
    CHECK(records[1].errors.empty());
    CHECK(field(records[1], "application_id") == "J-2");
    CHECK(records[1].line == 2);
}

TEST_CASE("evidence_in_japanese says every phrase of the evidence in Japanese",
          "[intake][reader]") {
    using sa::intake::evidence_in_japanese;
    CHECK(evidence_in_japanese("byte-order mark") == "BOM(バイト順マーク)あり");
    CHECK(evidence_in_japanese("ASCII only") == "ASCII文字のみ");
    CHECK(evidence_in_japanese("valid UTF-8 throughout, 1 multi-byte character") ==
          "全体が正しいUTF-8、マルチバイト文字1個");
    CHECK(evidence_in_japanese("as intake.encoding says") == "intake.encodingの指定による");
    CHECK(evidence_in_japanese("JSON Lines are UTF-8") == "JSON LinesはUTF-8");
    CHECK(evidence_in_japanese("unknown words") == "unknown words");
    // Whatever inspect_file writes, from files of each kind.
    const std::regex english("[A-Za-z]{3,}");
    for (const std::string& content :
         {std::string("\xEF\xBB\xBF") + "a,b\n1,\xE3\x81\x82\n", std::string("a,b\n1,2\n"),
          std::string("a,b\n1,\xE3\x81\x82\n"),
          std::string("a,b\n1,\xE3\x81\x82\xE3\x81\x82\n2,\xff\n"),
          std::string("a,b\n1,\x82\xa0\x82\xa0\n2,\x82\xa0\n"),
          std::string("\xEF\xBB\xBF") + "a,b\n1,\xff\n"}) {
        TempDir dir;
        sa::test::write_file(dir.file("x.csv"), content);
        auto facts = sa::intake::inspect_file(dir.file("x.csv"));
        REQUIRE(facts);
        std::string ja = evidence_in_japanese(facts->encoding_evidence);
        INFO(facts->encoding_evidence << " → " << ja);
        std::string words = std::regex_replace(ja, std::regex("UTF-8|BOM|ASCII"), "");
        CHECK_FALSE(std::regex_search(words, english));
    }
}
