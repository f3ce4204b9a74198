#include "report/chart.h"

#include <algorithm>
#include <cstdio>

#include "text/html.h"

namespace sa::report {
namespace {

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

}  // namespace

std::string svg_chart(const std::string& title, const std::vector<std::string>& days,
                      const std::vector<ChartSeries>& series) {
    const double width = 760, height = 280, left = 48, right = 16, top = 40, bottom = 48;
    const double plot_w = width - left - right, plot_h = height - top - bottom;
    std::int64_t max = 1;
    for (const auto& s : series) {
        for (auto v : s.values) max = std::max(max, v);
    }
    max = (max + 3) / 4 * 4;  // four even steps on the scale
    const std::size_t n = std::max<std::size_t>(days.size(), 1);
    const double slot = plot_w / static_cast<double>(n);
    std::size_t bars = 0;
    for (const auto& s : series) bars += s.line ? 0 : 1;
    const double bar_w = bars ? (slot * 0.8) / static_cast<double>(bars) : 0;
    auto y = [&](std::int64_t v) {
        return top + plot_h - plot_h * static_cast<double>(v) / static_cast<double>(max);
    };

    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) +
                      "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + num(width) + " " +
                      num(height) + "\" font-family=\"sans-serif\" font-size=\"11\">\n";
    svg += "<title>" + text::escape_html(title) +
           "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    svg += "<text x=\"" + num(left) + "\" y=\"18\" font-size=\"14\">" + text::escape_html(title) +
           "</text>\n";
    // Axes and a scale of four steps.
    for (int i = 0; i <= 4; ++i) {
        std::int64_t v = max * i / 4;
        double yy = y(v);
        svg += "<line x1=\"" + num(left) + "\" y1=\"" + num(yy) + "\" x2=\"" + num(width - right) +
               "\" y2=\"" + num(yy) + "\" stroke=\"#dddddd\"/>\n<text x=\"" + num(left - 6) +
               "\" y=\"" + num(yy + 4) + "\" text-anchor=\"end\">" + std::to_string(v) +
               "</text>\n";
    }
    for (std::size_t d = 0; d < days.size(); ++d) {
        if (d % 5 != 0 && d + 1 != days.size()) continue;
        double x = left + slot * (static_cast<double>(d) + 0.5);
        svg += "<text x=\"" + num(x) + "\" y=\"" + num(height - bottom + 16) +
               "\" text-anchor=\"middle\">" + text::escape_html(days[d].substr(5)) + "</text>\n";
    }
    std::size_t bar = 0;
    for (const auto& s : series) {
        svg += "<g class=\"series\" data-label=\"" + text::escape_html(s.label) + "\">\n";
        if (s.line) {
            std::string points;
            for (std::size_t d = 0; d < s.values.size(); ++d) {
                points += num(left + slot * (static_cast<double>(d) + 0.5)) + "," +
                          num(y(s.values[d])) + " ";
            }
            svg += "<polyline fill=\"none\" stroke=\"" + s.colour +
                   "\" stroke-width=\"2\" points=\"" + points + "\"/>\n";
        } else {
            for (std::size_t d = 0; d < s.values.size(); ++d) {
                double x = left + slot * static_cast<double>(d) + slot * 0.1 +
                           bar_w * static_cast<double>(bar);
                svg += "<rect x=\"" + num(x) + "\" y=\"" + num(y(s.values[d])) + "\" width=\"" +
                       num(bar_w) + "\" height=\"" + num(top + plot_h - y(s.values[d])) +
                       "\" fill=\"" + s.colour + "\"><title>" + text::escape_html(days[d]) + " " +
                       text::escape_html(s.label) + " " + std::to_string(s.values[d]) +
                       "</title></rect>\n";
            }
            ++bar;
        }
        svg += "</g>\n";
    }
    // The legend, with each series' total.
    double lx = left;
    for (const auto& s : series) {
        std::int64_t total = 0;
        for (auto v : s.values) total += v;
        std::string text =
            s.label + " (" +
            (s.line ? "現在 " + std::to_string(s.values.empty() ? 0 : s.values.back())
                    : "合計 " + std::to_string(total)) +
            ")";
        svg += "<rect x=\"" + num(lx) + "\" y=\"" + num(height - 18) +
               "\" width=\"10\" height=\"10\" fill=\"" + s.colour + "\"/><text x=\"" +
               num(lx + 14) + "\" y=\"" + num(height - 9) + "\">" + text::escape_html(text) +
               "</text>\n";
        lx += 24 + 7.0 * static_cast<double>(text.size());
    }
    svg += "</svg>\n";
    return svg;
}

}  // namespace sa::report
