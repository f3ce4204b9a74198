#include <catch2/catch.hpp>

#include "inbox/inbox_job.h"
#include "intake/intake_job.h"
#include "mail/base64.h"
#include "report/chart.h"
#include "report/digest.h"
#include "support/corpus.h"
#include "support/fake_mailbox.h"
#include "support/fixtures.h"
#include "support/job_fixture.h"

using namespace sa;

namespace {

// A secretariat with something of everything the digest lists.
struct Office {
    test::JobFixture f;

    Office() {
        Application bad = test::corporation_application("D-bad");
        bad.contact_email = "no-at-sign";
        f.drop("a.csv", test::csv_header() + test::csv_line(test::corporation_application("D-1")) +
                            test::csv_line(test::sole_proprietor_application("D-2")) +
                            test::csv_line(bad));
        intake::IntakeSettings s;
        s.spool_dir = f.spool;
        REQUIRE(intake::IntakeJob(*f.store, *f.renderer, f.clock, f.random, s, f.log).run(false));
        // Mails in each state that needs attention.
        REQUIRE(f.store->write([&](Transaction& tx) {
            auto mails = tx.due_mails(f.clock.now(), 0, 10);
            REQUIRE(mails.size() == 2);
            mails[0].state = MailState::kDeferred;
            mails[0].attempts = 2;
            mails[0].last_error = "451 4.3.0 try later";
            tx.record_attempt(mails[0]);
            mails[1].state = MailState::kUnknown;
            mails[1].attempts = 1;
            mails[1].last_error = "no reply after the final dot";
            tx.record_attempt(mails[1]);
        }));
        // Two messages for a person, one of them a day old.
        test::FakeMailbox box;
        box.append(
            "From: <x@other.example>\r\nSubject: =?UTF-8?B?44Ot44K0?=\r\nMessage-ID: "
            "<a@o.example>\r\n\r\nロゴについて\r\n");
        inbox::InboxSettings is;
        is.mailbox_name = "box";
        is.morphology = test::morphology();
        f.clock.advance(-86400);
        REQUIRE(inbox::InboxJob(*f.store, box, *f.renderer, f.clock, is, f.log).run(false));
        f.clock.advance(86400);
        box.append(
            "From: <y@other.example>\r\nSubject: q\r\nMessage-ID: "
            "<b@o.example>\r\n\r\n担当者変更です\r\n");
        REQUIRE(inbox::InboxJob(*f.store, box, *f.renderer, f.clock, is, f.log).run(false));
    }
};

}  // namespace

TEST_CASE("the digest lists what needs the staff's attention", "[report]") {
    Office o;
    auto d = report::collect(*o.f.store, o.f.clock.now(), 540);
    REQUIRE(d);
    CHECK(d->waiting.size() == 2);
    CHECK(d->waiting[0].received_at < d->waiting[1].received_at);  // oldest first
    CHECK(d->deferred.size() == 1);
    CHECK(d->unknown.size() == 1);
    CHECK(d->rejected.size() == 1);
    CHECK(d->series.days.size() == 30);
    CHECK(d->series.intake.back() == 3);
    CHECK(d->series.backlog.back() == 2);
    CHECK(d->series.backlog[28] == 1);  // yesterday: one was waiting

    std::string text = report::to_text(*d);
    CHECK(text.find("■ 対応待ちのお問い合わせ: 2 件 (古い順)") != std::string::npos);
    CHECK(text.find("451 4.3.0 try later") != std::string::npos);
    CHECK(text.find("no reply after the final dot") != std::string::npos);
    CHECK(text.find("(contact_email): ") != std::string::npos);
    CHECK(text.find("D-bad") != std::string::npos);

    std::string svg = report::to_svg(*d);
    CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
    CHECK(svg.find("申込み (合計 3)") != std::string::npos);
    CHECK(svg.find("対応待ち (現在 2)") != std::string::npos);

    std::string html = report::to_html(*d);
    CHECK(html.find("<table id=\"counts\">") != std::string::npos);
    CHECK(html.find(svg) != std::string::npos);
}

