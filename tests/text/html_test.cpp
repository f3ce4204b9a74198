#include <catch2/catch.hpp>

#include "text/html.h"

using sa::text::escape_html;

TEST_CASE("escape_html makes text safe as content and as a quoted attribute", "[text][html]") {
    CHECK(escape_html("<script>\"'&") == "&lt;script&gt;&quot;&#39;&amp;");
    CHECK(escape_html("株式会社\"山田\" & <さくら>") ==
          "株式会社&quot;山田&quot; &amp; &lt;さくら&gt;");
    CHECK(escape_html("&amp;") == "&amp;amp;");  // text, not markup: escaped again
    CHECK(escape_html("") == "");
    CHECK(escape_html("plain 123") == "plain 123");
    // Whatever it holds, no quote of either kind survives to end an attribute.
    const std::string hostile = "x\" onmouseover='alert(1)' y=\"";
    const std::string escaped = escape_html(hostile);
    CHECK(escaped.find('"') == std::string::npos);
    CHECK(escaped.find('\'') == std::string::npos);
    CHECK(escaped.find('<') == std::string::npos);
}
