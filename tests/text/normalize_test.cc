#include "cordon/normalize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace cordon {
namespace {

using ::testing::Each;
using ::testing::ElementsAre;

const Normalizer& norm() {
    static const Normalizer n;
    return n;
}

std::vector<std::string> texts(std::string_view s) {
    std::vector<std::string> out;
    for (const Token& t : norm().tokenize(s)) out.push_back(t.text);
    return out;
}

std::vector<std::string> originals(std::string_view s) {
    std::vector<std::string> out;
    for (const Token& t : norm().tokenize(s)) out.emplace_back(s.substr(t.begin, t.end - t.begin));
    return out;
}

std::vector<TokenRole> roles(std::string_view s) {
    std::vector<TokenRole> out;
    for (const Token& t : norm().tokenize(s)) out.push_back(t.role);
    return out;
}

constexpr TokenRole kName = TokenRole::kName;
constexpr TokenRole kLegal = TokenRole::kLegalForm;
constexpr TokenRole kStop = TokenRole::kStopword;
constexpr TokenRole kHonor = TokenRole::kHonorific;

TEST(Normalizer, LoadsIcu) { EXPECT_TRUE(norm().ok()); }

// ---- ASCII ----------------------------------------------------------------------------------------

TEST(Normalizer, AsciiLowercasesAndSplitsOnSpaces) {
    EXPECT_THAT(texts("John  SMITH"), ElementsAre("john", "smith"));
    EXPECT_THAT(texts("  Boeing 747  "), ElementsAre("boeing", "747"));
    EXPECT_THAT(texts(""), ElementsAre());
    EXPECT_THAT(texts(" ,;- "), ElementsAre());
}

TEST(Normalizer, ApostrophesJoinHyphensSplit) {
    EXPECT_THAT(texts("O'Brien"), ElementsAre("obrien"));
    EXPECT_THAT(texts("al-Qa'ida"), ElementsAre("al", "qaida"));
    EXPECT_THAT(texts("Kim Sang-man"), ElementsAre("kim", "sang", "man"));
    EXPECT_THAT(texts("D\u2019Artagnan"), ElementsAre("dartagnan"));     // right single quote
    EXPECT_THAT(texts("Ta\u02BBizz"), ElementsAre("taizz"));               // modifier letter turned comma
    EXPECT_THAT(texts("Abd\u2010al\u2013Rahman"), ElementsAre("abd", "al", "rahman"));  // Unicode dashes
}

TEST(Normalizer, InitialismDotsJoinOtherDotsSplit) {
    EXPECT_THAT(texts("U.S. Steel"), ElementsAre("us", "steel"));
    EXPECT_THAT(texts("U.S.A"), ElementsAre("usa"));
    EXPECT_THAT(texts("J.R.R. Tolkien"), ElementsAre("jrr", "tolkien"));
    EXPECT_THAT(texts("J.Smith"), ElementsAre("j", "smith"));
    EXPECT_THAT(texts("St.Petersburg"), ElementsAre("st", "petersburg"));
    EXPECT_THAT(texts("Acme L.L.C."), ElementsAre("acme", "llc"));
}

TEST(Normalizer, PunctuationSeparates) {
    EXPECT_THAT(texts("SMITH, John (a.k.a. \"Johnny\")/Jon [x]"),
                ElementsAre("smith", "john", "aka", "johnny", "jon", "x"));
    EXPECT_THAT(texts("Johnson & Johnson"), ElementsAre("johnson", "johnson"));
}

// ---- Latin beyond ASCII ---------------------------------------------------------------------------

TEST(Normalizer, DiacriticsAreRemoved) {
    EXPECT_THAT(texts("Éric Søren Straße Łódź Đorđe Işık"),
                ElementsAre("eric", "soren", "strasse", "lodz", "dorde", "isik"));
    EXPECT_THAT(texts("Nguyễn Tấn Dũng"), ElementsAre("nguyen", "tan", "dung"));
    EXPECT_THAT(texts("Ærø Œuvre Þór"), ElementsAre("aero", "oeuvre", "thor"));
    EXPECT_THAT(texts("İstanbul"), ElementsAre("istanbul"));
}

TEST(Normalizer, DecomposedInputMatchesComposed) {
    EXPECT_EQ(texts("e\u0301cole"), texts("\u00E9cole"));
    EXPECT_EQ(texts("Jo\u0308rg"), texts("J\u00F6rg"));
}

TEST(Normalizer, CompatibilityFormsFold) {
    EXPECT_THAT(texts("\uFF2B\uFF29\uFF2D\u3000\uFF2A\uFF4F\uFF4E\uFF47"), ElementsAre("kim", "jong"));  // full-width
    EXPECT_THAT(texts("\uFB01ne"), ElementsAre("fine"));  // ligature
    EXPECT_THAT(texts("Louis \u2167"), ElementsAre("louis", "viii"));  // roman numeral
    EXPECT_THAT(texts("a\u00A0b\u2003c"), ElementsAre("a", "b", "c"));  // no-break and em space
    EXPECT_THAT(texts("soft\u00ADhyphen"), ElementsAre("softhyphen"));
}

// ---- other scripts ---------------------------------------------------------------------------------

TEST(Normalizer, HangulNamesSplitIntoSyllables) {
    EXPECT_THAT(texts("김정은"), ElementsAre("gim", "jeong", "eun"));
    EXPECT_THAT(texts("김상만"), ElementsAre("gim", "sang", "man"));
    EXPECT_THAT(texts("박원순"), ElementsAre("bak", "won", "sun"));
    EXPECT_THAT(texts("리철"), ElementsAre("ri", "cheol"));
    EXPECT_THAT(texts("최룡해"), ElementsAre("choe", "ryong", "hae"));
    EXPECT_THAT(texts("남궁민수"), ElementsAre("namgung", "min", "su"));  // two-syllable family name
    EXPECT_THAT(texts("황보라"), ElementsAre("hwang", "bo", "ra"));        // Hwang Bo-ra, not Hwangbo Ra
    EXPECT_THAT(texts("황보민수"), ElementsAre("hwangbo", "min", "su"));
    EXPECT_THAT(texts("김 정은"), ElementsAre("gim", "jeong", "eun"));   // written with a space
    EXPECT_THAT(texts("조선광선은행"), ElementsAre("joseongwangseoneunhaeng"));  // not a personal name
}

TEST(Normalizer, HangulKeysMatchRomanisedSpellings) {
    const auto hangul = norm().tokenize("김정은");
    const auto latin = norm().tokenize("KIM Jong Un");
    ASSERT_EQ(hangul.size(), latin.size());
    for (std::size_t i = 0; i < hangul.size(); ++i) EXPECT_EQ(hangul[i].variant, latin[i].variant) << i;
}

TEST(Normalizer, DecomposedHangulJamoCompose) {
    // 김 as conjoining jamo ᄀ ᅵ ᆷ: NFKC composes it before romanisation.
    EXPECT_THAT(texts("\u1100\u1175\u11B7"), ElementsAre("gim"));
}

TEST(Normalizer, CyrillicUsesBgnRomanisation) {
    EXPECT_THAT(texts("Александр Сергеевич Пушкин"), ElementsAre("aleksandr", "sergeyevich", "pushkin"));
    EXPECT_THAT(texts("Юрий Щербаков"), ElementsAre("yuriy", "shcherbakov"));
    EXPECT_THAT(texts("Фёдор Евгеньевич"), ElementsAre("fedor", "yevgenyevich"));
    EXPECT_THAT(texts("Олександр Зінченко"), ElementsAre("oleksandr", "zinchenko"));  // Ukrainian і
    EXPECT_EQ(variant_key(texts("Евгений")[0]), variant_key("evgeny"));
}

TEST(Normalizer, ArabicScriptKeepsConsonantsAndMatchesPhonetically) {
    EXPECT_THAT(texts("محمد"), ElementsAre("mhmd"));
    EXPECT_THAT(texts("مُحَمَّد"), ElementsAre("muhamad"));  // vocalised
    EXPECT_EQ(norm().tokenize("محمد")[0].phonetic, phonetic_key("mohammed"));
    EXPECT_EQ(norm().tokenize("محمود")[0].phonetic, phonetic_key("mahmoud"));
    EXPECT_EQ(norm().tokenize("أحمد")[0].phonetic, phonetic_key("ahmed"));
    EXPECT_EQ(norm().tokenize("عمر")[0].phonetic, phonetic_key("omar"));
    EXPECT_EQ(texts("محمود أحمدي نژاد").size(), 3u);  // Persian letters too
}

TEST(Normalizer, HanNamesSplitFamilyAndGivenName) {
    EXPECT_THAT(texts("毛泽东"), ElementsAre("mao", "zedong"));
    EXPECT_THAT(texts("习近平"), ElementsAre("xi", "jinping"));
    EXPECT_THAT(texts("張學良"), ElementsAre("zhang", "xueliang"));  // traditional characters
    EXPECT_THAT(texts("欧阳修"), ElementsAre("ouyang", "xiu"));      // compound family name
    EXPECT_THAT(texts("克鲁森"), ElementsAre("kelusen"));            // transliterated foreign name
    // Not a personal name: one token (Han-Latin reads characters one by one, so 行 is "xing").
    ASSERT_EQ(texts("中国工商银行").size(), 1u);
    EXPECT_EQ(texts("中国工商银行")[0].substr(0, 8), "zhongguo");
}

TEST(Normalizer, OtherScriptsTransliterate) {
    EXPECT_THAT(texts("Ελευθέριος Βενιζέλος"), ElementsAre("eleutherios", "benizelos"));
    EXPECT_THAT(texts("דוד בן-גוריון"), ElementsAre("dwd", "bn", "gwrywn"));
    EXPECT_THAT(texts("მიხეილ სააკაშვილი"), ElementsAre("mikheil", "saakashvili"));
    EXPECT_THAT(texts("Սերժ Սարգսյան"), ElementsAre("serz", "sargsyan"));
    EXPECT_THAT(texts("ジョージ・ワシントン"), ElementsAre("joji", "washinton"));
    EXPECT_FALSE(texts("ทักษิณ").empty());
    EXPECT_FALSE(texts("नरेन्द्र मोदी").empty());
    for (const std::string& t : texts("ทักษิณ ชินวัตร नरेन्द्र मोदी")) {
        for (char c : t) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) << t;
    }
}

