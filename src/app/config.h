// The configuration: every key the program reads, with its default and meaning, in one
// table (config_keys.cpp). A Config is the INI file with `--set section.key=value` overrides
// applied after it, a later override winning; a key that is not in the table is an error,
// so a typo never silently falls back to a default.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace sa::app {

struct ConfigKey {
    const char* name;           // "section.key"
    const char* default_value;  // as it would be written in the file
    const char* meaning;
    enum class Kind { kText, kInt, kSeconds, kBool } kind = Kind::kText;
};

// Every key, in the order config/sa-batch.ini documents them.
const std::vector<ConfigKey>& config_keys();

class Config {
  public:
    // Reads `path` (missing file: kNotFound; syntax or unknown key: kConfig), then applies
    // the overrides ("section.key=value" each).
    static Result<Config> load(const std::string& path, const std::vector<std::string>& overrides);
    // Only defaults and overrides; for tests and for commands that need no file.
    static Result<Config> from_overrides(const std::vector<std::string>& overrides);

    std::string get(const std::string& key) const;
    // Typed getters throw sa::Error (kConfig) naming the key when the value does not parse.
    std::int64_t get_int(const std::string& key) const;
    bool get_bool(const std::string& key) const;
    // "90", "90s", "15m", "4h", "14d" → seconds.
    std::int64_t get_seconds(const std::string& key) const;

    // key → value, defaults included. Secrets never appear here: the configuration names
    // password files and environment variables, never a password.
    const std::map<std::string, std::string>& effective() const { return values_; }

    // Every value parses as its key's kind; the first that does not, named.
    Status check_values() const;
    const std::string& path() const { return path_; }

  private:
    Status set(const std::string& key, const std::string& value, const std::string& where);
    Status apply(const std::vector<std::string>& overrides);
    std::map<std::string, std::string> values_;
    std::string path_;
};

}  // namespace sa::app
