#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "cordon/matcher.h"
#include "cordon/similarity.h"

namespace cordon {

namespace {

// Similarity given to each kind of agreement that is not an exact one.
constexpr double kVariantSim = 0.95;
constexpr double kPhoneticSim = 0.80;
constexpr double kAbjadPhoneticSim = 0.90;
constexpr double kFuzzyFloor = 0.75;   // fuzzy similarity below this is no match at all
constexpr std::size_t kMaxTokens = 24;  // longer names are cut (no listed name comes close)

struct Candidate {
    float sim;
    float weight;  // query-side weight of the pair
    std::uint8_t qi;
    std::uint8_t qn;  // 1 or 2 query tokens
    std::uint8_t ci;
    std::uint8_t cn;  // 1 or 2 listed tokens
    MatchMethod method;
};

}  // namespace

std::size_t max_token_edits(std::size_t length) {
    if (length <= 3) return 0;
    if (length <= 7) return 1;
    return 2;
}

namespace {

// The mean of Jaro-Winkler (forgiving at the end of a word) and the Damerau-Levenshtein similarity
// (strict about how many letters differ): one typo in an eight-letter token keeps about 0.91,
// two changed letters in a five-letter one (korea ~ koryo) are no match. At most
// max_token_edits() edits, the same bound the index's neighbourhood lookups use.
double fuzzy(std::string_view a, std::string_view b) {
    std::size_t max_edits = max_token_edits(std::min(a.size(), b.size()));
    // A three-letter token may have lost one letter of a four-letter one (Rea ~ Reza), but two
    // three-letter tokens one letter apart (Kim ~ Kin) are different names.
    if (max_edits == 0 && std::min(a.size(), b.size()) == 3 && std::max(a.size(), b.size()) == 4) {
        max_edits = 1;
    }
    if (max_edits == 0) return 0.0;  // too short for edit-based evidence
    const std::size_t longest = std::max(a.size(), b.size());
    std::size_t d = osa_distance(a, b, max_edits);
    if (d > max_edits) return 0.0;
    double lev = 1.0 - static_cast<double>(d) / static_cast<double>(longest);
    double s = 0.5 * (jaro_winkler(a, b) + lev);
    return s >= kFuzzyFloor ? s : 0.0;
}

// True when listed tokens a and b written together are exactly the query token c.
// Halves of one letter are initials or noise, not a name written apart (the index's rule too).
inline bool joins_to(std::string_view a, std::string_view b, std::string_view c) {
    return a.size() >= 2 && b.size() >= 2 && c.size() == a.size() + b.size() &&
           std::memcmp(c.data(), a.data(), a.size()) == 0 &&
           std::memcmp(c.data() + a.size(), b.data(), b.size()) == 0;
}

double lookup(const std::vector<TokenReach>& reach, std::uint32_t id, MatchMethod* how) {
    auto it = std::lower_bound(reach.begin(), reach.end(), id,
                               [](const TokenReach& r, std::uint32_t v) { return r.id < v; });
    if (it == reach.end() || it->id != id) return 0.0;
    *how = it->method;
    return it->sim;
}

std::string join2(std::span<const ScoredToken> t, std::size_t i, std::size_t n) {
    std::string s(t[i].text);
    if (n == 2) {
        s += ' ';
        s += t[i + 1].text;
    }
    return s;
}

}  // namespace

std::string_view match_method_name(MatchMethod m) {
    switch (m) {
        case MatchMethod::kNone: return "none";
        case MatchMethod::kExact: return "exact";
        case MatchMethod::kVariant: return "variant";
        case MatchMethod::kInitial: return "initial";
        case MatchMethod::kFuzzy: return "fuzzy";
        case MatchMethod::kPhonetic: return "phonetic";
        case MatchMethod::kJoined: return "joined";
    }
    return "none";
}

double token_similarity(const ScoredToken& q, const ScoredToken& c, bool allow_initials,
                        MatchMethod* how) {
    if ((q.id != UINT32_MAX && q.id == c.id) || q.text == c.text) {
        *how = MatchMethod::kExact;
        return 1.0;
    }
    if (!q.variant.empty() && q.variant == c.variant) {
        *how = MatchMethod::kVariant;
        return kVariantSim;
    }
    if (allow_initials && (q.text.size() == 1 || c.text.size() == 1)) {
        if (!q.text.empty() && !c.text.empty() && q.text[0] == c.text[0]) {
            *how = MatchMethod::kInitial;
            return kInitialSim;
        }
        *how = MatchMethod::kNone;
        return 0.0;
    }
    double best = fuzzy(q.text, c.text);
    MatchMethod m = best > 0 ? MatchMethod::kFuzzy : MatchMethod::kNone;
    // Same sound, same first letter: Mohammad ~ Mukhammad, Yevgeny ~ Evgeni are caught by the
    // variant key; this catches what no rule foresaw.
    if (best < kPhoneticSim && phonetic_agrees(q, c)) {
        // An abjad skeleton has nothing but its consonants to agree on: that is all the
        // evidence there is, and it is good evidence.
        best = q.abjad || c.abjad ? kAbjadPhoneticSim : kPhoneticSim;
        m = MatchMethod::kPhonetic;
    }
    *how = m;
    return best;
}

namespace {

// The consonant skeleton of a token, fine enough to tell names apart: an abjad transliteration
// (mhmd, ashwry, qanwny) and a Latin spelling (Mohammed, Ashouri, Kani) of the same name give the
// same string. Vowels, and the vowel letters w and y inside an abjad word, drop out; digraphs become
// one consonant; letters that the two traditions render differently share a class (q/k, p/b, v/w,
// and d/z/dh for Arabic dad and dhal, written d in Arabic names and z in Persian ones).
std::size_t skeleton(std::string_view t, bool abjad, char (&out)[64]) {
    std::size_t n = 0;
    auto push = [&](char c) {
        if (n > 0 && out[n - 1] == c) return;  // doubled letters
        if (n < sizeof out) out[n++] = c;
    };
    for (std::size_t i = 0; i < t.size(); ++i) {
        char c = t[i];
        char next = i + 1 < t.size() ? t[i + 1] : '\0';
        if (next == 'h' && (c == 's' || c == 'k' || c == 'g' || c == 't' || c == 'd' || c == 'c' || c == 'p')) {
            static constexpr std::string_view kFrom = "skgtdcp";
            static constexpr std::string_view kTo = "SXgtdSf";
            push(kTo[kFrom.find(c)]);
            ++i;
            continue;
        }
        switch (c) {
            case 'a': case 'e': case 'i': case 'o': case 'u': continue;
            case 'w': case 'y': case 'v':
                if (i == 0) push(c == 'y' ? 'y' : 'w');
                else if (!abjad && c == 'v') push('w');
                continue;
            case 'q': case 'c': push('k'); continue;
            case 'p': push('b'); continue;
            case 'z': push('d'); continue;
            default: push(c);
        }
    }
    return n;
}

bool skeletons_agree(const ScoredToken& a, const ScoredToken& b) {
    const ScoredToken& ab = a.abjad ? a : b;
    const ScoredToken& la = a.abjad ? b : a;
    if (la.text.size() < 3) return false;
    char x[64];
    char y[64];
    std::size_t nx = skeleton(ab.text, true, x);
    std::size_t ny = skeleton(la.text, false, y);
    // A final ta marbuta or he is written in the abjad and often not in Latin (Fatimah ~ Fatima).
    if (nx == ny + 1 && (x[nx - 1] == 't' || x[nx - 1] == 'h')) --nx;
    return nx >= 2 && nx == ny && std::string_view(x, nx) == std::string_view(y, ny);
}

}  // namespace

bool phonetic_agrees(const ScoredToken& a, const ScoredToken& b) {
    if (a.abjad != b.abjad) return skeletons_agree(a, b);
    // The cheap tests first: the index asks this of every token under a phonetic key.
    if (a.phonetic.size() < 3 || a.text.empty() || b.text.empty() || a.text[0] != b.text[0]) return false;
    return a.phonetic == b.phonetic;
}

double min_paired_weight_share(double min_score) {
    if (min_score <= 0) return 0;
    if (min_score >= 1) return 1;
    return min_score / (2.0 - min_score);
}

NameScore score_names(std::span<const ScoredToken> query, std::span<const ScoredToken> listed,
                      const NameScoreOptions& options, std::span<const ScoredToken> joined,
                      const QueryReach* reach) {
    NameScore out;
    query = query.first(std::min(query.size(), kMaxTokens));
    listed = listed.first(std::min(listed.size(), kMaxTokens));
    if (query.empty() || listed.empty()) return out;

    // Per listed token, what the pair loop asks of it again and again: which query tokens reach
    // it (when the query says; else all may), and the lengths it makes written together with the
    // next token (kNoJoin: none; halves of one letter do not join).
    constexpr std::size_t kNoJoin = SIZE_MAX;
    struct Listed {
        ReachSet::Masks reached;
        std::size_t join_len;
        std::size_t variant_join_len;
        bool looked_up;  // its pairs come from the reach lists
        bool initial;
    };
    auto length_bit = [](std::size_t n) { return std::uint64_t{1} << std::min<std::size_t>(n, 63); };
    std::array<Listed, kMaxTokens> info;
    // The pair loop visits, for each query token, only the listed tokens that may pair with it
    // (in the same order, so the candidates and their ties come out as from a full loop): those
    // its reach lists hold, and those compared directly.
    std::array<std::uint32_t, kMaxTokens> token_js{};   // [i]: bit j when reach.tokens[i] holds j
    std::array<std::uint32_t, kMaxTokens> joined_js{};  // [i]: bit j when reach.joined[i] holds j
    const std::uint32_t all_js = (listed.size() == 32 ? 0U : (1U << listed.size())) - 1U;
    std::uint32_t direct_js = 0;         // pairs with any query token by comparison, not lookup
    std::uint32_t direct_joined_js = 0;  // the same for joined query pairs
    std::uint64_t join_lengths = 0;
    std::uint64_t variant_join_lengths = 0;
    for (std::size_t j = 0; j < listed.size(); ++j) {
        Listed& l = info[j];
        l.reached = {~0U, ~0U};
        l.join_len = kNoJoin;
        l.variant_join_len = kNoJoin;
        l.looked_up = reach != nullptr && listed[j].id != UINT32_MAX;
        if (l.looked_up && reach->set != nullptr) l.reached = reach->set->find(listed[j].id);
        l.initial = listed[j].text.size() == 1;
        if (!l.looked_up || l.initial) direct_js |= 1U << j;
        if (!l.looked_up) direct_joined_js |= 1U << j;
        for (std::uint32_t m = l.reached.tokens; m != 0; m &= m - 1) {
            const auto i = static_cast<std::size_t>(std::countr_zero(m));
            if (i < query.size()) token_js[i] |= 1U << j;
        }
        for (std::uint32_t m = l.reached.joined; m != 0; m &= m - 1) {
            const auto i = static_cast<std::size_t>(std::countr_zero(m));
            if (i < query.size()) joined_js[i] |= 1U << j;
        }
        if (j + 1 < listed.size()) {
            if (listed[j].text.size() >= 2 && listed[j + 1].text.size() >= 2) {
                l.join_len = listed[j].text.size() + listed[j + 1].text.size();
                join_lengths |= length_bit(l.join_len);
            }
            if (listed[j].variant.size() >= 2 && listed[j + 1].variant.size() >= 2) {
                l.variant_join_len = listed[j].variant.size() + listed[j + 1].variant.size();
                variant_join_lengths |= length_bit(l.variant_join_len);
            }
        }
    }
    // Every pairing worth considering, single tokens and joined neighbours.
    thread_local std::vector<Candidate> cands;
    cands.clear();
    for (std::size_t i = 0; i < query.size(); ++i) {
        const ScoredToken& q = query[i];
        const bool variant_differs = q.variant != q.text;
        const bool q_initial = q.text.size() == 1;
        const bool token_reach = reach != nullptr && i < reach->tokens.size();
        const bool has_joined = i + 1 < query.size() && i < joined.size();
        const bool joined_reach = reach != nullptr && i < reach->joined.size();
        std::uint32_t visit = token_reach && !q_initial ? token_js[i] | direct_js : all_js;
        if (has_joined) visit |= joined_reach ? joined_js[i] | direct_joined_js : all_js;
        if ((join_lengths & length_bit(q.text.size())) != 0 ||
            (variant_differs && (variant_join_lengths & length_bit(q.variant.size())) != 0)) {
            for (std::size_t j = 0; j + 1 < listed.size(); ++j) {
                if (info[j].join_len == q.text.size() ||
                    (variant_differs && info[j].variant_join_len == q.variant.size())) {
                    visit |= 1U << j;
                }
            }
        }
        for (; visit != 0; visit &= visit - 1) {
            const auto j = static_cast<std::size_t>(std::countr_zero(visit));
            const Listed& l = info[j];
            MatchMethod how = MatchMethod::kNone;
            double s = 0;
            if (token_reach && l.looked_up && !q_initial && !l.initial) {
                if ((l.reached.tokens >> i & 1U) != 0) s = lookup(reach->tokens[i], listed[j].id, &how);
            } else {
                s = token_similarity(q, listed[j], options.person, &how);
            }
            if (s > 0) {
                cands.push_back({static_cast<float>(s), q.weight, static_cast<std::uint8_t>(i),
                                 1, static_cast<std::uint8_t>(j), 1, how});
            }
            if (has_joined) {
                // Two query tokens written apart that the list writes as one (Sang Man ~ Sangman):
                // the joined token is compared like any other.
                MatchMethod jhow = MatchMethod::kNone;
                double js = 0;
                if (joined_reach && l.looked_up) {
                    if ((l.reached.joined >> i & 1U) != 0) js = lookup(reach->joined[i], listed[j].id, &jhow);
                } else {
                    js = token_similarity(joined[i], listed[j], false, &jhow);
                }
                if (js > 0) {
                    cands.push_back({static_cast<float>(js), q.weight + query[i + 1].weight,
                                     static_cast<std::uint8_t>(i), 2, static_cast<std::uint8_t>(j),
                                     1, MatchMethod::kJoined});
                }
            }
            if (l.join_len == q.text.size() || (variant_differs && l.variant_join_len == q.variant.size())) {
                float js = 0;
                if (joins_to(listed[j].text, listed[j + 1].text, q.text)) {
                    js = 1.0F;
                } else if (variant_differs &&
                           joins_to(listed[j].variant, listed[j + 1].variant, q.variant)) {
                    js = static_cast<float>(kVariantSim);  // Abdel ~ Abd al
                }
                if (js > 0) {
                    cands.push_back({js, q.weight, static_cast<std::uint8_t>(i), 1,
                                     static_cast<std::uint8_t>(j), 2, MatchMethod::kJoined});
                }
            }
        }
    }
    // Best similarity first; among equals the heavier pair, then joined pairs (they use more tokens).
    std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
        if (a.sim != b.sim) return a.sim > b.sim;
        if (a.weight != b.weight) return a.weight > b.weight;
        return a.qn + a.cn > b.qn + b.cn;
    });

    std::uint32_t q_used = 0;  // bit masks; kMaxTokens <= 32
    std::uint32_t c_used = 0;
    double numerator = 0;
    double paired_weight = 0;
    bool any_full = false;  // a pair that is not an initial
    for (const Candidate& k : cands) {
        std::uint32_t qm = ((1U << k.qn) - 1U) << k.qi;
        std::uint32_t cm = ((1U << k.cn) - 1U) << k.ci;
        if ((q_used & qm) != 0 || (c_used & cm) != 0) continue;
        q_used |= qm;
        c_used |= cm;
        numerator += 2.0 * k.sim * k.weight;
        paired_weight += k.weight;
        any_full = any_full || k.method != MatchMethod::kInitial;
        if (options.explain) {
            out.pairs.push_back({join2(query, k.qi, k.qn), join2(listed, k.ci, k.cn), k.method,
                                 k.sim, k.weight});
        }
    }

    double query_weight = 0;
    for (const ScoredToken& t : query) query_weight += t.weight;
    double unpaired_listed = 0;
    for (std::size_t j = 0; j < listed.size(); ++j) {
        if ((c_used & (1U << j)) == 0) {
            unpaired_listed += listed[j].weight;
            if (options.explain) out.unmatched_listed.emplace_back(listed[j].text);
        }
    }
    if (options.explain) {
        for (std::size_t i = 0; i < query.size(); ++i) {
            if ((q_used & (1U << i)) == 0) out.unmatched_query.emplace_back(query[i].text);
        }
    }
    // Initials support a match; they do not make one: a name paired by initials alone is no match.
    if (!any_full) numerator = 0;
    double alpha = options.person ? kPersonUnpairedListed : kOtherUnpairedListed;
    double denominator = query_weight + paired_weight + alpha * unpaired_listed;
    out.score = denominator > 0 ? std::min(1.0, numerator / denominator) : 0.0;
    return out;
}

