// The layout (README, "Layout"): src/<module>/ includes only the modules above it in the
// layout table, so the modules form no cycle; report/ does not reach into search/, nor mail/
// into the store. Read from the source tree itself.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace {

// module → the other modules its files include.
std::map<std::string, std::set<std::string>> module_graph(const std::string& src) {
    namespace fs = std::filesystem;
    std::map<std::string, std::set<std::string>> graph;
    const std::regex include(R"re(#include "([a-z_]+)/)re");
    for (const auto& dir : fs::directory_iterator(src)) {
        if (!dir.is_directory()) continue;
        const std::string module = dir.path().filename();
        graph[module];
        for (const auto& file : fs::directory_iterator(dir.path())) {
            const std::string text = sa::test::read_file(file.path());
            for (std::sregex_iterator m(text.begin(), text.end(), include), end; m != end; ++m) {
                if ((*m)[1] != module) graph[module].insert((*m)[1]);
            }
        }
    }
    return graph;
}

// A cycle through the graph as "a → b → a", or empty.
std::string find_cycle(const std::map<std::string, std::set<std::string>>& graph) {
    std::map<std::string, int> state;  // 1 on the path, 2 done
    std::vector<std::string> path;
    std::string cycle;
    std::function<bool(const std::string&)> visit = [&](const std::string& m) {
        state[m] = 1;
        path.push_back(m);
        auto it = graph.find(m);
        if (it != graph.end()) {
            for (const std::string& next : it->second) {
                if (state[next] == 1) {
                    auto from = std::find(path.begin(), path.end(), next);
                    for (; from != path.end(); ++from) cycle += *from + " → ";
                    cycle += next;
                    return true;
                }
                if (state[next] == 0 && visit(next)) return true;
            }
        }
        path.pop_back();
        state[m] = 2;
        return false;
    };
    for (const auto& [m, deps] : graph) {
        if (state[m] == 0 && visit(m)) break;
    }
    return cycle;
}

}  // namespace

TEST_CASE("the modules of src/ form no cycle", "[layout]") {
    const auto graph = module_graph(sa::test::source_dir() + "/src");
    REQUIRE(graph.size() >= 13);
    CHECK(find_cycle(graph) == "");
    CHECK(graph.at("core").empty());
    CHECK(graph.at("report").count("search") == 0);
    CHECK(graph.at("mail").count("store") == 0);
    CHECK(graph.at("store").count("intake") == 0);
}

TEST_CASE("a module includes only the modules above it in README's layout table", "[layout]") {
    const auto graph = module_graph(sa::test::source_dir() + "/src");
    const std::string readme = sa::test::read_file(sa::test::source_dir() + "/README.md");
    std::vector<std::string> order;  // the table's src/<module>/ rows, top down
    const std::regex row(R"re(\n\| `src/([a-z_]+)/` \|)re");
    for (std::sregex_iterator m(readme.begin(), readme.end(), row), end; m != end; ++m)
        order.push_back((*m)[1]);
    std::set<std::string> listed(order.begin(), order.end());
    for (const auto& [module, deps] : graph) {
        INFO(module);
        CHECK(listed.count(module) == 1);  // every module has its row
    }
    std::set<std::string> above;
    for (const std::string& module : order) {
        for (const std::string& dep :
             graph.count(module) ? graph.at(module) : std::set<std::string>{}) {
            INFO(module << " includes " << dep);
            CHECK(above.count(dep) == 1);
        }
        above.insert(module);
    }
}

TEST_CASE("the cycle finder finds a cycle", "[layout]") {
    CHECK(find_cycle({{"intake", {"mail"}},
                      {"mail", {"store"}},
                      {"store", {"intake", "core"}},
                      {"core", {}}}) == "intake → mail → store → intake");
    CHECK(find_cycle({{"a", {"b"}}, {"b", {}}, {"c", {"a", "b"}}}) == "");
}
