// The analysis in its isolated worker: every stage runs in the child, a crash or a hang costs
// only its message, and what crosses back is what the analysis in process gives.
#include <catch2/catch.hpp>

#include "inbox/analysis.h"
#include "inbox/html_text.h"
#include "support/corpus.h"

using namespace sa;
using namespace sa::inbox;

namespace {

std::string nested(int depth) {
    std::string head = "From: a@b.example\r\nMIME-Version: 1.0\r\n";
    std::string open, close;
    for (int i = 0; i < depth; ++i) {
        std::string b = "b" + std::to_string(i);
        open += "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\n--" + b + "\r\n";
        close = "\r\n--" + b + "--\r\n" + close;
    }
    return head + open + "Content-Type: text/plain\r\n\r\nhello\r\n" + close;
}

std::string plain(const std::string& body) {
    return "From: a@b.example\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
           body + "\r\n";
}

// Limits only each message's time: the worker itself must stop what goes wrong.
AnalysisSettings unbounded(int timeout_seconds) {
    AnalysisSettings s{{}, test::corpus_own_addresses(), test::morphology()};
    s.limits.max_parts = 10000000;
    s.limits.max_depth = 10000000;
    s.limits.max_message_bytes = 100u << 20;
    s.limits.max_header_line_bytes = 100u << 20;
    s.limits.timeout_seconds = timeout_seconds;
    return s;
}

}  // namespace

TEST_CASE("one worker analyses message after message; a crash or a hang costs only that message",
          "[inbox][limits]") {
    AnalysisWorker worker(unbounded(2));
    for (int round = 0; round < 2; ++round) {
        Analysis first = worker.analyse(nested(2));
        CHECK(first.message.unreadable.empty());
        CHECK(first.message.text == "hello\n");
        // mimetic recurses until its stack overflows.
        Analysis crash = worker.analyse(nested(60000));
        CHECK(crash.message.unreadable.find("crashed") != std::string::npos);
        CHECK(crash.message.from_address == "a@b.example");  // the header, read in the parent
        CHECK(crash.classification.intent == Intent::kOther);
        Analysis after = worker.analyse(nested(3));  // a fresh worker
        CHECK(after.message.text == "hello\n");
    }
    Analysis slow = worker.analyse("Subject: " + std::string(20u << 20, 'a') + "\r\n\r\nbody\r\n");
    CHECK(slow.message.unreadable.find("longer than") != std::string::npos);
    CHECK(worker.analyse(nested(1)).message.text == "hello\n");
}

TEST_CASE(
    "the worker analyses the message named next while the caller works; a hint not taken "
    "changes nothing",
    "[inbox][limits]") {
    AnalysisWorker worker(unbounded(2));
    worker.analyse_next(plain("one"));
    for (const char* body : {"one", "two", "three"}) {
        const std::string next = std::string(body) == "one"   ? "two"
                                 : std::string(body) == "two" ? "three"
                                                              : "";
        if (!next.empty()) worker.analyse_next(plain(next));
        CHECK(worker.analyse(plain(body)).message.text == std::string(body) + "\n");
    }
    worker.analyse(plain("a"));
    worker.analyse_next(plain("skipped"));
    worker.analyse(plain("b"));
    CHECK(worker.analyse(plain("c")).message.text == "c\n");
    // A crash while analysing the message named next is that message's, not its neighbour's.
    worker.analyse_next(nested(60000));
    CHECK(worker.analyse(plain("d")).message.text == "d\n");
    CHECK(worker.analyse(nested(60000)).message.unreadable.find("crashed") != std::string::npos);
    CHECK(worker.analyse(plain("e")).message.text == "e\n");
}

TEST_CASE("what crosses from the worker is what the analysis in process gives", "[inbox]") {
    const AnalysisSettings s{{}, test::corpus_own_addresses(), test::morphology()};
    const std::string raw = plain("自己宣言IDを忘れました。教えてください。\n> 引用は数えない");
    Analysis here = analyse(raw, s);
    auto back = decode(encode(here));
    REQUIRE(back);
    CHECK(to_json(*back) == to_json(here));
    CHECK(back->message.quoted == here.message.quoted);
    CHECK(back->classification.evidence == here.classification.evidence);
    const std::string bytes = encode(here);
    for (std::size_t cut : {std::size_t(0), std::size_t(10), bytes.size() / 2, bytes.size() - 1})
        CHECK_FALSE(decode(bytes.substr(0, cut)));
}

TEST_CASE("HTML of 10 MiB in the shapes that made it quadratic is read in one pass", "[inbox]") {
    for (const std::string& unit : {std::string("&"), std::string("&amp"), std::string("<&"),
                                    std::string("&#x41"), std::string("a&b;")}) {
        std::string html;
        while (html.size() < (10u << 20)) html += unit;
        const std::string text = html_to_text(html);
        CHECK(text.size() <= html.size());
    }
}
