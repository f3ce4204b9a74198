#include <catch2/catch.hpp>

#include "domain/ids.h"
#include "inbox/inbox_job.h"
#include "intake/intake_job.h"
#include "mail/base64.h"
#include "support/corpus.h"
#include "support/fake_mailbox.h"
#include "support/fixtures.h"
#include "support/job_fixture.h"

using namespace sa;
using namespace sa::inbox;

namespace {

const char* kTanaka = "tanaka@yamada-seisakusho.example";
const char* kSuzuki = "suzuki@suzuki-koumuten.example";

// A plain UTF-8 inquiry.
std::string inquiry(const std::string& from, const std::string& body, const std::string& extra = "",
                    const std::string& id = "") {
    static int n = 0;
    std::string message_id =
        id.empty() ? "q" + std::to_string(++n) + "@" + from.substr(from.find('@') + 1) : id;
    return test::inquiry_mail(from, body, message_id, extra);
}

struct Setup {
    test::JobFixture f;
    test::FakeMailbox box;
    Declaration corp, sole;

    Setup() {
        Application sole_app = test::sole_proprietor_application("S-1");
        f.drop("seed.csv", test::csv_header() +
                               test::csv_line(test::corporation_application("C-1")) +
                               test::csv_line(sole_app));
        intake::IntakeSettings s;
        s.spool_dir = f.spool;
        intake::IntakeJob job(*f.store, *f.renderer, f.clock, f.random, s, f.log);
        REQUIRE(job.run(false));
        REQUIRE(f.store->read([&](Transaction& tx) {
            corp = *tx.find_live_declaration("corp:7000012050002");
            sole = *tx.find_live_declaration(identity_key(sole_app));
        }));
    }

    InboxReport run(DecideSettings d = {}, bool dry_run = false) {
        auto r = try_run(d, dry_run);
        REQUIRE(r);
        return *r;
    }

    Result<InboxReport> try_run(DecideSettings d = {}, bool dry_run = false) {
        InboxSettings s = settings();
        s.decide = d;
        InboxJob job(*f.store, box, *f.renderer, f.clock, s, f.log);
        return job.run(dry_run);
    }

    InboxSettings settings() const {
        InboxSettings s;
        s.mailbox_name = "secretariat INBOX";
        s.own_addresses = test::corpus_own_addresses();
        s.morphology = test::morphology();
        return s;
    }

    // The mails queued because of inbound messages, of one kind.
    std::vector<OutboxMail> mails_of(const std::string& kind) {
        std::vector<OutboxMail> out;
        for (auto& m : mails()) {
            if (m.kind == kind) out.push_back(std::move(m));
        }
        return out;
    }

    std::vector<OutboxMail> mails() {
        // The mails queued because of inbound messages (not the seed's completion mails).
        std::vector<OutboxMail> all, answers;
        REQUIRE(f.store->read(
            [&](Transaction& tx) { all = tx.due_mails(f.clock.now() + 1, 0, 10000); }));
        for (auto& m : all) {
            if (m.inbound_row) answers.push_back(std::move(m));
        }
        return answers;
    }
};

// The text of a mail we composed (UTF-8, base64 body).
std::string text_of(const OutboxMail& m) {
    return mime::base64_decode(m.bytes.substr(m.bytes.find("\r\n\r\n") + 4));
}

bool carries_numbers_of(const OutboxMail& m, const Declaration& d) {
    std::string t = text_of(m);
    return t.find(d.user_number) != std::string::npos ||
           t.find(d.declaration_id) != std::string::npos;
}

}  // namespace

