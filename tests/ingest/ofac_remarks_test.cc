// apply_ofac_remarks: OFAC remarks text into structured facts. Real remarks first (KIM Sang Man,
// ent_num 43377 of the bundled sdn.csv), then each kind of item, then odd ones.
#include <algorithm>
#include <string>
#include <vector>

#include "../../src/ingest/csv.h"
#include <gtest/gtest.h>

#include "cordon/ingest.h"

namespace cordon {
namespace {

const Location kWhere{"sdn.csv", 7, "", "Remarks"};

Entity parse(std::string_view remarks) {
    Entity e;
    apply_ofac_remarks(remarks, kWhere, e);
    return e;
}

std::vector<const Identifier*> ids_of(const Entity& e, IdType type, std::string_view asset = {}) {
    std::vector<const Identifier*> out;
    for (const Identifier& id : e.identifiers) {
        if (id.type == type && (asset.empty() || id.asset == asset))
            out.push_back(&id);
    }
    return out;
}

// The remarks field of one sdn.csv row, read with the CSV reader.
std::string sdn_remarks(std::string_view ent_num) {
    Result<std::string> text = read_file(CORDON_BUNDLED_DATA_DIR "/ofac-sdn/sdn.csv");
    if (!text)
        return {};
    CsvReader reader(*text, "sdn.csv");
    CsvRecord rec;
    while (true) {
        Result<bool> more = reader.next(rec);
        if (!more || !*more)
            return {};
        if (rec.fields[0] == ent_num)
            return rec.fields[11];
    }
}

TEST(OfacRemarks, KimSangManYieldsAddressesPassportsAndPersonalFacts) {
    const std::string remarks = sdn_remarks("43377");
    ASSERT_FALSE(remarks.empty());
    Entity e;
    apply_ofac_remarks(remarks, kWhere, e);

    EXPECT_EQ(ids_of(e, IdType::kCryptoAddress, "XBT").size(), 2u);
    EXPECT_EQ(ids_of(e, IdType::kCryptoAddress, "ETH").size(), 2u);
    EXPECT_EQ(ids_of(e, IdType::kCryptoAddress, "USDT").size(), 1u);
    EXPECT_EQ(ids_of(e, IdType::kCryptoAddress, "USDC").size(), 1u);
    EXPECT_EQ(ids_of(e, IdType::kCryptoAddress).size(), 6u);
    const auto xbt = ids_of(e, IdType::kCryptoAddress, "XBT");
    EXPECT_EQ(xbt[0]->value, "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ");
    EXPECT_EQ(xbt[0]->type_label, "Digital Currency Address - XBT");
    EXPECT_EQ(xbt[1]->value, "1FCNgfZWpYMeYhy9t18AAkTBu8AsdoAc1Z");

    const auto passports = ids_of(e, IdType::kPassport);
    ASSERT_EQ(passports.size(), 3u);
    EXPECT_EQ(passports[0]->value, "109420132");
    EXPECT_EQ(passports[0]->country, "Korea, North");
    EXPECT_EQ(passports[0]->note, "issued 16 Oct 2019 expires 16 Oct 2024");
    EXPECT_EQ(passports[1]->value, "827220538");
    EXPECT_EQ(passports[2]->value, "563220082");  // the last item: its final period is gone
    EXPECT_EQ(passports[2]->note, "");

    ASSERT_EQ(e.birth_dates.size(), 1u);
    EXPECT_EQ(e.birth_dates[0].date.to_string(), "1965-04-25");
    EXPECT_EQ(e.birth_dates[0].raw, "25 Apr 1965");
    ASSERT_EQ(e.gender.size(), 1u);
    EXPECT_EQ(e.gender[0].value, "Male");
    ASSERT_EQ(e.nationalities.size(), 1u);
    EXPECT_EQ(e.nationalities[0].value, "Korea, North");
    ASSERT_EQ(e.birth_places.size(), 1u);
    EXPECT_EQ(e.birth_places[0].value, "North Pyongan Province, North Korea");

    // What is not understood stays, as published.
    ASSERT_EQ(e.remarks.size(), 2u);
    EXPECT_EQ(e.remarks[0].value.rfind("Secondary sanctions risk: North Korea", 0), 0u);
    EXPECT_EQ(e.remarks[1].value.rfind("Transactions Prohibited For Persons", 0), 0u);
    for (const Identifier& id : e.identifiers)
        EXPECT_EQ(id.where.to_string(), "sdn.csv:7 field Remarks");
}

TEST(OfacRemarks, ReadsBirthDateForms) {
    Entity e = parse(
        "DOB 25 Apr 1965; alt. DOB circa 1970; alt. DOB 1960 to 1965; alt. DOB Mar 1945; "
        "alt. DOB 1950.");
    ASSERT_EQ(e.birth_dates.size(), 5u);
    EXPECT_EQ(e.birth_dates[0].date.to_string(), "1965-04-25");
    EXPECT_TRUE(e.birth_dates[1].date.circa);
    EXPECT_EQ(e.birth_dates[1].date.year, 1970);
    EXPECT_EQ(e.birth_dates[2].date.year, 1960);
    EXPECT_EQ(e.birth_dates[2].date.year_to, 1965);
    EXPECT_EQ(e.birth_dates[3].date.to_string(), "1945-03");
    EXPECT_EQ(e.birth_dates[4].date.to_string(), "1950");
    EXPECT_TRUE(e.remarks.empty());
}

TEST(OfacRemarks, KeepsUnparseableBirthDateAsRemark) {
    Entity e = parse("DOB unknown.");
    EXPECT_TRUE(e.birth_dates.empty());
    ASSERT_EQ(e.remarks.size(), 1u);
    EXPECT_EQ(e.remarks[0].value, "DOB unknown");
}

TEST(OfacRemarks, ReadsNationalityCitizenshipPlaceOfBirthAndGender) {
    Entity e = parse(
        "POB Moscow, Russia; nationality Russia; alt. nationality Cyprus; citizen Malta; "
        "Gender Female");
    ASSERT_EQ(e.birth_places.size(), 1u);
    EXPECT_EQ(e.birth_places[0].value, "Moscow, Russia");
    ASSERT_EQ(e.nationalities.size(), 3u);
    EXPECT_EQ(e.nationalities[0].value, "Russia");
    EXPECT_EQ(e.nationalities[1].value, "Cyprus");
    EXPECT_EQ(e.nationalities[2].value, "Malta");
    ASSERT_EQ(e.gender.size(), 1u);
    EXPECT_EQ(e.gender[0].value, "Female");
}

TEST(OfacRemarks, NationalityOfRegistrationIsACountryNotANationality) {
    Entity e = parse(
        "Nationality of Registration Russia; nationality Russia; alt. Nationality of "
        "Registration Russia.");
    ASSERT_EQ(e.countries.size(), 1u);  // once, however often it is stated
    EXPECT_EQ(e.countries[0].value, "Russia");
    ASSERT_EQ(e.nationalities.size(), 1u);
}

TEST(OfacRemarks, WeakAliasesBecomeWeakNames) {
    Entity e = parse(
        "a.k.a. 'THIRD BUREAU'; a.k.a. 'ABU 'ABDALLAH'; f.k.a. 'SAND SWAN'; "
        "a.k.a. 'ABU-AL-KARKH', 'Yusuf'.");
    ASSERT_EQ(e.names.size(), 5u);
    EXPECT_EQ(e.names[0].full, "THIRD BUREAU");
    EXPECT_EQ(e.names[1].full, "ABU 'ABDALLAH");  // apostrophes inside the name survive
    EXPECT_EQ(e.names[2].full, "SAND SWAN");
    EXPECT_EQ(e.names[3].full, "ABU-AL-KARKH");  // two quoted names in one item
    EXPECT_EQ(e.names[4].full, "Yusuf");
    for (const Name& n : e.names) {
        EXPECT_EQ(n.kind, NameKind::kWeakAlias) << n.full;
        EXPECT_EQ(n.where.line, 7u);
    }
}

TEST(OfacRemarks, LinkedToBecomesRelationWithoutTrailingPeriod) {
    Entity e = parse(
        "Website www.x.example; Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS "
        "FORCE; Linked To: MAHAN AIR.");
    ASSERT_EQ(e.relations.size(), 2u);
    EXPECT_EQ(e.relations[0].kind, "linked_to");
    EXPECT_EQ(e.relations[0].target_name, "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE");
    EXPECT_EQ(e.relations[1].target_name, "MAHAN AIR");
    ASSERT_EQ(e.remarks.size(), 1u);
    EXPECT_EQ(e.remarks[0].value, "Website www.x.example");
}

TEST(OfacRemarks, ReadsParenthesisedLinkOfTheXmlRemarks) {
    Entity e = parse(
        "For more information on directives, please visit the following link: "
        "http://www.treasury.gov/x.aspx#directives; (Linked To: BM BANK JSC)");
    ASSERT_EQ(e.relations.size(), 1u);
    EXPECT_EQ(e.relations[0].target_name, "BM BANK JSC");
    EXPECT_EQ(e.remarks.size(), 1u);
}

TEST(OfacRemarks, ReadsIdentifierTypesCountriesAndNotes) {
    Entity e = parse(
        "Tax ID No. 7707083893 (Russia); Registration Number HRA 738077 (Stuttgart) (Germany); "
        "National ID No. 216040 (Yemen); Cedula No. 6068015 (Colombia); "
        "Vessel Registration Identification IMO 7406784; SWIFT/BIC SABRRUMM; "
        "Legal Entity Number 253400WSS48YWMBUA688; Folio Mercantil No. 343997 (Mexico) issued 14 "
        "Dec 2005; "
        "Unified Social Credit Code (USCC) 9113100033607322XK (China); "
        "Business Registration Document # F01000003035 (United States); Company Number IMO "
        "5055293; "
        "Government Gazette Number 09804148 (Russia); Identification Number 2.194.575 (Paraguay); "
        "MMSI 572469210; Registration ID 14063277");
    ASSERT_EQ(e.identifiers.size(), 15u);
    const auto& ids = e.identifiers;
    EXPECT_EQ(ids[0].type, IdType::kTaxId);
    EXPECT_EQ(ids[0].value, "7707083893");
    EXPECT_EQ(ids[0].country, "Russia");
    EXPECT_EQ(ids[1].type, IdType::kRegistration);
    EXPECT_EQ(ids[1].value, "HRA 738077");
    EXPECT_EQ(ids[1].country, "Germany");
    EXPECT_EQ(ids[1].note, "(Stuttgart)");
    EXPECT_EQ(ids[2].type, IdType::kNationalId);
    EXPECT_EQ(ids[3].type, IdType::kNationalId);
    EXPECT_EQ(ids[3].type_label, "Cedula No.");
    EXPECT_EQ(ids[4].type, IdType::kImo);
    EXPECT_EQ(ids[4].value, "7406784");
    EXPECT_EQ(ids[4].type_label, "Vessel Registration Identification");
    EXPECT_EQ(ids[5].type, IdType::kSwiftBic);
    EXPECT_EQ(ids[5].value, "SABRRUMM");
    EXPECT_EQ(ids[6].type, IdType::kLei);
    EXPECT_EQ(ids[7].type, IdType::kRegistration);
    EXPECT_EQ(ids[7].note, "issued 14 Dec 2005");
    EXPECT_EQ(ids[8].type_label, "Unified Social Credit Code (USCC)");
    EXPECT_EQ(ids[8].value, "9113100033607322XK");
    EXPECT_EQ(ids[9].type_label, "Business Registration Document #");
    EXPECT_EQ(ids[9].value, "F01000003035");
    EXPECT_EQ(ids[10].type, IdType::kImo);
    EXPECT_EQ(ids[10].value, "5055293");
    EXPECT_EQ(ids[11].type, IdType::kRegistration);
    EXPECT_EQ(ids[12].value, "2.194.575");
    EXPECT_EQ(ids[13].type, IdType::kOther);
    EXPECT_EQ(ids[13].type_label, "MMSI");
    EXPECT_EQ(ids[14].type, IdType::kRegistration);
    EXPECT_TRUE(e.remarks.empty());
}

TEST(OfacRemarks, ReadsDigitalCurrencyAssetCodes) {
    Entity e = parse(
        "Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; "
        "alt. Digital Currency Address - ETH 0x7F367cC41522cE07553e823bf3be79A889DEbe1B; "
        "Digital Currency Address - TRX TXYZ; Digital Currency Address - XBT");
    const auto all = ids_of(e, IdType::kCryptoAddress);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0]->asset, "XBT");
    EXPECT_EQ(all[1]->asset, "ETH");
    EXPECT_EQ(all[1]->value, "0x7F367cC41522cE07553e823bf3be79A889DEbe1B");
    EXPECT_EQ(all[2]->asset, "TRX");
    ASSERT_EQ(e.remarks.size(), 1u);  // an address without a value is not an identifier
}

