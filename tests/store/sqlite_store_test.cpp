#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "store/sqlite.h"
#include "store/store.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

using namespace sa;

namespace {

Declaration make_declaration(const std::string& decl_id, const std::string& user) {
    Declaration d;
    d.application = test::corporation_application();
    d.declaration_id = decl_id;
    d.user_number = user;
    d.identity_key = identity_key(d.application);
    d.issued_at = 1000;
    return d;
}

}  // namespace

TEST_CASE("the store creates its schema and is owner-only", "[store]") {
    test::TempDir dir;
    auto store = open_sqlite_store(dir.file("db.sqlite"));
    CHECK(store->check_integrity());
    struct stat st {};
    REQUIRE(::stat(dir.file("db.sqlite").c_str(), &st) == 0);
    CHECK((st.st_mode & 077) == 0);
    // Reopening an existing database migrates nothing and keeps the data.
    std::int64_t row = 0;
    REQUIRE(store->write([&](Transaction& tx) {
        row = tx.insert_declaration(make_declaration("40000000001", "90000000001"), "k",
                                    std::nullopt, 1);
    }));
    store.reset();
    auto again = open_sqlite_store(dir.file("db.sqlite"));
    std::optional<Declaration> d;
    REQUIRE(again->read([&](Transaction& tx) { d = tx.declaration(row); }));
    REQUIRE(d);
    CHECK(d->declaration_id == "40000000001");
    CHECK(d->application.business_name == "株式会社山田製作所");
    CHECK(d->application.employees == std::optional<std::int64_t>(25));
}

TEST_CASE("a failing body rolls the whole transaction back", "[store]") {
    test::TempDir dir;
    auto store = open_sqlite_store(dir.file("db.sqlite"));
    Status s = store->write([&](Transaction& tx) {
        tx.insert_declaration(make_declaration("40000000001", "90000000001"), "k", std::nullopt, 1);
        // The same declaration ID twice violates a constraint.
        tx.insert_declaration(make_declaration("40000000001", "90000000002"), "k", std::nullopt, 1);
    });
    CHECK_FALSE(s);
    std::optional<Declaration> live;
    REQUIRE(store->read(
        [&](Transaction& tx) { live = tx.find_live_declaration("corp:7000012050002"); }));
    CHECK_FALSE(live);
}

TEST_CASE("rehearse shows the effect and keeps nothing", "[store]") {
    test::TempDir dir;
    auto store = open_sqlite_store(dir.file("db.sqlite"));
    bool seen_inside = false;
    REQUIRE(store->rehearse([&](Transaction& tx) {
        tx.insert_declaration(make_declaration("40000000001", "90000000001"), "k", std::nullopt, 1);
        seen_inside = tx.find_live_declaration("corp:7000012050002").has_value();
    }));
    CHECK(seen_inside);
    std::optional<Declaration> after;
    REQUIRE(store->read(
        [&](Transaction& tx) { after = tx.find_live_declaration("corp:7000012050002"); }));
    CHECK_FALSE(after);
}

TEST_CASE("a number is issued at most once", "[store]") {
    test::TempDir dir;
    auto store = open_sqlite_store(dir.file("db.sqlite"));
    REQUIRE(store->write([&](Transaction& tx) {
        CHECK(tx.reserve_number("90000000001", 1));
        CHECK_FALSE(tx.reserve_number("90000000001", 2));
        CHECK(tx.reserve_number("40000000001", 2));
    }));
}

TEST_CASE("one live declaration per business; superseding replaces it in one step", "[store]") {
    test::TempDir dir;
    auto store = open_sqlite_store(dir.file("db.sqlite"));
    std::int64_t first = 0, second = 0;
    REQUIRE(store->write([&](Transaction& tx) {
        first = tx.insert_declaration(make_declaration("40000000001", "90000000001"), "k",
                                      std::nullopt, 1);
    }));
    // A second live declaration for the same business is refused.
    CHECK_FALSE(store->write([&](Transaction& tx) {
        tx.insert_declaration(make_declaration("40000000002", "90000000002"), "k", std::nullopt, 1);
    }));
    Declaration upgrade = make_declaration("40000000003", "90000000001");
    upgrade.application.tier = Tier::kTwoStar;
    REQUIRE(store->write(
        [&](Transaction& tx) { second = tx.insert_declaration(upgrade, "k", first, 2); }));
    std::optional<Declaration> old, live;
    REQUIRE(store->read([&](Transaction& tx) {
        old = tx.declaration(first);
        live = tx.find_live_declaration("corp:7000012050002");
    }));
    REQUIRE(old);
    REQUIRE(live);
    CHECK(old->state == DeclarationState::kSuperseded);
    CHECK(old->superseded_by == std::optional<std::int64_t>(second));
    CHECK(live->id == second);
    CHECK(live->user_number == "90000000001");
}

