#include "cordon/similarity.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace cordon {
namespace {

constexpr std::size_t kWordBits = 64;

// The n lowest bits set, for n in [0, 64].
std::uint64_t low_bits(std::size_t n) {
    return n >= kWordBits ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
}

std::uint64_t lowest_bit(std::uint64_t x) {
    return x & (~x + 1);
}

double at_least(double score, double score_cutoff) {
    return score >= score_cutoff ? score : 0.0;
}

// Common prefix and suffix never change a Levenshtein or OSA distance (a transposition cannot
// straddle the end of a maximal common prefix: it would need the next bytes to be equal too), so
// drop them.
void strip_common_affix(std::string_view& a, std::string_view& b) {
    const auto prefix = static_cast<std::size_t>(
        std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin());
    a.remove_prefix(prefix);
    b.remove_prefix(prefix);
    const auto suffix = static_cast<std::size_t>(
        std::mismatch(a.rbegin(), a.rend(), b.rbegin(), b.rend()).first - a.rbegin());
    a.remove_suffix(suffix);
    b.remove_suffix(suffix);
}

// Masks of a pattern of at most 64 bytes for one call. Clearing all 256 words (2 KiB) costs about
// as much as the kernel itself on short tokens, so only the entries for bytes that occur in the
// pattern or the text are initialised; the kernels look up nothing else.
class WordMasks {
public:
    WordMasks(std::string_view pattern, std::string_view text) {
        for (const char c : text)
            masks_[static_cast<unsigned char>(c)] = 0;
        for (const char c : pattern)
            masks_[static_cast<unsigned char>(c)] = 0;
        std::uint64_t bit = 1;
        for (const char c : pattern) {
            masks_[static_cast<unsigned char>(c)] |= bit;
            bit <<= 1;
        }
    }
    std::uint64_t operator()(char c) const { return masks_[static_cast<unsigned char>(c)]; }

private:
    std::uint64_t masks_[256];  // NOLINT: deliberately left uninitialised, see above
};

// The first mask word of a cached pattern, with the same call shape as WordMasks.
struct FirstWord {
    const detail::PatternMasks& masks;
    std::uint64_t operator()(char c) const {
        return masks.first_word(static_cast<unsigned char>(c));
    }
};

// The distance can fall by at most one per remaining text byte, so once dist - remaining > max the
// result is known to exceed max.
bool cannot_recover(std::size_t dist, std::size_t remaining, std::size_t max) {
    return dist > max && dist - max > remaining;
}

std::size_t clamp_distance(std::size_t dist, std::size_t max) {
    return dist <= max ? dist : max + 1;
}

// ---------------------------------------------------------------------------------------------
// Levenshtein

// Hyyrö 2003, "A bit-vector algorithm for computing Levenshtein and Damerau edit distances": one
// column of the DP table is held as vertical +1/-1 delta bit vectors; 1 <= pattern_size <= 64.
template <class Masks>
std::size_t levenshtein_word(const Masks& pm, std::size_t pattern_size, std::string_view text,
                             std::size_t max) {
    std::uint64_t vp = ~std::uint64_t{0};
    std::uint64_t vn = 0;
    const std::uint64_t last = std::uint64_t{1} << (pattern_size - 1);
    std::size_t dist = pattern_size;
    std::size_t remaining = text.size();
    for (const char c : text) {
        const std::uint64_t pm_j = pm(c);
        const std::uint64_t x = pm_j | vn;
        const std::uint64_t d0 = (((x & vp) + vp) ^ vp) | x;
        std::uint64_t hp = vn | ~(d0 | vp);
        std::uint64_t hn = d0 & vp;
        dist += (hp & last) != 0;
        dist -= (hn & last) != 0;
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp = hn | ~(d0 | hp);
        vn = hp & d0;
        --remaining;
        if (cannot_recover(dist, remaining, max))
            return max + 1;
    }
    return clamp_distance(dist, max);
}

// Myers 1999 / Hyyrö's block form for patterns longer than 64 bytes: the same recurrence per 64-row
// block, passing the horizontal deltas of each block's last row to the next block as carries.
std::size_t levenshtein_blocks(const detail::PatternMasks& pm, std::size_t pattern_size,
                               std::string_view text, std::size_t max) {
    const std::size_t words = pm.words();
    std::vector<std::uint64_t> vp(words, ~std::uint64_t{0});
    std::vector<std::uint64_t> vn(words, 0);
    const std::uint64_t last = std::uint64_t{1} << ((pattern_size - 1) % kWordBits);
    std::size_t dist = pattern_size;
    std::size_t remaining = text.size();
    for (const char c : text) {
        const std::uint64_t* pm_j = pm.mask(static_cast<unsigned char>(c));
        std::uint64_t hp_carry = 1;  // row 0 of the table grows by one per text byte
        std::uint64_t hn_carry = 0;
        for (std::size_t w = 0; w < words; ++w) {
            const std::uint64_t x = pm_j[w] | hn_carry;
            const std::uint64_t d0 = (((x & vp[w]) + vp[w]) ^ vp[w]) | x | vn[w];
            std::uint64_t hp = vn[w] | ~(d0 | vp[w]);
            std::uint64_t hn = d0 & vp[w];
            const std::uint64_t hp_in = hp_carry;
            const std::uint64_t hn_in = hn_carry;
            if (w + 1 < words) {
                hp_carry = hp >> 63;
                hn_carry = hn >> 63;
            } else {
                dist += (hp & last) != 0;
                dist -= (hn & last) != 0;
            }
            hp = (hp << 1) | hp_in;
            hn = (hn << 1) | hn_in;
            vp[w] = hn | ~(d0 | hp);
            vn[w] = hp & d0;
        }
        --remaining;
        if (cannot_recover(dist, remaining, max))
            return max + 1;
    }
    return clamp_distance(dist, max);
}

// ---------------------------------------------------------------------------------------------
// Optimal string alignment

// Hyyrö 2003's Damerau variant: a transposition shows up as a diagonal zero-delta that the previous
// column's match vector can reach; 1 <= pattern_size <= 64.
std::size_t osa_word(const WordMasks& pm, std::size_t pattern_size, std::string_view text,
                     std::size_t max) {
    std::uint64_t vp = ~std::uint64_t{0};
    std::uint64_t vn = 0;
    std::uint64_t d0 = 0;
    std::uint64_t pm_prev = 0;
    const std::uint64_t last = std::uint64_t{1} << (pattern_size - 1);
    std::size_t dist = pattern_size;
    std::size_t remaining = text.size();
    for (const char c : text) {
        const std::uint64_t pm_j = pm(c);
        const std::uint64_t tr = (((~d0) & pm_j) << 1) & pm_prev;
        d0 = ((((pm_j & vp) + vp) ^ vp) | pm_j | vn) | tr;
        std::uint64_t hp = vn | ~(d0 | vp);
        std::uint64_t hn = d0 & vp;
        dist += (hp & last) != 0;
        dist -= (hn & last) != 0;
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp = hn | ~(d0 | hp);
        vn = hp & d0;
        pm_prev = pm_j;
        --remaining;
        if (cannot_recover(dist, remaining, max))
            return max + 1;
    }
    return clamp_distance(dist, max);
}

// Plain three-row DP for patterns longer than 64 bytes. a is the longer string (rows), b the
// shorter.
std::size_t osa_rows(std::string_view a, std::string_view b, std::size_t max) {
    const std::size_t m = b.size();
    std::vector<std::size_t> before(m + 1);  // row i - 2
    std::vector<std::size_t> prev(m + 1);    // row i - 1
    std::vector<std::size_t> cur(m + 1);     // row i
    for (std::size_t j = 0; j <= m; ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        std::size_t cur_min = i;
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            std::size_t d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d = std::min(d, before[j - 2] + 1);
            }
            cur[j] = d;
            cur_min = std::min(cur_min, d);
        }
        // Row minima never fall: a cell reached by a swap from row i - 2 costs at least the cell
        // reached diagonally in row i - 1. So once a whole row is above max, so is the answer.
        if (cur_min > max)
            return max + 1;
        std::swap(before, prev);
        std::swap(prev, cur);
    }
    return clamp_distance(prev[m], max);
}

