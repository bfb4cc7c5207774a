// load_ofac_xml: OFAC XML in the sdn.xml schema. The bundled consolidated list first, then a small
// fixture holding every element the loader reads, then malformed input.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "cordon/ingest.h"
#include "ingest_test_util.h"

namespace cordon {
namespace {

using test::fact_values;
using test::find;
using test::write_temp;

namespace fs = std::filesystem;

const std::string kConsXml = CORDON_BUNDLED_DATA_DIR "/ofac-cons/consolidated.xml";
const std::string kShared = CORDON_SHARED_DATA_DIR "/";
const std::string kFixtures = CORDON_TEST_DATA_DIR "/ingest/ofac_xml/";

const SourceList& consolidated() {
    static const SourceList list = test::loaded(load_ofac_xml(kConsXml, {}));
    return list;
}


Result<SourceList> load_fixture(std::string_view name, bool strict = false) {
    LoadOptions options;
    options.strict = strict;
    return load_ofac_xml(kFixtures + std::string(name), options);
}

// --- The bundled consolidated list -------------------------------------------------------------

TEST(OfacXml, LoadsBundledConsolidatedList) {
    const SourceList& list = consolidated();
    EXPECT_EQ(list.entities.size(), 442u);
    EXPECT_EQ(list.name, "ofac-cons");
    EXPECT_EQ(list.format, "ofac-xml");
    EXPECT_EQ(list.published, "2026-01-08");
    EXPECT_EQ(list.skipped_records, 0u);
    EXPECT_TRUE(list.warnings.empty()) << list.warnings.front().to_string();
    ASSERT_EQ(list.files.size(), 1u);

    std::map<Schema, std::size_t> schemas;
    std::map<NameKind, std::size_t> kinds;
    std::size_t ids = 0;
    std::size_t dobs = 0;
    std::size_t genders = 0;
    std::size_t links = 0;
    for (const Entity& e : list.entities) {
        EXPECT_EQ(e.id.rfind("ofac-cons:", 0), 0u);
        ++schemas[e.schema];
        for (const Name& n : e.names)
            ++kinds[n.kind];
        ids += e.identifiers.size();
        dobs += e.birth_dates.size();
        genders += e.gender.size();
        links += e.relations.size();
    }
    EXPECT_EQ(schemas[Schema::kPerson], 79u);
    EXPECT_EQ(schemas[Schema::kOrganization], 363u);
    EXPECT_EQ(kinds[NameKind::kPrimary], 442u);
    EXPECT_EQ(kinds[NameKind::kAlias], 931u);       // strong a.k.a.
    EXPECT_EQ(kinds[NameKind::kFormerName], 141u);  // strong f.k.a.
    EXPECT_EQ(kinds[NameKind::kWeakAlias], 72u);    // 69 weak a.k.a. + 3 weak f.k.a.
    EXPECT_EQ(dobs, 74u);
    EXPECT_EQ(genders, 2u);
    EXPECT_GT(ids, 900u);
    EXPECT_GT(links, 250u);  // "(Linked To: ...)" in <remarks>
}

TEST(OfacXml, BuildsOfacStylePrimaryNamesAndLocations) {
    const Entity* e = find(consolidated(), "ofac-cons:9639");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->schema, Schema::kPerson);
    ASSERT_EQ(e->names.size(), 3u);
    EXPECT_EQ(e->names[0].full, "HANIYA, Ismail Abdul Salah");
    EXPECT_EQ(e->names[2].full, "HANIYYA, Ismaeel");
    EXPECT_EQ(e->names[2].kind, NameKind::kAlias);
    const Location& at = e->names[2].where;
    EXPECT_EQ(at.file, kConsXml);
    EXPECT_EQ(at.path, "/sdnList/sdnEntry[uid=9639]/akaList/aka[2]");
    EXPECT_EQ(at.line, 23u);
    EXPECT_EQ(e->names[0].where.line, 10u);  // <lastName>
    ASSERT_EQ(e->birth_dates.size(), 1u);
    EXPECT_EQ(e->birth_dates[0].date.to_string(), "1962");
    ASSERT_EQ(e->birth_places.size(), 1u);
    EXPECT_EQ(e->birth_places[0].value, "Shati");
    ASSERT_EQ(e->programs.size(), 1u);
    EXPECT_EQ(e->programs[0].value, "NS-PLC");
}

TEST(OfacXml, SortsIdListIntoIdentifiersAndOtherFacts) {
    std::map<IdType, std::size_t> types;
    std::size_t website_remarks = 0;
    for (const Entity& e : consolidated().entities) {
        for (const Identifier& id : e.identifiers) {
            ++types[id.type];
            EXPECT_EQ(id.type_label.find("Website"), std::string::npos);
            EXPECT_EQ(id.type_label.find("Secondary sanctions"), std::string::npos);
            EXPECT_EQ(id.type_label.find("Gender"), std::string::npos);
        }
        for (const Fact& f : e.remarks)
            website_remarks += f.value.rfind("Website ", 0) == 0;
    }
    EXPECT_EQ(types[IdType::kTaxId], 223u);  // 222 "Tax ID No." + 1 "V.A.T. Number"
    EXPECT_EQ(types[IdType::kSwiftBic], 33u);
    EXPECT_EQ(types[IdType::kLei], 15u);
    EXPECT_EQ(website_remarks, 176u);
}

TEST(OfacXml, AgreesWithTheConsolidatedCsvOnIdsAndNames) {
    const std::string dir = kShared + "ofac_consolidated_csv/";
    if (!fs::exists(dir))
        GTEST_SKIP() << "no shared data at " << dir;
    auto csv = load_ofac_csv({dir + "cons_prim.csv", "", "", ""}, {});
    ASSERT_TRUE(csv.ok()) << csv.error().to_string();
    std::map<std::string, std::string> csv_names;
    for (const Entity& e : csv->entities)
        csv_names[e.id] = e.names[0].full;
    std::size_t same = 0;
    for (const Entity& e : consolidated().entities) {
        auto it = csv_names.find(e.id);
        ASSERT_NE(it, csv_names.end()) << e.id;
        same += it->second == e.names[0].full;
    }
    EXPECT_EQ(csv_names.size(), consolidated().entities.size());
    EXPECT_GE(same, 430u);  // the two files are three weeks apart
}

TEST(OfacXml, LoadsSharedCopyAsSdnUnlessNamed) {
    const std::string path = kShared + "ofac_consolidated_xml/ofac.xml";
    if (!fs::exists(path))
        GTEST_SKIP() << "no shared data at " << path;
    auto r = load_ofac_xml(path, {});
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->name, "ofac-sdn");  // "ofac.xml" says nothing of the consolidated list
    LoadOptions named;
    named.name = "ofac-cons";
    auto n = load_ofac_xml(path, named);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(n->entities.front().id, "ofac-cons:9639");
}

