#include "app/config.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/IniFileConfiguration.h>

#include <fstream>
#include <functional>

#include "core/file_system.h"
#include "text/normalize.h"

namespace sa::app {
namespace {

const ConfigKey* find_key(const std::string& name) {
    for (const ConfigKey& k : config_keys()) {
        if (name == k.name) return &k;
    }
    return nullptr;
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

Status Config::check_values() const {
    for (const ConfigKey& k : config_keys()) {
        try {
            switch (k.kind) {
                case ConfigKey::Kind::kInt:
                    get_int(k.name);
                    break;
                case ConfigKey::Kind::kSeconds:
                    get_seconds(k.name);
                    break;
                case ConfigKey::Kind::kBool:
                    get_bool(k.name);
                    break;
                case ConfigKey::Kind::kText:
                    break;
            }
        } catch (const Error& e) {
            return Status::config(e.what());
        }
    }
    return Status::ok();
}

std::string Config::get(const std::string& key) const {
    auto it = values_.find(key);
    if (it == values_.end())
        throw Error(Status::Code::kInternal, "no configuration key '" + key + "'");
    return it->second;
}

std::int64_t Config::get_int(const std::string& key) const {
    std::string v = get(key);
    std::int64_t n = 0;
    std::size_t i = 0;
    bool ok = !v.empty();
    for (; i < v.size() && ok; ++i) {
        if (v[i] < '0' || v[i] > '9' || n > (INT64_MAX - 9) / 10) {
            ok = false;
        } else {
            n = n * 10 + (v[i] - '0');
        }
    }
    if (!ok) throw Error(Status::Code::kConfig, key + " = '" + v + "': expected a whole number");
    return n;
}

bool Config::get_bool(const std::string& key) const {
    std::string v = text::lower_ascii(get(key));
    if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
    if (v == "false" || v == "no" || v == "off" || v == "0") return false;
    throw Error(Status::Code::kConfig, key + " = '" + v + "': expected true or false");
}

std::int64_t Config::get_seconds(const std::string& key) const {
    std::string v = text::lower_ascii(get(key));
    std::int64_t unit = 1;
    if (!v.empty()) {
        switch (v.back()) {
            case 's':
                unit = 1;
                v.pop_back();
                break;
            case 'm':
                unit = 60;
                v.pop_back();
                break;
            case 'h':
                unit = 3600;
                v.pop_back();
                break;
            case 'd':
                unit = 86400;
                v.pop_back();
                break;
            default:
                break;
        }
    }
    bool ok = !v.empty() && v.size() < 10;
    std::int64_t n = 0;
    for (char ch : v) {
        if (ch < '0' || ch > '9') ok = false;
        n = n * 10 + (ch - '0');
    }
    if (!ok) {
        throw Error(Status::Code::kConfig,
                    key + " = '" + get(key) + "': expected a duration such as 90s, 15m, 4h or 14d");
    }
    return n * unit;
}

}  // namespace sa::app
