// Reading intake files as a stream of raw records, one at a time, in constant memory: CSV
// (UTF-8 with or without BOM, or CP932 as Excel writes it) and JSON Lines.
//
// Every line of a file is accounted for: it is the header, blank, or part of exactly one
// record, and a reader says how many lines were not in records, so that a job can check that
// the records it read and those lines add up to the file's lines. One record never takes
// another's lines: a CSV quoted field may run over line ends (an address on two lines), but a
// quote still open after kMaxRecordLines lines or max_record_bytes, at the end of the file, or
// before a line that on its own reads as a complete record (as many fields as the header, an
// application_id) makes its record only the line it starts on, rejected with that reason; the
// lines after it are read as records of their own.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/file_system.h"
#include "core/status.h"
#include "intake/raw_record.h"

namespace sa::intake {

enum class Format { kCsv, kJsonLines };
enum class Encoding { kAuto, kUtf8, kCp932 };

// "auto", "utf-8", "cp932" (also "shift_jis", "sjis"); empty when unknown.
std::optional<Encoding> parse_encoding(const std::string& name);
const char* to_string(Encoding e);

// From the file name: .csv → CSV; .jsonl, .ndjson, .json → JSON Lines; otherwise empty.
std::optional<Format> format_for(const std::string& file_name);

// Lines a CSV record may take when a quoted field runs over line ends.
constexpr std::size_t kMaxRecordLines = 16;

// One streaming pass over a whole file: its SHA-256 (the file's identity in the store), its
// lines, and the encoding a CSV is in, decided for the whole file with the evidence for it: a
// byte-order mark, or a census of the bytes — UTF-8 when no byte breaks UTF-8 or when valid
// multi-byte UTF-8 characters outnumber the bytes that break it (those records are then
// rejected as invalid UTF-8, one by one), CP932 otherwise.
struct FileFacts {
    std::string sha256;
    std::uint64_t size = 0;
    std::uint64_t lines = 0;  // a last line without its line end counts
    Encoding encoding = Encoding::kUtf8;
    std::string encoding_evidence;  // why: "byte-order mark", "valid UTF-8 throughout, …", …
};
Result<FileFacts> inspect_file(const std::string& path);

// FileFacts::encoding_evidence (and the intake job's own: "as intake.encoding says", "JSON
// Lines are UTF-8") in Japanese, for pages staff read: "全体が正しいUTF-8(マルチバイト文字32個)".
// Text that is none of those phrases comes back as it is.
std::string evidence_in_japanese(const std::string& evidence);

class RecordReader {
  public:
    virtual ~RecordReader() = default;
    // The next record into `out`; false at the end of the file. A record that cannot be read
    // cleanly still comes back, with its problems in out.errors. A non-ok Status means the
    // file itself cannot be read any further.
    virtual Result<bool> next(RawRecord& out) = 0;
    // Lines read so far that belong to no record: the header, blank lines.
    virtual std::uint64_t lines_outside_records() const = 0;
    // Bytes of the file read so far (all of them once next() has returned false).
    virtual std::uint64_t bytes_read() const = 0;
};

struct ReaderOptions {
    Format format = Format::kCsv;
    Encoding encoding = Encoding::kUtf8;  // kAuto is resolved by inspect_file first
    std::size_t max_record_bytes = 65536;
};

// Opens `path` and, for CSV, reads and checks the header. Fails when the file is not an
// intake export at all (no application_id column, a column twice, unreadable).
Result<std::unique_ptr<RecordReader>> open_reader(const std::string& path,
                                                  const ReaderOptions& options);

}  // namespace sa::intake
