// Screener: the screening use case. Answers "does this party touch a listed one?" for one query
// or a batch, against an immutable Snapshot and its NameIndex, with an explanation per match.
//
//   auto lists = load_data_dir("data", {});
//   Screener screener(std::make_shared<const Snapshot>(std::move(*lists)));
//   Query q;  q.name = "Kim Sang-man";  q.birth_date = parse_partial_date("1965");
//   for (const Match& m : screener.screen(q, {})) std::cout << m.entity->id << " " << m.score;
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cordon/entity.h"
#include "cordon/identifier.h"
#include "cordon/identifier_index.h"
#include "cordon/matcher.h"
#include "cordon/name_index.h"
#include "cordon/normalize.h"
#include "cordon/snapshot.h"

namespace cordon {

// The default score at or above which a listed party is reported (see docs/matching.md and the
// threshold sweep in eval/results/latest.md).
inline constexpr double kDefaultThreshold = 0.80;
// Added to a name match when the query's passport or national id differs from every one of that
// type on the listing (issuing countries the same or unknown).
inline constexpr double kIdentifierDiffers = -0.15;

struct Query {
    std::string id;  // caller's reference, echoed in batch output
    std::string name;
    std::optional<Schema> schema;
    std::optional<PartialDate> birth_date;
    std::string country;  // a name or ISO code: nationality, residence or registration
    // Typed identifiers (type, value, and country for documents): wallets, passports, IMO numbers...
    // A query may hold identifiers only, with an empty name.
    std::vector<Identifier> identifiers;
};

// A query identifier that met a listed one (by its normalised key, cordon/identifier.h).
struct IdentifierEvidence {
    IdType type = IdType::kOther;
    std::string query;    // the query's value, as given
    std::string listed;   // the listed value, as published
    std::string how;      // "exact" (same text) or "normalised" (same key)
    IdCheck check = IdCheck::kNone;  // what the query's value passed ("eip55", "base58check", "invalid"...)
    std::string asset;    // the listed digital currency code (XBT, ETH...), for wallets
    std::string country;  // the listed issuing country, for documents
};

// The query's identifiers that fail their format's check, one line each ("crypto 0x5AAeb...:
// EIP-55 checksum fails ..."); screening still looks them up by their exact key.
std::vector<std::string> identifier_warnings(const Query& query);

// One thing, beside the name, that moved the score.
struct Factor {
    std::string name;  // "schema", "birth_date", "country", "weak_alias"
    double delta = 0;  // added to the score (negative: taken away)
    std::string detail;
};

struct Explanation {
    NameScore name;  // token pairings: which query token met which listed token, and how
    std::vector<Factor> factors;
    std::vector<IdentifierEvidence> identifiers;  // identifier hits: each makes the score 1.0
};

// A listed party linked to a match's entity (graph::attach_links fills them).
struct Link {
    const Entity* entity = nullptr;
    std::string kind;      // "linked_to", "ownership", ...
    bool outgoing = true;  // the link is on the match's listing (else on the other's)
};

struct Match {
    const Entity* entity = nullptr;
    std::uint32_t ordinal = 0;      // Snapshot ordinal
    std::uint32_t name_index = 0;   // which of entity->names matched best
    double score = 0;
    Explanation explanation;
    std::vector<Link> linked;  // empty unless the caller attached them
};

struct ScreenOptions {
    double threshold = kDefaultThreshold;
    std::size_t limit = 10;
    bool explain = true;
    // Which lists to screen against, by position in Snapshot::lists(): nonzero for those to
    // screen; empty for every list.
    std::vector<std::uint8_t> lists;
};

class Screener {
public:
    explicit Screener(std::shared_ptr<const Snapshot> snapshot,
                      std::shared_ptr<const Normalizer> normalizer = nullptr);

    // Best first; only matches at or above options.threshold. An identifier hit scores 1.0; a
    // name match whose listing holds a different passport or national id loses kIdentifierDiffers.
    std::vector<Match> screen(const Query& query, const ScreenOptions& options) const;
    // The same answer by scoring every listed name, without the index or its token lookups (for
    // tests and audits).
    std::vector<Match> screen_exhaustive(const Query& query, const ScreenOptions& options) const;

    // Screens queries on `threads` threads (0: all cores); results in input order. `progress`,
    // when set, is called now and then with the number of queries done.
    std::vector<std::vector<Match>> screen_batch(const std::vector<Query>& queries,
                                                 const ScreenOptions& options, unsigned threads,
                                                 const std::function<void(std::size_t)>& progress = {}) const;

    // Score and explanation of two names, weighted by the loaded lists' token rarities.
    NameScore compare(std::string_view a, std::string_view b, std::optional<Schema> schema) const;

    const Snapshot& snapshot() const { return *snapshot_; }
    const NameIndex& index() const { return index_; }
    const IdentifierIndex& identifier_index() const { return ids_; }
    const Normalizer& normalizer() const { return *normalizer_; }

private:
    // Scores `names`; with `use_reach` through the query's reach lists (the index's lookups),
    // else by comparing every token pair afresh (the exhaustive scan checks the lookups too).
    std::vector<Match> finish(const Query& query, const PreparedQuery& prepared,
                              const std::vector<std::uint32_t>& names, const ScreenOptions& options,
                              bool use_reach = true) const;

    // screen() (or, `exhaustive`, screen_exhaustive()) for a query with identifiers: name matches,
    // then identifier hits (score 1.0).
    std::vector<Match> screen_with_identifiers(const Query& query, const ScreenOptions& options,
                                               bool exhaustive = false) const;

    std::shared_ptr<const Snapshot> snapshot_;
    std::shared_ptr<const Normalizer> normalizer_;
    NameIndex index_;
    IdentifierIndex ids_;
};

}  // namespace cordon