TEST(Normalizer, MixedScriptsInOneName) {
    EXPECT_THAT(texts("Kim 김정은 Ким"), ElementsAre("kim", "gim", "jeong", "eun", "kim"));
}

TEST(Normalizer, ArabicScriptTokensAreAbjadSkeletonsWithTheArticleApart) {
    Normalizer n;
    auto t = n.tokenize("الطيب نايل");
    ASSERT_EQ(t.size(), 3U);
    EXPECT_EQ(t[0].text, "al");
    EXPECT_TRUE(t[1].abjad);
    EXPECT_FALSE(n.tokenize("Tayeb Nail")[0].abjad);
    // A word-initial ain keeps the word's initial vowel: عمر -> amr (Omar), also after the article.
    EXPECT_EQ(n.tokenize("عمر")[0].text, "amr");
    EXPECT_THAT(texts("العزاوي"), ElementsAre("al", "azawy"));
    // Allah stays one word (Arabic and Urdu heh); Abd al- is split even when written as one word.
    EXPECT_THAT(texts("هدايت الله"), ElementsAre("hdayt", "allh"));
    EXPECT_THAT(texts("ثناء اللہ"), ElementsAre("thna", "allh"));
    EXPECT_THAT(texts("سیف اللَّه"), ElementsAre("syf", "allh"));  // with its vowel marks
    EXPECT_THAT(texts("عبدالرحمن"), ElementsAre("abd", "al", "rhmn"));
    EXPECT_THAT(texts("عبدالله"), ElementsAre("abd", "allh"));
}

