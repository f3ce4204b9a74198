#include <catch2/catch.hpp>

#include <unistd.h>

#include <functional>
#include <set>

#include "core/file_system.h"
#include "domain/ids.h"
#include "intake/intake_job.h"
#include "support/fixtures.h"
#include "support/job_fixture.h"
#include "text/charset.h"

using namespace sa;
using namespace sa::intake;

namespace {

IntakeSettings settings(const test::JobFixture& f) {
    IntakeSettings s;
    s.spool_dir = f.spool;
    s.settle_seconds = 10;
    return s;
}

IntakeReport run(test::JobFixture& f, IntakeSettings s, bool dry_run = false) {
    IntakeJob job(*f.store, *f.renderer, f.clock, f.random, s, f.log);
    auto r = job.run(dry_run);
    REQUIRE(r);
    return *r;
}

std::vector<IntakeRecordRow> records(test::JobFixture& f, IntakeOutcome o) {
    std::vector<IntakeRecordRow> rows;
    REQUIRE(f.store->read([&](Transaction& tx) { rows = tx.intake_records(o, 0, 1000); }));
    return rows;
}

std::vector<std::string> spool_names(const test::JobFixture& f, const std::string& sub) {
    auto names = fs::list_dir(f.spool + "/" + sub);
    return names ? *names : std::vector<std::string>{};
}

Application two_star(Application a) {
    a.tier = Tier::kTwoStar;
    a.self_assessment_done = true;
    a.basic_policy_published = true;
    return a;
}

}  // namespace

TEST_CASE("a file with broken rows loses nothing and names each bad field", "[intake]") {
    test::JobFixture f;
    Application good1 = test::corporation_application("A-1");
    Application good2 = test::sole_proprietor_application("A-2");
    Application bad_number = test::corporation_application("A-3");
    bad_number.corporate_number = "7000012050003";
    bad_number.corporate_number.back() = '3';
    Application bad_many = test::corporation_application("A-4");
    bad_many.corporate_number = "5010001008813";
    bad_many.contact_email = "not-an-address";
    bad_many.prefecture = "東京府";
    std::string csv =
        test::csv_header() + test::csv_line(good1) + test::csv_line(bad_number) +
        "\"A-5\",,one_star,corporation,,,,,,,,,,,,,,,,\n" +  // nearly empty
        test::csv_line(good2) + test::csv_line(bad_many) +
        "\"A-6\",\"2026-11-20T10:00:00+09:00\",one_star,corporation,\"1180301018771\","
        "\"名前\r\nBcc: x@evil.example\",,,東京,,,,,担当,,a@b.example,,1,,\n";
    f.drop("export.csv", csv);

    IntakeReport r = run(f, settings(f));
    CHECK(r.files_read == 1);
    CHECK(r.issued == 2);
    CHECK(r.rejected == 4);
    CHECK(r.mails_queued == 2);
    CHECK(f.count("SELECT COUNT(*) FROM intake_records") == 6);
    CHECK(f.count("SELECT COUNT(*) FROM declarations") == 2);
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE kind = 'completion' AND state = 'queued'") ==
          2);

    auto rejected = records(f, IntakeOutcome::kRejected);
    REQUIRE(rejected.size() == 4);
    auto fields_of = [](const IntakeRecordRow& r) {
        std::set<std::string> fields;
        for (const auto& e : r.errors) fields.insert(e.field);
        return fields;
    };
    CHECK(rejected[0].application_id == "A-3");
    CHECK(fields_of(rejected[0]) == std::set<std::string>{"corporate_number"});
    CHECK(rejected[1].application_id == "A-5");
    CHECK(fields_of(rejected[1]).count("submitted_at"));
    CHECK(fields_of(rejected[1]).count("corporate_number"));
    CHECK(fields_of(rejected[1]).count("contact_email"));
    CHECK(fields_of(rejected[1]).count("pledge_five_principles"));
    CHECK(rejected[2].application_id == "A-4");
    CHECK(fields_of(rejected[2]) == std::set<std::string>{"contact_email", "prefecture"});
    CHECK(rejected[3].application_id == "A-6");
    CHECK(fields_of(rejected[3]) == std::set<std::string>{"business_name"});
    // Each rejected record keeps its raw text.
    CHECK(rejected[0].raw.find("7000012050003") != std::string::npos);
    CHECK(rejected[3].raw.find("Bcc: x@evil.example") != std::string::npos);
    CHECK(rejected[0].record_no == 2);
    CHECK(rejected[0].line == 3);

    // The file left the spool for done/ only after its records were committed.
    CHECK_FALSE(fs::stat_path(f.spool + "/export.csv"));
    CHECK(spool_names(f, "done").size() == 1);
}

