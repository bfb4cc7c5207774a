#include "cordon/name_index.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <future>
#include <numeric>
#include <unordered_map>

#include "cordon/glossary.h"
#include "cordon/similarity.h"

namespace cordon {

namespace {

// Key of a vocalized short abjad word in the abjad skeleton table: skeletons are consonants only, so a
// marker keeps the two kinds of key apart.
std::uint64_t vocalized_key(std::string_view vocalized) {
    char k[kMaxVocalized + 1];
    k[0] = '=';
    std::copy(vocalized.begin(), vocalized.end(), k + 1);
    return KeyTable::hash(std::string_view(k, vocalized.size() + 1));
}

// Key of a skeleton with long vowels (matres_skeleton) in the skeleton tables, kept apart the same way.
std::uint64_t matres_key(std::string_view matres) {
    char k[sizeof(Skeleton::c) + 1];
    k[0] = '~';
    std::copy(matres.begin(), matres.end(), k + 1);
    return KeyTable::hash(std::string_view(k, matres.size() + 1));
}

// Key of an English glossary word in the abjad skeleton table (arabic_gloss), under which the abjad
// tokens that translate to it are found.
std::uint64_t gloss_key(std::string_view english) {
    thread_local std::string k;
    k.assign(1, '^');
    k.append(english);
    return KeyTable::hash(k);
}

constexpr float kLegalFormFactor = 0.1F;
std::atomic<std::uint64_t> next_index_serial{1};
constexpr float kStopwordFactor = 0.05F;
constexpr float kQualifierFactor = 0.1F;  // as a legal form: supports a match, costs little unmatched
// Past this many postings per candidate, a candidate's bound is found by looking its own tokens up.
constexpr std::size_t kScanFactor = 8;

float reach_sim(const std::vector<TokenReach>& reach, std::uint32_t id) {
    auto it = std::lower_bound(reach.begin(), reach.end(), id,
                               [](const TokenReach& r, std::uint32_t v) { return r.id < v; });
    return it != reach.end() && it->id == id ? it->sim : 0.0F;
}

// The letters of a string as a set (byte & 63 for a bit: distinct letters may share one, which
// only undercounts a difference between two sets).
std::uint64_t letter_set(std::string_view s) {
    std::uint64_t m = 0;
    for (const char c : s) m |= std::uint64_t{1} << (static_cast<unsigned char>(c) & 63U);
    return m;
}

// An unseen query token as close as this to a listed one takes that token's weight.
constexpr float kNeighbourWeightSim = 0.85F;

float role_factor(TokenRole role) {
    switch (role) {
        case TokenRole::kName: return 1.0F;
        case TokenRole::kLegalForm: return kLegalFormFactor;
        case TokenRole::kStopword: return kStopwordFactor;
        case TokenRole::kHonorific: return 0.0F;
        case TokenRole::kQualifier: return kQualifierFactor;
    }
    return 1.0F;
}

// Per-thread marks that say whether a name was already collected for the current query, without
// clearing an array per query.
struct Marks {
    std::vector<std::uint32_t> stamp;
    std::uint32_t epoch = 0;

