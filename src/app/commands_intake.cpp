#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <map>
#include <ostream>

#include "app/command.h"
#include "app/exit_codes.h"
#include "core/file_system.h"
#include "intake/reader.h"
#include "intake/validate.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace sa::app {
namespace {

// " 「value」" as the record gives the field, for a clerk to compare with the export: cut
// after 40 characters, a line break shown as \n, a byte that is no text as U+FFFD (the
// terminal filter shows every other control character); "" when the field is empty.
std::string given(const intake::RawRecord& raw, const std::string& field) {
    auto it = raw.fields.find(field);
    if (it == raw.fields.end() || text::trim(it->second).empty()) return "";
    const std::string value = utf8::sanitize(it->second);
    std::string shown;
    std::size_t chars = 0;
    for (std::size_t pos = 0; pos < value.size();) {
        char32_t cp = 0;
        utf8::next(value, pos, cp);
        if (++chars > 40) return " 「" + shown + "…」";
        if (cp == '\n') {
            shown += "\\n";
        } else if (cp == '\r') {
            shown += "\\r";
        } else {
            utf8::append(shown, cp);
        }
    }
    return " 「" + shown + "」";
}

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
        // intake.encoding was checked at start-up: it is the option that is wrong.
        out << "check-intake: --encoding must be auto, utf-8 or cp932\n";
        return kExitUsage;
    }
    options.encoding = *forced == intake::Encoding::kAuto ? facts->encoding : *forced;
    options.max_record_bytes =
        static_cast<std::size_t>(ctx.config().get_int("intake.max_record_bytes"));
    std::string how = "JSON Lines, UTF-8 (JSON Lines are UTF-8)";
    if (*format == intake::Format::kCsv) {
        how = std::string("CSV, ") + intake::to_string(options.encoding) + " (" +
              (*forced == intake::Encoding::kAuto ? facts->encoding_evidence
                                                  : "as the encoding option says") +
              ")";
    }
    auto reader = intake::open_reader(path, options);
    if (!reader) return fail(reader.status().message());

    // The rules intake applies, within this file: an application_id read again with the same
    // application is one record, with another it is rejected. (Against earlier files intake
    // also checks the register, which check-intake does not open.)
    struct First {
        std::string fingerprint;
        std::size_t record_no;
    };
    std::map<std::string, First> first_of;
    std::size_t records = 0, rejected = 0, record_lines = 0;
    intake::RawRecord raw;
    for (;;) {
        auto got = (*reader)->next(raw);
        if (!got) return fail(got.status().message());
        if (!*got) break;
        ++records;
        record_lines += raw.lines;
        intake::Validation v = intake::validate(raw);
        std::string note;
        if (v.ok()) {
            const std::string print = intake::fingerprint(*v.application);
            auto [it, fresh] = first_of.try_emplace(v.application_id, First{print, raw.record_no});
            const std::string earlier = "record " + std::to_string(it->second.record_no);
            if (!fresh && it->second.fingerprint == print) {
                note = "the same application as " + earlier + ": one record";
            } else if (!fresh) {
                v.errors.push_back(
                    intake::reused_application_id(intake::record_place("", it->second.record_no)));
            }
        }
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
            if (!note.empty()) o.set("note", note);
            o.stringify(out);
            out << "\n";
        } else {
            std::string who = "record " + std::to_string(raw.record_no) + " (line " +
                              std::to_string(raw.line) + ", application_id " +
                              (v.application_id.empty() ? "missing" : v.application_id) + ")";
            if (v.ok()) {
                out << who << ": ok" << (note.empty() ? "" : " (" + note + ")") << "\n";
            } else {
                out << who << ": rejected\n";
                for (const auto& e : v.errors) {
                    out << "  " << intake::field_label(e.field) << given(raw, e.field) << ": "
                        << e.message << "\n";
                }
            }
        }
    }
    const std::uint64_t outside = (*reader)->lines_outside_records();
    if (record_lines + outside != facts->lines) {
        throw Error(Status::Code::kInternal, path + ": " + std::to_string(facts->lines) +
                                                 " lines, but " + std::to_string(record_lines) +
                                                 " in records and " + std::to_string(outside) +
                                                 " header or blank");
    }
    if (!json) {
        out << path << ": " << records << " record(s), " << records - rejected << " valid, "
            << rejected << " rejected; " << how << "; " << facts->lines << " lines = " << outside
            << " header or blank + " << record_lines << " in records\n";
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
                 {{"json", "",
                   "one JSON object per record: application_id, ok, errors, record, line (and "
                   "note)"},
                  {"encoding", "ENC", "CSV encoding: auto (default), utf-8 or cp932"}},
                 CommandSpec::Needs::kNothing,
                 check_intake});
    return c;
}

}  // namespace sa::app
