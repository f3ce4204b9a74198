#include "intake/reader.h"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <regex>
#include <set>

#include "intake/validate.h"
#include "text/charset.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace sa::intake {
namespace {

const std::string kBom = "\xEF\xBB\xBF";

// "1 byte", "2,345 bytes".
std::string count(std::uint64_t n, const std::string& what) {
    std::string digits = std::to_string(n);
    for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
    return digits + " " + what + (n == 1 ? "" : "s");
}

// The reason a record cut at `max` bytes is rejected.
std::string too_long(std::size_t max) {
    return std::to_string(max) + "バイトを超えています(最初の" + std::to_string(max) +
           "バイトだけを保存しています)";
}

// Counts, over a stream fed in chunks of any size, the valid multi-byte UTF-8 characters and
// the bytes that break UTF-8, with the line of the first such byte: the evidence on which a
// file's encoding is decided.
struct Utf8Census {
    std::uint64_t multibyte = 0, invalid = 0, first_invalid_line = 0;

    void feed(std::string_view chunk) {
        std::string data = carry_;
        data.append(chunk);
        carry_.clear();
        scan(data, false);
    }
    void finish() {
        std::string rest = std::move(carry_);
        carry_.clear();
        scan(rest, true);
    }

  private:
    void scan(const std::string& data, bool last) {
        std::size_t pos = 0;
        while (pos < data.size()) {
            const unsigned char b = static_cast<unsigned char>(data[pos]);
            if (b < 0x80) {
                if (b == '\n') ++line_;
                ++pos;
                continue;
            }
            const std::size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            if (!last && pos + need > data.size()) {
                carry_ = data.substr(pos);  // a character may straddle two chunks
                return;
            }
            char32_t cp = 0;
            if (utf8::next(data, pos, cp)) {
                ++multibyte;
            } else {
                if (!invalid) first_invalid_line = line_;
                ++invalid;
            }
        }
    }
    std::string carry_;
    std::uint64_t line_ = 1;
};

// Buffered byte source over an InputFile.
class ByteSource {
  public:
    explicit ByteSource(fs::InputFile file) : file_(std::move(file)) {}

    // The next byte, or -1 at the end; a read error is kept in status().
    int get() {
        if (pos_ == len_) {
            if (!fill()) return -1;
        }
        ++consumed_;
        return static_cast<unsigned char>(buf_[pos_++]);
    }
    const Status& status() const { return status_; }
    std::uint64_t consumed() const { return consumed_; }

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
    std::uint64_t consumed_ = 0;
    Status status_;
};

// One line of a file.
struct Line {
    std::string bytes;       // without its line end; at most max_bytes of them
    std::string end;         // "\n", "\r\n", or "" for a last line without one
    std::size_t number = 0;  // 1-based
    bool cut = false;        // longer than max_bytes: only the first max_bytes are kept
};

// The lines of a file, with lines handed back (unread) coming first again.
class LineSource {
  public:
    LineSource(fs::InputFile file, std::size_t max_bytes)
        : in_(std::move(file)), max_bytes_(max_bytes) {}

    // The next line; empty at the end of the file or on a read error (status()).
    std::optional<Line> next() {
        if (!unread_.empty()) {
            Line l = std::move(unread_.front());
            unread_.pop_front();
            return l;
        }
        int c = in_.get();
        if (c < 0) return std::nullopt;
        Line l;
        l.number = ++lines_;
        // One byte beyond the limit is kept, so that a line of exactly the limit followed by
        // its CR is not taken for a longer one.
        for (; c >= 0; c = in_.get()) {
            if (c == '\n') {
                l.end = "\n";
                break;
            }
            if (l.bytes.size() <= max_bytes_) {
                l.bytes += static_cast<char>(c);
            } else {
                l.cut = true;
            }
        }
        if (!l.cut && l.end == "\n" && !l.bytes.empty() && l.bytes.back() == '\r') {
            l.bytes.pop_back();
            l.end = "\r\n";
        }
        if (l.bytes.size() > max_bytes_) {
            l.bytes.resize(max_bytes_);
            l.cut = true;
        }
        return l;
    }
    // Hands `lines` back, in their order, before any line not yet read.
    void unread(const std::vector<Line>& lines) {
        unread_.insert(unread_.begin(), lines.begin(), lines.end());
    }
    const Status& status() const { return in_.status(); }
    std::uint64_t bytes_read() const { return in_.consumed(); }