// ---- offsets ---------------------------------------------------------------------------------------

TEST(Normalizer, OffsetsPointIntoTheOriginalInput) {
    EXPECT_THAT(originals("  KIM, Jong-un "), ElementsAre("KIM", "Jong", "un"));
    EXPECT_THAT(originals("O'Brien"), ElementsAre("O'Brien"));
    EXPECT_THAT(originals("Łódź Straße"), ElementsAre("Łódź", "Straße"));
    EXPECT_THAT(originals("김정은"), ElementsAre("김", "정", "은"));
    EXPECT_THAT(originals("남궁민수"), ElementsAre("남궁", "민", "수"));
    EXPECT_THAT(originals("Mr 毛泽东"), ElementsAre("Mr", "毛", "泽东"));
    EXPECT_THAT(originals("Александр Пушкин"), ElementsAre("Александр", "Пушкин"));
    // The Arabic article becomes a token of its own; both point at the word they came from.
    EXPECT_THAT(originals("محمد عبد الرحمن"), ElementsAre("محمد", "عبد", "الرحمن", "الرحمن"));
    EXPECT_THAT(originals("U.S. Steel"), ElementsAre("U.S", "Steel"));
}

TEST(Normalizer, OffsetsAreOrderedAndInRangeOnMixedInput) {
    const std::string inputs[] = {
        "KIM, Jong-un (김정은) / Ким Чен Ын; 金正恩", "ＫＩＭ　Ｊｏｎｇ e\u0301cole", "ג'ורג' וושינגטון",
        "ทักษิณ ชินวัตร", "\u1100\u1175\u11B7 \u1100\u1175\u11B7", "محمود أحمدي نژاد"};
    for (const std::string& in : inputs) {
        std::uint32_t last_begin = 0;
        for (const Token& t : norm().tokenize(in)) {
            EXPECT_LT(t.begin, t.end) << in;
            EXPECT_LE(t.end, in.size()) << in;
            EXPECT_GE(t.begin, last_begin) << in;
            last_begin = t.begin;
            // Offsets fall on UTF-8 character boundaries.
            EXPECT_NE(static_cast<unsigned char>(in[t.begin]) & 0xC0, 0x80) << in;
            if (t.end < in.size()) {
                EXPECT_NE(static_cast<unsigned char>(in[t.end]) & 0xC0, 0x80) << in;
            }
        }
    }
}

