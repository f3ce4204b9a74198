#include "mail/template.h"

#include "core/file_system.h"
#include "text/utf8.h"

namespace sa::mime {
namespace {

std::set<std::string> find_placeholders(const std::string& text) {
    std::set<std::string> names;
    std::size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string::npos) {
        std::size_t end = text.find("}}", pos + 2);
        if (end == std::string::npos) break;
        std::string name = text.substr(pos + 2, end - pos - 2);
        while (!name.empty() && name.front() == ' ') name.erase(0, 1);
        while (!name.empty() && name.back() == ' ') name.pop_back();
        names.insert(name);
        pos = end + 2;
    }
    return names;
}

Result<std::string> fill(const std::string& text, const Values& values, const std::string& where) {
    std::string out;
    out.reserve(text.size() + 256);
    std::size_t pos = 0;
    for (;;) {
        std::size_t open = text.find("{{", pos);
        if (open == std::string::npos) {
            out.append(text, pos, std::string::npos);
            return out;
        }
        std::size_t close = text.find("}}", open + 2);
        if (close == std::string::npos) {
            out.append(text, pos, std::string::npos);
            return out;
        }
        out.append(text, pos, open - pos);
        std::string name = text.substr(open + 2, close - open - 2);
        while (!name.empty() && name.front() == ' ') name.erase(0, 1);
        while (!name.empty() && name.back() == ' ') name.pop_back();
        auto it = values.find(name);
        if (it == values.end()) return Status::internal(where + ": no value for {{" + name + "}}");
        out += it->second;
        pos = close + 2;
    }
}

}  // namespace

Result<std::string> Template::render_subject(const Values& values) const {
    return fill(subject, values, "template '" + name + "' subject");
}

Result<std::string> Template::render_body(const Values& values) const {
    return fill(body, values, "template '" + name + "' body");
}

Result<Template> parse_template(const std::string& name, const std::string& raw) {
    if (!utf8::is_valid(raw)) return Status::config("template '" + name + "' is not UTF-8");
    std::string text;
    for (char c : raw) {
        if (c != '\r') text += c;
    }
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    const std::string kSubject = "Subject:";
    std::size_t eol = text.find('\n');
    if (text.compare(0, kSubject.size(), kSubject) != 0 || eol == std::string::npos ||
        eol + 1 >= text.size() || text[eol + 1] != '\n') {
        return Status::config("template '" + name +
                              "' must start with a 'Subject:' line followed by a blank line");
    }
    Template t;
    t.name = name;
    t.subject = text.substr(kSubject.size(), eol - kSubject.size());
    while (!t.subject.empty() && t.subject.front() == ' ') t.subject.erase(0, 1);
    t.body = text.substr(eol + 2);
    t.placeholders = find_placeholders(t.subject);
    for (const auto& p : find_placeholders(t.body)) t.placeholders.insert(p);
    return t;
}

Result<TemplateSet> TemplateSet::load(
    const std::string& dir, const std::map<std::string, std::set<std::string>>& required) {
    TemplateSet set;
    for (const auto& [name, allowed] : required) {
        std::string path = fs::join(dir, name + ".txt");
        auto text = fs::read_file(path, 1 << 20);
        if (!text) return Status::config("mail template: " + text.status().message());
        auto t = parse_template(name, *text);
        if (!t) return t.status();
        for (const auto& p : t->placeholders) {
            if (!allowed.count(p)) {
                return Status::config("mail template '" + path + "' uses unknown placeholder {{" +
                                      p + "}}");
            }
        }
        set.add(std::move(*t));
    }
    return set;
}

const Template& TemplateSet::get(const std::string& name) const {
    auto it = templates_.find(name);
    if (it == templates_.end())
        throw Error(Status::Code::kInternal, "no mail template '" + name + "'");
    return it->second;
}

}  // namespace sa::mime
