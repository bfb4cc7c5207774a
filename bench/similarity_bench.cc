// Similarity kernels against their reference implementations, on name tokens from the bundled OFAC
// SDN list. Each benchmark iteration is one comparison, so the reported time is ns per comparison.
//
// Workloads (the benchmark argument):
//   0 random: 64 query tokens, each against 64 randomly drawn tokens (mostly unrelated: the common
//             case after candidate generation lets many weak candidates through);
//   1 near:   each query against its 64 neighbours in sorted order (shared prefixes, near misses);
//   2 names:  whole names ("banco nacional de cuba"), some longer than 64 bytes.
// Every kernel's answers are checked against the reference once before it is timed.
//
//   ./build-sim-rel/bench/cordon_bench --benchmark_filter='Jaro|Levenshtein|Osa'
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "../src/match/reference.h"
#include <benchmark/benchmark.h>

#include "cordon/similarity.h"

namespace cordon {
namespace {

constexpr std::size_t kQueries = 64;
constexpr std::size_t kCandidates = 64;  // per query
constexpr std::size_t kPairs = kQueries * kCandidates;

struct Workload {
    std::vector<std::string> queries;                  // kQueries
    std::vector<std::vector<std::string>> candidates;  // kQueries x kCandidates
    bool loaded = false;
};

// Lower-cased names from sdn.csv (the first quoted field of each line), whole or split into tokens.
std::vector<std::string> sdn_names(bool split_tokens) {
    std::ifstream in(std::string(CORDON_BUNDLED_DATA_DIR) + "/ofac-sdn/sdn.csv");
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        const std::size_t open = line.find('"');
        const std::size_t close = open == std::string::npos ? open : line.find('"', open + 1);
        if (close == std::string::npos)
            continue;
        std::string current;
        for (std::size_t i = open + 1; i <= close; ++i) {
            const auto c = static_cast<unsigned char>(line[i]);
            const bool keep = i < close && (std::isalnum(c) != 0 || (!split_tokens && c == ' '));
            if (keep) {
                current += static_cast<char>(std::tolower(c));
            } else if (!current.empty()) {
                out.push_back(current);
                current.clear();
            }
        }
    }
    return out;
}

Workload make_workload(int kind) {
    Workload w;
    std::vector<std::string> pool = sdn_names(/*split_tokens=*/kind != 2);
    if (pool.size() < kPairs)
        return w;
    std::mt19937_64 rng(7);
    auto pick = [&] {
        return pool[rng() % pool.size()];
    };
    if (kind == 1) {
        std::sort(pool.begin(), pool.end());
        pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
    }
    for (std::size_t q = 0; q < kQueries; ++q) {
        std::vector<std::string> row;
        if (kind == 1) {
            const std::size_t at = kCandidates + rng() % (pool.size() - 2 * kCandidates);
            w.queries.push_back(pool[at]);
            for (std::size_t c = 0; c < kCandidates; ++c)
                row.push_back(pool[at - kCandidates / 2 + c]);
        } else {
            w.queries.push_back(pick());
            for (std::size_t c = 0; c < kCandidates; ++c)
                row.push_back(pick());
        }
        w.candidates.push_back(std::move(row));
    }
    w.loaded = true;
    return w;
}

const Workload& workload(int kind) {
    static const std::array<Workload, 3> all = {make_workload(0), make_workload(1),
                                                make_workload(2)};
    return all[static_cast<std::size_t>(kind)];
}

enum Kernel {
    kJaroWinkler,
    kJaroWinklerCutoff,  // score_cutoff 0.85
    kCachedJaroWinkler,
    kCachedJaroWinklerCutoff,
    kLevenshtein,
    kLevenshteinMax2,
    kCachedLevenshtein,
    kOsa,
    kKernels,
    kReferenceItself = kKernels,  // the reference needs no check
};

double at_least(double score, double cutoff) {
    return score >= cutoff ? score : 0.0;
}

// simdjson's rule: check each answer before timing it. Memoised per kernel and workload.
bool answers_match_reference(Kernel kernel, int kind) {
    static std::array<std::array<int, 3>, kKernels> verdict{};  // 0 unknown, 1 ok, 2 wrong
    int& v = verdict[kernel][static_cast<std::size_t>(kind)];
    if (v != 0)
        return v == 1;
    const Workload& w = workload(kind);
    bool ok = true;
    for (std::size_t q = 0; q < kQueries && ok; ++q) {
        const CachedJaroWinkler cached_jw(w.queries[q]);
        const CachedLevenshtein cached_lev(w.queries[q]);
        for (const std::string& c : w.candidates[q]) {
            const std::string& p = w.queries[q];
            switch (kernel) {
                case kJaroWinkler:
                    ok &= std::abs(jaro_winkler(p, c) - reference::jaro_winkler(p, c)) < 1e-9;
                    break;
                case kJaroWinklerCutoff:
                    ok &= std::abs(jaro_winkler(p, c, 0.1, 0.85) -
                                   at_least(reference::jaro_winkler(p, c), 0.85)) < 1e-9;
                    break;
                case kCachedJaroWinklerCutoff:
                    ok &= std::abs(cached_jw.similarity(c, 0.85) -
                                   at_least(reference::jaro_winkler(p, c), 0.85)) < 1e-9;
                    break;
                case kLevenshteinMax2:
                    ok &= levenshtein(p, c, 2) ==
                          std::min<std::size_t>(reference::levenshtein(p, c), 3);
                    break;
                case kCachedJaroWinkler:
                    ok &= std::abs(cached_jw.similarity(c) - reference::jaro_winkler(p, c)) < 1e-9;
                    break;
                case kLevenshtein:
                    ok &= levenshtein(p, c) == reference::levenshtein(p, c);
                    break;
                case kCachedLevenshtein:
                    ok &= cached_lev.distance(c) == reference::levenshtein(p, c);
                    break;
                case kOsa:
                    ok &= osa_distance(p, c) == reference::osa_distance(p, c);
                    break;
                default:
                    break;
            }
        }
    }
    v = ok ? 1 : 2;
    return ok;
}

const char* const kWorkloadLabels[] = {"random tokens", "near tokens", "whole names"};

// Runs fn(query_index, candidate) once per iteration, cycling through the workload's pairs.
template <class Fn>
void run_pairs(benchmark::State& state, Kernel kernel, Fn fn) {
    const int kind = static_cast<int>(state.range(0));
    const Workload& w = workload(kind);
    if (!w.loaded) {
        state.SkipWithError("could not read data/ofac-sdn/sdn.csv");
        return;
    }
    if (kernel != kReferenceItself && !answers_match_reference(kernel, kind)) {
        state.SkipWithError("kernel disagrees with the reference");
        return;
    }
    std::size_t i = 0;
    for (auto _ : state) {
        const std::size_t q = (i / kCandidates) % kQueries;
        benchmark::DoNotOptimize(fn(q, w.candidates[q][i % kCandidates]));
        ++i;
    }
    state.SetLabel(kWorkloadLabels[kind]);
}

void BM_JaroWinkler(benchmark::State& state) {
    const Workload& w = workload(static_cast<int>(state.range(0)));
    run_pairs(state, kJaroWinkler,
              [&](std::size_t q, const std::string& c) { return jaro_winkler(w.queries[q], c); });
}

void BM_JaroWinklerCutoff(benchmark::State& state) {
    const Workload& w = workload(static_cast<int>(state.range(0)));
    run_pairs(state, kJaroWinklerCutoff, [&](std::size_t q, const std::string& c) {
        return jaro_winkler(w.queries[q], c, 0.1, 0.85);
    });
}

void BM_JaroWinklerReference(benchmark::State& state) {
    const Workload& w = workload(static_cast<int>(state.range(0)));
    run_pairs(state, kReferenceItself, [&](std::size_t q, const std::string& c) {
        return reference::jaro_winkler(w.queries[q], c);
    });
}

std::vector<CachedJaroWinkler> cached_jaro_winklers(const Workload& w) {
    std::vector<CachedJaroWinkler> out;
    for (const std::string& q : w.queries)
        out.emplace_back(q);
    return out;
}

void BM_CachedJaroWinkler(benchmark::State& state) {
    const std::vector<CachedJaroWinkler> scorers =
        cached_jaro_winklers(workload(static_cast<int>(state.range(0))));
    run_pairs(state, kCachedJaroWinkler,
              [&](std::size_t q, const std::string& c) { return scorers[q].similarity(c); });
}

void BM_CachedJaroWinklerCutoff(benchmark::State& state) {
    const std::vector<CachedJaroWinkler> scorers =
        cached_jaro_winklers(workload(static_cast<int>(state.range(0))));
    run_pairs(state, kCachedJaroWinklerCutoff,
              [&](std::size_t q, const std::string& c) { return scorers[q].similarity(c, 0.85); });
}

void BM_Levenshtein(benchmark::State& state) {
    const Workload& w = workload(static_cast<int>(state.range(0)));
    run_pairs(state, kLevenshtein,
              [&](std::size_t q, const std::string& c) { return levenshtein(w.queries[q], c); });
}

void BM_LevenshteinMax2(benchmark::State& state) {
    const Workload& w = workload(static_cast<int>(state.range(0)));
    run_pairs(state, kLevenshteinMax2,
              [&](std::size_t q, const std::string& c) { return levenshtein(w.queries[q], c, 2); });
}

void BM_LevenshteinReference(benchmark::State& state) {
    const Workload& w = workload(static_cast<int>(state.range(0)));
    run_pairs(state, kReferenceItself, [&](std::size_t q, const std::string& c) {
        return reference::levenshtein(w.queries[q], c);
    });
}

void BM_CachedLevenshtein(benchmark::State& state) {
    const Workload& w = workload(static_cast<int>(state.range(0)));
    std::vector<CachedLevenshtein> scorers;
    for (const std::string& q : w.queries)
        scorers.emplace_back(q);
    run_pairs(state, kCachedLevenshtein,
              [&](std::size_t q, const std::string& c) { return scorers[q].distance(c); });
}

void BM_OsaDistance(benchmark::State& state) {
    const Workload& w = workload(static_cast<int>(state.range(0)));
    run_pairs(state, kOsa,
              [&](std::size_t q, const std::string& c) { return osa_distance(w.queries[q], c); });
}

void BM_OsaDistanceReference(benchmark::State& state) {
    const Workload& w = workload(static_cast<int>(state.range(0)));
    run_pairs(state, kReferenceItself, [&](std::size_t q, const std::string& c) {
        return reference::osa_distance(w.queries[q], c);
    });
}

BENCHMARK(BM_JaroWinkler)->DenseRange(0, 2);
BENCHMARK(BM_JaroWinklerCutoff)->DenseRange(0, 2);
BENCHMARK(BM_JaroWinklerReference)->DenseRange(0, 2);
BENCHMARK(BM_CachedJaroWinkler)->DenseRange(0, 2);
BENCHMARK(BM_CachedJaroWinklerCutoff)->DenseRange(0, 2);
BENCHMARK(BM_Levenshtein)->DenseRange(0, 2);
BENCHMARK(BM_LevenshteinMax2)->DenseRange(0, 2);
BENCHMARK(BM_LevenshteinReference)->DenseRange(0, 2);
BENCHMARK(BM_CachedLevenshtein)->DenseRange(0, 2);
BENCHMARK(BM_OsaDistance)->DenseRange(0, 2);
BENCHMARK(BM_OsaDistanceReference)->DenseRange(0, 2);

}  // namespace
}  // namespace cordon