// ---- roles -----------------------------------------------------------------------------------------

TEST(Normalizer, LegalFormsAreMarked) {
    EXPECT_THAT(roles("Acme Trading Co., Ltd."), ElementsAre(kName, kName, kLegal, kLegal));
    EXPECT_THAT(roles("OOO Romashka"), ElementsAre(kLegal, kName));
    EXPECT_THAT(roles("Gazprom PJSC"), ElementsAre(kName, kLegal));
    EXPECT_THAT(roles("Siemens AG"), ElementsAre(kName, kLegal));
    EXPECT_THAT(roles("Ag Bank"), ElementsAre(kName, kName));  // short forms not first
    EXPECT_THAT(roles("Alfa Limited Liability Company"), ElementsAre(kName, kLegal, kLegal, kLegal));
    EXPECT_THAT(roles("Sberbank Public Joint Stock Company"), ElementsAre(kName, kLegal, kLegal, kLegal, kLegal));
    EXPECT_THAT(roles("Общество с ограниченной ответственностью Ромашка"),
                ElementsAre(kLegal, kLegal, kLegal, kLegal, kName));
    EXPECT_THAT(roles("Aktsionernoe Obshchestvo Alfa"), ElementsAre(kLegal, kLegal, kName));
    EXPECT_THAT(roles("Group Holdings"), ElementsAre(kName, kName));  // group is a name word
}

TEST(Normalizer, HonorificsOnlyAtTheStart) {
    EXPECT_THAT(roles("Mr. John Smith"), ElementsAre(kHonor, kName, kName));
    EXPECT_THAT(roles("Sheikh Dr Ahmed"), ElementsAre(kHonor, kHonor, kName));
    EXPECT_THAT(roles("General Dynamics"), ElementsAre(kHonor, kName));
    EXPECT_THAT(roles("John Major"), ElementsAre(kName, kName));
    EXPECT_THAT(roles("Dr"), ElementsAre(kName));  // nothing else: kept as a name
    // Arabic script: the same titles, as transliterated (حاجي hajy, ملا mla), and its prepositions.
    EXPECT_THAT(roles("حاجي بصير"), ElementsAre(kHonor, kName));
    EXPECT_THAT(roles("عبد التواب ملا حويش"), ElementsAre(kName, kName, kName, kName, kName));
    EXPECT_THAT(roles("القاعدة في العراق"), ElementsAre(kName, kName, kStop, kName, kName));
    // A leading particle does not end the titles (Pashto د حاجی, "of Haji").
    EXPECT_THAT(roles("د حاجی بصیر"), ElementsAre(kStop, kHonor, kName));
}

