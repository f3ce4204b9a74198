#include <catch2/catch.hpp>

#include "outbox/delivery_policy.h"

using namespace sa;

namespace {

OutboxMail queued(UnixTime created) {
    OutboxMail m;
    m.id = 1;
    m.created_at = created;
    m.next_attempt_at = created;
    return m;
}

SmtpAttempt refused(int code, SmtpAttempt::Stage stage, bool data = false, bool handed = false) {
    SmtpAttempt a;
    a.reply_code = code;
    a.stage = stage;
    a.data_started = data;
    a.body_handed_over = handed;
    a.detail = "refused " + std::to_string(code);
    return a;
}

const DeliverySettings kSettings{300, 4 * 3600, 5 * 86400};

}  // namespace

TEST_CASE("backoff doubles from the minimum up to the maximum", "[outbox]") {
    CHECK(backoff_seconds(1, kSettings) == 300);
    CHECK(backoff_seconds(2, kSettings) == 600);
    CHECK(backoff_seconds(3, kSettings) == 1200);
    CHECK(backoff_seconds(6, kSettings) == 9600);
    CHECK(backoff_seconds(7, kSettings) == 14400);
    CHECK(backoff_seconds(50, kSettings) == 14400);
}

TEST_CASE("an accepted mail is sent", "[outbox]") {
    SmtpAttempt ok;
    ok.accepted = true;
    auto d = decide(queued(100), ok, 200, kSettings);
    CHECK(d.mail.state == MailState::kSent);
    CHECK(d.mail.sent_at == std::optional<UnixTime>(200));
    CHECK(d.mail.attempts == 1);
    CHECK_FALSE(d.stop_batch);
}

TEST_CASE("4xx for the mail defers it with backoff and goes on with the batch", "[outbox]") {
    using Stage = SmtpAttempt::Stage;
    for (int code : {450, 451, 452}) {
        for (Stage stage : {Stage::kEnvelope, Stage::kData}) {
            auto d = decide(queued(100),
                            refused(code, stage, stage == Stage::kData, stage == Stage::kData),
                            1000, kSettings);
            CHECK(d.mail.state == MailState::kDeferred);
            CHECK(d.mail.next_attempt_at == 1300);
            CHECK_FALSE(d.stop_batch);
            CHECK(d.mail.last_error.find(std::to_string(code)) != std::string::npos);
        }
    }
}

TEST_CASE("5xx for the mail fails it", "[outbox]") {
    using Stage = SmtpAttempt::Stage;
    for (int code : {550, 552, 553, 554}) {
        auto d = decide(queued(100), refused(code, Stage::kEnvelope), 1000, kSettings);
        CHECK(d.mail.state == MailState::kFailed);
        CHECK_FALSE(d.stop_batch);
        auto after_dot =
            decide(queued(100), refused(code, Stage::kData, true, true), 1000, kSettings);
        CHECK(after_dot.mail.state == MailState::kFailed);
    }
}

TEST_CASE("problems of the server, not the mail, defer and stop the batch", "[outbox]") {
    using Stage = SmtpAttempt::Stage;
    for (auto a : {refused(0, Stage::kConnect), refused(421, Stage::kGreeting),
                   refused(554, Stage::kGreeting), refused(535, Stage::kAuth),
                   refused(0, Stage::kTls), refused(421, Stage::kEnvelope)}) {
        auto d = decide(queued(100), a, 1000, kSettings);
        CHECK(d.mail.state == MailState::kDeferred);
        CHECK(d.stop_batch);
    }
}

TEST_CASE("no answer after the final dot is unknown, never resent blindly", "[outbox]") {
    SmtpAttempt a = refused(0, SmtpAttempt::Stage::kData, true, true);
    a.timed_out = true;
    auto d = decide(queued(100), a, 1000, kSettings);
    CHECK(d.mail.state == MailState::kUnknown);
    CHECK(d.stop_batch);
}

TEST_CASE("a drop before the final dot defers", "[outbox]") {
    auto d =
        decide(queued(100), refused(0, SmtpAttempt::Stage::kData, true, false), 1000, kSettings);
    CHECK(d.mail.state == MailState::kDeferred);
}

TEST_CASE("a mail past its lifetime fails instead of deferring", "[outbox]") {
    OutboxMail m = queued(0);
    m.attempts = 20;
    auto d = decide(m, refused(451, SmtpAttempt::Stage::kEnvelope), 5 * 86400, kSettings);
    CHECK(d.mail.state == MailState::kFailed);
    CHECK(d.mail.last_error.find("lifetime") != std::string::npos);
    auto young = decide(m, refused(451, SmtpAttempt::Stage::kEnvelope), 5 * 86400 - 1, kSettings);
    CHECK(young.mail.state == MailState::kDeferred);
}

TEST_CASE("a mail handed over without its outcome recorded goes out once more, then is unknown",
          "[outbox]") {
    OutboxMail m = queued(100);
    CHECK_FALSE(decide_unrecorded(m));  // never handed over

    // One handover ended unrecorded (the run was killed, or its commit failed): once more.
    m.attempt_started_at = 150;
    m.unrecorded_attempts = 1;
    CHECK_FALSE(decide_unrecorded(m));
    SmtpAttempt ok;
    ok.accepted = true;
    auto sent = decide(m, ok, 200, kSettings);
    CHECK(sent.mail.state == MailState::kSent);
    CHECK(sent.mail.attempts == 2);  // the unrecorded handover counts
    CHECK(sent.mail.unrecorded_attempts == 0);
    CHECK_FALSE(sent.mail.attempt_started_at);

    // Twice in a row: never on its own again.
    m.unrecorded_attempts = kMaxUnrecordedAttempts;
    auto given_up = decide_unrecorded(m);
    REQUIRE(given_up);
    CHECK(given_up->mail.state == MailState::kUnknown);
    CHECK(given_up->mail.attempts == 2);
    CHECK(given_up->mail.last_attempt_at == std::optional<UnixTime>(150));
    CHECK(given_up->mail.unrecorded_attempts == 0);
    CHECK_FALSE(given_up->mail.attempt_started_at);
    CHECK_FALSE(given_up->stop_batch);
    CHECK(given_up->mail.last_error.find("resend") != std::string::npos);
}
