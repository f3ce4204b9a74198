// Mail templates the secretariat edits without rebuilding: one UTF-8 text file per mail in
// mail_templates/, a "Subject:" line, a blank line, then the body, with named placeholders
// written {{name}}.
#pragma once

#include <map>
#include <set>
#include <string>

#include "core/status.h"

namespace sa::mime {

using Values = std::map<std::string, std::string>;

struct Template {
    std::string name;
    std::string subject;
    std::string body;
    std::set<std::string> placeholders;  // every {{name}} in subject and body

    // Fills every placeholder; a placeholder without a value is an error naming it.
    Result<std::string> render_subject(const Values& values) const;
    Result<std::string> render_body(const Values& values) const;
};

// Parses template text; `name` is used in error messages.
Result<Template> parse_template(const std::string& name, const std::string& text);

class TemplateSet {
  public:
    // Reads `dir`/<name>.txt for each name in `required`. Fails naming the first file that is
    // missing or malformed, or that uses a placeholder outside `allowed`.
    static Result<TemplateSet> load(const std::string& dir,
                                    const std::map<std::string, std::set<std::string>>& required);
    const Template& get(const std::string& name) const;
    void add(Template t) { templates_[t.name] = std::move(t); }

  private:
    std::map<std::string, Template> templates_;
};

}  // namespace sa::mime