// ---------------------------------------------------------------------------------------------
// Jaro

struct JaroCounts {
    std::size_t common = 0;          // matched bytes
    std::size_t transpositions = 0;  // half the out-of-order matches, rounded down
};

double jaro_from_counts(std::size_t common, std::size_t transpositions, std::size_t a_size,
                        std::size_t b_size) {
    if (common == 0)
        return 0.0;
    const double c = static_cast<double>(common);
    return (c / static_cast<double>(a_size) + c / static_cast<double>(b_size) +
            (c - static_cast<double>(transpositions)) / c) /
           3.0;
}

// The match window: bytes at most this far apart may match.
std::size_t jaro_bound(std::size_t a_size, std::size_t b_size) {
    return std::max<std::size_t>(std::max(a_size, b_size) / 2, 1) - 1;
}

// Bit-parallel Jaro as in rapidfuzz: each text byte, left to right, takes the lowest unmatched
// pattern position of the same byte inside the sliding window mask; the matched positions of both
// strings are then walked in step to count out-of-order pairs. Pattern and text both fit in one
// word.
template <class Masks>
JaroCounts jaro_word(const Masks& pm, std::string_view text, std::size_t bound) {
    std::uint64_t pattern_flags = 0;
    std::uint64_t text_flags = 0;
    std::uint64_t window = low_bits(bound + 1);
    const std::size_t growing = std::min(bound, text.size());
    std::size_t j = 0;
    for (; j < growing; ++j) {  // the window still starts at pattern position 0
        const std::uint64_t candidates = pm(text[j]) & window & ~pattern_flags;
        pattern_flags |= lowest_bit(candidates);
        text_flags |= std::uint64_t{candidates != 0} << j;
        window = (window << 1) | 1;
    }
    for (; j < text.size(); ++j) {
        const std::uint64_t candidates = pm(text[j]) & window & ~pattern_flags;
        pattern_flags |= lowest_bit(candidates);
        text_flags |= std::uint64_t{candidates != 0} << j;
        window <<= 1;
    }

    JaroCounts counts;
    counts.common = static_cast<std::size_t>(std::popcount(pattern_flags));
    std::size_t out_of_order = 0;
    while (text_flags != 0) {
        const std::uint64_t pattern_bit = lowest_bit(pattern_flags);
        const auto t = static_cast<std::size_t>(std::countr_zero(text_flags));
        out_of_order += (pm(text[t]) & pattern_bit) == 0;
        text_flags &= text_flags - 1;
        pattern_flags ^= pattern_bit;
    }
    counts.transpositions = out_of_order / 2;
    return counts;
}

