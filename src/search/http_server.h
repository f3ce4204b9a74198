// `sa-batch serve`: the public search over HTTP, read-only, loopback by default. GET / is a
// small page (server-rendered results when it has a query, live search by script), GET
// /api/search returns JSON, GET /search.js the page's script. Nothing else is served.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "store/store.h"

namespace sa::search {

struct ServeSettings {
    std::string address = "127.0.0.1";  // Default: loopback only
    std::uint16_t port = 8080;
    std::size_t max_results = 100;
    int utc_offset_minutes = 540;
};

// Serves until SIGINT or SIGTERM. Fails when the address cannot be bound. Prints the bound
// address ("serving on http://127.0.0.1:PORT/") to `announce` first, so that a caller that
// asked for port 0 learns the port.
Status serve(Store& store, const ServeSettings& settings, std::ostream& announce);

// The page, with results already in it when `results_html` is not empty (text in both is
// escaped with text::escape_html).
std::string page_html(const std::string& query_html, const std::string& results_html);

}  // namespace sa::search
