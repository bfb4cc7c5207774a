#include "cordon/snapshot.h"

namespace cordon {

Snapshot::Snapshot(std::vector<SourceList> lists) : lists_(std::move(lists)) {
    for (std::uint32_t li = 0; li < lists_.size(); ++li) {
        for (const Entity& e : lists_[li].entities) {
            auto ordinal = static_cast<std::uint32_t>(entities_.size());
            entities_.push_back(&e);
            list_of_.push_back(li);
            by_id_.emplace(e.id, ordinal);  // first wins on duplicate ids
        }
    }
}

const Entity* Snapshot::find(std::string_view id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : entities_[it->second];
}

std::uint32_t Snapshot::ordinal_of(const Entity& e) const {
    auto it = by_id_.find(e.id);
    return it == by_id_.end() ? UINT32_MAX : it->second;
}

}  // namespace cordon
