#include "roles.h"

#include <algorithm>

namespace cordon::text {
namespace {

constexpr std::string_view kLegalForms[] = {
    "llc",   "ltd",    "limited", "company", "corp",  "corporation", "inc",  "incorporated",
    "jsc",   "ojsc",   "pjsc",    "cjsc",    "zao",   "oao",         "ooo",  "pao",
    "ao",    "tov",    "gmbh",    "sarl",    "srl",   "plc",         "pte",  "pvt",
    "sdn",   "bhd",    "fze",     "fzco",    "fzc",   "fzllc",       "fzllc", "llp",
    "ltda",  "aktiengesellschaft", "kabushiki", "kaisha", "mbh", "dmcc", "gmbhco", "sal"};
constexpr std::string_view kLegalFormsNotFirst[] = {"co", "ag", "sa", "spa", "bv", "nv", "ab", "as",
                                                    "oy", "kg", "lp", "sl", "sas", "kk", "se", "cv"};
constexpr std::string_view kHonorifics[] = {
    "mr",     "mrs",     "ms",        "miss",    "dr",       "prof",    "sir",   "sheikh",
    "shaykh", "shaikh",  "sheik",     "hajji",   "haji",     "hajj",    "mullah", "mulla",
    "maulana", "mawlana", "maulvi",   "general", "gen",      "colonel", "col",   "captain",
    "capt",   "lt",      "lieutenant", "major",  "maj",      "admiral", "adm",   "sgt",
    "sergeant", "brigadier", "brig",  "ayatollah", "hojatoleslam", "commander", "cdr"};
constexpr std::string_view kStopAlways[] = {"of", "the", "and", "for", "und", "et"};
constexpr std::string_view kStopNotLast[] = {"de", "del", "della", "da", "dos", "das", "van",
                                             "von", "der", "den", "du", "des", "di", "ter",
                                             "ten", "zu"};
constexpr std::string_view kStopInside[] = {"le", "la", "do", "y", "i"};

// Multi-word legal forms, as romanised text; matched on variant keys.
constexpr std::string_view kLegalPhrases[] = {
    "limited liability company",
    "limited liability partnership",
    "limited partnership",
    "public limited company",
    "private limited company",
    "private limited",
    "joint stock company",
    "closed joint stock company",
    "open joint stock company",
    "public joint stock company",
    "private joint stock company",
    "company limited",
    "obshchestvo s ogranichennoy otvetstvennostyu",
    "obshchestvo s ogranichennoi otvetstvennostiu",
    "obshchestvo s ogranichennoj otvetstvennostju",
    "aktsionernoye obshchestvo",
    "aktsionernoe obshchestvo",
    "zakrytoye aktsionernoye obshchestvo",
    "zakrytoe aktsionernoe obshchestvo",
    "otkrytoye aktsionernoye obshchestvo",
    "otkrytoe aktsionernoe obshchestvo",
    "publichnoye aktsionernoye obshchestvo",
    "publichnoe aktsionernoe obshchestvo",
    "tovarystvo z obmezhenoyu vidpovidalnistyu",
    "sociedad anonima",
    "sociedad limitada",
    "societe anonyme",
    "societe a responsabilite limitee",
    "societa per azioni",
    "societa a responsabilita limitata",
    "gesellschaft mit beschrankter haftung",
    "naamloze vennootschap",
    "besloten vennootschap",
    "free zone establishment",
    "free zone company",
    "sendirian berhad",
    "kabushiki kaisha",
};

}  // namespace

namespace {

constexpr std::size_t kPacked = 8;

// The word as a big-endian integer (so that integer order is string order), for words of up to
// kPacked letters.
std::uint64_t pack(std::string_view w) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < kPacked; ++i) v = (v << 8) | (i < w.size() ? static_cast<unsigned char>(w[i]) : 0);
    return v;
}

}  // namespace

RoleTable::RoleTable() {
    std::vector<Entry> words_;
    auto add = [&words_](auto& list, Kind kind) {
        for (std::string_view w : list) words_.push_back({std::string(w), kind});
    };
    add(kLegalForms, kLegal);
    add(kLegalFormsNotFirst, kLegalNotFirst);
    add(kHonorifics, kHonor);
    add(kStopAlways, kStopAny);
    add(kStopNotLast, kStopParticle);
    add(kStopInside, kStopBetween);
    std::sort(words_.begin(), words_.end(), [](const Entry& a, const Entry& b) { return a.word < b.word; });
    words_.erase(std::unique(words_.begin(), words_.end(),
                             [](const Entry& a, const Entry& b) { return a.word == b.word; }),
                 words_.end());
    for (const Entry& e : words_) {
        if (e.word.size() <= kPacked) {
            short_words_.emplace_back(pack(e.word), e.kind);
        } else {
            long_words_.push_back(e);
        }
    }
    std::sort(short_words_.begin(), short_words_.end());
    for (std::string_view phrase : kLegalPhrases) {
        std::vector<std::string> keys;
        std::size_t start = 0;
        while (start <= phrase.size()) {
            std::size_t end = phrase.find(' ', start);
            if (end == std::string_view::npos) end = phrase.size();
            keys.push_back(variant_key(phrase.substr(start, end - start)));
            start = end + 1;
        }
        phrases_.push_back(std::move(keys));
    }
    std::sort(phrases_.begin(), phrases_.end());  // by first word, for the range lookup in phrase_at
    for (const auto& p : phrases_) {
        const std::string& w = p[0];
        if (!w.empty() && w[0] >= 'a' && w[0] <= 'z' && w.size() < 32) phrase_start_[w[0] - 'a'] |= 1U << w.size();
    }
}