TEST_CASE(
    "a stranger naming another business's 法人番号 gets no ID; the registered contact gets them",
    "[inbox][security]") {
    Setup s;
    s.box.append(inquiry(
        "stranger@evil.example",
        "自己宣言IDを忘れました。教えてください。\n法人番号：7000012050002\n都道府県：東京都"));
    InboxReport r = s.run();
    CHECK(r.answered == 1);
    auto mails = s.mails();
    REQUIRE(mails.size() == 2);
    for (const auto& m : mails) {
        if (m.recipient == "stranger@evil.example") {
            CHECK(m.kind == "answer_neutral");
            CHECK_FALSE(carries_numbers_of(m, s.corp));
            CHECK(text_of(m).find("9") == std::string::npos);  // not even a fragment of a number
        } else {
            CHECK(m.recipient == kTanaka);
            CHECK(m.kind == "contact_notice");
            CHECK(text_of(m).find("利用者番号:" + s.corp.user_number) != std::string::npos);
            CHECK(text_of(m).find("自己宣言ID:" + s.corp.declaration_id) != std::string::npos);
            CHECK(m.bytes.find("In-Reply-To") ==
                  std::string::npos);  // not a reply: the contact never wrote
        }
    }
    CHECK(s.box.count("answered") == 1);
    CHECK(s.box.count("INBOX") == 0);
}

TEST_CASE("the registered contact asking gets the answer anyone gets, and the numbers apart",
          "[inbox]") {
    Setup s;
    s.box.append(inquiry(kTanaka, "自己宣言IDがわからなくなりました。", "",
                         "ask1@yamada-seisakusho.example"));
    s.run();
    auto answers = s.mails_of("answer_neutral");
    REQUIRE(answers.size() == 1);
    CHECK(answers[0].recipient == kTanaka);
    CHECK_FALSE(carries_numbers_of(answers[0], s.corp));
    CHECK(answers[0].bytes.find("In-Reply-To: <ask1@yamada-seisakusho.example>\r\n") !=
          std::string::npos);
    CHECK(answers[0].bytes.find("Auto-Submitted: auto-replied\r\n") != std::string::npos);
    auto notices = s.mails_of("contact_notice");
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].recipient == kTanaka);
    CHECK(carries_numbers_of(notices[0], s.corp));
    CHECK(notices[0].inbound_row.has_value());
    CHECK(s.mails().size() == 2);
}

TEST_CASE("every key SPEC §4 lists finds the declaration", "[inbox]") {
    Setup s;
    s.box.append(
        inquiry("a@other.example",
                "IDを忘れました。\n屋号：鈴木工務店\n代表者：鈴木 次郎\n所在地：北海道札幌市"));
    s.box.append(inquiry("b@other.example",
                         "IDを忘れました。自己宣言IDは " + s.sole.declaration_id + " のはずです"));
    s.box.append(inquiry("c@other.example", "IDを忘れました。利用者番号 " + s.sole.user_number));
    s.box.append(inquiry(kSuzuki, "IDを忘れました。"));
    s.run();
    int notices = 0;
    for (const auto& m : s.mails()) {
        if (carries_numbers_of(m, s.sole)) {
            CHECK(m.recipient == kSuzuki);
            ++notices;
        }
    }
    CHECK(notices == 2);  // the business cap (2 a day) stops the rest
    std::int64_t linked =
        s.f.count("SELECT COUNT(*) FROM inbound_messages WHERE declaration_id = " +
                  std::to_string(s.sole.id));
    CHECK(linked == 4);
}

TEST_CASE("what cannot be looked up goes to a person with one acknowledgement", "[inbox]") {
    Setup s;
    // Two keys naming two different businesses.
    s.box.append(inquiry("x@other.example", "IDを忘れました。法人番号7000012050002、自己宣言ID " +
                                                s.sole.declaration_id));
    // A 法人番号 registered in another prefecture.
    s.box.append(
        inquiry("y@other.example", "IDを忘れました。法人番号：7000012050002 都道府県：大阪府"));
    InboxReport r = s.run();
    CHECK(r.needs_person == 2);
    auto mails = s.mails();
    REQUIRE(mails.size() == 2);
    for (const auto& m : mails) CHECK(m.kind == "answer_neutral");
    CHECK(s.box.count("needs-person") == 2);
}