TEST(Normalizer, ParenthesesQualifyTheName) {
    constexpr TokenRole kQual = TokenRole::kQualifier;
    EXPECT_THAT(roles("ISLAMIC JIHAD UNION (IJU)"), ElementsAre(kName, kName, kName, kQual));
    EXPECT_THAT(roles("VTB BANK (AUSTRIA) AG"), ElementsAre(kName, kName, kQual, kLegal));
    // Legal forms and stopwords inside keep their role.
    EXPECT_THAT(roles("TRANSCAPITALBANK (CLOSED JOINT STOCK COMPANY)"),
                ElementsAre(kName, kLegal, kLegal, kLegal, kLegal));
    EXPECT_THAT(roles("OFFICE (BRANCH OF THE BANK)"), ElementsAre(kName, kQual, kStop, kStop, kQual));
    // Not when nothing else names, nor when the parentheses hold the name in another script.
    EXPECT_THAT(roles("(AQAP)"), ElementsAre(kName));
    EXPECT_THAT(roles("عبدالله السندي (Abdullah Sindhi)"), Each(kName));
    EXPECT_THAT(roles("KIM (Sang Man"), ElementsAre(kName, kQual, kQual));  // unclosed: to the end
}

TEST(Normalizer, StopwordsAndParticles) {
    EXPECT_THAT(roles("Bank of the Kunlun"), ElementsAre(kName, kStop, kStop, kName));
    EXPECT_THAT(roles("Ludwig van Beethoven"), ElementsAre(kName, kStop, kName));
    EXPECT_THAT(roles("VAN DER BERG, Jan"), ElementsAre(kStop, kStop, kName, kName));
    EXPECT_THAT(roles("Maria de la Cruz y Lopez"), ElementsAre(kName, kStop, kStop, kName, kStop, kName));
    // bin, ibn, abu, al, el are name particles, not stopwords.
    EXPECT_THAT(roles("Ahmed bin Rashid Al Maktoum"), ElementsAre(kName, kName, kName, kName, kName));
    // i and y are also the Korean family name Yi/I: a stopword only between two other tokens.
    EXPECT_THAT(roles("I Sun-sin"), ElementsAre(kName, kName, kName));
    EXPECT_THAT(roles("Le Duc Tho"), ElementsAre(kName, kName, kName));
    EXPECT_THAT(roles("The The"), ElementsAre(kName, kName));
}

// ---- API details -----------------------------------------------------------------------------------

TEST(Normalizer, ToLatinJoinsTokenTexts) {
    EXPECT_EQ(norm().to_latin("  Александр   Пушкин "), "aleksandr pushkin");
    EXPECT_EQ(norm().to_latin("KIM, Jong-un"), "kim jong un");
    EXPECT_EQ(norm().to_latin(""), "");
}

TEST(Normalizer, ReusedOutputVectorGivesTheSameTokens) {
    std::vector<Token> out;
    norm().tokenize("Sberbank Rossii Public Joint Stock Company", out);
    norm().tokenize("Kim Jong-un", out);
    const auto fresh = norm().tokenize("Kim Jong-un");
    ASSERT_EQ(out.size(), fresh.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        EXPECT_EQ(out[i].text, fresh[i].text);
        EXPECT_EQ(out[i].variant, fresh[i].variant);
        EXPECT_EQ(out[i].phonetic, fresh[i].phonetic);
        EXPECT_EQ(out[i].role, fresh[i].role);
        EXPECT_EQ(out[i].begin, fresh[i].begin);
        EXPECT_EQ(out[i].end, fresh[i].end);
    }
}

TEST(Normalizer, KeysAreFilledIn) {
    for (const Token& t : norm().tokenize("Mohammed Abdulrahman Choi")) {
        EXPECT_EQ(t.variant, variant_key(t.text));
        EXPECT_EQ(t.phonetic, phonetic_key(t.text));
    }
}

TEST(Normalizer, MalformedUtf8Separates) {
    EXPECT_THAT(texts("ab\xFF" "cd"), ElementsAre("ab", "cd"));
    EXPECT_THAT(texts("ab\xE2\x82"), ElementsAre("ab"));  // truncated sequence
    EXPECT_THAT(texts("\xC0\xAF" "x"), ElementsAre("x"));  // overlong encoding
}

TEST(Normalizer, MovedNormalizerStillWorks) {
    Normalizer a;
    Normalizer b(std::move(a));
    EXPECT_THAT(b.tokenize("Юрий").front().text, "yuriy");
}

