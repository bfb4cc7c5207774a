#include "cordon/name_index.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "cordon/similarity.h"

namespace cordon {

namespace {

constexpr float kLegalFormFactor = 0.2F;
constexpr float kStopwordFactor = 0.1F;

float role_factor(TokenRole role) {
    switch (role) {
        case TokenRole::kName: return 1.0F;
        case TokenRole::kLegalForm: return kLegalFormFactor;
        case TokenRole::kStopword: return kStopwordFactor;
        case TokenRole::kHonorific: return 0.0F;
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

// Calls f with every distinct string made by deleting 1..max_deletions letters of s.
template <class F>
void for_each_deletion(std::string_view s, std::size_t max_deletions, F&& f) {
    std::string d;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i > 0 && s[i] == s[i - 1]) continue;  // same deletion as the previous position
        d.assign(s.substr(0, i));
        d.append(s.substr(i + 1));
        f(d);
        if (max_deletions >= 2) {
            for (std::size_t j = i; j < d.size(); ++j) {
                if (j > i && d[j] == d[j - 1]) continue;
                std::string dd = d.substr(0, j);
                dd.append(d, j + 1, std::string::npos);
                f(dd);
            }
        }
    }
}

}  // namespace

NameIndex NameIndex::build(const Snapshot& snapshot, const Normalizer& normalizer) {
    NameIndex ix;
    ix.normalizer_ = &normalizer;

    // 1. Tokenise every name; collect the vocabulary with document frequencies.
    struct RawVocab {
        std::string text, variant, phonetic;
        TokenRole role;
        std::uint32_t df = 0;
        std::uint32_t last_name = UINT32_MAX;
    };
    std::vector<RawVocab> raw;
    std::unordered_map<std::string, std::uint32_t> raw_ids;
    std::vector<std::uint32_t> name_token_ids;  // flat, per name
    std::vector<Token> tokens;
    std::vector<std::uint32_t> ids;
    ix.entity_first_.reserve(snapshot.entity_count() + 1);
    for (std::uint32_t e = 0; e < snapshot.entity_count(); ++e) {
        ix.entity_first_.push_back(static_cast<std::uint32_t>(ix.entity_names_.size()));
        const Entity& entity = snapshot.entity(e);
        std::vector<std::vector<std::uint32_t>> seen;  // token-id sequences of this entity's names
        for (std::uint32_t k = 0; k < entity.names.size(); ++k) {
            normalizer.tokenize(entity.names[k].full, tokens);
            ids.clear();
            for (const Token& t : tokens) {
                if (t.role == TokenRole::kHonorific || t.text.empty()) continue;
                auto [it, inserted] =
                    raw_ids.emplace(t.text, static_cast<std::uint32_t>(raw.size()));
                if (inserted) raw.push_back({t.text, t.variant, t.phonetic, t.role});
                ids.push_back(it->second);
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
        v.weight = static_cast<float>(std::log(n / (r.df + 0.5))) * role_factor(r.role);
        ix.vocab_.push_back(v);
    }
    for (std::uint32_t id = 0; id < ix.vocab_.size(); ++id) {
        const Vocab& v = ix.vocab_[id];
        std::string_view t = ix.arena_view(v.text_off, v.text_len);
        ix.by_text_.emplace(t, id);
        if (v.variant_len > 0) ix.by_variant_.emplace(ix.arena_view(v.variant_off, v.variant_len), id);
        if (v.phonetic_len > 0) {
            ix.by_phonetic_.emplace(ix.arena_view(v.phonetic_off, v.phonetic_len), id);
        }
        if (v.role == TokenRole::kName && max_token_edits(t.size()) > 0) {
            ix.by_deletion_.emplace(std::string(t), id);
            for_each_deletion(t, max_token_edits(t.size()),
                              [&](const std::string& d) { ix.by_deletion_.emplace(d, id); });
        }
    }

    // 3. Tokens of each name as the scorer sees them, and the postings.
    ix.tokens_.reserve(name_token_ids.size());
    for (std::uint32_t id : name_token_ids) {
        const Vocab& v = ix.vocab_[id];
        ix.tokens_.push_back({ix.arena_view(v.text_off, v.text_len),
                              ix.arena_view(v.variant_off, v.variant_len),
                              ix.arena_view(v.phonetic_off, v.phonetic_len), v.role, v.weight, id});
    }
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
    return ix;
}

std::uint32_t NameIndex::find_text(std::string_view s) const {
    auto it = by_text_.find(s);
    return it == by_text_.end() ? UINT32_MAX : it->second;
}

void NameIndex::prepare(std::string_view name, PreparedQuery& out) const {
    normalizer_->tokenize(name, out.raw);
    out.raw.erase(std::remove_if(out.raw.begin(), out.raw.end(),
                                 [](const Token& t) {
                                     return t.role == TokenRole::kHonorific || t.text.empty();
                                 }),
                  out.raw.end());
    out.tokens.clear();
    for (const Token& t : out.raw) {
        ScoredToken st{t.text, t.variant, t.phonetic, t.role, unknown_weight_, UINT32_MAX};
        std::uint32_t id = find_text(t.text);
        if (id != UINT32_MAX) {
            st.id = id;
            st.weight = vocab_[id].weight;
        } else {
            // An unseen spelling of a known token is as common as the token.
            auto range = by_variant_.equal_range(t.variant);
            float w = unknown_weight_;
            bool found = false;
            for (auto it = range.first; it != range.second; ++it) {
                w = found ? std::min(w, vocab_[it->second].weight) : vocab_[it->second].weight;
                found = true;
            }
            st.weight = w * (found ? 1.0F : role_factor(t.role));
        }
        out.tokens.push_back(st);
    }
    join_tokens(out.tokens, out.joined_raw, out.joined);
}

void NameIndex::expand(const ScoredToken& t, std::vector<std::uint32_t>& out) const {
    if (t.id != UINT32_MAX) out.push_back(t.id);
    auto add_range = [&](auto range) {
        for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
    };
    if (!t.variant.empty()) add_range(by_variant_.equal_range(t.variant));
    if (t.phonetic.size() >= 2 && t.text.size() >= 3) add_range(by_phonetic_.equal_range(t.phonetic));
    // Tokens within the scorer's fuzzy reach (max_token_edits of the shorter one).
    if (t.role == TokenRole::kName && max_token_edits(t.text.size()) > 0) {
        auto add_neighbours = [&](const std::string& key) {
            auto range = by_deletion_.equal_range(key);
            for (auto it = range.first; it != range.second; ++it) {
                std::string_view c = text(it->second);
                std::size_t k = max_token_edits(std::min(t.text.size(), c.size()));
                if (k > 0 && osa_distance(t.text, c, k) <= k) out.push_back(it->second);
            }
        };
        add_neighbours(std::string(t.text));
        for_each_deletion(t.text, max_token_edits(t.text.size()), add_neighbours);
    }
    // A token that is two listed tokens written together: Sangman ~ Sang Man.
    if (t.text.size() >= 4) {
        for (std::size_t p = 2; p + 2 <= t.text.size(); ++p) {
            std::uint32_t a = find_text(t.text.substr(0, p));
            if (a == UINT32_MAX) continue;
            std::uint32_t b = find_text(t.text.substr(p));
            if (b == UINT32_MAX) continue;
            out.push_back(vocab_[a].weight >= vocab_[b].weight ? a : b);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

void NameIndex::candidates(const PreparedQuery& query, double min_score,
                           std::vector<std::uint32_t>& out) const {
    out.clear();
    const auto& q = query.tokens;
    if (q.empty()) return;
    thread_local std::vector<std::vector<std::uint32_t>> expansions;
    thread_local std::vector<std::uint32_t> order;
    thread_local Marks marks;
    if (expansions.size() < q.size()) expansions.resize(q.size());
    double total = 0;
    for (std::size_t i = 0; i < q.size(); ++i) {
        expansions[i].clear();
        expand(q[i], expansions[i]);
        total += q[i].weight;
    }
    // Two query tokens that are one listed token written apart: Sang Man ~ Sangman. A name
    // reached this way pairs both tokens, so it counts as found through either.
    thread_local std::vector<std::uint32_t> joined;
    for (std::size_t i = 0; i < query.joined.size() && i + 1 < q.size(); ++i) {
        joined.clear();
        expand(query.joined[i], joined);
        expansions[i].insert(expansions[i].end(), joined.begin(), joined.end());
        expansions[i + 1].insert(expansions[i + 1].end(), joined.begin(), joined.end());
    }

    // The lightest tokens a name may miss altogether and still reach min_score; the rest must
    // contribute. Tokens no lookup can find go first among the missable.
    const double required = min_paired_weight_share(min_score) * total;
    order.resize(q.size());
    std::iota(order.begin(), order.end(), 0U);
    // Initials pair with any token of their letter, which no lookup enumerates.
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        bool ea = expansions[a].empty() || q[a].text.size() == 1;
        bool eb = expansions[b].empty() || q[b].text.size() == 1;
        if (ea != eb) return ea;
        return q[a].weight < q[b].weight;
    });
    double missable = 0;
    std::size_t first_required = 0;
    while (first_required < order.size() &&
           missable + q[order[first_required]].weight < required - 1e-9) {
        missable += q[order[first_required]].weight;
        ++first_required;
    }
    marks.begin(names_.size());
    for (std::size_t k = first_required; k < order.size(); ++k) {
        for (std::uint32_t v : expansions[order[k]]) {
            for (std::uint32_t name_id : postings(v)) {
                if (marks.mark(name_id)) out.push_back(name_id);
            }
        }
    }
}

}  // namespace cordon
