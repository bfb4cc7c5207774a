#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cordon/ingest.h"
#include "ingest_test_util.h"

namespace cordon {
namespace {

using test::fact_values;
using test::find;
using test::write_temp;

const std::string kSample = std::string(CORDON_TEST_DATA_DIR) + "/ingest/ftm_dprk_sample.ftm.json";
const std::string kZala =
    std::string(CORDON_SHARED_DATA_DIR) + "/opensanctions_yente_zala/entities.ftm.json";
const std::string kT1 = std::string(CORDON_SHARED_DATA_DIR) + "/opensanctions_yente_t1/entities.ftm.json";



const Relation* find_relation(const Entity& e, const std::string& kind, const std::string& target,
                              const std::string& detail) {
    for (const Relation& r : e.relations) {
        if (r.kind == kind && r.target_id == target && r.detail == detail) return &r;
    }
    return nullptr;
}


// --- the sample file: every mapped schema and fold, with known line numbers ---

TEST(FtmJson, SampleLoadsPartiesOnlyAndNamesListAfterFileStem) {
    auto list = load_ftm_json(kSample, {});
    ASSERT_TRUE(list) << list.error().to_string();
    EXPECT_EQ(list->name, "ftm_dprk_sample");  // ".ftm.json" stripped
    EXPECT_EQ(list->format, "ftm-json");
    EXPECT_EQ(list->skipped_records, 0u);
    ASSERT_EQ(list->entities.size(), 4u);  // Person, CryptoWallet, Company, Vessel
    EXPECT_EQ(list->entities[0].id, "ftm-kim-sang-man");  // FtM ids are kept as given
    EXPECT_EQ(list->entities[0].native_id, "ftm-kim-sang-man");
    EXPECT_EQ(list->entities[0].source, "ftm_dprk_sample");
    EXPECT_EQ(list->entities[1].schema, Schema::kCryptoWallet);
    EXPECT_EQ(list->entities[2].schema, Schema::kCompany);
    EXPECT_EQ(list->entities[3].schema, Schema::kVessel);
    // The Note is the only entity neither screened nor folded in.
    ASSERT_EQ(list->warnings.size(), 1u);
    EXPECT_NE(list->warnings[0].message.find("Note 1"), std::string::npos) << list->warnings[0].message;
}

TEST(FtmJson, PersonNamesIdentifiersAndFoldedSanction) {
    auto list = load_ftm_json(kSample, {});
    ASSERT_TRUE(list) << list.error().to_string();
    const Entity* kim = find(*list, "ftm-kim-sang-man");
    ASSERT_NE(kim, nullptr);
    EXPECT_EQ(kim->schema, Schema::kPerson);
    ASSERT_EQ(kim->names.size(), 3u);
    // "weakAlias" precedes "name" in the JSON; the first "name" is still the primary.
    EXPECT_EQ(kim->names[0].full, "KIM, Sang Man");
    EXPECT_EQ(kim->names[0].kind, NameKind::kPrimary);
    EXPECT_EQ(kim->names[0].where.line, 1u);
    EXPECT_EQ(kim->names[0].where.field, "name");
    EXPECT_EQ(kim->names[1].full, "KIM, Sangman");
    EXPECT_EQ(kim->names[1].kind, NameKind::kAlias);
    EXPECT_EQ(kim->names[2].full, "Sang Man");
    EXPECT_EQ(kim->names[2].kind, NameKind::kWeakAlias);
    ASSERT_EQ(kim->birth_dates.size(), 1u);
    EXPECT_EQ(kim->birth_dates[0].date.to_string(), "1965-04-25");
    EXPECT_EQ(fact_values(kim->birth_places), std::vector<std::string>{"North Pyongan Province, North Korea"});
    EXPECT_EQ(fact_values(kim->nationalities), std::vector<std::string>{"kp"});
    EXPECT_EQ(fact_values(kim->gender), std::vector<std::string>{"male"});
    EXPECT_EQ(fact_values(kim->remarks), std::vector<std::string>{"Designated 2023-05-23 (DPRK IT workers)."});

    ASSERT_EQ(kim->identifiers.size(), 2u);
    EXPECT_EQ(kim->identifiers[0].type, IdType::kPassport);
    EXPECT_EQ(kim->identifiers[0].value, "109420132");
    EXPECT_EQ(kim->identifiers[0].type_label, "passportNumber");
    // The Identification entity on line 6 becomes the holder's identifier.
    EXPECT_EQ(kim->identifiers[1].type, IdType::kPassport);
    EXPECT_EQ(kim->identifiers[1].value, "827220538");
    EXPECT_EQ(kim->identifiers[1].country, "kp");
    EXPECT_EQ(kim->identifiers[1].where.line, 6u);

    // The Sanction on line 7 adds its program and listing date.
    EXPECT_EQ(fact_values(kim->programs), (std::vector<std::string>{"US-DPRK4", "DPRK4"}));
    ASSERT_EQ(kim->listed_on.size(), 1u);
    EXPECT_EQ(kim->listed_on[0].date.to_string(), "2023-05-23");
    EXPECT_EQ(kim->listed_on[0].where.line, 7u);
}

TEST(FtmJson, RelationsLandOnBothEndsWithTheOtherEndsRole) {
    auto list = load_ftm_json(kSample, {});
    ASSERT_TRUE(list) << list.error().to_string();
    const Entity* kim = find(*list, "ftm-kim-sang-man");
    const Entity* chinyong = find(*list, "ftm-chinyong");
    const Entity* wallet = find(*list, "ftm-wallet-xbt-1");
    ASSERT_TRUE(kim && chinyong && wallet);

    const Relation* r = find_relation(*kim, "unknown_link", "ftm-chinyong", "object; associated with");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->where.line, 4u);
    EXPECT_NE(find_relation(*chinyong, "unknown_link", "ftm-kim-sang-man", "subject; associated with"),
              nullptr);
    EXPECT_NE(find_relation(*kim, "holder", "ftm-wallet-xbt-1", "wallet"), nullptr);
    EXPECT_NE(find_relation(*wallet, "holder", "ftm-kim-sang-man", "holder"), nullptr);
    // An owner that is not in the file still shows on the asset.
    EXPECT_NE(find_relation(*chinyong, "ownership", "ftm-not-in-this-file", "owner; 100%"), nullptr);
    EXPECT_EQ(kim->relations.size(), 2u);
    EXPECT_EQ(chinyong->relations.size(), 2u);
}

TEST(FtmJson, CompanyVesselAndWalletFacts) {
    auto list = load_ftm_json(kSample, {});
    ASSERT_TRUE(list) << list.error().to_string();
    const Entity* chinyong = find(*list, "ftm-chinyong");
    ASSERT_NE(chinyong, nullptr);
    ASSERT_EQ(chinyong->names.size(), 3u);
    EXPECT_EQ(chinyong->names[1].full, "JINYONG IT COOPERATION COMPANY");
    EXPECT_EQ(chinyong->names[1].kind, NameKind::kAlias);
    EXPECT_EQ(chinyong->names[2].full, "CHINYONG IT");
    EXPECT_EQ(chinyong->names[2].kind, NameKind::kFormerName);
    // The Address entity (line 10, after the blank line 9) is folded in through addressEntity.
    ASSERT_EQ(chinyong->addresses.size(), 1u);
    EXPECT_EQ(chinyong->addresses[0].full, "Pyongyang, North Korea");
    EXPECT_EQ(chinyong->addresses[0].city, "Pyongyang");
    EXPECT_EQ(chinyong->addresses[0].where.line, 10u);
    EXPECT_EQ(fact_values(chinyong->countries), std::vector<std::string>{"kp"});

    const Entity* vessel = find(*list, "ftm-chon-ma-san");
    ASSERT_NE(vessel, nullptr);
    ASSERT_EQ(vessel->identifiers.size(), 1u);
    EXPECT_EQ(vessel->identifiers[0].type, IdType::kImo);
    EXPECT_EQ(vessel->identifiers[0].value, "8660313");
    EXPECT_EQ(fact_values(vessel->countries), std::vector<std::string>{"kp"});

    const Entity* wallet = find(*list, "ftm-wallet-xbt-1");
    ASSERT_NE(wallet, nullptr);
    ASSERT_EQ(wallet->names.size(), 1u);  // no "name": the caption stands in
    EXPECT_EQ(wallet->names[0].full, "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ");
    EXPECT_EQ(wallet->names[0].where.field, "caption");
    ASSERT_EQ(wallet->identifiers.size(), 1u);
    EXPECT_EQ(wallet->identifiers[0].type, IdType::kCryptoAddress);
    EXPECT_EQ(wallet->identifiers[0].asset, "XBT");
    EXPECT_EQ(wallet->identifiers[0].value, "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ");
}

TEST(FtmJson, NameOptionOverridesSourceButNotIds) {
    LoadOptions options;
    options.name = "my-list";
    auto list = load_ftm_json(kSample, options);
    ASSERT_TRUE(list) << list.error().to_string();
    EXPECT_EQ(list->name, "my-list");
    EXPECT_EQ(list->entities[0].source, "my-list");
    EXPECT_EQ(list->entities[0].id, "ftm-kim-sang-man");
}

// --- real OpenSanctions exports ---

TEST(FtmJson, ZalaClusterHas17PartiesOutOf91Entities) {
    if (!std::filesystem::exists(kZala)) GTEST_SKIP() << "shared data not present";
    auto list = load_ftm_json(kZala, {});
    ASSERT_TRUE(list) << list.error().to_string();
    EXPECT_EQ(list->name, "entities");
    // 91 lines: 6 Person + 11 Company; 21 relations (14 Ownership, 4 Family, 3 Directorship),
    // 41 Sanction, 11 Address and 1 Passport are folded into them.
    EXPECT_EQ(list->entities.size(), 17u);
    EXPECT_EQ(list->skipped_records, 0u);
    EXPECT_TRUE(list->warnings.empty()) << list->warnings[0].to_string();
    std::size_t relations = 0;
    for (const Entity& e : list->entities) relations += e.relations.size();
    EXPECT_EQ(relations, 42u);  // every relation has both ends in the file
}

TEST(FtmJson, ZalaOwnershipCarriesPercentages) {
    if (!std::filesystem::exists(kZala)) GTEST_SKIP() << "shared data not present";
    auto list = load_ftm_json(kZala, {});
    ASSERT_TRUE(list) << list.error().to_string();
    const std::string zakharov = "NK-aU5ybkbRFJucf8YMwsJvDw";
    const std::string cst = "NK-abdzbEBkqyT29GyREbiURZ";
    const std::string kalashnikov = "NK-nR5AXM9AVPq4pQaSPSaVam";
    const Entity* owner = find(*list, zakharov);
    const Entity* asset = find(*list, cst);
    ASSERT_TRUE(owner && asset);
    EXPECT_EQ(owner->schema, Schema::kPerson);
    EXPECT_EQ(owner->names[0].full, "Aleksandr Vyacheslavovich Zakharov");
    EXPECT_EQ(asset->schema, Schema::kCompany);

    EXPECT_NE(find_relation(*owner, "ownership", cst, "asset; 51%"), nullptr);
    EXPECT_NE(find_relation(*asset, "ownership", zakharov, "owner; 51%"), nullptr);
    EXPECT_NE(find_relation(*asset, "ownership", kalashnikov, "owner; 49%"), nullptr);
    EXPECT_NE(find_relation(*asset, "ownership", kalashnikov, "owner; subsidiary of"), nullptr);
    EXPECT_NE(find_relation(*owner, "directorship", cst, "organization; Leader or official of"),
              nullptr);
    EXPECT_NE(find_relation(*asset, "directorship", zakharov, "director; Leader or official of"),
              nullptr);
    // Family: four relatives point at Zakharov.
    auto family = std::count_if(owner->relations.begin(), owner->relations.end(),
                                [](const Relation& r) { return r.kind == "family"; });
    EXPECT_EQ(family, 4);
    const Relation* r = find_relation(*asset, "ownership", zakharov, "owner; 51%");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->where.file, kZala);
    EXPECT_GT(r->where.line, 0u);