TEST_CASE("issued numbers are well-formed, unique and go to the applicant's contact", "[intake]") {
    test::JobFixture f;
    std::string csv = test::csv_header();
    for (int i = 0; i < 40; ++i) {
        Application a = test::sole_proprietor_application("B-" + std::to_string(i));
        a.trade_name = "屋号" + std::to_string(i);
        a.contact_email = "owner" + std::to_string(i) + "@shop.example";
        csv += test::csv_line(a);
    }
    f.drop("many.csv", csv);
    run(f, settings(f));
    CHECK(f.count("SELECT COUNT(*) FROM declarations") == 40);
    CHECK(f.count("SELECT COUNT(DISTINCT declaration_id) FROM declarations") == 40);
    CHECK(f.count("SELECT COUNT(DISTINCT user_number) FROM declarations") == 40);
    CHECK(f.count("SELECT COUNT(*) FROM declarations d JOIN outbox o ON o.declaration_id = d.id "
                  "WHERE o.recipient = d.contact_email") == 40);
    std::vector<OutboxMail> mails;
    REQUIRE(f.store->read([&](Transaction& tx) { mails = tx.due_mails(f.clock.now(), 0, 100); }));
    REQUIRE(mails.size() == 40);
    std::optional<Declaration> d;
    REQUIRE(f.store->read([&](Transaction& tx) { d = tx.declaration(*mails[0].declaration_row); }));
    REQUIRE(d);
    CHECK(check_id(d->user_number).valid);
    CHECK(check_id(d->user_number).kind == IdKind::kUserNumber);
    CHECK(check_id(d->declaration_id).valid);
    CHECK(check_id(d->declaration_id).kind == IdKind::kDeclarationId);
}

TEST_CASE("the same application read twice is one record; a conflicting reuse is rejected",
          "[intake]") {
    test::JobFixture f;
    Application a = test::corporation_application("C-1");
    f.drop("first.csv", test::csv_header() + test::csv_line(a));
    run(f, settings(f));
    Application changed = a;
    changed.contact_name = "別人";
    f.drop("second.csv", test::csv_header() + test::csv_line(a) + test::csv_line(changed));
    IntakeReport r = run(f, settings(f));
    CHECK(r.duplicates == 1);
    CHECK(r.rejected == 1);
    CHECK(r.mails_queued == 0);
    CHECK(f.count("SELECT COUNT(*) FROM declarations") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM outbox") == 1);
    auto rejected = records(f, IntakeOutcome::kRejected);
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].errors[0].field == "application_id");
    CHECK(rejected[0].errors[0].message.find("first.csv") != std::string::npos);
}

TEST_CASE("the same export dropped again is moved without reading it twice", "[intake]") {
    test::JobFixture f;
    std::string csv = test::csv_header() + test::csv_line(test::corporation_application("D-1"));
    f.drop("x.csv", csv);
    run(f, settings(f));
    f.drop("x.csv", csv);
    IntakeReport r = run(f, settings(f));
    CHECK(r.issued == 0);
    CHECK(r.duplicates == 0);
    CHECK(f.count("SELECT COUNT(*) FROM intake_records") == 1);
    CHECK(spool_names(f, "done").size() == 2);
    CHECK_FALSE(fs::stat_path(f.spool + "/x.csv"));
}

