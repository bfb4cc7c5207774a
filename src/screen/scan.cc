#include "cordon/scan.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <span>
#include <cstdint>
#include <cstring>
#include <map>
#include <unordered_map>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace cordon {

namespace {

// A word weighs at least this much in the lists to anchor a window: listed, and used by few
// listed names (weight = ln(names / (df + 0.5)), so about 250 of the 42,000 bundled names or
// fewer). "kim", "bank", "korea", "group", "university" and the English words that organisation
// names share ("international", "trading") weigh less and only join a window that a rarer word
// anchors. See docs/matching.md, "Free text".
constexpr float kAnchorWeight = 5.2F;
// Frequent words of English news (and a few of Russian, as transliterated): rare in listed names,
// so the lists alone would weigh them as distinctive, yet they carry no evidence in running text.
// They anchor no window, and a mention must pair some word that is not one of them ("and at" is
// no mention of ANDA COMPANY, "hard" none of the vessel HAMD). Sorted.
constexpr std::string_view kCommonWords[] = {
    "a", "about", "above", "across", "act", "action", "added", "after", "again", "against", "agency", "ago",
    "all", "almost", "along", "already", "also", "although", "always", "am", "amid", "among", "an",
    "analysts", "and", "another", "any", "anyone", "anything", "april", "are", "area", "around", "as", "ask",
    "asked", "at", "august", "away", "back", "bank", "banks", "be", "became", "because", "become", "been",
    "before", "began", "being", "below", "best", "better", "between", "bez", "big", "board", "border", "both",
    "budet", "business", "but", "by", "byl", "byla", "byli", "bylo", "call", "called", "came", "can",
    "cannot", "capital", "case", "center", "central", "centre", "change", "chief", "chto", "city", "close",
    "come", "committee", "companies", "company", "could", "council", "country", "court", "data", "day",
    "days", "deal", "december", "department", "did", "dlya", "do", "does", "done", "down", "dr", "during",
    "each", "early", "east", "economic", "economy", "ee", "effect", "ego", "either", "end", "enough", "eta",
    "eti", "eto", "etot", "even", "ever", "every", "far", "february", "few", "financial", "first", "five",
    "for", "forces", "foreign", "former", "four", "friday", "from", "full", "further", "gave", "general",
    "get", "give", "given", "go", "going", "good", "got", "government", "great", "group", "groups", "had",
    "hard", "has", "have", "having", "he", "head", "health", "held", "help", "her", "here", "hers", "high",
    "him", "his", "home", "hong", "house", "how", "however", "i", "if", "ikh", "ili", "in", "including",
    "industry", "information", "international", "into", "is", "issue", "it", "its", "iz", "january", "july",
    "june", "just", "k", "kak", "keep", "know", "known", "kong", "kotoraya", "kotorye", "kotoryy", "large",
    "last", "later", "law", "least", "left", "less", "let", "like", "line", "little", "long", "look", "made",
    "make", "many", "march", "market", "may", "me", "measures", "meeting", "member", "members", "might",
    "military", "million", "minister", "ministry", "monday", "money", "month", "months", "more", "most",
    "mozhet", "mr", "mrs", "ms", "much", "must", "my", "na", "nad", "national", "ne", "near", "need",
    "neither", "never", "new", "news", "next", "ni", "no", "nor", "north", "not", "november", "now", "number",
    "o", "ob", "october", "of", "off", "office", "official", "officials", "often", "old", "on", "ona", "once",
    "one", "oni", "only", "onto", "or", "order", "ot", "other", "our", "out", "over", "own", "part", "party",
    "people", "per", "percent", "pered", "place", "plan", "po", "pod", "point", "policy", "political",
    "possible", "power", "president", "press", "pri", "price", "prices", "program", "programme", "programs",
    "public", "put", "rate", "rather", "read", "really", "recent", "region", "report", "reported",
    "reporters", "research", "right", "s", "said", "same", "saturday", "say", "says", "second", "security",
    "see", "seen", "september", "service", "services", "set", "several", "shall", "she", "should", "show",
    "since", "sir", "six", "small", "so", "some", "south", "spokesman", "spokesperson", "state", "statement",
    "states", "still", "such", "sunday", "support", "system", "systems", "take", "takzhe", "team",
    "technology", "than", "that", "the", "their", "them", "then", "there", "these", "they", "thing", "think",
    "this", "those", "three", "through", "thursday", "time", "to", "today", "told", "tolko", "too", "trade",
    "trading", "treasury", "tuesday", "two", "u", "under", "union", "united", "university", "until", "up",
    "upon", "us", "use", "used", "uzhe", "v", "very", "via", "vy", "want", "war", "was", "water", "way", "we",
    "wednesday", "week", "weeks", "well", "were", "west", "what", "when", "where", "whether", "which",
    "while", "who", "whole", "whom", "whose", "why", "will", "with", "within", "without", "work", "workers",
    "world", "would", "year", "years", "yes", "yeshche", "yet", "you", "your", "za",
};

// Function words (a subset of kCommonWords): a mention neither starts nor ends on one ("the main" is
// no mention of MAKIN, "of jet" none of JAT). Sorted.
constexpr std::string_view kFunctionWords[] = {
    "a", "about", "after", "again", "all", "also", "amid", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "between", "bez", "both", "but", "by", "can", "chto", "could", "did", "dlya",
    "do", "does", "down", "during", "each", "ee", "ego", "either", "eti", "eto", "few", "for", "from", "had",
    "has", "have", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "ikh", "in", "into", "is",
    "it", "its", "iz", "just", "k", "kak", "less", "many", "may", "me", "might", "more", "most", "much",
    "must", "na", "ne", "neither", "ni", "no", "nor", "not", "now", "o", "ob", "of", "off", "on", "ona",
    "once", "oni", "only", "onto", "or", "ot", "our", "out", "over", "own", "per", "po", "pri", "s", "said",
    "same", "say", "says", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "told", "too", "u", "under", "up",
    "upon", "us", "v", "very", "via", "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "whom", "whose", "why", "will", "with", "would", "yes", "you", "your", "za",
};

// A sorted word list split by first letter: a few comparisons per lookup (every word of a text
// with a listed weight is looked up).
class WordSet {
public:
    explicit WordSet(std::span<const std::string_view> sorted) : words_(sorted) {
        for (std::size_t i = 0; i < words_.size(); ++i) {
            const std::size_t c = slot(words_[i]);
            if (first_[c] == last_[c]) first_[c] = i;
            last_[c] = i + 1;
        }
    }
    bool contains(std::string_view w) const {
        if (w.empty()) return false;
        const std::size_t c = slot(w);
        return std::binary_search(words_.begin() + static_cast<std::ptrdiff_t>(first_[c]),
                                  words_.begin() + static_cast<std::ptrdiff_t>(last_[c]), w);
    }

private:
    static std::size_t slot(std::string_view w) {
        const char c = w[0];
        return c >= 'a' && c <= 'z' ? static_cast<std::size_t>(c - 'a') : 26;
    }
    std::span<const std::string_view> words_;
    std::array<std::size_t, 27> first_{}, last_{};
};

bool function_word(std::string_view w) {
    static const WordSet set(kFunctionWords);
    return set.contains(w);
}

bool common_word(std::string_view w) {
    static const WordSet set(kCommonWords);
    return set.contains(w);
}

// A mention of one word only must be of a word this long at least, met exactly or as a
// romanisation variant: a short word or a fuzzy match alone is too often another word.
constexpr std::size_t kMinSingleWordLetters = 5;
constexpr double kMinSingleWordSimilarity = 0.95;
// ... or, for a long word, a close fuzzy match (Hizbullah ~ HIZBALLAH).
constexpr std::size_t kMinFuzzySingleWordLetters = 8;
constexpr double kMinFuzzySingleWordSimilarity = 0.90;

// Token keys are lower-case letters and digits: 36 characters.
constexpr std::size_t kKeyChars = 36;
std::size_t key_char(char c) {
    if (c >= 'a' && c <= 'z') return static_cast<std::size_t>(c - 'a');
    if (c >= '0' && c <= '9') return static_cast<std::size_t>(26 + (c - '0'));
    return 0;
}

// Words a window may have beyond the name words of the listed name it is screened for.
constexpr std::size_t kWindowSlack = 2;
// Longer words are no names (base64, hashes, a run of binary): they break a window.
constexpr std::size_t kMaxWordBytes = 48;

// Bytes of the UTF-8 sequence starting at s[i], or 0 when it is not a valid one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) return 1;
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (b >= 0xC2 && b <= 0xDF) {
        n = 2;
        cp = b & 0x1FU;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        cp = b & 0x0FU;
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        cp = b & 0x07U;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0U) != 0x80U) return 0;
        cp = (cp << 6U) | (c & 0x3FU);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