TEST_CASE("a status inquiry about an unknown business is told how to check and apply", "[inbox]") {
    Setup s;
    s.box.append(inquiry("z@other.example",
                         "弊社が以前に宣言したかどうか分かりません。法人番号：1180301018771"));
    s.run();
    auto mails = s.mails();
    REQUIRE(mails.size() == 1);
    CHECK(mails[0].kind == "answer_neutral");
    CHECK(text_of(mails[0]).find("https://") != std::string::npos);
}

TEST_CASE("which number: the explanation, to the sender", "[inbox]") {
    Setup s;
    s.box.append(
        inquiry("w@other.example", "9から始まる番号と4から始まる番号、どちらを使えばよいですか"));
    s.run();
    auto mails = s.mails();
    REQUIRE(mails.size() == 1);
    CHECK(mails[0].kind == "answer_which_number");
    CHECK(text_of(mails[0]).find("4から始まる番号:自己宣言ID") != std::string::npos);
}

TEST_CASE("a resend request gets the completion mail again, with a new Message-ID", "[inbox]") {
    Setup s;
    s.box.append(inquiry(kTanaka, "自己宣言完了のメールを削除してしまったので再送してください"));
    s.run();
    auto mails = s.mails_of("completion");
    REQUIRE(mails.size() == 1);
    std::optional<OutboxMail> original;
    REQUIRE(s.f.store->read([&](Transaction& tx) { original = tx.mail(*mails[0].resend_of); }));
    REQUIRE(original);
    CHECK(original->kind == "completion");
    CHECK(mails[0].recipient == kTanaka);
    CHECK(mails[0].message_id != original->message_id);
    CHECK(text_of(mails[0]) == text_of(*original));
    CHECK(mails[0].bytes.find("Message-ID: <" + mails[0].message_id + ">") != std::string::npos);
}

TEST_CASE("automatic mail is never answered (RFC 3834)", "[inbox]") {
    Setup s;
    const std::string ask = "自己宣言IDを忘れました。法人番号：7000012050002";
    s.box.append(inquiry("a@x.example", ask, "Auto-Submitted: auto-replied\r\n"));
    s.box.append(inquiry("b@x.example", ask, "Precedence: bulk\r\n"));
    s.box.append(inquiry("c@x.example", ask, "List-Id: <list.x.example>\r\n"));
    s.box.append(inquiry("d@x.example", ask, "X-Auto-Response-Suppress: All\r\n"));
    s.box.append(inquiry("noreply@sa-secretariat.example", ask));
    std::string no_sender = inquiry("e@x.example", ask);
    no_sender.replace(0, no_sender.find("\r\n"), "Return-Path: <>");
    s.box.append(no_sender);
    s.run();
    CHECK(s.mails().empty());
    CHECK(s.box.count("INBOX") == 0);
    CHECK(s.f.count("SELECT COUNT(*) FROM inbound_messages WHERE reasons LIKE '%no automatic "
                    "answer%' OR outcome = 'ignored'") == 6);
}

TEST_CASE("a flood hits the caps", "[inbox][security]") {
    Setup s;
    // One stranger walking the register: at most 3 automatic answers a day.
    for (int i = 0; i < 10; ++i)
        s.box.append(inquiry("walker@evil.example", "IDを忘れました。法人番号：7000012050002"));
    // Many strangers asking about one business: at most 2 ID mails for it a day.
    for (int i = 0; i < 10; ++i) {
        s.box.append(
            inquiry("r" + std::to_string(i) + "@evil.example",
                    "IDを忘れました。屋号：鈴木工務店 \n代表者：鈴木 次郎\n都道府県：北海道"));
    }
    s.run();
    int to_walker = 0, corp_notices = 0, sole_notices = 0;
    for (const auto& m : s.mails()) {
        if (m.recipient == "walker@evil.example") ++to_walker;
        if (m.recipient == kTanaka) ++corp_notices;
        if (m.recipient == kSuzuki) ++sole_notices;
        if (m.recipient.find("evil") != std::string::npos) {
            CHECK_FALSE(carries_numbers_of(m, s.corp));
            CHECK_FALSE(carries_numbers_of(m, s.sole));
        }
    }
    CHECK(to_walker <= 3);
    CHECK(corp_notices <= 2);
    CHECK(sole_notices == 2);
    CHECK(s.f.count("SELECT COUNT(*) FROM inbound_messages WHERE reasons LIKE '%cap:%'") >= 15);
    // The next day the caps start again.
    s.f.clock.advance(86400);
    s.box.append(inquiry("walker@evil.example", "IDを忘れました。法人番号：7000012050002"));
    s.run();
    CHECK(s.f.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'walker@evil.example'") ==
          to_walker + 1);
}

