// KeyTable: a read-only multimap from string keys to vocabulary ids, stored flat for one cache
// miss per lookup. Keys are kept only as 31-bit hashes: a lookup may return ids of another key
// with the same hash, so callers verify what they get (the index always does: by comparing the
// text, or by computing the edit distance it needs anyway). Keys whose hashes agree are merged
// when the table is built, so a lookup never misses an id of its own key.
//
// A slot is 8 bytes and holds a key's id itself when the key has only one (most deletion keys),
// so the deletion table of the bundled lists (about 700,000 keys) takes 8 MiB instead of 36.
//
//   KeyTable t;  t.build({{KeyTable::hash("kim"), 7}});
//   for (std::uint32_t id : t.find("kim")) ...  // 7, and perhaps ids of colliding keys
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace cordon {

// The hash KeyTable keys by: a polynomial over the bytes (mod 2^64), then mixed. Being
// polynomial, the hash of any substring of a string, or of the string with a letter or two
// deleted, follows from the string's prefix hashes in a few multiplications (PrefixHashes), so
// the index hashes a token's deletion neighbourhood and its splits without building them.
struct KeyHash {
    static constexpr std::uint64_t kBase = 0x9E3779B97F4A7C15ULL;  // odd

    // The polynomial of s: sum of (byte + 1) * kBase^(n - 1 - k).
    static std::uint64_t poly(std::string_view s) {
        std::uint64_t h = 0;
        for (const char c : s) h = h * kBase + static_cast<unsigned char>(c) + 1U;
        return h;
    }
    // Spreads a polynomial over all 64 bits (MurmurHash3's finaliser): the table takes its slot
    // from the low bits.
    static std::uint64_t mix(std::uint64_t h) {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDULL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53ULL;
        h ^= h >> 33;
        return h;
    }
    static std::uint64_t of(std::string_view s) { return mix(poly(s)); }
};

// Prefix polynomials of one string, and the powers of the base up to its length: the polynomial
// of s[a, b) is prefix(b) - prefix(a) * base^(b - a).
//
//   PrefixHashes p;  p.assign("sangman");
//   KeyHash::mix(p.substring(0, 4)) == KeyHash::of("sang")
class PrefixHashes {
public:
    void assign(std::string_view s) {
        prefix_.resize(s.size() + 1);
        power_.resize(s.size() + 1);
        prefix_[0] = 0;
        power_[0] = 1;
        for (std::size_t k = 0; k < s.size(); ++k) {
            prefix_[k + 1] = prefix_[k] * KeyHash::kBase + static_cast<unsigned char>(s[k]) + 1U;
            power_[k + 1] = power_[k] * KeyHash::kBase;
        }
    }
    std::size_t size() const { return prefix_.size() - 1; }
    // Polynomial of s[a, b).
    std::uint64_t substring(std::size_t a, std::size_t b) const {
        return prefix_[b] - prefix_[a] * power_[b - a];
    }
    // Polynomial of s[a, b) followed by s[c, d).
    std::uint64_t concat(std::size_t a, std::size_t b, std::size_t c, std::size_t d) const {
        return substring(a, b) * power_[d - c] + substring(c, d);
    }
    std::uint64_t power(std::size_t k) const { return power_[k]; }

private:
    std::vector<std::uint64_t> prefix_;
    std::vector<std::uint64_t> power_;
};

// Calls f with KeyHash::of of every string made by deleting 1..max_deletions (at most 2) letters
// of s, whose prefix hashes p holds. A run of equal letters gives each deletion once.
template <class F>
void for_each_deletion_hash(std::string_view s, const PrefixHashes& p, std::size_t max_deletions, F&& f) {
    const std::size_t n = s.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && s[i] == s[i - 1]) continue;  // same deletion as the previous position
        f(KeyHash::mix(p.concat(0, i, i + 1, n)));
        if (max_deletions < 2) continue;
        for (std::size_t k = i + 1; k < n; ++k) {  // the second deletion, at k in s
            if (k > i + 1 && s[k] == s[k - 1]) continue;
            f(KeyHash::mix(p.concat(0, i, i + 1, k) * p.power(n - k - 1) + p.substring(k + 1, n)));
        }
    }
}

class KeyTable {
public:
    static std::uint64_t hash(std::string_view key) { return KeyHash::of(key); }

