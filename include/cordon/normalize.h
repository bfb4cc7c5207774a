// Normalizer: turns a name in any script into lower-case ASCII tokens with romanisation-variant and
// phonetic keys, the unit that candidate generation and name scoring work on.
//
// One Normalizer is built once (it loads ICU transliterators, which takes milliseconds) and shared by
// all threads; tokenize() is const and thread-safe. Pure-ASCII input never touches ICU, Latin input
// with diacritics goes through a precomputed fold table, and only other scripts reach ICU.
//
//   cordon::Normalizer norm;
//   std::vector<cordon::Token> tokens;
//   norm.tokenize("KIM, Jong-un", tokens);      // "kim" "jong" "un"
//   norm.tokenize("김정은", tokens);              // "gim" "jeong" "eun"
//   tokens[1].variant == cordon::variant_key("jeong");   // "jung", as for "jong", "chong", "jung"
//   norm.to_latin("Александр Сергеевич");        // "aleksandr sergeyevich"
//
// The rules (scripts, separators, roles, key construction) and their measured rates are documented
// in docs/normalization.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cordon {

// What a token contributes to a name. The scorer weights kName tokens; the others are kept so that
// offsets and explanations stay complete.
enum class TokenRole : std::uint8_t {
    kName,       // a word of the name proper (also particles such as al, bin, abu)
    kLegalForm,  // llc, ltd, gmbh, ooo, "joint stock company", ...
    kStopword,   // of, the, and; de, van, von ... inside a name
    kHonorific,  // mr, dr, sheikh, general ... at the start of a name
    kQualifier,  // a word in parentheses beside the name: AQAP in "AL-QAIDA IN THE ARABIAN PENINSULA (AQAP)"
};

std::string_view token_role_name(TokenRole role);

struct Token {
    std::string text;      // normalised: lower-case ASCII letters and digits only, e.g. "sang", "chinyong"
    std::string variant;   // romanisation-variant key: equal for spellings of the same name across
                           // romanisation systems; == text when no rule applies
    std::string phonetic;  // consonant skeleton of the variant key (coarser, for recall)
    TokenRole role = TokenRole::kName;
    // Transliterated from a script written without short vowels (Arabic, Hebrew): the text is a
    // consonant skeleton, so only the phonetic key can meet a Latin spelling.
    bool abjad = false;
    std::uint32_t begin = 0, end = 0;  // byte offsets of the token in the ORIGINAL UTF-8 input
};

class Normalizer {
public:
    Normalizer();  // sets up ICU; slowish (milliseconds), do it once
    ~Normalizer();
    Normalizer(const Normalizer&) = delete;
    Normalizer& operator=(const Normalizer&) = delete;
    Normalizer(Normalizer&&) noexcept;
    Normalizer& operator=(Normalizer&&) noexcept;

    // False when an ICU transliterator could not be loaded; non-Latin scripts other than Hangul are
    // then dropped instead of transliterated. Latin and Hangul input work either way.
    bool ok() const;

    // Whole string -> lower-case ASCII, tokens separated by single spaces (the token texts joined).
    std::string to_latin(std::string_view utf8) const;

    std::vector<Token> tokenize(std::string_view name) const;
    // Same, reusing out's storage (the hot path: no allocation once out has warmed up).
    void tokenize(std::string_view name, std::vector<Token>& out) const;
    // The tokens of running text: as tokenize(), but every token's role is kName (the roles are
    // rules about one name: honorifics at its start, particles not last, ...). Free-text scanning
    // tokenises a whole text so, then screens its windows as names.
    void tokenize_words(std::string_view text, std::vector<Token>& out) const;
    // Same, without the keys: every token's variant and phonetic are left empty. For a caller
    // that keeps the keys of the words it has seen (variant_key(t.text), phonetic_from_variant):
    // a long text repeats its words, and free-text scanning needs only the variant key.
    void split_words(std::string_view text, std::vector<Token>& out) const;

    struct Impl;  // ICU state; declared here so that the tokenizer in src/text can name it

private:
    std::unique_ptr<Impl> impl_;
};

// Per-token keys, exposed for tests and the index. `token` is already normalised ([a-z0-9]*).
std::string variant_key(std::string_view token);
std::string phonetic_key(std::string_view token);
// Allocation-free forms: overwrite `out` (its capacity is reused).
void variant_key(std::string_view token, std::string& out);
void phonetic_key(std::string_view token, std::string& out);
// The phonetic key computed from an already computed variant key (phonetic_key(t) ==
// phonetic_from_variant(variant_key(t))).
void phonetic_from_variant(std::string_view variant, std::string& out);

// True when `token` (after the general variant rules) reads as 1-3 romanised Korean syllables, the
// gate for the Korean variant rules. Exposed for tests and for the false-merge measurement.
bool looks_korean(std::string_view token);

}  // namespace cordon
