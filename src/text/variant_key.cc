// variant_key(): one canonical spelling for the romanisations of a name.
//
// The key is built by rewrite passes over the normalised token (docs/normalization.md lists every
// rule with examples):
//   P0 affixes     abd+vowel+l / abd+vowel+doubled consonant / a token abd+vowel+sun letter (abdur)
//                  -> "abdal"; ...uddin/eddine -> "aldin"
//   P1 consonants  x->ks, q->k, c->k/s, ck->k, sch/shch->sh, tch->ch, cz->ch, ph->f, th->t, dh->d,
//                  initial gh->k (Persian qaf: Gholam/Qolam),
//                  kh->h, gh->g, zh/dzh/dj->j, tz->ts
//   P2 vowels      V+ye->Ve (not before o), ou/oo->u, ee->i
//   P3 endings     -y/-Vj->i, -off/-ow->ov, -eff/-ew->ev, C+er->Cr, -dt->t, C+eh->Ca, V+h->V
//   P4 glides      y before a consonant -> i; i/ii/iy/ij before a vowel -> y; initial ye->e (not yeo);
//                  l/r/n/t/d/s/z/k + ev (at the end or before n/i/a, from the 3rd letter) -> Cyev;
//                  ei->ai
//   P5 doubles     aa->a, mm->m, ...
// then, when the result reads as 1-3 romanised Korean syllables (looks_korean), the Korean rules:
//   consonants k/g, t/d, p/b/ph, ch/j, s/sh merge; r/l/rh before i/y at the token start or after
//   n/ng/l is dropped (ri/li/lee/rhee/yi/i -> i, ryu/yu, ryong -> yong, jinryong -> jinyong); r and
//   h before a consonant are silent (park/bahk/pak -> bag, ahn -> an); vowel classes
//   eo/o/u/eu/wu -> u, yeo/yo/yu -> yu, ae/e -> e, oe/oi/we/wae -> we, wo/weo -> wo,
//   yae/ye -> ye, yi/i/ui/eui -> i
// and otherwise the non-Korean rules:
//   initial j+vowel -> y, C+yo -> Ce (Fyodor/Fedor), w+vowel/wl-/wr- -> v, and in a closed syllable
//   e -> a, o -> u (Mohammed/Muhammad -> muhamad, Omar/Umar -> umar), then doubles again.
// The Korean gate runs on the output of P0-P5, so two tokens with the same general key always get the
// same final key: the Korean rules can merge more, never split a general variant group.
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "cordon/normalize.h"
#include "key_buffer.h"