TEST(Normalizer, ConcurrentTokenizeMatchesSequential) {
    const std::vector<std::string> names = {
        "KIM, Jong-un", "김정은", "Александр Сергеевич Пушкин", "محمد عبد الرحمن", "习近平",
        "Ελευθέριος Βενιζέλος", "ทักษิณ ชินวัตร", "Łódź Straße", "OOO Romashka", "ジョージ・ワシントン"};
    std::vector<std::string> expected;
    for (const auto& n : names) expected.push_back(norm().to_latin(n));
    auto work = [&](unsigned seed, int* failures) {
        std::vector<Token> out;
        for (int round = 0; round < 300; ++round) {
            const std::size_t k = (seed + round * 7u) % names.size();
            norm().tokenize(names[k], out);
            std::string joined;
            for (const Token& t : out) joined += (joined.empty() ? "" : " ") + t.text;
            if (joined != expected[k]) ++*failures;
        }
    };
    int f1 = 0, f2 = 0, f3 = 0;
    std::thread t1(work, 1u, &f1), t2(work, 2u, &f2), t3(work, 5u, &f3);
    t1.join();
    t2.join();
    t3.join();
    EXPECT_EQ(f1 + f2 + f3, 0);
}

// Each thread remembers what a foreign (ICU) run produced and replays it when the run comes back:
// the tokens must be those of working the run out afresh, wherever it stands (offsets shifted,
// joined to Latin letters before it by an apostrophe, repeated in one name).
TEST(Normalizer, RepeatedForeignRunsTokenizeAsTheFirstTime) {
    const std::string words[] = {"Ελευθέριος",  "ג'ורג'",     "عبدالرحمن", "اللَّه",     "ทักษิณ",
                                 "毛泽东",       "\u1100\u1175\u11B7", "ＫＩＭ",      "ქართული",   "Κιμ김정은",
                                 "נתניהו", "دوست‌محمد", "ጃዋር"};
    std::vector<std::string> inputs;
    for (const std::string& w : words) {
        for (const std::string& in : {w, "ab'" + w, "x " + w, w + " " + w, "Q" + w + "'z", w + "-Smith"}) {
            inputs.push_back(in);
        }
    }
    auto same = [](const std::vector<Token>& a, const std::vector<Token>& b, const std::string& in) {
        ASSERT_EQ(a.size(), b.size()) << in;
        for (std::size_t i = 0; i < a.size(); ++i) {
            EXPECT_EQ(a[i].text, b[i].text) << in;
            EXPECT_EQ(a[i].begin, b[i].begin) << in;
            EXPECT_EQ(a[i].end, b[i].end) << in;
            EXPECT_EQ(a[i].abjad, b[i].abjad) << in;
            EXPECT_EQ(a[i].role, b[i].role) << in;
        }
    };
    // Two normalizers in turn: a thread keeps the runs of one normalizer at a time, so each call
    // works its runs out afresh.
    Normalizer a, b;
    std::vector<std::vector<Token>> fresh;
    for (const std::string& in : inputs) {
        fresh.push_back(a.tokenize(in));
        same(b.tokenize(in), fresh.back(), in);
    }
    // One normalizer, in reverse order and twice: replayed runs, first seen in other contexts.
    for (int round = 0; round < 2; ++round) {
        for (std::size_t k = inputs.size(); k-- > 0;) same(a.tokenize(inputs[k]), fresh[k], inputs[k]);
    }
    // After a separate word, and repeated, a run gives the tokens it gives alone, shifted.
    for (const std::string& w : words) {
        const std::vector<Token> alone = a.tokenize(w);
        const std::vector<Token> after = a.tokenize("x " + w), twice = a.tokenize(w + " " + w);
        ASSERT_EQ(after.size(), alone.size() + 1) << w;
        ASSERT_EQ(twice.size(), 2 * alone.size()) << w;
        for (std::size_t i = 0; i < alone.size(); ++i) {
            for (const auto& [t, shift] : {std::pair(after[i + 1], 2UL), std::pair(twice[alone.size() + i], w.size() + 1)}) {
                EXPECT_EQ(t.text, alone[i].text) << w;
                EXPECT_EQ(t.begin, alone[i].begin + shift) << w;
                EXPECT_EQ(t.end, alone[i].end + shift) << w;
                EXPECT_EQ(t.abjad, alone[i].abjad) << w;
            }
        }
    }
}

