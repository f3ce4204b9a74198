// Staff commands: lookup, resend, accept, withdraw, queue, report; and the public search
// (search, serve).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <iomanip>
#include <optional>
#include <ostream>
#include <sstream>

#include "app/command.h"
#include "app/exit_codes.h"
#include "app/logging.h"
#include "core/file_system.h"
#include "core/time_format.h"
#include "domain/corporate_number.h"
#include "domain/ids.h"
#include "domain/prefecture.h"
#include "lifecycle/staff_desk.h"
#include "mail/message.h"
#include "report/digest.h"
#include "search/http_server.h"
#include "search/public_search.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace sa::app {
namespace {

std::string when(UnixTime t, int offset) {
    return format_iso8601(t, offset).substr(0, 16).replace(10, 1, " ");
}

// Pads `s` to `width` display columns (a Japanese character takes two).
std::string pad(const std::string& s, std::size_t width) {
    std::size_t cols = 0, pos = 0;
    while (pos < s.size()) {
        char32_t cp;
        utf8::next(s, pos, cp);
        cols += cp >= 0x1100 ? 2 : 1;
    }
    return cols >= width ? s + " " : s + std::string(width - cols, ' ');
}

int fail(std::ostream& out, const Status& s) {
    out << s.message() << "\n";
    return exit_code_for(s);
}

lifecycle::StaffDesk desk(Context& ctx) {
    return lifecycle::StaffDesk(ctx.store(), ctx.renderer(), ctx.clock(),
                                lifecycle::current_actor());
}

void print_declaration(Context& ctx, Transaction& tx, const Declaration& d, bool reveal,
                       std::ostream& out) {
    const int off = ctx.utc_offset_minutes();
    const Application& a = d.application;
    out << pad("declaration ID", 16) << d.declaration_id << "\n";
    out << pad("user number", 16) << (reveal ? d.user_number : mask_user_number(d.user_number))
        << (reveal ? "  (revealed; this is logged)" : "  (masked; --reveal shows it)") << "\n";
    out << pad("state", 16) << to_string(d.state) << " (issued " << when(d.issued_at, off);
    if (d.accepted_at) out << ", accepted " << when(*d.accepted_at, off);
    if (d.withdrawn_at)
        out << ", withdrawn " << when(*d.withdrawn_at, off) << ": " << d.withdraw_reason;
    if (d.superseded_by) {
        if (auto by = tx.declaration(*d.superseded_by))
            out << ", superseded by " << by->declaration_id;
    }
    out << ")\n";
    out << pad("tier", 16) << tier_label(a.tier) << " (" << to_string(a.tier) << ")\n";
    out << pad("business", 16) << display_name(a) << "\n"
        << pad("", 16) << to_string(a.entity_type);
    if (!a.corporate_number.empty()) out << ", 法人番号 " << a.corporate_number;
    if (a.entity_type == EntityType::kSoleProprietor) out << ", 代表者 " << a.representative_name;
    out << ", " << a.prefecture << "\n";
    out << pad("contact", 16) << a.contact_name;
    if (!a.contact_department.empty()) out << " (" << a.contact_department << ")";
    out << " <" << a.contact_email << ">"
        << (d.contact_undeliverable ? "  UNDELIVERABLE (a mail bounced)" : "") << "\n";
    for (const Flag& f : tx.flags(d.id)) {
        if (f.kind == "superseded") continue;
        out << pad("flag", 16) << "#" << f.id << " " << f.kind << " since "
            << when(f.opened_at, off) << ": " << f.note;
        if (f.closed_at) {
            out << "  (closed " << when(*f.closed_at, off)
                << (f.closed_by.empty() ? "" : " by " + f.closed_by)
                << (f.closed_note.empty() ? "" : ": " + f.closed_note) << ")";
        } else {
            out << "  (open)";
        }
        out << "\n";
    }
    if (auto r = tx.intake_record(d.id)) {
        out << pad("application", 16) << r->application_id << " (file " << r->file_name
            << ", record " << r->record_no << ")\n";
    }
    for (const OutboxMail& m : tx.mails_for_declaration(d.id)) {
        out << pad("mail", 16) << "#" << m.id << " " << when(m.created_at, off) << " "
            << pad(m.kind, 17) << pad(to_string(m.state), 9) << m.recipient << "  " << m.subject
            << (m.resend_of ? "  (resend of #" + std::to_string(*m.resend_of) + ")" : "") << "\n";
    }
    for (const InboundRecord& i : tx.inbound_for_declaration(d.id)) {
        out << pad("inbound", 16) << "#" << i.id << " " << when(i.received_at, off) << " "
            << i.intent << " from " << i.sender << " → " << to_string(i.outcome) << "\n";
    }
    for (const StaffAction& s : tx.staff_actions(d.id)) {
        out << pad("staff", 16) << when(s.at, off) << " " << s.actor << " " << s.action << ": "
            << s.detail << "\n";
    }
}

// The same as JSON (README: lookup … --json): the 利用者番号 only when revealed.
Poco::JSON::Object::Ptr declaration_json(Context& ctx, Transaction& tx, const Declaration& d,
                                         bool reveal) {
    const int off = ctx.utc_offset_minutes();
    const Application& a = d.application;
    auto time_or_null = [&](const std::optional<UnixTime>& t) {
        return t ? Poco::Dynamic::Var(format_iso8601(*t, off)) : Poco::Dynamic::Var();
    };
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("declaration_id", d.declaration_id);
    if (reveal) o->set("user_number", d.user_number);
    o->set("state", to_string(d.state));
    o->set("tier", to_string(a.tier));
    o->set("tier_label", tier_label(a.tier));
    o->set("entity_type", to_string(a.entity_type));
    o->set("business_name", display_name(a));
    o->set("corporate_number", a.corporate_number);
    o->set("trade_name", a.trade_name);
    o->set("representative_name", a.representative_name);
    o->set("prefecture", a.prefecture);
    o->set("address", a.address);
    o->set("contact_name", a.contact_name);
    o->set("contact_department", a.contact_department);
    o->set("contact_email", a.contact_email);
    o->set("contact_phone", a.contact_phone);
    o->set("contact_undeliverable", d.contact_undeliverable);
    o->set("issued_at", format_iso8601(d.issued_at, off));
    o->set("accepted_at", time_or_null(d.accepted_at));
    o->set("withdrawn_at", time_or_null(d.withdrawn_at));
    Poco::Dynamic::Var superseded_by;
    if (d.superseded_by) {
        if (auto by = tx.declaration(*d.superseded_by)) superseded_by = by->declaration_id;
    }
    o->set("superseded_by", superseded_by);
    Poco::JSON::Array::Ptr flags = new Poco::JSON::Array;
    for (const Flag& f : tx.flags(d.id)) {
        if (f.kind == "superseded") continue;
        Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        j->set("id", f.id);
        j->set("kind", f.kind);
        j->set("open", !f.closed_at.has_value());
        j->set("reason", f.note);
        j->set("opened_at", format_iso8601(f.opened_at, off));
        j->set("closed_at", time_or_null(f.closed_at));
        j->set("closed_by", f.closed_by);
        j->set("note", f.closed_note);
        flags->add(j);
    }
    o->set("flags", flags);
    Poco::JSON::Array::Ptr mails = new Poco::JSON::Array;
    for (const OutboxMail& m : tx.mails_for_declaration(d.id)) {
        Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        j->set("id", m.id);
        j->set("kind", m.kind);
        j->set("state", to_string(m.state));
        j->set("to", m.recipient);
        j->set("created_at", format_iso8601(m.created_at, off));
        j->set("subject", m.subject);
        j->set("resend_of", m.resend_of ? Poco::Dynamic::Var(*m.resend_of) : Poco::Dynamic::Var());
        mails->add(j);
    }
    o->set("mails", mails);
    return o;
}

int lookup(Context& ctx, const Invocation& inv, std::ostream& out) {
    const bool by_number = inv.has("corporate-number"),
               by_trade = inv.has("trade-name") || inv.has("representative"), by_id = inv.has("id"),
               by_email = inv.has("email");
    if (by_number + by_trade + by_id + by_email != 1) {
        out << "lookup: give exactly one of --corporate-number, --trade-name with "
               "--representative, --id, --email\n";
        return kExitUsage;
    }
    std::string prefecture;
    if (inv.has("prefecture")) {
        auto p = normalize_prefecture(inv.value("prefecture"));
        if (!p)
            return fail(out, Status::invalid("'" + inv.value("prefecture") +
                                             "' is not one of the 47 prefectures"));
        prefecture = *p;
    }
    std::vector<Declaration> found;
    Status s = ctx.store_to_read().read([&](Transaction& tx) {
        if (by_number) {
            auto n = normalize_corporate_number(inv.value("corporate-number"));
            if (!n) throw Error(Status::invalid("法人番号 " + n.status().message()));
            found = tx.declarations_by_corporate_number(*n);
        } else if (by_trade) {
            if (!inv.has("trade-name") || !inv.has("representative") || prefecture.empty()) {
                throw Error(
                    Status::invalid("--trade-name needs --representative and --prefecture"));
            }
            Application probe;
            probe.entity_type = EntityType::kSoleProprietor;
            probe.trade_name = inv.value("trade-name");
            probe.representative_name = inv.value("representative");
            probe.prefecture = prefecture;
            found = tx.declarations_by_identity(identity_key(probe));
        } else if (by_id) {
            std::string id = text::digits_only(inv.value("id"));
            IdCheck c = check_id(id);
            if (!c.looks_like_id)
                throw Error(Status::invalid("--id takes a 自己宣言ID (4…) or 利用者番号 (9…)"));
            if (!c.valid)
                throw Error(Status::invalid(id + " fails its check digit: probably mistyped"));
            found = tx.declarations_by_number(id);
        } else {
            found = tx.declarations_by_contact_email(text::trim(inv.value("email")));
        }
        if (!prefecture.empty() && !by_trade) {
            found.erase(std::remove_if(found.begin(), found.end(),
                                       [&](const Declaration& d) {
                                           return d.application.prefecture != prefecture;
                                       }),
                        found.end());
        }
    });
    if (!s) return fail(out, s);
    const bool json = inv.has("json");
    if (found.empty()) {
        out << (json ? "[]\n" : "no declaration found\n");
        return kExitOk;
    }
    const bool reveal = inv.has("reveal");
    if (reveal) {
        // Who saw a 利用者番号 is recorded before it is shown: a database that cannot take
        // the record (read-only) shows none.
        std::optional<lifecycle::StaffDesk> staff;
        try {
            staff.emplace(desk(ctx));
        } catch (const Error& e) {
            if (e.code() != Status::Code::kIo) throw;
            return fail(out, Status::io("--reveal shows the 利用者番号 only once it has recorded "
                                        "who saw it, and the database cannot be written here (" +
                                        std::string(e.what()) + ")"));
        }
        for (const auto& d : found) {
            Status r = staff->record_reveal(d);
            if (!r) return fail(out, r);
            logger().notice("lookup: 利用者番号 of " + d.declaration_id + " revealed to " +
                            lifecycle::current_actor());
        }
    }
    s = ctx.store_to_read().read([&](Transaction& tx) {
        if (json) {
            // One object for one declaration, an array for several.
            Poco::JSON::Array all;
            for (const Declaration& d : found) all.add(declaration_json(ctx, tx, d, reveal));
            if (found.size() == 1) {
                all.getObject(0)->stringify(out);
            } else {
                all.stringify(out);
            }
            out << "\n";
            return;
        }
        for (std::size_t i = 0; i < found.size(); ++i) {
            if (i) out << "\n";
            print_declaration(ctx, tx, found[i], reveal, out);
        }
    });
    if (!s) return fail(out, s);
    return kExitOk;
}

int accept(Context& ctx, const Invocation& inv, std::ostream& out) {
    auto mail = desk(ctx).accept(inv.positional[0]);
    if (!mail) return fail(out, mail.status());
    out << "accepted " << text::digits_only(inv.positional[0]) << "; acceptance mail queued as #"
        << mail->id << " to " << mail->recipient << "\n";
    return kExitOk;
}

int withdraw(Context& ctx, const Invocation& inv, std::ostream& out) {
    if (!inv.has("reason")) {
        out << "withdraw: --reason TEXT is required; it is kept with the declaration\n";
        return kExitUsage;
    }
    Status s = desk(ctx).withdraw(inv.positional[0], inv.value("reason"));
    if (!s) return fail(out, s);
    out << "withdrawn " << text::digits_only(inv.positional[0])
        << "; it no longer appears in the public search\n";
    return kExitOk;
}

int resend(Context& ctx, const Invocation& inv, std::ostream& out) {
    auto mail = desk(ctx).resend(inv.positional[0]);
    if (!mail) return fail(out, mail.status());
    out << "queued #" << mail->id << " (" << mail->kind << ", resend of #" << *mail->resend_of
        << ") to " << mail->recipient << "; `sa-batch send` or the next cron run sends it\n";
    return kExitOk;
}

int queue(Context& ctx, const Invocation& inv, std::ostream& out) {
    const int off = ctx.utc_offset_minutes();
    if (inv.has("done")) {
        std::string note = text::trim(inv.value("note"));
        if (note.empty()) {
            out << "queue --done: --note TEXT is required: what was done about it\n";
            return kExitUsage;
        }
        const auto row = static_cast<std::int64_t>(inv.number("done", 0));
        bool done = false;
        Status s = ctx.store().write([&](Transaction& tx) {
            done = tx.resolve_inbound(row, lifecycle::current_actor() + ": " + note,
                                      ctx.clock().now());
            if (done)
                tx.record_staff_action({ctx.clock().now(), lifecycle::current_actor(), "resolve",
                                        std::nullopt,
                                        "inbound #" + std::to_string(row) + ": " + note});
        });
        if (!s) return fail(out, s);
        if (!done)
            return fail(out, Status::not_found("inbound #" + std::to_string(row) +
                                               " is not waiting for a person"));
        out << "inbound #" << row << " done\n";
        return kExitOk;
    }
    std::vector<InboundRecord> waiting;
    Status s = ctx.store_to_read().read([&](Transaction& tx) {
        waiting = tx.waiting_for_person(static_cast<std::size_t>(inv.number("limit", 100)));
    });
    if (!s) return fail(out, s);
    if (waiting.empty()) {
        out << "nothing waits for a person\n";
        return kExitOk;
    }
    // A 利用者番号 in what the sender wrote is masked wherever it shows, mistyped ones too.
    for (const InboundRecord& r : waiting) {
        out << "#" << r.id << "  " << when(r.received_at, off) << "  " << r.intent << "  from "
            << r.sender << "\n";
        out << "    subject: " << mask_user_numbers_in(r.subject) << "\n";
        Poco::JSON::Parser parser;
        try {
            auto fields = parser.parse(r.fields).extract<Poco::JSON::Object::Ptr>();
            std::string keys;
            for (const char* k :
                 {"corporate_number", "prefecture", "trade_name", "representative_name",
                  "declaration_id", "user_number", "bounced_recipient"}) {
                if (fields->has(k) && !fields->isNull(k))
                    keys += std::string(keys.empty() ? "" : ", ") + k + " " +
                            fields->getValue<std::string>(k);
            }
            if (!keys.empty()) out << "    keys: " << mask_user_numbers_in(keys) << "\n";
        } catch (const Poco::Exception&) {
        }
        for (const auto& why : r.reasons) out << "    why: " << mask_user_numbers_in(why) << "\n";
    }
    out << waiting.size()
        << " message(s) wait for a person, oldest first; they are in the needs-person folder\n";
    return kExitOk;
}

int report(Context& ctx, const Invocation& inv, std::ostream& out) {
    if (inv.has("digest") || inv.has("html")) {
        auto digest =
            report::collect(ctx.store_to_read(), ctx.clock().now(), ctx.utc_offset_minutes());
        if (!digest) return fail(out, digest.status());
        if (inv.has("html")) {
            // The page names applicants and their addresses: for its owner only.
            Status s = fs::write_file_atomic(inv.value("html"), report::to_html(*digest), 0600);
            if (!s) return fail(out, s);
            out << "report written to " << inv.value("html") << "\n";
        }
        if (inv.has("digest")) {
            const std::string to = ctx.config().get("report.digest_to");
            if (!mime::is_safe_address(to)) {
                out << "report --digest: report.digest_to is not set to an address\n";
                return kExitConfig;
            }
            auto mail = report::to_mail(*digest, ctx.renderer(), to);
            if (!mail) return fail(out, mail.status());
            Status s =
                ctx.store().write([&](Transaction& tx) { mail->id = tx.enqueue_mail(*mail); });
            if (!s) return fail(out, s);
            out << "digest queued as #" << mail->id << " to " << to
                << "; `sa-batch send` sends it\n";
        }
        return kExitOk;
    }
    ReportCounts c;
    std::vector<IntakeFile> files;
    Status s = ctx.store_to_read().read([&](Transaction& tx) {
        c = tx.report_counts();
        files = tx.recent_intake_files(5);
    });
    if (!s) return fail(out, s);
    auto list = [&](const std::map<std::string, std::int64_t>& m,
                    std::initializer_list<const char*> keys) {
        std::string line;
        for (const char* k : keys) {
            auto it = m.find(k);
            line += std::string(line.empty() ? "" : ", ") + k + " " +
                    std::to_string(it == m.end() ? 0 : it->second);
        }
        return line;
    };
    out << "declarations:   "
        << list(c.declarations, {"issued", "accepted", "withdrawn", "superseded"}) << "\n";
    out << "intake records: " << list(c.intake, {"issued", "duplicate", "rejected"})
        << "; unreadable files " << c.unreadable_files << "\n";
    for (std::size_t i = 0; i < files.size(); ++i) {
        const IntakeFile& f = files[i];
        out << pad(i ? "" : "intake files:", 16) << f.name << " ("
            << when(f.received_at, ctx.utc_offset_minutes()) << "): " << f.records_done
            << " record(s), "
            << (f.error.empty() ? "read as " + f.encoding + ": " + f.encoding_evidence
                                : "unreadable: " + f.error)
            << "\n";
    }
    out << "mails:          " << list(c.mails, {"queued", "sent", "deferred", "failed", "unknown"})
        << "\n";
    std::map<std::string, std::map<std::string, std::int64_t>> by_intent;
    std::int64_t inbound = 0;
    for (const auto& [key, n] : c.inbound) {
        auto slash = key.find('/');
        by_intent[key.substr(0, slash)][key.substr(slash + 1)] += n;
        inbound += n;
    }
    out << "inbound:        " << inbound << " message(s)\n";
    for (const auto& [intent, outcomes] : by_intent) {
        out << "  " << pad(intent, 16) << list(outcomes, {"answered", "needs_person", "ignored"})
            << "\n";
    }
    out << "waiting:        " << c.waiting << " for a person";
    if (c.oldest_waiting) {
        std::int64_t hours = (ctx.clock().now() - *c.oldest_waiting) / 3600;
        out << ", oldest since " << when(*c.oldest_waiting, ctx.utc_offset_minutes()) << " ("
            << hours / 24 << " d " << hours % 24 << " h)";
    }
    out << "\nopen flags:     " << c.open_flags << "\n";
    return kExitOk;
}

int search_command(Context& ctx, const Invocation& inv, std::ostream& out) {
    search::Request r{inv.value("name"), inv.value("prefecture"), inv.value("tier"),
                      inv.value("id")};
    auto found = search::run(ctx.store_to_read(), r,
                             static_cast<std::size_t>(ctx.config().get_int("search.max_results")));
    if (!found) return fail(out, found.status());
    const int off = ctx.utc_offset_minutes();
    for (const PublicEntry& e : *found) {
        if (inv.has("json")) {
            out << search::to_json(e, off) << "\n";
        } else {
            out << pad(e.name, 32) << pad(e.prefecture, 10) << pad(tier_label(e.tier), 8)
                << format_date(e.declared_at, off) << "  " << e.declaration_id << "\n";
        }
    }
    if (!inv.has("json")) out << found->size() << " declaration(s)\n";
    return kExitOk;
}

int serve(Context& ctx, const Invocation&, std::ostream& out) {
    search::ServeSettings s;
    s.address = ctx.config().get("serve.address");
    s.port = static_cast<std::uint16_t>(ctx.config().get_int("serve.port"));
    s.max_results = static_cast<std::size_t>(ctx.config().get_int("search.max_results"));
    s.utc_offset_minutes = ctx.utc_offset_minutes();
    Status st = search::serve(ctx.store_to_read(), s, out);
    if (!st) return fail(out, st);
    return kExitOk;
}

}  // namespace

