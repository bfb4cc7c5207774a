// KeyTable: a read-only multimap from string keys to vocabulary ids, stored flat for one cache
// miss per lookup. Keys are kept only as 64-bit hashes: a lookup may return ids of another key
// with the same hash, so callers verify what they get (the index always does: by comparing the
// text, or by computing the edit distance it needs anyway).
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
        std::sort(entries.begin(), entries.end());
        entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
        ids_.clear();
        ids_.reserve(entries.size());
        std::size_t distinct = 0;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (i == 0 || entries[i].first != entries[i - 1].first) ++distinct;
        }
        std::size_t cap = 16;
        while (cap < distinct * 2) cap <<= 1;
        slots_.assign(cap, Slot{});
        mask_ = cap - 1;
        for (std::size_t i = 0; i < entries.size();) {
            std::size_t j = i;
            while (j < entries.size() && entries[j].first == entries[i].first) ++j;
            Slot s{entries[i].first, static_cast<std::uint32_t>(ids_.size()), static_cast<std::uint32_t>(j - i)};
            for (std::size_t k = i; k < j; ++k) ids_.push_back(entries[k].second);
            std::size_t p = s.hash & mask_;
            while (slots_[p].count != 0) p = (p + 1) & mask_;
            slots_[p] = s;
            i = j;
        }
    }

    std::span<const std::uint32_t> find(std::uint64_t h) const {
        if (slots_.empty()) return {};
        for (std::size_t p = h & mask_;; p = (p + 1) & mask_) {
            const Slot& s = slots_[p];
            if (s.count == 0) return {};
            if (s.hash == h) return {ids_.data() + s.begin, s.count};
        }
    }
    std::span<const std::uint32_t> find(std::string_view key) const { return find(hash(key)); }

    // Starts loading the slot a later find(h) reads first: issuing many before probing lets the
    // memory system fetch them together instead of one cache miss after another.
    void prefetch(std::uint64_t h) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask_]);
    }

    std::size_t memory_bytes() const {
        return slots_.capacity() * sizeof(Slot) + ids_.capacity() * sizeof(std::uint32_t);
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t begin = 0;
        std::uint32_t count = 0;  // 0: empty slot
    };
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> ids_;
    std::size_t mask_ = 0;
};

}  // namespace cordon
