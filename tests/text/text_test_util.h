// Helpers shared by the text tests: a plain Jaro-Winkler and readers for the transliteration data.
#pragma once

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/normalize.h"

namespace cordon::test {

// Textbook Jaro-Winkler (prefix scale 0.1, prefix up to 4), written for clarity, not speed.
inline double jaro_winkler(std::string_view a, std::string_view b) {
    if (a.empty() && b.empty()) return 1.0;
    if (a.empty() || b.empty()) return 0.0;
    const std::size_t window = std::max<std::size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
    std::vector<bool> ma(a.size()), mb(b.size());
    std::size_t matches = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::size_t lo = i > window ? i - window : 0, hi = std::min(b.size(), i + window + 1);
        for (std::size_t j = lo; j < hi; ++j) {
            if (!mb[j] && a[i] == b[j]) {
                ma[i] = mb[j] = true;
                ++matches;
                break;
            }
        }
    }
    if (matches == 0) return 0.0;
    std::size_t t = 0;
    for (std::size_t i = 0, j = 0; i < a.size(); ++i) {
        if (!ma[i]) continue;
        while (!mb[j]) ++j;
        if (a[i] != b[j]) ++t;
        ++j;
    }
    const double m = static_cast<double>(matches);
    const double jaro = (m / a.size() + m / b.size() + (m - t / 2.0) / m) / 3.0;
    std::size_t prefix = 0;
    while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
    return jaro + prefix * 0.1 * (1.0 - jaro);
}

// Two tokens "match" for the data-driven rates: same variant key, or Jaro-Winkler >= 0.85 on the
// texts or on the variant keys.
inline bool tokens_match(const Token& a, const Token& b) {
    return a.variant == b.variant || jaro_winkler(a.text, b.text) >= 0.85 ||
           jaro_winkler(a.variant, b.variant) >= 0.85;
}

inline std::string shared_data(std::string_view name) {
    return std::string(CORDON_SHARED_DATA_DIR) + "/transliteration_wikidata/" + std::string(name);
}

// Tab-separated lines of a data file; empty when the file is missing.
inline std::vector<std::vector<std::string>> read_tsv(const std::string& path, std::size_t max_lines) {
    std::vector<std::vector<std::string>> rows;
    std::ifstream in(path);
    std::string line;
    while (rows.size() < max_lines && std::getline(in, line)) {
        std::vector<std::string> cols;
        std::size_t start = 0;
        while (true) {
            const std::size_t tab = line.find('\t', start);
            cols.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        rows.push_back(std::move(cols));
    }
    return rows;
}

// "л ю с и я" -> "люсия"
inline std::string join_letters(std::string_view spaced) {
    std::string out;
    for (char c : spaced) {
        if (c != ' ') out.push_back(c);
    }
    return out;
}

}  // namespace cordon::test
