#include "script_transliterator.h"

#include <array>
#include <atomic>

namespace cordon::text {
namespace {

constexpr const char* kIds[ScriptTransliterators::kCount] = {
    // BGN/PCGN marks т·с, з·г ... with a middle dot and the soft/hard signs with primes: drop them.
    "Russian-Latin/BGN; Any-Latin; Latin-ASCII; [\\u00B7\\u02B9\\u02BA] Remove; [:M:] Remove; Lower",
    "Han-Latin; Latin-ASCII; [:M:] Remove; Lower",
    "Any-Latin; Latin-ASCII; [:M:] Remove; Lower",
};

std::atomic<std::uint64_t> next_id{1};

struct ThreadClones {
    std::uint64_t owner = 0;
    std::unique_ptr<icu::Transliterator> t[ScriptTransliterators::kCount];
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
    for (auto& t : c.t) t.reset();
    return c;
}

}  // namespace

ScriptTransliterators::ScriptTransliterators() : id_(next_id.fetch_add(1)) {
    for (int k = 0; k < kCount; ++k) {
        UErrorCode status = U_ZERO_ERROR;
        UParseError parse_error;
        proto_[k].reset(icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(kIds[k]),
                                                            UTRANS_FORWARD, parse_error, status));
        if (U_FAILURE(status)) proto_[k].reset();
    }
    // Any-Latin builds its per-script transliterators on first use, and each clone builds its own
    // (ICU copies no cache). Doing that here, once, in this thread's clone leaves the compiled
    // rules in ICU's registry cache, so that a thread's first Arabic or Greek name is not the one
    // that pays for compiling them, and spares this thread (the one that loads the lists; in the
    // CLI also the one that screens them) building the transliterators again, query by query.
    if (proto_[kGeneric]) {
        icu::UnicodeString warm = icu::UnicodeString::fromUTF8(
            "عربي Ελλάδα עברית ไทย ქართული Հայերեն हिन्दी カタカナ ひらがな");
        transliterate(kGeneric, warm);
    }
}

ScriptTransliterators::~ScriptTransliterators() = default;

bool ScriptTransliterators::ok() const {
    for (const auto& p : proto_) {
        if (!p) return false;
    }
    return true;
}

bool ScriptTransliterators::transliterate(Kind kind, icu::UnicodeString& text) const {
    if (!proto_[kind]) return false;
    ThreadClones& c = clones_for(id_);
    if (!c.t[kind]) {
        c.t[kind].reset(proto_[kind]->clone());
        if (!c.t[kind]) return false;
    }
    c.t[kind]->transliterate(text);
    return true;
}

}  // namespace cordon::text