// --- A fixture with every element --------------------------------------------------------------

TEST(OfacXml, ReadsEveryElementOfAnIndividual) {
    auto r = load_fixture("sdn_small.xml");
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->name, "ofac-sdn");
    EXPECT_EQ(r->published, "2024-12-31");
    ASSERT_EQ(r->entities.size(), 3u);
    EXPECT_TRUE(r->warnings.empty()) << r->warnings.front().to_string();
    const Entity& e = r->entities[0];
    EXPECT_EQ(e.id, "ofac-sdn:100");
    EXPECT_EQ(e.schema, Schema::kPerson);

    ASSERT_EQ(e.names.size(), 4u);
    EXPECT_EQ(e.names[0].full, "DOE, John Michael");
    EXPECT_EQ(e.names[1].full, "DOE, Johnny");
    EXPECT_EQ(e.names[1].kind, NameKind::kAlias);
    EXPECT_EQ(e.names[2].kind, NameKind::kFormerName);
    EXPECT_EQ(e.names[3].full, "THE HACKER");
    EXPECT_EQ(e.names[3].kind, NameKind::kWeakAlias);

    ASSERT_EQ(e.titles.size(), 1u);
    EXPECT_EQ(e.titles[0].value, "Director");
    ASSERT_EQ(e.programs.size(), 2u);
    EXPECT_EQ(e.programs[1].value, "CYBER2");

    ASSERT_EQ(e.identifiers.size(), 3u);
    const Identifier& passport = e.identifiers[0];
    EXPECT_EQ(passport.type, IdType::kPassport);
    EXPECT_EQ(passport.value, "P123456");
    EXPECT_EQ(passport.country, "Korea, North");
    EXPECT_EQ(passport.note, "issued 16 Oct 2019 expires 16 Oct 2024");
    EXPECT_EQ(passport.where.path, "/sdnList/sdnEntry[uid=100]/idList/id[1]");
    EXPECT_EQ(passport.where.line, 18u);
    const Identifier& eth = e.identifiers[1];
    EXPECT_EQ(eth.type, IdType::kCryptoAddress);
    EXPECT_EQ(eth.asset, "ETH");
    EXPECT_EQ(eth.type_label, "Digital Currency Address - ETH");
    const Identifier& novel = e.identifiers[2];  // an idType nobody has seen: kept with its label
    EXPECT_EQ(novel.type, IdType::kOther);
    EXPECT_EQ(novel.type_label, "Some Novel Number");
    EXPECT_EQ(novel.country, "Iran");

    ASSERT_EQ(e.gender.size(), 1u);
    EXPECT_EQ(e.gender[0].value, "Male");
    ASSERT_EQ(e.addresses.size(), 1u);
    EXPECT_EQ(e.addresses[0].street, "Building 5, Main Street");
    EXPECT_EQ(e.addresses[0].city, "Pyongyang");
    EXPECT_EQ(e.addresses[0].postal_code, "1000");
    EXPECT_EQ(e.addresses[0].full, "Building 5, Main Street, Pyongyang, 1000, Korea, North");
    ASSERT_EQ(e.countries.size(), 1u);
    ASSERT_EQ(e.nationalities.size(), 2u);
    EXPECT_EQ(e.nationalities[0].value, "Korea, North");
    EXPECT_EQ(e.nationalities[1].value, "Russia");
    EXPECT_EQ(e.nationalities[1].where.path,
              "/sdnList/sdnEntry[uid=100]/citizenshipList/citizenship[1]");
    ASSERT_EQ(e.birth_dates.size(), 2u);
    EXPECT_EQ(e.birth_dates[0].date.to_string(), "1965-04-25");
    EXPECT_TRUE(e.birth_dates[1].date.circa);
    ASSERT_EQ(e.birth_places.size(), 1u);

    ASSERT_EQ(e.relations.size(), 1u);
    EXPECT_EQ(e.relations[0].target_name, "BETA GROUP");
    ASSERT_EQ(e.remarks.size(), 2u);
    EXPECT_EQ(e.remarks[0].value, "Website www.doe.example");
    EXPECT_EQ(e.remarks[1].value, "Works for a bank");
    EXPECT_EQ(e.remarks[1].where.path, "/sdnList/sdnEntry[uid=100]/remarks");
}

