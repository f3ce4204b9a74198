#include "intake/reader.h"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "intake/validate.h"
#include "text/charset.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace sa::intake {
namespace {

const std::string kBom = "\xEF\xBB\xBF";

// Buffered byte source over an InputFile.
class ByteSource {
  public:
    explicit ByteSource(fs::InputFile file) : file_(std::move(file)) {}

    // The next byte, or -1 at the end; a read error is kept in status().
    int get() {
        if (pos_ == len_) {
            if (!fill()) return -1;
        }
        return static_cast<unsigned char>(buf_[pos_++]);
    }
    int peek() {
        if (pos_ == len_ && !fill()) return -1;
        return static_cast<unsigned char>(buf_[pos_]);
    }
    const Status& status() const { return status_; }

  private:
    bool fill() {
        auto n = file_.read(buf_, sizeof buf_);
        if (!n) {
            status_ = n.status();
            return false;
        }
        pos_ = 0;
        len_ = *n;
        return len_ > 0;
    }
    fs::InputFile file_;
    char buf_[65536];
    std::size_t pos_ = 0, len_ = 0;
    Status status_;
};

class CsvReader final : public RecordReader {
  public:
    CsvReader(fs::InputFile file, Encoding encoding, std::size_t max_record_bytes)
        : in_(std::move(file)), encoding_(encoding), max_bytes_(max_record_bytes) {}

    Status read_header() {
        if (in_.peek() == 0xEF) {
            std::string head;
            for (int i = 0; i < 3 && in_.peek() >= 0; ++i) head += static_cast<char>(in_.get());
            if (head != kBom)
                return Status::invalid("the file starts with a broken byte-order mark");
        }
        std::vector<std::string> cells;
        std::string raw;
        bool too_long = false, unterminated = false;
        for (;;) {
            std::size_t start_line = line_;
            if (!read_cells(cells, raw, too_long, unterminated)) {
                if (!in_.status()) return in_.status();
                return Status::invalid("the file is empty: no header line");
            }
            (void)start_line;
            if (!all_blank(cells)) break;
        }
        if (too_long || unterminated) return Status::invalid("the header line is malformed");
        std::set<std::string> seen;
        const std::set<std::string> known(known_columns().begin(), known_columns().end());
        for (const std::string& cell : cells) {
            auto name = decode(cell);
            std::string column = name ? text::lower_ascii(text::trim(*name)) : std::string();
            if (!column.empty() && seen.count(column)) {
                return Status::invalid("column '" + column + "' appears twice in the header");
            }
            seen.insert(column);
            // Unknown columns are ignored, as in JSON Lines: an empty name is never read, so
            // a bad byte in a column nobody uses cannot reject the record.
            columns_.push_back(known.count(column) ? column : std::string());
        }
        if (!seen.count("application_id")) {
            return Status::invalid("the header has no application_id column: not an intake export");
        }
        return Status::ok();
    }

    Result<bool> next(RawRecord& out) override {
        std::vector<std::string> cells;
        for (;;) {
            out = RawRecord();
            bool too_long = false, unterminated = false;
            std::size_t start_line = line_;
            if (!read_cells(cells, out.raw, too_long, unterminated)) {
                if (!in_.status()) return in_.status();
                return false;
            }
            if (all_blank(cells) && !unterminated) continue;
            out.record_no = ++records_;
            out.line = start_line;
            if (too_long) {
                out.errors.push_back({"_record", "is longer than " + std::to_string(max_bytes_) +
                                                     " bytes; only the start is kept"});
            }
            if (unterminated) {
                out.errors.push_back({"_record", "has a quote that is never closed"});
            }
            if (cells.size() > columns_.size()) {
                out.errors.push_back({"_record", "has " + std::to_string(cells.size()) +
                                                     " fields but the header has " +
                                                     std::to_string(columns_.size())});
            }
            for (std::size_t i = 0; i < cells.size() && i < columns_.size(); ++i) {
                if (columns_[i].empty()) continue;
                auto value = decode(cells[i]);
                if (value) {
                    out.fields[columns_[i]] = *value;
                } else {
                    out.fields[columns_[i]] = charset::to_utf8_lenient(
                        cells[i], encoding_ == Encoding::kCp932 ? "CP932" : "UTF-8");
                    out.errors.push_back(
                        {columns_[i],
                         "is not valid " + std::string(to_string(encoding_)) + " text"});
                }
            }
            return true;
        }
    }