TEST_CASE("a bounce marks the registered contact undeliverable and links the mail that bounced",
          "[inbox]") {
    Setup s;
    std::vector<OutboxMail> completions;
    REQUIRE(s.f.store->read(
        [&](Transaction& tx) { completions = tx.mails_for_declaration(s.corp.id); }));
    REQUIRE_FALSE(completions.empty());
    std::string dsn =
        "Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.example (Mail Delivery System)\r\n"
        "To: security-action-info@sa-secretariat.example\r\nSubject: Undelivered Mail Returned to "
        "Sender\r\n"
        "Message-ID: <dsn1@mx.example>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
        "--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you...\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
        "Final-Recipient: rfc822; " +
        std::string(kTanaka) +
        "\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: noreply@sa-secretariat.example\r\n"
        "Message-ID: <" +
        completions[0].message_id + ">\r\nSubject: x\r\n\r\n--B--\r\n";
    s.box.append(dsn);
    InboxReport r = s.run();
    CHECK(r.needs_person == 1);
    CHECK(s.mails().empty());
    CHECK(s.f.count("SELECT contact_undeliverable FROM declarations WHERE id = " +
                    std::to_string(s.corp.id)) == 1);
    CHECK(s.f.count("SELECT bounced_mail_id FROM inbound_messages") == completions[0].id);
    CHECK(
        s.f.count(
            "SELECT COUNT(*) FROM declaration_flags WHERE kind = 'bounce' AND closed_at IS NULL") ==
        1);
    // An ID request for that business now goes to a person: the contact cannot be reached.
    s.box.append(inquiry(kTanaka, "IDを忘れました。"));
    s.run();
    CHECK(s.f.count("SELECT COUNT(*) FROM outbox WHERE kind = 'contact_notice'") == 0);
}

TEST_CASE("killed between commit and move, a re-run answers nothing twice", "[inbox][crash]") {
    Setup s;
    for (int i = 0; i < 5; ++i)
        s.box.append(inquiry("p" + std::to_string(i) + "@other.example",
                             "9から始まる番号と4から始まる番号、どちらですか"));
    s.box.moves_before_failure = 2;
    auto first = s.try_run();
    REQUIRE_FALSE(first);
    CHECK(first.status().code() == Status::Code::kUnavailable);
    CHECK(s.box.count("INBOX") == 3);
    CHECK(s.mails().size() == 5);  // all five were decided and committed before the moves
    s.box.moves_before_failure = -1;
    InboxReport second = s.run();
    CHECK(second.moved_only == 3);
    CHECK(second.answered == 0);
    CHECK(s.mails().size() == 5);
    CHECK(s.box.count("INBOX") == 0);
    CHECK(s.box.count("answered") == 5);
}

TEST_CASE("a changed UIDVALIDITY does not make old messages new", "[inbox][crash]") {
    Setup s;
    s.box.append(inquiry("p@other.example", "9から始まる番号と4から始まる番号、どちらですか"));
    s.box.moves_before_failure = 0;
    REQUIRE_FALSE(s.try_run());
    s.box.renumber();
    s.box.moves_before_failure = -1;
    InboxReport r = s.run();
    CHECK(r.moved_only == 1);
    CHECK(s.mails().size() == 1);
    CHECK(s.box.count("answered") == 1);
}

