#include "inbox/extract.h"

#include <algorithm>
#include <string_view>

#include "domain/corporate_number.h"
#include "domain/ids.h"
#include "domain/prefecture.h"
#include "text/normalize.h"

namespace sa::inbox {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Digit runs in which single spaces or hyphens may separate groups ("7000-0120-50002").
std::vector<std::string> digit_runs(const std::string& s) {
    std::vector<std::string> runs;
    std::size_t i = 0;
    while (i < s.size()) {
        if (!is_digit(s[i])) {
            ++i;
            continue;
        }
        if (i > 0 && (std::isalpha(static_cast<unsigned char>(
                         s[i - 1])))) {  // part of a token like "ID4…"? keep
        }
        std::string digits;
        std::size_t j = i;
        while (j < s.size()) {
            if (is_digit(s[j])) {
                digits += s[j++];
            } else if ((s[j] == '-' || s[j] == ' ') && j + 1 < s.size() && is_digit(s[j + 1]) &&
                       !digits.empty()) {
                ++j;
            } else {
                break;
            }
        }
        runs.push_back(digits);
        i = j;
    }
    return runs;
}

const std::vector<std::string>& short_forms() {
    static const std::vector<std::string> kShort = [] {
        std::vector<std::string> v;
        for (const std::string& full : all_prefectures()) {
            v.push_back(full == "北海道" ? full : full.substr(0, full.size() - 3));
        }
        return v;
    }();
    return kShort;
}

// The prefecture a value starts with: "大阪府大阪市…", "大阪市北区…", "大阪".
std::string prefecture_at_start(const std::string& value) {
    std::string v = text::trim(value);
    for (const std::string& full : all_prefectures()) {
        if (v.rfind(full, 0) == 0) return full;
    }
    const auto& shorts = short_forms();
    for (std::size_t i = 0; i < shorts.size(); ++i) {
        if (v.rfind(shorts[i], 0) == 0) return all_prefectures()[i];
    }
    return "";
}

std::string find_prefecture(const std::string& folded) {
    for (const char* label :
         {"都道府県", "所在地", "本社所在地", "住所", "所在都道府県", "場所", "所在", "本社"}) {
        std::string v = labelled_value(folded, {label});
        if (!v.empty()) {
            std::string p = prefecture_at_start(v);
            if (!p.empty()) return p;
        }
    }
    // Otherwise the earliest full name anywhere.
    std::size_t best = std::string::npos;
    std::string found;
    for (const std::string& full : all_prefectures()) {
        std::size_t pos = folded.find(full);
        if (pos < best) {
            best = pos;
            found = full;
        }
    }
    return found;
}

std::string strip_value(std::string v) {
    v = text::trim(v);
    for (const char* tail : {"です。", "です", "。", "、", "様"}) {
        std::string t = tail;
        if (v.size() > t.size() && v.compare(v.size() - t.size(), t.size(), t) == 0) {
            v = text::trim(v.substr(0, v.size() - t.size()));
        }
    }
    // A reading in brackets after the name: 「鈴木 次郎（すずき じろう）」.
    for (const char* open : {"(", "（"}) {
        std::size_t p = v.find(open);
        if (p != std::string::npos && p > 0) v = text::trim(v.substr(0, p));
    }
    return v;
}

std::string first_address(const std::string& s, const std::vector<std::string>& exclude) {
    std::size_t pos = 0;
    while ((pos = s.find('@', pos)) != std::string::npos) {
        std::size_t b = pos, e = pos + 1;
        auto atext = [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) ||
                   std::string("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string::npos;
        };
        while (b > 0 && atext(s[b - 1])) --b;
        while (e < s.size() &&
               (std::isalnum(static_cast<unsigned char>(s[e])) || s[e] == '.' || s[e] == '-'))
            ++e;
        while (e > pos + 1 && s[e - 1] == '.') --e;
        std::string addr = s.substr(b, e - b);
        pos = e;
        if (b == pos || addr.find('.', addr.find('@')) == std::string::npos || addr.front() == '@')
            continue;
        std::size_t at = addr.find('@');
        addr = addr.substr(0, at) + "@" + text::lower_ascii(addr.substr(at + 1));
        if (std::find(exclude.begin(), exclude.end(), text::lower_ascii(addr)) == exclude.end())
            return addr;
    }
    return "";
}

}  // namespace

