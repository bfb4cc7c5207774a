// Free-text scanning: finds mentions of listed parties in any text (a news story, a payment's
// remittance line, a CV, a chat log; any script), with their character offsets, by the same
// matcher as name screening.
//
// The text is cut at sentence and clause punctuation and line breaks, each piece tokenised once
// by the Normalizer; words that are distinctive in the lists (listed, and rare enough: "chinyong",
// not "kim", "bank" or "korea") anchor windows of up to max_window words around them; each window
// that starts and ends on a listed word is screened by Screener::screen, and the best
// non-overlapping hits are kept, the tightest window first among equal scores (docs/matching.md,
// "Free text").
//
//   for (const Mention& m : scan_text(screener, "Treasury designated KIM Sang Man on Tuesday.", {}))
//       std::cout << m.start << "-" << m.end << " " << m.text << " " << m.match.entity->id;
//   // 20-32 KIM Sang Man ofac-sdn:43377
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/screener.h"

namespace cordon {

struct ScanOptions {
    double threshold = kDefaultThreshold;
    std::size_t limit = 1000;    // most mentions returned, in text order
    bool explain = true;
    std::size_t max_window = 7;  // words in a window at most (the longest names that matter)
    std::vector<std::uint8_t> lists;  // as ScreenOptions::lists
};

struct Mention {
    // Offsets in characters (Unicode code points) of the input, [start, end); an invalid UTF-8
    // byte counts as one character (it reads as U+FFFD).
    std::size_t start = 0, end = 0;
    std::size_t byte_start = 0, byte_end = 0;  // the same span in bytes (of the input as given
                                               // when it is valid UTF-8)
    std::string text;  // the text matched (invalid bytes replaced by U+FFFD)
    Match match;       // the listed party, its score and explanation
};

// Mentions in text order; one span may name several listed parties (one Mention each).
std::vector<Mention> scan_text(const Screener& screener, std::string_view text, const ScanOptions& options);

}  // namespace cordon
