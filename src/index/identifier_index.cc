#include "cordon/identifier_index.h"

namespace cordon {

std::string IdentifierIndex::slot(IdType type, std::string_view key) {
    std::string s;
    s.reserve(key.size() + 1);
    s += static_cast<char>('A' + static_cast<int>(type));
    s += key;
    return s;
}

IdentifierIndex IdentifierIndex::build(const Snapshot& snapshot) {
    IdentifierIndex index;
    for (std::uint32_t e = 0; e < snapshot.entity_count(); ++e) {
        const Entity& entity = snapshot.entity(e);
        for (std::uint32_t i = 0; i < entity.identifiers.size(); ++i) {
            const Identifier& id = entity.identifiers[i];
            IdKey k = identifier_key(id.type, id.value);
            if (k.key.empty()) continue;
            auto& postings = index.map_[slot(id.type, k.key)];
            // One posting per entity and key: a listing may repeat an address under two assets.
            if (!postings.empty() && postings.back().entity == e) continue;
            postings.push_back({e, i});
            ++index.postings_;
        }
    }
    return index;
}

std::span<const IdentifierPosting> IdentifierIndex::find(IdType type, std::string_view key) const {
    if (key.empty()) return {};
    auto it = map_.find(slot(type, key));
    if (it == map_.end()) return {};
    return it->second;
}

}  // namespace cordon