TEST_CASE(
    "a second application from another address never resends the 利用者番号: one notice a day "
    "to the registered contact, and a flag for a clerk",
    "[intake][security]") {
    test::JobFixture f;
    f.drop("a.csv", test::csv_header() + test::csv_line(test::corporation_application("E-1")));
    run(f, settings(f));
    auto stranger = [](const std::string& id, const std::string& email) {
        Application a = test::corporation_application(id);
        a.contact_email = email;
        a.contact_name = "知らない人";
        return a;
    };
    f.drop("b.csv", test::csv_header() + test::csv_line(stranger("E-2", "one@elsewhere.example")) +
                        test::csv_line(stranger("E-3", "two@elsewhere.example")));
    IntakeReport r = run(f, settings(f));
    CHECK(r.duplicates == 2);
    CHECK(r.issued == 0);
    CHECK(f.count("SELECT COUNT(*) FROM declarations") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE recipient LIKE '%@elsewhere.example'") == 0);
    // No mail with the 利用者番号 again; one notice today, however many strangers apply.
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE kind = 'duplicate_notice'") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE kind = 'duplicate_other_notice' AND "
                  "recipient = 'tanaka@yamada-seisakusho.example'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM declaration_flags WHERE kind = 'duplicate_other_contact' "
                  "AND closed_at IS NULL") == 1);
    auto dup = records(f, IntakeOutcome::kDuplicate);
    REQUIRE(dup.size() == 2);
    CHECK(dup[0].declaration_row.has_value());

    // The next day another one: one more notice, still one open flag.
    f.clock.advance(86400);
    f.drop("c.csv", test::csv_header() + test::csv_line(stranger("E-4", "one@elsewhere.example")));
    run(f, settings(f));
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE kind = 'duplicate_other_notice'") == 2);
    CHECK(f.count("SELECT COUNT(*) FROM declaration_flags WHERE kind = 'duplicate_other_contact' "
                  "AND closed_at IS NULL") == 1);
}

TEST_CASE(
    "the registered contact applying again gets the numbers, at most once a day, and no "
    "flag",
    "[intake]") {
    test::JobFixture f;
    f.drop("a.csv", test::csv_header() + test::csv_line(test::corporation_application("R-1")));
    run(f, settings(f));
    Application again = test::corporation_application("R-2");
    again.contact_email = "Tanaka@YAMADA-seisakusho.example";  // the same address
    Application third = test::corporation_application("R-3");
    f.drop("b.csv", test::csv_header() + test::csv_line(again) + test::csv_line(third));
    IntakeReport r = run(f, settings(f));
    CHECK(r.duplicates == 2);
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE kind = 'duplicate_notice' AND recipient = "
                  "'tanaka@yamada-seisakusho.example'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM declaration_flags") == 0);
}

TEST_CASE(
    "a 二つ星 application that does not prove the applicant supersedes nothing and waits "
    "for a clerk",
    "[intake][security]") {
    test::JobFixture f;
    f.drop("a.csv", test::csv_header() + test::csv_line(test::corporation_application("F-1")));
    run(f, settings(f));
    // Only the public 法人番号 of the business, and someone else's name and address.
    Application up = two_star(test::corporation_application("F-2"));
    up.business_name = "株式会社乗っ取り";
    up.contact_email = "attacker@elsewhere.example";
    f.drop("b.csv", test::csv_header() + test::csv_line(up));
    IntakeReport r = run(f, settings(f));
    CHECK(r.issued == 0);
    CHECK(r.upgraded == 0);
    CHECK(r.duplicates == 1);
    CHECK(f.count("SELECT COUNT(*) FROM declarations") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM declarations WHERE state = 'issued' AND tier = "
                  "'one_star' AND business_name = '株式会社山田製作所'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM declaration_flags WHERE kind = 'upgrade_unverified' AND "
                  "closed_at IS NULL") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'attacker@elsewhere.example'") ==
          0);
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE kind IN ('completion', 'duplicate_notice') "
                  "AND created_at > (SELECT MIN(created_at) FROM outbox)") == 0);
    auto dup = records(f, IntakeOutcome::kDuplicate);
    REQUIRE(dup.size() == 1);
    CHECK(dup[0].note.find("upgrade_unverified") != std::string::npos);
}

