#include "inbox/extract.h"

#include <algorithm>
#include <string_view>

#include "domain/corporate_number.h"
#include "domain/ids.h"
#include "domain/prefecture.h"
#include "inbox/names.h"
#include "inbox/place.h"
#include "inbox/sentences.h"
#include "text/normalize.h"

namespace sa::inbox {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Digit runs in which single spaces or hyphens may separate groups ("7000-0120-50002"), with
// where each starts.
struct DigitRun {
    std::string digits;
    std::size_t at;
};

std::vector<DigitRun> digit_runs(const std::string& s) {
    std::vector<DigitRun> runs;
    std::size_t i = 0;
    while (i < s.size()) {
        if (!is_digit(s[i])) {
            ++i;
            continue;
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
        runs.push_back({digits, i});
        i = j;
    }
    return runs;
}

// A T登録番号 (an invoice registration number: T and a 法人番号's digits, in a signature).
bool invoice_number(const std::string& s, std::size_t at) {
    std::size_t b = at;
    while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '-' || s[b - 1] == ':')) --b;
    return b > 0 && (s[b - 1] == 'T' || s[b - 1] == 't');
}

// The line around position `at`.
std::string line_at(const std::string& s, std::size_t at) {
    std::size_t b = s.rfind('\n', at);
    b = b == std::string::npos ? 0 : b + 1;
    std::size_t e = s.find('\n', at);
    return s.substr(b, e == std::string::npos ? std::string::npos : e - b);
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

Extracted extract(const InboundMessage& m, const std::vector<std::string>& own_addresses,
                  Intent intent) {
    const bool bounce = intent == Intent::kBounce;
    const bool machine = bounce || intent == Intent::kAutoReply;
    Extracted x;
    const std::string folded = text::widen_katakana(text::fold_width(m.text));

    std::string invoice;  // a T登録番号, the 法人番号 only when the text says so
    // A bounce's numbers are those of our own mail coming back: none is asked about.
    for (const DigitRun& r : bounce ? std::vector<DigitRun>() : digit_runs(folded)) {
        const std::string& run = r.digits;
        if (run.size() == 13) {
            if (invoice_number(folded, r.at)) {
                if (invoice.empty() && normalize_corporate_number(run)) invoice = run;
                continue;
            }
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
    if (x.corporate_number.empty() && !invoice.empty()) {
        // 「法人番号は登録番号のTを除いたものです」: only when the text itself says so.
        const std::string line = line_at(folded, folded.find(invoice.substr(0, 4)));
        if (line.find("法人番号") != std::string::npos ||
            folded.find("Tを除") != std::string::npos || folded.find("Tを取") != std::string::npos)
            x.corporate_number = invoice;
    }
    std::vector<std::string> lines;
    for (std::size_t start = 0; start <= folded.size();) {
        std::size_t eol = folded.find('\n', start);
        lines.push_back(
            folded.substr(start, eol == std::string::npos ? std::string::npos : eol - start));
        if (eol == std::string::npos) break;
        start = eol + 1;
    }
    std::size_t signature = signature_start(lines);
    if (signature == std::string::npos) signature = lines.size();
    if (!machine) {
        x.prefecture = business_prefecture(lines, signature);
        const Names names = find_names(m.text, signature);
        x.trade_name = names.trade_name;
        x.representative_name = names.representative_name;
    }

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
    // Else the address a notice names after saying what failed; else the returned mail's To;
    // else the first address in the text that is neither ours nor the notice's sender.
    if (x.bounced_recipient.empty()) {
        const std::string lower = text::lower_ascii(folded);
        std::size_t best = std::string::npos;
        for (const char* phrase :
             {"bouncedrecipients", "failed recipient", "following recipient", "following address",
              "could not be delivered to", "not be delivered to", "delivery to the following",
              "address to which", "undeliverable to", "message you sent to", "delivery to",
              "宛先:", "宛先 :", "受信できなかった宛先", "送信先", "宛先アドレス"}) {
            std::size_t p = lower.find(phrase);
            if (p < best) best = p;
        }
        if (best != std::string::npos)
            x.bounced_recipient = first_address(folded.substr(best, 600), exclude);
    }
    if (x.bounced_recipient.empty()) {
        const std::string rh = text::lower_ascii(m.returned_headers);
        std::size_t to =
            rh.rfind("\nto:", rh.size()) == std::string::npos ? rh.find("to:") : rh.find("\nto:");
        if (to != std::string::npos) {
            std::size_t eol = m.returned_headers.find('\n', to + 1);
            x.bounced_recipient =
                first_address(m.returned_headers.substr(
                                  to, eol == std::string::npos ? std::string::npos : eol - to),
                              exclude);
        }
    }
    // A failed address quoted with ">>> " (some MTAs) stands in the quoted part.
    if (x.bounced_recipient.empty()) x.bounced_recipient = first_address(folded, exclude);
    if (x.bounced_recipient.empty())
        x.bounced_recipient = first_address(text::fold_width(m.quoted), exclude);
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
    // A provider's notice as JSON or text names it some other way ("value":"<…>"): any
    // bracketed id in one of our own domains that is not one of our addresses.
    if (x.bounced_message_id.empty()) {
        std::vector<std::string> domains;
        for (const std::string& a : own_addresses) {
            const std::size_t at = a.rfind('@');
            if (at != std::string::npos) domains.push_back(text::lower_ascii(a.substr(at + 1)));
        }
        for (const std::string* block : {&m.returned_headers, &m.text, &m.quoted}) {
            if (!x.bounced_message_id.empty()) break;
            for (const std::string& id : parse_message_ids(*block)) {
                const std::size_t at = id.rfind('@');
                if (at == std::string::npos) continue;
                const std::string domain = text::lower_ascii(id.substr(at + 1));
                const bool ours =
                    std::find(domains.begin(), domains.end(), domain) != domains.end();
                const bool address = std::find(exclude.begin(), exclude.end(),
                                               text::lower_ascii(id)) != exclude.end();
                if (ours && !address) {
                    x.bounced_message_id = id;
                    break;
                }
            }
        }
    }
    return x;
}

}  // namespace sa::inbox