    // Programs come from the party's programId and from the Sanction entities naming it.
    auto programs = fact_values(asset->programs);
    EXPECT_NE(std::find(programs.begin(), programs.end(), "AU-RUSSIA"), programs.end());
    EXPECT_NE(std::find(programs.begin(), programs.end(), "RUSSIA-EO14024"), programs.end());
    EXPECT_FALSE(asset->listed_on.empty());
}

TEST(FtmJson, ZalaPersonIdentifiersAreDeduplicatedByType) {
    if (!std::filesystem::exists(kZala)) GTEST_SKIP() << "shared data not present";
    auto list = load_ftm_json(kZala, {});
    ASSERT_TRUE(list) << list.error().to_string();
    const Entity* osetrova = find(*list, "NK-2Tbri3s6GgNtAwsSXh4qpL");
    ASSERT_NE(osetrova, nullptr);
    // innCode, taxNumber and idNumber all hold 183116181362: one tax id, one national id.
    std::vector<std::pair<IdType, std::string>> ids;
    for (const Identifier& id : osetrova->identifiers) ids.emplace_back(id.type, id.value);
    EXPECT_EQ(ids, (std::vector<std::pair<IdType, std::string>>{
                       {IdType::kNationalId, "183116181362"}, {IdType::kTaxId, "183116181362"}}));
    EXPECT_EQ(osetrova->names[0].full, "OSETROVA, Maria Aleksandrovna");
    auto former = std::count_if(osetrova->names.begin(), osetrova->names.end(),
                                [](const Name& n) { return n.kind == NameKind::kFormerName; });
    EXPECT_EQ(former, 2);
    EXPECT_EQ(osetrova->birth_dates[0].date.to_string(), "1988-01-07");
}

