// Bytes between a parent and its isolated worker (core/isolated.h): strings with a length
// before each, lists with a count before them. Reading never trusts the bytes: a short or
// malformed input makes the reader fail, and every later read fails too.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sa::wire {

class Writer {
  public:
    void str(std::string_view s);
    void num(std::int64_t n);
    void flag(bool b) { num(b ? 1 : 0); }
    void strings(const std::vector<std::string>& v);
    const std::string& bytes() const { return out_; }

  private:
    std::string out_;
};

class Reader {
  public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool str(std::string& s);
    bool num(std::int64_t& n);
    bool flag(bool& b);
    bool strings(std::vector<std::string>& v);
    bool at_end() const { return pos_ == in_.size(); }
    bool ok() const { return ok_; }

  private:
    std::string_view in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

}  // namespace sa::wire
