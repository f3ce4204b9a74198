// A fresh directory under $TMPDIR, removed with everything in it when the object dies.
#pragma once

#include <string>

namespace sa::test {

class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

// Writes `content` to `path` (creating parent directories).
void write_file(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);
// Sets the file's modification time `seconds_ago` seconds into the past.
void age_file(const std::string& path, int seconds_ago);

}  // namespace sa::test