namespace cordon {
namespace {

using text::is_vowel;
using text::KeyBuffer;

struct Out {
    char* p;
    std::size_t k = 0;
    void put(char c) { p[k++] = c; }
    void put(std::string_view s) {
        if (s.empty()) return;  // memcpy from a null view is undefined even for 0 bytes
        std::memcpy(p + k, s.data(), s.size());
        k += s.size();
    }
    char last() const { return k ? p[k - 1] : '\0'; }
};

inline char at(const char* s, std::size_t n, std::size_t i) { return i < n ? s[i] : '\0'; }

// s[i..] starts with v (v is 1-3 letters: a byte loop beats a memcmp call here).
inline bool has_at(const char* s, std::size_t n, std::size_t i, std::string_view v) {
    if (i + v.size() > n) return false;
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (s[i + k] != v[k]) return false;
    }
    return true;
}

// ---- P0 -----------------------------------------------------------------------------------------
std::size_t pass_affixes(std::string_view t, char* dst) {
    Out o{dst};
    std::string_view body = t;
    if (t.size() > 4 && t.substr(0, 3) == "abd") {
        std::size_t i = 3;
        while (i < t.size() && is_vowel(t[i])) ++i;
        if (i > 3 && i < t.size()) {
            if (t[i] == 'l') {
                o.put("abdal");
                body = t.substr(i + 1);
            } else if (i + 1 < t.size() && t[i] == t[i + 1] && !is_vowel(t[i])) {
                o.put("abdal");  // assimilated article: abdur-rahman, abdus-salam
                body = t.substr(i);
            } else if (i + 1 == t.size() && std::string_view("rsztdn").find(t[i]) != std::string_view::npos) {
                o.put("abdal");  // the same written apart: Abdur Rahman, Abdus Salam
                body = {};
            }
        }
    }
    static constexpr std::string_view kDin[] = {"uddeen", "eddeen", "eddine", "uddin", "eddin",
                                                "addin",  "aldin",  "uldin",  "ettin"};
    const bool may_end_in_din = body.size() >= 8 && (body.back() == 'n' || body.back() == 'e');
    for (std::string_view s : may_end_in_din ? std::span<const std::string_view>(kDin)
                                             : std::span<const std::string_view>()) {
        if (body.size() >= s.size() + 3 && body.substr(body.size() - s.size()) == s) {
            o.put(body.substr(0, body.size() - s.size()));
            o.put("aldin");
            return o.k;
        }
    }
    o.put(body);
    return o.k;
}

// ---- P1 -----------------------------------------------------------------------------------------
std::size_t pass_consonants(const char* s, std::size_t n, char* dst) {
    Out o{dst};
    for (std::size_t i = 0; i < n;) {
        const char c = s[i], c1 = at(s, n, i + 1), c2 = at(s, n, i + 2), c3 = at(s, n, i + 3);
        switch (c) {
            case 'x': o.put("ks"); i += 1; continue;
            case 'q': o.put('k'); i += 1; continue;
            case 'c':
                if (c1 == 'h') { o.put("ch"); i += 2; continue; }
                if (c1 == 'k') { o.put('k'); i += 2; continue; }
                if (c1 == 'z') { o.put("ch"); i += 2; continue; }
                o.put(c1 == 'e' || c1 == 'i' || c1 == 'y' ? 's' : 'k');
                i += 1;
                continue;
            case 's':
                if (c1 == 'h' && c2 == 'c' && c3 == 'h') { o.put("sh"); i += 4; continue; }
                if (c1 == 'c' && c2 == 'h') { o.put("sh"); i += 3; continue; }
                break;
            case 't':
                if (c1 == 'c' && c2 == 'h') { o.put("ch"); i += 3; continue; }
                if (c1 == 'h') { o.put('t'); i += 2; continue; }
                if (c1 == 'z') { o.put("ts"); i += 2; continue; }
                break;
            case 'p':
                // DPRK "ph" is an aspirated p (Phyo, Phyong): keep it before y for the Korean rules.
                if (c1 == 'h' && c2 != 'y') { o.put('f'); i += 2; continue; }
                break;
            case 'd':
                if (c1 == 'z' && c2 == 'h') { o.put('j'); i += 3; continue; }
                if (c1 == 'j') { o.put('j'); i += 2; continue; }
                if (c1 == 'h') { o.put('d'); i += 2; continue; }
                break;
            case 'k':
                // kh -> h (Khalid/Halid, Mikhail/Mihail), but a final kh is a k (Sheikh/Sheik, Parikh).
                if (c1 == 'h') { o.put(i + 2 == n ? 'k' : 'h'); i += 2; continue; }
                break;
            case 'g':
                // Persian says qaf as gh: at the start of a word the two spellings are one name
                // (Gholam/Qolam, Ghasem/Qasem, Ghods/Qods).
                if (c1 == 'h') { o.put(i == 0 ? 'k' : 'g'); i += 2; continue; }
                break;
            case 'z':
                if (c1 == 'h') { o.put('j'); i += 2; continue; }
                break;
            default:
                break;
        }
        o.put(c);
        i += 1;
    }
    return o.k;
}

// ---- P2 -----------------------------------------------------------------------------------------
std::size_t pass_vowels(const char* s, std::size_t n, char* dst) {
    Out o{dst};
    for (std::size_t i = 0; i < n;) {
        const char c = s[i], c1 = at(s, n, i + 1), c2 = at(s, n, i + 2), c3 = at(s, n, i + 3);
        if (is_vowel(c) && c1 == 'y' && c2 == 'e' && c3 != 'o') {
            // BGN writes Russian е after a vowel as ye: Sergeyevich/Sergeevich, Dostoyevsky/Dostoevsky.
            // (Not before o: Korean yeo, as in Seoyeon.)
            if (c == 'e') {
                o.put('i');
            } else {
                o.put(c);
                o.put('e');
            }
            i += 3;
            continue;
        }
        if (c == 'o' && (c1 == 'u' || c1 == 'o')) { o.put('u'); i += 2; continue; }
        if (c == 'e' && c1 == 'e') { o.put('i'); i += 2; continue; }
        o.put(c);
        i += 1;
    }
    return o.k;
}

// ---- P3 (in place) ------------------------------------------------------------------------------
std::size_t pass_endings(char* s, std::size_t n) {
    if (n >= 2 && s[n - 1] == 'y') {
        s[n - 1] = 'i';
    } else if (n >= 2 && s[n - 1] == 'j' && is_vowel(s[n - 2])) {
        s[n - 1] = 'i';
    }
    if (n >= 4 && s[n - 1] == 'f' && s[n - 2] == 'f' && (s[n - 3] == 'o' || s[n - 3] == 'e')) {
        s[n - 2] = 'v';
        n -= 1;
    } else if (n >= 4 && s[n - 1] == 'w' && (s[n - 2] == 'o' || s[n - 2] == 'e')) {
        s[n - 1] = 'v';
    }
    if (n >= 5 && s[n - 1] == 'r' && s[n - 2] == 'e' && !is_vowel(s[n - 3]) && s[n - 3] != 'y') {
        s[n - 2] = 'r';
        n -= 1;
    }
    if (n >= 3 && s[n - 1] == 't' && s[n - 2] == 'd') {
        s[n - 2] = 't';
        n -= 1;
    }
    // A final -eh is the Persian spelling of the ta marbuta that Arabic ones write -a or -ah
    // (Mayaleh/Mayala, Zohreh/Zohra).
    if (n >= 5 && s[n - 1] == 'h' && s[n - 2] == 'e' && !is_vowel(s[n - 3])) s[n - 2] = 'a';
    if (n >= 2 && s[n - 1] == 'h' && is_vowel(s[n - 2])) n -= 1;
    return n;
}

// ---- P4 -----------------------------------------------------------------------------------------
std::size_t pass_glides(const char* s, std::size_t n, char* dst) {
    Out o{dst};
    auto put_i = [&o] {
        if (o.last() == 'e') o.p[o.k - 1] = 'a';  // ei/ey -> ai (Hussein/Husayn, Andrei/Andrey)
        o.put('i');
    };
    for (std::size_t i = 0; i < n;) {
        const char c = s[i], c1 = at(s, n, i + 1), c2 = at(s, n, i + 2);
        if (c == 'y') {
            if (is_vowel(c1)) {
                if (o.k == 0 && c1 == 'e' && c2 != 'o') { i += 1; continue; }  // Yevgeny -> evgeny
                o.put('y');
            } else {
                put_i();
            }
            i += 1;
            continue;
        }
        if (i >= 2 && c1 == 'e' && c2 == 'v' && std::string_view("lrntdszk").find(c) != std::string_view::npos &&
            (i + 3 == n || s[i + 3] == 'n' || s[i + 3] == 'i' || s[i + 3] == 'a')) {
            // Russian -ev after a soft consonant, written with or without the soft sign's y:
            // Yurevna/Yuryevna, Grigorev/Grigoryev (and Vasiliev, through the rule for i below).
            o.put(c);
            o.put('y');
            i += 1;
            continue;
        }
        if (c == 'i') {
            if ((c1 == 'y' || c1 == 'i' || c1 == 'j') && is_vowel(c2) && c2 != 'i') {
                o.put('y');  // mariya, mariia, marija -> marya
                i += 2;
                continue;
            }
            if (is_vowel(c1) && c1 != 'i') { o.put('y'); i += 1; continue; }
            put_i();
            i += 1;
            continue;
        }
        o.put(c);
        i += 1;
    }
    return o.k;
}

// ---- P5 -----------------------------------------------------------------------------------------
std::size_t pass_doubles(const char* s, std::size_t n, char* dst) {
    Out o{dst};
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && s[i] == s[i - 1]) continue;
        o.put(s[i]);
    }
    return o.k;
}