// The text with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD; empty
// when it is valid (the common case: no copy).
std::string repaired(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        // Eight ASCII bytes at a time (most text is mostly ASCII).
        while (i + 8 <= s.size()) {
            std::uint64_t eight = 0;
            std::memcpy(&eight, s.data() + i, 8);
            if ((eight & 0x8080808080808080ULL) != 0) break;
            i += 8;
        }
        if (i == s.size()) break;
        const std::size_t n = utf8_length(s, i);
        if (n == 0) break;
        i += n;
    }
    if (i == s.size()) return {};
    std::string out(s.substr(0, i));
    while (i < s.size()) {
        const std::size_t n = utf8_length(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// Abbreviations whose full stop ends no sentence.
bool abbreviation(std::string_view word) {
    static constexpr std::string_view kWords[] = {
        "co", "ltd", "inc", "corp", "llc", "plc", "jsc", "ojsc", "pjsc", "cjsc", "ooo", "intl", "bros", "mr",
        "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "prof", "no", "vs", "mt", "ft"};
    if (word.size() > 4) return false;
    char buf[4];
    for (std::size_t k = 0; k < word.size(); ++k) buf[k] = lower(word[k]);
    const std::string_view w(buf, word.size());
    return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

// Multi-byte punctuation that breaks: dashes, quotation marks, guillemets, ellipsis, CJK, Arabic,
// Devanagari.
constexpr std::string_view kMultiByteBreaks[] = {
    "\u2014", "\u2013", "\u201C", "\u201D", "\u201E", "\u00AB", "\u00BB", "\u2026", "\u3002", "\u3001",
    "\uFF0C", "\uFF01", "\uFF1F", "\uFF1A", "\uFF1B", "\u300C", "\u300D", "\u060C", "\u061B", "\u061F",
    "\u06D4", "\u0964", "\u00A7", "\u2022", "\uFFFD"};

// Bytes of the break at s[i] (punctuation that ends a sentence or clause, a line break, a
// quotation mark), or 0. Hyphens, apostrophes and full stops inside names (Sang-man, O'Brien,
// a.k.a., Co. Ltd.) are no breaks.
std::size_t break_at(std::string_view s, std::size_t i) {
    const char c = s[i];
    switch (c) {
        case '\n': case '\r': case '\t': case ',': case ';': case ':': case '!': case '?': case '(': case ')':
        case '[': case ']': case '{': case '}': case '"': case '/': case '\\': case '|': case '<': case '>':
        case '=': case '*': case '#': case '@': case '+': case '_': case '~': case '^': case '`':
            return 1;
        case '.': {
            if (i + 1 < s.size() && !is_space(s[i + 1])) return 0;  // a.k.a., 3.5, U.S.A
            std::size_t b = i;
            while (b > 0 && ((s[b - 1] >= 'a' && s[b - 1] <= 'z') || (s[b - 1] >= 'A' && s[b - 1] <= 'Z'))) --b;
            const std::size_t run = i - b;
            if (run == 1 || (run > 0 && abbreviation(s.substr(b, run)))) return 0;  // J. Smith, Co. Ltd.
            return 1;
        }
        case '-':  // a dash between spaces
            return i > 0 && i + 1 < s.size() && is_space(s[i - 1]) && is_space(s[i + 1]) ? 1 : 0;
        default:
            break;
    }
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20) return 1;  // control characters (binary data)
    if (b < 0x80 || i + 1 >= s.size()) return 0;
    for (std::string_view p : kMultiByteBreaks) {
        if (s.compare(i, p.size(), p) == 0) return p.size();
    }
    return 0;
}

// For each byte value, whether break_at may find a break at it: false for letters, digits, spaces,
// apostrophes and the bytes that start no multi-byte break (UTF-8 continuation bytes among them),
// which make up most of any text and are passed over without calling it.
constexpr std::array<bool, 256> kMayBreak = [] {
    std::array<bool, 256> may{};
    for (unsigned b = 0; b < 0x20; ++b) may[b] = true;
    for (const char c : std::string_view(".-,;:!?()[]{}\"/\\|<>=*#@+_~^`")) may[static_cast<unsigned char>(c)] = true;
    for (std::string_view p : kMultiByteBreaks) may[static_cast<unsigned char>(p[0])] = true;
    return may;
}();

bool distinctive(const NameIndex& index, std::string_view word) {
    thread_local std::string variant;
    variant_key(word, variant);
    return index.listed_weight(word, variant) >= kAnchorWeight && !common_word(word);
}

// What free text asks of a match beyond its score: every name word of the listed name paired (a
// window of running text that leaves out part of a listed name is mostly a phrase that happens to
// share words with it: "Far Eastern" of FAR EASTERN BANK), a distinctive word paired, and a lone
// word long and met exactly.
bool evidence_in_text(const NameIndex& index, const Match& m) {
    const NameScore& ns = m.explanation.name;
    std::size_t listed_name_words = 0;
    std::string_view listed_word;  // the last name word of the listed name
    for (std::uint32_t id : index.names_of_entity(m.ordinal)) {
        if (index.name(id).name != m.name_index) continue;
        for (const ScoredToken& t : index.tokens_of(id)) {
            if (t.role != TokenRole::kName) continue;
            ++listed_name_words;
            listed_word = t.text;
            if (std::find(ns.unmatched_listed.begin(), ns.unmatched_listed.end(), t.text) != ns.unmatched_listed.end())
                return false;
        }
        break;
    }
    bool anchored = false;
    std::size_t words = 0;
    for (const TokenPairing& p : ns.pairs) {
        std::string_view q = p.query;
        while (!q.empty()) {
            const std::size_t space = q.find(' ');
            const std::string_view w = q.substr(0, space);
            ++words;
            anchored = anchored || distinctive(index, w);
            q = space == std::string_view::npos ? std::string_view() : q.substr(space + 1);
        }
    }
    if (!anchored) return false;
    // A listed name of one word met by words of the text joined (the syllables of 수억, su eok ~
    // JSC SUEK; of 서울, seo ul ~ SOL) is held to the rule of one word.
    bool joined_to_one = false;
    if (listed_name_words == 1) {
        for (const TokenPairing& p : ns.pairs) {
            joined_to_one = joined_to_one || (p.listed == listed_word && p.query.find(' ') != std::string::npos);
        }
    }
    if (joined_to_one) {
        const Entity& e = *m.entity;
        const auto pair = std::find_if(ns.pairs.begin(), ns.pairs.end(),
                                       [&](const TokenPairing& p) { return p.listed == listed_word; });
        return is_organization(e.schema) && e.names[m.name_index].kind != NameKind::kWeakAlias &&
               listed_word.size() >= kMinSingleWordLetters && pair->similarity >= kMinSingleWordSimilarity;
    }
    if (words + ns.unmatched_query.size() == 1) {
        // One word names a party only when it is the whole listed name (legal forms included) of an
        // organisation, not an alias of little weight: a lone given name, a vessel's name
        // (DANIEL, MARIANA) or the word of LLC SEPTEMBER is too often just that word.
        const Entity& e = *m.entity;
        return is_organization(e.schema) && e.names[m.name_index].kind != NameKind::kWeakAlias &&
               ns.unmatched_listed.empty() && ns.pairs[0].query.size() >= kMinSingleWordLetters &&
               (ns.pairs[0].similarity >= kMinSingleWordSimilarity ||
                (ns.pairs[0].query.size() >= kMinFuzzySingleWordLetters && ns.pairs[0].similarity >= kMinFuzzySingleWordSimilarity));
    }
    return true;
}

// The 4 or 8 bytes at p, as a number.
std::uint64_t load4(const char* p) {
    std::uint32_t v = 0;
    std::memcpy(&v, p, 4);
    return v;
}
std::uint64_t load8(const char* p) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, 8);
    return v;
}

// Words are short: a few loads that together cover every byte (overlapping where the length is
// no multiple of them), each mixed in by a multiplication. A general-purpose string hash, or a
// byte loop, costs several times as much on a word.
std::uint64_t word_hash(std::string_view s) {
    constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
    const char* p = s.data();
    const std::size_t n = s.size();
    std::uint64_t h = n * kMul;
    auto mix = [&](std::uint64_t w) {
        h = (h ^ w) * kMul;
        h ^= h >> 29U;
    };
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 < n; i += 8) mix(load8(p + i));
        mix(load8(p + n - 8));
    } else if (n >= 4) {
        mix(load4(p) | load4(p + n - 4) << 32U);
    } else if (n > 0) {
        auto byte = [&](std::size_t k) { return std::uint64_t{static_cast<unsigned char>(p[k])}; };
        mix(byte(0) | byte(n / 2) << 8U | byte(n - 1) << 16U);
    }
    return h ^ (h >> 32U);
}

