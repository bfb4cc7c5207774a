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
#include <functional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace cordon {

class KeyTable {
public:
    static std::uint64_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

    // Builds from (hash, id) pairs; duplicates are dropped.
    void build(std::vector<std::pair<std::uint64_t, std::uint32_t>> entries) {
        for (auto& e : entries) e.first = key_of(e.first);
        std::sort(entries.begin(), entries.end());
        entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
        ids_.clear();
        std::size_t distinct = 0;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (i == 0 || entries[i].first != entries[i - 1].first) ++distinct;
        }
        // At most two thirds full: linear probing stays within a cache line or two.
        std::size_t cap = 16;
        while (cap * 2 < distinct * 3) cap <<= 1;
        slots_.assign(cap, Slot{});
        mask_ = cap - 1;
        for (std::size_t i = 0; i < entries.size();) {
            std::size_t j = i;
            while (j < entries.size() && entries[j].first == entries[i].first) ++j;
            const auto key = static_cast<std::uint32_t>(entries[i].first);
            Slot s{key << 1, entries[i].second};
            if (j - i == 1) {
                s.tag |= 1U;  // the id itself
            } else {
                s.ref = static_cast<std::uint32_t>(ids_.size());
                ids_.push_back(static_cast<std::uint32_t>(j - i));
                for (std::size_t k = i; k < j; ++k) ids_.push_back(entries[k].second);
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