// Words of Arabic-script names, as transliterated, that are not names: prepositions and
// conjunctions (في fy "in", و w and او aw "and", Pashto د d "of") and the leading titles Latin lists
// write as honorifics (حاجي hajy, شيخ shykh, ملا mla, مولوي mwlwy).
RoleTable::Kind RoleTable::abjad_lookup(std::string_view word) {
    static constexpr std::pair<std::string_view, Kind> kWords[] = {
        {"fy", kStopBetween},  {"w", kStopBetween},  {"aw", kStopBetween},
        {"d", kStopParticle},
        {"hajy", kHonor},      {"haj", kHonor},       {"shykh", kHonor},    {"mla", kHonor},
        {"mwlwy", kHonor},     {"mwlana", kHonor},
    };
    for (const auto& [w, kind] : kWords) {
        if (w == word) return kind;
    }
    return kNone;
}

RoleTable::Kind RoleTable::lookup(std::string_view word) const {
    if (word.empty()) return kNone;
    if (word.size() <= kPacked) {
        const std::uint64_t key = pack(word);
        auto it = std::lower_bound(short_words_.begin(), short_words_.end(), key,
                                   [](const std::pair<std::uint64_t, Kind>& e, std::uint64_t k) { return e.first < k; });
        return (it != short_words_.end() && it->first == key) ? it->second : kNone;
    }
    auto it = std::lower_bound(long_words_.begin(), long_words_.end(), word,
                               [](const Entry& e, std::string_view w) { return e.word < w; });
    return (it != long_words_.end() && it->word == word) ? it->kind : kNone;
}

std::size_t RoleTable::phrase_at(const std::vector<Token>& tokens, std::size_t i, std::size_t count) const {
    std::size_t best = 0;
    const std::string& first = tokens[i].variant;
    if (first.empty() || first[0] < 'a' || first[0] > 'z' || first.size() >= 32 ||
        (phrase_start_[first[0] - 'a'] & (1U << first.size())) == 0) {
        return 0;
    }
    auto it = std::lower_bound(phrases_.begin(), phrases_.end(), first,
                               [](const std::vector<std::string>& p, const std::string& w) { return p[0] < w; });
    for (; it != phrases_.end() && (*it)[0] == first; ++it) {
        const auto& p = *it;
        if (p.size() <= best || i + p.size() > count) continue;
        std::size_t k = 1;
        while (k < p.size() && tokens[i + k].variant == p[k]) ++k;
        if (k == p.size()) best = p.size();
    }
    return best;
}

void RoleTable::assign(std::vector<Token>& tokens, std::size_t count) const {
    bool leading = true;  // still in the run of honorifics at the start
    bool any_name = false;
    for (std::size_t i = 0; i < count;) {
        if (const std::size_t len = phrase_at(tokens, i, count); len >= 2) {
            for (std::size_t k = 0; k < len; ++k) tokens[i + k].role = TokenRole::kLegalForm;
            i += len;
            leading = false;
            continue;
        }
        Token& t = tokens[i];
        const bool first = i == 0, last = i + 1 == count;
        TokenRole role = TokenRole::kName;
        switch (t.abjad ? abjad_lookup(t.text) : lookup(t.text)) {
            case kLegal: role = TokenRole::kLegalForm; break;
            case kLegalNotFirst: if (!first) role = TokenRole::kLegalForm; break;
            case kHonor: if (leading && !last) role = TokenRole::kHonorific; break;
            case kStopAny: role = TokenRole::kStopword; break;
            case kStopParticle: if (!last) role = TokenRole::kStopword; break;
            case kStopBetween: if (!first && !last) role = TokenRole::kStopword; break;
            case kNone: break;
        }
        // A leading particle does not end the run (Pashto د حاجی d hajy "of Haji").
        if (role != TokenRole::kHonorific && role != TokenRole::kStopword) leading = false;
        any_name = any_name || role == TokenRole::kName;
        t.role = role;
        ++i;
    }
    if (!any_name) {
        for (std::size_t i = 0; i < count; ++i) tokens[i].role = TokenRole::kName;
    }
}

}  // namespace cordon::text
