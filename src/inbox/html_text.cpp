#include "inbox/html_text.h"

#include <algorithm>

#include "core/number.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace sa::inbox {
namespace {

bool is_block(const std::string& tag) {
    static const char* kBlocks[] = {"br", "p",  "div",   "tr", "li", "h1", "h2",         "h3", "h4",
                                    "h5", "h6", "table", "ul", "ol", "hr", "blockquote", "pre"};
    for (const char* b : kBlocks) {
        if (tag == b) return true;
    }
    return false;
}

void append_entity(const std::string& name, std::string& out) {
    if (name.empty()) return;
    if (name[0] == '#') {
        const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        auto parsed =
            parse_integer<long>(std::string_view(name).substr(hex ? 2 : 1), hex ? 16 : 10);
        long cp = parsed ? *parsed : 0;
        if (cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
            utf8::append(out, static_cast<char32_t>(cp));
        }
        return;
    }
    static const struct {
        const char* name;
        const char* text;
    } kNamed[] = {{"amp", "&"},  {"lt", "<"},   {"gt", ">"},  {"quot", "\""},
                  {"apos", "'"}, {"nbsp", " "}, {"yen", "¥"}, {"copy", "©"}};
    for (const auto& e : kNamed) {
        if (name == e.name) {
            out += e.text;
            return;
        }
    }
    out += "&" + name + ";";
}

}  // namespace

std::string html_to_text(const std::string& html) {
    std::string out;
    out.reserve(html.size());
    int quote_depth = 0;
    bool at_line_start = true;
    std::string skip_until;  // inside <script> or <style>: skip to its end tag
    auto newline = [&]() {
        out += '\n';
        at_line_start = true;
    };
    std::size_t i = 0;
    while (i < html.size()) {
        char c = html[i];
        if (c == '<') {
            std::size_t end = html.find('>', i);
            if (end == std::string::npos) break;
            std::string inner = html.substr(i + 1, end - i - 1);
            i = end + 1;
            if (inner.rfind("!--", 0) == 0) {
                std::size_t close = html.find("-->", i - 1);
                i = close == std::string::npos ? html.size() : close + 3;
                continue;
            }
            bool closing = !inner.empty() && inner[0] == '/';
            std::string name;
            for (std::size_t k = closing ? 1 : 0; k < inner.size(); ++k) {
                char t = inner[k];
                if (t == ' ' || t == '/' || t == '\t' || t == '\r' || t == '\n') break;
                name += t;
            }
            name = text::lower_ascii(name);
            if (!skip_until.empty()) {
                if (closing && name == skip_until) skip_until.clear();
                continue;
            }
            if (!closing &&
                (name == "script" || name == "style" || name == "head" || name == "title")) {
                skip_until = name;
                continue;
            }
            if (name == "blockquote") {
                if (!at_line_start) newline();
                quote_depth += closing ? -1 : 1;
                if (quote_depth < 0) quote_depth = 0;
                continue;
            }
            if (is_block(name) && !at_line_start) newline();
            // Table cells stay apart: 「屋号</td><td>鈴木工務店」 reads as 「屋号 鈴木工務店」.
            if (closing && (name == "td" || name == "th") && !at_line_start && out.back() != ' ')
                out += ' ';
            if (name == "br" && at_line_start && !out.empty() && out.back() == '\n') newline();
            continue;
        }
        if (!skip_until.empty()) {
            ++i;
            continue;
        }
        if (c == '\r' || c == '\n' || c == '\t') c = ' ';  // source line breaks are spaces in HTML
        if (c == ' ' && (at_line_start || (!out.empty() && out.back() == ' '))) {
            ++i;
            continue;
        }
        if (at_line_start && quote_depth > 0) {
            for (int q = 0; q < quote_depth; ++q) out += "> ";
        }
        at_line_start = false;
        if (c == '&') {
            // An entity is short: look no further than that for its ';' (a run of '&' with no
            // ';' after them must not make this quadratic).
            const std::size_t window = std::min<std::size_t>(html.size() - i, 11);
            std::size_t semi = html.substr(i, window).find(';');
            if (semi != std::string::npos) semi += i;
            if (semi != std::string::npos && semi - i <= 10) {
                append_entity(html.substr(i + 1, semi - i - 1), out);
                i = semi + 1;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return out;
}

}  // namespace sa::inbox