TEST_CASE("the outbox returns due mails in order and records attempts", "[store]") {
    test::TempDir dir;
    auto store = open_sqlite_store(dir.file("db.sqlite"));
    REQUIRE(store->write([&](Transaction& tx) {
        for (int i = 0; i < 5; ++i) {
            OutboxMail m;
            m.message_id = "m" + std::to_string(i) + "@x.example";
            m.kind = "completion";
            m.recipient = "a@x.example";
            m.envelope_from = "b@x.example";
            m.subject = "件名";
            m.bytes = std::string("raw\0bytes", 9);
            m.created_at = 100 + i;
            tx.enqueue_mail(m);
        }
    }));
    std::vector<OutboxMail> due;
    REQUIRE(store->read([&](Transaction& tx) { due = tx.due_mails(102, 0, 10); }));
    REQUIRE(due.size() == 3);
    CHECK(due[0].message_id == "m0@x.example");
    CHECK(due[0].bytes == std::string("raw\0bytes", 9));
    CHECK(due[0].state == MailState::kQueued);
    OutboxMail m = due[1];
    m.state = MailState::kDeferred;
    m.attempts = 1;
    m.next_attempt_at = 500;
    m.last_error = "451";
    REQUIRE(store->write([&](Transaction& tx) { tx.record_attempt(m); }));
    REQUIRE(store->read([&](Transaction& tx) { due = tx.due_mails(200, 0, 10); }));
    CHECK(due.size() == 4);
    REQUIRE(store->read([&](Transaction& tx) { due = tx.due_mails(500, due[0].id, 2); }));
    REQUIRE(due.size() == 2);
    CHECK(due[0].message_id == "m1@x.example");
    CHECK(due[0].state == MailState::kDeferred);
    CHECK(due[0].attempts == 1);
}

TEST_CASE("a database from a newer release is refused", "[store]") {
    test::TempDir dir;
    {
        auto db = sqlite::Database::open(dir.file("db.sqlite"), 1000);
        db->exec("PRAGMA user_version = 999");
    }
    try {
        open_sqlite_store(dir.file("db.sqlite"));
        FAIL("opened a database from the future");
    } catch (const Error& e) {
        CHECK(e.code() == Status::Code::kConfig);
    }
}

TEST_CASE("names accepted before the search index existed are found after the migration",
          "[store]") {
    test::TempDir dir;
    {
        auto store = open_sqlite_store(dir.file("db.sqlite"));
        REQUIRE(store->write([&](Transaction& tx) {
            Declaration d = make_declaration("40000000001", "90000000001");
            d.application.business_name = "株式会社ヤマダワークス";
            std::int64_t row = tx.insert_declaration(d, "株式会社ヤマダワークス", std::nullopt, 1);
            tx.accept(row, 2);
        }));
    }
    {
        // Back to schema version 4, as a database from before the index would be.
        auto db = sqlite::Database::open(dir.file("db.sqlite"), 1000);
        db->exec("DROP TABLE search_gram_counts");
        db->exec("DROP TABLE search_grams");
        db->exec("ALTER TABLE outbox DROP COLUMN attempt_started_at");
        db->exec("ALTER TABLE outbox DROP COLUMN unrecorded_attempts");
        db->exec("ALTER TABLE intake_files DROP COLUMN encoding_evidence");
        db->exec("DROP INDEX declaration_flags_open_since");
        db->exec("ALTER TABLE declaration_flags DROP COLUMN closed_by");
        db->exec("ALTER TABLE declaration_flags DROP COLUMN closed_note");
        db->exec("PRAGMA user_version = 4");
    }
    auto store = open_sqlite_store(dir.file("db.sqlite"));
    for (const char* name : {"ヤマダ", "株式会社ヤマダワークス", "ダワ", "ヤ", ""}) {
        std::vector<PublicEntry> found;
        SearchQuery q;
        q.name_key = name;
        REQUIRE(store->read([&](Transaction& tx) { found = tx.search(q, 10); }));
        INFO(name);
        CHECK(found.size() == 1);
    }
    std::vector<PublicEntry> none;
    SearchQuery q;
    q.name_key = "ヤマモト";
    REQUIRE(store->read([&](Transaction& tx) { none = tx.search(q, 10); }));
    CHECK(none.empty());
}