  private:
    ByteSource in_;
    std::size_t max_bytes_;
    std::size_t lines_ = 0;
    std::deque<Line> unread_;
};

bool blank(const Line& l) {
    return !l.cut && text::trim(l.bytes).empty();
}

// Splits CSV text (RFC 4180: a quoted field may hold commas, doubled quotes and line ends)
// into cells. `open` is set when a quoted field has not ended by the end of `text`.
void split_cells(const std::string& text, std::vector<std::string>& cells, bool& open) {
    cells.assign(1, std::string());
    bool quoted = false, was_quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        std::string& cell = cells.back();
        if (quoted) {
            if (c != '"') {
                cell += c;
            } else if (i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else {
                quoted = false;
            }
        } else if (c == '"' && cell.empty() && !was_quoted) {
            quoted = was_quoted = true;
        } else if (c == ',') {
            cells.emplace_back();
            was_quoted = false;
        } else {
            cell += c;
        }
    }
    open = quoted;
}

class CsvReader final : public RecordReader {
  public:
    CsvReader(fs::InputFile file, Encoding encoding, std::size_t max_record_bytes)
        : lines_(std::move(file), max_record_bytes),
          encoding_(encoding),
          max_bytes_(max_record_bytes) {}

    Status read_header() {
        std::optional<Line> line;
        for (;;) {
            line = lines_.next();
            if (!line) {
                if (!lines_.status()) return lines_.status();
                return Status::invalid("ファイルが空です(ヘッダー行がありません)");
            }
            ++outside_records_;
            if (line->number == 1 && !line->bytes.empty() && line->bytes[0] == '\xEF') {
                if (line->bytes.compare(0, 3, kBom) != 0)
                    return Status::invalid("ファイルの先頭のBOM(バイト順マーク)が壊れています");
                line->bytes.erase(0, 3);
            }
            if (!blank(*line)) break;
        }
        std::vector<std::string> cells;
        bool open = false;
        split_cells(line->bytes, cells, open);
        if (line->cut || open) return Status::invalid("ヘッダー行が正しくありません");
        std::set<std::string> seen;
        const std::set<std::string> known(known_columns().begin(), known_columns().end());
        for (const std::string& cell : cells) {
            auto name = decode(cell);
            std::string column = name ? text::lower_ascii(text::trim(*name)) : std::string();
            if (!column.empty() && seen.count(column)) {
                return Status::invalid("列「" + column + "」がヘッダーに2回あります");
            }
            seen.insert(column);
            if (column == "application_id") id_column_ = columns_.size();
            // Unknown columns are ignored, as in JSON Lines: an empty name is never read, so
            // a bad byte in a column nobody uses cannot reject the record.
            columns_.push_back(known.count(column) ? column : std::string());
        }
        if (!seen.count("application_id")) {
            return Status::invalid(
                "ヘッダーにapplication_idの列がありません(申込みデータのファイルではありません)");
        }
        return Status::ok();
    }