void ReachSet::build(const QueryReach& reach) {
    std::size_t n = 0;
    for (const auto& r : reach.tokens) n += r.size();
    for (const auto& r : reach.joined) n += r.size();
    std::uint32_t bits = 4;
    while ((std::size_t{1} << bits) < 2 * n) ++bits;
    mask_ = (1U << bits) - 1U;
    shift_ = 32 - bits;
    slots_.assign(std::size_t{1} << bits, Slot{});
    auto add = [&](std::uint32_t id, bool joined, std::size_t i) {
        if (i >= 32) return;  // the scorer never looks past kMaxTokens
        std::uint32_t p = slot_of(id);
        while (slots_[p].id != id && slots_[p].id != kEmpty) p = (p + 1) & mask_;
        slots_[p].id = id;
        (joined ? slots_[p].masks.joined : slots_[p].masks.tokens) |= 1U << i;
    };
    for (std::size_t i = 0; i < reach.tokens.size(); ++i) {
        for (const TokenReach& r : reach.tokens[i]) add(r.id, false, i);
    }
    for (std::size_t i = 0; i < reach.joined.size(); ++i) {
        for (const TokenReach& r : reach.joined[i]) add(r.id, true, i);
    }
}

void join_tokens(std::span<const ScoredToken> tokens, std::vector<Token>& storage,
                 std::vector<ScoredToken>& joined) {
    joined.clear();
    const std::size_t n = tokens.size() < 2 ? 0 : tokens.size() - 1;
    storage.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        Token& t = storage[i];
        t.text.assign(tokens[i].text);
        t.text.append(tokens[i + 1].text);
        variant_key(t.text, t.variant);
        phonetic_from_variant(t.variant, t.phonetic);
        t.role = TokenRole::kName;
    }
    for (std::size_t i = 0; i < n; ++i) {
        const Token& t = storage[i];
        joined.push_back({t.text, t.variant, t.phonetic, TokenRole::kName,
                          tokens[i].weight + tokens[i + 1].weight, UINT32_MAX,
                          tokens[i].abjad || tokens[i + 1].abjad});
    }
}

}  // namespace cordon