// ---- Korean gate --------------------------------------------------------------------------------
// Lengths of the syllable parts that match at s[i], written to `lens`; returns how many.
int match_initials(const char* s, std::size_t n, std::size_t i, int* lens) {
    int m = 0;
    lens[m++] = 0;
    const char c = at(s, n, i), c1 = at(s, n, i + 1), c2 = at(s, n, i + 2);
    switch (c) {
        case 'g': case 'k': case 'n': case 'd': case 't': case 'm': case 'b': case 'j': case 'h':
        case 'l':
            lens[m++] = 1;
            break;
        case 'r':
            lens[m++] = 1;
            if (c1 == 'h') lens[m++] = 2;
            break;
        case 's':
            lens[m++] = 1;
            if (c1 == 'h') lens[m++] = 2;
            break;
        case 'p':
            lens[m++] = 1;
            if (c1 == 'h' && c2 == 'y') lens[m++] = 2;
            break;
        case 'c':
            if (c1 == 'h') lens[m++] = 2;
            break;
        default:
            break;
    }
    return m;
}

// Korean vowel spellings (after the general passes), grouped by their first letter.
std::span<const std::string_view> vowels_starting_with(char c) {
    static constexpr std::string_view kA[] = {"a", "ae"};
    static constexpr std::string_view kE[] = {"e", "eo", "eu", "eui"};
    static constexpr std::string_view kO[] = {"o", "oe", "oi"};
    static constexpr std::string_view kU[] = {"u", "ui"};
    static constexpr std::string_view kI[] = {"i"};
    static constexpr std::string_view kY[] = {"ya", "yae", "yeo", "ye", "yo", "yu", "yi"};
    static constexpr std::string_view kW[] = {"wa", "wae", "wo", "weo", "we", "wi", "wu"};
    switch (c) {
        case 'a': return kA;
        case 'e': return kE;
        case 'o': return kO;
        case 'u': return kU;
        case 'i': return kI;
        case 'y': return kY;
        case 'w': return kW;
        default: return {};
    }
}

