#include "latin_fold.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>

namespace cordon::text {
namespace {

struct Span {
    char32_t first, last;  // inclusive
};

// Most used first.
constexpr Span kBlocks[] = {
    {0x0080, 0x036F},  // Latin-1, Extended-A/B, IPA, spacing modifiers, combining diacritics
    {0x2000, 0x218F},  // general punctuation, super/subscripts, currency, letter-like, number forms
    {0xFF00, 0xFF65},  // full-width ASCII, half-width CJK punctuation
    {0x1E00, 0x1EFF},  // Latin Extended Additional (Vietnamese, transliteration letters)
    {0x3000, 0x303F},  // CJK symbols and punctuation (ideographic space, 、。「」)
    {0x30FB, 0x30FB},  // katakana middle dot, the name separator in Japanese: ジョージ・ワシントン
    {0x2460, 0x24FF},  // enclosed alphanumerics
    {0xFB00, 0xFB06},  // Latin ligatures
    {0xFE50, 0xFE6F},  // small form variants
};

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

FoldEntry classify(char32_t cp, icu::Transliterator* fold) {
    FoldEntry e;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(static_cast<UChar32>(cp), &status);
    if (U_SUCCESS(status) && script != USCRIPT_LATIN && script != USCRIPT_COMMON &&
        script != USCRIPT_INHERITED) {
        return e;  // 々 〆 〇 and other script letters inside these blocks: kForeign
    }
    const auto type = static_cast<UCharCategory>(u_charType(static_cast<UChar32>(cp)));
    switch (type) {
        case U_NON_SPACING_MARK:
        case U_ENCLOSING_MARK:
        case U_COMBINING_SPACING_MARK:
            e.kind = FoldKind::kIgnore;
            return e;
        case U_FORMAT_CHAR:
            e.kind = cp == 0x200B ? FoldKind::kSeparator : FoldKind::kIgnore;  // ZWSP splits words
            return e;
        case U_CONTROL_CHAR:
        case U_SPACE_SEPARATOR:
        case U_LINE_SEPARATOR:
        case U_PARAGRAPH_SEPARATOR:
        case U_MATH_SYMBOL:
        case U_CURRENCY_SYMBOL:
        case U_OTHER_SYMBOL:
            e.kind = FoldKind::kSeparator;
            return e;
        default:
            break;
    }
    std::string folded;
    if (fold != nullptr) {
        icu::UnicodeString u(static_cast<UChar32>(cp));
        fold->transliterate(u);
        u.toUTF8String(folded);
    }
    const bool letter_or_number = (U_GET_GC_MASK(static_cast<UChar32>(cp)) & (U_GC_L_MASK | U_GC_N_MASK)) != 0;
    std::string alnum;
    bool apostrophe = false, other = false;
    for (char c : folded) {
        if (is_ascii_alnum(c)) alnum.push_back(c);
        else if (c == '\'') apostrophe = true;
        else if (static_cast<unsigned char>(c) < 0x80) other = true;
        // Non-ASCII leftovers are dropped: ŀ -> "l·" -> "l".
    }
    if (letter_or_number) {
        if (!alnum.empty() && !other && alnum.size() <= sizeof e.text) {
            e.kind = FoldKind::kLetters;
            e.len = static_cast<std::uint8_t>(alnum.size());
            alnum.copy(e.text, alnum.size());
        } else if (alnum.empty() && apostrophe && !other) {
            e.kind = FoldKind::kJoiner;  // ʼ ʻ ʹ
        } else if (other && !alnum.empty()) {
            e.kind = FoldKind::kSeparator;  // ½ -> "1/2", ⑴ -> "(1)"
        } else {
            e.kind = FoldKind::kIgnore;  // a Latin letter ICU cannot fold: keep the word whole
        }
        return e;
    }
    // Punctuation and modifier symbols: apostrophe-likes join, the rest separate.
    e.kind = (folded == "'") ? FoldKind::kJoiner : FoldKind::kSeparator;
    return e;
}

}  // namespace

LatinFold::LatinFold() {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    std::unique_ptr<icu::Transliterator> fold(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8("NFKD; Latin-ASCII; Lower; [:M:] Remove; NFC"), UTRANS_FORWARD,
        parse_error, status));
    if (U_FAILURE(status)) {
        fold.reset();
        ok_ = false;
    }
    for (const Span& span : kBlocks) {
        Block b{span.first, {}};
        b.entries.reserve(span.last - span.first + 1);
        for (char32_t cp = span.first; cp <= span.last; ++cp) b.entries.push_back(classify(cp, fold.get()));
        blocks_.push_back(std::move(b));
    }
}

}  // namespace cordon::text
