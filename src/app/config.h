// The configuration: every key the program reads, with its default, its kind and its meaning,
// in one table (config_keys.cpp). A Config is the INI file with `--set section.key=value`
// overrides applied after it, a later override winning; a key that is not in the table is an
// error, so a typo never silently falls back to a default.
//
// Each value is checked against its key's kind by one function (check_values): `config
// --check` reports what it finds, and every other command runs the same check at start-up
// and exits 78 before it does anything. What only the use of a value can tell (a template
// that does not load, a password file that is not there, a URL's mailbox) is checked where
// the value is used, also as kConfig.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace sa::app {

struct ConfigKey {
    enum class Kind {
        kText,       // anything
        kInt,        // a whole number from min to max
        kSeconds,    // "90", "90s", "15m", "4h", "14d", from min to max seconds
        kBytes,      // "1048576", "512K", "10M", from min to max bytes
        kBool,       // true/yes/on/1, false/no/off/0
        kChoice,     // one of `choices` ("a|b|c"), in any case
        kUrl,        // scheme://host[:port][/path] with a scheme among `choices` (core/url.h)
        kPath,       // a file or directory name, no control characters
        kUtcOffset,  // "+09:00", "+0900", "Z"
        kTime,       // ISO 8601 with an offset
    };
    const char* name;           // "section.key"
    const char* default_value;  // as it would be written in the file
    const char* meaning;
    Kind kind = Kind::kText;
    const char* choices = "";  // kChoice: the values; kUrl: the schemes; "|"-separated
    bool may_be_empty = true;  // kUrl, kPath, kTime: empty means "none"
    std::int64_t min = 0;      // kInt, kSeconds, kBytes
    std::int64_t max = 2147483647;
};

// Every key, in the order config/sa-batch.ini documents them.
const std::vector<ConfigKey>& config_keys();

class Config {
  public:
    // Reads `path` (missing file: kNotFound; syntax or unknown key: kConfig), then applies
    // the overrides ("section.key=value" each). Values are not checked here: check_values.
    static Result<Config> load(const std::string& path, const std::vector<std::string>& overrides);
    // Only defaults and overrides; for tests and for commands that need no file.
    static Result<Config> from_overrides(const std::vector<std::string>& overrides);

    std::string get(const std::string& key) const;
    // Typed getters. They throw sa::Error (kConfig) naming the key when the value is not of
    // its key's kind, which cannot happen once check_values passed.
    std::int64_t get_int(const std::string& key) const;
    bool get_bool(const std::string& key) const;
    std::int64_t get_seconds(const std::string& key) const;
    std::int64_t get_bytes(const std::string& key) const;

    // key → value, defaults included. Secrets never appear here: the configuration names
    // password files and environment variables, never a password.
    const std::map<std::string, std::string>& effective() const { return values_; }

    // Every value that is not of its key's kind, each kConfig with a message that names the
    // key and the value ("serve.port = '70000': expected a whole number from 0 to 65535");
    // empty when all are.
    std::vector<Status> check_values() const;
    const std::string& path() const { return path_; }

  private:
    Status set(const std::string& key, const std::string& value, const std::string& where);
    Status apply(const std::vector<std::string>& overrides);
    std::map<std::string, std::string> values_;
    std::string path_;
};

}  // namespace sa::app