int match_vowels(const char* s, std::size_t n, std::size_t i, int* lens) {
    int m = 0;
    if (i >= n) return 0;
    for (std::string_view v : vowels_starting_with(s[i])) {
        if (has_at(s, n, i, v)) lens[m++] = static_cast<int>(v.size());
    }
    return m;
}

int match_finals(const char* s, std::size_t n, std::size_t i, int* lens) {
    int m = 0;
    const char c = at(s, n, i), c1 = at(s, n, i + 1);
    switch (c) {
        case 'k': case 'p': case 'l': case 'm':  // not t: rare in Korean names, common in Western ones
            lens[m++] = 1;
            break;
        case 'n':
            lens[m++] = 1;
            if (c1 == 'g') lens[m++] = 2;
            break;
        default:
            break;
    }
    return m;
}

bool korean_syllables(const char* s, std::size_t n) {
    constexpr std::size_t kMaxLen = 20;
    constexpr unsigned char kMaxSyllables = 3;
    if (n == 0 || n > kMaxLen) return false;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[i];
        if (c == 'f' || c == 'q' || c == 'v' || c == 'x' || c == 'z' || (c == 'c' && at(s, n, i + 1) != 'h') ||
            !text::is_lower_alpha(c)) {
            return false;
        }
    }
    // Cheap rejections first (most Western tokens): a Korean token ends in a vowel or in one of
    // the finals k p l m n ng, and starts with at most one consonant (or ch/sh/ph/rh).
    const char last = s[n - 1];
    if (!text::is_vowel(last) && last != 'k' && last != 'p' && last != 'l' && last != 'm' && last != 'n' &&
        !(last == 'g' && n >= 2 && s[n - 2] == 'n')) {
        return false;
    }
    auto consonant = [](char c) { return !text::is_vowel(c) && c != 'y' && c != 'w'; };
    if (n >= 2 && consonant(s[0]) && consonant(s[1]) && s[1] != 'h') return false;
    unsigned char dist[kMaxLen + 1];
    std::memset(dist, 0xff, sizeof dist);
    dist[0] = 0;
    auto relax = [&](std::size_t p, unsigned char d) {
        if (p <= n && d < dist[p]) dist[p] = d;
    };
    // Two DP layers: syllable boundaries reached after an open syllable (ending in a vowel) and
    // after a closed one. Korean romanisation rarely puts a vowel-initial syllable after an open one
    // (Western names do: ma-ri-a, lou-i-sa), and uses l as an initial only word-initially or after
    // a final l (Western names: ni-ko-la, pau-la).
    unsigned char closed[kMaxLen + 1];
    std::memset(closed, 0xff, sizeof closed);
    auto relax_closed = [&](std::size_t p, unsigned char d) {
        if (p <= n && d < closed[p]) closed[p] = d;
    };
    int li[4], lv[8], lf[4];
    for (std::size_t pos = 0; pos < n; ++pos) {
        for (int layer = 0; layer < 2; ++layer) {
            const unsigned char here = layer == 0 ? dist[pos] : closed[pos];
            if (here >= kMaxSyllables) continue;
            const bool after_open = layer == 0 && pos != 0;
            const auto d = static_cast<unsigned char>(here + 1);
            const int ni = match_initials(s, n, pos, li);
            for (int a = 0; a < ni; ++a) {
                if (li[a] == 0 && after_open) continue;
                if (s[pos] == 'l' && li[a] == 1 && pos != 0 && !(layer == 1 && s[pos - 1] == 'l')) continue;
                if (li[a] == 0 && layer == 1 && s[pos - 1] == 'l') continue;  // ol-a: would be ora
                const std::size_t p1 = pos + li[a];
                const int nv = match_vowels(s, n, p1, lv);
                for (int b = 0; b < nv; ++b) {
                    const std::size_t p2 = p1 + lv[b];
                    relax(p2, d);
                    const int nf = match_finals(s, n, p2, lf);
                    for (int f = 0; f < nf; ++f) relax_closed(p2 + lf[f], d);
                    // A lengthening letter before the final: Park (r before k), Bahk, Ahn, Kahng.
                    const char silent = at(s, n, p2), fin = at(s, n, p2 + 1);
                    if ((silent == 'r' && fin == 'k' && at(s, n, p2 - 1) == 'a') ||
                        (silent == 'h' && (fin == 'k' || fin == 'n'))) {
                        const int ns = match_finals(s, n, p2 + 1, lf);
                        for (int f = 0; f < ns; ++f) relax_closed(p2 + 1 + lf[f], d);
                    }
                }
            }
        }
    }
    return dist[n] <= kMaxSyllables || closed[n] <= kMaxSyllables;
}

