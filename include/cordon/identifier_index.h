// IdentifierIndex: exact lookup of typed identifiers (wallets, passports, IMO numbers, SWIFT/BIC...)
// over a Snapshot, by their normalised keys (cordon/identifier.h).
//
//   IdentifierIndex ids = IdentifierIndex::build(snapshot);
//   for (const IdentifierPosting& p : ids.find(IdType::kCryptoAddress, identifier_key(...).key))
//       snapshot.entity(p.entity).identifiers[p.identifier];
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cordon/entity.h"
#include "cordon/identifier.h"
#include "cordon/snapshot.h"

namespace cordon {

struct IdentifierPosting {
    std::uint32_t entity = 0;      // Snapshot ordinal
    std::uint32_t identifier = 0;  // position in Entity::identifiers
};

class IdentifierIndex {
public:
    static IdentifierIndex build(const Snapshot& snapshot);

    // The listed identifiers of `type` whose key is `key`, in snapshot order.
    std::span<const IdentifierPosting> find(IdType type, std::string_view key) const;
    std::size_t size() const { return postings_; }

private:
    static std::string slot(IdType type, std::string_view key);
    std::unordered_map<std::string, std::vector<IdentifierPosting>> map_;
    std::size_t postings_ = 0;
};

}  // namespace cordon