    Result<bool> next(RawRecord& out) override {
        std::optional<Line> first;
        for (;;) {
            first = lines_.next();
            if (!first) {
                if (!lines_.status()) return lines_.status();
                return false;
            }
            if (!blank(*first)) break;
            ++outside_records_;
        }
        out = RawRecord();
        std::vector<Line> taken = {*first};
        std::string text = first->bytes;
        std::vector<std::string> cells;
        bool open = false;
        split_cells(text, cells, open);
        std::string runaway;  // why a quote still open does not take the lines after it
        while (open && !first->cut) {
            if (taken.size() >= kMaxRecordLines) {
                runaway = std::to_string(kMaxRecordLines) + "行以内に閉じていません";
                break;
            }
            std::optional<Line> line = lines_.next();
            if (!line) {
                if (!lines_.status()) return lines_.status();
                runaway = "ファイルの終わりまで閉じていません";
                break;
            }
            if (reads_as_record(*line)) {
                lines_.unread({*line});
                runaway = "それだけでレコードとして読める" + std::to_string(line->number) +
                          "行目の前で閉じていません";
                break;
            }
            std::string joined = text + taken.back().end + line->bytes;
            if (line->cut || joined.size() > max_bytes_) {
                lines_.unread({*line});
                runaway = std::to_string(max_bytes_) + "バイト以内に閉じていません";
                break;
            }
            text = std::move(joined);
            taken.push_back(std::move(*line));
            split_cells(text, cells, open);
        }
        if (!runaway.empty()) {
            // The record is the line it starts on; the lines after it are records again.
            lines_.unread(std::vector<Line>(taken.begin() + 1, taken.end()));
            taken.resize(1);
            text = first->bytes;
            split_cells(text, cells, open);
        }
        out.record_no = ++records_;
        out.line = first->number;
        out.lines = taken.size();
        out.raw = text;
        if (first->cut) {
            out.errors.push_back({"_record", too_long(max_bytes_)});
        }
        if (!runaway.empty()) {
            out.errors.push_back(
                {"_record", "引用符(\")が" + runaway + "。このレコードは" +
                                std::to_string(first->number) +
                                "行目だけとし、続く行は別のレコードとして読みます"});
        }
        if (cells.size() > columns_.size()) {
            out.errors.push_back({"_record", "項目が" + std::to_string(cells.size()) +
                                                 "個ありますが、ヘッダーの列は" +
                                                 std::to_string(columns_.size()) + "個です"});
        }
        for (std::size_t i = 0; i < cells.size() && i < columns_.size(); ++i) {
            if (columns_[i].empty()) continue;
            auto value = decode(cells[i]);
            if (value) {
                out.fields[columns_[i]] = *value;
            } else {
                out.fields[columns_[i]] = charset::to_utf8_lenient(
                    cells[i], encoding_ == Encoding::kCp932 ? "CP932" : "UTF-8");
                out.errors.push_back({columns_[i], std::string(to_string(encoding_)) +
                                                       "として正しい文字ではありません"});
            }
        }
        return true;
    }

    std::uint64_t lines_outside_records() const override { return outside_records_; }
    std::uint64_t bytes_read() const override { return lines_.bytes_read(); }

  private:
    Result<std::string> decode(const std::string& bytes) const {
        return charset::to_utf8(bytes, encoding_ == Encoding::kCp932 ? "CP932" : "UTF-8");
    }

    // A line that on its own is a complete record of the header's width with an
    // application_id: the next record, not the rest of an open quoted field.
    bool reads_as_record(const Line& line) const {
        if (line.cut || blank(line)) return false;
        std::vector<std::string> cells;
        bool open = false;
        split_cells(line.bytes, cells, open);
        return !open && cells.size() == columns_.size() && !text::trim(cells[id_column_]).empty();
    }

    LineSource lines_;
    Encoding encoding_;
    std::size_t max_bytes_;
    std::vector<std::string> columns_;
    std::size_t id_column_ = 0;
    std::size_t records_ = 0;
    std::uint64_t outside_records_ = 0;
};

class JsonLinesReader final : public RecordReader {
  public:
    JsonLinesReader(fs::InputFile file, std::size_t max_record_bytes)
        : lines_(std::move(file), max_record_bytes), max_bytes_(max_record_bytes) {}

    Result<bool> next(RawRecord& out) override {
        for (;;) {
            std::optional<Line> line = lines_.next();
            if (!line) {
                if (!lines_.status()) return lines_.status();
                return false;
            }
            if (line->number == 1 && line->bytes.compare(0, 3, kBom) == 0) line->bytes.erase(0, 3);
            if (blank(*line)) {
                ++outside_records_;
                continue;
            }
            out = RawRecord();
            out.record_no = ++records_;
            out.line = line->number;
            out.raw = std::move(line->bytes);
            if (line->cut) {
                out.errors.push_back({"_record", too_long(max_bytes_)});
                return true;
            }
            parse(out);
            return true;
        }
    }

    std::uint64_t lines_outside_records() const override { return outside_records_; }
    std::uint64_t bytes_read() const override { return lines_.bytes_read(); }