// ---- Korean rules -------------------------------------------------------------------------------
std::size_t pass_korean(const char* s, std::size_t n, char* dst) {
    struct Rule {
        std::string_view from, to;
    };
    // Longest spelling first within each first letter.
    static constexpr Rule kA[] = {{"ae", "e"}, {"a", "a"}};
    static constexpr Rule kE[] = {{"eui", "i"}, {"eo", "u"}, {"eu", "u"}, {"e", "e"}};
    static constexpr Rule kO[] = {{"oe", "we"}, {"oi", "we"}, {"o", "u"}};
    static constexpr Rule kU[] = {{"ui", "i"}, {"u", "u"}};
    static constexpr Rule kI[] = {{"i", "i"}};
    static constexpr Rule kY[] = {{"yeo", "yu"}, {"yae", "ye"}, {"yo", "yu"}, {"yu", "yu"},
                                  {"ye", "ye"},  {"ya", "ya"},  {"yi", "i"}};
    static constexpr Rule kW[] = {{"weo", "wo"}, {"wae", "we"}, {"wo", "wo"}, {"wu", "u"},
                                  {"we", "we"},  {"wa", "wa"},  {"wi", "wi"}};
    auto rules_for = [](char c) -> std::span<const Rule> {
        switch (c) {
            case 'a': return kA;
            case 'e': return kE;
            case 'o': return kO;
            case 'u': return kU;
            case 'i': return kI;
            case 'y': return kY;
            case 'w': return kW;
            default: return {};
        }
    };
    Out o{dst};
    auto starts_vowel = [](char c) { return is_vowel(c) || c == 'y' || c == 'w'; };
    for (std::size_t i = 0; i < n;) {
        const char c = s[i], c1 = at(s, n, i + 1);
        if (starts_vowel(c)) {
            bool done = false;
            for (const Rule& r : rules_for(c)) {
                if (has_at(s, n, i, r.from)) {
                    o.put(r.to);
                    i += r.from.size();
                    done = true;
                    break;
                }
            }
            if (!done) { o.put(c); i += 1; }
            continue;
        }
        switch (c) {
            case 'c': o.put('j'); i += (c1 == 'h') ? 2 : 1; continue;
            case 'k': case 'g': o.put('g'); i += 1; continue;
            case 't': case 'd': o.put('d'); i += 1; continue;
            case 'p': o.put('b'); i += (c1 == 'h') ? 2 : 1; continue;
            case 'b': o.put('b'); i += 1; continue;
            case 's': o.put('s'); i += (c1 == 'h') ? 2 : 1; continue;
            case 'n':
                if (c1 == 'g') { o.put("ng"); i += 2; continue; }
                o.put('n');
                i += 1;
                continue;
            case 'h':
                if (!starts_vowel(c1)) { i += 1; continue; }  // silent h: Bahk, Ahn
                o.put('h');
                i += 1;
                continue;
            case 'r': case 'l': {
                const std::size_t len = (c == 'r' && c1 == 'h') ? 2 : 1;
                const char next = at(s, n, i + len);
                if (starts_vowel(next)) {
                    // Syllable-initial before i/y, word-initially or after n/l/ng, dropped (the
                    // South Korean initial-sound law): Ri/Lee/Yi/I, Ryu/Yu, Ryong/Yong,
                    // Jinryong/Jinyong. Otherwise kept.
                    const char prev = o.last();
                    const bool drop = (next == 'i' || next == 'y') && (o.k == 0 || prev == 'n' || prev == 'g' || prev == 'l');
                    if (!drop) o.put(c);
                } else if (c == 'l') {
                    o.put('l');
                }  // else: lengthening r (Park)
                i += len;
                continue;
            }
            default:
                o.put(c);
                i += 1;
                continue;
        }
    }
    return o.k;
}