    // Builds from (hash, id) pairs; duplicates are dropped.
    void build(std::vector<std::pair<std::uint64_t, std::uint32_t>> entries) {
        // (key, id) packed in one word and radix-sorted: the deletion tables hold a million
        // entries or more, which a comparison sort takes a large share of the load time over.
        std::vector<std::uint64_t> packed(entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i) {
            packed[i] = std::uint64_t{key_of(entries[i].first)} << 32 | entries[i].second;
        }
        entries = {};  // freed before the table is laid out
        radix_sort(packed);
        packed.erase(std::unique(packed.begin(), packed.end()), packed.end());
        auto key_at = [&](std::size_t i) { return static_cast<std::uint32_t>(packed[i] >> 32); };
        auto id_at = [&](std::size_t i) { return static_cast<std::uint32_t>(packed[i]); };
        ids_.clear();
        std::size_t distinct = 0;
        for (std::size_t i = 0; i < packed.size(); ++i) {
            if (i == 0 || key_at(i) != key_at(i - 1)) ++distinct;
        }
        // At most two thirds full: linear probing stays within a cache line or two.
        std::size_t cap = 16;
        while (cap * 2 < distinct * 3) cap <<= 1;
        slots_.assign(cap, Slot{});
        mask_ = cap - 1;
        for (std::size_t i = 0; i < packed.size();) {
            std::size_t j = i;
            while (j < packed.size() && key_at(j) == key_at(i)) ++j;
            const std::uint32_t key = key_at(i);
            Slot s{key << 1, id_at(i)};
            if (j - i == 1) {
                s.tag |= 1U;  // the id itself
            } else {
                s.ref = static_cast<std::uint32_t>(ids_.size());
                ids_.push_back(static_cast<std::uint32_t>(j - i));
                for (std::size_t k = i; k < j; ++k) ids_.push_back(id_at(k));
            }
            std::size_t p = key & mask_;
            while (slots_[p].tag != 0) p = (p + 1) & mask_;
            slots_[p] = s;
            i = j;
        }
    }

    std::span<const std::uint32_t> find(std::uint64_t h) const {
        if (slots_.empty()) return {};
        const std::uint32_t key = key_of(h);
        for (std::size_t p = key & mask_;; p = (p + 1) & mask_) {
            const Slot& s = slots_[p];
            if (s.tag == 0) return {};
            if ((s.tag >> 1) == key) {
                if ((s.tag & 1U) != 0) return {&s.ref, 1};
                return {ids_.data() + s.ref + 1, ids_[s.ref]};
            }
        }
    }
    std::span<const std::uint32_t> find(std::string_view key) const { return find(hash(key)); }

    // Starts loading the slot a later find(h) reads first: issuing many before probing lets the
    // memory system fetch them together instead of one cache miss after another.
    void prefetch(std::uint64_t h) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[key_of(h) & mask_]);
    }

    std::size_t memory_bytes() const {
        return slots_.capacity() * sizeof(Slot) + ids_.capacity() * sizeof(std::uint32_t);
    }

private:
    // LSD radix sort, 16 bits a pass (the top pass sees 15: keys are 31 bits).
    static void radix_sort(std::vector<std::uint64_t>& v) {
        std::vector<std::uint64_t> tmp(v.size());
        std::vector<std::size_t> count(1U << 16);
        for (unsigned shift = 0; shift < 64; shift += 16) {
            std::fill(count.begin(), count.end(), 0);
            for (const std::uint64_t x : v) ++count[(x >> shift) & 0xFFFFU];
            std::size_t sum = 0;
            for (std::size_t& c : count) {
                const std::size_t n = c;
                c = sum;
                sum += n;
            }
            for (const std::uint64_t x : v) tmp[count[(x >> shift) & 0xFFFFU]++] = x;
            v.swap(tmp);
        }
    }

    // The 31 bits of a hash the table keeps, never 0 (a tag of 0 marks an empty slot).
    static std::uint32_t key_of(std::uint64_t h) {
        const auto k = static_cast<std::uint32_t>((h ^ (h >> 32)) & 0x7FFFFFFFU);
        return k == 0 ? 1U : k;
    }

    struct Slot {
        std::uint32_t tag = 0;  // key << 1 | 1 when ref is the only id; 0: empty slot
        std::uint32_t ref = 0;  // the id, or the position in ids_ of the count before the ids
    };
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> ids_;
    std::size_t mask_ = 0;
};

}  // namespace cordon
