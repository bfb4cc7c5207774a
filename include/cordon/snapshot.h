// Snapshot: an immutable set of loaded lists, shared by every query running against it.
//
// Built once (from files, by the ingest layer) and then only read; a reload builds a new Snapshot
// and swaps the shared_ptr, so queries in flight finish on the old one.
//
//   auto snap = std::make_shared<const Snapshot>(std::move(lists));
//   if (const Entity* e = snap->find("ofac-sdn:43377")) print(*e);
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cordon/entity.h"

namespace cordon {

class Snapshot {
public:
    Snapshot() = default;
    explicit Snapshot(std::vector<SourceList> lists);

    const std::vector<SourceList>& lists() const { return lists_; }
    std::size_t entity_count() const { return entities_.size(); }
    // All entities of all lists, in list order; the position is the entity's ordinal.
    const Entity& entity(std::uint32_t ordinal) const { return *entities_[ordinal]; }
    const SourceList& list_of(std::uint32_t ordinal) const { return lists_[list_of_[ordinal]]; }
    // Position in lists() of the list the entity comes from.
    std::uint32_t list_index(std::uint32_t ordinal) const { return list_of_[ordinal]; }
    const Entity* find(std::string_view id) const;
    std::uint32_t ordinal_of(const Entity& e) const;

private:
    std::vector<SourceList> lists_;
    std::vector<const Entity*> entities_;
    std::vector<std::uint32_t> list_of_;
    std::unordered_map<std::string_view, std::uint32_t> by_id_;
};

}  // namespace cordon