    void begin(std::size_t n) {
        if (stamp.size() < n) stamp.assign(n, 0);
        if (++epoch == 0) {
            std::fill(stamp.begin(), stamp.end(), 0);
            epoch = 1;
        }
    }
    bool mark(std::uint32_t i) {
        if (stamp[i] == epoch) return false;
        stamp[i] = epoch;
        return true;
    }
};

}  // namespace

NameIndex NameIndex::build(const Snapshot& snapshot, const Normalizer& normalizer) {
    NameIndex ix;
    ix.normalizer_ = &normalizer;
    ix.serial_ = next_index_serial.fetch_add(1);

    // 1. Tokenise every name; collect the vocabulary with document frequencies.
    struct RawVocab {
        std::string text, variant, phonetic;
        TokenRole role;
        bool abjad = false;
        std::uint32_t df = 0;
        std::uint32_t last_name = UINT32_MAX;
    };
    std::vector<RawVocab> raw;
    std::unordered_map<std::string, std::uint32_t> raw_ids;
    std::vector<std::uint32_t> name_token_ids;  // flat, per name
    std::vector<TokenRole> name_token_roles;    // the role each token plays in its own name
    std::vector<Token> tokens;
    std::vector<std::uint32_t> ids;
    std::vector<TokenRole> roles;
    ix.entity_first_.reserve(snapshot.entity_count() + 1);
    for (std::uint32_t e = 0; e < snapshot.entity_count(); ++e) {
        ix.entity_first_.push_back(static_cast<std::uint32_t>(ix.entity_names_.size()));
        const Entity& entity = snapshot.entity(e);
        std::vector<std::vector<std::uint32_t>> seen;  // token-id sequences of this entity's names
        for (std::uint32_t k = 0; k < entity.names.size(); ++k) {
            normalizer.tokenize(entity.names[k].full, tokens);
            ids.clear();
            roles.clear();
            for (const Token& t : tokens) {
                if (t.role == TokenRole::kHonorific || t.text.empty()) continue;
                auto [it, inserted] =
                    raw_ids.emplace(t.text, static_cast<std::uint32_t>(raw.size()));
                if (inserted) raw.push_back({t.text, t.variant, t.phonetic, t.role, t.abjad});
                ids.push_back(it->second);
                roles.push_back(t.role);
            }
            if (ids.empty() || ids.size() > UINT16_MAX) continue;
            if (std::find(seen.begin(), seen.end(), ids) != seen.end()) continue;
            seen.push_back(ids);
            auto name_id = static_cast<std::uint32_t>(ix.names_.size());
            for (std::uint32_t id : ids) {
                if (raw[id].last_name != name_id) {
                    raw[id].last_name = name_id;
                    ++raw[id].df;
                }
            }
            ListedName ln;
            ln.entity = e;
            ln.name = k;
            ln.first_token = static_cast<std::uint32_t>(name_token_ids.size());
            ln.token_count = static_cast<std::uint16_t>(ids.size());
            ln.kind = entity.names[k].kind;
            ln.schema = entity.schema;
            ix.names_.push_back(ln);
            ix.entity_names_.push_back(name_id);
            name_token_ids.insert(name_token_ids.end(), ids.begin(), ids.end());
            name_token_roles.insert(name_token_roles.end(), roles.begin(), roles.end());
        }
    }
    ix.entity_first_.push_back(static_cast<std::uint32_t>(ix.entity_names_.size()));

    // 2. Weights and the string arena (filled completely before any view into it is taken).
    const double n = static_cast<double>(ix.names_.size()) + 1.0;
    ix.unknown_weight_ = static_cast<float>(std::log(n / 0.5));
    std::size_t arena_size = 0;
    for (const RawVocab& r : raw) arena_size += r.text.size() + r.variant.size() + r.phonetic.size();
    ix.arena_.reserve(arena_size);
    ix.vocab_.reserve(raw.size());
    for (const RawVocab& r : raw) {
        Vocab v{};
        v.text_off = static_cast<std::uint32_t>(ix.arena_.size());
        v.text_len = static_cast<std::uint32_t>(r.text.size());
        ix.arena_ += r.text;
        v.variant_off = static_cast<std::uint32_t>(ix.arena_.size());
        v.variant_len = static_cast<std::uint32_t>(r.variant.size());
        ix.arena_ += r.variant;
        v.phonetic_off = static_cast<std::uint32_t>(ix.arena_.size());
        v.phonetic_len = static_cast<std::uint32_t>(r.phonetic.size());
        ix.arena_ += r.phonetic;
        v.role = r.role;
        v.abjad = r.abjad;
        v.weight = static_cast<float>(std::log(n / (r.df + 0.5)));  // times the role's factor where used
        ix.vocab_.push_back(v);
    }
    // The table of adjacent pairs needs only the names' tokens and the arena: it is built on
    // another thread while this one builds the rest (about a tenth of the build).
    auto pairs = std::async(std::launch::async, [&ix, &name_token_ids] { ix.build_pairs(name_token_ids); });
    std::vector<std::pair<std::uint64_t, std::uint32_t>> text_keys, variant_keys, phonetic_keys,
        deletion_keys, latin_skeleton_keys, abjad_skeleton_keys;
    PrefixHashes prefix;
    ix.readings_of_.assign(ix.vocab_.size(), UINT32_MAX);
    for (std::uint32_t id = 0; id < ix.vocab_.size(); ++id) {
        const Vocab& v = ix.vocab_[id];
        if (v.role == TokenRole::kLegalForm && !v.abjad && v.text_len >= 6) {
            ix.legal_words_.push_back(id);
            ix.legal_letters_.push_back(letter_set(ix.arena_view(v.text_off, v.text_len)));
        }
    }
    for (std::uint32_t id = 0; id < ix.vocab_.size(); ++id) {
        const Vocab& v = ix.vocab_[id];
        std::string_view t = ix.arena_view(v.text_off, v.text_len);
        text_keys.emplace_back(KeyTable::hash(t), id);
        if (v.variant_len > 0) {
            variant_keys.emplace_back(KeyTable::hash(ix.arena_view(v.variant_off, v.variant_len)), id);
        }
        if (v.phonetic_len > 0) {
            phonetic_keys.emplace_back(KeyTable::hash(ix.arena_view(v.phonetic_off, v.phonetic_len)), id);
        }
        if (v.abjad) {
            ix.readings_of_[id] = static_cast<std::uint32_t>(ix.abjad_readings_.size());
            AbjadSkeletons& sk = ix.abjad_readings_.emplace_back();
            abjad_skeletons(t, sk);
            for (std::size_t k = 0; k < sk.count; ++k) {
                abjad_skeleton_keys.emplace_back(KeyTable::hash(sk.readings[k].view()), id);
            }
            char vocal[kMaxVocalized];
            if (std::size_t len = vocalize(t, vocal); len > 0) {
                abjad_skeleton_keys.emplace_back(vocalized_key(std::string_view(vocal, len)), id);
            }
            if (Skeleton m; matres_skeleton(t, true, m), m.n >= 2) {
                abjad_skeleton_keys.emplace_back(matres_key(m.view()), id);
            }
            for_each_gloss_word(t, [&](std::string_view w) { abjad_skeleton_keys.emplace_back(gloss_key(w), id); });
        } else if (Skeleton sk; latin_skeleton(t, sk)) {
            latin_skeleton_keys.emplace_back(KeyTable::hash(sk.view()), id);
            if (Skeleton m; sk.n >= 1 && (matres_skeleton(t, false, m), m.n >= 2)) {
                latin_skeleton_keys.emplace_back(matres_key(m.view()), id);
            }
        }
        if (max_token_edits(t.size()) > 0) {
            deletion_keys.emplace_back(KeyTable::hash(t), id);
            prefix.assign(t);
            for_each_deletion_hash(t, prefix, max_token_edits(t.size()), [&](std::uint64_t h) {
                deletion_keys.emplace_back(h, id);
            });
        }
    }
    ix.by_text_.build(std::move(text_keys));
    ix.by_variant_.build(std::move(variant_keys));
    ix.by_phonetic_.build(std::move(phonetic_keys));
    ix.by_deletion_.build(std::move(deletion_keys));
    ix.by_latin_skeleton_.build(std::move(latin_skeleton_keys));
    ix.by_abjad_skeleton_.build(std::move(abjad_skeleton_keys));

    // 3. Tokens of each name as the scorer sees them, and the postings.
    ix.tokens_.reserve(name_token_ids.size());
    ix.token_ids_ = name_token_ids;
    for (std::size_t k = 0; k < name_token_ids.size(); ++k) {
        const std::uint32_t id = name_token_ids[k];
        const TokenRole role = name_token_roles[k];
        const Vocab& v = ix.vocab_[id];
        ix.tokens_.push_back({ix.arena_view(v.text_off, v.text_len),
                              ix.arena_view(v.variant_off, v.variant_len),
                              ix.arena_view(v.phonetic_off, v.phonetic_len), role,
                              v.weight * role_factor(role), id,
                              v.abjad});
        ix.tokens_.back().readings = ix.readings(id);
    }
    for (ListedName& ln : ix.names_) {
        float w = 0;
        for (std::uint32_t t = 0; t < ln.token_count; ++t) {
            // Initials pair without being looked up, so they never count as surely unpaired.
            const ScoredToken& tok = ix.tokens_[ln.first_token + t];
            if (tok.text.size() > 1) {
                w += tok.weight;
                ln.heaviest = std::max(ln.heaviest, tok.weight);
            }
            if (tok.text.size() == 1 && ln.initials < 255) ++ln.initials;
            std::uint32_t id = name_token_ids[ln.first_token + t];
            auto repeat = static_cast<std::uint8_t>(std::min<std::ptrdiff_t>(
                255, std::count(name_token_ids.begin() + ln.first_token,
                                name_token_ids.begin() + ln.first_token + ln.token_count, id)));
            ln.max_repeat = std::max(ln.max_repeat, repeat);
        }
        ln.weight = w;
    }
    pairs.get();  // the pair table, built alongside (build_pairs)
    ix.max_repeat_.reserve(ix.names_.size());
    for (const ListedName& ln : ix.names_) ix.max_repeat_.push_back(ln.max_repeat);
    // Each name is posted once per distinct token, so a token's posting list has df entries.
    ix.posting_first_.assign(ix.vocab_.size() + 1, 0);
    for (std::size_t v = 0; v < ix.vocab_.size(); ++v) {
        ix.posting_first_[v + 1] = ix.posting_first_[v] + raw[v].df;
    }
    ix.postings_.assign(ix.posting_first_.back(), 0);
    std::vector<std::uint32_t> fill(ix.posting_first_.begin(), ix.posting_first_.end() - 1);
    for (std::uint32_t name_id = 0; name_id < ix.names_.size(); ++name_id) {
        const ListedName& ln = ix.names_[name_id];
        for (std::uint32_t t = 0; t < ln.token_count; ++t) {
            std::uint32_t v = name_token_ids[ln.first_token + t];
            if (fill[v] > ix.posting_first_[v] && ix.postings_[fill[v] - 1] == name_id) continue;
            ix.postings_[fill[v]++] = name_id;
        }
    }
    // The same lists, restricted to names with initials (the few that common tokens must find).
    ix.initial_first_.assign(ix.vocab_.size() + 1, 0);
    for (std::size_t v = 0; v < ix.vocab_.size(); ++v) {
        std::uint32_t count = 0;
        for (std::uint32_t name_id : ix.postings(static_cast<std::uint32_t>(v))) {
            if (ix.names_[name_id].initials > 0) ++count;
        }
        ix.initial_first_[v + 1] = ix.initial_first_[v] + count;
    }
    ix.initial_postings_.reserve(ix.initial_first_.back());
    for (std::size_t v = 0; v < ix.vocab_.size(); ++v) {
        for (std::uint32_t name_id : ix.postings(static_cast<std::uint32_t>(v))) {
            if (ix.names_[name_id].initials > 0) ix.initial_postings_.push_back(name_id);
        }
    }
    return ix;
}

std::uint32_t NameIndex::find_text(std::string_view s) const { return find_text(s, KeyTable::hash(s)); }

std::uint32_t NameIndex::find_text(std::string_view s, std::uint64_t hash) const {
    for (std::uint32_t id : by_text_.find(hash)) {
        if (text(id) == s) return id;
    }
    return UINT32_MAX;
}

float NameIndex::listed_weight(std::string_view text, std::string_view variant_text) const {
    auto weight_of = [&](std::uint32_t v) {
        return vocab_[v].role == TokenRole::kName ? vocab_[v].weight : 0.0F;
    };
    if (std::uint32_t v = find_text(text); v != UINT32_MAX) return weight_of(v);
    float w = -1.0F;
    for (std::uint32_t v : by_variant_.find(variant_text)) {
        if (variant(v) != variant_text) continue;
        w = w < 0 ? weight_of(v) : std::min(w, weight_of(v));
    }
    return w;
}

void NameIndex::names_with_token(std::string_view text, std::string_view variant_text,
                                 std::vector<std::uint32_t>& out) const {
    const std::uint32_t own = find_text(text);
    if (own != UINT32_MAX) {
        auto p = postings(own);
        out.insert(out.end(), p.begin(), p.end());
    }
    for (std::uint32_t v : by_variant_.find(variant_text)) {
        if (v == own || variant(v) != variant_text) continue;
        auto p = postings(v);
        out.insert(out.end(), p.begin(), p.end());
    }
}

namespace {

// What prepare() found for the tokens a thread has seen, by token. Names repeat their tokens
// (al, mohammed, bank, limited, ...), and a token's reach, splits and weight depend on the
// index alone, so each is worked out once per thread and index. Bounded: cleared when full.
struct TokenMemo {
    struct Token {
        std::uint32_t id = UINT32_MAX;  // vocabulary id of its text
        float weight = 0;               // before the role factor
        float neighbour_weight = 0;     // a close listed neighbour's weight, when unseen
        bool legal_typo = false;        // unseen, two edits from a legal form: weighs as one
        bool has_neighbour = false;
        std::vector<TokenReach> reach;
        std::vector<PreparedQuery::Split> split;
        std::vector<std::uint32_t> split_names;
    };
    static constexpr std::size_t kMaxEntries = 1 << 16;