TEST_CASE("messages are fetched in batches of inbox.batch_messages and inbox.batch_bytes",
          "[inbox]") {
    Setup s;
    for (int i = 0; i < 45; ++i)
        s.box.append(
            inquiry("b" + std::to_string(i) + "@other.example", "ロゴの色について質問です"));
    InboxSettings few = s.settings();
    few.batch_messages = 20;
    REQUIRE(InboxJob(*s.f.store, s.box, *s.f.renderer, s.f.clock, few, s.f.log).run(false));
    CHECK(s.box.fetch_sizes == std::vector<std::size_t>{20, 20, 5});
    CHECK(s.box.count("needs-person") == 45);

    Setup big;
    for (int i = 0; i < 5; ++i) {
        big.box.append(
            inquiry("c" + std::to_string(i) + "@other.example", std::string(60 << 10, 'x')));
    }
    InboxSettings small = big.settings();
    small.batch_bytes = 150 << 10;  // two of them
    REQUIRE(
        InboxJob(*big.f.store, big.box, *big.f.renderer, big.f.clock, small, big.f.log).run(false));
    CHECK(big.box.fetch_sizes == std::vector<std::size_t>{2, 2, 1});
}

TEST_CASE("a connection dropped mid-FETCH loses nothing", "[inbox][crash]") {
    Setup s;
    for (int i = 0; i < 205; ++i)
        s.box.append(inquiry("f" + std::to_string(i) + "@other.example",
                             "9から始まる番号と4から始まる番号、どちらですか"));
    DecideSettings generous;
    generous.max_answers_per_domain_per_day = 1000;
    s.box.fetches_before_failure = 1;  // the second batch's fetch fails
    REQUIRE_FALSE(s.try_run(generous));
    CHECK(s.box.count("answered") == 200);
    CHECK(s.box.count("INBOX") == 5);
    s.box.fetches_before_failure = -1;
    s.run(generous);
    CHECK(s.mails().size() == 205);
    CHECK(s.box.count("answered") == 205);
}

TEST_CASE("a message too large is not fetched; its header is kept and a person decides",
          "[inbox][limits]") {
    Setup s;
    std::string big = inquiry("big@other.example", std::string(2000, 'x'));
    s.box.append(big);
    DecideSettings d;
    InboxSettings settings;
    settings.mailbox_name = "secretariat INBOX";
    settings.limits.max_message_bytes = 1000;
    settings.own_addresses = test::corpus_own_addresses();
    settings.morphology = test::morphology();
    InboxJob job(*s.f.store, s.box, *s.f.renderer, s.f.clock, settings, s.f.log);
    auto r = job.run(false);
    REQUIRE(r);
    CHECK(r->needs_person == 1);
    CHECK(s.f.count("SELECT raw_complete FROM inbound_messages") == 0);
    CHECK(s.f.count("SELECT length(raw) < 1000 FROM inbound_messages") == 1);
    CHECK(s.box.count("needs-person") == 1);
}

TEST_CASE("a dry run decides but changes nothing", "[inbox]") {
    Setup s;
    s.box.append(inquiry(kTanaka, "自己宣言IDがわからなくなりました。"));
    InboxReport r = s.run({}, true);
    CHECK(r.answered == 1);
    CHECK(r.mails_queued == 2);
    CHECK(s.mails().empty());
    CHECK(s.f.count("SELECT COUNT(*) FROM inbound_messages") == 0);
    CHECK(s.box.count("INBOX") == 1);
}