// a == b, by the same loads (up to 16 bytes; a memcmp call costs more than a short word).
bool same_word(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    if (n != b.size()) return false;
    const char* p = a.data();
    const char* q = b.data();
    if (n > 16) return std::memcmp(p, q, n) == 0;
    if (n >= 8) return load8(p) == load8(q) && load8(p + n - 8) == load8(q + n - 8);
    if (n >= 4) return load4(p) == load4(q) && load4(p + n - 4) == load4(q + n - 4);
    return n == 0 || (p[0] == q[0] && p[n / 2] == q[n / 2] && p[n - 1] == q[n - 1]);
}

// The same for std::unordered_map keys that are words or short spans of text.
struct WordHash {
    std::size_t operator()(std::string_view s) const { return word_hash(s); }
};
struct SameWord {
    bool operator()(std::string_view a, std::string_view b) const { return same_word(a, b); }
};

// The bytes a word holds, each as bit (byte % 64): a word holds another only when its set holds
// the other's, a test far cheaper than the substring search it spares.
std::uint64_t byte_set(std::string_view s) {
    std::uint64_t set = 0;
    for (const char c : s) set |= std::uint64_t{1} << (static_cast<unsigned char>(c) & 63U);
    return set;
}

// What scanning needs to know of a word (a token text), the same wherever the word occurs.
struct WordFacts {
    std::string text;     // Token::text
    std::string variant;  // Token::variant: variant_key(text)
    float weight;         // NameIndex::listed_weight
    bool common;          // common_word(text)
    bool function;        // function_word(text)
    std::uint64_t bytes;  // byte_set(text)
};