  private:
    static bool all_blank(const std::vector<std::string>& cells) {
        return std::all_of(cells.begin(), cells.end(),
                           [](const std::string& c) { return text::trim(c).empty(); });
    }

    Result<std::string> decode(const std::string& bytes) const {
        return charset::to_utf8(bytes, encoding_ == Encoding::kCp932 ? "CP932" : "UTF-8");
    }

    // Reads one CSV record (RFC 4180, quoted fields may hold line breaks). False at the end.
    bool read_cells(std::vector<std::string>& cells, std::string& raw, bool& too_long,
                    bool& unterminated) {
        cells.assign(1, std::string());
        raw.clear();
        int c = in_.get();
        if (c < 0) return false;
        bool quoted = false, was_quoted = false;
        std::size_t bytes = 0;
        auto keep = [&](int ch) {
            if (++bytes > max_bytes_) {
                too_long = true;
                return;
            }
            raw += static_cast<char>(ch);
        };
        for (; c >= 0; c = in_.get()) {
            // The line end is not part of the record: a record of exactly max_bytes_ is fine.
            bool line_end = !quoted && (c == '\n' || (c == '\r' && in_.peek() == '\n'));
            if (!line_end) keep(c);
            if (c == '\n') ++line_;
            std::string& cell = cells.back();
            if (quoted) {
                if (c == '"') {
                    if (in_.peek() == '"') {
                        keep(in_.get());
                        if (!too_long) cell += '"';
                    } else {
                        quoted = false;
                    }
                } else if (!too_long) {
                    cell += static_cast<char>(c);
                }
                continue;
            }
            if (c == '"' && cell.empty() && !was_quoted) {
                quoted = was_quoted = true;
            } else if (c == ',') {
                cells.emplace_back();
                was_quoted = false;
            } else if (c == '\n') {
                break;
            } else if (c == '\r' && in_.peek() == '\n') {
                // CRLF: the LF ends the record
            } else if (!too_long) {
                cell += static_cast<char>(c);
            }
        }
        unterminated = quoted;
        while (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) raw.pop_back();
        return true;
    }

    ByteSource in_;
    Encoding encoding_;
    std::size_t max_bytes_;
    std::vector<std::string> columns_;
    std::size_t line_ = 1, records_ = 0;
};

class JsonLinesReader final : public RecordReader {
  public:
    JsonLinesReader(fs::InputFile file, std::size_t max_record_bytes)
        : in_(std::move(file)), max_bytes_(max_record_bytes) {}

    Result<bool> next(RawRecord& out) override {
        for (;;) {
            out = RawRecord();
            bool too_long = false;
            int c = in_.get();
            if (c < 0) {
                if (!in_.status()) return in_.status();
                return false;
            }
            std::size_t bytes = 0;
            for (; c >= 0 && c != '\n'; c = in_.get()) {
                // The CR of a CRLF is the line end, not part of the record or its size.
                if (c == '\r' && in_.peek() == '\n') continue;
                if (++bytes > max_bytes_) {
                    too_long = true;
                } else {
                    out.raw += static_cast<char>(c);
                }
            }
            std::size_t line = line_++;
            if (!out.raw.empty() && out.raw.back() == '\r') out.raw.pop_back();
            if (line == 1 && out.raw.compare(0, 3, kBom) == 0) out.raw.erase(0, 3);
            if (text::trim(out.raw).empty() && !too_long) continue;
            out.record_no = ++records_;
            out.line = line;
            if (too_long) {
                out.errors.push_back({"_record", "is longer than " + std::to_string(max_bytes_) +
                                                     " bytes; only the start is kept"});
                return true;
            }
            parse(out);
            return true;
        }
    }

