// A small SVG chart of daily counts: bars for two series, a line for a third. Self-contained
// SVG 1.1 that mail clients and browsers show as it is; numbers are written as text too, so
// that a reader (or a test) can read them without looking at the drawing. Every text in it
// (title, day, label) is escaped with text::escape_html, attribute values included.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sa::report {

struct ChartSeries {
    std::string label;
    std::string colour;  // "#1f77b4"
    std::vector<std::int64_t> values;
    bool line = false;  // drawn as a line instead of bars
};

std::string svg_chart(const std::string& title, const std::vector<std::string>& days,
                      const std::vector<ChartSeries>& series);

}  // namespace sa::report
