#include "cordon/similarity.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../../src/match/reference.h"
#include <gtest/gtest.h>

namespace cordon {
namespace {

constexpr double kTolerance = 1e-9;

// Bytes as C-style escapes, so a failing random pair can be pasted back into a test.
std::string escaped(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            out += ch;
        } else {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out + "\"";
}

std::string pair_trace(std::string_view a, std::string_view b) {
    return escaped(a) + " vs " + escaped(b) + " (" + std::to_string(a.size()) + ", " +
           std::to_string(b.size()) + " bytes)";
}

std::size_t clamped(std::size_t dist, std::size_t max) {
    return dist <= max ? dist : max + 1;
}

// What a scorer with a cutoff must return, given the exact score: the score itself when it reaches
// the cutoff, 0 otherwise. Scores within rounding of the cutoff may go either way.
::testing::AssertionResult honours_cutoff(double got, double exact, double cutoff) {
    if (exact >= cutoff + kTolerance) {
        if (std::abs(got - exact) <= kTolerance)
            return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure()
               << "score " << exact << " reaches cutoff " << cutoff << " but got " << got;
    }
    if (exact < cutoff - kTolerance) {
        if (got == 0.0)
            return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure()
               << "score " << exact << " is below cutoff " << cutoff << " but got " << got;
    }
    if (got == 0.0 || std::abs(got - exact) <= kTolerance)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "borderline score " << exact << " came back as " << got;
}

// Checks every kernel, plain and cached, in both argument orders, against the reference on one
// pair; max and cutoff exercise the early-exit contracts.
void expect_matches_reference(std::string_view a, std::string_view b, std::size_t max,
                              double cutoff) {
    SCOPED_TRACE(pair_trace(a, b));
    const std::size_t lev = reference::levenshtein(a, b);
    const std::size_t osa = reference::osa_distance(a, b);
    const double jaro_ref = reference::jaro(a, b);
    const double jw_ref = reference::jaro_winkler(a, b);
    const double lev_sim_ref = reference::levenshtein_similarity(a, b);
    const CachedLevenshtein cached_lev_a(a);
    const CachedLevenshtein cached_lev_b(b);
    const CachedJaroWinkler cached_jw_a(a);
    const CachedJaroWinkler cached_jw_b(b);

    EXPECT_EQ(levenshtein(a, b), lev);
    EXPECT_EQ(levenshtein(b, a), lev);
    EXPECT_EQ(cached_lev_a.distance(b), lev);
    EXPECT_EQ(cached_lev_b.distance(a), lev);
    EXPECT_EQ(levenshtein(a, b, max), clamped(lev, max)) << "max " << max;
    EXPECT_EQ(cached_lev_b.distance(a, max), clamped(lev, max)) << "max " << max;

    EXPECT_EQ(osa_distance(a, b), osa);
    EXPECT_EQ(osa_distance(b, a), osa);
    EXPECT_EQ(osa_distance(a, b, max), clamped(osa, max)) << "max " << max;

    EXPECT_NEAR(jaro(a, b), jaro_ref, kTolerance);
    EXPECT_NEAR(jaro(b, a), jaro_ref, kTolerance);
    EXPECT_NEAR(jaro_winkler(a, b), jw_ref, kTolerance);
    EXPECT_NEAR(jaro_winkler(b, a), jw_ref, kTolerance);
    EXPECT_NEAR(cached_jw_a.similarity(b), jw_ref, kTolerance);
    EXPECT_NEAR(cached_jw_b.similarity(a), jw_ref, kTolerance);
    EXPECT_TRUE(honours_cutoff(jaro(a, b, cutoff), jaro_ref, cutoff));
    EXPECT_TRUE(honours_cutoff(jaro_winkler(a, b, 0.1, cutoff), jw_ref, cutoff));
    EXPECT_TRUE(honours_cutoff(cached_jw_a.similarity(b, cutoff), jw_ref, cutoff));

    EXPECT_NEAR(levenshtein_similarity(a, b), lev_sim_ref, kTolerance);
    EXPECT_NEAR(cached_lev_a.similarity(b), lev_sim_ref, kTolerance);
    EXPECT_TRUE(honours_cutoff(levenshtein_similarity(a, b, cutoff), lev_sim_ref, cutoff));
    EXPECT_TRUE(honours_cutoff(cached_lev_b.similarity(a, cutoff), lev_sim_ref, cutoff));
}

// ---------------------------------------------------------------------------------------------
// Known values from the literature.

TEST(Jaro, MatchesPublishedValues) {
    EXPECT_NEAR(jaro("martha", "marhta"), 0.9444, 1e-4);
    EXPECT_NEAR(jaro("dwayne", "duane"), 0.8222, 1e-4);
    EXPECT_NEAR(jaro("dixon", "dicksonx"), 0.7667, 1e-4);
    EXPECT_NEAR(jaro("crate", "trace"), 0.7333, 1e-4);
}

TEST(JaroWinkler, MatchesPublishedValues) {
    EXPECT_NEAR(jaro_winkler("martha", "marhta"), 0.9611, 1e-4);
    EXPECT_NEAR(jaro_winkler("dwayne", "duane"), 0.84, 1e-4);
    EXPECT_NEAR(jaro_winkler("dixon", "dicksonx"), 0.8133, 1e-4);
    EXPECT_NEAR(jaro_winkler("MARTHA", "MARHTA"), 0.9611, 1e-4);
    EXPECT_NEAR(CachedJaroWinkler("martha").similarity("marhta"), 0.9611, 1e-4);
    EXPECT_NEAR(CachedJaroWinkler("dwayne").similarity("duane"), 0.84, 1e-4);
    EXPECT_NEAR(CachedJaroWinkler("dixon").similarity("dicksonx"), 0.8133, 1e-4);
}

TEST(JaroWinkler, BoostsOnlyAboveSevenTenthsAndAtMostFourPrefixBytes) {
    // jaro("abcdxyz", "abcdzyx") is high; the prefix boost stops at 4 bytes.
    const double j = jaro("abcdefgh", "abcdefhg");
    EXPECT_NEAR(jaro_winkler("abcdefgh", "abcdefhg"), j + 4 * 0.1 * (1 - j), kTolerance);
    EXPECT_NEAR(jaro_winkler("abcdefgh", "abcdefhg", 0.2), j + 4 * 0.2 * (1 - j), kTolerance);
    // jaro("ab", "ac") = 2/3 <= 0.7: no boost despite the shared prefix.
    EXPECT_NEAR(jaro_winkler("ab", "ac"), jaro("ab", "ac"), kTolerance);
    EXPECT_NEAR(jaro_winkler("abcdefgh", "abcdefhg", 0.0), j, kTolerance);
}

TEST(Levenshtein, MatchesPublishedValues) {
    EXPECT_EQ(levenshtein("kitten", "sitting"), 3u);
    EXPECT_EQ(levenshtein("sitting", "kitten"), 3u);
    EXPECT_EQ(CachedLevenshtein("kitten").distance("sitting"), 3u);
    EXPECT_EQ(levenshtein("flaw", "lawn"), 2u);
    EXPECT_EQ(levenshtein("saturday", "sunday"), 3u);
    EXPECT_NEAR(levenshtein_similarity("kitten", "sitting"), 1.0 - 3.0 / 7.0, kTolerance);
}

TEST(OsaDistance, CountsAnAdjacentSwapAsOneEdit) {
    EXPECT_EQ(osa_distance("ab", "ba"), 1u);
    EXPECT_EQ(levenshtein("ab", "ba"), 2u);
    EXPECT_EQ(osa_distance("mohammed", "mohammde"), 1u);
    EXPECT_EQ(osa_distance("kitten", "sitting"), 3u);
    // OSA may not edit a swapped pair again, unlike unrestricted Damerau-Levenshtein (which gives
    // 2).
    EXPECT_EQ(osa_distance("ca", "abc"), 3u);
}

// ---------------------------------------------------------------------------------------------
// Edge cases.

TEST(Similarity, EmptyStrings) {
    EXPECT_EQ(jaro("", ""), 1.0);
    EXPECT_EQ(jaro("", "a"), 0.0);
    EXPECT_EQ(jaro("abc", ""), 0.0);
    EXPECT_EQ(jaro_winkler("", ""), 1.0);
    EXPECT_EQ(jaro_winkler("", "abc"), 0.0);
    EXPECT_EQ(CachedJaroWinkler("").similarity(""), 1.0);
    EXPECT_EQ(CachedJaroWinkler("").similarity("abc"), 0.0);
    EXPECT_EQ(CachedJaroWinkler("abc").similarity(""), 0.0);
    EXPECT_EQ(levenshtein("", ""), 0u);
    EXPECT_EQ(levenshtein("", "abc"), 3u);
    EXPECT_EQ(levenshtein("abc", ""), 3u);
    EXPECT_EQ(CachedLevenshtein("").distance("abc"), 3u);
    EXPECT_EQ(CachedLevenshtein("abc").distance(""), 3u);
    EXPECT_EQ(levenshtein_similarity("", ""), 1.0);
    EXPECT_EQ(levenshtein_similarity("", "abc"), 0.0);
    EXPECT_EQ(CachedLevenshtein("").similarity(""), 1.0);
    EXPECT_EQ(osa_distance("", ""), 0u);
    EXPECT_EQ(osa_distance("ab", ""), 2u);
}

TEST(Similarity, SingleBytes) {
    EXPECT_EQ(jaro("a", "a"), 1.0);
    EXPECT_EQ(jaro("a", "b"), 0.0);
    EXPECT_EQ(jaro_winkler("a", "a"), 1.0);
    EXPECT_EQ(CachedJaroWinkler("a").similarity("b"), 0.0);
    EXPECT_EQ(levenshtein("a", "b"), 1u);
    EXPECT_EQ(osa_distance("a", "a"), 0u);
    // Window of 0 for lengths up to 3: "ab" and "ba" share no aligned byte.
    EXPECT_EQ(jaro("ab", "ba"), 0.0);
    expect_matches_reference("a", "b", 1, 0.5);
    expect_matches_reference("a", "ab", 0, 0.5);
}

TEST(Similarity, IdenticalStringsScoreOne) {
    for (const std::size_t n : {1, 5, 63, 64, 65, 130, 300}) {
        std::string s;
        for (std::size_t i = 0; i < n; ++i)
            s += static_cast<char>('a' + (i * 7) % 26);
        SCOPED_TRACE(n);
        EXPECT_EQ(jaro(s, s), 1.0);
        EXPECT_EQ(jaro_winkler(s, s, 0.1, 1.0), 1.0);
        EXPECT_EQ(CachedJaroWinkler(s).similarity(s), 1.0);
        EXPECT_EQ(levenshtein(s, s, 0), 0u);
        EXPECT_EQ(CachedLevenshtein(s).distance(s, 0), 0u);
        EXPECT_EQ(levenshtein_similarity(s, s, 1.0), 1.0);
        EXPECT_EQ(osa_distance(s, s), 0u);
    }
}

// 64 bytes is the largest single-word pattern; 65 and up take the block and plain paths.
// Differences at the first and last byte defeat the common-affix trimming, so the long paths really
// run.
TEST(Similarity, WordBoundaryLengths) {
    std::mt19937_64 rng(64);
    const std::size_t lengths[] = {62, 63, 64, 65, 66, 127, 128, 129, 130, 131};
    for (const std::size_t n : lengths) {
        for (const std::size_t m : lengths) {
            for (int round = 0; round < 3; ++round) {
                std::string a;
                std::string b;
                for (std::size_t i = 0; i < n; ++i)
                    a += static_cast<char>('a' + rng() % 4);
                b = a.substr(0, std::min(n, m));
                while (b.size() < m)
                    b += static_cast<char>('a' + rng() % 4);
                for (int e = 0; e < round * 3; ++e)
                    b[rng() % m] = static_cast<char>('a' + rng() % 4);
                a.front() = 'x';
                b.back() = 'y';
                expect_matches_reference(a, b, rng() % 8, 0.8);
            }
        }
    }
    // A change only in the 64th, 65th or last position.
    const std::string base(130, 'q');
    for (const std::size_t pos : {62, 63, 64, 65, 127, 128, 129}) {
        std::string other = base;
        other[pos] = 'z';
        expect_matches_reference(base, other, 1, 0.9);
        expect_matches_reference(base.substr(0, 64), other.substr(0, 66), 3, 0.9);
    }
}

TEST(Similarity, HighBytesAreOrdinaryBytes) {
    const std::string a = "\xc3\xa9\xff\x80z";
    const std::string b = "\xc3\xa9\x80\xffz";
    EXPECT_EQ(levenshtein(a, b), 2u);
    EXPECT_EQ(osa_distance(a, b), 1u);
    EXPECT_EQ(levenshtein(std::string("\xff"), std::string("\x7f")), 1u);
    expect_matches_reference(a, b, 1, 0.8);
    expect_matches_reference(std::string("a\0b", 3), std::string("a\0\0b", 4), 1, 0.8);
    std::string high(70, '\xfe');
    high[3] = '\x01';
    expect_matches_reference(high, std::string(69, '\xfe'), 2, 0.9);
}

// ---------------------------------------------------------------------------------------------
// Cutoff and max contracts.

TEST(Levenshtein, ReturnsMaxPlusOneWhenOverMax) {
    EXPECT_EQ(levenshtein("kitten", "sitting", 3), 3u);
    EXPECT_EQ(levenshtein("kitten", "sitting", 2), 3u);
    EXPECT_EQ(levenshtein("kitten", "sitting", 0), 1u);
    EXPECT_EQ(levenshtein("kitten", "kitten", 0), 0u);
    EXPECT_EQ(levenshtein("a", "abcdef", 2), 3u);  // decided by the length difference alone
    EXPECT_EQ(CachedLevenshtein("kitten").distance("sitting", 1), 2u);
    EXPECT_EQ(CachedLevenshtein("a").distance("abcdef", 4), 5u);
    EXPECT_EQ(osa_distance("kitten", "sitting", 1), 2u);
    EXPECT_EQ(osa_distance("ab", "ba", 0), 1u);
    EXPECT_EQ(levenshtein(std::string(200, 'a'), std::string(200, 'b'), 10), 11u);
    EXPECT_EQ(osa_distance(std::string(200, 'a'), std::string(200, 'b'), 10), 11u);
    // SIZE_MAX means no limit and never overflows into max + 1.
    EXPECT_EQ(levenshtein("abc", "xyz", SIZE_MAX), 3u);
    EXPECT_EQ(osa_distance("abc", "xyz", SIZE_MAX), 3u);
}

TEST(Similarity, ReturnsZeroBelowCutoffAndTheScoreAtOrAbove) {
    const double jw = jaro_winkler("martha", "marhta");
    EXPECT_EQ(jaro_winkler("martha", "marhta", 0.1, 0.97), 0.0);
    EXPECT_EQ(jaro_winkler("martha", "marhta", 0.1, jw), jw);
    EXPECT_EQ(CachedJaroWinkler("martha").similarity("marhta", 0.97), 0.0);
    EXPECT_EQ(CachedJaroWinkler("martha").similarity("marhta", 0.95), jw);
    EXPECT_EQ(jaro("martha", "marhta", 0.95), 0.0);
    EXPECT_NEAR(jaro("martha", "marhta", 0.94), 0.9444, 1e-4);
    // Lengths alone rule this out: at most 2 of 10 bytes can match.
    EXPECT_EQ(jaro("ab", "abcdefghij", 0.8), 0.0);

    const double lev = levenshtein_similarity("kitten", "sitting");
    EXPECT_EQ(levenshtein_similarity("kitten", "sitting", lev), lev);
    EXPECT_EQ(levenshtein_similarity("kitten", "sitting", 0.6), 0.0);
    EXPECT_EQ(CachedLevenshtein("kitten").similarity("sitting", lev), lev);
    EXPECT_EQ(CachedLevenshtein("kitten").similarity("sitting", 0.6), 0.0);
    // A cutoff above 1 rejects everything, identical strings included.
    EXPECT_EQ(jaro_winkler("abc", "abc", 0.1, 1.5), 0.0);
    EXPECT_EQ(levenshtein_similarity("abc", "abc", 1.5), 0.0);
}

// ---------------------------------------------------------------------------------------------
// Real data: name tokens from the bundled OFAC SDN list.

std::vector<std::string> sdn_name_tokens(std::size_t limit) {
    std::ifstream in(std::string(CORDON_BUNDLED_DATA_DIR) + "/ofac-sdn/sdn.csv");
    std::vector<std::string> tokens;
    std::string line;
    while (tokens.size() < limit && std::getline(in, line)) {
        const std::size_t open = line.find('"');
        const std::size_t close = open == std::string::npos ? open : line.find('"', open + 1);
        if (close == std::string::npos)
            continue;
        std::string token;
        for (std::size_t i = open + 1; i <= close; ++i) {
            const auto c = static_cast<unsigned char>(line[i]);
            if (i < close && std::isalnum(c) != 0) {
                token += static_cast<char>(std::tolower(c));
            } else if (!token.empty()) {
                tokens.push_back(token);
                token.clear();
            }
        }
    }
    return tokens;
}

TEST(Similarity, MatchesReferenceOnSdnNameTokens) {
    const std::vector<std::string> tokens = sdn_name_tokens(3000);
    ASSERT_GE(tokens.size(), 1000u) << "could not read " << CORDON_BUNDLED_DATA_DIR;
    std::vector<std::string> sorted = tokens;
    std::sort(sorted.begin(), sorted.end());  // neighbours share prefixes: realistic near-misses
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        expect_matches_reference(tokens[i], tokens[i + 1], 2, 0.8);
        expect_matches_reference(sorted[i], sorted[i + 1], 1, 0.9);
        if (::testing::Test::HasFailure())
            break;
    }
}

// ---------------------------------------------------------------------------------------------
// Randomised comparison against the reference.

class PairGenerator {
public:
    PairGenerator(std::uint64_t seed, int alphabet_size)
        : rng_(seed),
          alphabet_size_(alphabet_size) {}