  private:
    static void parse(RawRecord& out) {
        if (!utf8::is_valid(out.raw)) {
            out.errors.push_back({"_record", "is not valid UTF-8"});
            return;
        }
        Poco::Dynamic::Var parsed;
        try {
            Poco::JSON::Parser parser;
            parsed = parser.parse(out.raw);
        } catch (const Poco::Exception& e) {
            out.errors.push_back({"_record", "is not valid JSON: " + e.message()});
            return;
        }
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
            out.errors.push_back({"_record", "is not a JSON object"});
            return;
        }
        auto object = parsed.extract<Poco::JSON::Object::Ptr>();
        std::set<std::string> known(known_columns().begin(), known_columns().end());
        for (const auto& [name, value] : *object) {
            if (!known.count(name)) continue;
            if (value.isEmpty()) continue;
            if (value.type() == typeid(Poco::JSON::Object::Ptr) ||
                value.type() == typeid(Poco::JSON::Array::Ptr)) {
                out.errors.push_back({name, "must be a single value, not an object or list"});
                continue;
            }
            if (value.type() == typeid(bool)) {
                out.fields[name] = value.extract<bool>() ? "true" : "false";
            } else if (value.isNumeric() && !value.isInteger()) {
                double d = value.convert<double>();
                out.fields[name] = (std::floor(d) == d && std::fabs(d) < 1e15)
                                       ? std::to_string(static_cast<long long>(d))
                                       : value.convert<std::string>();
            } else {
                out.fields[name] = value.convert<std::string>();
            }
        }
    }

    ByteSource in_;
    std::size_t max_bytes_;
    std::size_t line_ = 1, records_ = 0;
};

}  // namespace

std::optional<Encoding> parse_encoding(const std::string& name) {
    std::string n = text::lower_ascii(name);
    if (n == "auto" || n.empty()) return Encoding::kAuto;
    if (n == "utf-8" || n == "utf8") return Encoding::kUtf8;
    if (n == "cp932" || n == "shift_jis" || n == "sjis" || n == "windows-31j")
        return Encoding::kCp932;
    return std::nullopt;
}

const char* to_string(Encoding e) {
    switch (e) {
        case Encoding::kAuto:
            return "auto";
        case Encoding::kUtf8:
            return "UTF-8";
        case Encoding::kCp932:
            return "CP932";
    }
    return "auto";
}

std::optional<Format> format_for(const std::string& file_name) {
    std::string n = text::lower_ascii(file_name);
    auto ends = [&](const std::string& ext) {
        return n.size() > ext.size() && n.compare(n.size() - ext.size(), ext.size(), ext) == 0;
    };
    if (ends(".csv")) return Format::kCsv;
    if (ends(".jsonl") || ends(".ndjson") || ends(".json")) return Format::kJsonLines;
    return std::nullopt;
}

Result<FileFacts> inspect_file(const std::string& path) {
    auto file = fs::InputFile::open(path);
    if (!file) return file.status();
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    utf8::StreamValidator validator;
    FileFacts facts;
    char buf[65536];
    bool first = true, bom = false;
    for (;;) {
        auto n = file->read(buf, sizeof buf);
        if (!n) return n.status();
        if (*n == 0) break;
        sha.update(buf, *n);
        std::string_view chunk(buf, *n);
        if (first && chunk.substr(0, 3) == kBom) bom = true;
        first = false;
        validator.feed(chunk);
        facts.size += *n;
        facts.lines += static_cast<std::uint64_t>(std::count(chunk.begin(), chunk.end(), '\n'));
    }
    facts.sha256 = Poco::DigestEngine::digestToHex(sha.digest());
    facts.encoding = (bom || validator.finish()) ? Encoding::kUtf8 : Encoding::kCp932;
    return facts;
}

Result<std::unique_ptr<RecordReader>> open_reader(const std::string& path,
                                                  const ReaderOptions& options) {
    auto file = fs::InputFile::open(path);
    if (!file) return file.status();
    if (options.format == Format::kJsonLines) {
        return std::unique_ptr<RecordReader>(
            new JsonLinesReader(std::move(*file), options.max_record_bytes));
    }
    Encoding enc = options.encoding == Encoding::kAuto ? Encoding::kUtf8 : options.encoding;
    auto reader = std::make_unique<CsvReader>(std::move(*file), enc, options.max_record_bytes);
    Status header = reader->read_header();
    if (!header) return header;
    return std::unique_ptr<RecordReader>(std::move(reader));
}

}  // namespace sa::intake