// The tokenizer runs the Latin-to-ASCII tail of its transliterators ("Latin-ASCII; ... Remove;
// Lower", src/text/script_transliterator.cc) only on text that is not plain ASCII already, and
// lower-cases ASCII itself: that is only the same when the tail changes nothing in ASCII but the
// case of A-Z. Every ASCII character, alone and in every pair.
TEST(Normalizer, TransliteratorTailsOnlyLowerCaseAscii) {
    const char* tails[] = {"Latin-ASCII; [\\u00B7\\u02B9\\u02BA] Remove; [:M:] Remove; Lower",
                           "Latin-ASCII; [:M:] Remove; Lower"};
    for (const char* id : tails) {
        UErrorCode status = U_ZERO_ERROR;
        UParseError parse_error;
        std::unique_ptr<icu::Transliterator> tail(
            icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, parse_error, status));
        ASSERT_TRUE(U_SUCCESS(status)) << id;
        int mismatches = 0;
        for (int a = 0; a < 0x80; ++a) {
            for (int b = -1; b < 0x80; ++b) {
                icu::UnicodeString in;
                in.append(static_cast<char16_t>(a));
                if (b >= 0) in.append(static_cast<char16_t>(b));
                icu::UnicodeString expected;
                for (int32_t i = 0; i < in.length(); ++i) {
                    const char16_t c = in.charAt(i);
                    expected.append(c >= u'A' && c <= u'Z' ? static_cast<char16_t>(c + 32) : c);
                }
                tail->transliterate(in);
                if (in != expected && ++mismatches < 5) ADD_FAILURE() << id << ": " << a << " " << b;
            }
        }
        EXPECT_EQ(mismatches, 0) << id;
    }
}

// The fold table (fast path) against ICU's own transliteration of whole strings (slow reference):
// random words over Latin letters with diacritics must come out the same.
TEST(Normalizer, LatinFoldTableMatchesIcuReference) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError pe;
    std::unique_ptr<icu::Transliterator> ref(icu::Transliterator::createInstance(
        "NFKD; Latin-ASCII; Lower; [:M:] Remove", UTRANS_FORWARD, pe, status));
    ASSERT_TRUE(U_SUCCESS(status));
    std::vector<char32_t> alphabet;
    for (char32_t c = 0xC0; c <= 0x17F; ++c) {
        if (c != 0xD7 && c != 0xF7) alphabet.push_back(c);  // × ÷ are symbols
    }
    for (char32_t c = 'a'; c <= 'z'; ++c) alphabet.push_back(c);
    for (char32_t c : {0x1EA0, 0x1EBF, 0x1EE9, 0x1E0C, 0x1E24, 0x1E92}) alphabet.push_back(c);
    std::mt19937 rng(42);
    for (int i = 0; i < 500; ++i) {
        icu::UnicodeString word;
        const int len = 1 + static_cast<int>(rng() % 10);
        for (int k = 0; k < len; ++k) word.append(static_cast<UChar32>(alphabet[rng() % alphabet.size()]));
        std::string utf8;
        word.toUTF8String(utf8);
        icu::UnicodeString r = word;
        ref->transliterate(r);
        std::string expected_raw, expected;
        r.toUTF8String(expected_raw);
        for (char c : expected_raw) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) expected.push_back(c);
        }
        EXPECT_EQ(norm().to_latin(utf8), expected) << utf8;
    }
}

// The Russian fast path (no ICU) against ICU's BGN/PCGN transliterator on every Cyrillic word of
// the Wikidata token file that consists of Russian letters only (32,816 words): the output must be
// identical.
TEST(Normalizer, RussianFastPathMatchesIcuBgn) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError pe;
    std::unique_ptr<icu::Transliterator> ref(icu::Transliterator::createInstance(
        "Russian-Latin/BGN; Latin-ASCII; Lower", UTRANS_FORWARD, pe, status));
    ASSERT_TRUE(U_SUCCESS(status));
    std::ifstream in(std::string(CORDON_SHARED_DATA_DIR) + "/transliteration_wikidata/wd_russian_20");
    if (!in) GTEST_SKIP() << "transliteration data not found";
    std::string line;
    int words = 0, differ = 0;
    while (std::getline(in, line)) {
        const std::size_t a = line.find('\t'), b = line.find('\t', a + 1);
        if (a == std::string::npos || b == std::string::npos) continue;
        std::string letters;
        for (char c : line.substr(a + 1, b - a - 1)) {
            if (c != ' ') letters.push_back(c);
        }
        icu::UnicodeString r = icu::UnicodeString::fromUTF8(letters);
        bool russian = r.length() > 0;
        for (int32_t k = 0; k < r.length(); ++k) {
            const char16_t c = r.charAt(k);
            russian = russian && ((c >= 0x410 && c <= 0x44F) || c == 0x401 || c == 0x451);
        }
        if (!russian) continue;  // dots, Ukrainian, Serbian, Kazakh letters: the ICU path
        ref->transliterate(r);
        std::string expected_raw, expected;
        r.toUTF8String(expected_raw);
        for (char c : expected_raw) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) expected.push_back(c);
        }
        ++words;
        if (norm().to_latin(letters) != expected) {
            ++differ;
            ADD_FAILURE() << letters << ": " << norm().to_latin(letters) << " vs ICU " << expected;
        }
    }
    std::printf("[ checked  ] %d Russian words, %d differ from ICU\n", words, differ);
    EXPECT_GT(words, 30000);
}