// ---- non-Korean rules ---------------------------------------------------------------------------
std::size_t pass_general(const char* s, std::size_t n, char* dst) {
    Out o{dst};
    for (std::size_t i = 0; i < n;) {
        const char c = s[i], c1 = at(s, n, i + 1);
        if (i == 0 && c == 'j' && is_vowel(c1)) { o.put('y'); i += 1; continue; }  // Jusuf/Yusuf
        if (c == 'y' && c1 == 'o' && o.k != 0 && !is_vowel(o.last())) {            // Fyodor/Fedor
            o.put('e');
            i += 2;
            continue;
        }
        // w -> v before a vowel (Iwanow -> ivanov with -ow -> ov) and in initial wl/wr (Wladimir);
        // elsewhere w is a vowel letter (Arabic-script و in mhmwd, Mahmoud).
        const bool w_is_v = c == 'w' && (is_vowel(c1) || (i == 0 && (c1 == 'l' || c1 == 'r')));  // Wladimir
        o.put(w_is_v ? 'v' : c);
        i += 1;
    }
    return o.k;
}

std::size_t pass_closed_vowels(char* s, std::size_t n) {
    for (std::size_t i = 0; i + 1 < n; ++i) {
        if (is_vowel(s[i + 1])) continue;
        if (s[i] == 'e') s[i] = 'a';
        else if (s[i] == 'o') s[i] = 'u';
    }
    return n;
}

