// The relations between listed parties, both ways: what a listing says it is linked to (OFAC
// "Linked To:", FtM Ownership, Directorship, Family, Associate, UnknownLink, Membership, ...), and
// which listings point at it. A link by id (FtM) resolves directly; a link by name (OFAC gives
// only the name) resolves to the listed party of the same list whose name is written the same,
// case and spacing aside.
//
//   RelationIndex relations(snapshot);
//   for (const Neighbour& n : relations.neighbours(*snapshot.find("ofac-sdn:43379"))) ...
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "cordon/screener.h"
#include "cordon/snapshot.h"

namespace cordon::graph {

struct Neighbour {
    const Entity* entity = nullptr;  // the listed party at the other end; null when not resolved
    std::string name;                // as the relation gives it (or the entity's primary name)
    std::string kind;                // "linked_to", "ownership", "family", ...
    bool outgoing = true;            // the relation is on this entity's listing (else on the other's)
    std::string detail;              // role, percentage, as published
    Location where;                  // where the relation was read
};

class RelationIndex {
public:
    explicit RelationIndex(const Snapshot& snapshot);

    // Every relation of `e`, its own first, then those of the listings that point at it; each
    // other party once per relation.
    std::vector<Neighbour> neighbours(const Entity& e) const;

    // The listed party a relation names, or null.
    const Entity* resolve(const Entity& from, const Relation& r) const;

private:
    const Snapshot& snapshot_;
    // (list index, folded name) -> ordinals with that name
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_name_;
    // ordinal -> (ordinal pointing at it, index of the relation)
    std::unordered_map<std::uint32_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>> incoming_;
};

// Fills each match's `linked` with the listed parties it is linked to (resolved ones only, its own
// links first), at most `max` per match.
void attach_links(Match& match, const RelationIndex& relations, std::size_t max = 20);
void attach_links(std::vector<Match>& matches, const RelationIndex& relations, std::size_t max = 20);

// [{"entity_id": id | null, "name", "kind", "direction": "out" | "in", "detail",
//   "source": {"file", "line", "path", "field"}}]
nlohmann::json neighbours_json(const std::vector<Neighbour>& neighbours);

}  // namespace cordon::graph