TEST_CASE("the security invariant holds over the whole corpus", "[inbox][security]") {
    // Every business a corpus mail names is registered, each with its own contact; whoever
    // writes, a mail carrying numbers goes to that business's registered contact only.
    Setup s;
    auto cases = test::load_corpus("inbound");
    std::string csv = test::csv_header();
    int n = 0;
    for (const auto& c : cases) {
        Application a = test::corporation_application("INV-" + std::to_string(++n));
        if (!c.corporate_number.empty() && c.corporate_number != "7000012050002") {
            a.corporate_number = c.corporate_number;
            if (!c.prefecture.empty()) a.prefecture = c.prefecture;
        } else if (!c.trade_name.empty() && !c.representative_name.empty() &&
                   !c.prefecture.empty()) {
            a = test::sole_proprietor_application("INV-" + std::to_string(n));
            a.trade_name = c.trade_name;
            a.representative_name = c.representative_name;
            a.prefecture = c.prefecture;
        } else {
            continue;
        }
        a.contact_email = "contact" + std::to_string(n) + "@registered.example";
        csv += test::csv_line(a);
    }
    s.f.drop("corpus-businesses.csv", csv);
    intake::IntakeSettings is;
    is.spool_dir = s.f.spool;
    intake::IntakeJob job(*s.f.store, *s.f.renderer, s.f.clock, s.f.random, is, s.f.log);
    REQUIRE(job.run(false));
    for (const auto& c : cases) s.box.append(c.raw);
    DecideSettings generous;
    generous.max_answers_per_sender_per_day = 100;
    generous.max_id_answers_per_business_per_day = 100;
    s.run(generous);
    std::vector<Declaration> all;
    REQUIRE(s.f.store->read([&](Transaction& tx) {
        for (std::int64_t row = 1; auto d = tx.declaration(row); ++row) all.push_back(*d);
    }));
    int id_mails = 0;
    for (const auto& m : s.mails()) {
        for (const auto& d : all) {
            if (carries_numbers_of(m, d)) {
                ++id_mails;
                CHECK(m.recipient == d.application.contact_email);
            }
        }
    }
    CHECK(id_mails > 5);
    CHECK(s.box.count("INBOX") == 0);
}

// --- hostile mail (the inbox under attack) -------------------------------------------------

TEST_CASE("a message the composer cannot thread on or answer is its own outcome, not the batch's",
          "[inbox][security]") {
    Setup s;
    const std::string ask = "9から始まる番号と4から始まる番号、どちらを使えばよいですか";
    // Message-IDs a web form writes without '@', too long, not ASCII.
    s.box.append(inquiry("a@other.example", ask, "", "20261201100000.4242"));
    s.box.append(inquiry("b@other.example", ask, "", std::string(300, 'x') + "@long.example"));
    s.box.append(inquiry("c@other.example", ask, "", "メッセージ@例え.jp"));
    // A sender the reader takes but the composer refuses, with no Return-Path.
    std::string idn = test::inquiry_mail("tantou@例え.jp", ask, "d@other.example");
    idn.erase(0, idn.find("\r\n") + 2);  // no Return-Path line
    s.box.append(idn);
    s.box.append(inquiry("e@other.example", ask));
    auto r = s.try_run();
    REQUIRE(r);
    CHECK(r->answered == 4);
    CHECK(r->needs_person == 1);
    CHECK(s.box.count("INBOX") == 0);
    auto answers = s.mails_of("answer_which_number");
    REQUIRE(answers.size() == 4);
    int threaded = 0;
    for (const auto& m : answers) threaded += m.bytes.find("In-Reply-To:") != std::string::npos;
    CHECK(threaded == 1);  // only e@'s Message-ID can be written back
    CHECK(s.f.count("SELECT COUNT(*) FROM inbound_messages WHERE reasons LIKE '%cannot be "
                    "written into a mail header%' AND outcome = 'needs_person'") == 1);
}

