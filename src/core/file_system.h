// The program's calls into the local file system. OS errors become a Status in one function
// (errno_status); writes that must survive a crash go through a temp file, fsync and rename.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace sa::fs {

// Translates errno `err` into a Status naming `context` ("cannot open 'x': No such file…").
Status errno_status(const std::string& context, int err);

struct FileInfo {
    bool is_regular = false;
    bool is_directory = false;
    std::uint64_t size = 0;
    UnixTime mtime = 0;
    mode_t mode = 0;
};

// kNotFound when `path` does not exist.
Result<FileInfo> stat_path(const std::string& path);

// The whole file, or kInvalid when it is larger than `max_bytes`.
Result<std::string> read_file(const std::string& path, std::size_t max_bytes);

// Replaces `path` atomically: writes a temp file beside it, fsyncs, renames, fsyncs the
// directory. After a crash the file holds either the old or the new contents. The file has
// `mode` less the umask, whatever mode the file it replaces had.
Status write_file_atomic(const std::string& path, const std::string& data, mode_t mode = 0644);

// Renames and fsyncs both directories, so the move survives a crash.
Status rename_durable(const std::string& from, const std::string& to);

// mkdir -p.
Status make_dirs(const std::string& path, mode_t mode = 0755);

// Names in `dir` (no "." or ".."), sorted.
Result<std::vector<std::string>> list_dir(const std::string& dir);

std::string join(const std::string& dir, const std::string& name);
std::string dirname(const std::string& path);
std::string basename(const std::string& path);

// A read-only file descriptor; move-only, closes on destruction and never throws there.
class InputFile {
  public:
    static Result<InputFile> open(const std::string& path);
    InputFile(InputFile&& other) noexcept;
    InputFile& operator=(InputFile&& other) noexcept;
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    ~InputFile();

    // Up to `n` bytes; 0 at end of file.
    Result<std::size_t> read(char* buf, std::size_t n);
    Status rewind();
    const std::string& path() const { return path_; }

  private:
    InputFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    int fd_ = -1;
    std::string path_;
};

}  // namespace sa::fs
