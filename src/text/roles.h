// RoleTable: assigns TokenRole to the tokens of one name (legal forms, stopwords, honorifics).
//
// Rules (docs/normalization.md has the word lists):
//   - legal forms anywhere; multi-word legal forms ("limited liability company", "obshchestvo s
//     ogranichennoy otvetstvennostyu") mark every word, matched on variant keys so romanisation
//     variants of the phrase are found too; two-letter forms that are also words or names (co, as,
//     ab, ag, sa, oy, ...) only after the first token;
//   - honorifics only at the start (mr, dr, sheikh, general, ...; several may follow each other);
//   - stopwords: function words (of, the, and, ...) anywhere; nobiliary particles (de, van, von, der,
//     da, dos, ...) when not last; le, la, do (also Vietnamese and Chinese family names) and y, i
//     (also the Korean family name Yi/I) only between two other tokens;
//   - a name left without any kName token gets all its tokens back as kName.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cordon/normalize.h"

namespace cordon::text {

class RoleTable {
public:
    RoleTable();
    // Sets tokens[i].role for all tokens; text and variant must be filled in.
    void assign(std::vector<Token>& tokens, std::size_t count) const;

private:
    enum Kind : unsigned char {
        kNone = 0,
        kLegal,          // legal form anywhere
        kLegalNotFirst,  // legal form after the first token only
        kHonor,          // honorific at the start
        kStopAny,        // function word
        kStopParticle,   // particle unless last
        kStopBetween,    // only between two other tokens
    };
    struct Entry {
        std::string word;
        Kind kind;
    };
    Kind lookup(std::string_view word) const;
    static Kind abjad_lookup(std::string_view word);
    // Length in tokens of the longest legal-form phrase starting at tokens[i], or 0.
    std::size_t phrase_at(const std::vector<Token>& tokens, std::size_t i, std::size_t count) const;

    // Words of up to 8 letters packed into an integer (most role words; the lookup runs for every
    // token of every name), longer ones as strings. Both sorted.
    std::vector<std::pair<std::uint64_t, Kind>> short_words_;
    std::vector<Entry> long_words_;
    std::vector<std::vector<std::string>> phrases_;  // variant keys of each phrase's words
    std::uint32_t phrase_start_[26] = {};            // bit L set: a phrase starts with a word of this
                                                     // first letter and length L (a quick filter)
};

}  // namespace cordon::text