TEST(FtmJson, T1SampleHasSixPartiesAndLastLineWithoutNewline) {
    if (!std::filesystem::exists(kT1)) GTEST_SKIP() << "shared data not present";
    auto list = load_ftm_json(kT1, {});
    ASSERT_TRUE(list) << list.error().to_string();
    EXPECT_EQ(list->entities.size(), 6u);  // 4 Person + 2 Organization; 1 Address
    const Entity* org = find(*list, "NK-2GdmHtZTeNXjNVrBGEXZNj");
    ASSERT_NE(org, nullptr);
    EXPECT_EQ(org->schema, Schema::kOrganization);
    EXPECT_EQ(org->names[0].full, "LLC “Inter Tobacco”");
    ASSERT_EQ(org->identifiers.size(), 1u);
    EXPECT_EQ(org->identifiers[0].type, IdType::kRegistration);
    EXPECT_EQ(org->identifiers[0].value, "808000714");
    const Entity* last = find(*list, "NK-2PacmNpiLUmoz4XD2mSt7A");
    ASSERT_NE(last, nullptr);
    EXPECT_EQ(last->names[0].where.line, 7u);
}

// --- malformed input ---

const char* const kMixed =
    R"({"id":"p1","schema":"Person","properties":{"name":["Good One"]}})"
    "\n"
    R"({"id":"p2","schema":"Person","properties":{"name":["Broken")"
    "\n"
    R"({"schema":"Person","properties":{"name":["No Id"]}})"
    "\n"
    R"({"id":"x1","schema":"Spaceship","properties":{"name":["Enterprise"]}})"
    "\n"
    R"(["not", "an", "object"])"
    "\n"
    R"({"id":"p3","schema":"Person","properties":{"name":["Good Two"]}})"
    "\n";