// The textbook O(|text| * window) loop for inputs too long for one word.
JaroCounts jaro_plain(std::string_view pattern, std::string_view text, std::size_t bound) {
    std::vector<unsigned char> pattern_matched(pattern.size(), 0);
    std::vector<unsigned char> text_matched(text.size(), 0);
    JaroCounts counts;
    for (std::size_t j = 0; j < text.size(); ++j) {
        const std::size_t lo = j >= bound ? j - bound : 0;
        const std::size_t hi = std::min(pattern.size(), j + bound + 1);
        for (std::size_t i = lo; i < hi; ++i) {
            if (pattern_matched[i] == 0 && pattern[i] == text[j]) {
                pattern_matched[i] = 1;
                text_matched[j] = 1;
                ++counts.common;
                break;
            }
        }
    }
    std::size_t out_of_order = 0;
    std::size_t i = 0;
    for (std::size_t j = 0; j < text.size(); ++j) {
        if (text_matched[j] == 0)
            continue;
        while (pattern_matched[i] == 0)
            ++i;
        out_of_order += pattern[i] != text[j];
        ++i;
    }
    counts.transpositions = out_of_order / 2;
    return counts;
}

// Jaro is 0 or below the cutoff without looking at the bytes? Handles empty inputs and the bound
// that assumes every byte of the shorter string matches in order. Returns true with *result set.
bool jaro_decided_by_lengths(std::size_t a_size, std::size_t b_size, double score_cutoff,
                             double* result) {
    if (a_size == 0 || b_size == 0) {
        *result = at_least(a_size == b_size ? 1.0 : 0.0, score_cutoff);
        return true;
    }
    if (jaro_from_counts(std::min(a_size, b_size), 0, a_size, b_size) < score_cutoff) {
        *result = 0.0;
        return true;
    }
    return false;
}

// Jaro-Winkler adds prefix * weight * (1 - jaro) only above 0.7, so a Jaro-Winkler cutoff above 0.7
// translates into a stricter Jaro cutoff (a tiny margin keeps rounding from losing borderline hits;
// the final comparison is exact).
double jaro_cutoff_for(double score_cutoff, double boost) {
    if (score_cutoff <= 0.7)
        return score_cutoff;
    double cutoff = 0.7;
    if (boost < 1.0)
        cutoff = std::max(cutoff, (score_cutoff - boost) / (1.0 - boost));
    return cutoff - 1e-10;
}

