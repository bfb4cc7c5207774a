// Slow, obviously correct versions of the similarity kernels in cordon/similarity.h.
//
// Each is the textbook definition written as plainly as possible (full dynamic-programming tables,
// flag arrays), with no cutoffs and no fast paths. Tests and fuzzers compare the fast kernels
// against these; benchmarks use them as the "before" figure. Never call them from production code.
//
//   EXPECT_EQ(cordon::levenshtein(a, b), cordon::reference::levenshtein(a, b));
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

namespace cordon::reference {

// Wagner-Fischer: d[i][j] = distance between the first i bytes of a and the first j bytes of b.
inline std::size_t levenshtein(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t substitution = d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, substitution});
        }
    }
    return d[n][m];
}

inline double levenshtein_similarity(std::string_view a, std::string_view b) {
    const std::size_t longest = std::max(a.size(), b.size());
    if (longest == 0)
        return 1.0;
    return 1.0 - static_cast<double>(levenshtein(a, b)) / static_cast<double>(longest);
}

// Levenshtein plus d[i-2][j-2] + 1 when the last two bytes of each prefix are swapped.
inline std::size_t osa_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[n][m];
}

// Jaro as in Winkler's strcmp95 and most libraries: each byte of a, left to right, takes the first
// unmatched equal byte of b within the window; t is half the number of positions where the matched
// bytes, read in order, differ (rounded down).
inline double jaro(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    if (n == 0 && m == 0)
        return 1.0;
    if (n == 0 || m == 0)
        return 0.0;
    const std::size_t window = std::max<std::size_t>(std::max(n, m) / 2, 1) - 1;

    std::vector<bool> a_matched(n, false);
    std::vector<bool> b_matched(m, false);
    std::size_t matches = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t lo = i >= window ? i - window : 0;
        const std::size_t hi = std::min(m - 1, i + window);
        for (std::size_t j = lo; j <= hi; ++j) {
            if (!b_matched[j] && a[i] == b[j]) {
                a_matched[i] = true;
                b_matched[j] = true;
                ++matches;
                break;
            }
        }
    }
    if (matches == 0)
        return 0.0;

    std::size_t half_transpositions = 0;
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!a_matched[i])
            continue;
        while (!b_matched[k])
            ++k;
        if (a[i] != b[k])
            ++half_transpositions;
        ++k;
    }
    const std::size_t transpositions = half_transpositions / 2;

    const double c = static_cast<double>(matches);
    return (c / static_cast<double>(n) + c / static_cast<double>(m) +
            (c - static_cast<double>(transpositions)) / c) /
           3.0;
}

inline double jaro_winkler(std::string_view a, std::string_view b, double prefix_weight = 0.1) {
    const double sim = jaro(a, b);
    if (sim <= 0.7)
        return sim;
    std::size_t prefix = 0;
    while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    return sim + static_cast<double>(prefix) * prefix_weight * (1.0 - sim);
}

}  // namespace cordon::reference