TEST_CASE("the digest mail carries the chart as an inline SVG part and the page attached",
          "[report]") {
    Office o;
    auto d = report::collect(*o.f.store, o.f.clock.now(), 540);
    REQUIRE(d);
    auto mail = report::to_mail(*d, *o.f.renderer, "staff@sa-secretariat.example");
    REQUIRE(mail);
    const std::string& b = mail->bytes;
    CHECK(mail->kind == "digest");
    CHECK(b.find("Content-Type: multipart/mixed; boundary=") != std::string::npos);
    CHECK(b.find("Content-Type: image/svg+xml\r\nContent-Transfer-Encoding: base64\r\nContent-ID: "
                 "<chart.") != std::string::npos);
    CHECK(b.find("Content-Disposition: inline; filename=\"chart.svg\"") != std::string::npos);
    CHECK(b.find("Content-Disposition: attachment; filename=\"report.html\"") != std::string::npos);
    CHECK(b.find("To: <staff@sa-secretariat.example>") != std::string::npos);
    // The SVG part decodes to the chart.
    std::size_t at = b.find("filename=\"chart.svg\"\r\n\r\n") + 24;
    std::string svg = mime::base64_decode(b.substr(at, b.find("\r\n--", at) - at));
    CHECK(svg == report::to_svg(*d));
}

TEST_CASE("the chart scales and labels its series", "[report]") {
    std::string svg =
        report::svg_chart("t", {"2026-11-01", "2026-11-02", "2026-11-03"},
                          {{"a", "#000", {1, 5, 2}, false}, {"b", "#f00", {0, 3, 7}, true}});
    CHECK(svg.find(">8</text>") != std::string::npos);  // the scale rounds 7 up to 8
    CHECK(svg.find("a (合計 8)") != std::string::npos);
    CHECK(svg.find("b (現在 7)") != std::string::npos);
    CHECK(svg.find("<polyline") != std::string::npos);
    CHECK(svg.find("<title>2026-11-02 a 5</title>") != std::string::npos);
    CHECK(report::svg_chart("<x>", {}, {}).find("&lt;x&gt;") != std::string::npos);
}

TEST_CASE("the chart escapes quotes too: a label is also an attribute value", "[report]") {
    std::string svg =
        report::svg_chart("t", {"2026-11-01"}, {{"a\" onload=\"x' &<", "#000", {1}, false}});
    CHECK(svg.find("data-label=\"a&quot; onload=&quot;x&#39; &amp;&lt;\"") != std::string::npos);
    CHECK(svg.find("onload=\"") == std::string::npos);
}

TEST_CASE("the digest and its page speak Japanese to staff", "[report]") {
    Office o;
    REQUIRE(o.f.store->write([&](Transaction& tx) {
        auto live = tx.find_live_declaration("corp:7000012050002");
        REQUIRE(live);
        tx.open_flag(live->id, "hold", "書類を確認中", o.f.clock.now());
    }));
    auto d = report::collect(*o.f.store, o.f.clock.now(), 540);
    REQUIRE(d);
    const std::string text = report::to_text(*d), html = report::to_html(*d),
                      svg = report::to_svg(*d);
    // Intents, mail kinds and states by their Japanese names.
    CHECK(text.find("担当者変更") != std::string::npos);
    for (const char* english : {"contact_change", " other ", "(deferred)", "(failed)", "unknown,",
                                " completion ", "valid UTF-8 throughout", "multi-byte"}) {
        INFO(english);
        CHECK(text.find(english) == std::string::npos);
    }
    for (const char* english : {">contact_change<", ">deferred<", ">unknown<", ">completion<",
                                "valid UTF-8 throughout"}) {
        INFO(english);
        CHECK(html.find(english) == std::string::npos);
    }
    // The rejected record's reason: the field by its Japanese name, the reason in Japanese.
    CHECK(text.find("担当者メールアドレス (contact_email)") != std::string::npos);
    CHECK(text.find("is not an e-mail address") == std::string::npos);
    CHECK(svg.find("申込み (合計 3)") != std::string::npos);
    CHECK(svg.find("対応待ち (現在 2)") != std::string::npos);
    CHECK(svg.find("total") == std::string::npos);
    // The open flags, for the clerk to close.
    CHECK(text.find("■ 確認待ちのフラグ: 1 件") != std::string::npos);
    CHECK(text.find("保留") != std::string::npos);
    CHECK(text.find("書類を確認中") != std::string::npos);
    CHECK(html.find("<table id=\"flags\">") != std::string::npos);
    CHECK(html.find("<td>保留</td>") != std::string::npos);
    // The encoding's evidence in Japanese.
    CHECK(text.find("全体が正しいUTF-8、マルチバイト文字") != std::string::npos);
}
