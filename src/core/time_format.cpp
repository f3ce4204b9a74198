#include "core/time_format.h"

#include <cstdio>
#include <cstdlib>

namespace sa {
namespace {

// Days since 1970-01-01 for a civil date (H. Hinnant's algorithm).
long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

struct Civil {
    long long year;
    unsigned month, day, hour, minute, second, weekday;  // weekday 0 = Sunday
};

Civil civil_from_time(UnixTime t) {
    long long days = t / 86400;
    long long secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days -= 1;
    }
    Civil c{};
    c.weekday = static_cast<unsigned>((days % 7 + 11) % 7);  // 1970-01-01 was a Thursday
    long long z = days + 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    c.day = doy - (153 * mp + 2) / 5 + 1;
    c.month = mp < 10 ? mp + 3 : mp - 9;
    c.year = static_cast<long long>(yoe) + era * 400 + (c.month <= 2);
    c.hour = static_cast<unsigned>(secs / 3600);
    c.minute = static_cast<unsigned>(secs % 3600 / 60);
    c.second = static_cast<unsigned>(secs % 60);
    return c;
}

bool read_digits(const std::string& s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

std::string offset_text(int offset_minutes, bool colon) {
    char sign = offset_minutes < 0 ? '-' : '+';
    int a = std::abs(offset_minutes);
    char buf[16];
    std::snprintf(buf, sizeof buf, colon ? "%c%02d:%02d" : "%c%02d%02d", sign, a / 60, a % 60);
    return buf;
}

}  // namespace

Result<int> parse_utc_offset(const std::string& text) {
    if (text == "Z" || text == "z") return 0;
    int h = 0, m = 0;
    if (text.size() == 6 && (text[0] == '+' || text[0] == '-') && text[3] == ':' &&
        read_digits(text, 1, 2, h) && read_digits(text, 4, 2, m)) {
    } else if (text.size() == 5 && (text[0] == '+' || text[0] == '-') &&
               read_digits(text, 1, 2, h) && read_digits(text, 3, 2, m)) {
    } else {
        return Status::invalid("not a UTC offset: '" + text + "'");
    }
    if (h > 23 || m > 59) return Status::invalid("UTC offset out of range: '" + text + "'");
    int total = h * 60 + m;
    return text[0] == '-' ? -total : total;
}

Result<UnixTime> parse_iso8601(const std::string& text) {
    int y, mo, d, h, mi, s;
    if (!(read_digits(text, 0, 4, y) && text.size() > 4 && text[4] == '-' &&
          read_digits(text, 5, 2, mo) && text.size() > 7 && text[7] == '-' &&
          read_digits(text, 8, 2, d) && text.size() > 10 && (text[10] == 'T' || text[10] == ' ') &&
          read_digits(text, 11, 2, h) && text.size() > 13 && text[13] == ':' &&
          read_digits(text, 14, 2, mi) && text.size() > 16 && text[16] == ':' &&
          read_digits(text, 17, 2, s))) {
        return Status::invalid("not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss±hh:mm)");
    }
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == start) return Status::invalid("empty fraction of a second");
    }
    if (pos >= text.size()) return Status::invalid("the time has no UTC offset");
    auto offset = parse_utc_offset(text.substr(pos));
    if (!offset) return offset.status();
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap) ||
        h > 23 || mi > 59 || s > 60) {
        return Status::invalid("date or time out of range");
    }
    long long days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    return static_cast<UnixTime>(days * 86400 + h * 3600 + mi * 60 + (s == 60 ? 59 : s) -
                                 static_cast<long long>(*offset) * 60);
}

std::string format_rfc5322(UnixTime t, int offset_minutes) {
    static const char* kDay[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* kMonth[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    Civil c = civil_from_time(t + static_cast<UnixTime>(offset_minutes) * 60);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02u:%02u:%02u %s", kDay[c.weekday], c.day,
                  kMonth[c.month - 1], c.year, c.hour, c.minute, c.second,
                  offset_text(offset_minutes, false).c_str());
    return buf;
}

std::string format_iso8601(UnixTime t, int offset_minutes) {
    Civil c = civil_from_time(t + static_cast<UnixTime>(offset_minutes) * 60);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u%s", c.year, c.month, c.day,
                  c.hour, c.minute, c.second, offset_text(offset_minutes, true).c_str());
    return buf;
}

std::string format_date(UnixTime t, int offset_minutes) {
    return format_iso8601(t, offset_minutes).substr(0, 10);
}

}  // namespace sa