  private:
    static void parse(RawRecord& out) {
        if (!utf8::is_valid(out.raw)) {
            out.errors.push_back({"_record", "UTF-8として正しくありません"});
            return;
        }
        Poco::Dynamic::Var parsed;
        try {
            Poco::JSON::Parser parser;
            parsed = parser.parse(out.raw);
        } catch (const Poco::Exception& e) {
            out.errors.push_back({"_record", "JSONとして正しくありません(" + e.message() + ")"});
            return;
        }
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
            out.errors.push_back({"_record", "JSONのオブジェクトではありません"});
            return;
        }
        auto object = parsed.extract<Poco::JSON::Object::Ptr>();
        std::set<std::string> known(known_columns().begin(), known_columns().end());
        for (const auto& [name, value] : *object) {
            if (!known.count(name)) continue;
            if (value.isEmpty()) continue;
            if (value.type() == typeid(Poco::JSON::Object::Ptr) ||
                value.type() == typeid(Poco::JSON::Array::Ptr)) {
                out.errors.push_back(
                    {name, "値はひとつにしてください(オブジェクトや配列は使えません)"});
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

    LineSource lines_;
    std::size_t max_bytes_;
    std::size_t records_ = 0;
    std::uint64_t outside_records_ = 0;
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
    Utf8Census census;
    FileFacts facts;
    char buf[65536];
    bool first = true, bom = false;
    char last = '\n';
    for (;;) {
        auto n = file->read(buf, sizeof buf);
        if (!n) return n.status();
        if (*n == 0) break;
        sha.update(buf, *n);
        std::string_view chunk(buf, *n);
        if (first && chunk.substr(0, 3) == kBom) bom = true;
        first = false;
        census.feed(chunk);
        facts.size += *n;
        facts.lines += static_cast<std::uint64_t>(std::count(chunk.begin(), chunk.end(), '\n'));
        last = chunk.back();
    }
    census.finish();
    if (last != '\n') ++facts.lines;
    facts.sha256 = Poco::DigestEngine::digestToHex(sha.digest());
    const std::string valid = count(census.multibyte, "multi-byte character");
    const std::string invalid =
        count(census.invalid, "byte") + " that " + (census.invalid == 1 ? "is" : "are") +
        " not UTF-8, the first on line " + std::to_string(census.first_invalid_line);
    if (bom) {
        facts.encoding = Encoding::kUtf8;
        facts.encoding_evidence = "byte-order mark";
        if (census.invalid)
            facts.encoding_evidence += "; " + invalid + ": those records are rejected";
    } else if (census.invalid == 0) {
        facts.encoding = Encoding::kUtf8;
        facts.encoding_evidence =
            census.multibyte ? "valid UTF-8 throughout, " + valid : "ASCII only";
    } else if (census.multibyte > census.invalid) {
        facts.encoding = Encoding::kUtf8;
        facts.encoding_evidence = "mostly UTF-8: " + valid + " valid, " + invalid +
                                  ": those records are rejected as invalid UTF-8";
    } else {
        facts.encoding = Encoding::kCp932;
        facts.encoding_evidence = "not UTF-8: " + invalid + ", against " + valid + " valid";
    }
    return facts;
}

std::string evidence_in_japanese(const std::string& evidence) {
    // The phrases inspect_file (and the intake job) write, and nothing else: what is not one of
    // them stays as it is.
    static const std::regex kInvalid(
        "([0-9,]+) bytes? that (?:is|are) not UTF-8, the first on line ([0-9]+)");
    static const std::regex kValid("([0-9,]+) multi-byte characters?");
    static const std::vector<std::pair<std::regex, std::string>> kFrames = {
        {std::regex("^byte-order mark"), "BOM(バイト順マーク)あり"},
        {std::regex("^valid UTF-8 throughout, (.*)$"), "全体が正しいUTF-8、$1"},
        {std::regex("^ASCII only$"), "ASCII文字のみ"},
        {std::regex("^mostly UTF-8: (.*) valid, "), "ほぼUTF-8: 正しい$1、"},
        {std::regex(": those records are rejected( as invalid UTF-8)?$"),
         ": そのバイトを含むレコードは受け付けません"},
        {std::regex("^not UTF-8: (.*), against (.*) valid$"), "UTF-8ではありません: $1、正しい$2"},
        {std::regex("^as intake\\.encoding says$"), "intake.encodingの指定による"},
        {std::regex("^JSON Lines are UTF-8$"), "JSON LinesはUTF-8"},
        {std::regex("; "), "、"}};
    std::string s = std::regex_replace(evidence, kInvalid, "UTF-8でないバイト$1個(最初は$2行目)");
    s = std::regex_replace(s, kValid, "マルチバイト文字$1個");
    for (const auto& [pattern, japanese] : kFrames) s = std::regex_replace(s, pattern, japanese);
    return s;
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
