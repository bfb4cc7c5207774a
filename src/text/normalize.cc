// The tokenizer: one scan over the UTF-8 input with three speeds.
//   ASCII bytes          handled inline (letters lower-cased, apostrophes joined, the rest split);
//   Latin beyond ASCII   a LatinFold table lookup (é -> e, ß -> ss, ’ joins, – splits);
//   other scripts        a "foreign run" (the maximal stretch of such characters, with the marks and
//                        apostrophes inside it) goes to romanize_hangul (Hangul syllables) or
//                        romanize_russian (Russian letters), both without ICU, or else to NFKC and
//                        an ICU transliterator chosen by script.
// Tokens carry byte offsets into the original input; a token produced from a foreign run spans the
// characters it came from (one Hangul syllable, one Han name part, or the whole run).
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "cjk_names.h"
#include "cordon/normalize.h"
#include "latin_fold.h"
#include "roles.h"
#include "script_transliterator.h"
#include "utf8.h"

namespace cordon {

std::string_view token_role_name(TokenRole role) {
    switch (role) {
        case TokenRole::kName: return "name";
        case TokenRole::kLegalForm: return "legal_form";
        case TokenRole::kStopword: return "stopword";
        case TokenRole::kHonorific: return "honorific";
        case TokenRole::kQualifier: return "qualifier";
    }
    return "unknown";
}

struct Normalizer::Impl {
    text::LatinFold fold;
    text::ScriptTransliterators scripts;
    text::RoleTable roles;
    const icu::Normalizer2* nfkc = nullptr;

