// String-similarity kernels: Jaro, Jaro-Winkler, Levenshtein and optimal-string-alignment distance.
//
// These are the inner loops of fuzzy name matching: they compare two normalised tokens (lower-case
// ASCII after text/normalize) byte by byte. The API follows rapidfuzz: a score_cutoff (or a max
// distance) is a promise that the caller ignores anything worse, so the kernel may take a faster
// path or stop early; results below the cutoff come back as 0 (distances above max as max + 1).
//
//   if (cordon::jaro_winkler("mohammed", "muhammad", 0.1, 0.85) > 0) { ... }
//
// For one query against many candidates, build a cached scorer once; it keeps the query's bit
// masks:
//
//   cordon::CachedJaroWinkler query("mohammed");
//   for (std::string_view token : candidate_tokens) score = query.similarity(token, 0.85);
//
// Tokens of up to 64 bytes use bit-parallel algorithms (Hyyrö 2003 for Levenshtein and OSA, the
// rapidfuzz bit-parallel Jaro) and allocate nothing; longer inputs take multi-word or plain
// dynamic- programming paths that may allocate. Every kernel is tested against
// src/match/reference.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cordon {

// Jaro similarity in [0, 1]; 1 for two empty strings, 0 when only one is empty. Characters match
// when equal and at most max(|a|, |b|) / 2 - 1 positions apart; half the out-of-order matches count
// as transpositions. Returns 0 when the result is below score_cutoff.
double jaro(std::string_view a, std::string_view b, double score_cutoff = 0.0);

// Jaro-Winkler: when jaro > 0.7, adds prefix_weight * l * (1 - jaro) for a common prefix of l <= 4
// bytes. prefix_weight should lie in [0, 0.25] to keep the result in [0, 1]. Returns 0 when the
// result is below score_cutoff.
double jaro_winkler(std::string_view a, std::string_view b, double prefix_weight = 0.1,
                    double score_cutoff = 0.0);

// Levenshtein (insert, delete, substitute) distance; max + 1 when the distance exceeds max, which
// lets the kernel give up early.
std::size_t levenshtein(std::string_view a, std::string_view b, std::size_t max = SIZE_MAX);

// 1 - levenshtein / max(|a|, |b|); 1 for two empty strings. Returns 0 when below score_cutoff.
double levenshtein_similarity(std::string_view a, std::string_view b, double score_cutoff = 0.0);

// Optimal string alignment distance (restricted Damerau-Levenshtein): like levenshtein, but
// swapping two adjacent bytes costs 1 ("ab" -> "ba"), and no substring is edited twice. max + 1
// when above max.
std::size_t osa_distance(std::string_view a, std::string_view b, std::size_t max = SIZE_MAX);

namespace detail {

// Where each byte value occurs in a pattern, 64 positions to a word: bit i of word w of mask(c) is
// set when pattern[64 * w + i] == c. Built once per cached scorer.
class PatternMasks {
public:
    explicit PatternMasks(std::string_view pattern);

    std::size_t words() const { return words_; }
    // words() consecutive words for byte c.
    const std::uint64_t* mask(unsigned char c) const { return masks_.data() + c * words_; }
    std::uint64_t first_word(unsigned char c) const { return masks_[c * words_]; }

private:
    std::size_t words_;
    std::vector<std::uint64_t> masks_;  // 256 * words_, indexed [c * words_ + w]
};

}  // namespace detail

// Jaro-Winkler of one pattern against many texts: jaro_winkler(pattern, text, prefix_weight,
// cutoff) without rebuilding the pattern's masks for each text.
class CachedJaroWinkler {
public:
    explicit CachedJaroWinkler(std::string_view pattern, double prefix_weight = 0.1);

    double similarity(std::string_view text, double score_cutoff = 0.0) const;
    const std::string& pattern() const { return pattern_; }

private:
    std::string pattern_;
    double prefix_weight_;
    detail::PatternMasks masks_;
};

// Levenshtein of one pattern against many texts, with the pattern's masks built once.
class CachedLevenshtein {
public:
    explicit CachedLevenshtein(std::string_view pattern);

    // Same contract as levenshtein(pattern, text, max).
    std::size_t distance(std::string_view text, std::size_t max = SIZE_MAX) const;
    // Same contract as levenshtein_similarity(pattern, text, score_cutoff).
    double similarity(std::string_view text, double score_cutoff = 0.0) const;
    const std::string& pattern() const { return pattern_; }

private:
    std::string pattern_;
    detail::PatternMasks masks_;
};

}  // namespace cordon