// The facts of each distinct word of a text, worked out on its first occurrence: a story repeats
// its words (the 98,000 words of the scan benchmark's corpus are some 800 distinct ones), and
// the variant key and the index lookup cost far more than finding the word again here.
class WordMemo {
public:
    explicit WordMemo(const NameIndex& index) : index_(index), slots_(1024, 0), mask_(1023) {}

    // The facts of `text`, by their number (valid while the memo lives).
    std::uint32_t find(std::string_view text) {
        const std::uint64_t h = word_hash(text);
        for (std::size_t p = h & mask_;; p = (p + 1) & mask_) {
            const std::uint32_t slot = slots_[p];
            if (slot == 0) return add(text, h, p);
            if (hashes_[slot - 1] == h && same_word(facts_[slot - 1].text, text)) return slot - 1;
        }
    }
    // A reference that stays valid until the next find().
    const WordFacts& operator[](std::uint32_t k) const { return facts_[k]; }

private:
    std::uint32_t add(std::string_view text, std::uint64_t h, std::size_t p) {
        WordFacts f{std::string(text), {}, 0, false, false, byte_set(text)};
        variant_key(f.text, f.variant);
        f.weight = index_.listed_weight(f.text, f.variant);
        f.common = common_word(f.text);
        f.function = function_word(f.text);
        facts_.push_back(std::move(f));
        hashes_.push_back(h);
        const auto n = static_cast<std::uint32_t>(facts_.size());
        slots_[p] = n;  // slot values are fact numbers + 1 (0: empty)
        if (facts_.size() * 2 > slots_.size()) grow();
        return n - 1;
    }
    // Twice the slots: at most half full, so that a probe stays short.
    void grow() {
        std::vector<std::uint32_t> slots(slots_.size() * 2, 0);
        mask_ = slots.size() - 1;
        for (std::uint32_t k = 0; k < facts_.size(); ++k) {
            std::size_t p = hashes_[k] & mask_;
            while (slots[p] != 0) p = (p + 1) & mask_;
            slots[p] = k + 1;
        }
        slots_.swap(slots);
    }

