#include "relations.h"

namespace cordon::graph {

namespace {

std::string key(std::uint32_t list, std::string_view name) { return std::to_string(list) + '|' + fold_listed_name(name); }

}  // namespace

RelationIndex::RelationIndex(const Snapshot& snapshot) : snapshot_(snapshot) {
    for (std::uint32_t i = 0; i < snapshot.entity_count(); ++i) {
        const Entity& e = snapshot.entity(i);
        for (const Name& n : e.names) {
            if (n.kind == NameKind::kWeakAlias) continue;
            auto& ids = by_name_[key(snapshot.list_index(i), n.full)];
            if (ids.empty() || ids.back() != i) ids.push_back(i);
        }
    }
    for (std::uint32_t i = 0; i < snapshot.entity_count(); ++i) {
        const Entity& e = snapshot.entity(i);
        for (std::uint32_t r = 0; r < e.relations.size(); ++r) {
            if (const Entity* target = resolve(e, e.relations[r])) {
                const std::uint32_t t = snapshot.ordinal_of(*target);
                if (t != i) incoming_[t].emplace_back(i, r);
            }
        }
    }
}

const Entity* RelationIndex::resolve(const Entity& from, const Relation& r) const {
    if (!r.target_id.empty()) {
        if (const Entity* e = snapshot_.find(r.target_id)) return e;
        // FtM ids are kept as given; listings of the same source carry its prefix.
        if (const Entity* e = snapshot_.find(from.source + ":" + r.target_id)) return e;
    }
    if (r.target_name.empty()) return nullptr;
    const std::uint32_t list = snapshot_.list_index(snapshot_.ordinal_of(from));
    auto it = by_name_.find(key(list, r.target_name));
    // A name two listings share says nothing about which one is meant.
    if (it == by_name_.end() || it->second.size() != 1) return nullptr;
    return &snapshot_.entity(it->second.front());
}

std::vector<Neighbour> RelationIndex::neighbours(const Entity& e) const {
    std::vector<Neighbour> out;
    for (const Relation& r : e.relations) {
        Neighbour n;
        n.entity = resolve(e, r);
        n.name = !r.target_name.empty() ? r.target_name
                 : n.entity && n.entity->primary_name() ? n.entity->primary_name()->full
                                                         : r.target_id;
        n.kind = r.kind;
        n.outgoing = true;
        n.detail = r.detail;
        n.where = r.where;
        out.push_back(std::move(n));
    }
    if (auto it = incoming_.find(snapshot_.ordinal_of(e)); it != incoming_.end()) {
        for (const auto& [from, index] : it->second) {
            const Entity& other = snapshot_.entity(from);
            const Relation& r = other.relations[index];
            // The same link listed on both ends (FtM writes it on both) is shown once, as outgoing.
            bool seen = false;
            for (const Neighbour& n : out) seen = seen || (n.entity == &other && n.kind == r.kind);
            if (seen) continue;
            Neighbour n;
            n.entity = &other;
            n.name = other.primary_name() ? other.primary_name()->full : other.id;
            n.kind = r.kind;
            n.outgoing = false;
            n.detail = r.detail;
            n.where = r.where;
            out.push_back(std::move(n));
        }
    }
    return out;
}

void attach_links(Match& match, const RelationIndex& relations, std::size_t max) {
    match.linked.clear();
    for (const Neighbour& n : relations.neighbours(*match.entity)) {
        if (n.entity == nullptr || n.entity == match.entity) continue;
        if (match.linked.size() >= max) break;
        match.linked.push_back({n.entity, n.kind, n.outgoing});
    }
}

void attach_links(std::vector<Match>& matches, const RelationIndex& relations, std::size_t max) {
    for (Match& m : matches) attach_links(m, relations, max);
}

nlohmann::json neighbours_json(const std::vector<Neighbour>& neighbours) {
    nlohmann::json out = nlohmann::json::array();
    for (const Neighbour& n : neighbours) {
        out.push_back({{"entity_id", n.entity ? nlohmann::json(n.entity->id) : nlohmann::json(nullptr)},
                       {"name", n.name},
                       {"kind", n.kind},
                       {"direction", n.outgoing ? "out" : "in"},
                       {"detail", n.detail},
                       {"source", {{"file", n.where.file}, {"line", n.where.line}, {"path", n.where.path},
                                   {"field", n.where.field}}}});
    }
    return out;
}

}  // namespace cordon::graph