TEST_CASE(
    "a 一つ星 → 二つ星 upgrade from the registered contact keeps the 利用者番号 and "
    "supersedes the old declaration",
    "[intake]") {
    test::JobFixture f;
    f.drop("a.csv", test::csv_header() + test::csv_line(test::corporation_application("F-1")));
    run(f, settings(f));
    Application up = two_star(test::corporation_application("F-2"));
    f.drop("b.csv", test::csv_header() + test::csv_line(up));
    IntakeReport r = run(f, settings(f));
    CHECK(r.issued == 1);
    CHECK(r.upgraded == 1);
    CHECK(f.count("SELECT COUNT(*) FROM declarations") == 2);
    CHECK(f.count("SELECT COUNT(DISTINCT user_number) FROM declarations") == 1);
    CHECK(f.count("SELECT COUNT(DISTINCT declaration_id) FROM declarations") == 2);
    CHECK(f.count("SELECT COUNT(*) FROM declarations WHERE state = 'superseded' AND tier = "
                  "'one_star' AND superseded_by IS NOT NULL") == 1);
    CHECK(
        f.count("SELECT COUNT(*) FROM declarations WHERE state = 'issued' AND tier = 'two_star'") ==
        1);
    // The completion mail of the upgrade goes to the registered contact.
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE kind = 'completion' AND recipient = "
                  "'tanaka@yamada-seisakusho.example'") == 2);
}

TEST_CASE("files still being written are left alone", "[intake]") {
    test::JobFixture f;
    std::string csv = test::csv_header() + test::csv_line(test::corporation_application("G-1"));
    test::write_file(f.spool + "/fresh.csv", csv);  // modified just now
    f.drop("upload.csv.part", csv);
    f.drop(".hidden.csv", csv);
    IntakeReport r = run(f, settings(f));
    CHECK(r.files_read == 0);
    CHECK(r.files_waiting == 1);
    CHECK(fs::stat_path(f.spool + "/fresh.csv"));
    CHECK(fs::stat_path(f.spool + "/upload.csv.part"));
    CHECK(f.count("SELECT COUNT(*) FROM intake_records") == 0);
    test::age_file(f.spool + "/fresh.csv", 60);
    r = run(f, settings(f));
    CHECK(r.files_read == 1);
}

TEST_CASE("a file that is not an intake export goes to rejected/ with its reason kept",
          "[intake]") {
    test::JobFixture f;
    f.drop("photo.csv", std::string("\x89PNG\r\n\x1a\n\0\0binary", 17));
    f.drop("notes.txt", "hello");
    IntakeReport r = run(f, settings(f));
    CHECK(r.files_unreadable == 2);
    CHECK(spool_names(f, "rejected").size() == 2);
    CHECK(f.count("SELECT COUNT(*) FROM intake_files WHERE error <> '' AND stored_as LIKE "
                  "'%rejected%'") == 2);
}

TEST_CASE("a file over the size limit is not read", "[intake]") {
    test::JobFixture f;
    IntakeSettings s = settings(f);
    s.max_file_bytes = 100;
    f.drop("big.csv", test::csv_header() + test::csv_line(test::corporation_application("H-1")));
    IntakeReport r = run(f, s);
    CHECK(r.files_unreadable == 1);
    CHECK(f.count("SELECT COUNT(*) FROM intake_records") == 0);
    CHECK(spool_names(f, "rejected").size() == 1);
}