bool plain_letters(std::string_view t) {
    for (char c : t) {
        if (!text::is_lower_alpha(c)) return false;
    }
    return true;
}

// P0-P5 into `buf`.
void general_passes(std::string_view token, KeyBuffer& buf) {
    buf.set_size(pass_affixes(token, buf.cur()));
    buf.flip(pass_consonants(buf.cur(), buf.size(), buf.next()));
    buf.flip(pass_vowels(buf.cur(), buf.size(), buf.next()));
    buf.set_size(pass_endings(buf.cur(), buf.size()));
    buf.flip(pass_glides(buf.cur(), buf.size(), buf.next()));
    buf.flip(pass_doubles(buf.cur(), buf.size(), buf.next()));
}

}  // namespace

bool looks_korean(std::string_view token) {
    if (token.empty() || !plain_letters(token)) return false;
    KeyBuffer buf(token.size());
    general_passes(token, buf);
    return korean_syllables(buf.cur(), buf.size());
}

// The word an abbreviation stands for in organisation names, or "". Only abbreviations that are no
// name or word of their own in the lists: not "co" (a legal form), "ind", "dev", "gen", "inv".
std::string_view abbreviated_word(std::string_view token) {
    struct Abbreviation {
        std::string_view short_form, word;
    };
    static constexpr Abbreviation kAbbreviations[] = {
        {"assn", "association"}, {"assoc", "association"},   {"bros", "brothers"},     {"cntr", "center"},
        {"coop", "cooperation"}, {"ctr", "center"},          {"dept", "department"},   {"engg", "engineering"},
        {"grp", "group"},        {"hldg", "holding"},        {"hldgs", "holdings"},    {"inst", "institute"},
        {"intl", "international"}, {"mfg", "manufacturing"}, {"mgmt", "management"},   {"natl", "national"},
        {"shpg", "shipping"},    {"svc", "service"},         {"svcs", "services"},     {"tech", "technology"},
        {"trdg", "trading"},     {"univ", "university"},
    };
    if (token.size() < 3 || token.size() > 5) return {};
    for (const Abbreviation& a : kAbbreviations) {
        if (a.short_form == token) return a.word;
    }
    return {};
}

void variant_key(std::string_view token, std::string& out) {
    // Digits, or anything that is not a normalised letter token, are kept as they are: a "747" or
    // "a1" has no romanisation variants.
    if (token.empty() || !plain_letters(token)) {
        out.assign(token);
        return;
    }
    // The Arabic article, as French and Egyptian romanisations write it (El-Shabab ~ Al-Shabab).
    if (token == "el") {
        out.assign("al");
        return;
    }
    // The abbreviations of organisation words that payment messages and registers use for want of
    // room ("CHINYONG IT COOP CO" for Chinyong IT Cooperation Company) have the key of the word.
    if (std::string_view word = abbreviated_word(token); !word.empty()) {
        variant_key(word, out);
        return;
    }
    KeyBuffer buf(token.size());
    general_passes(token, buf);
    if (korean_syllables(buf.cur(), buf.size())) {
        buf.flip(pass_korean(buf.cur(), buf.size(), buf.next()));
    } else {
        buf.flip(pass_general(buf.cur(), buf.size(), buf.next()));
        buf.set_size(pass_closed_vowels(buf.cur(), buf.size()));
    }
    buf.flip(pass_doubles(buf.cur(), buf.size(), buf.next()));
    if (buf.size() == 0) {  // "h", "hh": keep something rather than an empty key
        out.assign(token);
        return;
    }
    out.assign(buf.cur(), buf.size());
}

std::string variant_key(std::string_view token) {
    std::string out;
    variant_key(token, out);
    return out;
}

}  // namespace cordon
