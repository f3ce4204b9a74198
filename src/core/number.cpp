#include "core/number.h"

#include <charconv>
#include <limits>
#include <string>
#include <system_error>

namespace sa {
namespace {

std::string what_was_expected(int base, bool is_signed) {
    if (base == 16) return "a hexadecimal number";
    if (base != 10) return "a number in base " + std::to_string(base);
    return is_signed ? "a whole number" : "a non-negative whole number";
}

}  // namespace

template <typename T>
Result<T> parse_integer(std::string_view text, int base) {
    static_assert(std::numeric_limits<T>::is_integer, "parse_integer reads integers only");
    const std::string quoted = "'" + std::string(text) + "'";
    const std::string expected = what_was_expected(base, std::numeric_limits<T>::is_signed);
    if (base < 2 || base > 36)
        return Status::internal("parse_integer: base " + std::to_string(base));
    if (text.empty()) return Status::invalid("empty: expected " + expected);
    T value{};
    const char* end = text.data() + text.size();
    auto [stop, error] = std::from_chars(text.data(), end, value, base);
    if (error == std::errc::result_out_of_range) {
        return Status::invalid(quoted + " is out of range (" +
                               std::to_string(std::numeric_limits<T>::min()) + " to " +
                               std::to_string(std::numeric_limits<T>::max()) + ")");
    }
    if (error != std::errc() || stop != end) {
        return Status::invalid(quoted + " is not " + expected);
    }
    return value;
}

template Result<int> parse_integer<int>(std::string_view, int);
template Result<long> parse_integer<long>(std::string_view, int);
template Result<long long> parse_integer<long long>(std::string_view, int);
template Result<unsigned> parse_integer<unsigned>(std::string_view, int);
template Result<unsigned long> parse_integer<unsigned long>(std::string_view, int);
template Result<unsigned long long> parse_integer<unsigned long long>(std::string_view, int);

}  // namespace sa