TEST(FtmJson, BadLinesAreSkippedWithFileAndLineInLenientMode) {
    std::string path = write_temp("ftm_mixed.json", kMixed);
    auto list = load_ftm_json(path, {});
    ASSERT_TRUE(list) << list.error().to_string();
    ASSERT_EQ(list->entities.size(), 2u);
    EXPECT_EQ(list->entities[1].names[0].where.line, 6u);
    EXPECT_EQ(list->skipped_records, 4u);
    ASSERT_EQ(list->warnings.size(), 4u);
    const std::vector<std::pair<std::size_t, std::string>> expected = {
        {2, "bad JSON"}, {3, "without \"id\""}, {4, "unknown schema \"Spaceship\""}, {5, "not a JSON object"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const Diagnostic& w = list->warnings[i];
        EXPECT_EQ(w.where.line, expected[i].first);
        EXPECT_NE(w.to_string().find(path + ":" + std::to_string(expected[i].first)), std::string::npos)
            << w.to_string();
        EXPECT_NE(w.message.find(expected[i].second), std::string::npos) << w.message;
    }
}

TEST(FtmJson, FirstBadLineFailsInStrictMode) {
    LoadOptions strict;
    strict.strict = true;
    struct Case {
        std::string content;
        std::string needle;
    };
    const std::string good = R"({"id":"p1","schema":"Person","properties":{"name":["Good One"]}})";
    for (const Case& c : {Case{good + "\n{\"id\": \n", "bad JSON"},
                          Case{good + "\n{\"schema\":\"Person\"}\n", "without \"id\""},
                          Case{good + "\n{\"id\":\"x\",\"schema\":\"Spaceship\"}\n", "Spaceship"}}) {
        std::string path = write_temp("ftm_strict.json", c.content);
        auto list = load_ftm_json(path, strict);
        ASSERT_FALSE(list) << c.needle;
        EXPECT_EQ(list.error().code, ErrorCode::kParse);
        EXPECT_EQ(list.error().where.line, 2u);
        EXPECT_NE(list.error().to_string().find(path + ":2"), std::string::npos) << list.error().to_string();
        EXPECT_NE(list.error().message.find(c.needle), std::string::npos) << list.error().message;
    }
}

TEST(FtmJson, DuplicateIdIsSkipped) {
    std::string path = write_temp(
        "ftm_duplicate.json",
        R"({"id":"p1","schema":"Person","properties":{"name":["First"]}})"
        "\n"
        R"({"id":"p1","schema":"Person","properties":{"name":["Second"]}})"
        "\n");
    auto list = load_ftm_json(path, {});
    ASSERT_TRUE(list) << list.error().to_string();
    ASSERT_EQ(list->entities.size(), 1u);
    EXPECT_EQ(list->entities[0].names[0].full, "First");
    EXPECT_EQ(list->skipped_records, 1u);
    EXPECT_EQ(list->warnings[0].where.line, 2u);
}

TEST(FtmJson, EmptyFileIsAnEmptyList) {
    std::string path = write_temp("ftm_empty.json", "\n\n");
    auto list = load_ftm_json(path, {});
    ASSERT_TRUE(list) << list.error().to_string();
    EXPECT_TRUE(list->entities.empty());
}

TEST(FtmJson, MissingFileIsIoErrorNamingThePath) {
    std::string path = ::testing::TempDir() + "ftm_does_not_exist.json";
    auto list = load_ftm_json(path, {});
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, ErrorCode::kIo);
    EXPECT_NE(list.error().to_string().find(path), std::string::npos);
}

}  // namespace
}  // namespace cordon
