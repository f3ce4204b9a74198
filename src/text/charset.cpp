#include "text/charset.h"

#include <iconv.h>

#include <cerrno>
#include <cstdio>
#include <map>
#include <memory>

#include "text/normalize.h"
#include "text/utf8.h"

namespace sa::charset {
namespace {

// Owns one iconv descriptor.
class Converter {
  public:
    Converter(const std::string& to, const std::string& from)
        : cd_(::iconv_open(to.c_str(), from.c_str())) {}
    ~Converter() {
        if (ok()) ::iconv_close(cd_);
    }
    Converter(const Converter&) = delete;
    Converter& operator=(const Converter&) = delete;
    bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

    // Converts `in`; on a bad sequence stops and reports its offset in `bad_offset`.
    // Returns false then. `out` holds what was converted before it.
    bool convert(std::string_view in, std::string& out, std::size_t& bad_offset) {
        ::iconv(cd_, nullptr, nullptr, nullptr, nullptr);
        char* src = const_cast<char*>(in.data());
        std::size_t src_left = in.size();
        char buf[4096];
        for (;;) {
            char* dst = buf;
            std::size_t dst_left = sizeof buf;
            bool flushing = src_left == 0;
            std::size_t rc = flushing ? ::iconv(cd_, nullptr, nullptr, &dst, &dst_left)
                                      : ::iconv(cd_, &src, &src_left, &dst, &dst_left);
            int err = errno;
            out.append(buf, sizeof buf - dst_left);
            if (rc != static_cast<std::size_t>(-1)) {
                // Once all input is taken, one call without input writes the return to the
                // initial shift state (ESC ( B for ISO-2022-JP); without it the text would
                // end in JIS X 0208 mode.
                if (flushing) return true;
                continue;
            }
            if (err == E2BIG) continue;
            bad_offset = in.size() - src_left;
            return false;
        }
    }