TEST_CASE("the bigram counts follow acceptance, withdrawal and superseding", "[store]") {
    test::TempDir dir;
    auto store = open_sqlite_store(dir.file("db.sqlite"));
    auto counts_match = [&] {
        auto db = sqlite::Database::open(dir.file("db.sqlite"), 1000);
        auto& st = db->cached(
            "SELECT COUNT(*) FROM (SELECT gram, COUNT(*) AS n FROM search_grams GROUP BY gram) g "
            "FULL JOIN (SELECT gram, n FROM search_gram_counts WHERE n > 0) c USING (gram) "
            "WHERE g.n IS NOT c.n");
        st.step();
        return st.int64(0) == 0;
    };
    std::int64_t first = 0, second = 0;
    REQUIRE(store->write([&](Transaction& tx) {
        Declaration a = make_declaration("40000000001", "90000000001");
        first = tx.insert_declaration(a, "ヤマダワークスヤマダ", std::nullopt, 1);
        tx.accept(first, 2);
        Declaration b = make_declaration("40000000002", "90000000002");
        b.identity_key = "another business";
        second = tx.insert_declaration(b, "ヤマダ商店", std::nullopt, 1);
        tx.accept(second, 2);
    }));
    CHECK(counts_match());
    auto search = [&](const std::string& name) {
        std::vector<PublicEntry> found;
        SearchQuery q;
        q.name_key = name;
        REQUIRE(store->read([&](Transaction& tx) { found = tx.search(q, 10); }));
        return found.size();
    };
    CHECK(search("ヤマダ") == 2);
    CHECK(search("商店") == 1);
    CHECK(search("ダワ") == 1);
    CHECK(search("ダ商") == 1);
    REQUIRE(store->write([&](Transaction& tx) { tx.withdraw(second, "closed", 3); }));
    CHECK(counts_match());
    CHECK(search("ヤマダ") == 1);
    CHECK(search("商店") == 0);
}

TEST_CASE("flags are opened, listed oldest first, closed once with a note and who closed them",
          "[store]") {
    test::TempDir dir;
    auto store = open_sqlite_store(dir.file("db.sqlite"));
    std::int64_t row = 0, hold = 0, bounce = 0;
    REQUIRE(store->write([&](Transaction& tx) {
        row = tx.insert_declaration(make_declaration("40000000001", "90000000001"), "k",
                                    std::nullopt, 1);
        bounce = tx.open_flag(row, "bounce", "mail bounced", 20);
        hold = tx.open_flag(row, "hold", "書類を確認中", 10);
    }));
    CHECK(hold != bounce);
    std::vector<Flag> open;
    REQUIRE(store->read([&](Transaction& tx) { open = tx.open_flags(10); }));
    REQUIRE(open.size() == 2);
    CHECK(open[0].id == hold);  // opened first
    CHECK(open[0].note == "書類を確認中");
    bool closed = false, twice = true;
    REQUIRE(store->write([&](Transaction& tx) {
        closed = tx.close_flag(hold, "確認済み", "sato", 30);
        twice = tx.close_flag(hold, "again", "suzuki", 31);
    }));
    CHECK(closed);
    CHECK_FALSE(twice);
    std::optional<Flag> f;
    std::vector<Declaration> due;
    REQUIRE(store->read([&](Transaction& tx) {
        f = tx.flag(hold);
        open = tx.open_flags(10);
        due = tx.due_for_acceptance(2000, 0, 10);
    }));
    REQUIRE(f);
    CHECK(f->closed_at == std::optional<UnixTime>(30));
    CHECK(f->closed_by == "sato");
    CHECK(f->closed_note == "確認済み");
    REQUIRE(open.size() == 1);
    CHECK(open[0].id == bounce);
    CHECK(due.empty());  // the bounce flag is still open
    REQUIRE(store->write([&](Transaction& tx) { tx.close_flag(bounce, "ok", "sato", 40); }));
    REQUIRE(store->read([&](Transaction& tx) { due = tx.due_for_acceptance(2000, 0, 10); }));
    CHECK(due.size() == 1);
}

