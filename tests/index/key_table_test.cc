#include "cordon/key_table.h"

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cordon {
namespace {

// The slow, obviously correct forms: every string with one or two letters deleted, built and hashed.
std::set<std::uint64_t> deletion_hashes_reference(const std::string& s, std::size_t max_deletions) {
    std::set<std::uint64_t> out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        std::string d = s.substr(0, i) + s.substr(i + 1);
        out.insert(KeyHash::of(d));
        if (max_deletions < 2) continue;
        for (std::size_t j = 0; j < d.size(); ++j) out.insert(KeyHash::of(d.substr(0, j) + d.substr(j + 1)));
    }
    return out;
}

std::string random_token(std::mt19937& rng) {
    // Few letters, so that runs of equal letters (the skipped deletions) are common.
    std::uniform_int_distribution<int> len(0, 14);
    std::uniform_int_distribution<int> letter(0, 3);
    std::string s(static_cast<std::size_t>(len(rng)), 'a');
    for (char& c : s) c = static_cast<char>('a' + letter(rng));
    return s;
}

TEST(KeyHash, PrefixHashesGiveEverySubstringsHash) {
    std::mt19937 rng(7);
    PrefixHashes p;
    for (int n = 0; n < 500; ++n) {
        const std::string s = random_token(rng);
        p.assign(s);
        for (std::size_t a = 0; a <= s.size(); ++a) {
            for (std::size_t b = a; b <= s.size(); ++b) {
                ASSERT_EQ(KeyHash::mix(p.substring(a, b)), KeyHash::of(s.substr(a, b - a))) << s << " " << a << " " << b;
            }
        }
    }
}

TEST(KeyHash, DeletionHashesMatchBuiltStrings) {
    std::mt19937 rng(11);
    PrefixHashes p;
    for (int n = 0; n < 2000; ++n) {
        const std::string s = random_token(rng);
        for (std::size_t k = 1; k <= 2; ++k) {
            p.assign(s);
            std::set<std::uint64_t> got;
            for_each_deletion_hash(s, p, k, [&](std::uint64_t h) { got.insert(h); });
            ASSERT_EQ(got, deletion_hashes_reference(s, k)) << s << " deletions " << k;
        }
    }
}

TEST(KeyTable, FindsEveryIdOfItsKey) {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;
    std::mt19937 rng(3);
    std::vector<std::string> keys;
    for (std::uint32_t id = 0; id < 5000; ++id) {
        keys.push_back(random_token(rng) + std::to_string(id % 1700));
        entries.emplace_back(KeyTable::hash(keys.back()), id);
    }
    KeyTable t;
    t.build(entries);
    for (std::uint32_t id = 0; id < keys.size(); ++id) {
        bool found = false;
        for (std::uint32_t v : t.find(keys[id])) found = found || v == id;
        ASSERT_TRUE(found) << keys[id];
    }
}

}  // namespace
}  // namespace cordon