  private:
    iconv_t cd_;
};

bool is_iso2022jp(const std::string& c) {
    return c == "ISO-2022-JP";
}

// This thread's open descriptors: iconv_open costs more than converting a mail's text, and
// closing the last descriptor of a charset unloads its module. A few dozen at most.
Converter* converter(const std::string& to, const std::string& from) {
    thread_local std::map<std::pair<std::string, std::string>, std::unique_ptr<Converter>> open;
    auto key = std::make_pair(to, from);
    auto it = open.find(key);
    if (it != open.end()) return it->second.get();
    auto conv = std::make_unique<Converter>(to, from);
    if (!conv->ok()) return nullptr;
    if (open.size() >= 32) open.clear();
    return open.emplace(std::move(key), std::move(conv)).first->second.get();
}

// Converts with iconv; undecodable bytes become U+FFFD (lenient) or stop (strict).
Result<std::string> run_iconv(std::string_view bytes, const std::string& to,
                              const std::string& from, bool lenient) {
    Converter* found = converter(to, from);
    if (!found) return Status::invalid("unsupported charset '" + from + "'");
    Converter& conv = *found;
    std::string out;
    std::string_view rest = bytes;
    std::size_t consumed = 0;
    for (;;) {
        std::size_t bad = 0;
        if (conv.convert(rest, out, bad)) return out;
        if (!lenient) {
            char what[64];
            unsigned char b = static_cast<unsigned char>(rest.size() > bad ? rest[bad] : 0);
            std::snprintf(what, sizeof what, " at byte %zu (0x%02X)", consumed + bad, b);
            return Status::invalid("cannot convert from " + from + " to " + to + what);
        }
        utf8::append(out, utf8::kReplacement);
        consumed += bad + 1;
        if (bad + 1 >= rest.size()) return out;
        rest = rest.substr(bad + 1);
    }
}

// ISO-2022-JP and its Microsoft variants (CP50220/50221/50222), decoded by hand: JIS X 0208
// (including NEC row 13 and the NEC-selected IBM rows) is re-encoded as Shift_JIS and read as
// CP932, half-width katakana likewise, JIS X 0212 as EUC-JP.
Result<std::string> decode_iso2022jp(std::string_view in, bool lenient) {
    enum class Set { kAscii, kRoman, kJis0208, kKana, kJis0212 } set = Set::kAscii;
    std::string out;
    std::string run;  // bytes of the current non-ASCII run, in the run's target encoding
    Set run_set = Set::kAscii;
    bool shifted_out = false;  // SO/SI half-width katakana (CP50222)

    auto flush = [&]() -> Status {
        if (run.empty()) return Status::ok();
        const char* from = run_set == Set::kJis0212 ? "EUC-JP" : "CP932";
        auto r = run_iconv(run, "UTF-8", from, lenient);
        run.clear();
        if (!r) return r.status();
        out += *r;
        return Status::ok();
    };
    auto bad = [&](std::size_t at) -> Status {
        if (lenient) {
            utf8::append(out, utf8::kReplacement);
            return Status::ok();
        }
        return Status::invalid("invalid ISO-2022-JP sequence at byte " + std::to_string(at));
    };
    auto add_to_run = [&](Set s, std::string bytes) -> Status {
        if (s != run_set) {
            Status st = flush();
            if (!st) return st;
            run_set = s;
        }
        run += bytes;
        return Status::ok();
    };

    std::size_t i = 0;
    while (i < in.size()) {
        unsigned char c = static_cast<unsigned char>(in[i]);
        Status st;
        if (c == 0x1B) {
            std::string_view esc = in.substr(i, 4);
            std::size_t len = 3;
            if (esc.substr(0, 3) == "\x1B(B") {
                set = Set::kAscii;
            } else if (esc.substr(0, 3) == "\x1B(J") {
                set = Set::kRoman;  // JIS X 0201 Roman: ASCII but for ¥ and ‾
            } else if (esc.substr(0, 3) == "\x1B$B" || esc.substr(0, 3) == "\x1B$@") {
                set = Set::kJis0208;
            } else if (esc.substr(0, 3) == "\x1B(I") {
                set = Set::kKana;
            } else if (esc == "\x1B$(D") {
                set = Set::kJis0212;
                len = 4;
            } else if (esc == "\x1B$(B" || esc == "\x1B$(Q") {
                set = Set::kJis0208;
                len = 4;
            } else {
                // Flush first so that the U+FFFD lands after the text read before it.
                if (!(st = flush())) return st;
                st = bad(i);
                if (!st) return st;
                ++i;
                continue;
            }
            i += len;
            continue;
        }
        if (c == 0x0E) {
            shifted_out = true;
            ++i;
            continue;
        }
        if (c == 0x0F) {
            shifted_out = false;
            ++i;
            continue;
        }
        if (c == '\r' || c == '\n') {
            // A line break ends any double-byte mode in well-formed mail; be forgiving: a
            // sender that forgot ESC ( B must not turn the following lines into kanji.
            if (!(st = flush())) return st;
            if (set == Set::kJis0208 || set == Set::kJis0212) set = Set::kAscii;
            run_set = Set::kAscii;
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        if (c >= 0x80) {
            if (!(st = flush())) return st;
            if (!(st = bad(i))) return st;
            ++i;
            continue;
        }
        if ((set == Set::kKana || shifted_out) && c >= 0x21 && c <= 0x5F) {
            st = add_to_run(Set::kKana, std::string(1, static_cast<char>(c | 0x80)));
            ++i;
        } else if ((set == Set::kJis0208 || set == Set::kJis0212) && c >= 0x21 && c <= 0x7E) {
            if (i + 1 >= in.size() || static_cast<unsigned char>(in[i + 1]) < 0x21 ||
                static_cast<unsigned char>(in[i + 1]) > 0x7E) {
                if (!(st = flush())) return st;
                st = bad(i);
                ++i;
            } else {
                unsigned row = c - 0x20, cell = static_cast<unsigned char>(in[i + 1]) - 0x20;
                std::string bytes;
                if (set == Set::kJis0212) {
                    bytes = {'\x8F', static_cast<char>(c | 0x80),
                             static_cast<char>(static_cast<unsigned char>(in[i + 1]) | 0x80)};
                } else {
                    unsigned lead = (row + 1) / 2 + (row <= 62 ? 0x80 : 0xC0);
                    unsigned trail =
                        (row % 2 == 1) ? cell + 0x3F + (cell >= 64 ? 1 : 0) : cell + 0x9E;
                    bytes = {static_cast<char>(lead), static_cast<char>(trail)};
                }
                st = add_to_run(set, bytes);
                i += 2;
            }
        } else {
            if (!(st = flush())) return st;
            run_set = Set::kAscii;
            if (set == Set::kRoman && c == 0x5C) {
                out += "\xC2\xA5";  // ¥
            } else if (set == Set::kRoman && c == 0x7E) {
                out += "\xE2\x80\xBE";  // ‾
            } else {
                out += static_cast<char>(c);
            }
            ++i;
        }
        if (!st) return st;
    }
    Status st = flush();
    if (!st) return st;
    return out;
}

Result<std::string> decode(std::string_view bytes, const std::string& canon, bool lenient) {
    if (canon == "UTF-8" || canon == "US-ASCII") {
        if (utf8::is_valid(bytes)) return std::string(bytes);
        if (!lenient) return Status::invalid("invalid UTF-8");
        return utf8::sanitize(bytes);
    }
    if (is_iso2022jp(canon)) return decode_iso2022jp(bytes, lenient);
    if (canon == "EUC-JP") {
        auto strict = run_iconv(bytes, "UTF-8", "EUC-JP", false);
        if (strict) return strict;
        auto ms = run_iconv(bytes, "UTF-8", "EUC-JP-MS", false);
        if (ms || !lenient) return ms;
        return run_iconv(bytes, "UTF-8", "EUC-JP-MS", true);
    }
    return run_iconv(bytes, "UTF-8", canon, lenient);
}

}  // namespace

std::string canonical(std::string_view label) {
    std::string l = text::lower_ascii(label);
    if (l.empty() || l == "utf-8" || l == "utf8") return "UTF-8";
    if (l == "us-ascii" || l == "ascii" || l == "ansi_x3.4-1968") return "US-ASCII";
    if (l == "shift_jis" || l == "shift-jis" || l == "sjis" || l == "x-sjis" ||
        l == "windows-31j" || l == "cp932" || l == "ms932" || l == "ms_kanji" ||
        l == "csshiftjis" || l == "x-ms-cp932" || l == "windows-932") {
        return "CP932";
    }
    if (l == "iso-2022-jp" || l == "csiso2022jp" || l == "iso-2022-jp-ms" || l == "cp50220" ||
        l == "cp50221" || l == "cp50222" || l == "iso-2022-jp-1" || l == "iso-2022-jp-2" ||
        l == "iso-2022-jp-3") {
        return "ISO-2022-JP";
    }
    if (l == "euc-jp" || l == "x-euc-jp" || l == "eucjp" || l == "cseucpkdfmtjapanese" ||
        l == "euc-jp-ms" || l == "eucjp-ms") {
        return "EUC-JP";
    }
    std::string upper = l;
    for (char& c : upper) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return upper;
}

Result<std::string> to_utf8(std::string_view bytes, std::string_view label) {
    return decode(bytes, canonical(label), false);
}

std::string to_utf8_lenient(std::string_view bytes, std::string_view label) {
    std::string canon = label.empty() ? "unlabelled" : canonical(label);
    if (canon != "UTF-8" && canon != "US-ASCII" && canon != "CP932" && !is_iso2022jp(canon) &&
        canon != "EUC-JP") {
        Converter probe("UTF-8", canon);
        if (!probe.ok()) {
            // Unlabelled or unknown: JIS escapes first (they are valid ASCII too), then UTF-8.
            if (bytes.find("\x1B$B") != std::string_view::npos ||
                bytes.find("\x1B$@") != std::string_view::npos) {
                canon = "ISO-2022-JP";
            } else if (utf8::is_valid(bytes)) {
                return std::string(bytes);
            } else {
                canon = "CP932";
            }
        }
    }
    if (canon == "US-ASCII" && !utf8::is_valid(bytes)) canon = "CP932";
    auto r = decode(bytes, canon, true);
    // iconv's own UTF-8 side lets through sequences (surrogates, for one) that UTF-8 forbids;
    // what leaves here is valid whatever the label claimed.
    return utf8::sanitize(r ? *r : bytes);
}

namespace {

// Six characters that Windows (CP932) and JIS X 0208 map to different code points. Text typed
// on Windows holds the first form, which glibc's ISO-2022-JP does not know; the second is
// the same JIS character.
std::string to_jis_forms(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        char32_t cp;
        if (!utf8::next(utf8, pos, cp)) cp = utf8::kReplacement;
        switch (cp) {
            case 0xFF5E:
                cp = 0x301C;
                break;  // ～ → 〜
            case 0xFF0D:
                cp = 0x2212;
                break;  // － → −
            case 0x2225:
                cp = 0x2016;
                break;  // ∥ → ‖
            case 0xFFE0:
                cp = 0x00A2;
                break;  // ￠ → ¢
            case 0xFFE1:
                cp = 0x00A3;
                break;  // ￡ → £
            case 0xFFE2:
                cp = 0x00AC;
                break;  // ￢ → ¬
            default:
                break;
        }
        utf8::append(out, cp);
    }
    return out;
}

}  // namespace

Result<std::string> from_utf8(std::string_view utf8_text, std::string_view label) {
    std::string canon = canonical(label);
    if (!utf8::is_valid(utf8_text)) return Status::invalid("the text is not valid UTF-8");
    if (canon == "UTF-8") return std::string(utf8_text);
    if (is_iso2022jp(canon) && utf8_text.find_first_of("\x1B\x0E\x0F") != std::string_view::npos) {
        // ESC, SO and SI are ISO-2022-JP's own shift codes: text holding them would decode
        // as something else.
        return Status::invalid("a shift code (ESC, SO or SI) cannot be written in ISO-2022-JP");
    }
    const std::string converted =
        is_iso2022jp(canon) ? to_jis_forms(utf8_text) : std::string(utf8_text);
    std::string_view utf8 = converted;
    auto r = run_iconv(utf8, canon, "UTF-8", false);
    if (r) return r;
    // Name the character that the charset cannot hold.
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        std::size_t start = pos;
        char32_t cp;
        utf8::next(utf8, pos, cp);
        if (!run_iconv(utf8.substr(start, pos - start), canon, "UTF-8", false)) {
            return Status::invalid("'" + std::string(utf8.substr(start, pos - start)) +
                                   "' cannot be written in " + canon);
        }
    }
    return r.status();
}

}  // namespace sa::charset
