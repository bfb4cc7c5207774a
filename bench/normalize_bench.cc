// Normalizer::tokenize by input kind, and the per-token keys. One iteration tokenizes one name (or
// keys one token), so the reported time is ns per name. Every workload's output is checked once
// before it is timed; the output vector is reused, as on the query path.
//
//   ./build-text/bench/cordon_bench --benchmark_filter='Normalize|Key'
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/normalize.h"

namespace cordon {
namespace {

const Normalizer& normalizer() {
    static const Normalizer n;
    return n;
}

void run(benchmark::State& state, const std::vector<std::string>& names, std::string_view must_contain) {
    std::vector<Token> out;
    // Check the answers before timing them.
    normalizer().tokenize(names.front(), out);
    std::string joined;
    for (const Token& t : out) joined += t.text + " ";
    if (joined.find(must_contain) == std::string::npos) {
        state.SkipWithError(("unexpected tokens: " + joined).c_str());
        return;
    }
    for (const auto& n : names) normalizer().tokenize(n, out);  // warm the thread's ICU clones
    std::size_t i = 0, bytes = 0;
    for (auto _ : state) {
        const std::string& n = names[i];
        normalizer().tokenize(n, out);
        benchmark::DoNotOptimize(out.data());
        bytes += n.size();
        i = i + 1 == names.size() ? 0 : i + 1;
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_NormalizeAscii(benchmark::State& state) {
    static const std::vector<std::string> names = {"John Smith", "KIM Jong Un", "Mohammed Al Sayed",
                                                   "Viktor Bout", "Ri Chol", "Park Geun-hye"};
    run(state, names, "john smith");
}
BENCHMARK(BM_NormalizeAscii);

void BM_NormalizeAsciiCompany(benchmark::State& state) {
    static const std::vector<std::string> names = {"ANGLO-CARIBBEAN CO., LTD.",
                                                   "Sberbank Rossii Public Joint Stock Company",
                                                   "KOREA KWANGSON BANKING CORP.", "BANCO NACIONAL DE CUBA"};
    run(state, names, "anglo caribbean co ltd");
}
BENCHMARK(BM_NormalizeAsciiCompany);

void BM_NormalizeLatinDiacritics(benchmark::State& state) {
    static const std::vector<std::string> names = {"Nguyễn Tấn Dũng", "Łukasz Żółć", "José Martí Pérez",
                                                   "Søren Kierkegaard"};
    run(state, names, "nguyen tan dung");
}
BENCHMARK(BM_NormalizeLatinDiacritics);

void BM_NormalizeHangul(benchmark::State& state) {
    static const std::vector<std::string> names = {"김정은", "박원순", "최룡해", "리병철"};
    run(state, names, "gim jeong eun");
}
BENCHMARK(BM_NormalizeHangul);

void BM_NormalizeCyrillic(benchmark::State& state) {
    static const std::vector<std::string> names = {"Александр Сергеевич Пушкин", "Юрий Щербаков",
                                                   "Евгений Пригожин", "Олег Дерипаска"};
    run(state, names, "aleksandr sergeyevich pushkin");
}
BENCHMARK(BM_NormalizeCyrillic);

void BM_NormalizeArabic(benchmark::State& state) {
    static const std::vector<std::string> names = {"محمد عبد الرحمن", "أسامة بن لادن", "حسن نصر الله"};
    run(state, names, "mhmd");
}
BENCHMARK(BM_NormalizeArabic);

void BM_NormalizeHan(benchmark::State& state) {
    static const std::vector<std::string> names = {"习近平", "毛泽东", "張學良", "中国工商银行"};
    run(state, names, "xi jinping");
}
BENCHMARK(BM_NormalizeHan);

// Every primary name on the bundled OFAC SDN list (mostly upper-case ASCII).
void BM_NormalizeSdnNames(benchmark::State& state) {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        std::ifstream in(std::string(CORDON_BUNDLED_DATA_DIR) + "/ofac-sdn/sdn.csv");
        std::string line;
        while (std::getline(in, line)) {
            const std::size_t a = line.find(",\"");
            const std::size_t b = a == std::string::npos ? a : line.find('"', a + 2);
            if (b != std::string::npos) v.push_back(line.substr(a + 2, b - a - 2));
        }
        return v;
    }();
    if (names.empty()) {
        state.SkipWithError("bundled sdn.csv not found");
        return;
    }
    run(state, names, "aerocaribbean");
    state.counters["names"] = static_cast<double>(names.size());
}
BENCHMARK(BM_NormalizeSdnNames);

void BM_VariantKey(benchmark::State& state) {
    static const std::vector<std::string> tokens = {"mohammed", "aleksandr", "chinyong", "park",
                                                    "abdulrahman", "yevgeniy", "smith", "kim"};
    if (variant_key("mohammed") != variant_key("muhammad")) {
        state.SkipWithError("variant keys differ");
        return;
    }
    std::string out;
    std::size_t i = 0;
    for (auto _ : state) {
        variant_key(tokens[i], out);
        benchmark::DoNotOptimize(out.data());
        i = (i + 1) % tokens.size();
    }
}
BENCHMARK(BM_VariantKey);

void BM_PhoneticKey(benchmark::State& state) {
    static const std::vector<std::string> tokens = {"mohammed", "aleksandr", "chinyong", "park",
                                                    "abdulrahman", "yevgeniy", "smith", "kim"};
    std::string out;
    std::size_t i = 0;
    for (auto _ : state) {
        phonetic_key(tokens[i], out);
        benchmark::DoNotOptimize(out.data());
        i = (i + 1) % tokens.size();
    }
}
BENCHMARK(BM_PhoneticKey);

void BM_NormalizerConstruct(benchmark::State& state) {
    for (auto _ : state) {
        Normalizer n;
        benchmark::DoNotOptimize(&n);
    }
}
BENCHMARK(BM_NormalizerConstruct)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace cordon
