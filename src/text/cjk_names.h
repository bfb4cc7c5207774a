// Romanisation and name-shape helpers for Hangul, Russian Cyrillic and Han (Chinese characters).
//
// Hangul syllables are romanised here, without ICU, by Revised Romanisation of each syllable read
// in isolation (김 -> gim, 정 -> jeong, 은 -> eun, 리 -> ri, 박 -> bak): no sound changes across
// syllables, so that the syllables line up with the separately written syllables of romanised
// Korean names ("KIM Jong Un", "Kim Jong-un").
#pragma once

#include <cstddef>
#include <string>

namespace cordon::text {

inline bool is_hangul_syllable(char32_t cp) { return cp >= 0xAC00 && cp <= 0xD7A3; }

// Appends the romanisation of one Hangul syllable (is_hangul_syllable(cp) must hold).
void romanize_hangul(char32_t cp, std::string& out);

// Two-syllable Korean family names (남궁 Namgung, 선우 Sunwoo, 황보 Hwangbo, ...), written as one
// word in romanisation and so kept as one token, in a name of `syllables` syllables. 황보, 서문 and
// 동방 count only in 4-syllable names: in 3 syllables they are more often 황 + 보라 (Hwang Bo-ra).
bool is_korean_compound_surname(char32_t a, char32_t b, std::size_t syllables);

// Russian Cyrillic (А-я, Ёё) by BGN/PCGN, without ICU: the same output as ICU's
// "Russian-Latin/BGN; Latin-ASCII; Lower" with the signs dropped (Александр -> aleksandr,
// Юрий -> yuriy, Щербаков -> shcherbakov, Фёдор -> fedor, Ёлкин -> yelkin).
inline bool is_russian_letter(char32_t cp) { return (cp >= 0x410 && cp <= 0x44F) || cp == 0x401 || cp == 0x451; }
// Appends the romanisation of `cp`; `state` carries the context from the previous letters of the
// word (start each word with a default-constructed state).
struct RussianState {
    bool start = true;       // no letter yet
    bool ye_context = true;  // е/ё here would be written ye
};
void romanize_russian(char32_t cp, RussianState& state, std::string& out);

// Chinese family names, to split a 2-4 character Han name into family name + given name
// (习近平 -> "xi" "jinping") while transliterated foreign names stay one token (克鲁森 -> "kelusen").
bool is_chinese_surname(char32_t cp);                    // ~200 common one-character names
bool is_chinese_compound_surname(char32_t a, char32_t b);  // 欧阳, 司马, 诸葛, ...

}  // namespace cordon::text
