#include "script_transliterator.h"

#include <array>
#include <atomic>

namespace cordon::text {
namespace {

// Each kind is a head (the script to Latin with diacritics) and a tail that folds that to lower-case
// ASCII; transliterate() runs them in turn, as the compound "head; tail" would (a compound applies
// its stages to the whole text one after the other).
constexpr const char* kHeads[ScriptTransliterators::kCount] = {
    "Russian-Latin/BGN; Any-Latin",
    "Han-Latin",
    "Any-Latin",
};
constexpr const char* kTails[ScriptTransliterators::kCount] = {
    // BGN/PCGN marks т·с, з·г ... with a middle dot and the soft/hard signs with primes: drop them.
    "Latin-ASCII; [\\u00B7\\u02B9\\u02BA] Remove; [:M:] Remove; Lower",
    "Latin-ASCII; [:M:] Remove; Lower",
    "Latin-ASCII; [:M:] Remove; Lower",
};

std::atomic<std::uint64_t> next_id{1};

struct ThreadClones {
    std::uint64_t owner = 0;
    std::unique_ptr<icu::Transliterator> head[ScriptTransliterators::kCount], tail[ScriptTransliterators::kCount];
};

// A thread rarely sees more than one Normalizer; four slots cover tests that build several.
constexpr std::size_t kSlots = 4;
thread_local std::array<ThreadClones, kSlots> tls_clones;
thread_local std::size_t tls_next_slot = 0;

ThreadClones& clones_for(std::uint64_t owner) {
    for (ThreadClones& c : tls_clones) {
        if (c.owner == owner) return c;
    }
    ThreadClones& c = tls_clones[tls_next_slot];
    tls_next_slot = (tls_next_slot + 1) % kSlots;
    c.owner = owner;
    for (auto& t : c.head) t.reset();
    for (auto& t : c.tail) t.reset();
    return c;
}

}  // namespace

ScriptTransliterators::ScriptTransliterators() : id_(next_id.fetch_add(1)) {
    auto create = [](const char* id) -> std::unique_ptr<icu::Transliterator> {
        UErrorCode status = U_ZERO_ERROR;
        UParseError parse_error;
        std::unique_ptr<icu::Transliterator> t(
            icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, parse_error, status));
        if (U_FAILURE(status)) t.reset();
        return t;
    };
    for (int k = 0; k < kCount; ++k) {
        head_[k] = create(kHeads[k]);
        tail_[k] = create(kTails[k]);
    }
    // Any-Latin builds its per-script transliterators on first use, and each clone builds its own
    // (ICU copies no cache). Doing that here, once, in this thread's clone leaves the compiled
    // rules in ICU's registry cache, so that a thread's first Arabic or Greek name is not the one
    // that pays for compiling them, and spares this thread (the one that loads the lists; in the
    // CLI also the one that screens them) building the transliterators again, query by query.
    if (head_[kGeneric] && tail_[kGeneric]) {
        icu::UnicodeString warm = icu::UnicodeString::fromUTF8(
            "عربي Ελλάδα עברית ไทย ქართული Հայերեն हिन्दी カタカナ ひらがな");
        transliterate(kGeneric, warm);
    }
}

ScriptTransliterators::~ScriptTransliterators() = default;

bool ScriptTransliterators::ok() const {
    for (int k = 0; k < kCount; ++k) {
        if (!head_[k] || !tail_[k]) return false;
    }
    return true;
}

bool ScriptTransliterators::transliterate(Kind kind, icu::UnicodeString& text) const {
    if (!head_[kind] || !tail_[kind]) return false;
    ThreadClones& c = clones_for(id_);
    if (!c.head[kind]) {
        c.head[kind].reset(head_[kind]->clone());
        if (!c.head[kind]) return false;
    }
    c.head[kind]->transliterate(text);
    // The tail changes nothing in ASCII but the case of A-Z (Latin-ASCII and the removals map only
    // characters beyond ASCII; the transliterator tests check that on every ASCII pair): lower-case
    // those here and spare the tail, a third of the cost, on the many words that come out plain.
    bool ascii = true;
    for (int32_t i = 0, n = text.length(); i < n && ascii; ++i) ascii = text.charAt(i) < 0x80;
    if (ascii) {
        for (int32_t i = 0, n = text.length(); i < n; ++i) {
            const char16_t ch = text.charAt(i);
            if (ch >= u'A' && ch <= u'Z') text.setCharAt(i, static_cast<char16_t>(ch + (u'a' - u'A')));
        }
        return true;
    }
    if (!c.tail[kind]) {
        c.tail[kind].reset(tail_[kind]->clone());
        if (!c.tail[kind]) return false;
    }
    c.tail[kind]->transliterate(text);
    return true;
}

}  // namespace cordon::text
