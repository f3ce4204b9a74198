#include "core/wire.h"

#include <cstring>

namespace sa::wire {

void Writer::str(std::string_view s) {
    const std::uint64_t n = s.size();
    out_.append(reinterpret_cast<const char*>(&n), sizeof n);
    out_.append(s);
}

void Writer::num(std::int64_t n) {
    out_.append(reinterpret_cast<const char*>(&n), sizeof n);
}

void Writer::strings(const std::vector<std::string>& v) {
    num(static_cast<std::int64_t>(v.size()));
    for (const auto& s : v) str(s);
}

bool Reader::str(std::string& s) {
    std::uint64_t n = 0;
    if (!ok_ || in_.size() - pos_ < sizeof n) return ok_ = false;
    std::memcpy(&n, in_.data() + pos_, sizeof n);
    pos_ += sizeof n;
    if (in_.size() - pos_ < n) return ok_ = false;
    s.assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
}

bool Reader::num(std::int64_t& n) {
    if (!ok_ || in_.size() - pos_ < sizeof n) return ok_ = false;
    std::memcpy(&n, in_.data() + pos_, sizeof n);
    pos_ += sizeof n;
    return true;
}

bool Reader::flag(bool& b) {
    std::int64_t n = 0;
    if (!num(n)) return false;
    b = n != 0;
    return true;
}

bool Reader::strings(std::vector<std::string>& v) {
    std::int64_t n = 0;
    if (!num(n) || n < 0 || static_cast<std::uint64_t>(n) > in_.size()) return ok_ = false;
    v.resize(static_cast<std::size_t>(n));
    for (auto& s : v) {
        if (!str(s)) return false;
    }
    return true;
}

}  // namespace sa::wire
