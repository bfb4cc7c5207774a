#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cordon/country.h"
#include "cordon/glossary.h"
#include "cordon/matcher.h"
#include "cordon/normalize.h"

namespace cordon {
namespace {

// Tokens with uniform weights (or given ones), from the real normaliser.
struct Tokens {
    std::vector<Token> raw;
    std::vector<ScoredToken> scored;
    std::vector<Token> joined_raw;
    std::vector<ScoredToken> joined;
};

Tokens make(const Normalizer& n, std::string_view name, std::vector<float> weights = {}) {
    Tokens t;
    t.raw = n.tokenize(name);
    for (std::size_t i = 0; i < t.raw.size(); ++i) {
        const Token& k = t.raw[i];
        float w = i < weights.size() ? weights[i] : (k.role == TokenRole::kName ? 5.0F : 1.0F);
        t.scored.push_back({k.text, k.variant, k.phonetic, k.role, w, UINT32_MAX, k.abjad});
    }
    join_tokens(t.scored, t.joined_raw, t.joined);
    return t;
}

class NameScoreTest : public ::testing::Test {
protected:
    double score(std::string_view a, std::string_view b, bool person = true) {
        Tokens ta = make(norm_, a);
        Tokens tb = make(norm_, b);
        return score_names(ta.scored, tb.scored, {person, false}, ta.joined).score;
    }
    Normalizer norm_;
};

TEST_F(NameScoreTest, IdenticalNamesScoreOne) {
    EXPECT_DOUBLE_EQ(score("KIM, Sang Man", "Kim Sang Man"), 1.0);
}

TEST_F(NameScoreTest, TokenOrderDoesNotMatter) {
    EXPECT_DOUBLE_EQ(score("Sang Man Kim", "KIM, Sang Man"), 1.0);
}

TEST_F(NameScoreTest, JoinedAndSplitTokensMatch) {
    EXPECT_GT(score("Kim Sangman", "KIM, Sang Man"), 0.95);
    EXPECT_GT(score("Kim Sang-man", "KIM, Sangman"), 0.95);
}

TEST_F(NameScoreTest, RomanisationVariantsMatch) {
    EXPECT_GT(score("Jinyong Information Technology Cooperation Company",
                    "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY", false),
              0.9);
}

// UN original-script names against their Latin listings: consonant skeletons, Allah joined to the
// name before it, the article assimilated to a sun letter, French spellings (dj, soft c).
TEST_F(NameScoreTest, ArabicScriptMeetsLatinSpellings) {
    EXPECT_GT(score("يوسف المداني", "YUSUF AL-MADANI"), 0.85);
    EXPECT_GT(score("هدايت الله", "HIDAYATULLAH"), 0.85);
    EXPECT_GT(score("عادل عبد الله مهدي", "ADIL ABDALLAH MAHDI"), 0.85);
    EXPECT_GT(score("عبدالرحمان زاهد", "ABDUL RAHMAN ZAHED"), 0.85);
    EXPECT_GT(score("عبد الرحمن", "ABDUR REHMAN"), 0.85);
    EXPECT_GT(score("نصیر الدین حقانی", "NASIRUDDIN HAQQANI"), 0.85);
    EXPECT_GT(score("جمال لونيسي", "DJAMEL LOUNICI"), 0.8);
    EXPECT_GT(score("نسيم بن رمضان صحراوي", "NESSIM BEN ROMDHANE SAHRAOUI"), 0.8);
    EXPECT_GT(score("رمزي بن الشيبة", "RAMZI BINALSHIBH"), 0.85);  // ta marbuta as h
    EXPECT_GT(score("محمد ولد سليم", "MUHAMMAD OULD SALIM"), 0.85);  // initial waw as a vowel
    EXPECT_GT(score("سلسلة الذهب", "SELSELAT AL-THAHAB", false), 0.85);  // dhal as th
    EXPECT_GT(score("مصعب ابو عمر", "MUS'AB ABU OMAR"), 0.8);         // abw read abu
    EXPECT_GT(score("عبد التواب ملا حويش", "ABD-AL-TAWWAB MULLAH HUWAYSH"), 0.8);  // final alef as -ah
    EXPECT_GT(score("میر ولی خدايرحيم", "MIR WALI KHUDAI RAHIM"), 0.85);  // listed apart
    EXPECT_LT(score("يوسف المداني", "YASIN AL-MADANI"), 0.8);
}

// Words of one consonant (or a joined pair of three) say too little by their consonants; their
// long vowels must agree as well (UN original-script names).
TEST_F(NameScoreTest, ShortArabicWordsAgreeByTheirLongVowels) {
    EXPECT_GT(score("محمد رسول ایوب", "MOHAMMAD RASUL AYYUB"), 0.85);
    EXPECT_GT(score("عدي صدام حسين التكريتي", "UDAY SADDAM HUSSEIN AL-TIKRITI"), 0.85);
    EXPECT_GT(score("علي ما يشو", "ALI MAYCHOU"), 0.8);  // written apart, listed joined
    EXPECT_GT(score("سليمان جاسم سليمان علي أبوغيث", "SULAIMAN JASSEM SULAIMAN ALI ABO GHAITH"), 0.85);
    // The long vowels are not the consonants' only check: Ayyub is not Ibb, Uday not Daoud.
    EXPECT_LT(score("ایوب", "IBB"), 0.8);
    EXPECT_LT(score("عدي", "DAOUD"), 0.8);

    Skeleton a, l;
    matres_skeleton("aywb", true, a);
    matres_skeleton("ayyub", false, l);
    EXPECT_EQ(a.view(), "ywb");
    EXPECT_EQ(l.view(), "ywb");
    EXPECT_TRUE(matres_agrees("ady", "uday", false));
    EXPECT_FALSE(matres_agrees("mhmd", "muhammad", false));  // enough consonants: the usual rule
    EXPECT_TRUE(joined_matres_agrees("abwghyth", "abo", "ghaith"));
    EXPECT_FALSE(joined_matres_agrees("abwghyth", "abo", "ghazi"));
}

// An organisation's Arabic name is often a translation of its Latin one.
TEST_F(NameScoreTest, ArabicOrganisationWordsMeetTheirTranslations) {
    EXPECT_GT(score("الجماعة التونسية المقاتلة", "TUNISIAN COMBATANT GROUP", false), 0.85);
    EXPECT_GT(score("جمعية احياء التراث الاسلامي", "REVIVAL OF ISLAMIC HERITAGE SOCIETY", false), 0.85);
    EXPECT_GT(score("القاعده في العراق", "AL-QAIDA IN IRAQ", false), 0.85);
    // One word, two in English.
    EXPECT_GT(score("مكتب حنيفة للصرافة", "HANIFA MONEY EXCHANGE OFFICE", false), 0.85);
    EXPECT_LT(score("مكتب حنيفة للصرافة", "HANIFA MONEY LAUNDERING OFFICE", false), 0.8);
    // The words must be the ones the glossary gives: a Tunisian group is not a Moroccan one.
    EXPECT_LT(score("الجماعة التونسية المقاتلة", "MOROCCAN COMBATANT GROUP", false), 0.8);
    EXPECT_LT(score("الجماعة التونسية المقاتلة", "TUNISIAN TRADING COMPANY", false), 0.6);

    Tokens q = make(norm_, "الجماعة التونسية");
    Tokens c = make(norm_, "Tunisian Group");
    const NameScore s = score_names(q.scored, c.scored, {false, true}, q.joined);
    ASSERT_FALSE(s.pairs.empty());
    EXPECT_EQ(s.pairs[0].method, MatchMethod::kTranslation);
}

TEST(Glossary, ReadsStemsThroughPrefixesAndEndings) {
    EXPECT_EQ(arabic_gloss("msry"), "egypt egyptian");
    EXPECT_EQ(arabic_gloss("altwnsyt"), "tunisia tunisian");  // the article joined
    EXPECT_EQ(arabic_gloss("llsraft"), "exchange money+exchange currency+exchange");  // li + al, ta marbuta
    EXPECT_EQ(arabic_gloss("jmyt"), "society association");
    EXPECT_EQ(arabic_gloss("fy"), "in");
    EXPECT_TRUE(glosses_to_pair("llsraft", "money", "exchange"));
    EXPECT_FALSE(glosses_to_pair("llsraft", "exchange", "money"));
    EXPECT_FALSE(glosses_to("llsraft", "money"));  // only with its second word
    EXPECT_EQ(arabic_gloss("mhmd"), "");
    EXPECT_EQ(arabic_gloss("t"), "");
    EXPECT_TRUE(glosses_to("almqatlt", "combatant"));
    EXPECT_FALSE(glosses_to("almqatlt", "group"));
    EXPECT_TRUE(is_gloss_word("peninsula"));
    EXPECT_FALSE(is_gloss_word("kim"));
}

TEST_F(NameScoreTest, ParenthesesCostLittleWhereTheyDoNotMatch) {
    EXPECT_GT(score("Al-Qaida in the Arabian Peninsula", "AL-QAIDA IN THE ARABIAN PENINSULA (AQAP)", false), 0.95);
    EXPECT_GT(score("Hanifa Money Exchange Office",
                    "HANIFA MONEY EXCHANGE OFFICE (BRANCH LOCATED IN ALBU KAMAL, SYRIAN ARAB REPUBLIC)", false),
              score("Hanifa Money Exchange Office",
                    "HANIFA MONEY EXCHANGE OFFICE BRANCH LOCATED IN ALBU KAMAL, SYRIAN ARAB REPUBLIC", false) + 0.2);
    // They still count where they do.
    EXPECT_GT(score("Islamic Jihad Union IJU", "ISLAMIC JIHAD UNION (IJU)", false),
              score("Islamic Jihad Union XYZ", "ISLAMIC JIHAD UNION (IJU)", false));
}

TEST_F(NameScoreTest, OneTokenMatchesThreeListedAroundTheArticle) {
    EXPECT_GT(score("AbdulMunhim KUBAYSY", "KUBAYSY, Abd Al Munhim"), 0.9);
    EXPECT_GT(score("Yahya ABDULJALIL", "ABD-AL-JALIL, Yahya"), 0.9);  // by variant keys
    EXPECT_LT(score("Yahya ABDULJALIL", "ABD-AL-KARIM, Yahya"), 0.8);
}

TEST_F(NameScoreTest, PairsSplitAtAnotherLetterMeetWhole) {
    // A hyphen or space one letter off: the two words written together are the listed two.
    EXPECT_GT(score("Ayad Futayyih Khalifa ALR-AWI", "AL-RAWI, Ayad Futayyih Khalifa"), 0.95);
    EXPECT_GT(score("AL-MASHHADANI, Sai-fal-Din", "AL-MASHHADANI, Saif-al-Din"), 0.95);
    // Or one edit from it (a letter slipped in by the hyphen), not two.
    EXPECT_GT(score("Najm Hamad AJL-AHMAD", "AL-AHMAD, Najm Hamad"), 0.9);
    EXPECT_LT(score("Najm Hamad AJLR-AHMAD", "AL-AHMAD, Najm Hamad"), 0.9);
}

TEST_F(NameScoreTest, OneTokenMeetsTwoListedWrittenTogetherWithATypo) {
    EXPECT_GT(score("ALIJABURI, Sami Jasim Muhammad", "AL-JABURI, Sami Jasim Muhammad"), 0.95);
    EXPECT_GT(score("LLC NMITEKH", "LLC NM-TEKH", false), 0.85);
    EXPECT_LT(score("LLC NMIXTEKH", "LLC NM-TEKH", false), 0.8);  // two edits
}

TEST_F(NameScoreTest, InitialismsSpeltOutMeetTheirListedForm) {
    // T.E.G. is one token (initialism dots join); typed with spaces it is three initials.
    EXPECT_GT(score("t e g limited", "T.E.G. LIMITED", false), 0.95);
    EXPECT_GT(score("N P T T DONA SHELL", "N.P.T.T. DONA-SHELL", false), 0.95);
    // The run joins whole, not only from its first letter.
    EXPECT_GT(score("TRADING A B C D", "ABCD TRADING", false), 0.95);
}

TEST_F(NameScoreTest, JoinedTokensNeedFirmEvidence) {
    // Phonetic keys of two words written together agree by chance; one edit is the most.
    EXPECT_LT(score("Bourgeois Sasu", "BARAKZAI", false), 0.6);
    EXPECT_LT(score("Louise Conn", "LOSYAKIN"), 0.5);
    // Each word of a joined abjad token must add consonants of its own: awan adds one n.
    EXPECT_LT(score("محسن اعوان", "MUHSIN"), 0.8);
    EXPECT_GT(score("عزیز الرحمان", "AZIZIRAHMAN"), 0.85);
    EXPECT_GT(score("Kim Sang Mna", "KIM, Sangman"), 0.85);
}

TEST_F(NameScoreTest, TyposScoreHighButBelowExact) {
    double s = score("Kim Sang Mann", "KIM, Sang Man");
    EXPECT_GT(s, 0.85);
    EXPECT_LT(s, 1.0);
}

TEST_F(NameScoreTest, InitialsMatchPersonsOnly) {
    double person = score("S. Man Kim", "KIM, Sang Man", true);
    EXPECT_GT(person, 0.85);
    EXPECT_LT(score("S. Man Kim", "KIM, Sang Man", false), person);
}

TEST_F(NameScoreTest, UnrelatedNamesScoreLow) {
    EXPECT_LT(score("John Smith", "KIM, Sang Man"), 0.3);
}

TEST_F(NameScoreTest, MissingRareTokenCostsMoreThanMissingCommonOne) {
    // "kim" common (weight 1), "sang" and "man" rare (weight 8).
    Tokens listed = make(norm_, "Kim Sang Man", {1, 8, 8});
    Tokens miss_common = make(norm_, "Sang Man", {8, 8});
    Tokens miss_rare = make(norm_, "Kim Man", {1, 8});
    double a = score_names(miss_common.scored, listed.scored, {true, false}).score;
    double b = score_names(miss_rare.scored, listed.scored, {true, false}).score;
    EXPECT_GT(a, b);
}

TEST_F(NameScoreTest, ExplanationNamesEveryPairing) {
    Tokens q = make(norm_, "Kim Sangman Park");
    Tokens l = make(norm_, "KIM, Sang Man");
    NameScore s = score_names(q.scored, l.scored, {true, true}, q.joined);
    ASSERT_EQ(s.pairs.size(), 2U);
    const TokenPairing& joined = s.pairs[0].method == MatchMethod::kJoined ? s.pairs[0] : s.pairs[1];
    const TokenPairing& exact = s.pairs[0].method == MatchMethod::kJoined ? s.pairs[1] : s.pairs[0];
    EXPECT_EQ(exact.method, MatchMethod::kExact);
    EXPECT_EQ(exact.query, "kim");
    EXPECT_EQ(joined.method, MatchMethod::kJoined);
    EXPECT_EQ(joined.query, "sangman");
    EXPECT_EQ(joined.listed, "sang man");
    ASSERT_EQ(s.unmatched_query.size(), 1U);
    EXPECT_EQ(s.unmatched_query[0], "park");
}

TEST_F(NameScoreTest, ScoreNeverExceedsTheIndexBound) {
    // The index prunes with score <= 2M / (W + M); check it on a spread of pairs.
    const char* names[] = {"Kim Sang Man", "KIM, Sangman", "Korea Daesong Bank", "Daesong Bank",
                           "Pyongyang University of Automation", "Pyongyang Automation University",
                           "Mohammed Ali Hassan", "Muhammad Ali", "Lazarus Group", "S. M. Kim"};
    for (const char* a : names) {
        for (const char* b : names) {
            Tokens ta = make(norm_, a);
            Tokens tb = make(norm_, b);
            NameScore s = score_names(ta.scored, tb.scored, {true, true}, ta.joined);
            double w = 0;
            for (const auto& t : ta.scored) w += t.weight;
            double m = 0;
            for (const auto& p : s.pairs) m += p.weight;
            EXPECT_LE(s.score, 2 * m / (w + m) + 1e-9) << a << " | " << b;
            EXPECT_GE(m / w + 1e-9, min_paired_weight_share(s.score)) << a << " | " << b;
        }
    }
}

TEST(Country, KnowsListSpellingsCodesAndDemonyms) {
    EXPECT_EQ(country_code("Korea, North"), "KP");
    EXPECT_EQ(country_code("North Korea"), "KP");
    EXPECT_EQ(country_code("kp"), "KP");
    EXPECT_EQ(country_code("Russian Federation"), "RU");
    EXPECT_EQ(country_code("Germany"), "DE");
    EXPECT_EQ(country_code("Iranian"), "IR");
    EXPECT_EQ(country_code("Atlantis"), "");
}

}  // namespace
}  // namespace cordon