std::string labelled_value(const std::string& folded, const std::vector<std::string>& labels) {
    std::size_t line_start = 0;
    while (line_start < folded.size()) {
        std::size_t eol = folded.find('\n', line_start);
        const std::string_view whole(folded);
        const std::string_view view = whole.substr(
            line_start, eol == std::string::npos ? std::string::npos : eol - line_start);
        line_start = eol == std::string::npos ? folded.size() : eol + 1;
        // Most lines name no label: look no further at them.
        if (std::none_of(labels.begin(), labels.end(), [&](const std::string& label) {
                return view.find(label) != std::string_view::npos;
            })) {
            continue;
        }
        std::string line(view);
        std::string t = text::trim(line);
        // Bullets and brackets before a label: "・屋号：", "【屋号】", "■屋号:".
        for (const char* lead : {"・", "■", "●", "◆", "※", "-", "*", "【", "["}) {
            std::string l = lead;
            if (t.rfind(l, 0) == 0) t = text::trim(t.substr(l.size()));
        }
        for (const std::string& label : labels) {
            // At the start of the line, or after the end of a clause: 「…ました。屋号：…」.
            std::size_t at = t.rfind(label, 0) == 0 ? 0 : std::string::npos;
            for (const char* stop : {"。", "、", " ", "(", "「"}) {
                if (at != std::string::npos) break;
                std::size_t p = t.find(std::string(stop) + label);
                if (p != std::string::npos) at = p + std::string(stop).size();
            }
            if (at == std::string::npos) continue;
            std::string rest = t.substr(at + label.size());
            bool separated = false;
            for (;;) {
                std::string r = text::trim(rest);
                bool cut = false;
                for (const char* sep : {":", "】", "]", "|", "="}) {
                    std::string s = sep;
                    if (r.rfind(s, 0) == 0) {
                        rest = r.substr(s.size());
                        separated = cut = true;
                    }
                }
                if (!cut) {
                    if (r.size() != rest.size()) separated = true;  // white space only
                    rest = r;
                    break;
                }
            }
            // A value ends at the end of its clause: 「屋号：鈴木工務店、代表者：…」.
            for (const char* end : {"、", "。", ",", "  "}) {
                std::size_t p = rest.find(end);
                if (p != std::string::npos && p > 0) rest = rest.substr(0, p);
            }
            std::string value = strip_value(rest);
            if (separated && !value.empty()) return value;
        }
    }
    return "";
}

Extracted extract(const InboundMessage& m, const std::vector<std::string>& own_addresses,
                  bool bounce) {
    Extracted x;
    const std::string folded = text::widen_katakana(text::fold_width(m.text));

    for (const std::string& run : digit_runs(folded)) {
        if (run.size() == 13) {
            auto n = normalize_corporate_number(run);
            if (n) {
                if (x.corporate_number.empty()) x.corporate_number = *n;
            } else {
                x.typos.push_back(run);
            }
        } else if (run.size() == kIdLength && (run[0] == '9' || run[0] == '4')) {
            IdCheck c = check_id(run);
            if (!c.valid) {
                x.typos.push_back(run);
            } else if (c.kind == IdKind::kDeclarationId && x.declaration_id.empty()) {
                x.declaration_id = run;
            } else if (c.kind == IdKind::kUserNumber && x.user_number.empty()) {
                x.user_number = run;
            }
        }
    }
    x.prefecture = find_prefecture(folded);
    x.trade_name = labelled_value(folded, {"屋号名", "屋号"});
    x.representative_name = labelled_value(folded, {"代表者氏名", "代表者名", "代表者", "代表"});

    if (!bounce) return x;
    // Bounces: the failed recipient from the delivery-status report, else from the text.
    std::vector<std::string> exclude;
    for (const std::string& a : own_addresses) exclude.push_back(text::lower_ascii(a));
    if (!m.from_address.empty()) exclude.push_back(text::lower_ascii(m.from_address));
    for (const char* key : {"final-recipient:", "original-recipient:"}) {
        if (!x.bounced_recipient.empty()) break;
        std::string ds = text::lower_ascii(m.delivery_status);
        std::size_t pos = ds.find(key);
        if (pos == std::string::npos) continue;
        std::size_t eol = m.delivery_status.find('\n', pos);
        std::string value = m.delivery_status.substr(
            pos + std::string(key).size(),
            eol == std::string::npos ? std::string::npos : eol - pos - std::string(key).size());
        auto semi = value.find(';');
        if (semi != std::string::npos) value = value.substr(semi + 1);
        x.bounced_recipient = first_address(value, {});
    }
    if (x.bounced_recipient.empty())
        x.bounced_recipient = first_address(m.header("x-failed-recipients"), {});
    if (x.bounced_recipient.empty()) x.bounced_recipient = first_address(folded, exclude);
    // The Message-ID of the returned mail: from its returned header, else from a copy of its
    // header in the text, else from what the bounce says it refers to.
    for (const std::string* block : {&m.returned_headers, &m.text, &m.quoted}) {
        if (!x.bounced_message_id.empty()) break;
        std::string l = text::lower_ascii(*block);
        for (std::size_t pos = l.find("message-id:"); pos != std::string::npos;
             pos = l.find("message-id:", pos + 1)) {
            if (pos > 0 && l[pos - 1] != '\n' && l[pos - 1] != ' ') continue;
            auto ids = parse_message_ids(block->substr(pos, block->find('\n', pos) - pos));
            if (!ids.empty()) {
                x.bounced_message_id = ids[0];
                break;
            }
        }
    }
    if (x.bounced_message_id.empty() && !m.references.empty())
        x.bounced_message_id = m.references.back();
    return x;
}

}  // namespace sa::inbox
