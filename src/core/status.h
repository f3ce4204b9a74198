// Expected failures travel as values: a Status says what went wrong, with context, and a
// Result<T> carries either a value or that Status. Both are [[nodiscard]]: a caller that
// drops one is told so by the compiler. Exceptions are kept for start-up, configuration and
// broken invariants.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace sa {

class [[nodiscard]] Status {
  public:
    enum class Code {
        kOk,
        kInvalid,      // bad input data (a record, a message, a file's contents)
        kNotFound,     // a file, a row or a mailbox that is not there
        kIo,           // the local file system
        kUnavailable,  // a server could not be reached or is busy; try again later
        kRefused,      // a server refuses us (authentication, TLS): a person must act
        kBusy,         // the database or the lock is held by someone else
        kConfig,       // the configuration is wrong
        kInternal,     // a broken invariant
    };

    Status() = default;
    static Status ok() { return Status(); }
    static Status invalid(std::string m) { return Status(Code::kInvalid, std::move(m)); }
    static Status not_found(std::string m) { return Status(Code::kNotFound, std::move(m)); }
    static Status io(std::string m) { return Status(Code::kIo, std::move(m)); }
    static Status unavailable(std::string m) { return Status(Code::kUnavailable, std::move(m)); }
    static Status refused(std::string m) { return Status(Code::kRefused, std::move(m)); }
    static Status busy(std::string m) { return Status(Code::kBusy, std::move(m)); }
    static Status config(std::string m) { return Status(Code::kConfig, std::move(m)); }
    static Status internal(std::string m) { return Status(Code::kInternal, std::move(m)); }

    bool is_ok() const { return code_ == Code::kOk; }
    explicit operator bool() const { return is_ok(); }
    Code code() const { return code_; }
    const std::string& message() const { return message_; }

    // Returns this status with `context` prepended ("context: message").
    Status with_context(const std::string& context) const {
        if (is_ok()) return *this;
        return Status(code_, context + ": " + message_);
    }

  private:
    Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
    Code code_ = Code::kOk;
    std::string message_;
};

// Either a T or a non-ok Status. Reading value() of a failed Result is a broken invariant.
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
    Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
        if (status_.is_ok()) throw std::logic_error("Result built from an ok Status without value");
    }

    bool is_ok() const { return value_.has_value(); }
    explicit operator bool() const { return is_ok(); }
    const Status& status() const { return status_; }

    T& value() & {
        check();
        return *value_;
    }
    const T& value() const& {
        check();
        return *value_;
    }
    T&& value() && {
        check();
        return std::move(*value_);
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

  private:
    void check() const {
        if (!value_) throw std::logic_error("value() of a failed Result: " + status_.message());
    }
    std::optional<T> value_;
    Status status_;
};

// Thrown for broken invariants and at start-up; the command-line skeleton turns it into an
// exit code.
class Error : public std::runtime_error {
  public:
    Error(Status::Code code, const std::string& message)
        : std::runtime_error(message), code_(code) {}
    explicit Error(const Status& s) : std::runtime_error(s.message()), code_(s.code()) {}
    Status::Code code() const { return code_; }

  private:
    Status::Code code_;
};

}  // namespace sa