    const NameIndex& index_;
    std::vector<WordFacts> facts_;
    std::vector<std::uint64_t> hashes_;  // word_hash(facts_[k].text)
    std::vector<std::uint32_t> slots_;
    std::size_t mask_;
};

struct Word {
    std::uint32_t begin, end;  // bytes of the text
    std::uint32_t facts;       // in the WordMemo
    float weight;              // NameIndex::listed_weight
    bool listed;               // weight >= 0
    bool abjad;                // Token::abjad
    // A window may start here: not inside a Hangul word (평양으로 gives pyeong yang eu ro, and
    // "yang eu" is nobody; a Korean name opens its word, 김상만은), and neither end of a window is
    // a word of one letter (Spanish y, Persian و, "and": "China y" is not YU, Chin).
    bool may_start, may_end;
};

struct Hit {
    std::uint32_t first, last;  // words
    std::uint32_t begin, end;   // bytes of the text
    Match match;
};

// The code point before byte `at` of valid UTF-8 `text` (0 at the start) and the one at `at` (0 at
// the end).
UChar32 code_point_before(std::string_view text, std::size_t at) {
    if (at == 0) return 0;
    auto i = static_cast<int32_t>(at);
    UChar32 c = 0;
    U8_PREV(reinterpret_cast<const uint8_t*>(text.data()), 0, i, c);
    return c;
}
UChar32 code_point_at(std::string_view text, std::size_t at) {
    if (at >= text.size()) return 0;
    auto i = static_cast<int32_t>(at);
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
    return c;
}
bool hangul_syllable(UChar32 c) { return c >= 0xAC00 && c <= 0xD7A3; }
bool letter(UChar32 c) { return c > 0 && (u_isalnum(c) != 0 || u_hasBinaryProperty(c, UCHAR_ALPHABETIC) != 0); }

}  // namespace