    std::uint64_t index = 0;  // NameIndex::serial_ of the index the entries belong to
    std::unordered_map<std::string, Token> tokens;
    struct Joined {
        std::vector<TokenReach> reach;
        std::vector<std::uint32_t> split_names;  // names holding it split at another letter
    };
    std::unordered_map<std::string, Joined> joined;
    std::string key;

    // Everything a token's lookups depend on.
    const std::string& key_of(const ScoredToken& t) {
        key.assign(t.text);
        key += '|';
        key += t.variant;
        key += '|';
        key += t.phonetic;
        key += t.abjad ? '|' : '.';
        key += t.skeleton_joinable ? '|' : '.';
        return key;
    }
    void reset_for(std::uint64_t serial) {
        if (index != serial || tokens.size() + joined.size() > kMaxEntries) {
            tokens.clear();
            joined.clear();
            index = serial;
        }
    }
};

}  // namespace

void NameIndex::prepare(std::string_view name, PreparedQuery& out) const {
    normalizer_->tokenize(name, out.raw);
    out.raw.erase(std::remove_if(out.raw.begin(), out.raw.end(),
                                 [](const Token& t) {
                                     return t.role == TokenRole::kHonorific || t.text.empty();
                                 }),
                  out.raw.end());
    thread_local TokenMemo memo;
    memo.reset_for(serial_);

    // What each token (and each joined pair) can pair with, and how well.
    thread_local std::vector<std::uint32_t> ids;
    auto fill = [&](const ScoredToken& t, std::vector<TokenReach>& reach, bool joined = false) {
        ids.clear();
        expand(t, ids, joined);
        reach.clear();
        for (std::uint32_t v : ids) {
            MatchMethod how = MatchMethod::kNone;
            double sim = token_similarity(t, vocab_token(v), false, &how, joined);
            if (sim > 0) reach.push_back({v, static_cast<float>(sim), how});
        }
    };
    out.tokens.clear();
    out.reach.resize(out.raw.size());
    out.split.resize(out.raw.size());
    out.split_names.resize(out.raw.size());
    for (std::size_t i = 0; i < out.raw.size(); ++i) {
        const Token& t = out.raw[i];
        ScoredToken st{t.text, t.variant, t.phonetic, t.role, unknown_weight_, UINT32_MAX, t.abjad};
        auto [it, inserted] = memo.tokens.try_emplace(memo.key_of(st));
        TokenMemo::Token& m = it->second;
        if (inserted) {
            m.id = find_text(t.text);
            if (m.id != UINT32_MAX) {
                m.weight = vocab_[m.id].weight;
            } else {
                // An unseen spelling of a known token is as common as the token.
                float w = unknown_weight_;
                bool found = false;
                for (std::uint32_t v : by_variant_.find(t.variant)) {
                    if (variant(v) != t.variant) continue;
                    w = found ? std::min(w, vocab_[v].weight) : vocab_[v].weight;
                    found = true;
                }
                m.weight = w;
            }
            // A word the glossary translates is as common as its translation: Arabic-script names
            // are few in the lists, so by its own rarity الاسلامي (Islamic) would weigh as a rare name.
            if (t.abjad) {
                for_each_gloss_word(t.text, [&](std::string_view w) {
                    const std::uint32_t v = find_text(w);
                    if (v != UINT32_MAX && !vocab_[v].abjad) m.weight = std::min(m.weight, vocab_[v].weight);
                });
            }
            st.id = m.id;
            // Its readings once, for the lookups and comparisons that follow (not kept: the
            // prepared query may outlive this frame).
            AbjadSkeletons own;
            if (st.abjad) {
                abjad_skeletons(st.text, own);
                st.readings = &own;
            }
            fill(st, m.reach);
            split(st, m.split);
            st.readings = nullptr;
            names_with_split(m.split, m.split_names);
            if (!t.abjad) names_with_joined_pair(t.text, 0, m.split_names);  // Alijaburi ~ Al-Jaburi
            // A misspelling of a listed token is as common as the token it misspells ("lijited"
            // is a legal form, not a rare name).
            if (m.id == UINT32_MAX) {
                const TokenReach* best = nullptr;
                for (const TokenReach& r : m.reach) {
                    if (best == nullptr || r.sim > best->sim) best = &r;
                }
                if (best != nullptr && best->sim >= kNeighbourWeightSim) {
                    m.has_neighbour = true;
                    m.neighbour_weight = vocab_[best->id].weight;
                    // A misspelt legal form weighs as a legal form (limgted, comgany), as the
                    // rule below has it for those too far for a neighbour: when any close
                    // neighbour is one (the nearest may be a misspelling listed as a name).
                    // Six letters or more, as there: a short name is too often one letter from
                    // a short legal form.
                    if (t.text.size() >= 6 && !t.abjad) {
                        for (const TokenReach& r : m.reach) {
                            const Vocab& nb = vocab_[r.id];
                            if (r.sim >= kNeighbourWeightSim && nb.role == TokenRole::kLegalForm && !nb.abjad &&
                                nb.text_len >= 6) {
                                m.legal_typo = true;
                                m.neighbour_weight = std::min(m.neighbour_weight, nb.weight);
                            }
                        }
                    }
                } else if (t.text.size() >= 6 && !t.abjad) {
                    // Two edits from a legal form (chmpaony, lfimcted): weighs as that legal form.
                    const std::uint64_t letters = letter_set(t.text);
                    for (std::size_t w = 0; w < legal_words_.size(); ++w) {
                        const std::uint32_t v = legal_words_[w];
                        // Each edit adds or removes at most one distinct letter on either side, so
                        // more than two letters one side lacks is more than two edits.
                        if (std::popcount(letters & ~legal_letters_[w]) > 2 ||
                            std::popcount(legal_letters_[w] & ~letters) > 2) {
                            continue;
                        }
                        if (osa_distance(t.text, text(v), 2) <= 2) {
                            m.legal_typo = true;
                            m.neighbour_weight = vocab_[v].weight;
                            break;
                        }
                    }
                }
            }
        }
        st.id = m.id;
        st.weight = m.weight * role_factor(t.role);
        if (m.has_neighbour) st.weight = std::min(st.weight, m.neighbour_weight * role_factor(t.role));
        if (m.legal_typo) st.weight = std::min(st.weight, m.neighbour_weight * kLegalFormFactor);
        out.tokens.push_back(st);
        out.reach[i] = m.reach;
        out.split[i] = m.split;
        out.split_names[i] = m.split_names;
    }
    // Joined tokens weigh what their parts weigh (join_tokens sums the final weights).
    join_tokens(out.tokens, out.joined_raw, out.joined);
    out.reach_joined.resize(out.joined.size());
    out.joined_split_names.resize(out.joined.size());
    thread_local std::vector<PreparedQuery::Split> joined_splits;
    for (std::size_t i = 0; i < out.joined.size(); ++i) {
        const ScoredToken& j = out.joined[i];
        // Keyed by where the query splits it too (the cut the split lookup passes over).
        std::string& key = memo.key;
        memo.key_of(j);
        key += static_cast<char>(std::min<std::size_t>(out.tokens[j.first].text.size(), 255));
        auto [it, inserted] = memo.joined.try_emplace(key);
        if (inserted) {
            fill(j, it->second.reach, true);
            // A Latin pair may be two listed tokens split at another letter (the scorer pairs
            // the two written together, exactly): every other cut of it into two listed tokens.
            if (j.count == 2 && !j.abjad) {
                joined_splits.clear();
                const std::size_t own = out.tokens[j.first].text.size();  // the query's own cut
                listed_cuts(j.text, own, joined_splits);
                names_with_split(joined_splits, it->second.split_names);
                names_with_joined_pair(j.text, own, it->second.split_names);  // Ajl-Ahmad ~ Al-Ahmad
            }
        }
        out.reach_joined[i] = it->second.reach;
        out.joined_split_names[i] = it->second.split_names;
    }
    out.reach_set.build({out.reach, out.reach_joined});
}

ScoredToken NameIndex::vocab_token(std::uint32_t v) const {
    ScoredToken t{text(v),         variant(v), phonetic(v), vocab_[v].role, vocab_[v].weight * role_factor(vocab_[v].role),
                  v, vocab_[v].abjad};
    t.readings = readings(v);
    return t;
}

const AbjadSkeletons* NameIndex::readings(std::uint32_t v) const {
    return readings_of_[v] == UINT32_MAX ? nullptr : &abjad_readings_[readings_of_[v]];
}

void NameIndex::expand(const ScoredToken& t, std::vector<std::uint32_t>& out, bool joined) const {
    if (t.id != UINT32_MAX) out.push_back(t.id);
    if (!t.variant.empty()) {
        for (std::uint32_t v : by_variant_.find(t.variant)) {
            if (variant(v) == t.variant) out.push_back(v);
        }
    }
    // The scorer's phonetic rule (phonetic_agrees): the same key within one script, and across
    // scripts a consonant skeleton (joined tokens too: Hidayat Allah ~ Hidayatullah).
    if (!joined && t.phonetic.size() >= 2 && !t.text.empty()) {
        for (std::uint32_t v : by_phonetic_.find(t.phonetic)) {
            // Within one script the rule needs a key of three or more and the same first letter,
            // which most of a bucket lacks: those are passed over before a token is built.
            const Vocab& c = vocab_[v];
            if (c.abjad == t.abjad &&
                (t.phonetic.size() < 3 || c.text_len == 0 || arena_[c.text_off] != t.text[0])) {
                continue;
            }
            if (phonetic_agrees(t, vocab_token(v))) out.push_back(v);
        }
    }
    if (t.abjad) {
        AbjadSkeletons computed;
        if (t.readings == nullptr) abjad_skeletons(t.text, computed);
        const AbjadSkeletons& sk = t.readings != nullptr ? *t.readings : computed;
        for (std::size_t k = 0; k < sk.count; ++k) {
            for (std::uint32_t v : by_latin_skeleton_.find(sk.readings[k].view())) {
                if (phonetic_agrees(t, vocab_token(v))) out.push_back(v);
            }
        }
        char vocal[kMaxVocalized];
        if (std::size_t n = vocalize(t.text, vocal); n > 0 && !joined) {
            std::uint32_t v = find_text(std::string_view(vocal, n));
            if (v != UINT32_MAX && !vocab_[v].abjad) out.push_back(v);
        }
        if (Skeleton m; matres_skeleton(t.text, true, m), m.n >= 2) {
            for (std::uint32_t v : by_latin_skeleton_.find(matres_key(m.view()))) {
                if (!vocab_[v].abjad && matres_agrees(t.text, text(v), joined)) out.push_back(v);
            }
        }
        // Translations (glossary.h).
        for_each_gloss_word(t.text, [&](std::string_view w) {
            const std::uint32_t v = find_text(w);
            if (v != UINT32_MAX && !vocab_[v].abjad) out.push_back(v);
        });
    } else {
        if (is_gloss_word(t.text)) {
            for (std::uint32_t v : by_abjad_skeleton_.find(gloss_key(t.text))) {
                if (vocab_[v].abjad && glosses_to(text(v), t.text)) out.push_back(v);
            }
        }
        if (Skeleton sk; latin_skeleton(t.text, sk)) {
            for (std::uint32_t v : by_abjad_skeleton_.find(sk.view())) {
                if (phonetic_agrees(t, vocab_token(v))) out.push_back(v);
            }
            // Too few consonants to tell: the long vowels too (matres_agrees).
            if (Skeleton m; sk.n >= 1 && sk.n < (joined ? 4U : 2U) && (matres_skeleton(t.text, false, m), m.n >= 2)) {
                for (std::uint32_t v : by_abjad_skeleton_.find(matres_key(m.view()))) {
                    if (vocab_[v].abjad && matres_agrees(text(v), t.text, joined)) out.push_back(v);
                }
            }
        }
        if (!joined && t.text.size() >= 2 && t.text.size() <= kMaxVocalized) {
            for (std::uint32_t v : by_abjad_skeleton_.find(vocalized_key(t.text))) out.push_back(v);
        }
    }
    // Tokens within the scorer's fuzzy reach (max_token_edits of the shorter one). A long token
    // has dozens of deletion keys; their slots are prefetched together, then probed.
    if (t.text.size() == 3) {
        // A three-letter token may be a four-letter one with a letter lost (the scorer's rule).
        for (std::uint32_t v : by_deletion_.find(t.text)) {
            std::string_view c = text(v);
            if (c.size() == 4 && osa_distance(t.text, c, 1) <= 1) out.push_back(v);
        }
    } else if (t.text.size() == 4) {
        // ... and the other way round (Msab ~ Sab).
        char d[3];
        for (std::size_t k = 0; k < 4; ++k) {
            for (std::size_t j = 0, o = 0; j < 4; ++j) {
                if (j != k) d[o++] = t.text[j];
            }
            std::uint32_t v = find_text(std::string_view(d, 3));
            if (v != UINT32_MAX) out.push_back(v);
        }
    }
    if (max_token_edits(t.text.size()) > 0) {
        thread_local std::vector<std::uint64_t> keys;
        thread_local PrefixHashes prefix;
        keys.clear();
        prefix.assign(t.text);
        keys.push_back(KeyHash::mix(prefix.substring(0, t.text.size())));
        for_each_deletion_hash(t.text, prefix, joined ? 1 : max_token_edits(t.text.size()),
                               [&](std::uint64_t h) { keys.push_back(h); });
        for (std::uint64_t h : keys) by_deletion_.prefetch(h);
        // Neighbours share many deletion keys: each is measured once.
        thread_local Marks checked;
        checked.begin(vocab_.size());
        for (std::uint64_t h : keys) {
            for (std::uint32_t v : by_deletion_.find(h)) {
                if (!checked.mark(v)) continue;
                std::string_view c = text(v);
                std::size_t k = max_token_edits(std::min(t.text.size(), c.size()));
                if (joined) k = std::min<std::size_t>(k, 1);
                if (k > 0 && osa_distance(t.text, c, k) <= k) out.push_back(v);
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

void NameIndex::listed_cuts(std::string_view text, std::size_t skip, std::vector<PreparedQuery::Split>& out) const {
    // Halves of one letter are initials or noise, not a name written together. Each half's hash
    // comes from the text's prefix hashes.
    thread_local PrefixHashes prefix;
    const std::size_t n = text.size();
    prefix.assign(text);
    for (std::size_t p = 2; p + 2 <= n; ++p) {
        if (p == skip) continue;
        const std::uint32_t a = find_text(text.substr(0, p), KeyHash::mix(prefix.substring(0, p)));
        if (a == UINT32_MAX) continue;
        const std::uint32_t b = find_text(text.substr(p), KeyHash::mix(prefix.substring(p, n)));
        if (b != UINT32_MAX) out.push_back({{a}, {b}, false});
    }
}

void NameIndex::split(const ScoredToken& t, std::vector<PreparedQuery::Split>& out) const {
    // A token that is two listed tokens written together: Sangman ~ Sang Man, or so in the
    // variant keys: Abdel ~ Abd al.
    out.clear();
    auto add = [&](std::vector<std::uint32_t> left, std::vector<std::uint32_t> right, bool article = false) {
        if (left.empty() || right.empty()) return;
        std::sort(left.begin(), left.end());
        std::sort(right.begin(), right.end());
        out.push_back({std::move(left), std::move(right), article});
    };
    // Or three, the middle one the article: AbdulMunhim ~ Abd Al Munhim (scorer: joins_to3).
    auto article_at = [](std::string_view s, std::size_t p) { return s.compare(p, 2, "al") == 0; };
    thread_local PrefixHashes prefix;  // of the variant key, below
    const std::size_t n = t.text.size();
    if (n >= 4) {
        listed_cuts(t.text, 0, out);
        for (std::size_t p = 2; p + 4 <= n; ++p) {
            if (!article_at(t.text, p)) continue;
            std::uint32_t a = find_text(t.text.substr(0, p));
            std::uint32_t b = a == UINT32_MAX ? UINT32_MAX : find_text(t.text.substr(p + 2));
            if (b != UINT32_MAX) add({a}, {b}, true);
        }
    }
    if (t.abjad) {
        // A Latin spelling written as two tokens (joined_latin_skeleton): every cut of every
        // reading, the halves looked up by skeleton; a letter the two halves share at the cut is
        // written once in the joined skeleton.
        // Latin tokens whose skeleton is sk, or with `matres` whose skeleton with long vowels is.
        auto latin_with = [&](std::string_view sk, bool matres) {
            std::vector<std::uint32_t> ids;
            if (sk.size() < 2) return ids;
            for (std::uint32_t v : by_latin_skeleton_.find(matres ? matres_key(sk) : KeyTable::hash(sk))) {
                Skeleton own;
                if (matres) {
                    matres_skeleton(text(v), false, own);
                } else if (!latin_skeleton(text(v), own)) {
                    continue;
                }
                if (!vocab_[v].abjad && own.view() == sk) ids.push_back(v);
            }
            return ids;
        };
        auto every_cut = [&](std::string_view sk, bool matres) {
            for (std::size_t p = 2; p + 1 < sk.size(); ++p) {
                std::vector<std::uint32_t> left = latin_with(sk.substr(0, p), matres);
                if (left.empty()) continue;
                add(left, latin_with(sk.substr(p), matres));
                add(std::move(left), latin_with(sk.substr(p - 1), matres));
            }
        };
        AbjadSkeletons computed;
        if (t.readings == nullptr) abjad_skeletons(t.text, computed);
        const AbjadSkeletons& readings = t.readings != nullptr ? *t.readings : computed;
        for (std::size_t r = 0; r < readings.count; ++r) every_cut(readings.readings[r].view(), false);
        // Two-word translations (glossary.h: صرافة ~ money exchange).
        for_each_gloss_pair(t.text, [&](std::string_view a, std::string_view b) {
            const std::uint32_t x = find_text(a), y = find_text(b);
            if (x != UINT32_MAX && y != UINT32_MAX && !vocab_[x].abjad && !vocab_[y].abjad) add({x}, {y});
        });
        // ... and by the skeleton with long vowels, where a half has one consonant
        // (joined_matres_agrees: أبوغيث ~ Abo Ghaith).
        Skeleton m;
        matres_skeleton(t.text, true, m);
        every_cut(m.view(), true);
    }
    if (t.variant == t.text) return;
    auto group = [&](std::string_view key, std::uint64_t h) {
        std::vector<std::uint32_t> ids;
        for (std::uint32_t v : by_variant_.find(h)) {
            if (variant(v) == key) ids.push_back(v);
        }
        return ids;
    };
    const std::size_t m = t.variant.size();
    if (m < 4) return;
    prefix.assign(t.variant);
    for (std::size_t p = 2; p + 2 <= m; ++p) {
        std::vector<std::uint32_t> left = group(t.variant.substr(0, p), KeyHash::mix(prefix.substring(0, p)));
        if (left.empty()) continue;
        add(std::move(left), group(t.variant.substr(p), KeyHash::mix(prefix.substring(p, m))));
    }
    for (std::size_t p = 2; p + 4 <= m; ++p) {
        if (!article_at(t.variant, p)) continue;
        std::vector<std::uint32_t> left = group(t.variant.substr(0, p), KeyHash::mix(prefix.substring(0, p)));
        if (left.empty()) continue;
        // The rest by its own key (the scorer's variant_joins_to3).
        thread_local std::string rest;
        variant_key(t.variant.substr(p + 2), rest);
        add(std::move(left), group(rest, KeyTable::hash(rest)), true);
    }
}

void NameIndex::names_with_split(const std::vector<PreparedQuery::Split>& splits,
                                 std::vector<std::uint32_t>& out) const {
    out.clear();
    for (const PreparedQuery::Split& sp : splits) {
        // A name holding both halves side by side is in the postings of either half: walk the
        // half whose postings are fewer (Abd ~ al: not al's thousands) and check each.
        std::size_t left_postings = 0;
        std::size_t right_postings = 0;
        for (std::uint32_t a : sp.left) left_postings += postings(a).size();
        for (std::uint32_t b : sp.right) right_postings += postings(b).size();
        for (std::uint32_t v : left_postings <= right_postings ? sp.left : sp.right) {
            for (std::uint32_t name_id : postings(v)) {
                if (holds_split(name_id, sp)) out.push_back(name_id);
            }
        }
    }
}

void NameIndex::build_pairs(const std::vector<std::uint32_t>& name_token_ids) {
    // Adjacent pairs written together, for joins one edit off (names_with_joined_pair). Names
    // are scored on their first kMaxScoredTokens tokens, so no later pair can pair.
    std::unordered_map<std::uint64_t, std::uint32_t> pair_of;  // left << 32 | right -> pair
    std::vector<std::pair<std::uint32_t, std::uint32_t>> holders;  // (pair, name id)
    for (std::uint32_t name_id = 0; name_id < names_.size(); ++name_id) {
        const ListedName& ln = names_[name_id];
        const auto count = static_cast<std::uint32_t>(std::min<std::size_t>(ln.token_count, kMaxScoredTokens));
        for (std::uint32_t k = 0; k + 1 < count; ++k) {
            const std::uint32_t a = name_token_ids[ln.first_token + k];
            const std::uint32_t b = name_token_ids[ln.first_token + k + 1];
            const Vocab& va = vocab_[a];
            const Vocab& vb = vocab_[b];
            if (va.abjad || vb.abjad || va.text_len < 2 || vb.text_len < 2 ||
                va.text_len + vb.text_len < kMinFuzzyJoin) {
                continue;
            }
            const auto [it, inserted] =
                pair_of.try_emplace(std::uint64_t{a} << 32 | b, static_cast<std::uint32_t>(pairs_.size()));
            if (inserted) pairs_.push_back({a, b});
            holders.emplace_back(it->second, name_id);
        }
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keys;
    std::string both;
    PrefixHashes prefix;
    for (std::uint32_t p = 0; p < pairs_.size(); ++p) {
        both.assign(text(pairs_[p].left)).append(text(pairs_[p].right));
        keys.emplace_back(KeyTable::hash(both), p);
        prefix.assign(both);
        for_each_deletion_hash(both, prefix, 1, [&](std::uint64_t h) { keys.emplace_back(h, p); });
    }
    by_pair_deletion_.build(std::move(keys));
    std::sort(holders.begin(), holders.end());
    holders.erase(std::unique(holders.begin(), holders.end()), holders.end());
    pair_first_.assign(pairs_.size() + 1, 0);
    for (const auto& h : holders) ++pair_first_[h.first + 1];
    for (std::size_t p = 0; p < pairs_.size(); ++p) pair_first_[p + 1] += pair_first_[p];
    pair_names_.reserve(holders.size());
    for (const auto& h : holders) pair_names_.push_back(h.second);
}

void NameIndex::names_with_joined_pair(std::string_view text, std::size_t own_cut,
                                       std::vector<std::uint32_t>& out) const {
    if (text.size() < kMinFuzzyJoin) return;  // the scorer's fuzzy_join pairs none
    thread_local PrefixHashes prefix;
    thread_local std::vector<std::uint64_t> keys;
    thread_local std::vector<std::uint32_t> seen;
    thread_local std::string both;
    prefix.assign(text);
    keys.clear();
    keys.push_back(KeyHash::mix(prefix.substring(0, text.size())));
    for_each_deletion_hash(text, prefix, 1, [&](std::uint64_t h) { keys.push_back(h); });
    seen.clear();
    for (std::uint64_t h : keys) {
        for (std::uint32_t p : by_pair_deletion_.find(h)) {
            if (std::find(seen.begin(), seen.end(), p) != seen.end()) continue;
            seen.push_back(p);
            const Pair& pair = pairs_[p];
            const std::string_view a = this->text(pair.left);
            if (own_cut != 0 && a.size() == own_cut) continue;  // the query's own cut
            both.assign(a).append(this->text(pair.right));
            const std::size_t d = osa_distance(text, both, 1);
            if (d > 1 || (own_cut == 0 && d == 0)) continue;
            out.insert(out.end(), pair_names_.begin() + pair_first_[p], pair_names_.begin() + pair_first_[p + 1]);
        }
    }
}

bool NameIndex::holds_split(std::uint32_t name_id, const PreparedQuery::Split& s) const {
    // The name's token ids, packed (token_ids_); most halves are one id.
    const ListedName& ln = names_[name_id];
    const std::uint32_t* t = token_ids_.data() + ln.first_token;
    const std::size_t n = ln.token_count;
    const std::size_t gap = s.article ? 2 : 1;
    auto holds = [](const std::vector<std::uint32_t>& ids, std::uint32_t id) {
        return ids.size() == 1 ? ids[0] == id : std::binary_search(ids.begin(), ids.end(), id);
    };
    for (std::size_t k = 0; k + gap < n; ++k) {
        if (holds(s.left, t[k]) && holds(s.right, t[k + gap]) && (!s.article || text(t[k + 1]) == "al")) {
            return true;
        }
    }
    return false;
}

void NameIndex::candidates(const PreparedQuery& query, double min_score,
                           std::vector<std::uint32_t>& out) const {
    out.clear();
    const auto& q = query.tokens;
    if (q.empty()) return;
    const std::size_t n = q.size();
    double total = 0;
    for (const ScoredToken& t : q) total += t.weight;

    // Every (vocabulary id, similarity) token i may pair with, alone or joined with a neighbour,
    // and names that hold the rarer half of it written apart (similarity 1).
    // Reach lists of the joined tokens that hold token i.
    // (The joined tokens that hold each token, in order, listed once per query.)
    thread_local std::vector<std::uint32_t> joined_first;
    thread_local std::vector<std::uint32_t> joined_list;
    joined_first.assign(n + 1, 0);
    joined_list.clear();
    const std::size_t joined_count = std::min(query.joined.size(), query.reach_joined.size());
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < joined_count; ++k) {
            const ScoredToken& j = query.joined[k];
            if (j.first <= i && i < static_cast<std::size_t>(j.first) + j.count) {
                joined_list.push_back(static_cast<std::uint32_t>(k));
            }
        }
        joined_first[i + 1] = static_cast<std::uint32_t>(joined_list.size());
    }
    auto for_each_joined = [&](std::size_t i, auto&& f) {
        for (std::uint32_t p = joined_first[i]; p < joined_first[i + 1]; ++p) f(query.reach_joined[joined_list[p]]);
    };
    auto for_each_key = [&](std::size_t i, auto&& f) {
        for (const TokenReach& r : query.reach[i]) f(r.id, r.sim);
        for_each_joined(i, [&](const std::vector<TokenReach>& reach) {
            for (const TokenReach& r : reach) f(r.id, r.sim);
        });
    };
    // Names that hold a joined pair with token i split at another letter.
    auto for_each_joined_split = [&](std::size_t i, auto&& f) {
        for (std::uint32_t p = joined_first[i]; p < joined_first[i + 1]; ++p) {
            const std::uint32_t k = joined_list[p];
            if (k < query.joined_split_names.size()) {
                for (std::uint32_t name_id : query.joined_split_names[k]) f(name_id);
            }
        }
    };
    auto findable = [&](std::size_t i) {
        // Initials pair with any token of their letter, which no lookup enumerates.
        if (q[i].text.size() == 1) return false;
        bool any = !query.split[i].empty() || !query.split_names[i].empty();
        for_each_joined_split(i, [&](std::uint32_t) { any = true; });
        for_each_key(i, [&](std::uint32_t, float) { any = true; });
        return any;
    };

    // The lightest tokens a name may miss altogether and still reach min_score; the rest must
    // contribute, so only names found through them are candidates.
    const double required = min_paired_weight_share(min_score) * total;
    thread_local std::vector<std::uint32_t> order;
    thread_local std::vector<char> can_find;
    can_find.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) can_find[i] = findable(i) ? 1 : 0;
    order.resize(n);
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (can_find[a] != can_find[b]) return can_find[a] < can_find[b];
        return q[a].weight < q[b].weight;
    });
    double missable = 0;
    std::size_t first_required = 0;
    while (first_required < n && missable + q[order[first_required]].weight < required - 1e-9) {
        missable += q[order[first_required]].weight;
        ++first_required;
    }

    // Names that hold a split token's halves side by side, per query token (found once per token
    // by prepare(), used for both the candidates and their bounds).
    const auto& split_names = query.split_names;

    thread_local Marks marks;
    thread_local std::vector<std::uint32_t> found;
    thread_local std::vector<std::uint32_t> slot;  // name id -> position in found
    if (slot.size() < names_.size()) slot.resize(names_.size());
    marks.begin(names_.size());
    found.clear();
    // Each candidate takes its slot as it is found.
    auto collect = [&](std::uint32_t name_id) {
        if (marks.mark(name_id)) {
            slot[name_id] = static_cast<std::uint32_t>(found.size());
            found.push_back(name_id);
        }
    };
    for (std::size_t k = first_required; k < n; ++k) {
        for_each_key(order[k], [&](std::uint32_t v, float) {
            for (std::uint32_t name_id : postings(v)) collect(name_id);
        });
        for (std::uint32_t name_id : split_names[order[k]]) collect(name_id);
        for_each_joined_split(order[k], collect);
    }
    // A listed initial pairs with any query token of its letter, so a name with initials may
    // pair the required tokens without sharing a key with them: such names are candidates when
    // they share a key with any token ("Ahmed Kustermann" ~ "AHMED, Abubakar K.").
    for (std::size_t k = 0; k < first_required; ++k) {
        for_each_key(order[k], [&](std::uint32_t v, float) {
            for (std::uint32_t name_id : initial_postings(v)) collect(name_id);
        });
        for (std::uint32_t name_id : split_names[order[k]]) {
            if (names_[name_id].initials > 0) collect(name_id);
        }
        for_each_joined_split(order[k], [&](std::uint32_t name_id) {
            if (names_[name_id].initials > 0) collect(name_id);
        });
    }
    if (found.empty()) return;

    // For each candidate, the most each query token can add to the paired weight (similarity times
    // weight): the score is at most 2S / (W + S). A query initial may pair with any listed token
    // of its letter, which no lookup enumerates. Any other token no lookup finds (an unseen name
    // with no near neighbour, split or joined form) can pair with a listed initial alone, which
    // the listed initials' share below bounds.
    std::size_t query_initials = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (q[i].text.size() == 1) ++query_initials;
    }
    // The listed side bounds it too: listed tokens no query token can reach stay unpaired and
    // cost at least kPersonUnpairedListed of their weight. listed_hit over-counts what can pair
    // (every hit adds the token's full rarity, repeats included).
    thread_local std::vector<float> listed_hit;
    listed_hit.assign(found.size(), 0.0F);
    thread_local std::vector<float> bound;
    thread_local std::vector<float> best;
    thread_local std::vector<std::uint32_t> touched;
    bound.assign(found.size(), 0.0F);
    best.assign(found.size(), 0.0F);
    // A candidate is touched at most once per query token (every similarity is above 0).
    touched.resize(found.size());
    // Which query tokens (bit i) and joined pairs reach a vocabulary id, as query.reach_set says,
    // but read by id directly: the scan below asks it of every token of every candidate. Filled
    // at the first scan of a query and emptied before returning.
    thread_local std::vector<ReachSet::Masks> id_masks;
    thread_local std::vector<std::uint32_t> masked_ids;
    bool masks_filled = false;
    auto fill_masks = [&] {
        if (id_masks.size() < vocab_.size()) id_masks.resize(vocab_.size());
        masked_ids.clear();
        auto add = [&](const std::vector<TokenReach>& reach, bool joined, std::size_t k) {
            if (k >= 32) return;  // as ReachSet::build
            for (const TokenReach& r : reach) {
                ReachSet::Masks& m = id_masks[r.id];
                if (m.tokens == 0 && m.joined == 0) masked_ids.push_back(r.id);
                (joined ? m.joined : m.tokens) |= 1U << k;
            }
        };
        for (std::size_t k = 0; k < query.reach.size(); ++k) add(query.reach[k], false, k);
        for (std::size_t k = 0; k < query.reach_joined.size(); ++k) add(query.reach_joined[k], true, k);
        masks_filled = true;
    };
    for (std::size_t i = 0; i < n; ++i) {
        // A query initial pairs with any listed token of its letter, but only in a name scored as
        // a person's (the scorer's allow_initials); elsewhere only by its lookups (the same letter
        // listed, or joined with a neighbour), walked below like any token's.
        const bool initial = q[i].text.size() == 1;
        if (!can_find[i] && !initial) continue;
        std::size_t touched_count = 0;
        // Either walk the postings of everything token i reaches, or, when that is long (a
        // common token such as "al"), look each candidate's own tokens up in token i's reach.
        std::size_t walk = 0;
        for_each_key(i, [&](std::uint32_t v, float) { walk += postings(v).size(); });
        if (walk <= kScanFactor * found.size()) {
            // The hottest loop of candidate generation: plain pointers, so that nothing is
            // reloaded per posting.
            const std::uint32_t* stamp = marks.stamp.data();
            const std::uint32_t epoch = marks.epoch;
            const std::uint32_t* slot_of = slot.data();
            const std::uint8_t* rep = max_repeat_.data();
            float* best_of = best.data();
            float* hit = listed_hit.data();
            std::uint32_t* touched_out = touched.data();
            for_each_key(i, [&](std::uint32_t v, float sim) {
                const float weight = vocab_[v].weight;
                for (std::uint32_t name_id : postings(v)) {
                    if (stamp[name_id] != epoch) continue;  // not a candidate
                    const std::uint32_t f = slot_of[name_id];
                    if (best_of[f] == 0.0F) touched_out[touched_count++] = f;
                    best_of[f] = std::max(best_of[f], sim);
                    hit[f] += weight * rep[name_id];
                }
            });
        } else {
            // Bits of the ReachSet that say token i (or a joined pair it is in) reaches an id; it
            // keeps 32 tokens' bits (a longer query looks every token up).
            const bool filter = i < 32;
            const std::uint32_t token_bit = filter ? 1U << i : 0U;
            std::uint32_t joined_bits = 0;
            for (std::size_t k = 0; k < query.joined.size() && k < 32; ++k) {
                const ScoredToken& j = query.joined[k];
                if (j.first <= i && i < static_cast<std::size_t>(j.first) + j.count) joined_bits |= 1U << k;
            }
            if (filter && !masks_filled) fill_masks();
            const ReachSet::Masks* masks = id_masks.data();
            const std::uint32_t* ids = token_ids_.data();
            const std::size_t candidates = found.size();
            for (std::uint32_t f = 0; f < candidates; ++f) {
                const ListedName& ln = names_[found[f]];
                for (const std::uint32_t* t = ids + ln.first_token, *end = t + ln.token_count; t != end; ++t) {
                    const std::uint32_t id = *t;
                    // Most of a candidate's tokens are in none of token i's lists.
                    if (filter) {
                        const ReachSet::Masks m = masks[id];
                        if ((m.tokens & token_bit) == 0 && (m.joined & joined_bits) == 0) continue;
                    }
                    float sim = reach_sim(query.reach[i], id);
                    for_each_joined(i, [&](const std::vector<TokenReach>& reach) {
                        sim = std::max(sim, reach_sim(reach, id));
                    });
                    if (sim <= 0.0F) continue;
                    if (best[f] == 0.0F) touched[touched_count++] = f;
                    best[f] = std::max(best[f], sim);
                    listed_hit[f] += vocab_[id].weight;
                }
            }
        }
        auto split_hit = [&](std::uint32_t name_id) {
            if (marks.stamp[name_id] != marks.epoch) return;
            std::uint32_t f = slot[name_id];
            if (best[f] == 0.0F) touched[touched_count++] = f;
            best[f] = 1.0F;
            listed_hit[f] += names_[name_id].weight;
        };
        for (std::uint32_t name_id : split_names[i]) split_hit(name_id);
        for_each_joined_split(i, split_hit);
        if (initial) {
            for (std::uint32_t f = 0; f < found.size(); ++f) {
                if (names_[found[f]].schema == Schema::kPerson) {
                    if (best[f] == 0.0F) touched[touched_count++] = f;
                    best[f] = std::max(best[f], static_cast<float>(kInitialSim));
                }
            }
        }
        for (std::size_t k = 0; k < touched_count; ++k) {
            const std::uint32_t f = touched[k];
            bound[f] += best[f] * q[i].weight;
            best[f] = 0.0F;
        }
    }
    if (masks_filled) {
        for (std::uint32_t id : masked_ids) id_masks[id] = {};
    }
    // A listed initial may pair with any query token (as kInitialSim) without a lookup: a name
    // with k initials may gain that much on the k heaviest query tokens.
    thread_local std::vector<double> heaviest;  // prefix sums of query weights, heaviest first
    heaviest.assign(1, 0.0);
    {
        std::vector<double> w;
        for (const ScoredToken& t : q) w.push_back(t.weight);
        std::sort(w.begin(), w.end(), std::greater<>());
        for (double x : w) heaviest.push_back(heaviest.back() + x);
    }
    for (std::uint32_t f = 0; f < found.size(); ++f) {
        const std::size_t k = std::min<std::size_t>(names_[found[f]].initials, n);
        double m = std::min(static_cast<double>(bound[f]) + kInitialSim * heaviest[k], total);
        // Each query initial may pair with any one listed token of its letter, at most the
        // name's heaviest.
        const ListedName& ln = names_[found[f]];
        const double unpaired = std::max(
            0.0, static_cast<double>(ln.weight) - listed_hit[f] - static_cast<double>(query_initials) * ln.heaviest);
        // Only person names (scored as persons) leave listed tokens unpaired at a discount.
        const double alpha = ln.schema == Schema::kPerson ? kPersonUnpairedListed : kOtherUnpairedListed;
        if (2.0 * m / (total + m + alpha * unpaired) >= min_score - 1e-6) {
            out.push_back(found[f]);
        }
    }
}

}  // namespace cordon
