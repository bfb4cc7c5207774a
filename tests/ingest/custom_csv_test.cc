#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "cordon/ingest.h"
#include "ingest_test_util.h"

namespace cordon {
namespace {

using test::fact_values;
using test::find;
using test::write_temp;

const std::string kFixture = std::string(CORDON_TEST_DATA_DIR) + "/ingest/custom_dprk_it_2023.csv";




LoadOptions strict_options() {
    LoadOptions o;
    o.strict = true;
    return o;
}

TEST(CustomCsv, LoadsDprkItWorkerDesignations) {
    auto list = load_custom_csv(kFixture, {});
    ASSERT_TRUE(list) << list.error().to_string();
    EXPECT_EQ(list->name, "custom_dprk_it_2023");
    EXPECT_EQ(list->format, "custom-csv");
    EXPECT_EQ(list->files, std::vector<std::string>{kFixture});
    EXPECT_EQ(list->entities.size(), 5u);
    EXPECT_EQ(list->skipped_records, 0u);
    EXPECT_TRUE(list->warnings.empty());
    for (const Entity& e : list->entities) {
        EXPECT_EQ(e.id, "custom_dprk_it_2023:" + e.native_id);
        EXPECT_EQ(e.source, "custom_dprk_it_2023");
        ASSERT_EQ(e.listed_on.size(), 1u);
        EXPECT_EQ(e.listed_on[0].date.to_string(), "2023-05-23");
    }
}

TEST(CustomCsv, KimSangManHasPassportsWalletsAndBirthDate) {
    auto list = load_custom_csv(kFixture, {});
    ASSERT_TRUE(list) << list.error().to_string();
    const Entity* kim = find(*list, "custom_dprk_it_2023:43377");
    ASSERT_NE(kim, nullptr);
    EXPECT_EQ(kim->schema, Schema::kPerson);
    ASSERT_EQ(kim->names.size(), 2u);
    EXPECT_EQ(kim->names[0].full, "KIM Sang Man");
    EXPECT_EQ(kim->names[0].kind, NameKind::kPrimary);
    EXPECT_EQ(kim->names[0].where.line, 2u);
    EXPECT_EQ(kim->names[0].where.field, "name");
    EXPECT_EQ(kim->names[1].full, "KIM, Sangman");  // a quoted comma stays in the value
    EXPECT_EQ(kim->names[1].kind, NameKind::kAlias);
    ASSERT_EQ(kim->birth_dates.size(), 1u);
    EXPECT_EQ(kim->birth_dates[0].date.to_string(), "1965-04-25");
    EXPECT_EQ(kim->birth_dates[0].raw, "1965-04-25");
    EXPECT_EQ(fact_values(kim->birth_places), std::vector<std::string>{"North Pyongan Province, North Korea"});
    EXPECT_EQ(fact_values(kim->gender), std::vector<std::string>{"Male"});
    EXPECT_EQ(fact_values(kim->nationalities), std::vector<std::string>{"Korea, North"});
    EXPECT_EQ(fact_values(kim->countries), (std::vector<std::string>{"Russia", "Korea, North"}));
    EXPECT_EQ(fact_values(kim->programs), std::vector<std::string>{"DPRK4"});

    ASSERT_EQ(kim->identifiers.size(), 7u);
    EXPECT_EQ(kim->identifiers[0].type, IdType::kPassport);
    EXPECT_EQ(kim->identifiers[0].type_label, "passport");
    EXPECT_EQ(kim->identifiers[0].value, "109420132");
    EXPECT_EQ(kim->identifiers[0].where.field, "identifiers");
    EXPECT_EQ(kim->identifiers[2].value, "563220082");
    EXPECT_EQ(kim->identifiers[3].type, IdType::kCryptoAddress);
    EXPECT_EQ(kim->identifiers[3].asset, "XBT");
    EXPECT_EQ(kim->identifiers[3].value, "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ");
    EXPECT_EQ(kim->identifiers[6].asset, "USDT");
    EXPECT_EQ(kim->identifiers[6].value, "0xb6f5ec1a0a9cd1526536d3f0426c429529471f40");
    ASSERT_EQ(kim->remarks.size(), 1u);
    EXPECT_NE(kim->remarks[0].value.find("issued 16 Oct 2019, expires"), std::string::npos);
}

TEST(CustomCsv, CompanyAliasesAndWeakAliases) {
    auto list = load_custom_csv(kFixture, {});
    ASSERT_TRUE(list) << list.error().to_string();
    const Entity* chinyong = find(*list, "custom_dprk_it_2023:43379");
    ASSERT_NE(chinyong, nullptr);
    EXPECT_EQ(chinyong->schema, Schema::kCompany);
    EXPECT_EQ(chinyong->names[0].full, "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY");
    ASSERT_EQ(chinyong->names.size(), 2u);
    EXPECT_EQ(chinyong->names[1].full, "JINYONG IT COOPERATION COMPANY");
    EXPECT_EQ(chinyong->names[1].kind, NameKind::kAlias);
    EXPECT_TRUE(chinyong->birth_dates.empty());
    EXPECT_TRUE(chinyong->identifiers.empty());

    const Entity* lab = find(*list, "custom_dprk_it_2023:43338");
    ASSERT_NE(lab, nullptr);
    EXPECT_EQ(lab->schema, Schema::kOrganization);
    ASSERT_EQ(lab->names.size(), 3u);
    EXPECT_EQ(lab->names[1].full, "LAB 110");
    EXPECT_EQ(lab->names[1].kind, NameKind::kWeakAlias);
    EXPECT_EQ(fact_values(lab->countries), (std::vector<std::string>{"Korea, North", "China"}));
}

TEST(CustomCsv, OnlyIdAndNameAreRequiredInAnyOrder) {
    std::string path = write_temp("custom_minimal.csv", "Name , ID\nKIM Sang Man,kr-1\n\"Multi\nLine\",kr-2\nLAST,kr-3\n");
    auto list = load_custom_csv(path, {});
    ASSERT_TRUE(list) << list.error().to_string();
    ASSERT_EQ(list->entities.size(), 3u);
    EXPECT_EQ(list->name, "custom_minimal");
    EXPECT_EQ(list->entities[0].id, "custom_minimal:kr-1");
    EXPECT_EQ(list->entities[0].names[0].full, "KIM Sang Man");
    EXPECT_EQ(list->entities[0].schema, Schema::kUnknown);
    EXPECT_EQ(list->entities[1].names[0].full, "Multi Line");  // whitespace collapsed
    EXPECT_EQ(list->entities[2].names[0].where.line, 5u);      // after the two-line record
}

TEST(CustomCsv, UnknownIdentifierTypeKeepsItsLabel) {
    std::string path = write_temp("custom_id_types.csv",
                                  "id,name,identifiers\n1,ACME,imo:9123456|lei:5493001KJTIIGC8Y1R12|ssn:078-05-1120|crypto:0xabc\n");
    auto list = load_custom_csv(path, {});
    ASSERT_TRUE(list) << list.error().to_string();
    const auto& ids = list->entities.at(0).identifiers;
    ASSERT_EQ(ids.size(), 4u);
    EXPECT_EQ(ids[0].type, IdType::kImo);
    EXPECT_EQ(ids[1].type, IdType::kLei);
    EXPECT_EQ(ids[2].type, IdType::kOther);
    EXPECT_EQ(ids[2].type_label, "ssn");
    EXPECT_EQ(ids[2].value, "078-05-1120");
    EXPECT_EQ(ids[3].type, IdType::kCryptoAddress);
    EXPECT_EQ(ids[3].asset, "");
    EXPECT_EQ(ids[3].value, "0xabc");
}

TEST(CustomCsv, NameOptionOverridesTheIdPrefix) {
    LoadOptions options;
    options.name = "kr-mofa";
    auto list = load_custom_csv(kFixture, options);
    ASSERT_TRUE(list) << list.error().to_string();
    EXPECT_EQ(list->name, "kr-mofa");
    EXPECT_NE(find(*list, "kr-mofa:43377"), nullptr);
}

// --- malformed input ---

TEST(CustomCsv, UnknownColumnIsWarningInLenientModeAndErrorInStrictMode) {
    std::string path = write_temp("custom_unknown_column.csv", "id,name,nickname\n1,KIM Sang Man,Kim\n");
    auto lenient = load_custom_csv(path, {});
    ASSERT_TRUE(lenient) << lenient.error().to_string();
    EXPECT_EQ(lenient->entities.size(), 1u);
    ASSERT_EQ(lenient->warnings.size(), 1u);
    EXPECT_NE(lenient->warnings[0].message.find("nickname"), std::string::npos);
    EXPECT_EQ(lenient->warnings[0].where.line, 1u);

    auto strict = load_custom_csv(path, strict_options());
    ASSERT_FALSE(strict);
    EXPECT_EQ(strict.error().code, ErrorCode::kParse);
    EXPECT_NE(strict.error().message.find("unknown column \"nickname\""), std::string::npos);
    EXPECT_NE(strict.error().to_string().find(path + ":1"), std::string::npos) << strict.error().to_string();
}

TEST(CustomCsv, MissingRequiredColumnIsAnError) {
    std::string path = write_temp("custom_no_name.csv", "id,aliases\n1,KIM\n");
    auto list = load_custom_csv(path, {});
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, ErrorCode::kParse);
    EXPECT_NE(list.error().message.find("\"name\""), std::string::npos);
}

TEST(CustomCsv, DuplicateColumnIsAnError) {
    std::string path = write_temp("custom_dup_column.csv", "id,name,name\n1,A,B\n");
    auto list = load_custom_csv(path, {});
    ASSERT_FALSE(list);
    EXPECT_NE(list.error().message.find("duplicate column"), std::string::npos);
}

TEST(CustomCsv, BadRowsAreSkippedWithFileLineAndField) {
    std::string path = write_temp("custom_bad_rows.csv",
                                  "id,schema,name,birth_date,identifiers\n"
                                  "1,Person,KIM Sang Man,1965-04-25,passport:109420132\n"
                                  "2,Person,BAD DATE,sometime in spring,\n"
                                  "3,Spaceship,BAD SCHEMA,,\n"
                                  "4,Person,BAD ID,,109420132\n"
                                  "5,Person,,,\n"
                                  "6,Person,TOO FEW\n"
                                  "1,Person,DUPLICATE,,\n"
                                  ",Person,NO ID,,\n"
                                  "9,Person,LAST GOOD,1965,\n");
    auto list = load_custom_csv(path, {});
    ASSERT_TRUE(list) << list.error().to_string();
    ASSERT_EQ(list->entities.size(), 2u);
    EXPECT_EQ(list->entities[1].names[0].full, "LAST GOOD");
    EXPECT_EQ(list->skipped_records, 7u);
    ASSERT_EQ(list->warnings.size(), 7u);
    const std::vector<std::tuple<std::size_t, std::string, std::string>> expected = {
        {3, "birth_date", "bad date \"sometime in spring\""},
        {4, "schema", "unknown schema \"Spaceship\""},
        {5, "identifiers", "not type:value"},
        {6, "name", "empty name"},
        {7, "", "3 fields where the header has 5"},
        {8, "id", "duplicate id \"1\""},
        {9, "id", "empty id"},
    };
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const Diagnostic& w = list->warnings[i];
        EXPECT_EQ(w.where.file, path);
        EXPECT_EQ(w.where.line, std::get<0>(expected[i])) << w.to_string();
        EXPECT_EQ(w.where.field, std::get<1>(expected[i])) << w.to_string();
        EXPECT_NE(w.message.find(std::get<2>(expected[i])), std::string::npos) << w.to_string();
    }
}

