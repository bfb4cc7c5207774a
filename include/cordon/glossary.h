// Translations across scripts for the words of organisation names: an Arabic-script name is often
// the translation of the Latin one, not its transliteration (الجماعة التونسية المقاتلة = Tunisian
// Combatant Group), and no skeleton reaches "group" from jma. The glossary holds the generic words
// of organisation names (group, society, office, exchange, islamic, ...), peoples and places
// (tunisian, egyptian, arabian peninsula, ...) and a few function words (في in, و and), by Arabic
// stem as the normaliser transliterates it; the scorer pairs an abjad token with a Latin token its
// gloss names (MatchMethod::kTranslation). docs/matching.md describes the rule.
#pragma once

#include <functional>
#include <string_view>

namespace cordon {

// The English words for an abjad token (transliterated: "msry", "altwnsyt", "llsraft"),
// space-separated (the two words of a phrase joined by '+': money+exchange), or empty. Tried as
// written, then without a clitic prefix (al, wal, bal, ll, fal, l, b, w), each also without a
// feminine, nisba or plural ending (yt, y, t, yn, wn).
std::string_view arabic_gloss(std::string_view abjad);
// Whether `english` (a normalised Latin token) is among the English words of the abjad token.
bool glosses_to(std::string_view abjad, std::string_view english);
// Whether `english` is an English word of the glossary at all (cheap: most tokens fail on length).
bool is_gloss_word(std::string_view english);
// Calls f with each English word of the abjad token's gloss.
void for_each_gloss_word(std::string_view abjad, const std::function<void(std::string_view)>& f);
// Two-word translations of one abjad word (صرافة sraft ~ money exchange): calls f with each pair,
// and tells whether the listed tokens `first second` are one of them.
void for_each_gloss_pair(std::string_view abjad, const std::function<void(std::string_view, std::string_view)>& f);
bool glosses_to_pair(std::string_view abjad, std::string_view first, std::string_view second);

}  // namespace cordon
