#include "search/http_server.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>
#include <signal.h>

#include <mutex>
#include <ostream>
#include <sstream>

#include "core/time_format.h"
#include "domain/declaration.h"
#include "domain/prefecture.h"
#include "search/public_search.h"
#include "text/html.h"

namespace sa::search {
namespace {

using text::escape_html;

const char* kScript = R"JS('use strict';
// Live search: the form still works without this script (the server renders results).
const form = document.getElementById('search-form');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const params = new URLSearchParams(new FormData(form));
  const status = document.getElementById('status');
  const body = document.querySelector('#results tbody');
  status.textContent = '検索中…';
  const response = await fetch('/api/search?' + params.toString());
  const data = await response.json();
  body.replaceChildren();
  if (!response.ok) {
    status.textContent = data.error;
    return;
  }
  for (const e of data.results) {
    const row = document.createElement('tr');
    for (const value of [e.name, e.prefecture, e.tier_label, e.declared_date, e.declaration_id]) {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.appendChild(cell);
    }
    body.appendChild(row);
  }
  status.textContent = data.results.length + ' 件';
  history.replaceState(null, '', '/?' + params.toString());
});
)JS";

const char* kStyle = R"CSS(body { font-family: sans-serif; margin: 2em; max-width: 60em; }
form { display: flex; flex-wrap: wrap; gap: 1em; align-items: end; margin-bottom: 1em; }
label { display: flex; flex-direction: column; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ccc; padding: 0.4em; text-align: left; }
#status { color: #555; }
)CSS";

std::string param(const Poco::URI::QueryParameters& params, const std::string& name) {
    for (const auto& [k, v] : params) {
        if (k == name) return v;
    }
    return "";
}

class SearchHandler final : public Poco::Net::HTTPRequestHandler {
  public:
    SearchHandler(Store& store, std::mutex& mutex, const ServeSettings& settings)
        : store_(store), mutex_(mutex), settings_(settings) {}

    void handleRequest(Poco::Net::HTTPServerRequest& req,
                       Poco::Net::HTTPServerResponse& resp) override {
        resp.set("X-Content-Type-Options", "nosniff");
        resp.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        resp.set("Referrer-Policy", "no-referrer");
        if (req.getMethod() != "GET" && req.getMethod() != "HEAD") {
            send(resp, Poco::Net::HTTPResponse::HTTP_METHOD_NOT_ALLOWED,
                 "text/plain; charset=utf-8", "GET only\n");
            return;
        }
        Poco::URI uri;
        try {
            uri = Poco::URI(req.getURI());
        } catch (const Poco::Exception&) {
            send(resp, Poco::Net::HTTPResponse::HTTP_BAD_REQUEST, "text/plain; charset=utf-8",
                 "bad request\n");
            return;
        }
        const std::string path = uri.getPath();
        if (path == "/search.js") {
            send(resp, Poco::Net::HTTPResponse::HTTP_OK, "text/javascript; charset=utf-8", kScript);
        } else if (path == "/search.css") {
            send(resp, Poco::Net::HTTPResponse::HTTP_OK, "text/css; charset=utf-8", kStyle);
        } else if (path == "/api/search") {
            api(uri, resp);
        } else if (path == "/") {
            page(uri, resp);
        } else {
            send(resp, Poco::Net::HTTPResponse::HTTP_NOT_FOUND, "text/plain; charset=utf-8",
                 "not found\n");
        }
    }

  private:
    Request request_of(const Poco::URI& uri) {
        auto params = uri.getQueryParameters();
        return {param(params, "name"), param(params, "prefecture"), param(params, "tier"),
                param(params, "id")};
    }

    Result<std::vector<PublicEntry>> find(const Request& r) {
        std::lock_guard<std::mutex> lock(mutex_);  // one SQLite connection for all threads
        return run(store_, r, settings_.max_results);
    }

    // {"count":N,"results":[…]} or {"error":"…"}, written by Poco::JSON: whatever a name or a
    // message holds (quotes, backslashes, control characters) is escaped, never dropped.
    void api(const Poco::URI& uri, Poco::Net::HTTPServerResponse& resp) {
        auto found = find(request_of(uri));
        Poco::JSON::Object envelope(Poco::JSON_PRESERVE_KEY_ORDER);
        if (found) {
            Poco::JSON::Array results;
            for (const PublicEntry& e : *found)
                results.add(json_object(e, settings_.utc_offset_minutes));
            envelope.set("count", static_cast<Poco::UInt64>(found->size()));
            envelope.set("results", results);
        } else {
            envelope.set("error", found.status().message());
        }
        std::ostringstream out;
        envelope.stringify(out);
        send(resp,
             found ? Poco::Net::HTTPResponse::HTTP_OK : Poco::Net::HTTPResponse::HTTP_BAD_REQUEST,
             "application/json; charset=utf-8", out.str());
    }