TEST_CASE("CP932 as Excel writes it, and JSON Lines", "[intake]") {
    test::JobFixture f;
    std::string utf8 = test::csv_header() + test::csv_line(test::corporation_application("I-1"));
    auto sjis = charset::from_utf8(utf8, "CP932");
    REQUIRE(sjis);
    f.drop("excel.csv", *sjis);
    f.drop("form.jsonl",
           "{\"application_id\":\"I-2\",\"submitted_at\":\"2026-11-20T10:00:00+09:00\",\"tier\":"
           "\"一つ星\","
           "\"entity_type\":\"個人事業主\",\"trade_name\":\"ﾀﾅｶ商店\",\"representative_name\":"
           "\"田中 太郎\","
           "\"prefecture\":\"大阪\",\"employees\":3,\"contact_name\":\"田中 太郎\","
           "\"contact_email\":\"tanaka@shop.example\",\"pledge_five_principles\":true}\n");
    IntakeReport r = run(f, settings(f));
    CHECK(r.issued == 2);
    CHECK(f.count("SELECT COUNT(*) FROM declarations WHERE business_name = '株式会社山田製作所'") ==
          1);
    CHECK(f.count("SELECT COUNT(*) FROM declarations WHERE prefecture = '大阪府' AND trade_name = "
                  "'ﾀﾅｶ商店'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM intake_files WHERE encoding = 'CP932'") == 1);
}

TEST_CASE("a dry run changes nothing", "[intake]") {
    test::JobFixture f;
    f.drop("x.csv", test::csv_header() + test::csv_line(test::corporation_application("J-1")));
    IntakeReport r = run(f, settings(f), true);
    CHECK(r.issued == 1);
    CHECK(r.mails_queued == 1);
    CHECK(f.count("SELECT COUNT(*) FROM intake_records") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM intake_files") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM outbox") == 0);
    CHECK(fs::stat_path(f.spool + "/x.csv"));
}

namespace {

// A store whose every write first calls `before_write` with the write's number (from 1): a
// Status other than ok fails the write, as a crash between two commits would leave the store.
class FaultyStore final : public Store {
  public:
    FaultyStore(Store& inner, std::function<Status(int)> before_write)
        : inner_(inner), before_write_(std::move(before_write)) {}
    Status write(const std::function<void(Transaction&)>& body) override {
        Status s = before_write_(++writes_);
        return s ? inner_.write(body) : s;
    }
    Status read(const std::function<void(Transaction&)>& body) override {
        return inner_.read(body);
    }
    Status rehearse(const std::function<void(Transaction&)>& body) override {
        return inner_.rehearse(body);
    }
    Status sync() override { return inner_.sync(); }
    Status check_integrity() override { return inner_.check_integrity(); }

  private:
    Store& inner_;
    std::function<Status(int)> before_write_;
    int writes_ = 0;
};

}  // namespace

TEST_CASE("an interrupted file resumes after its last committed chunk", "[intake]") {
    for (int allowed = 0; allowed <= 6; ++allowed) {
        DYNAMIC_SECTION("writes allowed before the failure: " << allowed) {
            test::JobFixture f;
            std::string csv = test::csv_header();
            for (int i = 0; i < 9; ++i) {
                Application a = test::sole_proprietor_application("K-" + std::to_string(i));
                a.trade_name = "店" + std::to_string(i);
                csv += test::csv_line(a);
            }
            csv += "\"K-bad\",,,,,,,,,,,,,,,,,,,\n";
            f.drop("k.csv", csv);
            IntakeSettings s = settings(f);
            s.commit_every = 2;
            {
                FaultyStore failing(*f.store, [&](int n) {
                    return n <= allowed ? Status::ok() : Status::io("injected failure");
                });
                IntakeJob job(failing, *f.renderer, f.clock, f.random, s, f.log);
                auto r = job.run(false);
                REQUIRE(r);
            }
            run(f, s);
            CHECK(f.count("SELECT COUNT(*) FROM intake_records") == 10);
            CHECK(f.count("SELECT COUNT(DISTINCT record_no) FROM intake_records") == 10);
            CHECK(f.count("SELECT COUNT(*) FROM intake_records WHERE outcome = 'rejected'") == 1);
            CHECK(f.count("SELECT COUNT(*) FROM declarations") == 9);
            CHECK(f.count("SELECT COUNT(*) FROM outbox") == 9);
            CHECK_FALSE(fs::stat_path(f.spool + "/k.csv"));
        }
    }
}