    std::string random_string(std::size_t n) {
        std::string s(n, '\0');
        for (char& c : s)
            c = random_byte();
        return s;
    }

    // Lengths favour name-sized tokens and the one-word boundary but reach 140.
    std::size_t random_length() {
        switch (rng_() % 4) {
            case 0:
                return rng_() % 12;
            case 1:
                return rng_() % 30;
            case 2:
                return 56 + rng_() % 16;
            default:
                return rng_() % 141;
        }
    }

    // Half independent strings, half a few random edits (including swaps) apart.
    std::pair<std::string, std::string> next_pair() {
        std::string a = random_string(random_length());
        if (rng_() % 2 == 0)
            return {a, random_string(random_length())};
        std::string b = a;
        const std::size_t edits = rng_() % 6;
        for (std::size_t e = 0; e < edits; ++e) {
            const std::size_t pos = b.empty() ? 0 : rng_() % b.size();
            switch (rng_() % 4) {
                case 0:
                    b.insert(b.begin() + static_cast<std::ptrdiff_t>(pos), random_byte());
                    break;
                case 1:
                    if (!b.empty())
                        b.erase(pos, 1);
                    break;
                case 2:
                    if (!b.empty())
                        b[pos] = random_byte();
                    break;
                default:
                    if (pos + 1 < b.size())
                        std::swap(b[pos], b[pos + 1]);
                    break;
            }
        }
        if (b.size() > 140)
            b.resize(140);
        return {a, b};
    }

