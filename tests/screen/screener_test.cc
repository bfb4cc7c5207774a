#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cordon/ingest.h"
#include "cordon/screener.h"
#include "../bundled_screener.h"

namespace cordon {
namespace {

class BundledScreener : public ::testing::Test {
protected:
    static void SetUpTestSuite() { screener_ = &test::bundled_screener(); }
    static std::vector<Match> screen(const std::string& name, std::optional<Schema> schema = {}) {
        Query q;
        q.name = name;
        q.schema = schema;
        return screener_->screen(q, {});
    }
    static const Screener* screener_;
};
const Screener* BundledScreener::screener_ = nullptr;

TEST_F(BundledScreener, FindsKimSangManUnderNewsSpellings) {
    for (const char* name : {"Kim Sang Man", "Kim Sang-man", "Kim Sangman", "Sang Man Kim"}) {
        auto m = screen(name, Schema::kPerson);
        ASSERT_FALSE(m.empty()) << name;
        EXPECT_EQ(m[0].entity->id, "ofac-sdn:43377") << name;
    }
}

TEST_F(BundledScreener, FindsChinyongUnderRomanisationVariants) {
    for (const char* name : {"Chinyong Information Technology Cooperation Company",
                             "Jinyong Information Technology Cooperation Company",
                             "Jinryong Information Technology Cooperation Company",
                             "Jinyoung Information Technology Cooperation Company"}) {
        auto m = screen(name);
        ASSERT_FALSE(m.empty()) << name;
        EXPECT_EQ(m[0].entity->id, "ofac-sdn:43379") << name;
    }
}

TEST_F(BundledScreener, CommonWordsAloneDoNotAlert) {
    for (const char* name : {"Kim", "Bank", "Korea", "Company", "University", "Group", "Bank of Korea"}) {
        EXPECT_TRUE(screen(name).empty()) << name;
    }
    // In Arabic script too: a word the glossary translates weighs as its translation, not as a
    // rare word of the few Arabic-script listed names (الاسلامي, Islamic ~ "Ahmed Islam").
    for (const char* name : {"الاسلامي", "شركة", "مصرف", "المقاتلة"}) {
        EXPECT_TRUE(screen(name).empty()) << name;
    }
}

// Two Arabic words joined have a consonant skeleton that agrees with a legal form's by chance:
// قال المتحدث, "the spokesman said" (qal al mthdth), is not KALA LIMITED.
TEST_F(BundledScreener, JoinedWordsDoNotSoundOutALegalForm) {
    for (const Match& m : screen("قال المتحدث")) EXPECT_NE(m.entity->id, "ofac-sdn:11636") << m.score;
    EXPECT_LT(screener_->compare("قال المتحدث", "KALA LIMITED", Schema::kOrganization).score, kDefaultThreshold);
    // Written out, joined words still make a legal form (L L C ~ LLC) and a name (Sang Man ~ SANGMAN).
    EXPECT_GE(screener_->compare("KOREA TAESONG TRADING L L C", "KOREA TAESONG TRADING LLC", Schema::kCompany).score,
              0.95);
}

// The same consonants in words of very different length are different words: "Yang Eu" (two
// syllables of 평양으로, "to Pyongyang") is not WU, Yonghao; Mukhammad is still Muhammad.
TEST_F(BundledScreener, PhoneticAgreementNeedsWordsOfLikeLength) {
    for (const Match& m : screen("Yang Eu")) EXPECT_NE(m.entity->id, "ofac-sdn:41716") << m.score;
    EXPECT_LT(screener_->compare("Yang", "Yonghao", Schema::kPerson).score, 0.5);
    EXPECT_GE(screener_->compare("Mukhammad Rakhimov", "Muhammad Rahimov", Schema::kPerson).score, 0.9);
}

// A legal form misspelt beyond one edit is unseen; it weighs as the legal form it misspells, not
// as the rarest name.
TEST_F(BundledScreener, MisspeltLegalFormsWeighAsLegalForms) {
    for (const char* name : {"INNFOCUS LIMITED LIABILITY CHMPAONY", "KOREA TAESONG TRADING COMPALPY",
                             "BAROON SHIPPING COMPANY LFIMCTED",
                             // One letter off, where the nearest listed word is a name (a list's
                             // own misspelling, LIMTED), not the legal form.
                             "MOSNT HEBRON FUND LIMGTED", "ERIYADHU INVESTMENTS PVT LMITED"}) {
        auto m = screen(name);
        ASSERT_FALSE(m.empty()) << name;
    }
    // A rare unseen word still weighs: it is no legal form.
    EXPECT_TRUE(screen("KOREA TAESONG TRADING ZYXWVUTS").empty());
}

TEST_F(BundledScreener, ExplainsEachMatch) {
    auto m = screen("Kim Sangman", Schema::kPerson);
    ASSERT_FALSE(m.empty());
    EXPECT_FALSE(m[0].explanation.name.pairs.empty());
    EXPECT_NEAR(m[0].explanation.name.score, m[0].score, 0.2);
}

TEST_F(BundledScreener, BirthDateAgreementRaisesAndConflictLowers) {
    Query q;
    q.name = "Kim Sang Man";
    q.schema = Schema::kPerson;
    ScreenOptions o;
    o.threshold = 0.5;
    auto base = screener_->screen(q, o);
    ASSERT_FALSE(base.empty());
    q.birth_date = parse_partial_date("1965-04-25");
    auto agree = screener_->screen(q, o);
    q.birth_date = parse_partial_date("1990");
    auto differ = screener_->screen(q, o);
    ASSERT_FALSE(agree.empty());
    ASSERT_FALSE(differ.empty());
    EXPECT_EQ(agree[0].entity->id, "ofac-sdn:43377");
    EXPECT_GE(agree[0].score, base[0].score);
    double differ_score = 0;
    for (const Match& m : differ) {
        if (m.entity->id == "ofac-sdn:43377") differ_score = m.score;
    }
    EXPECT_LT(differ_score, base[0].score);
}

TEST_F(BundledScreener, PersonNeverMatchesAVesselAtFullScoreOnNameAlone) {
    // Find a vessel and screen its exact name as a person.
    const Entity* vessel = nullptr;
    for (std::uint32_t i = 0; i < screener_->snapshot().entity_count(); ++i) {
        if (screener_->snapshot().entity(i).schema == Schema::kVessel) {
            vessel = &screener_->snapshot().entity(i);
            break;
        }
    }
    ASSERT_NE(vessel, nullptr);
    Query q;
    q.name = vessel->names[0].full;
    q.schema = Schema::kPerson;
    ScreenOptions o;
    o.threshold = 0.0;
    o.limit = 50;
    for (const Match& m : screener_->screen(q, o)) {
        if (m.entity == vessel) {
            EXPECT_LT(m.score, 1.0);
        }
    }
}

TEST_F(BundledScreener, BatchKeepsInputOrder) {
    std::vector<Query> qs(50);
    for (std::size_t i = 0; i < qs.size(); ++i) qs[i].name = i % 2 ? "Kim Sang Man" : "Nobody Atall";
    auto r = screener_->screen_batch(qs, {}, 2);
    ASSERT_EQ(r.size(), qs.size());
    for (std::size_t i = 0; i < r.size(); ++i) EXPECT_EQ(r[i].empty(), i % 2 == 0) << i;
}

TEST_F(BundledScreener, ScreensOnlyTheListsAsked) {
    const Snapshot& snap = screener_->snapshot();
    std::size_t sdn = snap.lists().size();
    for (std::size_t i = 0; i < snap.lists().size(); ++i) {
        if (snap.lists()[i].name == "ofac-sdn") sdn = i;
    }
    ASSERT_LT(sdn, snap.lists().size());
    Query q;
    q.name = "Kim Sang Man";
    ScreenOptions only_sdn;
    only_sdn.lists.assign(snap.lists().size(), 0);
    only_sdn.lists[sdn] = 1;
    auto m = screener_->screen(q, only_sdn);
    ASSERT_FALSE(m.empty());
    for (const Match& x : m) EXPECT_EQ(x.entity->source, "ofac-sdn");
    ScreenOptions others;
    others.lists.assign(snap.lists().size(), 1);
    others.lists[sdn] = 0;
    for (const Match& x : screener_->screen(q, others)) EXPECT_NE(x.entity->source, "ofac-sdn");
    ScreenOptions too_short;  // lists past the end of the mask are not screened
    too_short.lists.assign(sdn, 1);
    for (const Match& x : screener_->screen(q, too_short)) EXPECT_NE(x.entity->source, "ofac-sdn");
}

}  // namespace
}  // namespace cordon
