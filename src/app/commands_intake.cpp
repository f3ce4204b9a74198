#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <ostream>

#include "app/command.h"
#include "app/exit_codes.h"
#include "core/file_system.h"
#include "intake/reader.h"
#include "intake/validate.h"

namespace sa::app {
namespace {

int check_intake(Context& ctx, const Invocation& inv, std::ostream& out) {
    const std::string path = inv.positional[0];
    const bool json = inv.has("json");
    auto fail = [&](const std::string& why) {
        if (json) {
            Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
            o.set("file", path);
            o.set("ok", false);
            o.set("error", why);
            o.stringify(out);
            out << "\n";
        } else {
            out << path << ": cannot be read: " << why << "\n";
        }
        return kExitNoInput;
    };
    auto format = intake::format_for(path);
    if (!format) return fail("not a .csv, .jsonl or .ndjson file");
    auto facts = intake::inspect_file(path);
    if (!facts) return fail(facts.status().message());
    intake::ReaderOptions options;
    options.format = *format;
    auto forced =
        intake::parse_encoding(inv.value("encoding", ctx.config().get("intake.encoding")));
    if (!forced) {
        throw Error(Status::Code::kConfig, "--encoding must be auto, utf-8 or cp932");
    }
    options.encoding = *forced == intake::Encoding::kAuto ? facts->encoding : *forced;
    options.max_record_bytes =
        static_cast<std::size_t>(ctx.config().get_int("intake.max_record_bytes"));
    auto reader = intake::open_reader(path, options);
    if (!reader) return fail(reader.status().message());

    std::size_t records = 0, rejected = 0;
    intake::RawRecord raw;
    for (;;) {
        auto got = (*reader)->next(raw);
        if (!got) return fail(got.status().message());
        if (!*got) break;
        ++records;
        intake::Validation v = intake::validate(raw);
        if (!v.ok()) ++rejected;
        if (json) {
            Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
            o.set("application_id", v.application_id);
            o.set("ok", v.ok());
            Poco::JSON::Array errors;
            for (const auto& e : v.errors) {
                Poco::JSON::Object eo(Poco::JSON_PRESERVE_KEY_ORDER);
                eo.set("field", e.field);
                eo.set("message", e.message);
                errors.add(eo);
            }
            o.set("errors", errors);
            o.set("record", static_cast<Poco::UInt64>(raw.record_no));
            o.set("line", static_cast<Poco::UInt64>(raw.line));
            o.stringify(out);
            out << "\n";
        } else {
            std::string who = "record " + std::to_string(raw.record_no) + " (line " +
                              std::to_string(raw.line) + ", application_id " +
                              (v.application_id.empty() ? "missing" : v.application_id) + ")";
            if (v.ok()) {
                out << who << ": ok\n";
            } else {
                for (const auto& e : v.errors)
                    out << who << ": " << e.field << ": " << e.message << "\n";
            }
        }
    }
    if (!json) {
        out << path << ": " << records << " record(s), " << records - rejected << " valid, "
            << rejected << " rejected (" << intake::to_string(options.encoding) << ")\n";
    }
    return rejected ? kExitDataErr : kExitOk;
}

}  // namespace

std::vector<CommandSpec> intake_commands() {
    std::vector<CommandSpec> c;
    c.push_back({"check-intake",
                 "FILE",
                 "validate an intake file and change nothing; exit 0 all valid, 65 some "
                 "rejected, 66 unreadable",
                 1,
                 1,
                 {{"json", "", "one JSON object per record: application_id, ok, errors"},
                  {"encoding", "ENC", "CSV encoding: auto (default), utf-8 or cp932"}},
                 CommandSpec::Needs::kNothing,
                 check_intake});
    return c;
}

}  // namespace sa::app