TEST(OfacRemarks, KeepsUnrecognisedItemsAsRemarks) {
    Entity e = parse(
        "Email Address a@b.example; Organization Type: Activities of holding companies; "
        "Secondary sanctions risk: section 1(b) of Executive Order 13224; "
        "Target Type Financial Institution; ICTY indictee; Passport.");
    ASSERT_EQ(e.remarks.size(), 6u);
    EXPECT_EQ(e.remarks[0].value, "Email Address a@b.example");
    EXPECT_EQ(e.remarks[4].value, "ICTY indictee");
    EXPECT_EQ(e.remarks[5].value, "Passport");  // a label without a value
    EXPECT_TRUE(e.identifiers.empty());
    for (const Fact& f : e.remarks)
        EXPECT_EQ(f.where.field, "Remarks");
}

TEST(OfacRemarks, KeepsParenthesisedItemWithSemicolonsTogether) {
    Entity e = parse(
        "DOB 1969; (Following data derived from a passport: Alt. DOB: 10 October 1969; "
        "Alt. POB: Keren Eritrea; nationality: Eritrean); nationality Somalia.");
    ASSERT_EQ(e.birth_dates.size(), 1u);
    ASSERT_EQ(e.nationalities.size(), 1u);
    EXPECT_EQ(e.nationalities[0].value, "Somalia");
    ASSERT_EQ(e.remarks.size(), 1u);
    EXPECT_EQ(e.remarks[0].value.front(), '(');
    EXPECT_EQ(e.remarks[0].value.back(), ')');
}

TEST(OfacRemarks, SplitsPlainlyWhenParenthesesDoNotBalance) {
    Entity e = parse("Registration ID 1 (Iran; DOB 1970; Gender Male");
    EXPECT_EQ(e.birth_dates.size(), 1u);
    EXPECT_EQ(e.gender.size(), 1u);
}

TEST(OfacRemarks, IgnoresOfacNullAndEmptyRemarks) {
    for (std::string_view r : {"-0- ", "", "   ", "."}) {
        Entity e = parse(r);
        EXPECT_TRUE(e.remarks.empty()) << r;
        EXPECT_TRUE(e.identifiers.empty()) << r;
    }
}

TEST(OfacRemarks, ReadsRemarksSplitOverALineBreak) {
    Entity e = parse("Registration Number 12345 (Iran);\r\na.k.a. 'ALPHA'.");
    ASSERT_EQ(e.identifiers.size(), 1u);
    ASSERT_EQ(e.names.size(), 1u);
    EXPECT_EQ(e.names[0].full, "ALPHA");
}

}  // namespace
}  // namespace cordon
