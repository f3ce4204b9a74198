// Benchmark support: builds a register of N declarations through the store (the same code the
// jobs use), then times the staff lookup by 法人番号 and the public search by name, per call.
//
//   bench_register DB N SEED   →  one JSON object on standard output
#include <sys/stat.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>

#include "domain/corporate_number.h"
#include "domain/declaration.h"
#include "domain/ids.h"
#include "domain/prefecture.h"
#include "store/store.h"
#include "text/normalize.h"

using namespace sa;
using Timer = std::chrono::steady_clock;

namespace {

class Mt final : public RandomSource {
  public:
    explicit Mt(unsigned seed) : rng_(seed) {}
    void fill(std::uint8_t* out, std::size_t n) override {
        for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(rng_());
    }

  private:
    std::mt19937_64 rng_;
};

const char* kNames[] = {"山田",   "鈴木",   "佐藤",   "高橋",       "田中",     "伊藤",
                        "渡辺",   "中村",   "小林",   "加藤",       "さくら",   "みなと",
                        "ひかり", "あおば", "テクノ", "サンライズ", "グリーン", "システム"};
const char* kKinds[] = {"製作所", "商事", "工業",   "設計", "食品",
                        "運輸",   "電機", "ソフト", "建設", "印刷"};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// A store call that failed ends the benchmark: its figures would mean nothing.
int failed(const Status& s) {
    std::cerr << s.message() << "\n";
    return 70;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: bench_register DB N SEED\n";
        return 64;
    }
    const std::string path = argv[1];
    const long n = std::stol(argv[2]);
    Mt random(static_cast<unsigned>(std::stoul(argv[3])));
    std::mt19937 rng(static_cast<unsigned>(std::stoul(argv[3])));
    auto store = open_sqlite_store(path);

    std::vector<std::string> numbers;
    auto built = Timer::now();
    for (long done = 0; done < n;) {
        Status s = store->write([&](Transaction& tx) {
            for (int k = 0; k < 10000 && done < n; ++k, ++done) {
                Declaration d;
                Application& a = d.application;
                std::string base;
                for (int i = 0; i < 12; ++i) base += static_cast<char>('0' + rng() % 10);
                a.corporate_number = std::to_string(corporate_check_digit(base)) + base;
                a.entity_type = EntityType::kCorporation;
                a.tier = rng() % 4 == 0 ? Tier::kTwoStar : Tier::kOneStar;
                a.business_name = std::string("株式会社") + kNames[rng() % 18] +
                                  kKinds[rng() % 10] + std::to_string(done);
                a.prefecture = all_prefectures()[rng() % 47];
                a.application_id = "R-" + std::to_string(done);
                a.submitted_at = "2026-11-20T10:00:00+09:00";
                a.contact_name = "担当";
                a.contact_email = "c" + std::to_string(done) + "@register.example";
                d.identity_key = identity_key(a);
                if (!tx.find_live_declaration(d.identity_key)) {  // a number drawn twice
                    do d.declaration_id = make_id(IdKind::kDeclarationId, random);
                    while (!tx.reserve_number(d.declaration_id, 0));
                    do d.user_number = make_id(IdKind::kUserNumber, random);
                    while (!tx.reserve_number(d.user_number, 0));
                    d.issued_at = 1795100000;
                    d.id =
                        tx.insert_declaration(d, text::match_key(display_name(a)), std::nullopt, 0);
                    if (rng() % 10 < 8) tx.accept(d.id, 1795200000);
                    if (numbers.size() < 100000) numbers.push_back(a.corporate_number);
                }
            }
        });
        if (!s) return failed(s);
    }
    double build_s = std::chrono::duration<double>(Timer::now() - built).count();
    if (Status s = store->sync(); !s) return failed(s);

    // Lookup by 法人番号, as `lookup --corporate-number` does; then the public search by name.
    std::vector<double> lookup_ms, search_ms;
    std::size_t found = 0;
    for (int i = 0; i < 2000; ++i) {
        const std::string& number = numbers[rng() % numbers.size()];
        auto t = Timer::now();
        Status s = store->read(
            [&](Transaction& tx) { found += tx.declarations_by_corporate_number(number).size(); });
        if (!s) return failed(s);
        lookup_ms.push_back(std::chrono::duration<double, std::milli>(Timer::now() - t).count());
    }
    std::size_t hits = 0;
    for (int i = 0; i < 200; ++i) {
        SearchQuery q;
        q.name_key = text::match_key(std::string(kNames[rng() % 18]) + kKinds[rng() % 10] +
                                     std::to_string(rng() % n));
        auto t = Timer::now();
        Status s = store->read([&](Transaction& tx) { hits += tx.search(q, 100).size(); });
        if (!s) return failed(s);
        search_ms.push_back(std::chrono::duration<double, std::milli>(Timer::now() - t).count());
    }
    struct stat st {};
    ::stat(path.c_str(), &st);
    std::printf(
        "{\"declarations\": %ld, \"build_seconds\": %.2f, \"db_bytes\": %lld, "
        "\"lookup_found\": %zu, \"lookup_p50_ms\": %.3f, \"lookup_p99_ms\": %.3f, "
        "\"search_hits\": %zu, \"search_p50_ms\": %.3f, \"search_p99_ms\": %.3f}\n",
        n, build_s, static_cast<long long>(st.st_size), found, percentile(lookup_ms, 0.5),
        percentile(lookup_ms, 0.99), hits, percentile(search_ms, 0.5), percentile(search_ms, 0.99));
    return 0;
}
