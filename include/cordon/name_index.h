// NameIndex: every name of every entity in a Snapshot, tokenised and weighted, with an inverted
// index that finds the few listed names a query can match without scanning them all.
//
// Token weights are inverse document frequencies over all listed names, scaled down for legal
// forms and stopwords, so "kim", "bank" or "company" carry little and a rare token carries much.
//
// Candidate generation is a prefilter in the manner of RE2's FilteredRE2: each query token is
// looked up by its exact text, its romanisation-variant key, its phonetic key, its one-edit
// neighbours (deletion neighbourhood) and as the join or split of neighbouring tokens. The
// scorer's bound (see min_paired_weight_share) says how much of the query's weight a name must
// pair to reach a score; the query's tokens are taken rarest first until the rest could not reach
// it, and only names that share a key with one of those are candidates. Names with none cannot
// reach the score through the lookups above; the index test checks this against a full scan.
//
//   NameIndex index = NameIndex::build(snapshot, normalizer);
//   PreparedQuery q;  index.prepare("Kim Sang-man", q);
//   std::vector<std::uint32_t> names;  index.candidates(q, 0.80, names);
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cordon/entity.h"
#include "cordon/matcher.h"
#include "cordon/normalize.h"
#include "cordon/snapshot.h"
#include "cordon/key_table.h"

namespace cordon {

// One listed name, as the index keeps it.
struct ListedName {
    std::uint32_t entity = 0;  // Snapshot ordinal
    std::uint32_t name = 0;    // position in Entity::names
    std::uint32_t first_token = 0;
    std::uint16_t token_count = 0;
    NameKind kind = NameKind::kPrimary;
    Schema schema = Schema::kUnknown;
    std::uint8_t max_repeat = 1;  // how often its most repeated token occurs in it
    std::uint8_t initials = 0;    // its one-letter tokens
    float weight = 0;             // the sum of its tokens' weights, initials left out
    float heaviest = 0;           // the weight of its heaviest token, initials left out
};

// A query name, tokenised and weighted against the index's vocabulary.
struct PreparedQuery {
    std::vector<Token> raw;
    std::vector<ScoredToken> tokens;  // views into `raw`
    std::vector<Token> joined_raw;
    std::vector<ScoredToken> joined;  // joined[i]: tokens i and i + 1 written together
    // What each token / joined pair can pair with in the vocabulary (see QueryReach), and the
    // vocabulary ids through which a token written as two listed tokens is found.
    std::vector<std::vector<TokenReach>> reach;
    std::vector<std::vector<TokenReach>> reach_joined;
    struct Split {
        std::vector<std::uint32_t> left, right;  // vocabulary ids (sorted) of the two halves
        bool article = false;                    // the halves stand around "al" (Abd Al Munhim)
    };
    std::vector<std::vector<Split>> split;
    // Per token, the names that hold the halves of one of its splits side by side (ids into
    // NameIndex::names(), as found; a name may repeat).
    std::vector<std::vector<std::uint32_t>> split_names;
    // Per joined pair, the names that hold it as two listed tokens split at another letter
    // (Alr-Awi ~ Al-Rawi; the scorer pairs them whole).
    std::vector<std::vector<std::uint32_t>> joined_split_names;

    ReachSet reach_set;  // built from reach and reach_joined

    QueryReach query_reach() const { return {reach, reach_joined, &reach_set}; }
};

class NameIndex {
public:
    static NameIndex build(const Snapshot& snapshot, const Normalizer& normalizer);

    void prepare(std::string_view name, PreparedQuery& out) const;
    // Names (ids into names()) that may score min_score or more against the query.
    void candidates(const PreparedQuery& query, double min_score, std::vector<std::uint32_t>& out) const;

    std::size_t name_count() const { return names_.size(); }
    const ListedName& name(std::uint32_t id) const { return names_[id]; }
    std::span<const ScoredToken> tokens_of(std::uint32_t id) const {
        const ListedName& n = names_[id];
        return {tokens_.data() + n.first_token, n.token_count};
    }
    std::size_t vocabulary_size() const { return vocab_.size(); }
    // Names that belong to one entity (ids into names()).
    std::span<const std::uint32_t> names_of_entity(std::uint32_t entity) const {
        return {entity_names_.data() + entity_first_[entity],
                entity_first_[entity + 1] - entity_first_[entity]};
    }
    // How a token stands in the lists: the weight of its listed form (by its text, else the lowest
    // weight among listed tokens with its romanisation variant), 0 when the lists use it only as a
    // legal form or stopword, and a negative value when no listed name uses it. Two hash lookups:
    // free-text scanning (scan.h) asks it of every word to choose the words that anchor a window.
    float listed_weight(std::string_view text, std::string_view variant) const;
    // Appends the names (ids into names()) that hold the token, by its text or its romanisation
    // variant; a name may repeat. For free-text scanning, which asks it of its rare anchor words.
    void names_with_token(std::string_view text, std::string_view variant, std::vector<std::uint32_t>& out) const;
    // Weight of a token the lists never use.
    float unknown_weight() const { return unknown_weight_; }

    NameIndex(NameIndex&&) noexcept = default;
    NameIndex& operator=(NameIndex&&) noexcept = default;
    NameIndex(const NameIndex&) = delete;
    NameIndex& operator=(const NameIndex&) = delete;

private:
    NameIndex() = default;

