#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "cordon/ingest.h"
#include "cordon/name_index.h"
#include "cordon/screener.h"
#include "../bundled_screener.h"

namespace cordon {
namespace {

// The bundled lists, loaded once for the whole suite.
class BundledIndex : public ::testing::Test {
protected:
    static void SetUpTestSuite() { screener_ = &test::bundled_screener(); }
    static const Screener* screener_;
};
const Screener* BundledIndex::screener_ = nullptr;

TEST_F(BundledIndex, CommonTokensWeighLessThanRareOnes) {
    PreparedQuery q;
    screener_->index().prepare("Kim Chinyong Company", q);
    ASSERT_EQ(q.tokens.size(), 3U);
    EXPECT_LT(q.tokens[0].weight, q.tokens[1].weight);  // kim < chinyong
    EXPECT_LT(q.tokens[2].weight, q.tokens[0].weight);  // a legal form weighs least
}

TEST_F(BundledIndex, CandidatesAreFewForARealName) {
    PreparedQuery q;
    screener_->index().prepare("Kim Sang Man", q);
    std::vector<std::uint32_t> names;
    screener_->index().candidates(q, 0.75, names);
    EXPECT_GT(names.size(), 0U);
    // A small share of all names; a scan would score every one of them.
    EXPECT_LT(names.size(), screener_->index().name_count() / 20);
}

// Queries built from the listed names themselves with the edits screening must survive.
std::vector<std::string> perturbed_queries(const Screener& s, std::size_t count, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<std::string> out;
    const Snapshot& snap = s.snapshot();
    std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(snap.entity_count() - 1));
    while (out.size() < count) {
        const Entity& e = snap.entity(pick(rng));
        const std::string& name = e.names[rng() % e.names.size()].full;
        std::string q = name;
        switch (rng() % 5) {
            case 0: break;  // as listed
            case 1:         // one character changed
                if (q.size() > 4) q[1 + rng() % (q.size() - 2)] = static_cast<char>('a' + rng() % 26);
                break;
            case 2: {  // two adjacent characters swapped
                if (q.size() > 4) {
                    std::size_t p = 1 + rng() % (q.size() - 3);
                    std::swap(q[p], q[p + 1]);
                }
                break;
            }
            case 3: {  // a space removed (joined tokens)
                auto p = q.find(' ');
                if (p != std::string::npos) q.erase(p, 1);
                break;
            }
            default: {  // first token moved to the end
                auto p = q.find(' ');
                if (p != std::string::npos) q = q.substr(p + 1) + " " + q.substr(0, p);
                break;
            }
        }
        out.push_back(q);
    }
    return out;
}

// "id (score, matched name)" of the scan's match for `id`, for failure messages.
std::string describe(const std::vector<Match>& matches, const std::string& id) {
    for (const Match& m : matches) {
        if (m.entity->id == id) {
            return id + " (" + std::to_string(m.score) + ", '" + m.entity->names[m.name_index].full + "')";
        }
    }
    return id;
}

std::vector<std::string> ids_of(const std::vector<Match>& m) {
    std::vector<std::string> ids;
    for (const Match& x : m) ids.push_back(x.entity->id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

// Screens each query through the index and by the exhaustive scan (which scores every listed name
// without the index's lookups); a match the scan finds and the index does not is a test failure.
// Every match at or above `threshold`, without explanations.
ScreenOptions every_match_at(double threshold) {
    ScreenOptions options;
    options.threshold = threshold;
    options.limit = 100000;
    options.explain = false;
    return options;
}

struct ScanComparison {
    std::size_t found_by_scan = 0;
    std::size_t missed = 0;
    std::vector<std::vector<Match>> fast;  // the index's answers, per query
};
ScanComparison compare_with_scan(const Screener& screener, const std::vector<std::string>& queries,
                                 const ScreenOptions& options) {
    ScanComparison out;
    for (const std::string& q : queries) {
        Query query;
        query.name = q;
        out.fast.push_back(screener.screen(query, options));
        const auto fast = ids_of(out.fast.back());
        const auto scan = screener.screen_exhaustive(query, options);
        const auto slow = ids_of(scan);
        out.found_by_scan += slow.size();
        for (const std::string& id : slow) {
            if (!std::binary_search(fast.begin(), fast.end(), id)) {
                ++out.missed;
                ADD_FAILURE() << "index missed " << describe(scan, id) << " for query '" << q << "'";
            }
        }
    }
    std::cout << "[index] " << queries.size() << " queries, " << out.found_by_scan
              << " matches by full scan, " << out.missed << " missed by the index\n";
    return out;
}

TEST_F(BundledIndex, IndexMissesNothingAFullScanFindsAboveTheThreshold) {
    ScreenOptions options;
    options.limit = 1000;
    options.explain = false;
    const std::vector<std::string> queries = perturbed_queries(*screener_, 250, 20261123);
    const ScanComparison c = compare_with_scan(*screener_, queries, options);
    EXPECT_GT(c.found_by_scan, queries.size() / 2);
    EXPECT_EQ(c.missed, 0U);
}

TEST_F(BundledIndex, IndexMissesNothingOnCommonNamesAtALowThreshold) {
    // Names made of tokens the lists use often: many candidates, loose bounds.
    const char* names[] = {
        "Ahmed Hassan Mahmoud", "Mohammed Ali", "Ali Hassan", "Abdul Rahman", "Kim Jong Chol",
        "Ri Song Un", "Sergey Ivanov", "Aleksandr Petrov", "Maria Garcia Lopez", "Juan Carlos Rodriguez",
        "Fatima Zahra", "Abu Bakr al-Baghdadi", "Bank Saderat", "Korea Trading Company",
        "Limited Liability Company Trans", "Joint Stock Company Bank", "Al Qaida", "S. M. Kim",
        "Hassan Nasrallah", "Golden Star Shipping", "محمد علي", "김정은", "Александр Иванов",
        "Wang Wei", "Nguyen Van Minh", "Sociedad Anonima", "Islamic Revolutionary Guard Corps",
        // Initials: a query initial pairs with any token of its letter in a person's name, and
        // only by lookup elsewhere (the bound treats the two apart).
        "M AND S TRADIGN HK", "t e g limited", "T N K FABRICS LIBITED", "A Q Khan", "Kim J Hyon",
        "LIMITED LIABILITY COMPANY KKO R", "distribuidora germay s a de c v", "J & P ADVERTISING",
    };
    std::vector<std::string> queries(std::begin(names), std::end(names));
    // And every 100th name of the clean population (52 locales, 12 scripts).
    std::ifstream population(std::string(CORDON_SOURCE_DIR) + "/eval/population/names.jsonl");
    std::string line;
    for (std::size_t i = 0; std::getline(population, line); ++i) {
        const std::string key = "\"name\":\"";
        auto b = line.find(key);
        if (i % 100 != 0 || b == std::string::npos) continue;
        b += key.size();
        auto e = line.find('"', b);
        if (e != std::string::npos) queries.push_back(line.substr(b, e - b));
    }
    ASSERT_GT(queries.size(), 100U);
    const ScanComparison c = compare_with_scan(*screener_, queries, every_match_at(0.6));
    EXPECT_GT(c.found_by_scan, 100U);
    EXPECT_EQ(c.missed, 0U);
}

// Arabic-script names meet Latin listings through consonant skeletons, which have their own
// lookup: every 4th of the UN list's original-script names (Arabic, Persian, Pashto), each against
// every name (a scan without lookups costs about 0.2 s a query).
TEST_F(BundledIndex, IndexMissesNothingOnArabicScriptNames) {
    std::vector<std::string> queries;
    const Snapshot& snap = screener_->snapshot();
    std::size_t seen = 0;
    for (std::uint32_t e = 0; e < snap.entity_count(); ++e) {
        for (const Name& n : snap.entity(e).names) {
            // Arabic block: UTF-8 lead bytes 0xD8-0xDB.
            const bool arabic = std::any_of(n.full.begin(), n.full.end(), [](char c) {
                const auto b = static_cast<unsigned char>(c);
                return b >= 0xD8 && b <= 0xDB;
            });
            if (arabic && seen++ % 4 == 0) queries.push_back(n.full);
        }
    }
    ASSERT_GT(queries.size(), 80U);
    const ScanComparison c = compare_with_scan(*screener_, queries, every_match_at(0.6));
    EXPECT_EQ(c.missed, 0U);
    // Most find Latin names, not only themselves.
    std::size_t latin_found = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        for (const Match& m : c.fast[i]) latin_found += m.entity->names[m.name_index].full != queries[i] ? 1 : 0;
    }
    EXPECT_GT(latin_found, queries.size() / 2);
}

}  // namespace
}  // namespace cordon
