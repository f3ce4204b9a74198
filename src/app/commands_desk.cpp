// The staff desk's commands that close what intake and the inbox open: change-contact, hold,
// flags, clear-flag and amend. The work is lifecycle::StaffDesk's; these print what it did.
#include <ostream>

#include "app/command.h"
#include "app/exit_codes.h"
#include "app/logging.h"
#include "core/number.h"
#include "core/time_format.h"
#include "lifecycle/staff_desk.h"
#include "text/normalize.h"

namespace sa::app {
namespace {

std::string when(UnixTime t, int offset) {
    return format_iso8601(t, offset).substr(0, 16).replace(10, 1, " ");
}

int fail(std::ostream& out, const Status& s) {
    out << s.message() << "\n";
    return exit_code_for(s);
}

// A flag's number as staff type it ("5", or "#5" as `flags` shows it).
Result<std::int64_t> flag_number(std::string typed) {
    typed = text::trim(typed);
    if (!typed.empty() && typed[0] == '#') typed.erase(0, 1);
    return parse_integer<std::int64_t>(typed);
}

lifecycle::StaffDesk desk(Context& ctx) {
    return lifecycle::StaffDesk(ctx.store(), ctx.renderer(), ctx.clock(),
                                lifecycle::current_actor());
}

// A required free text (reason, note): kept with what it explains.
bool required_text(const Invocation& inv, const std::string& option, const std::string& command,
                   const std::string& why, std::ostream& out) {
    if (!text::trim(inv.value(option)).empty()) return true;
    out << command << ": --" << option << " TEXT is required: " << why << "\n";
    return false;
}

int change_contact(Context& ctx, const Invocation& inv, std::ostream& out) {
    for (const char* option : {"email", "name"}) {
        if (!inv.has(option)) {
            out << "change-contact: --" << option << " is required (the new contact's)\n";
            return kExitUsage;
        }
    }
    if (!required_text(inv, "reason", "change-contact", "why the contact changes; it is kept", out))
        return kExitUsage;
    lifecycle::NewContact contact{inv.value("name"), inv.value("department"), inv.value("email"),
                                  inv.value("phone")};
    auto done = desk(ctx).change_contact(inv.positional[0], contact, inv.value("reason"));
    if (!done) return fail(out, done.status());
    const Application& before = done->before.application;
    const Application& after = done->after.application;
    out << "contact of " << done->after.declaration_id << " changed: " << before.contact_name
        << " <" << before.contact_email << "> → " << after.contact_name << " <"
        << after.contact_email << ">\n";
    out << "queued #" << done->to_new.id << " (" << done->to_new.kind << ") to "
        << done->to_new.recipient << " with both numbers\n";
    if (done->to_old) {
        out << "queued #" << done->to_old->id << " (" << done->to_old->kind << ") to "
            << done->to_old->recipient << ", without the numbers, naming the new contact masked\n";
    } else {
        out << "no notice to the old address: " << done->no_old_notice << "\n";
    }
    for (const Flag& f : done->closed_flags) {
        out << "closed flag #" << f.id << " (" << f.kind
            << "): the address that bounced is no longer the contact\n";
    }
    out << "`sa-batch send` or the next cron run sends them\n";
    logger().notice("change-contact: registered contact of " + done->after.declaration_id +
                    " changed by " + lifecycle::current_actor());
    return kExitOk;
}

int hold(Context& ctx, const Invocation& inv, std::ostream& out) {
    if (!required_text(inv, "reason", "hold", "why it is held; it is kept with the flag", out))
        return kExitUsage;
    auto flag = desk(ctx).hold(inv.positional[0], inv.value("reason"));
    if (!flag) return fail(out, flag.status());
    out << "flag #" << flag->id << " (hold) opened on " << text::digits_only(inv.positional[0])
        << ": accept-due passes it by until `sa-batch clear-flag " << flag->id << " --note TEXT`\n";
    return kExitOk;
}

int flags(Context& ctx, const Invocation& inv, std::ostream& out) {
    auto open = lifecycle::open_flags(ctx.store_to_read(),
                                      static_cast<std::size_t>(inv.number("limit", 100)));
    if (!open) return fail(out, open.status());
    if (open->empty()) {
        out << "no open flag\n";
        return kExitOk;
    }
    const int off = ctx.utc_offset_minutes();
    for (const auto& [f, d] : *open) {
        out << "#" << f.id << "  " << when(f.opened_at, off) << "  " << f.kind << "  "
            << d.declaration_id << "  " << display_name(d.application) << " (" << to_string(d.state)
            << ")\n";
        out << "    " << f.note << "\n";
    }
    out << open->size()
        << " open flag(s), oldest first; `sa-batch clear-flag FLAG --note TEXT` closes one\n";
    return kExitOk;
}

int clear_flag(Context& ctx, const Invocation& inv, std::ostream& out) {
    auto row = flag_number(inv.positional[0]);
    if (!row || *row <= 0) {
        out << "clear-flag takes the flag's number, as `sa-batch flags` shows it: "
            << (row ? "'" + inv.positional[0] + "' is no flag's" : row.status().message()) << "\n";
        return kExitUsage;
    }
    if (!required_text(inv, "note", "clear-flag", "what was checked or done; it is kept", out))
        return kExitUsage;
    auto cleared = desk(ctx).clear_flag(*row, inv.value("note"));
    if (!cleared) return fail(out, cleared.status());
    const Declaration& d = cleared->declaration;
    out << "flag #" << cleared->flag.id << " (" << cleared->flag.kind << ") on " << d.declaration_id
        << " closed\n";
    if (!cleared->still_open.empty()) {
        out << cleared->still_open.size() << " open flag(s) remain on " << d.declaration_id << ":";
        for (const Flag& f : cleared->still_open) out << " #" << f.id << " " << f.kind;
        out << "\n";
    } else if (d.state == DeclarationState::kIssued) {
        out << "no open flag remains on " << d.declaration_id
            << ": accept-due accepts it once its review period has passed\n";
    } else {
        out << "no open flag remains on " << d.declaration_id << " (" << to_string(d.state)
            << ")\n";
    }
    return kExitOk;
}

int amend(Context& ctx, const Invocation& inv, std::ostream& out) {
    if (!required_text(inv, "reason", "amend", "why the data is corrected; it is kept", out))
        return kExitUsage;
    std::vector<std::pair<std::string, std::string>> changes;
    for (std::size_t i = 1; i < inv.positional.size(); ++i) {
        const std::string& arg = inv.positional[i];
        const std::size_t eq = arg.find('=');
        if (eq == std::string::npos || eq == 0) {
            out << "amend: '" << arg << "' is not FIELD=VALUE\n";
            return kExitUsage;
        }
        changes.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
    }
    auto done = desk(ctx).amend(inv.positional[0], changes, inv.value("reason"));
    if (!done) return fail(out, done.status());
    if (done->changed.empty()) {
        out << done->after.declaration_id << " already holds these values: nothing amended\n";
        return kExitOk;
    }
    out << "amended " << done->after.declaration_id << ":\n";
    for (const auto& c : done->changed)
        out << "  " << c.field << ": " << c.before << " → " << c.after << "\n";
    if (done->after.state == DeclarationState::kAccepted)
        out << "the public search shows it as amended\n";
    return kExitOk;
}

}  // namespace

std::vector<CommandSpec> desk_commands() {
    using N = CommandSpec::Needs;
    std::vector<CommandSpec> c;
    c.push_back({"change-contact",
                 "ID",
                 "staff: a new registered contact; both numbers to it, a notice to the old one",
                 1,
                 1,
                 {{"email", "ADDR", "the new contact's address (required)"},
                  {"name", "NAME", "the new contact's name (required)"},
                  {"department", "D", "the new contact's department (empty when not given)"},
                  {"phone", "P", "the new contact's telephone (empty when not given)"},
                  {"reason", "TEXT", "why; required, kept with the change"}},
                 N::kConfig,
                 change_contact});
    c.push_back({"hold",
                 "ID",
                 "staff: hold an issued declaration (a flag of kind hold): accept-due passes it by",
                 1,
                 1,
                 {{"reason", "TEXT", "why; required, kept with the flag"}},
                 N::kConfig,
                 hold});
    c.push_back({"flags",
                 "",
                 "staff: open flags (hold, bounce, duplicate_other_contact, …), oldest first",
                 0,
                 0,
                 {{"limit", "N", "at most N flags (default 100)", true}},
                 N::kConfig,
                 flags});
    c.push_back({"clear-flag",
                 "FLAG",
                 "staff: close one flag of any kind, with a note",
                 1,
                 1,
                 {{"note", "TEXT", "what was checked or done; required, kept"}},
                 N::kConfig,
                 clear_flag});
    c.push_back({"amend",
                 "ID FIELD=VALUE…",
                 "staff: correct registered data, each value checked by the intake rules",
                 2,
                 32,
                 {{"reason", "TEXT", "why; required, kept with the correction"}},
                 N::kConfig,
                 amend});
    return c;
}

}  // namespace sa::app
