// Benchmark support: the analysis of inbound mail (decoding, machine mail, the reading of the
// request with MeCab, the keys) in one warm process, per message, over the given corpora.
//
//   bench_classify DIR...   →  one JSON object on standard output
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "inbox/analysis.h"

using namespace sa;
using Timer = std::chrono::steady_clock;

int main(int argc, char** argv) {
    std::vector<std::string> raws;
    for (int i = 1; i < argc; ++i) {
        for (const auto& e : std::filesystem::directory_iterator(argv[i])) {
            if (e.path().extension() != ".eml") continue;
            std::ifstream f(e.path(), std::ios::binary);
            std::stringstream ss;
            ss << f.rdbuf();
            raws.push_back(ss.str());
        }
    }
    auto morphology = text::Morphology::load(text::Morphology::default_dictionary());
    if (!morphology || raws.empty()) {
        std::cerr << "bench_classify: no dictionary or no messages\n";
        return 1;
    }
    const inbox::AnalysisSettings settings{{}, {"security-action-info@sa-secretariat.example"},
                                           *morphology};
    for (const auto& raw : raws) (void)inbox::analyse(raw, settings);  // warm
    std::vector<double> ms;
    for (int round = 0; round < 3; ++round) {
        for (const auto& raw : raws) {
            const auto t0 = Timer::now();
            const inbox::Analysis a = inbox::analyse(raw, settings);
            ms.push_back(std::chrono::duration<double, std::milli>(Timer::now() - t0).count());
            if (a.classification.rule.empty()) return 2;
        }
    }
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms[static_cast<std::size_t>(q * (ms.size() - 1))]; };
    std::printf("{\"messages\": %zu, \"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f}\n",
                raws.size(), at(0.5), at(0.9), at(0.99));
    return 0;
}