std::vector<Mention> scan_text(const Screener& screener, std::string_view input, const ScanOptions& options) {
    std::vector<Mention> out;
    const std::string fixed = repaired(input);
    const std::string_view text = fixed.empty() ? input : std::string_view(fixed);
    if (text.empty() || text.size() >= UINT32_MAX || options.limit == 0) return out;
    const NameIndex& index = screener.index();
    const std::size_t max_window = std::max<std::size_t>(1, options.max_window);

    ScreenOptions screen_options;
    screen_options.threshold = options.threshold;
    screen_options.limit = 5;
    screen_options.explain = false;
    screen_options.lists = options.lists;

    ScreenOptions explain_options = screen_options;
    explain_options.explain = true;

    // Windows screened so far, by their text: names recur in a story.
    std::unordered_map<std::string_view, std::vector<Match>, WordHash, SameWord> seen;
    std::vector<Hit> hits;
    std::vector<Token> tokens;
    std::vector<Word> words;
    words.reserve(text.size() / 6 + 16);  // English runs a word to six bytes or so: no regrowing
    WordMemo memo(index);
    std::vector<std::uint64_t> windows;
    Query query;

    // The most name words of a listed name that holds the anchor words[a] and whose other name
    // words all have a plausible counterpart among words[lo, hi): one that begins as it does (by
    // romanisation variant or consonant skeleton) or holds it (Sangman ~ Sang Man); 0 when no
    // listed name passes. A cheap test that spares most anchors the screening of their windows
    // (an English word rare in listed names, "payments", "compliance", has no name around it).
    // Per anchor word, what the listed names that hold it need around it (worked out once per
    // word and call: a story repeats its words).
    struct Need {
        std::uint16_t start;   // first two letters of the variant key (c0 * kKeyChars + c1), or
        bool initial;          // an initial: its one letter (c0)
        std::string_view text;  // the listed token (views into the index)
        std::uint64_t bytes;    // byte_set(text)
    };
    struct Holder {
        std::uint32_t first, count;  // into needs
        std::uint32_t name_words;
    };
    struct Holders {
        std::vector<Holder> names;
    };
    std::vector<Need> needs;
    std::unordered_map<std::uint32_t, Holders> holders_of;  // by WordFacts number
    std::vector<std::uint32_t> holders;
    std::bitset<kKeyChars * kKeyChars> starts;
    // The words around the anchor, as the search for a name word inside them reads them.
    struct Around {
        std::uint64_t bytes;
        std::size_t size;
        const std::string* text;
    };
    std::vector<Around> around;
    auto holders_for = [&](std::size_t a) -> const Holders& {
        // By the word, not its bytes: the words of one written word share them (al + zwahry).
        auto [it, inserted] = holders_of.try_emplace(words[a].facts);
        if (!inserted) return it->second;
        // A frequent word of the language, or one without a letter, anchors nothing.
        const WordFacts& word = memo[words[a].facts];
        if (word.common ||
            std::none_of(word.text.begin(), word.text.end(), [](char c) { return c >= 'a'; })) {
            return it->second;
        }
        holders.clear();
        const WordFacts& anchor = memo[words[a].facts];
        index.names_with_token(anchor.text, anchor.variant, holders);
        std::sort(holders.begin(), holders.end());
        holders.erase(std::unique(holders.begin(), holders.end()), holders.end());
        for (std::uint32_t id : holders) {
            Holder h{static_cast<std::uint32_t>(needs.size()), 0, 0};
            for (const ScoredToken& t : index.tokens_of(id)) {
                if (t.role != TokenRole::kName) continue;
                ++h.name_words;
                if (t.abjad || t.variant.empty() || t.text == anchor.text || t.variant == anchor.variant) continue;
                const bool initial = t.variant.size() == 1;
                needs.push_back({static_cast<std::uint16_t>(key_char(t.variant[0]) * kKeyChars +
                                                            (initial ? 0 : key_char(t.variant[1]))),
                                 initial, t.text, byte_set(t.text)});
            }
            h.count = static_cast<std::uint32_t>(needs.size()) - h.first;
            it->second.names.push_back(h);
        }
        return it->second;
    };
    auto plausible_length = [&](std::size_t a, std::size_t lo, std::size_t hi) -> std::size_t {
        const Holders& found_holders = holders_for(a);
        if (found_holders.names.empty()) return 0;
        // The first two letters of the words around, and the first letters of the one-letter ones.
        starts.reset();
        std::uint64_t initials = 0;
        std::uint64_t firsts = 0;
        std::size_t longest_word = 0;
        around.clear();
        for (std::size_t k = lo; k < hi; ++k) {
            const WordFacts& w = memo[words[k].facts];
            if (k != a) around.push_back({w.bytes, w.text.size(), &w.text});
            if (k == a || w.variant.empty()) continue;
            if (words[k].abjad) return max_window;  // skeletons pair by other rules: screen them all
            const std::size_t c0 = key_char(w.variant[0]);
            firsts |= 1ULL << c0;
            if (w.variant.size() == 1) {
                initials |= 1ULL << c0;
            } else {
                starts[c0 * kKeyChars + key_char(w.variant[1])] = true;
            }
            longest_word = std::max(longest_word, w.text.size());
        }
        std::size_t longest = 0;
        for (const Holder& h : found_holders.names) {
            if (h.name_words <= longest) continue;
            bool all = true;
            for (std::uint32_t n = h.first; n < h.first + h.count && all; ++n) {
                const Need& need = needs[n];
                const std::size_t c0 = need.start / kKeyChars;
                bool found = (initials >> c0 & 1U) != 0 ||
                             (need.initial ? (firsts >> c0 & 1U) != 0 : starts[need.start]);
                const std::size_t len = need.text.size();
                if (!found && longest_word > len) {
                    for (const Around& other : around) {
                        if ((need.bytes & ~other.bytes) == 0 && other.size > len &&
                            other.text->find(need.text) != std::string::npos) {
                            found = true;
                            break;
                        }
                    }
                }
                all = found;
            }
            if (all) longest = h.name_words;
        }
        return longest;
    };

    auto edge = [&](std::size_t k) { return words[k].listed && !memo[words[k].facts].function; };
    auto start_edge = [&](std::size_t k) { return edge(k) && words[k].may_start; };
    auto end_edge = [&](std::size_t k) { return edge(k) && words[k].may_end; };

    // Screens the windows of one run of words (within a segment, no over-long word between).
    auto scan_run = [&](std::size_t run_begin, std::size_t run_end) {
        windows.clear();
        for (std::size_t a = run_begin; a < run_end; ++a) {
            if (words[a].weight < kAnchorWeight) continue;
            const std::size_t lo = a + 1 >= run_begin + max_window ? a + 1 - max_window : run_begin;
            const std::size_t name_words = plausible_length(a, lo, std::min(run_end, a + max_window));
            if (name_words == 0) continue;
            // Legal forms, stopwords and split words make a window longer than the name's words.
            const std::size_t width = std::min(max_window, name_words + kWindowSlack);
            const std::size_t from = a + 1 >= run_begin + width ? a + 1 - width : run_begin;
            for (std::size_t i = from; i <= a; ++i) {
                if (!start_edge(i)) continue;  // a window starts and ends on a listed word, no function word
                for (std::size_t j = a; j < run_end && j < i + width; ++j) {
                    if (!end_edge(j)) continue;
                    windows.push_back((static_cast<std::uint64_t>(i) << 32U) | j);
                }
            }
        }
        std::sort(windows.begin(), windows.end());
        windows.erase(std::unique(windows.begin(), windows.end()), windows.end());
        for (std::uint64_t w : windows) {
            const auto i = static_cast<std::uint32_t>(w >> 32U);
            const auto j = static_cast<std::uint32_t>(w & 0xFFFFFFFFU);
            const std::string_view span = text.substr(words[i].begin, words[j].end - words[i].begin);
            auto it = seen.find(span);
            if (it == seen.end()) {
                query.name.assign(span);
                std::vector<Match> found = screener.screen(query, screen_options);
                if (!found.empty()) {
                    // Rare: explained, to check what free text asks beyond the score.
                    found = screener.screen(query, explain_options);
                    std::erase_if(found, [&](const Match& m) { return !evidence_in_text(index, m); });
                }
                it = seen.emplace(span, std::move(found)).first;
            }
            for (const Match& m : it->second) hits.push_back({i, j, words[i].begin, words[j].end, m});
        }
    };

    std::size_t seg_begin = 0;
    for (std::size_t pos = 0; pos <= text.size();) {
        while (pos < text.size() && !kMayBreak[static_cast<unsigned char>(text[pos])]) ++pos;
        const std::size_t brk = pos < text.size() ? break_at(text, pos) : 1;
        if (brk == 0) {
            ++pos;
            continue;
        }
        if (pos > seg_begin) {
            screener.normalizer().split_words(text.substr(seg_begin, pos - seg_begin), tokens);
            std::size_t run_begin = words.size();
            for (const Token& t : tokens) {
                if (t.text.empty()) continue;
                if (t.end - t.begin > kMaxWordBytes || t.text.size() > kMaxWordBytes) {
                    scan_run(run_begin, words.size());
                    run_begin = words.size();
                    continue;
                }
                // A word that the Normalizer cut into several tokens (a Hangul syllable block per
                // token, a letter-digit split) keeps each token's span.
                const std::uint32_t facts = memo.find(t.text);
                const float weight = memo[facts].weight;
                const std::size_t begin = seg_begin + t.begin, end = seg_begin + t.end;
                bool may_start = true, may_end = true;
                if (weight >= 0) {  // only listed words make windows
                    const UChar32 before = code_point_before(text, begin);
                    const bool lone_letter = t.text.size() == 1 && t.text[0] >= 'a' && !letter(before) && !letter(code_point_at(text, end));
                    may_start = !lone_letter && !(hangul_syllable(before) && hangul_syllable(code_point_at(text, begin)));
                    may_end = !lone_letter;
                }
                words.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), facts, weight,
                                 weight >= 0, t.abjad, may_start, may_end});
            }
            scan_run(run_begin, words.size());
        }
        pos += brk;
        seg_begin = pos;
    }

    // The best hits that do not overlap, tightest window first among equal scores. Overlap is of
    // bytes, not words: the words of one written word share its bytes (the article of الظواهري,
    // al + zwahry).
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        if (a.match.score != b.match.score) return a.match.score > b.match.score;
        if (a.end - a.begin != b.end - b.begin) return a.end - a.begin < b.end - b.begin;
        if (a.begin != b.begin) return a.begin < b.begin;
        return a.match.ordinal < b.match.ordinal;
    });
    std::vector<const Hit*> kept;
    // Byte spans taken, by start (they do not overlap): their end and the entities each names.
    std::map<std::uint32_t, std::pair<std::uint32_t, std::vector<std::uint32_t>>> taken;
    for (const Hit& h : hits) {
        auto next = taken.upper_bound(h.begin);
        if (next != taken.end() && next->first < h.end) continue;  // overlaps a later span
        if (next != taken.begin()) {
            auto& [begin, span] = *std::prev(next);
            auto& [end, ordinals] = span;
            if (begin == h.begin && end == h.end) {
                // The same span: another entity it names.
                if (std::find(ordinals.begin(), ordinals.end(), h.match.ordinal) != ordinals.end()) continue;
                ordinals.push_back(h.match.ordinal);
                kept.push_back(&h);
                continue;
            }
            if (end > h.begin) continue;  // overlaps an earlier span
        }
        taken.emplace(h.begin, std::make_pair(h.end, std::vector<std::uint32_t>{h.match.ordinal}));
        kept.push_back(&h);
    }
    std::sort(kept.begin(), kept.end(), [](const Hit* a, const Hit* b) {
        if (a->begin != b->begin) return a->begin < b->begin;
        if (a->match.score != b->match.score) return a->match.score > b->match.score;
        return a->match.ordinal < b->match.ordinal;
    });
    if (kept.size() > options.limit) kept.resize(options.limit);

    // Character offsets, counted once through the text in order.
    std::size_t byte = 0, chars = 0;
    auto chars_at = [&](std::size_t target) {
        for (; byte < target; ++byte) {
            if ((static_cast<unsigned char>(text[byte]) & 0xC0U) != 0x80U) ++chars;
        }
        return chars;
    };
    for (const Hit* h : kept) {
        Mention m;
        m.byte_start = h->begin;
        m.byte_end = h->end;
        m.text.assign(text.substr(m.byte_start, m.byte_end - m.byte_start));
        m.match = h->match;
        if (!options.explain) m.match.explanation = {};
        out.push_back(std::move(m));
    }
    // The mentions are in text order and overlap only when their spans are equal.
    for (std::size_t k = 0; k < out.size(); ++k) {
        Mention& m = out[k];
        if (k > 0 && out[k - 1].byte_start == m.byte_start) {
            m.start = out[k - 1].start;
            m.end = out[k - 1].end;
            continue;
        }
        m.start = chars_at(m.byte_start);
        m.end = chars_at(m.byte_end);
    }
    return out;
}

}  // namespace cordon