TEST_CASE("what a requester receives does not depend on what the store holds",
          "[inbox][security]") {
    // Each pair differs only in whether the store knows what the mail names.
    struct Pair {
        std::string known, unknown;
    };
    Setup probe;
    const std::vector<Pair> pairs = {
        {"自己宣言IDを忘れました。法人番号：7000012050002 都道府県：東京都",
         "自己宣言IDを忘れました。法人番号：1180301018771 都道府県：東京都"},
        {"弊社は宣言していますか。屋号：鈴木工務店 代表者：鈴木 次郎 都道府県：北海道",
         "弊社は宣言していますか。屋号：佐藤商店 代表者：佐藤 花子 都道府県：北海道"},
        {"利用者番号 " + probe.sole.user_number + " の自己宣言IDを教えてください",
         "利用者番号 " + make_id(IdKind::kUserNumber, probe.f.random) +
             " の自己宣言IDを教えてください"},
        {"完了メールを再送してください。自己宣言ID " + probe.corp.declaration_id,
         "完了メールを再送してください。自己宣言ID " +
             make_id(IdKind::kDeclarationId, probe.f.random)},
    };
    for (const auto& p : pairs) {
        std::string texts[2];
        for (int i = 0; i < 2; ++i) {
            Setup s;
            s.box.append(inquiry("stranger@evil.example", i == 0 ? p.known : p.unknown));
            s.run();
            std::string got;
            for (const auto& m : s.mails()) {
                if (m.recipient != "stranger@evil.example") continue;
                got += m.subject + "\n" + text_of(m);
            }
            texts[i] = got;
        }
        INFO(p.known);
        CHECK_FALSE(texts[0].empty());
        CHECK(texts[0] == texts[1]);
    }
}

TEST_CASE("the reply address decides and is answered, whatever From says", "[inbox][security]") {
    // From names the registered contact, the envelope sender is the stranger.
    Setup forged;
    std::string m = inquiry(kTanaka, "自己宣言IDを忘れました。教えてください。");
    m.replace(0, m.find("\r\n"), "Return-Path: <stranger@evil.example>");
    forged.box.append(m);
    forged.run();
    // From and envelope sender are the stranger.
    Setup honest;
    honest.box.append(inquiry("stranger@evil.example", "自己宣言IDを忘れました。教えてください。"));
    honest.run();
    for (Setup* s : {&forged, &honest}) {
        auto mails = s->mails();
        REQUIRE(mails.size() == 1);
        CHECK(mails[0].recipient == "stranger@evil.example");
        CHECK(mails[0].kind == "answer_neutral");
        CHECK_FALSE(carries_numbers_of(mails[0], s->corp));
    }
    CHECK(text_of(forged.mails()[0]) == text_of(honest.mails()[0]));
}

TEST_CASE("a delivery report is believed only when it names a mail we sent to that address",
          "[inbox][security]") {
    Setup s;
    std::vector<OutboxMail> corp_mails;
    REQUIRE(s.f.store->read(
        [&](Transaction& tx) { corp_mails = tx.mails_for_declaration(s.corp.id); }));
    REQUIRE_FALSE(corp_mails.empty());
    const std::string sent_id = corp_mails[0].message_id;
    // From anyone, naming the contact, with no Message-ID of ours / an unknown one / ours but
    // sent to someone else.
    s.box.append(test::delivery_report(kTanaka, ""));
    s.box.append(test::delivery_report(kTanaka, "forged-" + sent_id));
    s.box.append(test::delivery_report("someone@else.example", sent_id));
    InboxReport r = s.run();
    CHECK(r.needs_person == 3);
    CHECK(s.f.count("SELECT contact_undeliverable FROM declarations WHERE id = " +
                    std::to_string(s.corp.id)) == 0);
    CHECK(s.f.count("SELECT COUNT(*) FROM declaration_flags WHERE kind = 'bounce'") == 0);
    CHECK(s.f.count("SELECT COUNT(*) FROM inbound_messages WHERE reasons LIKE '%not believed%'") ==
          3);
    // Ours, to that address: believed.
    s.box.append(test::delivery_report(kTanaka, sent_id));
    s.run();
    CHECK(s.f.count("SELECT contact_undeliverable FROM declarations WHERE id = " +
                    std::to_string(s.corp.id)) == 1);
}

