// Reading intake files as a stream of raw records, one at a time, in constant memory: CSV
// (UTF-8 with or without BOM, or CP932 as Excel writes it) and JSON Lines.
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

// One streaming pass over a whole file: its SHA-256 (the file's identity in the store) and
// the encoding a CSV is in (BOM or valid UTF-8 → UTF-8; otherwise CP932).
struct FileFacts {
    std::string sha256;
    std::uint64_t size = 0;
    std::uint64_t lines = 0;  // an upper bound of the records, for progress
    Encoding encoding = Encoding::kUtf8;
};
Result<FileFacts> inspect_file(const std::string& path);

class RecordReader {
  public:
    virtual ~RecordReader() = default;
    // The next record into `out`; false at the end of the file. A record that cannot be read
    // cleanly still comes back, with its problems in out.errors. A non-ok Status means the
    // file itself cannot be read any further.
    virtual Result<bool> next(RawRecord& out) = 0;
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
