// Text made safe to put in HTML and SVG: the one escaping for the public search page, the
// staff digest page and its chart.
#pragma once

#include <string>
#include <string_view>

namespace sa::text {

// Escapes & < > " and ' (as &amp; &lt; &gt; &quot; &#39;), so that the result is safe both as
// element content and inside a quoted attribute value, whichever quote the attribute uses.
// Every other byte passes unchanged.
std::string escape_html(std::string_view text);

}  // namespace sa::text
