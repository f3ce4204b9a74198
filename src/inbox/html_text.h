// HTML mail reduced to text: tags dropped, block elements become line breaks, entities
// decoded, and <blockquote> content prefixed with "> " so that quoted mail stays recognisable.
// Linear in the input; never fails.
#pragma once

#include <string>

namespace sa::inbox {

std::string html_to_text(const std::string& html);

}  // namespace sa::inbox