std::vector<CommandSpec> staff_commands() {
    using N = CommandSpec::Needs;
    std::vector<CommandSpec> c;
    c.push_back({"lookup",
                 "",
                 "staff: find a declaration and its mail history (利用者番号 masked)",
                 0,
                 0,
                 {{"corporate-number", "N", "法人番号 (with --prefecture to narrow)"},
                  {"trade-name", "T", "屋号 (with --representative and --prefecture)"},
                  {"representative", "R", "代表者名"},
                  {"prefecture", "P", "都道府県"},
                  {"id", "N", "a 自己宣言ID or 利用者番号"},
                  {"email", "ADDRESS", "the registered contact's address"},
                  {"reveal", "", "show the 利用者番号 (recorded with your name)"},
                  {"json", "",
                   "one JSON object per declaration (an array when several): declaration_id, "
                   "state, tier, business_name, prefecture, contact_email, "
                   "contact_undeliverable, flags, mails; user_number only with --reveal"}},
                 N::kConfig,
                 lookup});
    c.push_back({"resend",
                 "ID",
                 "staff: queue the last completion or acceptance mail again (new Message-ID)",
                 1,
                 1,
                 {},
                 N::kConfig,
                 resend});
    c.push_back({"accept",
                 "ID",
                 "staff: accept a declaration now and queue its acceptance mail",
                 1,
                 1,
                 {},
                 N::kConfig,
                 accept});
    c.push_back({"withdraw",
                 "ID",
                 "staff: withdraw a declaration (it leaves the public search)",
                 1,
                 1,
                 {{"reason", "TEXT", "why; required, kept with the declaration"}},
                 N::kConfig,
                 withdraw});
    c.push_back({"queue",
                 "",
                 "staff: inbound messages waiting for a person, oldest first",
                 0,
                 0,
                 {{"limit", "N", "at most N messages (default 100)", true},
                  {"done", "N", "mark message N as handled (with --note)", true},
                  {"note", "TEXT", "what was done about it; kept"}},
                 N::kConfig,
                 queue});
    c.push_back({"report",
                 "",
                 "counts and backlog for the secretariat",
                 0,
                 0,
                 {{"digest", "", "queue the daily digest to report.digest_to (text, chart, page)"},
                  {"html", "FILE", "write the digest as an HTML page"}},
                 N::kConfig,
                 report});
    c.push_back({"search",
                 "",
                 "the public search: accepted declarations only",
                 0,
                 0,
                 {{"name", "TEXT", "part of the name (width and kana do not matter)"},
                  {"prefecture", "P", "都道府県"},
                  {"tier", "T", "one_star or two_star"},
                  {"id", "N", "a 自己宣言ID"},
                  {"json", "", "one JSON object per declaration"}},
                 N::kConfig,
                 search_command});
    c.push_back({"serve",
                 "",
                 "serve the public search over HTTP (read-only; serve.address, serve.port)",
                 0,
                 0,
                 {},
                 N::kConfig,
                 serve});
    return c;
}

}  // namespace sa::app
