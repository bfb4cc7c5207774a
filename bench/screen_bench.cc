// Name comparison, query screening and list loading on the bundled lists. One iteration of
// BM_Screen* screens one name against all bundled lists (OFAC SDN, OFAC consolidated, UN), so the
// reported time is the single-core latency of a query; answers are checked before timing.
//
// Each thread remembers the lookups of the tokens it has seen (NameIndex::prepare), so a loop
// over a few names measures screening with that memo warm, as a long batch mostly runs.
//
//   ./build/bench/cordon_bench --benchmark_filter='Screen|Compare|Load'
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "cordon/ingest.h"
#include "cordon/screener.h"

namespace cordon {
namespace {

const Screener& screener() {
    static const Screener s = [] {
        auto lists = load_data_dir(CORDON_BUNDLED_DATA_DIR, {});
        if (!lists) std::abort();
        return Screener(std::make_shared<const Snapshot>(std::move(*lists)));
    }();
    return s;
}

// Listed names as news and payment messages write them (each must find its listing) ...
const std::vector<std::string> kListedVariants = {
    "Kim Sang-man", "Jinyong IT Cooperation Company", "Pyongyang Automation University",
    "Korea Daesong Bank", "Lazarus Group", "Abdel Aziz al-Masri", "Bamex Limited",
    "Sberbank Investments LLC", "Hizbullah", "Ekaterina Ignatova",
};
// ... and clean names from many countries (most must find nothing).
const std::vector<std::string> kCleanNames = {
    "John Smith", "Maria Garcia Lopez", "Nguyen Van An", "Olga Petrova", "Hans Mueller",
    "Fatima Zahra Benali", "Wei Zhang", "Priya Sharma", "Acme Widgets Ltd", "Park Ji-hoon",
    "Giuseppe Russo", "Ahmed Hassan Mahmoud", "Sunrise Trading Co", "Lucas Oliveira",
};

void screen_all(benchmark::State& state, const std::vector<std::string>& names, bool must_match) {
    const Screener& s = screener();
    ScreenOptions o;
    o.explain = false;
    for (const std::string& n : names) {
        Query q;
        q.name = n;
        if (must_match && s.screen(q, o).empty()) {
            state.SkipWithError(("no match for " + n).c_str());
            return;
        }
    }
    std::size_t i = 0;
    Query q;
    for (auto _ : state) {
        q.name = names[i++ % names.size()];
        benchmark::DoNotOptimize(s.screen(q, o));
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_ScreenListedVariant(benchmark::State& state) { screen_all(state, kListedVariants, true); }
BENCHMARK(BM_ScreenListedVariant);

void BM_ScreenCleanName(benchmark::State& state) { screen_all(state, kCleanNames, false); }
BENCHMARK(BM_ScreenCleanName);

// Names of common tokens (al, abdel, mohammed, limited, an initial): the long posting lists
// candidate generation must get through, and the bound that must prune what they bring.
const std::vector<std::string> kCommonTokenNames = {
    "Abdel Aziz al-Masri", "Mohammed Ali Hassan", "Al Stoltenberg",
    "LIMITED LIABILITY COMPANY KKO R", "Abd al Rahman al Hussein",
};

void BM_ScreenCommonTokens(benchmark::State& state) { screen_all(state, kCommonTokenNames, false); }
BENCHMARK(BM_ScreenCommonTokens);

void BM_ScreenWithExplanation(benchmark::State& state) {
    const Screener& s = screener();
    Query q;
    q.name = "Kim Sang-man";
    for (auto _ : state) benchmark::DoNotOptimize(s.screen(q, {}));
}
BENCHMARK(BM_ScreenWithExplanation);

void BM_CompareNames(benchmark::State& state) {
    const Screener& s = screener();
    if (s.compare("Jinyong IT Cooperation Company", "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY",
                  Schema::kOrganization).score <= 0.5) {
        state.SkipWithError("compare gave a low score");
        return;
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(s.compare("Kim Sang-man", "KIM, Sangman", Schema::kPerson));
    }
}
BENCHMARK(BM_CompareNames);

// Parsing all bundled lists and building the index: what a start or a reload costs.
void BM_LoadBundledLists(benchmark::State& state) {
    auto normalizer = std::make_shared<const Normalizer>();
    for (auto _ : state) {
        auto lists = load_data_dir(CORDON_BUNDLED_DATA_DIR, {});
        if (!lists) {
            state.SkipWithError(lists.error().to_string().c_str());
            return;
        }
        Screener s(std::make_shared<const Snapshot>(std::move(*lists)), normalizer);
        benchmark::DoNotOptimize(s.index().name_count());
    }
}
BENCHMARK(BM_LoadBundledLists)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace cordon
