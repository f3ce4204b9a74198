#include <chrono>
#include <cstdio>
#include <functional>
#include <ostream>

#include "app/command.h"
#include "app/exit_codes.h"
#include "app/job_steps.h"
#include "app/logging.h"
#include "inbox/inbox_job.h"
#include "intake/intake_job.h"
#include "lifecycle/accept_job.h"
#include "outbox/send_job.h"

namespace sa::app {
namespace {

// " in 1.3 s": how long a step took, for its summary line.
std::string took(std::chrono::steady_clock::time_point started) {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char buf[32];
    std::snprintf(buf, sizeof buf, " in %.1f s", s);
    return buf;
}

}  // namespace

int intake_step(Context& ctx, bool dry_run, std::ostream& out) {
    const auto started = std::chrono::steady_clock::now();
    intake::IntakeJob job(ctx.store(), ctx.renderer(), ctx.clock(), ctx.random(),
                          ctx.intake_settings(), logger());
    job.report_progress_to(ctx.progress());
    auto r = job.run(dry_run);
    if (!r) {
        logger().error("intake: " + r.status().message());
        return exit_code_for(r.status());
    }
    const intake::IntakeReport& x = *r;
    std::string line = std::string(dry_run ? "intake (dry run, nothing changed): " : "intake: ") +
                       std::to_string(x.files_read) + " file(s) read, " +
                       std::to_string(x.files_unreadable) + " unreadable, " +
                       std::to_string(x.files_waiting) +
                       " waiting; records: " + std::to_string(x.issued) + " issued (" +
                       std::to_string(x.upgraded) + " upgrades), " + std::to_string(x.duplicates) +
                       " duplicate, " + std::to_string(x.rejected) + " rejected; " +
                       std::to_string(x.mails_queued) + " mail(s) queued" + took(started);
    out << line << std::endl;  // flushed: whoever watches the run sees each step as it ends
    logger().notice(line);
    for (const std::string& f : x.files) {
        out << "  " << f << "\n";
        logger().notice("intake: " + f);
    }
    // (Each problem went to the log and standard error as it happened.)
    for (const std::string& p : x.problems) out << "  problem: " << p << "\n";
    return x.failure ? kExitOk : exit_code_for(x.failure);
}

int send_step(Context& ctx, bool dry_run, std::ostream& out) {
    const auto started = std::chrono::steady_clock::now();
    SendJob job(ctx.store(), ctx.smtp(), ctx.clock(), ctx.delivery_settings(), logger());
    job.report_progress_to(ctx.progress());
    const SendReport x = job.run(dry_run);
    std::string line =
        (dry_run ? "send (dry run, nothing sent): " + std::to_string(x.due) + " mail(s) due"
                 : "send: " + std::to_string(x.sent) + " sent, " + std::to_string(x.deferred) +
                       " deferred, " + std::to_string(x.failed) + " failed, " +
                       std::to_string(x.unknown) + " unknown") +
        (x.resent ? " (" + std::to_string(x.resent) + " sent once more after a run that ended " +
                        "before recording them)"
                  : "") +
        took(started);
    out << line << std::endl;  // flushed: whoever watches the run sees each step as it ends
    logger().notice(line);
    if (!x.failure) {
        logger().error("send: " + x.failure.message());
        return exit_code_for(x.failure);
    }
    if (x.stopped_early) {
        out << "  stopped: " << x.stop_reason << "; the remaining mails wait for the next run\n";
        return x.auth_or_tls_failed ? kExitUnavailable : kExitTempFail;
    }
    return kExitOk;
}

int inbox_step(Context& ctx, bool dry_run, std::ostream& out) {
    inbox::InboxSettings settings;
    std::string url = ctx.config().get("imap.url");
    settings.mailbox_name = ctx.config().get("imap.username") + " " + url;
    settings.limits = ctx.mime_limits();
    settings.decide = ctx.decide_settings();
    settings.own_addresses = ctx.own_addresses();
    settings.morphology = ctx.morphology();
    settings.batch_messages = static_cast<std::size_t>(
        std::max<std::int64_t>(1, ctx.config().get_int("inbox.batch_messages")));
    settings.batch_bytes = static_cast<std::uint64_t>(
        std::max<std::int64_t>(1, ctx.config().get_int("inbox.batch_bytes")));
    const auto started = std::chrono::steady_clock::now();
    inbox::InboxJob job(ctx.store(), ctx.mailbox(), ctx.renderer(), ctx.clock(), settings,
                        logger());
    job.report_progress_to(ctx.progress());
    auto r = job.run(dry_run);
    if (!r) {
        logger().error("inbox: " + r.status().message());
        out << "inbox: stopped: " << r.status().message() << "\n";
        return exit_code_for(r.status());
    }
    const inbox::InboxReport& x = *r;
    std::string line = std::string(dry_run ? "inbox (dry run, nothing changed): " : "inbox: ") +
                       std::to_string(x.seen) + " message(s): " + std::to_string(x.answered) +
                       " answered, " + std::to_string(x.needs_person) + " to a person, " +
                       std::to_string(x.ignored) + " ignored, " + std::to_string(x.moved_only) +
                       " moved after an earlier run; " + std::to_string(x.mails_queued) +
                       " mail(s) queued" + took(started);
    out << line << std::endl;  // flushed: whoever watches the run sees each step as it ends
    logger().notice(line);
    return kExitOk;
}

int accept_due_step(Context& ctx, bool dry_run, std::ostream& out) {
    const auto started = std::chrono::steady_clock::now();
    lifecycle::AcceptJob job(ctx.store(), ctx.renderer(), ctx.clock(),
                             static_cast<int>(ctx.config().get_int("acceptance.review_days")),
                             logger());
    auto r = job.run(dry_run);
    if (!r) {
        logger().error("accept-due: " + r.status().message());
        return exit_code_for(r.status());
    }
    std::string line =
        std::string(dry_run ? "accept-due (dry run, nothing changed): " : "accept-due: ") +
        std::to_string(r->accepted) + " declaration(s) accepted; " + std::to_string(r->accepted) +
        " acceptance mail(s) queued" + took(started);
    out << line << std::endl;  // flushed: whoever watches the run sees each step as it ends
    logger().notice(line);
    return kExitOk;
}

std::vector<CommandSpec> job_commands() {
    const OptionSpec dry{"dry-run", "", "report what would be done; change nothing"};
    std::vector<CommandSpec> c;
    c.push_back({"run",
                 "",
                 "one cron cycle: intake, send, inbox, accept-due, send",
                 0,
                 0,
                 {dry},
                 CommandSpec::Needs::kJobLock,
                 [](Context& ctx, const Invocation& inv, std::ostream& out) {
                     // Each step runs whatever the one before it met: a mailbox that fails
                     // does not keep the acceptances and the final send from their turn.
                     int worst = kExitOk;
                     auto step = [&](const char* name, const std::function<int()>& job) {
                         int code = kExitOk;
                         try {
                             code = job();
                         } catch (const Error& e) {
                             logger().error(std::string(name) + ": " + e.what());
                             out << name << ": stopped: " << e.what() << "\n";
                             code = exit_code_for(e.code());
                         }
                         if (worst == kExitOk) worst = code;
                     };
                     const bool dry = inv.dry_run();
                     step("intake", [&] { return intake_step(ctx, dry, out); });
                     step("send", [&] { return send_step(ctx, dry, out); });
                     if (ctx.has_mailbox())
                         step("inbox", [&] { return inbox_step(ctx, dry, out); });
                     step("accept-due", [&] { return accept_due_step(ctx, dry, out); });
                     step("send", [&] { return send_step(ctx, dry, out); });
                     return worst;
                 }});
    c.push_back({"intake",
                 "",
                 "read the spool: validate, issue numbers, queue completion mails",
                 0,
                 0,
                 {dry},
                 CommandSpec::Needs::kJobLock,
                 [](Context& ctx, const Invocation& inv, std::ostream& out) {
                     return intake_step(ctx, inv.dry_run(), out);
                 }});
    c.push_back({"inbox",
                 "",
                 "read the secretariat mailbox: decide, answer what is safe, queue the rest",
                 0,
                 0,
                 {dry},
                 CommandSpec::Needs::kJobLock,
                 [](Context& ctx, const Invocation& inv, std::ostream& out) {
                     if (!ctx.has_mailbox()) {
                         out << "inbox: no mailbox configured (imap.url is empty)\n";
                         return static_cast<int>(kExitConfig);
                     }
                     return inbox_step(ctx, inv.dry_run(), out);
                 }});
    c.push_back({"accept-due",
                 "",
                 "accept declarations past the review period with no open flag",
                 0,
                 0,
                 {dry},
                 CommandSpec::Needs::kJobLock,
                 [](Context& ctx, const Invocation& inv, std::ostream& out) {
                     return accept_due_step(ctx, inv.dry_run(), out);
                 }});
    c.push_back({"send",
                 "",
                 "hand due mails of the outbox to the SMTP server",
                 0,
                 0,
                 {dry},
                 CommandSpec::Needs::kJobLock,
                 [](Context& ctx, const Invocation& inv, std::ostream& out) {
                     return send_step(ctx, inv.dry_run(), out);
                 }});
    return c;
}

}  // namespace sa::app
