#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "cordon/glossary.h"
#include "cordon/matcher.h"
#include "cordon/similarity.h"

namespace cordon {

namespace {

// Similarity given to each kind of agreement that is not an exact one.
constexpr double kVariantSim = 0.95;
constexpr double kPhoneticSim = 0.80;
constexpr double kAbjadPhoneticSim = 0.90;
constexpr double kTranslationSim = 0.90;  // a glossary word: the meaning agrees, the spelling says nothing
constexpr double kFuzzyFloor = 0.75;   // fuzzy similarity below this is no match at all
constexpr std::size_t kJoinedSkeletonLetters = 4;  // consonants a joined token's skeleton agrees on
constexpr std::size_t kMaxTokens = kMaxScoredTokens;

struct Candidate {
    float sim;
    float weight;  // query-side weight of the pair
    std::uint8_t qi;
    std::uint8_t qn;  // 1 to 3 query tokens
    std::uint8_t ci;
    std::uint8_t cn;  // 1 to 3 listed tokens
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
double fuzzy(std::string_view a, std::string_view b, bool joined) {
    std::size_t max_edits = max_token_edits(std::min(a.size(), b.size()));
    if (joined) max_edits = std::min<std::size_t>(max_edits, 1);
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

// True when listed tokens a, "al" and b written together are exactly the query token c.
inline bool joins_to3(std::string_view a, std::string_view b, std::string_view c) {
    return a.size() >= 2 && b.size() >= 2 && c.size() == a.size() + 2 + b.size() &&
           c.compare(0, a.size(), a) == 0 && c.compare(a.size(), 2, "al") == 0 &&
           c.compare(a.size() + 2, b.size(), b) == 0;
}

// A token one edit from listed tokens a and b written together (Alijaburi ~ Al-Jaburi): the
// similarity of a joined token (fuzzy), 0 when further. The index finds such names through the
// pairs of its names written together (NameIndex::names_with_joined_pair).
double fuzzy_join(std::string_view t, std::string_view a, std::string_view b) {
    // Six letters or more on both sides: shorter joins are one edit from too many pairs.
    if (a.size() < 2 || b.size() < 2 || t.size() < kMinFuzzyJoin || a.size() + b.size() < kMinFuzzyJoin) return 0.0;
    // One edit leaves all but two letters in a common prefix and suffix: most pairs fail that
    // on their first letters, before the two are written together.
    const std::size_t n = a.size() + b.size();
    if (t.size() + 1 < n || n + 1 < t.size()) return 0.0;
    auto at = [&](std::size_t k) { return k < a.size() ? a[k] : b[k - a.size()]; };
    std::size_t prefix = 0;
    while (prefix < t.size() && prefix < n && t[prefix] == at(prefix)) ++prefix;
    std::size_t suffix = 0;
    while (suffix < t.size() - prefix && suffix < n - prefix && t[t.size() - 1 - suffix] == at(n - 1 - suffix)) {
        ++suffix;
    }
    if (prefix + suffix + 2 < std::max(t.size(), n)) return 0.0;
    thread_local std::string both;
    both.assign(a).append(b);
    return fuzzy(t, both, true);
}

// The same by variant keys: the query token's key is a's key, "al", and a rest whose own key is
// b's (variant keys do not compose: AbdulJalil -> abdaljalil, but Jalil alone -> yalil).
bool variant_joins_to3(std::string_view a, std::string_view b, std::string_view c) {
    if (a.size() < 2 || b.size() < 2 || c.size() < a.size() + 4 || c.compare(0, a.size(), a) != 0 ||
        c.compare(a.size(), 2, "al") != 0) {
        return false;
    }
    thread_local std::string rest;
    variant_key(c.substr(a.size() + 2), rest);
    return rest == b;
}

double lookup(const std::vector<TokenReach>& reach, std::uint32_t id, MatchMethod* how) {
    auto it = std::lower_bound(reach.begin(), reach.end(), id,
                               [](const TokenReach& r, std::uint32_t v) { return r.id < v; });
    if (it == reach.end() || it->id != id) return 0.0;
    *how = it->method;
    return it->sim;
}

// One token from an abjad, the other Latin: the length of the Latin token's consonant skeleton when
// a skeleton reading of the abjad token equals it and has at least `min_letters` consonants, else 0.
std::size_t skeleton_agreement(const ScoredToken& a, const ScoredToken& b, std::size_t min_letters = 2);

// Whether query words joined into one may stand for a listed legal form paired `how`: only when
// they spell it (L L C ~ LLC). A consonant skeleton of two words agrees with a legal form's by
// chance (المتحدث, "the spokesman", al + mthdth ~ Limited), and a legal form is written, not sounded.
bool joined_may_be_legal_form(const ScoredToken& listed, MatchMethod how) {
    return listed.role != TokenRole::kLegalForm || how == MatchMethod::kExact || how == MatchMethod::kVariant;
}

std::string join_text(std::span<const ScoredToken> t, std::size_t i, std::size_t n) {
    std::string s(t[i].text);
    for (std::size_t k = 1; k < n; ++k) {
        s += ' ';
        s += t[i + k].text;
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
        case MatchMethod::kTranslation: return "translation";
    }
    return "none";
}

double token_similarity(const ScoredToken& q, const ScoredToken& c, bool allow_initials,
                        MatchMethod* how, bool joined) {
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
    double best = fuzzy(q.text, c.text, joined);
    MatchMethod m = best > 0 ? MatchMethod::kFuzzy : MatchMethod::kNone;
    if (best < kTranslationSim && q.abjad != c.abjad &&
        glosses_to(q.abjad ? q.text : c.text, q.abjad ? c.text : q.text)) {
        *how = MatchMethod::kTranslation;  // التونسية ~ Tunisian
        return kTranslationSim;
    }
    // Same sound, same first letter: Mohammad ~ Mukhammad, Yevgeny ~ Evgeni are caught by the
    // variant key; this catches what no rule foresaw.
    if (best < kPhoneticSim && q.abjad != c.abjad) {
        // Across scripts the consonant skeleton is all the evidence there is: good evidence when
        // it has three consonants or more, weak with two (سعيد, Said ~ Asad ~ Saad). Joined
        // tokens agree only on four or more: a skeleton of two joined words has the consonants
        // of many single names (nwb + awbd ~ Nabizada).
        const bool joinable = q.skeleton_joinable && c.skeleton_joinable;
        const std::size_t n = !joinable ? 0 : skeleton_agreement(q, c, joined ? kJoinedSkeletonLetters : 2);
        if (n > 0) {
            best = n >= 3 ? kAbjadPhoneticSim : kPhoneticSim;
            m = MatchMethod::kPhonetic;
        } else if (matres_agrees(q.abjad ? q.text : c.text, q.abjad ? c.text : q.text, joined)) {
            // Too few consonants to tell, but the long vowels agree too (ایوب aywb ~ Ayyub).
            best = kPhoneticSim;
            m = MatchMethod::kPhonetic;
        } else if (!joined) {
            // A short word has too few consonants for a skeleton; read its long vowels instead
            // (ابو abw ~ Abu).
            const ScoredToken& ab = q.abjad ? q : c;
            const ScoredToken& la = q.abjad ? c : q;
            char v[kMaxVocalized];
            const std::size_t k = vocalize(ab.text, v);
            if (k > 0 && la.text == std::string_view(v, k)) {
                best = kPhoneticSim;
                m = MatchMethod::kPhonetic;
            }
        }
    } else if (best < kPhoneticSim && !joined && phonetic_agrees(q, c)) {
        best = q.abjad ? kAbjadPhoneticSim : kPhoneticSim;
        m = MatchMethod::kPhonetic;
    }
    *how = m;
    return best;
}

namespace {

// How an abjad transliteration may be read besides as written (abjad_skeletons).
enum Reading : unsigned {
    kAsWritten = 0,
    // The l of the article al before a sun letter drops out, as in speech and in Latin spellings
    // (al-din ~ eddine, abd al-rahman ~ abdurrahman).
    kAssimilated = 1,
    // s, d, k, g, t before h are two letters, not a digraph (صحراوي shrawy ~ Sahraoui, المزيده
    // mzydh ~ Mazidih).
    kNoDigraphs = 2,
    // th (tha) is s, as Persian and Urdu say it (ثناء الله ~ Sanaullah).
    kThaAsS = 4,
    // A word-initial waw before a consonant is the vowel u (ولد wld ~ Ould).
    kInitialVowel = 8,
    // dh (dhal) is th, as Gulf and Iraqi spellings write it (الذهب dhhb ~ Thahab).
    kDhalAsTh = 32,
    // Long vowels kept (matres_skeleton; Latin or abjad): waw and yeh inside an abjad word, and
    // in Latin u/o as w and i/e as y after the first letter; a stays silent.
    kMatres = 16,
};

// The consonant skeleton of a token, fine enough to tell names apart: an abjad transliteration
// (mhmd, ashwry, qanwny) and a Latin spelling (Mohammed, Ashouri, Kani) of the same name give the
// same string. Vowels, and the vowel letters w and y inside an abjad word, drop out; digraphs become
// one consonant; letters that the two traditions render differently share a class (q/k, p/b, v/w,
// j/g for jim (Jamal, Gamal), and d/z/dh for Arabic dad and dhal, written d in Arabic names and z
// in Persian ones). Latin spellings of the French tradition read dj as j (Djamel) and c before a
// front vowel as s (Lounici). `reading` (abjad only) is a set of Reading flags.
void skeleton(std::string_view t, bool abjad, unsigned reading, Skeleton& out) {
    std::size_t n = 0;
    auto push = [&](char c) {
        if (n > 0 && out.c[n - 1] == c) return;  // doubled letters
        if (n < sizeof out.c) out.c[n++] = c;
    };
    for (std::size_t i = 0; i < t.size(); ++i) {
        char c = t[i];
        char next = i + 1 < t.size() ? t[i + 1] : '\0';
        if (next == 'h' && (reading & kNoDigraphs) == 0 &&
            (c == 's' || c == 'k' || c == 'g' || c == 't' || c == 'd' || c == 'c' || c == 'p')) {
            static constexpr std::string_view kFrom = "skgtdcp";
            static constexpr std::string_view kTo = "SXgtdSf";
            push(c == 't' && (reading & kThaAsS) != 0   ? 's'
                 : c == 'd' && (reading & kDhalAsTh) != 0 ? 't'
                                                          : kTo[kFrom.find(c)]);
            ++i;
            continue;
        }
        if (!abjad && c == 'd' && next == 'j') continue;

        if ((reading & kAssimilated) != 0 && c == 'l' && i > 0 && t[i - 1] == 'a' && next != '\0' &&
            std::string_view("tdrzsn").find(next) != std::string_view::npos) {
            continue;
        }
        switch (c) {
            case 'a': case 'e': case 'i': case 'o': case 'u':
                if ((reading & kMatres) != 0 && i > 0 && c != 'a') push(c == 'e' || c == 'i' ? 'y' : 'w');
                continue;
            case 'w': case 'y': case 'v':
                if ((reading & kMatres) != 0) push(c == 'y' ? 'y' : 'w');
                else if (i == 0 && (reading & kInitialVowel) == 0) push(c == 'y' ? 'y' : 'w');
                else if (!abjad && c == 'v') push('w');
                continue;
            case 'q': push('k'); continue;
            case 'c':
                push(!abjad && (next == 'e' || next == 'i' || next == 'y') ? 's' : 'k');
                continue;
            case 'p': push('b'); continue;
            case 'z': push('d'); continue;
            case 'j': push('g'); continue;
            default: push(c);
        }
    }
    out.n = static_cast<std::uint8_t>(n);
}

void add_reading(AbjadSkeletons& out, const Skeleton& s) {
    if (s.n < 2 || out.count == out.readings.size()) return;
    for (std::size_t k = 0; k < out.count; ++k) {
        if (out.readings[k].view() == s.view()) return;
    }
    out.readings[out.count++] = s;
}

std::size_t skeleton_agreement(const ScoredToken& a, const ScoredToken& b, std::size_t min_letters) {
    const ScoredToken& ab = a.abjad ? a : b;
    const ScoredToken& la = a.abjad ? b : a;
    Skeleton y;
    if (!latin_skeleton(la.text, y) || y.n < min_letters) return 0;
    AbjadSkeletons computed;
    const AbjadSkeletons* x = ab.readings;
    if (x == nullptr) {
        abjad_skeletons(ab.text, computed);
        x = &computed;
    }
    for (std::size_t k = 0; k < x->count; ++k) {
        if (x->readings[k].view() == y.view()) return y.n;
    }
    return 0;
}

}  // namespace

std::size_t vocalize(std::string_view abjad, char (&out)[kMaxVocalized]) {
    if (abjad.size() < 2 || abjad.size() > kMaxVocalized) return 0;
    for (std::size_t i = 0; i < abjad.size(); ++i) {
        const char c = abjad[i];
        out[i] = i == 0 ? c : c == 'w' ? 'u' : c == 'y' ? 'i' : c;
    }
    return abjad.size();
}

bool latin_skeleton(std::string_view text, Skeleton& out) {
    if (text.size() < 3) return false;
    skeleton(text, false, kAsWritten, out);
    return true;
}

bool joined_latin_skeleton(std::string_view a, std::string_view b, Skeleton& out) {
    Skeleton sb;
    if (!latin_skeleton(a, out) || !latin_skeleton(b, sb) || out.n < 2 || sb.n < 2) return false;
    std::size_t k = out.c[out.n - 1] == sb.c[0] ? 1 : 0;  // doubled letters count once
    if (out.n + sb.n - k > sizeof out.c || out.n + sb.n - k < kJoinedSkeletonLetters) return false;
    for (; k < sb.n; ++k) out.c[out.n++] = sb.c[k];
    return true;
}

void matres_skeleton(std::string_view text, bool abjad, Skeleton& out) {
    skeleton(text, abjad, kMatres, out);
}

bool matres_agrees(std::string_view abjad, std::string_view latin, bool joined) {
    const std::size_t min = joined ? kJoinedSkeletonLetters : 2;
    Skeleton cl, ca;
    if (!latin_skeleton(latin, cl) || cl.n == 0 || cl.n >= min) return false;
    skeleton(abjad, true, kAsWritten, ca);
    if (ca.view() != cl.view()) return false;
    skeleton(latin, false, kMatres, cl);
    skeleton(abjad, true, kMatres, ca);
    return cl.n >= min && ca.view() == cl.view();
}

bool joined_matres_agrees(std::string_view abjad, std::string_view a, std::string_view b) {
    // Consonants first: each token's, the second's first dropped where it repeats the first's last.
    auto join = [](Skeleton& x, const Skeleton& y) {
        std::size_t k = x.n > 0 && y.n > 0 && x.c[x.n - 1] == y.c[0] ? 1 : 0;
        if (x.n + y.n - k > sizeof x.c) return false;
        for (; k < y.n; ++k) x.c[x.n++] = y.c[k];
        return true;
    };
    Skeleton ca, cb, ab;
    if (!latin_skeleton(a, ca) || !latin_skeleton(b, cb) || ca.n == 0 || cb.n == 0 || !join(ca, cb)) return false;
    skeleton(abjad, true, kAsWritten, ab);
    if (ab.view() != ca.view()) return false;
    Skeleton ma, mb;
    skeleton(a, false, kMatres, ma);
    skeleton(b, false, kMatres, mb);
    if (ma.n < 2 || mb.n < 2 || !join(ma, mb) || ma.n < kJoinedSkeletonLetters) return false;
    skeleton(abjad, true, kMatres, ab);
    return ab.view() == ma.view();
}

void abjad_skeletons(std::string_view text, AbjadSkeletons& out) {
    out.count = 0;
    // Only the readings that can differ from the one as written.
    unsigned possible = 0;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i + 1] == 'h' && std::string_view("skgtdcp").find(text[i]) != std::string_view::npos) {
            possible |= kNoDigraphs;
            if (text[i] == 't') possible |= kThaAsS;
            if (text[i] == 'd') possible |= kDhalAsTh;
        }
        if (text[i] == 'a' && text[i + 1] == 'l') possible |= kAssimilated;
    }
    if (text.size() > 2 && text[0] == 'w' && std::string_view("aeiouwy").find(text[1]) == std::string_view::npos) {
        possible |= kInitialVowel;
    }
    constexpr unsigned kAll = kAssimilated | kNoDigraphs | kThaAsS | kInitialVowel | kDhalAsTh;
    for (unsigned reading = 0; reading <= kAll; ++reading) {
        if ((reading & ~possible) != 0) continue;
        if ((reading & kNoDigraphs) != 0 && (reading & (kThaAsS | kDhalAsTh)) != 0) continue;  // no th, dh left
        Skeleton s;
        skeleton(text, true, reading, s);
        add_reading(out, s);
        // A final alef may be written -ah (ملا mla ~ Mullah).
        if (text.back() == 'a' && s.n >= 2 && s.n < sizeof s.c && s.c[s.n - 1] != 'h') {
            Skeleton h = s;
            h.c[h.n++] = 'h';
            add_reading(out, h);
        }
        // A final ta marbuta or he is written in the abjad and often not in Latin (Fatimah ~ Fatima),
        // or written h (الشيبة shybt ~ Shibh).
        if (s.n >= 3 && (s.c[s.n - 1] == 't' || s.c[s.n - 1] == 'h')) {
            const char last = s.c[s.n - 1];
            --s.n;
            add_reading(out, s);
            if (last == 't') {
                s.c[s.n++] = 'h';
                add_reading(out, s);
            }
        }
    }
}

bool phonetic_agrees(const ScoredToken& a, const ScoredToken& b) {
    if (a.abjad != b.abjad) return skeleton_agreement(a, b) > 0;
    // The cheap tests first: the index asks this of every token under a phonetic key.
    if (a.phonetic.size() < 3 || a.text.empty() || b.text.empty() || a.text[0] != b.text[0]) return false;
    // A word half again as long as the other is another word even with the same consonants
    // (Yang ~ Yonghao: y-ng both, once the h is silent).
    const std::size_t shorter = std::min(a.text.size(), b.text.size());
    const std::size_t longer = std::max(a.text.size(), b.text.size());
    if (2 * longer > 3 * shorter) return false;
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
    // Lengths a joined listed pair may have one edit from a token of length n (fuzzy_join).
    auto near_lengths = [&](std::size_t n) {
        return length_bit(n) | length_bit(n + 1) | (n >= 1 ? length_bit(n - 1) : 0);
    };
    auto near_length = [](std::size_t join_len, std::size_t n) { return join_len + 1 >= n && join_len <= n + 1; };
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
        if ((join_lengths & near_lengths(q.text.size())) != 0 ||
            (variant_differs && (variant_join_lengths & length_bit(q.variant.size())) != 0)) {
            for (std::size_t j = 0; j + 1 < listed.size(); ++j) {
                if (near_length(info[j].join_len, q.text.size()) ||
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
                    js = token_similarity(joined[i], listed[j], false, &jhow, true);
                }
                if (!joined_may_be_legal_form(listed[j], jhow)) js = 0;
                if (js > 0) {
                    // The article and its word against one translation (التونسية al twnsyt ~
                    // Tunisian) says so; any other pair is a join.
                    cands.push_back({static_cast<float>(js), q.weight + query[i + 1].weight,
                                     static_cast<std::uint8_t>(i), 2, static_cast<std::uint8_t>(j), 1,
                                     jhow == MatchMethod::kTranslation ? jhow : MatchMethod::kJoined});
                }
            }
            if (near_length(l.join_len, q.text.size()) ||
                (variant_differs && l.variant_join_len == q.variant.size())) {
                float js = 0;
                if (joins_to(listed[j].text, listed[j + 1].text, q.text)) {
                    js = 1.0F;
                } else if (variant_differs &&
                           joins_to(listed[j].variant, listed[j + 1].variant, q.variant)) {
                    js = static_cast<float>(kVariantSim);  // Abdel ~ Abd al
                } else if (near_length(l.join_len, q.text.size())) {
                    js = static_cast<float>(fuzzy_join(q.text, listed[j].text, listed[j + 1].text));
                }
                if (js > 0) {
                    cands.push_back({js, q.weight, static_cast<std::uint8_t>(i), 1,
                                     static_cast<std::uint8_t>(j), 2, MatchMethod::kJoined});
                }
            }
        }
    }
    // One query token against three listed ones written together around the article (AbdulMunhim ~
    // Abd Al Munhim), exactly or by variant keys.
    for (std::size_t j = 0; j + 2 < listed.size(); ++j) {
        if (listed[j + 1].text != "al") continue;
        for (std::size_t i = 0; i < query.size(); ++i) {
            const ScoredToken& q = query[i];
            float js = 0;
            if (joins_to3(listed[j].text, listed[j + 2].text, q.text)) {
                js = 1.0F;
            } else if (q.variant != q.text && variant_joins_to3(listed[j].variant, listed[j + 2].variant, q.variant)) {
                js = static_cast<float>(kVariantSim);
            }
            if (js > 0) {
                cands.push_back({js, q.weight, static_cast<std::uint8_t>(i), 1, static_cast<std::uint8_t>(j), 3,
                                 MatchMethod::kJoined});
            }
        }
    }
    // Two query tokens against two listed ones, split at another letter (Alr-Awi ~ Al-Rawi,
    // Sai-fal-Din ~ Saif-al-Din): the pair written together is the listed pair written together,
    // or one edit from it. Only where the split differs: at the same letter the tokens pair one
    // by one.
    for (std::size_t i = 0; i + 1 < query.size() && i < joined.size(); ++i) {
        const std::string_view jt = joined[i].text;
        const std::string_view a = query[i].text;
        for (std::size_t j = 0; j + 1 < listed.size(); ++j) {
            if (!near_length(info[j].join_len, jt.size()) || listed[j].text.size() == a.size()) continue;
            const double js = joins_to(listed[j].text, listed[j + 1].text, jt)
                                  ? 1.0
                                  : fuzzy_join(jt, listed[j].text, listed[j + 1].text);  // Ajl-Ahmad ~ Al-Ahmad
            if (js <= 0) continue;
            cands.push_back({static_cast<float>(js), query[i].weight + query[i + 1].weight,
                             static_cast<std::uint8_t>(i), 2, static_cast<std::uint8_t>(j), 2, MatchMethod::kJoined});
        }
    }
    // An Arabic-script token against two Latin tokens the list writes apart (خدايرحيم ~ Khudai
    // Rahim), by their joined skeleton: each listed pair's skeleton once, each query token's
    // readings when first needed.
    thread_local std::array<AbjadSkeletons, kMaxTokens> readings;  // not rebuilt per call
    std::uint32_t have_readings = 0;  // bit i: readings[i] computed
    bool any_abjad = false;
    for (const ScoredToken& q : query) any_abjad = any_abjad || q.abjad;
    for (std::size_t j = 0; any_abjad && j + 1 < listed.size(); ++j) {
        if (listed[j].abjad || listed[j + 1].abjad) continue;
        Skeleton both;
        const bool by_consonants = joined_latin_skeleton(listed[j].text, listed[j + 1].text, both);
        for (std::size_t i = 0; i < query.size(); ++i) {
            if (!query[i].abjad) continue;
            double js = 0;
            if (by_consonants) {
                if ((have_readings >> i & 1U) == 0) {
                    abjad_skeletons(query[i].text, readings[i]);
                    have_readings |= 1U << i;
                }
                const AbjadSkeletons& r = readings[i];
                if (std::any_of(r.readings.begin(), r.readings.begin() + static_cast<std::ptrdiff_t>(r.count),
                                [&](const Skeleton& k) { return k.view() == both.view(); })) {
                    js = kAbjadPhoneticSim;
                }
            } else if (joined_matres_agrees(query[i].text, listed[j].text, listed[j + 1].text)) {
                js = kPhoneticSim;  // a half of one consonant, the long vowels agreeing too
            }
            MatchMethod how = MatchMethod::kJoined;
            if (js == 0 && glosses_to_pair(query[i].text, listed[j].text, listed[j + 1].text)) {
                js = kTranslationSim;  // صرافة ~ money exchange
                how = MatchMethod::kTranslation;
            }
            if (js > 0) {
                cands.push_back({static_cast<float>(js), query[i].weight, static_cast<std::uint8_t>(i), 1,
                                 static_cast<std::uint8_t>(j), 2, how});
            }
        }
    }
    // Runs of three joined query tokens (after the pairs in `joined`).
    for (std::size_t k = query.size() - 1; k < joined.size(); ++k) {
        const ScoredToken& jt = joined[k];
        if (jt.first + jt.count > query.size()) continue;
        for (std::size_t j = 0; j < listed.size(); ++j) {
            MatchMethod jhow = MatchMethod::kNone;
            double js = 0;
            if (reach != nullptr && listed[j].id != UINT32_MAX && k < reach->joined.size()) {
                js = lookup(reach->joined[k], listed[j].id, &jhow);
            } else {
                js = token_similarity(jt, listed[j], false, &jhow, true);
            }
            if (!joined_may_be_legal_form(listed[j], jhow)) js = 0;
            if (js > 0) {
                float w = 0;
                for (std::size_t t = jt.first; t < jt.first + jt.count; ++t) w += query[t].weight;
                cands.push_back({static_cast<float>(js), w, jt.first, jt.count, static_cast<std::uint8_t>(j), 1,
                                 MatchMethod::kJoined});
            }
        }
    }
    // Best similarity first; among equals the heavier pair, then joined pairs (they use more tokens).
    std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
        if (a.sim != b.sim) return a.sim > b.sim;
        if (a.weight != b.weight) return a.weight > b.weight;
        return a.qn + a.cn > b.qn + b.cn;
    });

    // Greedy one-to-one pairing in that order, with candidate `first` (if any) taken before the rest.
    struct Pairing {
        std::uint32_t q_used = 0;  // bit masks; kMaxTokens <= 32
        std::uint32_t c_used = 0;
        double numerator = 0;
        double paired_weight = 0;
        bool any_full = false;  // a pair that is not an initial
        std::array<std::uint16_t, kMaxTokens> q_owner{};  // chosen candidate index + 1 per query token
        std::array<std::uint16_t, kMaxTokens> c_owner{};
    };
    auto pair_greedily = [&](std::size_t first) {
        Pairing p;
        auto take = [&](std::size_t idx) {
            const Candidate& k = cands[idx];
            std::uint32_t qm = ((1U << k.qn) - 1U) << k.qi;
            std::uint32_t cm = ((1U << k.cn) - 1U) << k.ci;
            if ((p.q_used & qm) != 0 || (p.c_used & cm) != 0) return;
            p.q_used |= qm;
            p.c_used |= cm;
            p.numerator += 2.0 * k.sim * k.weight;
            p.paired_weight += k.weight;
            p.any_full = p.any_full || k.method != MatchMethod::kInitial;
            const auto owner = static_cast<std::uint16_t>(idx + 1);
            for (std::size_t t = k.qi; t < k.qi + k.qn; ++t) p.q_owner[t] = owner;
            for (std::size_t t = k.ci; t < k.ci + k.cn; ++t) p.c_owner[t] = owner;
        };
        if (first < cands.size()) take(first);
        for (std::size_t idx = 0; idx < cands.size(); ++idx) take(idx);
        return p;
    };
    Pairing best = pair_greedily(SIZE_MAX);
    std::size_t best_first = SIZE_MAX;
    // By similarity alone the greedy pass may spend a token on a light exact pair (the article al)
    // that a heavier joined candidate needed (Nur al Din ~ Noureddine, when the name has another
    // al): a joined candidate left out that outweighs the pairs in its way is tried first, and the
    // pairing with the better score kept.
    double query_weight = 0;
    for (const ScoredToken& t : query) query_weight += t.weight;
    const double alpha = options.person ? kPersonUnpairedListed : kOtherUnpairedListed;
    auto score_of = [&](const Pairing& p) {
        double unpaired_listed = 0;
        for (std::size_t j = 0; j < listed.size(); ++j) {
            if ((p.c_used & (1U << j)) == 0) unpaired_listed += listed[j].weight;
        }
        const double denominator = query_weight + p.paired_weight + alpha * unpaired_listed;
        return !p.any_full || denominator <= 0 ? 0.0 : std::min(1.0, p.numerator / denominator);
    };
    double best_score = -1;
    for (std::size_t idx = 0; idx < cands.size(); ++idx) {
        const Candidate& k = cands[idx];
        if (k.qn + k.cn <= 2 || best.q_owner[k.qi] == idx + 1) continue;
        // The chosen candidates in its way, and what they add.
        std::uint32_t in_way = 0;  // bit per chosen candidate index (the first 32)
        double their_gain = 0;
        bool countable = true;
        auto note = [&](std::uint16_t owner) {
            if (owner == 0) return;
            if (owner > 32) {
                countable = false;
                return;
            }
            if ((in_way & (1U << (owner - 1))) != 0) return;
            in_way |= 1U << (owner - 1);
            their_gain += 2.0 * cands[owner - 1].sim * cands[owner - 1].weight;
        };
        for (std::size_t t = k.qi; t < k.qi + k.qn; ++t) note(best.q_owner[t]);
        for (std::size_t t = k.ci; t < k.ci + k.cn; ++t) note(best.c_owner[t]);
        if (countable && 2.0 * k.sim * k.weight <= their_gain) continue;
        if (best_score < 0) best_score = score_of(best);
        Pairing p = pair_greedily(idx);
        const double s = score_of(p);
        if (s > best_score + 1e-12) {
            best = p;
            best_score = s;
            best_first = idx;
        }
    }
    const std::uint32_t q_used = best.q_used;
    const std::uint32_t c_used = best.c_used;
    double numerator = best.numerator;
    const double paired_weight = best.paired_weight;
    const bool any_full = best.any_full;
    if (options.explain) {
        // The chosen candidates, in the order taken.
        auto add = [&](std::size_t idx) {
            const Candidate& k = cands[idx];
            out.pairs.push_back({join_text(query, k.qi, k.qn), join_text(listed, k.ci, k.cn), k.method,
                                 k.sim, k.weight});
        };
        if (best_first != SIZE_MAX) add(best_first);
        for (std::size_t idx = 0; idx < cands.size(); ++idx) {
            const Candidate& k = cands[idx];
            if (idx != best_first && best.q_owner[k.qi] == idx + 1) add(idx);
        }
    }

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
    const std::size_t n = std::min(tokens.size(), kMaxTokens);
    // (first, count) of each run: the pairs, then X al Y in an abjad (Nasir al Din ~ Nasiruddin),
    // then three or more single letters in a row, an initialism spelt out (t e g ~ T.E.G.).
    std::array<std::pair<std::uint8_t, std::uint8_t>, 3 * kMaxTokens> runs;
    std::size_t r = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) runs[r++] = {static_cast<std::uint8_t>(i), 2};
    for (std::size_t i = 0; i + 2 < n; ++i) {
        if (tokens[i + 1].abjad && tokens[i + 1].text == "al") runs[r++] = {static_cast<std::uint8_t>(i), 3};
    }
    for (std::size_t i = 0; i < n;) {
        std::size_t e = i;
        while (e < n && tokens[e].text.size() == 1 && !tokens[e].abjad) ++e;
        if (e - i >= 3) runs[r++] = {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(e - i)};
        i = e > i ? e : i + 1;
    }
    storage.resize(r);
    for (std::size_t k = 0; k < r; ++k) {
        const auto [first, count] = runs[k];
        Token& t = storage[k];
        t.text.clear();
        t.abjad = false;
        for (std::size_t i = first; i < first + count; ++i) {
            t.text.append(tokens[i].text);
            t.abjad = t.abjad || tokens[i].abjad;
        }
        variant_key(t.text, t.variant);
        phonetic_from_variant(t.variant, t.phonetic);
        t.role = TokenRole::kName;
    }
    auto consonants = [](std::string_view text) {
        Skeleton sk;
        skeleton(text, true, kAsWritten, sk);
        return static_cast<std::size_t>(sk.n);
    };
    // What the outer words add to the joined skeleton: two consonants each, or the word is the
    // article (al-Dabski ~ Aldabski).
    auto joinable = [&](const Token& t, std::size_t first, std::size_t count) {
        if (!t.abjad) return true;
        const ScoredToken& a = tokens[first];
        const ScoredToken& b = tokens[first + count - 1];
        const std::size_t all = consonants(t.text);
        return (a.text == "al" || all >= consonants(b.text) + 2) && (b.text == "al" || all >= consonants(a.text) + 2);
    };
    for (std::size_t k = 0; k < r; ++k) {
        const auto [first, count] = runs[k];
        float w = 0;
        for (std::size_t i = first; i < first + count; ++i) w += tokens[i].weight;
        const Token& t = storage[k];
        joined.push_back({t.text, t.variant, t.phonetic, TokenRole::kName, w, UINT32_MAX, t.abjad, first, count});
        joined.back().skeleton_joinable = joinable(t, first, count);
    }
}

}  // namespace cordon