namespace {

// `n` sole proprietors' applications as CSV of unquoted fields, the way the form's export
// writes them; the `stray`-th (1-based) with a quote before its trade name that never closes.
std::string many_applications(int n, int stray = 0) {
    std::string csv =
        "application_id,submitted_at,tier,entity_type,trade_name,representative_name,prefecture,"
        "contact_name,contact_email,pledge_five_principles\n";
    for (int i = 1; i <= n; ++i) {
        const std::string k = std::to_string(i);
        csv += "M-" + k + ",2026-11-20T10:00:00+09:00,one_star,sole_proprietor," +
               (i == stray ? "\"" : "") + "商店" + k + ",代表 " + k + ",北海道,担当 " + k + ",m" +
               k + "@shop.example,はい\r\n";
    }
    return csv;
}

}  // namespace

TEST_CASE("a stray quote in record 5 of 2,000 costs that record alone", "[intake]") {
    test::JobFixture f;
    f.drop("stray.csv", many_applications(2000, 5));
    IntakeReport r = run(f, settings(f));
    CHECK(r.failure);
    CHECK(r.issued == 1999);
    CHECK(r.rejected == 1);
    CHECK(f.count("SELECT COUNT(*) FROM intake_records") == 2000);
    auto rejected = records(f, IntakeOutcome::kRejected);
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].application_id == "M-5");
    CHECK(rejected[0].line == 6);
    std::string why;
    for (const auto& e : rejected[0].errors) why += e.field + ": " + e.message + "\n";
    CHECK_THAT(why, Catch::Contains("_record: 引用符(\")が"));
    CHECK(rejected[0].raw ==  // its line alone, whole
          "M-5,2026-11-20T10:00:00+09:00,one_star,sole_proprietor,\"商店5,代表 5,北海道,担当 5,"
          "m5@shop.example,はい");
    REQUIRE(r.files.size() == 1);
    CHECK(r.files[0].find("2001 lines = 1 header or blank + 2000 in 2000 records: 1999 issued, "
                          "0 duplicate, 1 rejected") != std::string::npos);
    CHECK(spool_names(f, "done").size() == 1);
}

TEST_CASE("one stray byte in a UTF-8 file rejects its record, not the file", "[intake]") {
    test::JobFixture f;
    std::string csv = many_applications(1000);
    const std::string name = "商店517,";
    csv.insert(csv.find(name) + name.size() - 1, "\xFF");
    f.drop("utf8.csv", csv);
    IntakeReport r = run(f, settings(f));
    CHECK(r.issued == 999);
    CHECK(r.rejected == 1);
    auto rejected = records(f, IntakeOutcome::kRejected);
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].application_id == "M-517");
    REQUIRE(rejected[0].errors.size() == 1);
    CHECK(rejected[0].errors[0].field == "trade_name");
    CHECK(rejected[0].errors[0].message == "UTF-8として正しい文字ではありません");
    REQUIRE(r.files.size() == 1);
    CHECK(r.files[0].find("CSV, UTF-8 (mostly UTF-8: ") != std::string::npos);
    CHECK(r.files[0].find("1 byte that is not UTF-8, the first on line 518") != std::string::npos);
    CHECK(f.count("SELECT COUNT(*) FROM intake_files WHERE encoding = 'UTF-8' AND "
                  "encoding_evidence LIKE 'mostly UTF-8%'") == 1);
}

