#include "app/secrets.h"

#include <sys/stat.h>

#include <cstdlib>

#include "core/file_system.h"

namespace sa::app {

Result<std::string> load_secret(const std::string& file, const std::string& env_name,
                                const std::string& what) {
    if (!file.empty()) {
        auto info = fs::stat_path(file);
        if (!info) return Status::config(what + ": " + info.status().message());
        if (info->mode & (S_IRWXG | S_IRWXO)) {
            return Status::config(what + " '" + file +
                                  "' is readable by group or others; run chmod 600 on it");
        }
        auto text = fs::read_file(file, 4096);
        if (!text) return Status::config(what + ": " + text.status().message());
        std::string secret = text->substr(0, text->find('\n'));
        if (!secret.empty() && secret.back() == '\r') secret.pop_back();
        if (secret.empty()) return Status::config(what + " '" + file + "' is empty");
        return secret;
    }
    if (!env_name.empty()) {
        const char* v = std::getenv(env_name.c_str());
        if (!v || !*v)
            return Status::config(what + ": environment variable " + env_name + " is not set");
        return std::string(v);
    }
    return std::string();
}

}  // namespace sa::app