    std::size_t random_max() { return rng_() % 2 == 0 ? rng_() % 6 : rng_() % 100; }
    double random_cutoff() { return static_cast<double>(rng_() % 1001) / 1000.0; }

private:
    char random_byte() {
        if (alphabet_size_ == 256)
            return static_cast<char>(rng_() % 256);
        return static_cast<char>('a' + rng_() % static_cast<std::uint64_t>(alphabet_size_));
    }

    std::mt19937_64 rng_;
    int alphabet_size_;
};

class RandomPairs : public ::testing::TestWithParam<int> {};

TEST_P(RandomPairs, EveryKernelMatchesTheReference) {
    constexpr int kPairs = 6000;  // per alphabet; four alphabets make 24,000 pairs
    PairGenerator gen(20240601 + static_cast<std::uint64_t>(GetParam()), GetParam());
    for (int i = 0; i < kPairs; ++i) {
        const auto [a, b] = gen.next_pair();
        expect_matches_reference(a, b, gen.random_max(), gen.random_cutoff());
        if (::testing::Test::HasFailure()) {
            FAIL() << "stopped at pair " << i;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Alphabets, RandomPairs, ::testing::Values(2, 4, 26, 256),
                         [](const ::testing::TestParamInfo<int>& param_info) {
                             return "Alphabet" + std::to_string(param_info.param);
                         });

}  // namespace
}  // namespace cordon