TEST_CASE("a file truncated while it is read is not taken as complete", "[intake]") {
    test::JobFixture f;
    const std::string csv = many_applications(3000);
    f.drop("big.csv", csv);
    IntakeSettings s = settings(f);
    s.commit_every = 500;
    // Write 1 records the file, write 2 the first 500 records; before write 3 (of records 501
    // to 1000, read already) the file is cut to 30 %: the reader finds out with record 1001.
    FaultyStore truncating(*f.store, [&](int n) {
        if (n == 3) REQUIRE(::truncate((f.spool + "/big.csv").c_str(), csv.size() * 3 / 10) == 0);
        return Status::ok();
    });
    IntakeJob job(truncating, *f.renderer, f.clock, f.random, s, f.log);
    auto r = job.run(false);
    REQUIRE(r);
    CHECK_FALSE(r->failure);
    CHECK(r->failure.code() == Status::Code::kBusy);
    CHECK_THAT(r->failure.message(),
               Catch::Contains("file 'big.csv': changed while it was read: its size went from"));
    CHECK_THAT(r->failure.message(), Catch::Contains("records from 1001 on are not recorded"));
    CHECK(r->files_read == 0);
    CHECK(r->files_waiting == 1);
    CHECK(f.count("SELECT COUNT(*) FROM intake_files WHERE complete = 1") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM intake_records") == 1000);
    CHECK(fs::stat_path(f.spool + "/big.csv"));
    CHECK(spool_names(f, "done").empty());
}

TEST_CASE(
    "an upgrade carrying the declaration's 利用者番号 supersedes it, from any address, and "
    "someone else's number proves nothing",
    "[intake][security]") {
    test::JobFixture f;
    f.drop("a.csv", test::csv_header() + test::csv_line(test::corporation_application("P-1")));
    run(f, settings(f));
    std::string user;
    REQUIRE(f.store->read([&](Transaction& tx) {
        user = tx.find_live_declaration("corp:7000012050002")->user_number;
    }));
    Application wrong = two_star(test::corporation_application("P-2"));
    wrong.contact_email = "tanaka@yamada-seisakusho.example";
    wrong.user_number = user == "91234567898" ? "98765432103" : "91234567898";
    f.drop("b.csv", test::csv_header() + test::csv_line(wrong));
    IntakeReport r = run(f, settings(f));
    CHECK(r.upgraded == 0);
    CHECK(f.count("SELECT COUNT(*) FROM declaration_flags WHERE kind = 'upgrade_unverified'") == 1);

    Application logged_in = two_star(test::corporation_application("P-3"));
    logged_in.contact_email = "new-person@yamada-seisakusho.example";
    logged_in.user_number = user;
    f.drop("c.csv", test::csv_header() + test::csv_line(logged_in));
    r = run(f, settings(f));
    CHECK(r.upgraded == 1);
    CHECK(f.count("SELECT COUNT(*) FROM declarations WHERE state = 'superseded'") == 1);
    // The registered contact stays (a new one is a clerk's change-contact), and so does the
    // flag, now on the new declaration.
    CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE recipient = "
                  "'new-person@yamada-seisakusho.example'") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM declarations d JOIN declaration_flags g ON "
                  "g.declaration_id = d.id WHERE d.state = 'issued' AND d.tier = 'two_star' AND "
                  "g.kind = 'upgrade_unverified' AND g.closed_at IS NULL") == 1);
    // The 利用者番号 read from the file is nowhere but in the record's raw bytes.
    CHECK(f.count("SELECT COUNT(*) FROM intake_records WHERE note LIKE '%" + user + "%'") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM declaration_flags WHERE note LIKE '%" + user + "%'") == 0);
}