std::size_t common_prefix_up_to_4(std::string_view a, std::string_view b) {
    const std::size_t limit = std::min<std::size_t>({4, a.size(), b.size()});
    std::size_t prefix = 0;
    while (prefix < limit && a[prefix] == b[prefix])
        ++prefix;
    return prefix;
}

double winkler_boost(double sim, std::size_t prefix, double prefix_weight, double score_cutoff) {
    if (sim > 0.7)
        sim += static_cast<double>(prefix) * prefix_weight * (1.0 - sim);
    return at_least(sim, score_cutoff);
}

// The largest distance that still gives a similarity >= score_cutoff (possibly one more, which the
// caller's exact final comparison rejects).
std::size_t max_distance_for(double score_cutoff, std::size_t longest) {
    if (score_cutoff <= 0.0)
        return longest;
    const double allowed = (1.0 - score_cutoff) * static_cast<double>(longest) + 1e-9;
    return std::min(longest, static_cast<std::size_t>(std::max(allowed, 0.0)));
}

double similarity_from_distance(std::size_t dist, std::size_t longest, double score_cutoff) {
    return at_least(1.0 - static_cast<double>(dist) / static_cast<double>(longest), score_cutoff);
}

}  // namespace

namespace detail {

PatternMasks::PatternMasks(std::string_view pattern)
    : words_(std::max<std::size_t>(1, (pattern.size() + kWordBits - 1) / kWordBits)),
      masks_(256 * words_, 0) {
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const auto c = static_cast<unsigned char>(pattern[i]);
        masks_[c * words_ + i / kWordBits] |= std::uint64_t{1} << (i % kWordBits);
    }
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------

double jaro(std::string_view a, std::string_view b, double score_cutoff) {
    double result = 0.0;
    if (jaro_decided_by_lengths(a.size(), b.size(), score_cutoff, &result))
        return result;
    if (a == b)
        return at_least(1.0, score_cutoff);

    const std::size_t bound = jaro_bound(a.size(), b.size());
    // A common prefix matches position for position (each of its bytes finds its twin first) and
    // is in order, so it only adds to the count; the window is relative and survives the shift.
    const auto prefix = static_cast<std::size_t>(
        std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin());
    std::string_view text = a.substr(prefix);
    std::string_view pattern = b.substr(prefix);
    // Bytes further than the window beyond the other string's end can never match.
    text = text.substr(0, std::min(text.size(), pattern.size() + bound));
    pattern = pattern.substr(0, std::min(pattern.size(), text.size() + bound));

    JaroCounts counts;
    if (!text.empty() && !pattern.empty()) {
        if (pattern.size() <= kWordBits && text.size() <= kWordBits) {
            // Jaro is symmetric (the greedy matching is the same from either side), and the loop
            // runs once per text byte: let the shorter string be the text.
            if (text.size() > pattern.size())
                std::swap(text, pattern);
            counts = jaro_word(WordMasks(pattern, text), text, bound);
        } else {
            counts = jaro_plain(pattern, text, bound);
        }
    }
    counts.common += prefix;
    if (jaro_from_counts(counts.common, 0, a.size(), b.size()) < score_cutoff)
        return 0.0;
    return at_least(jaro_from_counts(counts.common, counts.transpositions, a.size(), b.size()),
                    score_cutoff);
}

double jaro_winkler(std::string_view a, std::string_view b, double prefix_weight,
                    double score_cutoff) {
    const std::size_t prefix = common_prefix_up_to_4(a, b);
    const double boost = static_cast<double>(prefix) * prefix_weight;
    const double sim = jaro(a, b, jaro_cutoff_for(score_cutoff, boost));
    return winkler_boost(sim, prefix, prefix_weight, score_cutoff);
}

std::size_t levenshtein(std::string_view a, std::string_view b, std::size_t max) {
    if (a.size() < b.size())
        std::swap(a, b);  // a is the longer
    if (a.size() - b.size() > max)
        return max + 1;
    if (max == 0)
        return a == b ? 0 : 1;
    strip_common_affix(a, b);
    if (b.empty())
        return a.size();  // <= max: the length difference was checked
    // The loop runs once per text byte and a pattern of up to 64 bytes costs the same as a shorter
    // one, so the longer string is the pattern when it fits in a word.
    if (a.size() <= kWordBits)
        return levenshtein_word(WordMasks(a, b), a.size(), b, max);
    if (b.size() <= kWordBits)
        return levenshtein_word(WordMasks(b, a), b.size(), a, max);
    return levenshtein_blocks(detail::PatternMasks(b), b.size(), a, max);
}

double levenshtein_similarity(std::string_view a, std::string_view b, double score_cutoff) {
    const std::size_t longest = std::max(a.size(), b.size());
    if (longest == 0)
        return at_least(1.0, score_cutoff);
    if (score_cutoff > 1.0)
        return 0.0;
    const std::size_t max = max_distance_for(score_cutoff, longest);
    const std::size_t dist = levenshtein(a, b, max);
    if (dist > max)
        return 0.0;
    return similarity_from_distance(dist, longest, score_cutoff);
}

std::size_t osa_distance(std::string_view a, std::string_view b, std::size_t max) {
    if (a.size() < b.size())
        std::swap(a, b);
    if (a.size() - b.size() > max)
        return max + 1;
    if (max == 0)
        return a == b ? 0 : 1;
    strip_common_affix(a, b);
    if (b.empty())
        return a.size();
    if (a.size() <= kWordBits)  // the longer string as the pattern, as in levenshtein()
        return osa_word(WordMasks(a, b), a.size(), b, max);
    if (b.size() <= kWordBits)
        return osa_word(WordMasks(b, a), b.size(), a, max);
    return osa_rows(a, b, max);
}

// ---------------------------------------------------------------------------------------------

CachedJaroWinkler::CachedJaroWinkler(std::string_view pattern, double prefix_weight)
    : pattern_(pattern),
      prefix_weight_(prefix_weight),
      masks_(pattern) {}

double CachedJaroWinkler::similarity(std::string_view text, double score_cutoff) const {
    const std::size_t prefix = common_prefix_up_to_4(pattern_, text);
    const double boost = static_cast<double>(prefix) * prefix_weight_;
    const double jaro_cutoff = jaro_cutoff_for(score_cutoff, boost);

    double sim = 0.0;
    if (!jaro_decided_by_lengths(pattern_.size(), text.size(), jaro_cutoff, &sim)) {
        const std::size_t bound = jaro_bound(pattern_.size(), text.size());
        const std::string_view reachable =
            text.substr(0, std::min(text.size(), pattern_.size() + bound));
        if (pattern_.size() <= kWordBits && reachable.size() <= kWordBits) {
            const JaroCounts counts = jaro_word(FirstWord{masks_}, reachable, bound);
            sim = at_least(jaro_from_counts(counts.common, counts.transpositions, pattern_.size(),
                                            text.size()),
                           jaro_cutoff);
        } else {
            sim = jaro(pattern_, text, jaro_cutoff);
        }
    }
    return winkler_boost(sim, prefix, prefix_weight_, score_cutoff);
}

CachedLevenshtein::CachedLevenshtein(std::string_view pattern)
    : pattern_(pattern),
      masks_(pattern) {}

std::size_t CachedLevenshtein::distance(std::string_view text, std::size_t max) const {
    const std::size_t m = pattern_.size();
    const std::size_t n = text.size();
    if ((m > n ? m - n : n - m) > max)
        return max + 1;
    if (m == 0)
        return n;
    if (n == 0)
        return m;
    if (max == 0)
        return pattern_ == text ? 0 : 1;
    if (m <= kWordBits)
        return levenshtein_word(FirstWord{masks_}, m, text, max);
    // A short text against a long pattern: one word over the text beats blocks over the pattern.
    if (n <= kWordBits)
        return levenshtein(pattern_, text, max);
    return levenshtein_blocks(masks_, m, text, max);
}

double CachedLevenshtein::similarity(std::string_view text, double score_cutoff) const {
    const std::size_t longest = std::max(pattern_.size(), text.size());
    if (longest == 0)
        return at_least(1.0, score_cutoff);
    if (score_cutoff > 1.0)
        return 0.0;
    const std::size_t max = max_distance_for(score_cutoff, longest);
    const std::size_t dist = distance(text, max);
    if (dist > max)
        return 0.0;
    return similarity_from_distance(dist, longest, score_cutoff);
}

}  // namespace cordon
