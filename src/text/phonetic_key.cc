// phonetic_key(): the consonant skeleton of the variant key, a coarse key for recall on spellings
// that no variant rule covers (and for Arabic and Hebrew script, whose transliterations carry no
// short vowels: "محمد" -> "mhmd" shares the skeleton of "Mohammed").
//
// Rules, applied to the variant key:
//   - vowels (a e i o u), y and w are dropped, except that a word-initial y or j before a vowel is
//     the class j (Yusuf/Jusuf, Yong/Jong);
//   - consonant classes: b p f v -> b; c g k q -> k; d t -> d; s z -> s; sh -> x; ch j -> j;
//     h l m n r keep their letter (h at the end of the token is dropped);
//   - repeats of a class collapse to one letter, also across dropped vowels (mamduh ~ mmdwh);
//   - a token with no consonants keeps its variant key ("i" for Lee/Ri/Yi, "u" for O/Oh).
#include <string>
#include <string_view>

#include "cordon/normalize.h"
#include "key_buffer.h"

namespace cordon {
namespace {

char consonant_class(char c) {
    switch (c) {
        case 'b': case 'p': case 'f': case 'v': return 'b';
        case 'c': case 'g': case 'k': case 'q': return 'k';
        case 'd': case 't': return 'd';
        case 's': case 'z': return 's';
        case 'j': return 'j';
        case 'h': case 'l': case 'm': case 'n': case 'r': return c;
        case 'x': return 's';  // not produced by variant_key (x -> ks); kept for direct callers
        default: return '\0';  // vowels, y, w, digits
    }
}

}  // namespace

void phonetic_from_variant(std::string_view v, std::string& out) {
    out.clear();
    for (char c : v) {
        if (c >= '0' && c <= '9') {  // keys of tokens with digits stay as they are
            out.assign(v);
            return;
        }
    }
    const std::size_t n = v.size();
    char last = '\0';
    for (std::size_t i = 0; i < n; ++i) {
        const char c = v[i];
        const char c1 = i + 1 < n ? v[i + 1] : '\0';
        char cls;
        if (i == 0 && (c == 'y' || c == 'j') && text::is_vowel(c1)) {
            cls = 'j';
        } else if (c == 's' && c1 == 'h') {
            cls = 'x';
            ++i;
        } else if (c == 'c' && c1 == 'h') {
            cls = 'j';
            ++i;
        } else if (c == 'h' && i + 1 == n) {
            cls = '\0';
        } else {
            cls = consonant_class(c);
        }
        if (cls == '\0' || cls == last) continue;  // runs collapse across vowels too (Arabic script)
        out.push_back(cls);
        last = cls;
    }
    if (out.empty()) out.assign(v);
}

void phonetic_key(std::string_view token, std::string& out) {
    std::string v;
    variant_key(token, v);
    phonetic_from_variant(v, out);
}

std::string phonetic_key(std::string_view token) {
    std::string out;
    phonetic_key(token, out);
    return out;
}

}  // namespace cordon