    void page(const Poco::URI& uri, Poco::Net::HTTPServerResponse& resp) {
        Request r = request_of(uri);
        std::string results;
        bool asked = !uri.getQuery().empty();
        if (asked) {
            auto found = find(r);
            if (!found) {
                results = "<p id=\"status\">" + escape_html(found.status().message()) + "</p>";
            } else {
                results = "<p id=\"status\">" + std::to_string(found->size()) + " 件</p>";
                results += "<table id=\"results\">" + table_head() + "<tbody>";
                for (const auto& e : *found) {
                    results += "<tr><td>" + escape_html(e.name) + "</td><td>" +
                               escape_html(e.prefecture) + "</td><td>" + tier_label(e.tier) +
                               "</td><td>" +
                               format_date(e.declared_at, settings_.utc_offset_minutes) +
                               "</td><td>" + escape_html(e.declaration_id) + "</td></tr>";
                }
                results += "</tbody></table>";
            }
        }
        send(resp, Poco::Net::HTTPResponse::HTTP_OK, "text/html; charset=utf-8",
             page_html(form(r), results));
    }

    static std::string table_head() {
        return "<thead><tr><th>事業者名</th><th>都道府県</th><th>取組段階</th><th>宣言日</th>"
               "<th>自己宣言ID</th></tr></thead>";
    }

    static std::string form(const Request& r) {
        std::string f =
            "<form id=\"search-form\" method=\"get\" action=\"/\">"
            "<label>事業者名<input id=\"name\" name=\"name\" value=\"" +
            escape_html(r.name) +
            "\"></label>"
            "<label>都道府県<select id=\"prefecture\" name=\"prefecture\"><option "
            "value=\"\">すべて</option>";
        for (const auto& p : all_prefectures()) {
            f += "<option" + std::string(p == r.prefecture ? " selected" : "") + ">" + p +
                 "</option>";
        }
        f += "</select></label><label>取組段階<select id=\"tier\" name=\"tier\"><option "
             "value=\"\">すべて</option>"
             "<option value=\"one_star\"" +
             std::string(r.tier == "one_star" ? " selected" : "") +
             ">一つ星</option>"
             "<option value=\"two_star\"" +
             std::string(r.tier == "two_star" ? " selected" : "") +
             ">二つ星</option>"
             "</select></label><label>自己宣言ID<input id=\"id\" name=\"id\" inputmode=\"numeric\" "
             "value=\"" +
             escape_html(r.id) +
             "\"></label><button id=\"search\" type=\"submit\">検索</button></form>";
        return f;
    }

    static void send(Poco::Net::HTTPServerResponse& resp,
                     Poco::Net::HTTPResponse::HTTPStatus status, const std::string& type,
                     const std::string& body) {
        resp.setStatus(status);
        resp.setContentType(type);
        resp.set("Cache-Control", "no-store");
        resp.setContentLength(static_cast<std::streamsize>(body.size()));
        resp.send() << body;
    }

    Store& store_;
    std::mutex& mutex_;
    const ServeSettings& settings_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
  public:
    Factory(Store& store, const ServeSettings& settings) : store_(store), settings_(settings) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new SearchHandler(store_, mutex_, settings_);
    }

  private:
    Store& store_;
    const ServeSettings& settings_;
    std::mutex mutex_;
};

}  // namespace

std::string page_html(const std::string& query_html, const std::string& results_html) {
    return "<!doctype html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>SECURITY ACTION 自己宣言事業者検索</title><link rel=\"stylesheet\" "
           "href=\"/search.css\"></head>"
           "<body><h1>SECURITY ACTION 自己宣言事業者検索</h1>"
           "<p>受理された自己宣言事業者を検索できます。申込みから掲載まで1～2週間程度かかります。</"
           "p>" +
           query_html +
           (results_html.empty()
                ? std::string("<p id=\"status\"></p><table "
                              "id=\"results\"><thead><tr><th>事業者名</th><th>都道府県</th>"
                              "<th>取組段階</th><th>宣言日</th><th>自己宣言ID</th></tr></"
                              "thead><tbody></tbody></table>")
                : results_html) +
           "<script src=\"/search.js\"></script></body></html>\n";
}

Status serve(Store& store, const ServeSettings& settings, std::ostream& announce) {
    // SIGINT and SIGTERM are taken by sigwait below, in every thread the server starts.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    try {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(settings.address, settings.port));
        auto* params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(4);
        params->setKeepAlive(true);
        Poco::Net::HTTPServer server(new Factory(store, settings), socket, params);
        server.start();
        announce << "serving on http://" << socket.address().toString() << "/" << std::endl;
        int sig = 0;
        sigwait(&stop, &sig);
        server.stopAll(true);
    } catch (const Poco::Exception& e) {
        return Status::unavailable("cannot serve on " + settings.address + ":" +
                                   std::to_string(settings.port) + ": " + e.displayText());
    }
    return Status::ok();
}

}  // namespace sa::search
