// ScriptTransliterators: the ICU transliterators for scripts other than Latin and Hangul, shared by
// all threads through per-thread clones.
//
// ICU transliterators keep mutable state while they run, so one instance must not be used by two
// threads at once. The Normalizer owns one prototype per kind; each thread clones the prototypes it
// uses on first use and keeps the clones in a small thread_local cache keyed by the owner's id.
#pragma once

#include <cstdint>
#include <memory>

#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace cordon::text {

class ScriptTransliterators {
public:
    enum Kind : int {
        kCyrillic,  // Russian-Latin/BGN (Александр -> aleksandr, Юрий -> yuriy), then Any-Latin
        kHan,       // Han-Latin (pinyin); Latin-ASCII drops the tone marks
        kGeneric,   // Any-Latin: Arabic, Greek, Hebrew, Thai, Georgian, Armenian, kana, Devanagari ...
        kCount
    };

    ScriptTransliterators();
    ~ScriptTransliterators();
    ScriptTransliterators(const ScriptTransliterators&) = delete;
    ScriptTransliterators& operator=(const ScriptTransliterators&) = delete;

    bool ok() const;
    // Unique per instance, never reused (keys per-thread caches of what this instance produced).
    std::uint64_t id() const { return id_; }

    // Transliterates `text` in place to lower-case ASCII (mostly: unmapped characters stay). Returns
    // false, leaving `text` alone, when the transliterator for `kind` failed to load.
    bool transliterate(Kind kind, icu::UnicodeString& text) const;

private:
    std::uint64_t id_;  // unique per instance, never reused: keys the thread-local clone cache
    // Prototypes, cloned per thread: script to Latin, then Latin to lower-case ASCII.
    std::unique_ptr<icu::Transliterator> head_[kCount], tail_[kCount];
};

}  // namespace cordon::text
