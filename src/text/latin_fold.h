// LatinFold: what each non-ASCII Latin letter, mark and punctuation character becomes in a token,
// precomputed once from ICU so that the per-call path is a table lookup.
//
// Covers Latin-1 Supplement, Latin Extended-A/B, IPA and spacing modifiers, combining diacritics,
// Latin Extended Additional (Vietnamese), general punctuation, letter-like symbols, number forms,
// enclosed alphanumerics, CJK punctuation, Latin ligatures and the full-width/half-width forms.
// Anything else (other scripts, and whatever the table marks kForeign) goes to ScriptTransliterators.
#pragma once

#include <cstdint>
#include <vector>

namespace cordon::text {

enum class FoldKind : std::uint8_t {
    kForeign,    // not handled here: transliterate with ICU
    kLetters,    // append `text` (1-4 ASCII letters/digits) to the token: é -> e, ß -> ss, Ⅷ -> viii
    kJoiner,     // dropped without ending the token: ’ ʼ ʻ ´ (apostrophes)
    kIgnore,     // dropped without ending the token: combining marks, soft hyphen, ZWJ
    kSeparator,  // ends the token: spaces, dashes, quotes, brackets, symbols
};

struct FoldEntry {
    char text[4] = {};
    std::uint8_t len = 0;
    FoldKind kind = FoldKind::kForeign;
};

class LatinFold {
public:
    LatinFold();  // runs ICU over ~2,000 code points; a few milliseconds

    // The entry for a non-ASCII code point, or nullptr when it lies outside the covered blocks.
    const FoldEntry* find(char32_t cp) const {
        for (const Block& b : blocks_) {
            if (cp >= b.first && cp < b.first + b.entries.size()) return &b.entries[cp - b.first];
        }
        return nullptr;
    }

    bool ok() const { return ok_; }

private:
    struct Block {
        char32_t first;
        std::vector<FoldEntry> entries;
    };
    std::vector<Block> blocks_;  // most used first: the scan tries them in order
    bool ok_ = true;
};

}  // namespace cordon::text
