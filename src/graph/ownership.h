// Ownership: OFAC's 50 percent rule over an ownership structure a user submits.
//
// A bank onboarding a company sends the structure around it as FollowTheMoney entities: the
// parties (Person, Company, ...) and Ownership records (owner, asset, percentage). Each party is
// screened; the listed ones are blocked, and so is any entity that blocked parties own, directly or
// through other blocked entities, 50 % or more of in aggregate (OFAC's guidance of 2014: shares
// held through an entity count only when that entity is itself blocked). The answer names, for
// each party, the shares that add up and the chain of owners behind each.
//
//   auto structure = parse_ownership(text, "structure.ftm.json");
//   OwnershipReport r = assess_ownership(*structure, screener, {});
//   for (const PartyVerdict& p : r.parties) if (p.status == OwnershipStatus::kBlocked) ...
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/entity.h"
#include "cordon/result.h"
#include "cordon/screener.h"

namespace cordon::graph {

struct OwnedParty {
    std::string id;  // the submitter's id
    Schema schema = Schema::kUnknown;
    std::vector<std::string> names;  // name, then alias / previousName
    std::optional<PartialDate> birth_date;
    std::string country;
    Location where;
};

struct OwnershipEdge {
    std::string id;
    std::string owner;  // party ids
    std::string asset;
    std::optional<double> percent;  // 0..100; nullopt when the record gives none
    Location where;
};

struct OwnershipStructure {
    std::vector<OwnedParty> parties;
    std::vector<OwnershipEdge> edges;
};

// Reads FollowTheMoney entities, one JSON object per line or one JSON array: parties of the
// schemata cordon screens, and Ownership records (owner, asset, percentage such as "51", "51%",
// "51.5 %"). Other schemata are skipped. Errors name the line and the field: malformed JSON, an
// Ownership without owner or asset, or naming a party that is not in the input, a percentage that
// is not a number from 0 to 100, a repeated id.
Result<OwnershipStructure> parse_ownership(std::string_view text, const std::string& source);
// The same from a parsed JSON array (the body of POST /v1/ownership); errors name "[i]" and the field.
Result<OwnershipStructure> parse_ownership_entities(const nlohmann::json& entities, const std::string& source);

enum class OwnershipStatus {
    kListed,        // the party itself matches a listed entity
    kBlocked,       // blocked by extension: blocked owners hold 50 % or more
    kUndetermined,  // shares not given (or beyond 100 %) decide it: it may be 50 % or more
    kClear,
};
std::string_view ownership_status_name(OwnershipStatus s);  // "listed", "blocked", ...

// A share in a party held by a blocked owner.
struct Holding {
    std::string owner;               // party id
    std::optional<double> percent;   // nullopt: not given
    OwnershipStatus owner_status = OwnershipStatus::kClear;
};

struct PartyVerdict {
    std::string id;
    std::string name;  // its first name
    OwnershipStatus status = OwnershipStatus::kClear;
    std::optional<Match> listing;     // the best listed match, for a listed party
    double blocked_share = 0;         // percent held by blocked owners, known shares only
    std::vector<Holding> held_by;     // the blocked owners' holdings, largest first
    // From a listed party down to this one, each step "owner -(pct)-> asset", for every chain of
    // blocked owners that contributes; empty unless blocked or undetermined.
    std::vector<std::vector<std::string>> paths;
    std::vector<std::string> notes;  // missing percentages, sums over 100 %, cycles, why undetermined
};

struct OwnershipReport {
    std::vector<PartyVerdict> parties;  // in input order
    std::vector<std::string> warnings;  // about the structure as a whole
    const PartyVerdict* find(std::string_view id) const;
};

struct OwnershipOptions {
    double threshold = kDefaultThreshold;  // a party is listed when its best match scores this
    double blocking_share = 50;            // OFAC's 50 %
};

OwnershipReport assess_ownership(const OwnershipStructure& structure, const Screener& screener,
                                 const OwnershipOptions& options);

// {"parties": [{"id", "name", "status", "blocked_share", "listing": {"entity_id", "name", "score",
// "source", "programs"} | null, "held_by": [{"owner", "percent" | null, "owner_status"}],
// "paths": [[step, ...]], "notes": [...]}], "warnings": [...]}
nlohmann::json ownership_json(const OwnershipReport& report);

}  // namespace cordon::graph