TEST_CASE("an upgrade carries the open flags over to the new declaration", "[store]") {
    test::TempDir dir;
    auto store = open_sqlite_store(dir.file("db.sqlite"));
    std::int64_t first = 0, second = 0, hold = 0;
    REQUIRE(store->write([&](Transaction& tx) {
        first = tx.insert_declaration(make_declaration("40000000001", "90000000001"), "k",
                                      std::nullopt, 1);
        hold = tx.open_flag(first, "hold", "確認中", 2);
        Declaration upgrade = make_declaration("40000000003", "90000000001");
        upgrade.application.tier = Tier::kTwoStar;
        second = tx.insert_declaration(upgrade, "k", first, 3);
    }));
    std::optional<Flag> f;
    REQUIRE(store->read([&](Transaction& tx) { f = tx.flag(hold); }));
    REQUIRE(f);
    CHECK(f->declaration_row == second);
    CHECK_FALSE(f->closed_at);
}

TEST_CASE("a new contact is deliverable, and an amended name is what the search finds", "[store]") {
    test::TempDir dir;
    auto store = open_sqlite_store(dir.file("db.sqlite"));
    std::int64_t row = 0;
    REQUIRE(store->write([&](Transaction& tx) {
        row = tx.insert_declaration(make_declaration("40000000001", "90000000001"),
                                    "やまだせいさくしょ", std::nullopt, 1);
        tx.accept(row, 2);
        tx.mark_contact_undeliverable(row);
    }));
    std::optional<Declaration> d;
    REQUIRE(store->read([&](Transaction& tx) { d = tx.declaration(row); }));
    REQUIRE(d);
    CHECK(d->contact_undeliverable);
    Application contact = d->application;
    contact.contact_name = "佐藤 花子";
    contact.contact_department = "";
    contact.contact_email = "sato@yamada-seisakusho.example";
    contact.contact_phone = "";
    REQUIRE(store->write([&](Transaction& tx) { tx.change_contact(row, contact); }));
    REQUIRE(store->read([&](Transaction& tx) { d = tx.declaration(row); }));
    CHECK_FALSE(d->contact_undeliverable);
    CHECK(d->application.contact_email == "sato@yamada-seisakusho.example");
    CHECK(d->application.contact_name == "佐藤 花子");
    CHECK(d->application.contact_department.empty());
    CHECK(d->application.business_name == "株式会社山田製作所");  // nothing else changes

    Declaration amended = *d;
    amended.application.business_name = "株式会社ヤマダホールディングス";
    amended.application.employees = 30;
    REQUIRE(store->write(
        [&](Transaction& tx) { tx.amend_declaration(amended, "やまだほーるでぃんぐす"); }));
    auto search = [&](const std::string& key) {
        std::vector<PublicEntry> found;
        SearchQuery q;
        q.name_key = key;
        REQUIRE(store->read([&](Transaction& tx) { found = tx.search(q, 10); }));
        return found;
    };
    CHECK(search("せいさく").empty());
    REQUIRE(search("ほーるでぃんぐ").size() == 1);
    CHECK(search("ほーるでぃんぐ")[0].name == "株式会社ヤマダホールディングス");
    REQUIRE(store->read([&](Transaction& tx) { d = tx.declaration(row); }));
    CHECK(d->application.employees == std::optional<std::int64_t>(30));
    CHECK(d->application.contact_email == "sato@yamada-seisakusho.example");
    CHECK(store->check_integrity());
    // Not for a declaration that is no longer live.
    REQUIRE(store->write([&](Transaction& tx) { tx.withdraw(row, "test", 3); }));
    CHECK_FALSE(store->write([&](Transaction& tx) { tx.change_contact(row, contact); }));
    CHECK_FALSE(store->write([&](Transaction& tx) { tx.amend_declaration(amended, "x"); }));
}
