#include "app/config.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/IniFileConfiguration.h>

#include <fstream>
#include <functional>

#include "core/file_system.h"
#include "core/number.h"
#include "core/time_format.h"
#include "core/url.h"
#include "text/normalize.h"

namespace sa::app {
namespace {

const ConfigKey* find_key(const std::string& name) {
    for (const ConfigKey& k : config_keys()) {
        if (name == k.name) return &k;
    }
    return nullptr;
}

// The key a typed getter reads; asking for another kind than the table gives is a bug.
const ConfigKey& key_of(const std::string& name, ConfigKey::Kind kind) {
    const ConfigKey* k = find_key(name);
    if (!k || k->kind != kind)
        throw Error(Status::Code::kInternal,
                    "configuration key '" + name + "' read as another kind");
    return *k;
}

template <typename T>
T or_throw(Result<T> r) {
    if (!r) throw Error(r.status());
    return std::move(*r);
}

Status bad(const ConfigKey& k, const std::string& value, const std::string& expected) {
    return Status::config(std::string(k.name) + " = '" + value + "': expected " + expected);
}

std::vector<std::string> split_choices(const char* choices) {
    std::vector<std::string> out;
    std::string c = choices;
    for (std::size_t at = 0; at <= c.size();) {
        std::size_t bar = c.find('|', at);
        if (bar == std::string::npos) bar = c.size();
        out.push_back(c.substr(at, bar - at));
        at = bar + 1;
    }
    return out;
}

// "a, b or c".
std::string listed(const std::vector<std::string>& items, const std::string& suffix = "") {
    std::vector<std::string> shown;
    for (const std::string& i : items) {
        if (!i.empty()) shown.push_back(i + suffix);  // an empty choice goes without saying
    }
    std::string out;
    for (std::size_t i = 0; i < shown.size(); ++i) {
        if (i) out += i + 1 == shown.size() ? " or " : ", ";
        out += shown[i];
    }
    return out;
}

// kInt, kSeconds and kBytes: the value as a number of units (seconds, bytes), within the
// key's range.
Result<std::int64_t> amount(const ConfigKey& k, const std::string& value) {
    std::string digits = value;
    std::int64_t unit = 1;
    std::string expected;
    const std::string range = std::to_string(k.min) + " to " + std::to_string(k.max);
    switch (k.kind) {
        case ConfigKey::Kind::kSeconds: {
            expected = "a duration such as 90s, 15m, 4h or 14d, from " + range + " seconds";
            const char last = digits.empty() ? '\0' : static_cast<char>(digits.back() | 0x20);
            const std::int64_t units[] = {1, 60, 3600, 86400};
            const char* suffix = "smhd";
            for (int i = 0; i < 4; ++i) {
                if (last == suffix[i]) {
                    unit = units[i];
                    digits.pop_back();
                }
            }
            break;
        }
        case ConfigKey::Kind::kBytes: {
            expected = "a size such as 1048576, 512K or 10M, from " + range + " bytes";
            const char last = digits.empty() ? '\0' : static_cast<char>(digits.back() | 0x20);
            if (last == 'k' || last == 'm') {
                unit = last == 'k' ? 1024 : 1024 * 1024;
                digits.pop_back();
                if (!digits.empty() && digits.back() == ' ') digits.pop_back();  // "10 M"
            }
            break;
        }
        default:
            expected = "a whole number from " + range;
            break;
    }
    auto n = parse_integer<std::int64_t>(digits);
    if (!n || *n < 0 || *n > k.max / unit || *n * unit < k.min) return bad(k, value, expected);
    return *n * unit;
}

Result<bool> boolean(const ConfigKey& k, const std::string& value) {
    std::string v = text::lower_ascii(value);
    if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
    if (v == "false" || v == "no" || v == "off" || v == "0") return false;
    return bad(k, value, "true or false");
}

// The one check of a value against its key's kind.
Status check_value(const ConfigKey& k, const std::string& value) {
    using Kind = ConfigKey::Kind;
    if (value.empty() && k.may_be_empty &&
        (k.kind == Kind::kUrl || k.kind == Kind::kPath || k.kind == Kind::kTime ||
         k.kind == Kind::kBytes)) {
        return Status::ok();
    }
    switch (k.kind) {
        case Kind::kText:
            return Status::ok();
        case Kind::kInt:
        case Kind::kSeconds:
        case Kind::kBytes:
            return amount(k, value).status();
        case Kind::kBool:
            return boolean(k, value).status();
        case Kind::kChoice: {
            const auto choices = split_choices(k.choices);
            for (const std::string& c : choices) {
                if (text::lower_ascii(value) == c) return Status::ok();
            }
            return bad(k, value, listed(choices));
        }
        case Kind::kUrl: {
            auto url = parse_url(value);
            if (!url) return Status::config(std::string(k.name) + ": " + url.status().message());
            const auto schemes = split_choices(k.choices);
            for (const std::string& s : schemes) {
                if (url->scheme == s) return Status::ok();
            }
            return bad(k, value, "a URL starting with " + listed(schemes, "://"));
        }
        case Kind::kPath:
            if (value.empty()) return bad(k, value, "a path (it must not be empty)");
            if (text::has_control_chars(value))
                return bad(k, value, "a path without control characters");
            return Status::ok();
        case Kind::kUtcOffset: {
            auto offset = parse_utc_offset(value);
            if (!offset)
                return Status::config(std::string(k.name) + ": " + offset.status().message());
            return Status::ok();
        }
        case Kind::kTime: {
            auto t = parse_iso8601(value);
            if (!t) {
                return Status::config(std::string(k.name) + " = '" + value +
                                      "': " + t.status().message());
            }
            return Status::ok();
        }
    }
    return Status::internal(std::string("configuration key kind of ") + k.name);
}

}  // namespace

Status Config::set(const std::string& key, const std::string& value, const std::string& where) {
    std::string k = text::lower_ascii(key);
    if (!find_key(k)) return Status::config(where + ": unknown configuration key '" + key + "'");
    values_[k] = value;
    return Status::ok();
}

Status Config::apply(const std::vector<std::string>& overrides) {
    for (const std::string& o : overrides) {
        auto eq = o.find('=');
        if (eq == std::string::npos || eq == 0) {
            return Status::config("--set '" + o + "': expected section.key=value");
        }
        Status s = set(o.substr(0, eq), o.substr(eq + 1), "--set");
        if (!s) return s;
    }
    return Status::ok();
}

Result<Config> Config::from_overrides(const std::vector<std::string>& overrides) {
    Config c;
    for (const ConfigKey& k : config_keys()) c.values_[k.name] = k.default_value;
    Status s = c.apply(overrides);
    if (!s) return s;
    return c;
}

Result<Config> Config::load(const std::string& path, const std::vector<std::string>& overrides) {
    Config c;
    for (const ConfigKey& k : config_keys()) c.values_[k.name] = k.default_value;
    c.path_ = path;
    auto info = fs::stat_path(path);
    if (!info) return info.status().with_context("configuration");
    try {
        Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini(
            new Poco::Util::IniFileConfiguration(path));
        std::function<Status(const std::string&)> walk = [&](const std::string& root) -> Status {
            Poco::Util::AbstractConfiguration::Keys keys;
            ini->keys(root, keys);
            if (keys.empty() && !root.empty()) {
                return c.set(root, ini->getRawString(root), "'" + path + "'");
            }
            for (const std::string& k : keys) {
                Status s = walk(root.empty() ? k : root + "." + k);
                if (!s) return s;
            }
            return Status::ok();
        };
        Status s = walk("");
        if (!s) return s;
    } catch (const Poco::Exception& e) {
        return Status::config("cannot read configuration '" + path + "': " + e.displayText());
    }
    Status s = c.apply(overrides);
    if (!s) return s;
    return c;
}

std::vector<Status> Config::check_values() const {
    std::vector<Status> problems;
    for (const ConfigKey& k : config_keys()) {
        Status s = check_value(k, get(k.name));
        if (!s) problems.push_back(s);
    }
    return problems;
}

std::string Config::get(const std::string& key) const {
    auto it = values_.find(key);
    if (it == values_.end())
        throw Error(Status::Code::kInternal, "no configuration key '" + key + "'");
    return it->second;
}

std::int64_t Config::get_int(const std::string& key) const {
    return or_throw(amount(key_of(key, ConfigKey::Kind::kInt), get(key)));
}

std::int64_t Config::get_seconds(const std::string& key) const {
    return or_throw(amount(key_of(key, ConfigKey::Kind::kSeconds), get(key)));
}

std::int64_t Config::get_bytes(const std::string& key) const {
    return or_throw(amount(key_of(key, ConfigKey::Kind::kBytes), get(key)));
}

bool Config::get_bool(const std::string& key) const {
    return or_throw(boolean(key_of(key, ConfigKey::Kind::kBool), get(key)));
}

}  // namespace sa::app