// The reference for ASCII text without full stops, one byte at a time: letters and digits join
// the open token (lower-cased), apostrophes and backticks extend it, anything else ends it.
std::vector<Token> ascii_reference(const std::string& s) {
    std::vector<Token> out;
    bool open = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (alnum) {
            if (!open) {
                out.emplace_back();
                out.back().begin = static_cast<std::uint32_t>(i);
                open = true;
            }
            out.back().text.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c);
            out.back().end = static_cast<std::uint32_t>(i + 1);
        } else if (c == '\'' || c == '`') {
            if (open) out.back().end = static_cast<std::uint32_t>(i + 1);
        } else {
            open = false;
        }
    }
    return out;
}

TEST(Normalizer, AsciiRunsTokenizeAsByteByByte) {
    std::mt19937 rng(11);
    const std::string alphabet = "abcXYZ019 '`-,_/";
    const std::string letters = "abcXYZ019";
    std::vector<Token> got;
    for (int n = 0; n < 3000; ++n) {
        std::string s(rng() % 40, ' ');
        for (char& c : s) c = alphabet[rng() % alphabet.size()];
        // Runs longer than the tokenizer's buffer (32 bytes), one of them at the end.
        if (n % 3 == 0) {
            s.push_back(' ');
            s.append(31 + rng() % 40, letters[rng() % letters.size()]);
            s.push_back('\'');
        } else if (n % 3 == 1) {
            s.append(1 + rng() % 100, letters[rng() % letters.size()]);
        }
        norm().split_words(s, got);
        const std::vector<Token> want = ascii_reference(s);
        ASSERT_EQ(got.size(), want.size()) << s;
        for (std::size_t k = 0; k < want.size(); ++k) {
            EXPECT_EQ(got[k].text, want[k].text) << s;
            EXPECT_EQ(got[k].begin, want[k].begin) << s;
            EXPECT_EQ(got[k].end, want[k].end) << s;
        }
    }
}

TEST(Normalizer, SplitWordsIsTokenizeWordsWithoutKeys) {
    std::vector<Token> with_keys, without;
    for (const std::string s : {"KIM Sang Man, U.S. Treasury", "Überweisung – Empfänger: O'Brien", "김정은 Ким Сан Ман",
                                "الطيب 金正恩 a.k.a. Co. Ltd.", "x\xff\xfeY z"}) {
        norm().tokenize_words(s, with_keys);
        norm().tokenize(s, without);  // leaves keys behind in the reused tokens
        norm().split_words(s, without);
        ASSERT_EQ(without.size(), with_keys.size()) << s;
        for (std::size_t k = 0; k < with_keys.size(); ++k) {
            EXPECT_EQ(without[k].text, with_keys[k].text) << s;
            EXPECT_EQ(without[k].begin, with_keys[k].begin) << s;
            EXPECT_EQ(without[k].end, with_keys[k].end) << s;
            EXPECT_EQ(without[k].abjad, with_keys[k].abjad) << s;
            EXPECT_EQ(without[k].role, TokenRole::kName) << s;
            EXPECT_TRUE(without[k].variant.empty() && without[k].phonetic.empty()) << s;
            EXPECT_EQ(with_keys[k].variant, variant_key(with_keys[k].text)) << s;
        }
    }
}

}  // namespace
}  // namespace cordon
