// Data-driven rates over real name pairs from Wikidata (../shared/data/transliteration_wikidata,
// CC0): how often a romanised name and its native-script form come out as matching tokens. The
// floors are the measured rates minus a small margin, so a rule change that loses recall fails here.
// Set CORDON_TEXT_VERBOSE=1 to print the misses.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cordon/normalize.h"
#include "text_test_util.h"

namespace cordon {
namespace {

using test::jaro_winkler;
using test::tokens_match;

bool verbose() { return std::getenv("CORDON_TEXT_VERBOSE") != nullptr; }

const Normalizer& norm() {
    static const Normalizer n;
    return n;
}

// The name tokens of a string, joined into one token (the data files hold one word per line).
Token joined_token(std::string_view s) {
    Token t;
    for (const Token& x : norm().tokenize(s)) t.text += x.text;
    t.variant = variant_key(t.text);
    t.phonetic = phonetic_key(t.text);
    return t;
}

struct Rates {
    std::size_t total = 0, matched = 0, same_variant = 0, same_phonetic = 0;
    double rate() const { return total ? static_cast<double>(matched) / total : 0.0; }
    double variant_rate() const { return total ? static_cast<double>(same_variant) / total : 0.0; }
    double phonetic_rate() const { return total ? static_cast<double>(same_phonetic) / total : 0.0; }
};

// Token files: "latin<TAB>l e t t e r s<TAB>count".
Rates token_file_rates(const char* file, std::size_t lines) {
    Rates r;
    for (const auto& row : test::read_tsv(test::shared_data(file), lines)) {
        if (row.size() < 2) continue;
        const Token latin = joined_token(row[0]);
        const Token native = joined_token(test::join_letters(row[1]));
        if (latin.text.empty() || native.text.empty()) continue;
        ++r.total;
        const bool m = tokens_match(latin, native);
        r.matched += m;
        r.same_variant += latin.variant == native.variant;
        r.same_phonetic += latin.phonetic == native.phonetic;
        if (!m && verbose()) {
            std::printf("  miss %s: %s [%s %s] vs %s [%s %s]\n", file, row[0].c_str(), latin.variant.c_str(),
                        latin.phonetic.c_str(), native.text.c_str(), native.variant.c_str(),
                        native.phonetic.c_str());
        }
    }
    return r;
}

void print(const char* what, const Rates& r) {
    std::printf("[ rate     ] %s: %zu pairs, match %.3f (same variant key %.3f, same phonetic key %.3f)\n", what,
                r.total, r.rate(), r.variant_rate(), r.phonetic_rate());
}

// Korean personal names written "Family Given-name" next to their Hangul form ("Kim Jong-un" /
// 김정은): every romanised token must match the corresponding Hangul syllable.
TEST(TransliterationData, KoreanFullNamesMatchHangul) {
    const auto rows = test::read_tsv(test::shared_data("wd_korean"), 1000000);
    if (rows.empty()) GTEST_SKIP() << "transliteration data not found";
    // "Kim Jong-un": Capitalised word, space, Capitalised word, hyphen, lower-case word.
    auto shape = [](const std::string& s) {
        std::size_t i = 0;
        auto word = [&](bool capital) {
            const std::size_t start = i;
            if (capital) {
                if (i >= s.size() || s[i] < 'A' || s[i] > 'Z') return false;
                ++i;
            }
            while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') ++i;
            return i > start + (capital ? 1 : 0);
        };
        auto sep = [&](char c) { return i < s.size() && s[i++] == c; };
        return word(true) && sep(' ') && word(true) && sep('-') && word(false) && i == s.size();
    };
    Rates r;
    for (const auto& row : rows) {
        if (r.total == 2000) break;
        if (row.size() < 2 || !shape(row[0])) continue;
        const std::string& hangul = row[1];
        if (hangul.size() < 6 || hangul.size() > 12 || hangul.find(' ') != std::string::npos) continue;
        const auto latin = norm().tokenize(row[0]);
        const auto native = norm().tokenize(hangul);
        ++r.total;
        bool all = latin.size() == native.size(), all_variant = all, all_phonetic = all;
        for (std::size_t i = 0; all && i < latin.size(); ++i) {
            all = tokens_match(latin[i], native[i]);
            all_variant = all_variant && latin[i].variant == native[i].variant;
            all_phonetic = all_phonetic && latin[i].phonetic == native[i].phonetic;
        }
        r.matched += all;
        r.same_variant += all_variant;
        r.same_phonetic += all_phonetic;
        if (!all && verbose()) {
            std::string a, b;
            for (const Token& t : latin) a += t.variant + " ";
            for (const Token& t : native) b += t.text + "/" + t.variant + " ";
            std::printf("  miss korean: %s [%s] vs %s [%s]\n", row[0].c_str(), a.c_str(), hangul.c_str(), b.c_str());
        }
    }
    print("Korean full names (romanised vs Hangul), all tokens", r);
    ASSERT_EQ(r.total, 2000u);
    EXPECT_GE(r.rate(), 0.94);          // measured 0.951
    EXPECT_GE(r.variant_rate(), 0.92);  // measured 0.933
}

TEST(TransliterationData, RussianTokensMatchLatinSpelling) {
    const Rates r = token_file_rates("wd_russian_20", 2000);
    if (r.total == 0) GTEST_SKIP() << "transliteration data not found";
    print("Russian tokens (source spelling vs Cyrillic)", r);
    EXPECT_GE(r.rate(), 0.88);  // measured 0.900
}

TEST(TransliterationData, ArabicTokensMatchLatinSpelling) {
    const Rates r = token_file_rates("wd_arabic_20", 2000);
    if (r.total == 0) GTEST_SKIP() << "transliteration data not found";
    print("Arabic tokens (source spelling vs Arabic script)", r);
    EXPECT_GE(r.rate(), 0.47);           // measured 0.497
    EXPECT_GE(r.phonetic_rate(), 0.70);  // measured 0.721: the consonant skeleton carries Arabic
}

TEST(TransliterationData, ChineseTokensMatchLatinSpelling) {
    const Rates r = token_file_rates("wd_chinese_20", 2000);
    if (r.total == 0) GTEST_SKIP() << "transliteration data not found";
    print("Chinese tokens (source spelling vs Han characters)", r);
    EXPECT_GE(r.rate(), 0.38);  // measured 0.401
}

// The variant rules must not merge unrelated names. Over distinct Latin name tokens (mostly
// European, from the Latin column of wd_russian_20), count the tokens whose variant key equals the
// key of some other distinct token. Some of those are true variants (alexander/aleksander), so the
// rate is an upper bound on false merges.
TEST(TransliterationData, VariantKeysRarelyMergeDistinctWesternNames) {
    const auto rows = test::read_tsv(test::shared_data("wd_russian_20"), 1000000);
    if (rows.empty()) GTEST_SKIP() << "transliteration data not found";
    std::set<std::string> tokens;
    for (const auto& row : rows) {
        if (tokens.size() == 5000) break;
        if (row.empty()) continue;
        bool ascii = !row[0].empty();
        for (char c : row[0]) ascii = ascii && c >= 'a' && c <= 'z';
        if (ascii) tokens.insert(row[0]);
    }
    std::map<std::string, std::vector<std::string>> by_variant, by_phonetic;
    std::size_t korean = 0;
    for (const std::string& t : tokens) {
        by_variant[variant_key(t)].push_back(t);
        by_phonetic[phonetic_key(t)].push_back(t);
        korean += looks_korean(t);
    }
    auto merged = [](const std::map<std::string, std::vector<std::string>>& groups, bool show) {
        std::size_t n = 0;
        for (const auto& [key, members] : groups) {
            if (members.size() < 2) continue;
            n += members.size();
            if (show) {
                std::printf("  merged [%s]:", key.c_str());
                for (const auto& m : members) std::printf(" %s", m.c_str());
                std::printf("\n");
            }
        }
        return n;
    };
    const double variant_rate = static_cast<double>(merged(by_variant, verbose())) / tokens.size();
    const double phonetic_rate = static_cast<double>(merged(by_phonetic, false)) / tokens.size();
    std::printf("[ rate     ] %zu distinct Western tokens: %.3f share a variant key with another, %.3f a "
                "phonetic key; %.3f pass the Korean gate\n",
                tokens.size(), variant_rate, phonetic_rate, static_cast<double>(korean) / tokens.size());
    EXPECT_LE(variant_rate, 0.03);  // measured 0.022
}

}  // namespace
}  // namespace cordon