TEST(CustomCsv, BadDateFailsInStrictModeWithFileLineAndField) {
    std::string path = write_temp("custom_bad_date.csv",
                                  "id,name,listed_on\n1,KIM Sang Man,2023-05-23\n2,CHINYONG,not a date\n");
    auto list = load_custom_csv(path, strict_options());
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, ErrorCode::kParse);
    EXPECT_EQ(list.error().to_string(),
              path + ":3 field listed_on: parse error: bad date \"not a date\"");
}

TEST(CustomCsv, BrokenQuotingIsAnErrorEvenWhenLenient) {
    std::string path = write_temp("custom_broken_quote.csv", "id,name\n1,\"KIM Sang Man\n");
    auto list = load_custom_csv(path, {});
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, ErrorCode::kParse);
    EXPECT_EQ(list.error().where.line, 2u);
}

TEST(CustomCsv, EmptyFileIsAnError) {
    std::string path = write_temp("custom_empty.csv", "");
    auto list = load_custom_csv(path, {});
    ASSERT_FALSE(list);
    EXPECT_NE(list.error().message.find("header"), std::string::npos);
}

TEST(CustomCsv, MissingFileIsIoErrorNamingThePath) {
    std::string path = ::testing::TempDir() + "custom_does_not_exist.csv";
    auto list = load_custom_csv(path, {});
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, ErrorCode::kIo);
    EXPECT_NE(list.error().to_string().find(path), std::string::npos);
}

}  // namespace
}  // namespace cordon