    struct Vocab {
        std::uint32_t text_off, text_len;
        std::uint32_t variant_off, variant_len;
        std::uint32_t phonetic_off, phonetic_len;
        TokenRole role;
        bool abjad;
        float weight;
    };
    std::string_view arena_view(std::uint32_t off, std::uint32_t len) const {
        return {arena_.data() + off, len};
    }
    std::string_view text(std::uint32_t v) const { return arena_view(vocab_[v].text_off, vocab_[v].text_len); }
    std::string_view variant(std::uint32_t v) const {
        return arena_view(vocab_[v].variant_off, vocab_[v].variant_len);
    }
    std::string_view phonetic(std::uint32_t v) const {
        return arena_view(vocab_[v].phonetic_off, vocab_[v].phonetic_len);
    }
    std::span<const std::uint32_t> postings(std::uint32_t v) const {
        return {postings_.data() + posting_first_[v], posting_first_[v + 1] - posting_first_[v]};
    }
    // The names of postings(v) that hold initials.
    std::span<const std::uint32_t> initial_postings(std::uint32_t v) const {
        return {initial_postings_.data() + initial_first_[v], initial_first_[v + 1] - initial_first_[v]};
    }
    // Vocabulary ids a query token may pair with, by every lookup the index supports.
    // `joined`: a query pair written together, looked up by text, variant and one edit only.
    void expand(const ScoredToken& t, std::vector<std::uint32_t>& out, bool joined = false) const;
    void split(const ScoredToken& t, std::vector<PreparedQuery::Split>& out) const;
    // True when the name holds the split's halves side by side.
    bool holds_split(std::uint32_t name_id, const PreparedQuery::Split& s) const;
    // The names that hold the halves of any of `splits` side by side, split by split.
    void names_with_split(const std::vector<PreparedQuery::Split>& splits, std::vector<std::uint32_t>& out) const;
    // Appends every cut of `text` into two listed tokens of two letters or more, but the one at
    // `skip` (0: none): Sangman ~ Sang Man.
    void listed_cuts(std::string_view text, std::size_t skip, std::vector<PreparedQuery::Split>& out) const;
    // Appends the names holding two adjacent tokens that, written together, are one edit from
    // `text` (the scorer's fuzzy_join), by by_pair_deletion_. With `own_cut` (a joined query
    // pair: the length of its first token), pairs cut at the same letter are passed over, as
    // the scorer does; a single token passes 0 and exact joins are passed over (split() finds
    // those).
    void names_with_joined_pair(std::string_view text, std::size_t own_cut, std::vector<std::uint32_t>& out) const;
    // Builds pairs_, by_pair_deletion_ and the pair postings (build() runs it on another thread).
    void build_pairs(const std::vector<std::uint32_t>& name_token_ids);
    ScoredToken vocab_token(std::uint32_t v) const;
    const AbjadSkeletons* readings(std::uint32_t v) const;  // null for a Latin token
    std::uint32_t find_text(std::string_view s) const;
    std::uint32_t find_text(std::string_view s, std::uint64_t hash) const;  // hash: KeyTable::hash(s)

    const Normalizer* normalizer_ = nullptr;
    std::uint64_t serial_ = 0;  // tells this index apart from any other built in the process
    std::vector<ListedName> names_;
    std::vector<ScoredToken> tokens_;  // all listed names' tokens, views into arena_
    std::string arena_;
    std::vector<Vocab> vocab_;
    // Skeleton readings of the abjad vocabulary (ScoredToken::readings), by vocabulary id:
    // readings_of_[v] indexes abjad_readings_, UINT32_MAX for a Latin token.
    std::vector<std::uint32_t> readings_of_;
    // Legal-form words of six letters or more (limited, company, corporation, liability, ...), by
    // vocabulary id: an unseen query token two edits from one is a misspelt legal form, not a rare
    // name (prepare()).
    std::vector<std::uint32_t> legal_words_;
    std::vector<std::uint64_t> legal_letters_;  // letter_set of each of legal_words_
    // Vocabulary ids of tokens_, flat (a name's run starts at first_token), and each name's
    // max_repeat: the few bytes per token / name that candidates() reads, packed.
    std::vector<std::uint32_t> token_ids_;
    std::vector<std::uint8_t> max_repeat_;
    std::vector<AbjadSkeletons> abjad_readings_;
    KeyTable by_text_;
    KeyTable by_variant_;
    KeyTable by_phonetic_;
    // Deletion neighbourhood (SymSpell): each name token under itself and every form with up to
    // max_token_edits(length) letters deleted, so tokens within that many edits share a key.
    KeyTable by_deletion_;
    // Consonant skeletons (phonetic_agrees across scripts): Latin tokens under their skeleton, for
    // abjad queries; abjad tokens under each of their readings, for Latin queries.
    KeyTable by_latin_skeleton_;
    KeyTable by_abjad_skeleton_;
    // Adjacent Latin tokens of the names written together (each distinct pair once), keyed by
    // the pair written together and by it with one letter deleted: a query token (or joined
    // pair) one edit from two listed words written together (Alijaburi ~ Al-Jaburi).
    struct Pair {
        std::uint32_t left, right;  // vocabulary ids
    };
    std::vector<Pair> pairs_;
    KeyTable by_pair_deletion_;                  // -> index into pairs_
    std::vector<std::uint32_t> pair_first_;      // CSR: pair -> names holding it side by side
    std::vector<std::uint32_t> pair_names_;
    std::vector<std::uint32_t> posting_first_;  // CSR: vocab id -> names containing it
    std::vector<std::uint32_t> postings_;
    std::vector<std::uint32_t> initial_first_;  // CSR: vocab id -> names containing it with initials
    std::vector<std::uint32_t> initial_postings_;
    std::vector<std::uint32_t> entity_first_;  // CSR: entity ordinal -> its names
    std::vector<std::uint32_t> entity_names_;
    float unknown_weight_ = 1.0F;
};

}  // namespace cordon