TEST_CASE("a reply to one of our answers never gets another; its thread goes to a person once",
          "[inbox][security]") {
    Setup s;
    s.box.append(inquiry("loop@responder.example",
                         "9から始まる番号と4から始まる番号、どちらを使えばよいですか"));
    s.run();
    auto first = s.mails_of("answer_which_number");
    REQUIRE(first.size() == 1);
    // A header-less auto-responder quoting our answer, three times in a day.
    for (int i = 0; i < 3; ++i) {
        s.box.append(
            inquiry("loop@responder.example",
                    "ただいま不在です。9から始まる番号と4から始まる番号、どちらを使えばよいですか",
                    "In-Reply-To: <" + first[0].message_id + ">\r\n"));
    }
    InboxReport r = s.run();
    CHECK(r.answered == 0);
    CHECK(r.needs_person == 1);
    CHECK(r.ignored == 2);
    CHECK(s.mails().size() == 1);
}

TEST_CASE("plus-address variants count as one address, and a domain has a cap of its own",
          "[inbox][security]") {
    Setup s;
    const std::string ask = "9から始まる番号と4から始まる番号、どちらを使えばよいですか";
    for (int i = 0; i < 6; ++i)
        s.box.append(inquiry("victim+" + std::to_string(i) + "@target.example", ask));
    DecideSettings d;
    d.max_answers_per_domain_per_day = 5;
    for (int i = 0; i < 6; ++i)
        s.box.append(inquiry("u" + std::to_string(i) + "@other-target.example", ask));
    s.run(d);
    int victim = 0, other = 0;
    for (const auto& m : s.mails()) {
        if (m.recipient.find("@target.example") != std::string::npos) ++victim;
        if (m.recipient.find("@other-target.example") != std::string::npos) ++other;
    }
    CHECK(victim == 3);
    CHECK(other == 5);
}

TEST_CASE("an answer keeps at most the last ten References", "[inbox]") {
    Setup s;
    std::string refs = "References:";
    for (int i = 0; i < 2723; ++i) refs += " <r" + std::to_string(i) + "@thread.example>";
    s.box.append(inquiry("w@other.example",
                         "9から始まる番号と4から始まる番号、どちらを使えばよいですか",
                         refs + "\r\n", "last@other.example"));
    s.run();
    auto mails = s.mails();
    REQUIRE(mails.size() == 1);
    const std::string& b = mails[0].bytes;
    const std::string head = b.substr(0, b.find("\r\n\r\n"));
    std::size_t count = 0;
    for (std::size_t p = head.find("@thread.example>"); p != std::string::npos;
         p = head.find("@thread.example>", p + 1))
        ++count;
    CHECK(count == 9);
    CHECK(head.find("<r2722@thread.example>") != std::string::npos);
    CHECK(head.find("<last@other.example>") != std::string::npos);
    CHECK(head.size() < 2000);
}

TEST_CASE("a dry run over many batches reports what the real run does", "[inbox]") {
    Setup s;
    for (int i = 0; i < 30; ++i)
        s.box.append(inquiry("walker@evil.example", "IDを忘れました。法人番号：7000012050002"));
    for (int i = 0; i < 30; ++i)
        s.box.append(inquiry("w" + std::to_string(i) + "@other.example",
                             "9から始まる番号と4から始まる番号、どちらですか"));
    s.box.append(inquiry("w0@other.example", "9から始まる番号と4から始まる番号、どちらですか", "",
                         "same@other.example"));
    s.box.append(inquiry("w0@other.example", "9から始まる番号と4から始まる番号、どちらですか", "",
                         "same@other.example"));
    InboxSettings few = s.settings();
    few.batch_messages = 7;
    auto dry = InboxJob(*s.f.store, s.box, *s.f.renderer, s.f.clock, few, s.f.log).run(true);
    REQUIRE(dry);
    auto real = InboxJob(*s.f.store, s.box, *s.f.renderer, s.f.clock, few, s.f.log).run(false);
    REQUIRE(real);
    CHECK(dry->answered == real->answered);
    CHECK(dry->needs_person == real->needs_person);
    CHECK(dry->ignored == real->ignored);
    CHECK(dry->moved_only == real->moved_only);
    CHECK(dry->mails_queued == real->mails_queued);
    CHECK(real->mails_queued == static_cast<int>(s.mails().size()));
}