TEST(OfacXml, ReadsVesselInfoAndEntityIds) {
    auto r = load_fixture("sdn_small.xml");
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    const Entity& v = r->entities[1];
    EXPECT_EQ(v.schema, Schema::kVessel);
    EXPECT_EQ(v.names[0].full, "SEA STAR");
    ASSERT_EQ(v.names.size(), 2u);
    EXPECT_EQ(v.names[1].kind, NameKind::kWeakAlias);  // weak f.k.a. 'DOVE'
    ASSERT_EQ(v.identifiers.size(), 2u);
    EXPECT_EQ(v.identifiers[0].type, IdType::kImo);
    EXPECT_EQ(v.identifiers[0].value, "9123456");
    EXPECT_EQ(v.identifiers[1].type_label, "Call Sign");
    EXPECT_EQ(v.identifiers[1].value, "9BXY");
    ASSERT_EQ(v.countries.size(), 1u);
    EXPECT_EQ(v.countries[0].value, "Iran");
    EXPECT_EQ(v.countries[0].where.field, "vesselFlag");
    ASSERT_EQ(v.relations.size(), 1u);
    EXPECT_EQ(v.relations[0].target_name, "NITC");
    EXPECT_EQ(v.remarks.size(), 3u);

    const Entity& bank = r->entities[2];
    EXPECT_EQ(bank.schema, Schema::kOrganization);
    ASSERT_EQ(bank.identifiers.size(), 1u);
    EXPECT_EQ(bank.identifiers[0].type, IdType::kSwiftBic);
    ASSERT_EQ(bank.countries.size(), 1u);  // "Nationality of Registration"
    EXPECT_EQ(bank.countries[0].value, "Iran");
}

// --- Malformed input ---------------------------------------------------------------------------

TEST(OfacXml, BrokenXmlIsParseErrorWithFileAndLine) {
    for (bool strict : {false, true}) {
        auto r = load_fixture("broken.xml", strict);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kParse);
        EXPECT_EQ(r.error().where.file, kFixtures + "broken.xml");
        EXPECT_EQ(r.error().where.line, 9u);  // </sdnEntry> where </lastName> was due
        EXPECT_NE(r.error().message.find("not well-formed"), std::string::npos);
    }
}

TEST(OfacXml, LenientModeSkipsEntryWithoutUid) {
    auto r = load_fixture("missing_uid.xml");
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    ASSERT_EQ(r->entities.size(), 2u);
    EXPECT_EQ(r->entities[1].id, "ofac-sdn:3");
    EXPECT_EQ(r->skipped_records, 1u);
    ASSERT_EQ(r->warnings.size(), 1u);
    EXPECT_EQ(r->warnings[0].to_string(), kFixtures +
                                              "missing_uid.xml:12 /sdnList/sdnEntry[2] field uid: "
                                              "skipped record: sdnEntry has no uid");
    EXPECT_EQ(r->published, "2026-01-08");
}

TEST(OfacXml, StrictModeFailsOnEntryWithoutUid) {
    auto r = load_fixture("missing_uid.xml", true);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
    EXPECT_EQ(r.error().where.line, 12u);
    EXPECT_EQ(r.error().where.field, "uid");
    EXPECT_EQ(r.error().where.path, "/sdnList/sdnEntry[2]");
}

TEST(OfacXml, OtherXmlIsRejected) {
    auto r = load_fixture("not_sdn.xml");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
    EXPECT_NE(r.error().message.find("sdnList"), std::string::npos);
}

TEST(OfacXml, MissingFileIsIoErrorNamingThePath) {
    auto r = load_fixture("no_such.xml");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kIo);
    EXPECT_EQ(r.error().where.file, kFixtures + "no_such.xml");
}

}  // namespace
}  // namespace cordon
