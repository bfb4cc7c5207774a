// Name scoring: how well a query name matches one listed name, with an explanation.
//
// Both names arrive as tokens (from Normalizer::tokenize) with a weight each: the token's rarity
// across all listed names (see NameIndex), so that common tokens ("kim", "bank", "company") add
// little and a missing rare token costs much. The score is a weighted, order-independent
// soft-Dice over the best one-to-one pairing of tokens:
//
//   score = sum over pairs of sim * 2 * w_query  /  (W_query + W_paired + alpha * W_listed_unpaired)
//
// where alpha < 1 for persons (a query may leave out a middle name) and 1 otherwise. Pairs are
// found greedily, best similarity first; two adjacent tokens on one side may pair with one token
// on the other (Sang Man ~ Sangman). Per-token similarity is exact, romanisation variant,
// initial, fuzzy (Jaro-Winkler / Damerau-Levenshtein) or phonetic, whichever is highest.
//
//   std::vector<ScoredToken> q = ..., c = ...;
//   NameScore s = score_names(q, c, NameScoreOptions{.person = true, .explain = true});
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/normalize.h"

namespace cordon {

enum class MatchMethod : std::uint8_t {
    kNone,
    kExact,     // same normalised token (also after transliteration from another script)
    kVariant,   // same romanisation-variant key (Chinyong ~ Jinyong, Kim ~ Gim)
    kInitial,   // an initial against a full token (S ~ Sang)
    kFuzzy,     // Jaro-Winkler / Damerau-Levenshtein above the token floor
    kPhonetic,  // same phonetic key
    kJoined,    // two adjacent tokens against one (Sang Man ~ Sangman)
    kTranslation,  // an Arabic-script word and its English translation (glossary.h: jma ~ group)
};
std::string_view match_method_name(MatchMethod m);

struct AbjadSkeletons;

// A token as the scorer sees it: views into storage owned by the caller (index or query).
struct ScoredToken {
    std::string_view text;
    std::string_view variant;
    std::string_view phonetic;
    TokenRole role = TokenRole::kName;
    float weight = 1.0F;
    std::uint32_t id = UINT32_MAX;  // vocabulary id when known; equal ids mean equal text
    bool abjad = false;             // a consonant skeleton from Arabic or Hebrew script
    // For a joined query token: the query tokens it stands for (first, and how many).
    std::uint8_t first = 0;
    std::uint8_t count = 1;
    // For a joined abjad token: whether its outer words each add two consonants or more to its
    // skeleton (or are the article), without which the skeleton is mostly one word's (محسن اعوان
    // mhsn + awan ~ Muhsin) and agrees with no Latin token.
    bool skeleton_joinable = true;
    // For an abjad token of the index: its skeleton readings (abjad_skeletons), worked out once at
    // build; null elsewhere, and they are worked out when needed.
    const AbjadSkeletons* readings = nullptr;
};

// What one query token can pair with: a listed vocabulary token, its similarity and how. The
// index computes these once per query (NameIndex::prepare), so scoring a candidate name is lookups.
struct TokenReach {
    std::uint32_t id = 0;  // vocabulary id
    float sim = 0;
    MatchMethod method = MatchMethod::kNone;
};
struct QueryReach;

// Which query tokens reach a vocabulary id: one lookup per listed token instead of a search of
// every query token's reach list, most of which do not hold it. Built once per query.
//
//   ReachSet set;  set.build(reach);
//   ReachSet::Masks m = set.find(id);  // bit i of m.tokens: reach.tokens[i] holds id
class ReachSet {
public:
    struct Masks {
        std::uint32_t tokens = 0;  // bit i: reach.tokens[i] holds the id (i < 32)
        std::uint32_t joined = 0;  // bit i: reach.joined[i] holds it
    };
    void build(const QueryReach& reach);
    Masks find(std::uint32_t id) const {
        if (slots_.empty()) return {};
        for (std::uint32_t p = slot_of(id);; p = (p + 1) & mask_) {
            const Slot& s = slots_[p];
            if (s.id == id) return s.masks;
            if (s.id == kEmpty) return {};
        }
    }

private:
    static constexpr std::uint32_t kEmpty = UINT32_MAX;
    std::uint32_t slot_of(std::uint32_t id) const { return (id * 0x9E3779B1U) >> shift_ & mask_; }
    struct Slot {
        std::uint32_t id = kEmpty;
        Masks masks;
    };
    std::vector<Slot> slots_;
    std::uint32_t mask_ = 0;
    std::uint32_t shift_ = 0;
};

// Per query token (and per joined neighbour pair), the reach lists, each sorted by id.
struct QueryReach {
    std::span<const std::vector<TokenReach>> tokens;
    std::span<const std::vector<TokenReach>> joined;
    const ReachSet* set = nullptr;  // when given, built from the two above
};

struct TokenPairing {
    std::string query;   // query token(s), space-joined when several were joined
    std::string listed;  // listed token(s)
    MatchMethod method = MatchMethod::kNone;
    double similarity = 0;
    double weight = 0;  // the query-side weight this pair carries
};

struct NameScore {
    double score = 0;
    // Filled only when NameScoreOptions::explain is set.
    std::vector<TokenPairing> pairs;
    std::vector<std::string> unmatched_query;
    std::vector<std::string> unmatched_listed;
};

struct NameScoreOptions {
    bool person = false;  // both sides are person names: initials count, unpaired listed tokens cost less
    bool explain = false;
};

// Similarity of two single tokens in [0,1] and how it was reached. Tokens under the fuzzy floor
// score 0. A `joined` query token (neighbours written together) is held to firmer evidence: one
// edit at most, and no phonetic key within one script (the keys of long joined strings agree by
// chance: Bourgeois Sasu ~ Barakzai); a consonant skeleton across scripts still counts.
double token_similarity(const ScoredToken& q, const ScoredToken& c, bool allow_initials,
                        MatchMethod* how, bool joined = false);

// `joined`, when given, holds neighbouring query tokens written together as one token (with its
// own variant and phonetic keys): first each pair, joined[i] = query[i] and query[i + 1], so that
// "Sang Man" can pair with "Sangman"; then the runs of three an Arabic article holds together
// (نصير الدين, Nasir al Din ~ Nasiruddin); see join_tokens(). They are compared like any
// token, held to a joined token's firmer evidence. A listed pair joins only exactly ("Sangman"
// ~ "Sang Man").
// `reach`, when given, replaces the token comparisons for listed tokens with a vocabulary id: a
// pair not in the query token's reach list does not match (initials aside).
NameScore score_names(std::span<const ScoredToken> query, std::span<const ScoredToken> listed,
                      const NameScoreOptions& options, std::span<const ScoredToken> joined = {},
                      const QueryReach* reach = nullptr);

// Fills `storage` with the neighbouring tokens written together that score_names() compares (each
// pair, then each abjad X al Y), and `joined` with their views. `storage` must outlive `joined`'s
// use.
void join_tokens(std::span<const ScoredToken> tokens, std::vector<Token>& storage,
                 std::vector<ScoredToken>& joined);

// Similarity of an initial and a token with that initial.
inline constexpr double kInitialSim = 0.80;

// The least share of its weight an unpaired listed token costs (persons; others cost all of it).
inline constexpr double kPersonUnpairedListed = 0.5;
// What an unpaired listed token costs when the names are not scored as persons: all its weight.
inline constexpr double kOtherUnpairedListed = 1.0;

// How many edits (Damerau-Levenshtein) a fuzzy token match may have, by the shorter token's
// length: none up to 3 letters, 1 up to 7, 2 beyond (as search engines' "auto" fuzziness).
std::size_t max_token_edits(std::size_t length);

// The scorer compares the first this many tokens of each side (no listed name comes close).
inline constexpr std::size_t kMaxScoredTokens = 24;
// A token, or two written together, meets two listed words written together one edit off
// (Alijaburi ~ Al-Jaburi) only when both sides have this many letters.
inline constexpr std::size_t kMinFuzzyJoin = 6;

// Whether two tokens sound alike: equal phonetic keys of three or more with the same first letter,
// or, when one side is an abjad skeleton and the other Latin, a consonant skeleton of the abjad
// token equal to that of the Latin one (عمر ~ Omar, محمد ~ Mohammed). The index finds the
// first kind by the phonetic key and the second by the skeletons below.
bool phonetic_agrees(const ScoredToken& a, const ScoredToken& b);

// A consonant skeleton (see phonetic_agrees): at most 32 letters, doubled letters written once.
struct Skeleton {
    char c[32] = {};
    std::uint8_t n = 0;
    std::string_view view() const { return {c, n}; }
};
// The skeleton of a Latin token of three letters or more (false for shorter ones).
bool latin_skeleton(std::string_view text, Skeleton& out);
// The skeleton of two Latin tokens written together, as an abjad word the list writes apart
// (خدايرحيم ~ Khudai Rahim): each token's skeleton, of two consonants or more, the second's first
// letter dropped when it repeats the first's last; four consonants or more in all. False otherwise.
bool joined_latin_skeleton(std::string_view a, std::string_view b, Skeleton& out);
// The skeleton with the long vowels kept, for words whose consonants are too few to tell them
// apart: waw and yeh inside an abjad word stay, and in a Latin spelling u/o after the first letter
// read as w and i/e as y (ayyub -> ywb as ایوب aywb; Maychou -> mySw as ما يشو ma yshw).
void matres_skeleton(std::string_view text, bool abjad, Skeleton& out);
// Whether an abjad token and a Latin one agree that way: the same consonant skeleton, too short
// for the consonants alone (fewer than two letters, or four for a joined token), and the same
// skeleton with long vowels of two letters or more (four for a joined token).
bool matres_agrees(std::string_view abjad, std::string_view latin, bool joined);
// The same for an abjad token against two Latin tokens the list writes apart (أبوغيث ~ Abo
// Ghaith), each token with long vowels of two letters or more, four or more in all.
bool joined_matres_agrees(std::string_view abjad, std::string_view a, std::string_view b);
// The readings of an abjad token's skeleton a Latin spelling may agree with: as written, less a
// final ta marbuta or he, with the article's l assimilated to a following sun letter, with s/d/t/k/g
// + h as two letters, and with tha as s.
struct AbjadSkeletons {
    std::array<Skeleton, 12> readings;
    std::size_t count = 0;
};
void abjad_skeletons(std::string_view text, AbjadSkeletons& out);
// A short abjad word (2 to 4 letters) with its long vowels read as vowels: waw as u, yeh as i after
// the first letter (abw -> abu). Returns the length written to `out`, 0 for other words. The
// scorer accepts a Latin token equal to it (a skeleton of one consonant says too little).
inline constexpr std::size_t kMaxVocalized = 4;
std::size_t vocalize(std::string_view abjad, char (&out)[kMaxVocalized]);

// The largest share of the query's weight a listed name must pair for its score to reach
// `min_score` (used by the index to prune candidates): from score <= 2M / (W + M).
double min_paired_weight_share(double min_score);

}  // namespace cordon