    Impl() {
        UErrorCode status = U_ZERO_ERROR;
        nfkc = icu::Normalizer2::getNFKCInstance(status);
        if (U_FAILURE(status)) nfkc = nullptr;
    }
    bool ok() const { return fold.ok() && scripts.ok() && nfkc != nullptr; }
};

namespace {

using text::FoldEntry;
using text::FoldKind;

constexpr bool is_ascii_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Each ASCII letter and digit as it goes into a token (lower-cased); 0 for every other byte.
constexpr std::array<char, 256> kAsciiToken = [] {
    std::array<char, 256> t{};
    for (unsigned c = 0; c < 256; ++c) {
        if (!is_ascii_alnum(static_cast<unsigned char>(c))) continue;
        t[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    return t;
}();

// Builds tokens into `out`, reusing the Token objects (and their string capacity) already there.
class TokenSink {
public:
    explicit TokenSink(std::vector<Token>& out) : out_(out) {}

    void put(char c, std::uint32_t begin, std::uint32_t end) {
        if (!open_) start(begin);
        out_[n_].text.push_back(c);
        end_ = end;
        ++segment_;
    }
    void put(std::string_view s, std::uint32_t begin, std::uint32_t end) {
        if (s.empty()) return;
        if (!open_) start(begin);
        out_[n_].text.append(s);
        end_ = end;
        segment_ += s.size();
    }
    // The run of ASCII letters and digits that starts at s[i]: what put(c, pos, pos + 1) for each
    // of its bytes does, lower-cased, a buffer at a time. Returns the index after the run.
    std::size_t put_ascii_run(std::string_view s, std::size_t i) {
        if (!open_) start(static_cast<std::uint32_t>(i));
        std::string& text = out_[n_].text;
        const std::size_t from = i;
        char buf[32];
        std::size_t k = sizeof buf;
        while (k == sizeof buf) {
            k = 0;
            for (; k < sizeof buf && i < s.size(); ++i) {
                const char c = kAsciiToken[static_cast<unsigned char>(s[i])];
                if (c == 0) break;
                buf[k++] = c;
            }
            text.append(buf, k);
        }
        end_ = static_cast<std::uint32_t>(i);
        segment_ += i - from;
        return i;
    }
    // A character that belongs to the token without adding letters (apostrophe, combining mark).
    void extend(std::uint32_t end) {
        if (open_) end_ = end;
    }
    void close() {
        if (!open_) return;
        out_[n_].end = end_;
        ++n_;
        open_ = false;
    }
    bool open() const { return open_; }
    // Letters since the token start or the last initialism dot ("U.S." joins while this is 1).
    std::size_t segment() const { return segment_; }
    void join_dot(std::uint32_t end) {
        segment_ = 0;
        end_ = end;
    }
    std::size_t finish() {
        close();
        return n_;
    }
    // Tokens started from now on come from an abjad (see Token::abjad).
    void set_abjad(bool on) { abjad_ = on; }

private:
    void start(std::uint32_t begin) {
        if (n_ == out_.size()) out_.emplace_back();
        Token& t = out_[n_];
        t.text.clear();
        t.begin = begin;
        t.role = TokenRole::kName;
        t.abjad = abjad_;
        open_ = true;
        segment_ = 0;
    }

    std::vector<Token>& out_;
    std::size_t n_ = 0;
    bool open_ = false;
    std::uint32_t end_ = 0;
    std::size_t segment_ = 0;
    bool abjad_ = false;
};

// What tokenizing a foreign run does to the TokenSink: its calls in order, with byte offsets
// relative to the start of the run. The calls depend on the run's bytes alone (the ICU path reads
// nothing else, the sink's state included), so replaying them at any position of any input gives
// exactly what making them there would: the same tokens, offsets and abjad flags, and the same
// joining with a token that Latin letters before the run left open.
struct RunOps {
    enum class Kind : std::uint8_t { kPut, kExtend, kClose, kAbjadOn, kAbjadOff };
    struct Op {
        Kind kind;
        std::uint32_t begin = 0, end = 0;          // kPut: [begin, end); kExtend: end
        std::uint32_t text_at = 0, text_len = 0;  // kPut: the letters, in `text`
    };
    std::vector<Op> ops;
    std::string text;

    void replay(std::uint32_t base, TokenSink& sink) const {
        for (const Op& op : ops) {
            switch (op.kind) {
                case Kind::kPut:
                    sink.put(std::string_view(text).substr(op.text_at, op.text_len), base + op.begin, base + op.end);
                    break;
                case Kind::kExtend: sink.extend(base + op.end); break;
                case Kind::kClose: sink.close(); break;
                case Kind::kAbjadOn: sink.set_abjad(true); break;
                case Kind::kAbjadOff: sink.set_abjad(false); break;
            }
        }
    }
};

// The TokenSink interface the ICU path writes to, recording into a RunOps. Consecutive puts with
// the same offsets become one (put("a"), put("b") does what put("ab") does).
class RunRecorder {
public:
    void start(RunOps& out, std::uint32_t base) {
        out_ = &out;
        base_ = base;
    }
    void put(char c, std::uint32_t begin, std::uint32_t end) { put(std::string_view(&c, 1), begin, end); }
    void put(std::string_view s, std::uint32_t begin, std::uint32_t end) {
        if (s.empty()) return;  // TokenSink::put does nothing then
        const std::uint32_t b = begin - base_, e = end - base_;
        std::vector<RunOps::Op>& ops = out_->ops;
        const auto at = static_cast<std::uint32_t>(out_->text.size());
        out_->text.append(s);
        if (!ops.empty() && ops.back().kind == RunOps::Kind::kPut && ops.back().begin == b && ops.back().end == e) {
            ops.back().text_len += static_cast<std::uint32_t>(s.size());
            return;
        }
        ops.push_back({RunOps::Kind::kPut, b, e, at, static_cast<std::uint32_t>(s.size())});
    }
    void extend(std::uint32_t end) { out_->ops.push_back({RunOps::Kind::kExtend, 0, end - base_}); }
    void close() { out_->ops.push_back({RunOps::Kind::kClose}); }
    void set_abjad(bool on) { out_->ops.push_back({on ? RunOps::Kind::kAbjadOn : RunOps::Kind::kAbjadOff}); }

private:
    RunOps* out_ = nullptr;
    std::uint32_t base_ = 0;
};

// Names repeat their words, and a foreign run costs tens of thousands of instructions in ICU
// (NFKC, script lookups, the transliterator): each thread keeps what the runs it has seen do,
// keyed by their bytes, for the Normalizer it saw them with. Bounded: cleared when full.
struct RunCache {
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    static constexpr std::size_t kMaxRuns = 1 << 14;
    std::uint64_t owner = 0;
    std::unordered_map<std::string, RunOps, Hash, std::equal_to<>> runs;
};

// Arabic writes the article al- as part of the word (الطيب, al-Tayeb); lists in Latin script write
// it apart or hyphenated, so it becomes a word of its own here, also inside the compound Abd al-
// (عبدالرحمن, Abd al-Rahman). The word Allah (الله) stays whole: Latin spellings join it to the
// name before it (Hidayatullah) rather than split it. A word-initial ain (ع), which
// transliteration drops, is written as alef so the word keeps its initial vowel (عمر, Omar).
constexpr char16_t kAlef = u'\u0627', kLam = u'\u0644', kHeh = u'\u0647', kAin = u'\u0639',
                   kBeh = u'\u0628', kDal = u'\u062F', kHehGoal = u'\u06C1' /* Urdu */;

// True when s holds الله (with Arabic heh or Urdu heh goal) from `from` on.
bool spells_allah(const icu::UnicodeString& s, int32_t from) {
    return from + 4 <= s.length() && s.charAt(from) == kAlef && s.charAt(from + 1) == kLam &&
           s.charAt(from + 2) == kLam && (s.charAt(from + 3) == kHeh || s.charAt(from + 3) == kHehGoal);
}

void separate_arabic_article(icu::UnicodeString& s) {
    // Short vowel marks (harakat), the superscript alef and the tatweel inside the word Allah
    // (اللَّه): they stand between the letters the rules below look at. Elsewhere they stay, as
    // vowels the transliterator reads (كُل kul).
    auto is_mark = [](char16_t c) { return (c >= u'\u064B' && c <= u'\u065F') || c == u'\u0670' || c == u'\u0640'; };
    icu::UnicodeString bare;
    for (int32_t i = 0; i < s.length();) {
        int32_t e = i;
        while (e < s.length() && !u_isspace(s.charAt(e)) && s.charAt(e) != u'-') ++e;
        icu::UnicodeString letters;
        for (int32_t k = i; k < e; ++k) {
            if (!is_mark(s.charAt(k))) letters.append(s.charAt(k));
        }
        if (letters.length() == 4 && spells_allah(letters, 0)) {
            bare.append(letters);
        } else {
            bare.append(s, i, e - i);
        }
        if (e < s.length()) bare.append(s.charAt(e));
        i = e + 1;
    }
    s = bare;
    icu::UnicodeString out;
    const int32_t n = s.length();
    auto at = [&](int32_t k) -> char16_t { return k < n ? s.charAt(k) : u'\0'; };
    auto word_end = [&](int32_t k) { return k >= n || u_isspace(s.charAt(k)) || s.charAt(k) == u'-'; };
    bool inner_start = false;  // a word starts at i though the input joins it to what precedes
    for (int32_t i = 0; i < n; ++i) {
        const bool word_start = i == 0 || u_isspace(s.charAt(i - 1)) || s.charAt(i - 1) == u'-';
        const bool article_at = word_start || inner_start;
        inner_start = false;
        if (word_start && at(i) == kAin && at(i + 1) == kBeh && at(i + 2) == kDal && at(i + 3) == kAlef &&
            at(i + 4) == kLam && !word_end(i + 5) && !word_end(i + 6)) {
            out.append(kAlef).append(kBeh).append(kDal).append(u' ');  // Abd al-...
            i += 2;
            inner_start = true;
            continue;
        }
        if (article_at && spells_allah(s, i) && word_end(i + 4)) {
            out.append(kAlef).append(kLam).append(kLam).append(kHeh);  // Allah
            i += 3;
            continue;
        }
        if (article_at && i + 1 < n && at(i) == kAlef && at(i + 1) == kLam) {
            int32_t len = 0;
            while (!word_end(i + len)) ++len;
            if (len > 3) {
                out.append(kAlef).append(kLam).append(u' ');
                ++i;
                inner_start = true;  // the word after the article starts here (العزاوي, al-Azzawi)
                continue;
            }
        }
        if (article_at && at(i) == kAin) {
            out.append(kAlef);
            continue;
        }
        // Urdu letter forms the transliterator does not know: heh goal and heh doachashmee are
        // heh, yeh barree is yeh.
        const char16_t c = s.charAt(i);
        out.append(c == kHehGoal || c == u'\u06BE' ? kHeh : c == u'\u06D2' ? u'\u064A' : c);
    }
    s = out;
}

// Feeds transliterator output (mostly lower-case ASCII) into the sink, all of it attributed to the
// original byte range [begin, end).
void put_transliterated(const icu::UnicodeString& u, std::uint32_t begin, std::uint32_t end, RunRecorder& sink) {
    const int32_t n = u.length();
    for (int32_t i = 0; i < n; ++i) {
        const char16_t c = u.charAt(i);
        if (c < 0x80) {
            const auto b = static_cast<unsigned char>(c);
            if (is_ascii_alnum(b)) {
                sink.put(static_cast<char>(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b), begin, end);
            } else if (b == '\'' || b == '`' || b == '-') {
                sink.extend(end);  // apostrophes for signs, hyphens for syllable marks (soft hyphen)
            } else {
                sink.close();
            }
        }
        // Non-ASCII leftovers (a letter the transliterator could not map, the BGN middle dot) are
        // dropped without splitting the word.
    }
}

enum class RunClass { kHangul, kHan, kOther };

RunClass run_class(UChar32 c) {
    if (text::is_hangul_syllable(static_cast<char32_t>(c))) return RunClass::kHangul;
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(c, &status) == USCRIPT_HAN ? RunClass::kHan : RunClass::kOther;
}

bool is_script_neutral(UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode s = uscript_getScript(c, &status);
    return s == USCRIPT_COMMON || s == USCRIPT_INHERITED;
}

class Scanner {
public:
    Scanner(const Normalizer::Impl& impl, std::string_view input, TokenSink& sink)
        : impl_(impl), in_(input), sink_(sink) {}

    void run() {
        const std::size_t n = in_.size();
        std::size_t i = 0;
        while (i < n) {
            const auto b = static_cast<unsigned char>(in_[i]);
            if (kAsciiToken[b] != 0) {  // most of any Latin text: a whole run of them at once
                i = sink_.put_ascii_run(in_, i);
                continue;
            }
            if (b < 0x80) {
                ascii(b, i);
                ++i;
                continue;
            }
            const text::CodePoint cp = text::decode_utf8(in_, i);
            const FoldEntry* e = impl_.fold.find(cp.cp);
            if (e != nullptr && e->kind != FoldKind::kForeign) {
                fold(*e, i, cp.len);
                i += cp.len;
                continue;
            }
            if (cp.cp == 0xFFFD && cp.len == 1) {  // malformed byte: a separator
                sink_.close();
                ++i;
                continue;
            }
            i = foreign_run(i);
        }
    }

private:
    // An ASCII byte that is no letter or digit (run() takes those a run at a time).
    void ascii(unsigned char b, std::size_t i) {
        const auto pos = static_cast<std::uint32_t>(i);
        if (b == '\'' || b == '`') {
            sink_.extend(pos + 1);
        } else if (b == '.' && initialism_dot(i)) {
            sink_.join_dot(pos + 1);
        } else {
            sink_.close();
        }
    }

    // "U.S.", "S.A.", "L.L.C.": a dot after a one-letter segment, followed by one letter that is not
    // the start of a longer word, joins; any other dot ("J.Smith", "St.Petersburg") separates.
    bool initialism_dot(std::size_t i) const {
        if (!sink_.open() || sink_.segment() != 1) return false;
        if (i + 1 >= in_.size() || !is_ascii_alnum(static_cast<unsigned char>(in_[i + 1]))) return false;
        return i + 2 >= in_.size() || !is_ascii_alnum(static_cast<unsigned char>(in_[i + 2]));
    }

    void fold(const FoldEntry& e, std::size_t i, std::uint32_t len) {
        const auto begin = static_cast<std::uint32_t>(i);
        switch (e.kind) {
            case FoldKind::kLetters: sink_.put(std::string_view(e.text, e.len), begin, begin + len); break;
            case FoldKind::kJoiner:
            case FoldKind::kIgnore: sink_.extend(begin + len); break;
            case FoldKind::kSeparator:
            case FoldKind::kForeign: sink_.close(); break;
        }
    }

    // Collects the run of non-Latin characters starting at `start` and tokenizes it; returns the
    // index after the run.
    std::size_t foreign_run(std::size_t start) {
        std::size_t j = start;
        bool all_hangul = true, all_russian = true;
        while (j < in_.size()) {
            const auto b = static_cast<unsigned char>(in_[j]);
            if (b < 0x80) {
                if (b == '\'' || b == '`') { ++j; all_hangul = all_russian = false; continue; }
                break;
            }
            const text::CodePoint cp = text::decode_utf8(in_, j);
            if (cp.cp == 0xFFFD && cp.len == 1) break;
            const FoldEntry* e = impl_.fold.find(cp.cp);
            if (e != nullptr && e->kind != FoldKind::kForeign &&
                e->kind != FoldKind::kJoiner && e->kind != FoldKind::kIgnore) {
                break;  // Latin letter or separator ends the run
            }
            all_hangul = all_hangul && text::is_hangul_syllable(cp.cp);
            all_russian = all_russian && text::is_russian_letter(cp.cp);
            j += cp.len;
        }
        if (all_hangul) {
            hangul(start, j);
        } else if (all_russian) {
            russian(start, j);
        } else {
            icu_run(start, j);
        }
        return j;
    }

    // Hangul syllables [begin, end) of the input, 3 bytes each. A run of 2-4 syllables is a Korean
    // personal name (family name + given name): one token per syllable, the way "KIM Jong Un" and
    // "Kim Jong-un" split. Longer runs (organisations, transliterated foreign names) and single
    // syllables are one token.
    void hangul(std::size_t begin, std::size_t end) {
        const std::size_t count = (end - begin) / 3;
        const bool per_syllable = count >= 2 && count <= 4;
        // A two-syllable family name stays one token: 남궁민수 -> "namgung" "min" "su".
        const bool compound = per_syllable && count >= 3 &&
                              text::is_korean_compound_surname(text::decode_utf8(in_, begin).cp,
                                                               text::decode_utf8(in_, begin + 3).cp, count);
        if (per_syllable) sink_.close();
        for (std::size_t k = begin; k < end; k += 3) {
            const text::CodePoint cp = text::decode_utf8(in_, k);
            scratch_.clear();
            text::romanize_hangul(cp.cp, scratch_);
            const auto b = static_cast<std::uint32_t>(per_syllable ? (compound && k == begin + 3 ? begin : k) : begin);
            const auto e = static_cast<std::uint32_t>(per_syllable ? k + 3 : end);
            sink_.put(scratch_, b, e);
            if (per_syllable && !(compound && k == begin)) sink_.close();
        }
    }

    // A word of Russian letters (2 bytes each): BGN/PCGN without ICU, 100x faster than the
    // transliterator and with the same output.
    void russian(std::size_t begin, std::size_t end) {
        text::RussianState state;
        for (std::size_t k = begin; k < end; k += 2) {
            const char32_t cp = text::decode_utf8(in_, k).cp;
            scratch_.clear();
            text::romanize_russian(cp, state, scratch_);
            const auto b = static_cast<std::uint32_t>(k);
            if (scratch_.empty()) {
                sink_.extend(b + 2);  // ъ, ь
            } else {
                sink_.put(scratch_, b, b + 2);
            }
        }
    }

    // The other scripts, through ICU; what a run does is cached per thread (see RunCache).
    void icu_run(std::size_t begin, std::size_t end) {
        thread_local RunCache cache;
        if (cache.owner != impl_.scripts.id()) {
            cache.runs.clear();
            cache.owner = impl_.scripts.id();
        }
        const std::string_view bytes = in_.substr(begin, end - begin);
        auto it = cache.runs.find(bytes);
        if (it == cache.runs.end()) {
            RunOps ops;
            rec_.start(ops, static_cast<std::uint32_t>(begin));
            icu_ops(begin, end);
            if (cache.runs.size() >= RunCache::kMaxRuns) cache.runs.clear();
            it = cache.runs.emplace(std::string(bytes), std::move(ops)).first;
        }
        it->second.replay(static_cast<std::uint32_t>(begin), sink_);
    }

    // Tokenizes the run [begin, end) into rec_.
    void icu_ops(std::size_t begin, std::size_t end) {
        const std::string_view bytes = in_.substr(begin, end - begin);
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(bytes.data(), static_cast<int32_t>(bytes.size())));
        // Byte offset of each UTF-16 index, so that sub-runs keep exact offsets.
        offsets_.clear();
        for (std::size_t k = begin; k < end;) {
            const text::CodePoint cp = text::decode_utf8(in_, k);
            offsets_.push_back(static_cast<std::uint32_t>(k));
            if (cp.cp > 0xFFFF) offsets_.push_back(static_cast<std::uint32_t>(k));
            k += cp.len;
        }
        offsets_.push_back(static_cast<std::uint32_t>(end));
        bool exact = static_cast<int32_t>(offsets_.size()) == u.length() + 1;
        if (impl_.nfkc != nullptr) {
            UErrorCode status = U_ZERO_ERROR;
            if (!impl_.nfkc->isNormalized(u, status) && U_SUCCESS(status)) {
                icu::UnicodeString normalized = impl_.nfkc->normalize(u, status);
                if (U_SUCCESS(status)) {
                    u = std::move(normalized);
                    exact = false;  // NFKC changed the length: offsets only for the whole run
                }
            }
        }
        auto byte_at = [&](int32_t idx, bool is_end) -> std::uint32_t {
            if (!exact) return static_cast<std::uint32_t>(is_end ? end : begin);
            return offsets_[static_cast<std::size_t>(idx)];
        };
        // Split into sub-runs of one class; script-neutral characters join the current sub-run.
        const int32_t n = u.length();
        int32_t a = 0;
        while (a < n) {
            RunClass cls = RunClass::kOther;
            bool have_class = false;
            int32_t b = a;
            while (b < n) {
                const UChar32 c = u.char32At(b);
                if (!is_script_neutral(c)) {
                    const RunClass rc = run_class(c);
                    if (!have_class) {
                        cls = rc;
                        have_class = true;
                    } else if (rc != cls) {
                        break;
                    }
                }
                b += U16_LENGTH(c);
            }
            sub_run(u, a, b, cls, byte_at(a, false), byte_at(b, true), exact ? &byte_at : nullptr);
            a = b;
        }
    }

    template <class ByteAt>
    void sub_run(const icu::UnicodeString& u, int32_t a, int32_t b, RunClass cls, std::uint32_t begin,
                 std::uint32_t end, const ByteAt* byte_at) {
        if (cls == RunClass::kHangul) {
            hangul_icu(u, a, b, begin, end, byte_at);
            return;
        }
        if (cls == RunClass::kHan) {
            han(u, a, b, begin, end, byte_at);
            return;
        }
        icu::UnicodeString part(u, a, b - a);
        auto kind = text::ScriptTransliterators::kGeneric;
        UScriptCode script = USCRIPT_COMMON;
        for (int32_t k = 0; k < part.length();) {
            const UChar32 c = part.char32At(k);
            if (!is_script_neutral(c)) {
                UErrorCode status = U_ZERO_ERROR;
                script = uscript_getScript(c, &status);
                if (script == USCRIPT_CYRILLIC) kind = text::ScriptTransliterators::kCyrillic;
                break;
            }
            k += U16_LENGTH(c);
        }
        const bool abjad = script == USCRIPT_ARABIC || script == USCRIPT_HEBREW;
        if (script == USCRIPT_ARABIC) separate_arabic_article(part);
        if (!impl_.scripts.transliterate(kind, part)) {
            rec_.close();  // no transliterator: the run is dropped
            return;
        }
        if (abjad) rec_.close();
        rec_.set_abjad(abjad);
        put_transliterated(part, begin, end, rec_);
        if (abjad) {
            rec_.close();
            rec_.set_abjad(false);
        }
    }

    // Hangul that needed NFKC (decomposed jamo) or is mixed with other characters.
    template <class ByteAt>
    void hangul_icu(const icu::UnicodeString& u, int32_t a, int32_t b, std::uint32_t begin, std::uint32_t end,
                    const ByteAt* byte_at) {
        int32_t count = 0;
        for (int32_t k = a; k < b; ++k) count += text::is_hangul_syllable(u.charAt(k)) ? 1 : 0;
        const bool per_syllable = count >= 2 && count <= 4;
        bool compound = false;
        if (per_syllable && count >= 3) {
            char16_t first[2] = {};
            int found = 0;
            for (int32_t k = a; k < b && found < 2; ++k) {
                if (text::is_hangul_syllable(u.charAt(k))) first[found++] = u.charAt(k);
            }
            compound = text::is_korean_compound_surname(first[0], first[1], static_cast<std::size_t>(count));
        }
        if (per_syllable) rec_.close();
        int syllable = 0;
        for (int32_t k = a; k < b; ++k) {
            const char16_t c = u.charAt(k);
            if (!text::is_hangul_syllable(c)) continue;  // stray marks and apostrophes
            scratch_.clear();
            text::romanize_hangul(c, scratch_);
            std::uint32_t sb = begin, se = end;
            if (per_syllable && byte_at != nullptr) {
                sb = (*byte_at)(k, false);
                se = (*byte_at)(k + 1, true);
            }
            rec_.put(scratch_, sb, se);
            if (per_syllable && !(compound && syllable == 0)) rec_.close();
            ++syllable;
        }
    }

    // Han characters: pinyin syllables, joined as family name + given name when the run looks like
    // a Chinese personal name (2-4 characters starting with a common family name), else one token.
    template <class ByteAt>
    void han(const icu::UnicodeString& u, int32_t a, int32_t b, std::uint32_t begin, std::uint32_t end,
             const ByteAt* byte_at) {
        std::vector<int32_t>& chars = han_chars_;  // UTF-16 index of each Han character
        chars.clear();
        for (int32_t k = a; k < b;) {
            const UChar32 c = u.char32At(k);
            if (!is_script_neutral(c)) chars.push_back(k);
            k += U16_LENGTH(c);
        }
        // Han-Latin reads each character alone, and running ICU's rule engine costs tens of
        // microseconds a call: each thread keeps the readings it has looked up.
        thread_local std::unordered_map<UChar32, std::string> readings;
        std::vector<std::string>& syl = han_syllables_;
        syl.clear();
        for (int32_t k : chars) {
            const UChar32 c = u.char32At(k);
            auto it = readings.find(c);
            if (it == readings.end()) {
                icu::UnicodeString one(c);
                if (!impl_.scripts.transliterate(text::ScriptTransliterators::kHan, one)) {
                    rec_.close();
                    return;
                }
                std::string latin;
                one.toUTF8String(latin);
                std::string reading;
                for (char ch : latin) {
                    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) reading.push_back(ch);
                }
                if (readings.size() > 65536) readings.clear();
                it = readings.emplace(c, std::move(reading)).first;
            }
            if (!it->second.empty()) syl.push_back(it->second);
        }
        const std::size_t count = chars.size();
        rec_.close();
        if (syl.size() != count || count == 0) {  // unexpected shape: one token for the run
            for (const std::string& s : syl) rec_.put(s, begin, end);
            rec_.close();
            return;
        }
        std::size_t family = 0;
        if (count >= 2 && count <= 4) {
            const auto c0 = static_cast<char32_t>(u.char32At(chars[0]));
            const auto c1 = static_cast<char32_t>(u.char32At(chars[1]));
            if (count >= 3 && text::is_chinese_compound_surname(c0, c1)) {
                family = 2;
            } else if (text::is_chinese_surname(c0)) {
                family = 1;
            }
        }
        auto span = [&](std::size_t from, std::size_t to) {  // characters [from, to) -> bytes
            if (byte_at == nullptr) return std::pair<std::uint32_t, std::uint32_t>(begin, end);
            const int32_t last = chars[to - 1];
            return std::pair<std::uint32_t, std::uint32_t>(
                (*byte_at)(chars[from], false), (*byte_at)(last + U16_LENGTH(u.char32At(last)), true));
        };
        auto emit = [&](std::size_t from, std::size_t to) {
            const auto [sb, se] = span(from, to);
            for (std::size_t k = from; k < to; ++k) rec_.put(syl[k], sb, se);
            rec_.close();
        };
        if (family == 0) {
            emit(0, count);
        } else {
            emit(0, family);
            emit(family, count);
        }
    }

    const Normalizer::Impl& impl_;
    std::string_view in_;
    TokenSink& sink_;
    RunRecorder rec_;
    std::string scratch_;
    std::vector<std::uint32_t> offsets_;
    std::vector<int32_t> han_chars_;
    std::vector<std::string> han_syllables_;
};

}  // namespace

Normalizer::Normalizer() : impl_(std::make_unique<Impl>()) {}
Normalizer::~Normalizer() = default;
Normalizer::Normalizer(Normalizer&&) noexcept = default;
Normalizer& Normalizer::operator=(Normalizer&&) noexcept = default;

bool Normalizer::ok() const { return impl_->ok(); }

namespace {

// Words in parentheses beside a name qualify it: an acronym, a place, a legal form or a remark
// (AL-QAIDA IN THE ARABIAN PENINSULA (AQAP), HANIFA MONEY EXCHANGE OFFICE (BRANCH LOCATED IN ALBU
// KAMAL, ...), SANTOS, Ahmad (Ahmed)). They count where they match and cost little where they do
// not. Not when nothing but them names (a name all in parentheses), nor when the parentheses hold
// the name again in another script (عبدالله السندي (Abdullah Sindhi)).
void qualify_parenthesised(std::string_view name, std::vector<Token>& tokens) {
    if (name.find('(') == std::string_view::npos) return;
    // depth[k]: how many parentheses are open before byte k.
    thread_local std::vector<std::uint8_t> depth;
    depth.assign(name.size() + 1, 0);
    for (std::size_t k = 0; k < name.size(); ++k) {
        const std::uint8_t d = depth[k];
        depth[k + 1] = name[k] == '(' ? static_cast<std::uint8_t>(std::min(d + 1, 255))
                       : name[k] == ')' && d > 0 ? static_cast<std::uint8_t>(d - 1)
                                                 : d;
    }
    auto inside = [&](std::uint32_t at) { return depth[std::min<std::size_t>(at, name.size())] > 0; };
    bool any_inside = false, name_outside = false, abjad_inside = false, abjad_outside = false;
    for (const Token& t : tokens) {
        if (inside(t.begin)) {
            any_inside = true;
            abjad_inside = abjad_inside || t.abjad;
        } else {
            name_outside = name_outside || t.role == TokenRole::kName;
            abjad_outside = abjad_outside || t.abjad;
        }
    }
    if (!any_inside || !name_outside || abjad_inside != abjad_outside) return;
    for (Token& t : tokens) {
        if (t.role == TokenRole::kName && inside(t.begin)) t.role = TokenRole::kQualifier;
    }
}

}  // namespace

void Normalizer::tokenize(std::string_view name, std::vector<Token>& out) const {
    tokenize_words(name, out);
    impl_->roles.assign(out, out.size());
    qualify_parenthesised(name, out);
}

void Normalizer::split_words(std::string_view text, std::vector<Token>& out) const {
    TokenSink sink(out);
    Scanner scanner(*impl_, text, sink);
    scanner.run();
    out.resize(sink.finish());
    for (Token& t : out) {
        t.variant.clear();
        t.phonetic.clear();
    }
}

void Normalizer::tokenize_words(std::string_view name, std::vector<Token>& out) const {
    TokenSink sink(out);
    Scanner scanner(*impl_, name, sink);
    scanner.run();
    out.resize(sink.finish());
    // A token's keys depend on its text alone, and names repeat their tokens (al, mohammed,
    // bank, limited, ...): each thread keeps the keys of the tokens it has seen. Bounded:
    // cleared when full.
    struct Keys {
        std::string variant, phonetic;
    };
    constexpr std::size_t kMaxKeys = 1 << 16;
    thread_local std::unordered_map<std::string, Keys> seen;
    for (Token& t : out) {
        t.role = TokenRole::kName;
        if (auto it = seen.find(t.text); it != seen.end()) {
            t.variant = it->second.variant;
            t.phonetic = it->second.phonetic;
            continue;
        }
        variant_key(t.text, t.variant);
        phonetic_from_variant(t.variant, t.phonetic);
        if (seen.size() >= kMaxKeys) seen.clear();
        seen.emplace(t.text, Keys{t.variant, t.phonetic});
    }
}

std::vector<Token> Normalizer::tokenize(std::string_view name) const {
    std::vector<Token> out;
    tokenize(name, out);
    return out;
}

std::string Normalizer::to_latin(std::string_view utf8) const {
    std::vector<Token> tokens;
    tokenize(utf8, tokens);
    std::string out;
    for (const Token& t : tokens) {
        if (!out.empty()) out.push_back(' ');
        out.append(t.text);
    }
    return out;
}

}  // namespace cordon
