// load_ofac_enhanced_xml: OFAC's Sanctions List Service "Enhanced XML". Two real program exports
// first (IRGC, YEMEN), then a cross-check against the bundled legacy SDN CSV, the relationship
// table on a small hand-made file, and malformed input.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "../../src/ingest/csv.h"
#include "ingest_test_util.h"
#include <gtest/gtest.h>

#include "cordon/ingest.h"
#include "cordon/normalize.h"

namespace cordon {
namespace {

using test::fact_values;
using test::find;
using test::write_temp;

const std::string kFixtures = CORDON_TEST_DATA_DIR "/ingest/ofac_enhanced/";
const std::string kIrgc = kFixtures + "IRGC_sanctions.xml";
const std::string kYemen = kFixtures + "yemen_sanctions.xml";

const SourceList& irgc() {
    static const SourceList list = test::loaded(load_ofac_enhanced_xml(kIrgc, {}));
    return list;
}

const Relation* relation_to(const Entity& e, std::string_view target_id) {
    for (const Relation& r : e.relations) {
        if (r.target_id == target_id)
            return &r;
    }
    return nullptr;
}

// --- The IRGC program export (293 entities, 229 relationships) --------------------------------

TEST(OfacEnhancedXml, LoadsIrgcExport) {
    const SourceList& list = irgc();
    EXPECT_EQ(list.entities.size(), 293u);
    EXPECT_EQ(list.name, "ofac-sdn");
    EXPECT_EQ(list.format, "ofac-enhanced-xml");
    EXPECT_EQ(list.published, "2024-08-28");
    EXPECT_EQ(list.skipped_records, 0u);
    EXPECT_TRUE(list.warnings.empty()) << list.warnings.front().to_string();

    std::map<Schema, std::size_t> schemas;
    std::map<NameKind, std::size_t> names;
    std::map<std::string, std::size_t> relation_kinds;
    std::size_t ids = 0;
    std::size_t crypto = 0;
    std::size_t dobs = 0;
    std::size_t unnamed = 0;
    for (const Entity& e : list.entities) {
        EXPECT_EQ(e.id, "ofac-sdn:" + e.native_id);
        ASSERT_FALSE(e.names.empty());
        EXPECT_EQ(e.names[0].kind, NameKind::kPrimary) << e.id;
        ++schemas[e.schema];
        for (const Name& n : e.names)
            ++names[n.kind];
        for (const Identifier& id : e.identifiers) {
            ++ids;
            crypto += id.type == IdType::kCryptoAddress;
        }
        for (const Relation& r : e.relations) {
            ++relation_kinds[r.kind];
            EXPECT_EQ(r.target_id.rfind("ofac-sdn:", 0), 0u);
            unnamed += r.target_name.empty();
            EXPECT_NE(r.where.line, 0u);
        }
        dobs += e.birth_dates.size();
        EXPECT_FALSE(e.programs.empty()) << e.id;
        EXPECT_FALSE(e.listed_on.empty()) << e.id;
    }
    EXPECT_EQ(schemas[Schema::kPerson], 165u);
    EXPECT_EQ(schemas[Schema::kOrganization], 84u);
    EXPECT_EQ(schemas[Schema::kAircraft], 44u);
    EXPECT_EQ(names[NameKind::kPrimary], 293u);
    EXPECT_EQ(names[NameKind::kAlias], 583u);     // A.K.A., N.K.A. and translations
    EXPECT_EQ(names[NameKind::kWeakAlias], 46u);  // isLowQuality
    EXPECT_EQ(names[NameKind::kFormerName], 7u);
    EXPECT_EQ(dobs, 183u);  // every Birthdate feature
    EXPECT_EQ(crypto, 7u);  // Digital Currency Address - XBT
    EXPECT_EQ(ids, 299u);
    // The 229 <relationship> elements, by OFAC type: 112 "Acting for or on behalf of", 67 "Owned
    // or Controlled By", 42 "Providing support to" + 1 "Property in the interest of", 7 "Leader or
    // official of".
    EXPECT_EQ(relation_kinds["representation"], 112u);
    EXPECT_EQ(relation_kinds["ownership"], 67u);
    EXPECT_EQ(relation_kinds["unknown_link"], 43u);
    EXPECT_EQ(relation_kinds["directorship"], 7u);
    std::size_t relations = 0;
    for (const auto& [kind, n] : relation_kinds)
        relations += n;
    EXPECT_EQ(relations, 229u);
    // <relatedEntity entityId="44926" />: the export leaves out some names; the id is what links.
    EXPECT_EQ(unnamed, 17u);
}

TEST(OfacEnhancedXml, MapsAnIndividualWithLocations) {
    const Entity* e = find(irgc(), "ofac-sdn:26526");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->schema, Schema::kPerson);
    ASSERT_EQ(e->names.size(), 1u);
    EXPECT_EQ(e->names[0].full, "EBRAHIMI, Ayatollah");  // the legacy SDN_Name
    EXPECT_EQ(e->names[0].where.file, kIrgc);
    EXPECT_EQ(e->names[0].where.line, 4050u);
    EXPECT_EQ(e->names[0].where.path,
              "/sanctionsData/entities/entity[id=26526]/names/name[1]/translations/translation[1]");
    EXPECT_EQ(e->names[0].where.field, "formattedFullName");
    ASSERT_EQ(e->birth_dates.size(), 1u);
    EXPECT_EQ(e->birth_dates[0].date.to_string(), "1972");
    EXPECT_EQ(fact_values(e->birth_places),
              std::vector<std::string>{"Qomshaneh, Hamadan Province, Iran"});
    EXPECT_EQ(e->birth_places[0].where.line, 4095u);  // <feature>, the line before its <type>
    EXPECT_EQ(fact_values(e->programs), (std::vector<std::string>{"IFSR", "IRGC", "SDGT"}));
    ASSERT_EQ(e->listed_on.size(), 1u);
    EXPECT_EQ(e->listed_on[0].date.to_string(), "2019-03-26");
    EXPECT_EQ(fact_values(e->remarks),
              std::vector<std::string>{
                  "Additional Sanctions Information - Subject to Secondary Sanctions"});

    ASSERT_EQ(e->relations.size(), 1u);
    const Relation& r = e->relations[0];
    EXPECT_EQ(r.kind, "representation");
    EXPECT_EQ(r.target_id, "ofac-sdn:12478");
    EXPECT_EQ(r.target_name, "ANSAR BANK");
    EXPECT_EQ(r.detail, "client; Acting for or on behalf of");
    EXPECT_EQ(r.where.line, 4103u);
    EXPECT_EQ(r.where.path,
              "/sanctionsData/entities/entity[id=26526]/relationships/relationship[1]");
}

TEST(OfacEnhancedXml, OwnershipAndIdentityDocuments) {
    const Entity* e = find(irgc(), "ofac-sdn:26527");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->schema, Schema::kOrganization);
    const Relation* owner = relation_to(*e, "ofac-sdn:12478");
    ASSERT_NE(owner, nullptr);
    EXPECT_EQ(owner->kind, "ownership");
    EXPECT_EQ(owner->detail, "owner; Owned or Controlled By");  // ANSAR BANK owns this entity
    ASSERT_EQ(e->identifiers.size(), 1u);
    EXPECT_EQ(e->identifiers[0].type, IdType::kRegistration);
    EXPECT_EQ(e->identifiers[0].type_label, "Business Registration Number");
    EXPECT_EQ(e->identifiers[0].value, "59784");
    EXPECT_EQ(e->identifiers[0].country, "Iran");
    ASSERT_EQ(e->addresses.size(), 1u);
    EXPECT_EQ(e->addresses[0].full, "No. 5, 10th Baharestan, Pasdaran Street, Tehran, Iran");
    EXPECT_EQ(fact_values(e->countries), std::vector<std::string>{"Iran"});
}

TEST(OfacEnhancedXml, DocumentDatesGoToTheNote) {
    std::size_t passports = 0;
    std::size_t dated = 0;
    for (const Entity& e : irgc().entities) {
        for (const Identifier& id : e.identifiers) {
            if (id.type != IdType::kPassport)
                continue;
            ++passports;
            dated += id.note.find("expires 20") != std::string::npos;
        }
    }
    EXPECT_GT(passports, 20u);
    EXPECT_GT(dated, 0u);
}

TEST(OfacEnhancedXml, CryptoAddressesCarryTheirAsset) {
    const Entity* e = find(irgc(), "ofac-sdn:38420");
    ASSERT_NE(e, nullptr);
    std::set<std::string> addresses;
    for (const Identifier& id : e->identifiers) {
        if (id.type != IdType::kCryptoAddress)
            continue;
        EXPECT_EQ(id.asset, "XBT");
        EXPECT_EQ(id.type_label, "Digital Currency Address - XBT");
        addresses.insert(id.value);
    }
    EXPECT_EQ(addresses.size(), 4u);
    EXPECT_TRUE(addresses.count("1H939dom7i4WDLCKyGbXUp3fs9CSTNRzgL"));
    EXPECT_EQ(fact_values(e->gender), std::vector<std::string>{"Male"});
    EXPECT_EQ(fact_values(e->nationalities), std::vector<std::string>{"Iran"});
}

TEST(OfacEnhancedXml, NonLatinTranslationsAreAliasesWithoutBidiMarks) {
    const Entity* e = find(irgc(), "ofac-sdn:26347");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->names[0].full, "FATEMIYOUN DIVISION");
    bool arabic = false;
    for (const Name& n : e->names) {
        if (n.full == "\u0644\u0648\u0627\u0621 \u0641\u0627\u0637\u0645\u064a\u0648\u0646") {
            arabic = true;
            EXPECT_EQ(n.kind, NameKind::kAlias);
            EXPECT_EQ(n.where.line, 6142u);
        }
    }
    EXPECT_TRUE(arabic);
}

TEST(OfacEnhancedXml, AircraftFeaturesAreSortedByTheSharedLabelTable) {
    std::size_t msn = 0;
    std::size_t models = 0;
    for (const Entity& e : irgc().entities) {
        if (e.schema != Schema::kAircraft)
            continue;
        for (const Identifier& id : e.identifiers)
            msn += id.type_label.find("Serial Number (MSN)") != std::string::npos;
        for (const Fact& f : e.remarks)
            models += f.value.rfind("Aircraft Model ", 0) == 0;
    }
    EXPECT_EQ(msn, 44u);     // "Manufacturer’s" with U+2019 still meets the table's label
    EXPECT_EQ(models, 44u);  // descriptive features stay remarks
}

TEST(OfacEnhancedXml, LoadsYemenExport) {
    auto r = load_ofac_enhanced_xml(kYemen, {});
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->entities.size(), 10u);
    EXPECT_EQ(r->published, "2024-05-24");
    EXPECT_EQ(r->skipped_records, 0u);
    EXPECT_TRUE(r->warnings.empty()) << r->warnings.front().to_string();
    LoadOptions named;
    named.name = "sls";
    auto n = load_ofac_enhanced_xml(kYemen, named);
    ASSERT_TRUE(n) << n.error().to_string();
    EXPECT_EQ(n->name, "sls");
    EXPECT_EQ(n->entities[0].id.rfind("sls:", 0), 0u);
}

TEST(OfacEnhancedXml, DetectedAndLoadedThroughListSpec) {
    EXPECT_EQ(*detect_format(kIrgc), "ofac-enhanced-xml");
    auto r = load_list(ListSpec::parse("ofac-enhanced-xml:" + kYemen), {});
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->format, "ofac-enhanced-xml");
    auto detected = load_list(ListSpec::parse(kYemen), {});
    ASSERT_TRUE(detected) << detected.error().to_string();
    EXPECT_EQ(detected->entities.size(), 10u);
}

// --- Against the legacy SDN CSV of 2024-05-03 (same ids: SLS entity id = ent_num) -------------

TEST(OfacEnhancedXml, AgreesWithTheBundledLegacyCsv) {
    auto csv = load_list(ListSpec::parse(CORDON_BUNDLED_DATA_DIR "/ofac-sdn"), {});
    ASSERT_TRUE(csv) << csv.error().to_string();
    const Normalizer norm;
    std::size_t both = 0;
    std::size_t same_name = 0;
    std::size_t crypto_both = 0;
    std::size_t crypto_same = 0;
    std::size_t passport_both = 0;
    std::size_t passport_same = 0;
    auto values = [](const Entity& e, IdType type) {
        std::set<std::string> out;
        for (const Identifier& id : e.identifiers) {
            if (id.type == type)
                out.insert(id.value);
        }
        return out;
    };
    for (const Entity& e : irgc().entities) {
        const Entity* legacy = find(*csv, e.id);
        if (legacy == nullptr)
            continue;
        ++both;
        same_name += norm.to_latin(e.names[0].full) == norm.to_latin(legacy->names[0].full);
        for (IdType type : {IdType::kCryptoAddress, IdType::kPassport}) {
            std::set<std::string> a = values(e, type);
            std::set<std::string> b = values(*legacy, type);
            if (a.empty() || b.empty())
                continue;
            const bool same = a == b;
            (type == IdType::kPassport ? passport_both : crypto_both) += 1;
            (type == IdType::kPassport ? passport_same : crypto_same) += same;
            EXPECT_TRUE(same || type == IdType::kPassport) << e.id;
        }
    }
    // Measured: all 293 IRGC entities are in the CSV and all 293 primary names agree; the 2
    // entities with digital currency addresses and the 60 with passports in both files agree value
    // for value. The bounds leave room for a later CSV that renames a few.
    EXPECT_EQ(both, 293u);
    EXPECT_GE(same_name * 100, both * 95) << same_name << " of " << both;
    EXPECT_EQ(crypto_both, 2u);
    EXPECT_EQ(crypto_same, crypto_both);
    EXPECT_EQ(passport_both, 60u);
    EXPECT_GE(passport_same * 100, passport_both * 90) << passport_same << " of " << passport_both;
}

// --- The relationship table, on a hand-made file ---------------------------------------------

// A minimal Enhanced XML document: the reference values the entities use, then `entities`.
std::string enhanced_xml(const std::string& entities, const std::string& extra_refs = "") {
    return R"(<?xml version="1.0" encoding="utf-8"?>
<sanctionsData xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML">
  <publicationInfo><dataAsOf>2024-08-28T00:00:00</dataAsOf></publicationInfo>
  <referenceValues>
    <referenceValue refId="600"><type>SDN TYPE</type><value>Individual</value></referenceValue>
    <referenceValue refId="601"><type>SDN TYPE</type><value>Entity</value></referenceValue>
    <referenceValue refId="1400"><type>ALIAS TYPE</type><value>A.K.A.</value></referenceValue>
    <referenceValue refId="1401"><type>ALIAS TYPE</type><value>F.K.A.</value></referenceValue>
    <referenceValue refId="1520"><type>NAME PART TYPE</type><value>Last Name</value></referenceValue>
    <referenceValue refId="1521"><type>NAME PART TYPE</type><value>First Name</value></referenceValue>
    <referenceValue refId="1522"><type>NAME PART TYPE</type><value>Middle Name</value></referenceValue>
    <referenceValue refId="15001"><type>RELATIONSHIP TYPE</type><value>Providing support to</value></referenceValue>
)" + extra_refs +
           R"(  </referenceValues>
  <featureTypes>
    <featureType featureTypeId="8"><type>Birthdate</type></featureType>
  </featureTypes>
  <entities>
)" + entities +
           "  </entities>\n</sanctionsData>\n";
}

// One <entity> on one line: an organisation named `name`, with `body` after its names.
std::string entity(const std::string& id_attr, const std::string& name,
                   const std::string& body = "") {
    return "    <entity " + id_attr +
           "><generalInfo><entityType refId=\"601\">Entity</entityType></generalInfo><names><name>"
           "<isPrimary>true</isPrimary><translations><translation><isPrimary>true</isPrimary>"
           "<formattedFullName>" +
           name + "</formattedFullName></translation></translations></name></names>" + body +
           "</entity>\n";
}

std::size_t line_of(std::string_view text, std::string_view needle) {
    const std::size_t at = text.find(needle);
    return at == std::string_view::npos
               ? 0
               : 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
}

TEST(OfacEnhancedXml, RelationshipTypesMapToKindsKeepingDirection) {
    struct Case {
        const char* label;
        const char* kind;
        const char* detail;
    };
    const Case kCases[] = {
        {"Owned or Controlled By", "ownership", "owner; Owned or Controlled By"},
        {"Owns, controls, or operates", "ownership", "asset; Owns, controls, or operates"},
        {"Associate Of", "associate", "associate; Associate Of"},
        {"Family member of", "family", "relative; Family member of"},
        {"Leader or official of", "directorship", "organization; Leader or official of"},
        {"Principal Executive Officer", "directorship",
         "organization; Principal Executive Officer"},
        {"playing a significant role in", "membership",
         "organization; playing a significant role in"},
        {"Acting for or on behalf of", "representation", "client; Acting for or on behalf of"},
        {"Providing support to", "unknown_link", "object; Providing support to"},
        {"Property in the interest of", "unknown_link", "object; Property in the interest of"},
        {"Some Future Link", "unknown_link", "object; Some Future Link"},
    };
    std::string refs;
    std::string rels;
    int ref = 16000;
    for (const Case& c : kCases) {
        ++ref;
        refs += "    <referenceValue refId=\"" + std::to_string(ref) +
                "\"><type>RELATIONSHIP TYPE</type><value>" + c.label +
                "</value></referenceValue>\n";
        rels += "<relationship><type refId=\"" + std::to_string(ref) + "\">" + c.label +
                "</type><relatedEntity entityId=\"2\">TARGET CO</relatedEntity></relationship>";
    }
    const std::string xml = enhanced_xml(
        entity("id=\"1\"", "SOURCE CO", "<relationships>" + rels + "</relationships>") +
            entity("id=\"2\"", "TARGET CO"),
        refs);
    auto r = load_ofac_enhanced_xml(write_temp("enhanced_relations.xml", xml), {});
    ASSERT_TRUE(r) << r.error().to_string();
    const Entity* e = find(*r, "ofac-sdn:1");
    ASSERT_NE(e, nullptr);
    ASSERT_EQ(e->relations.size(), std::size(kCases));
    for (std::size_t i = 0; i < std::size(kCases); ++i) {
        EXPECT_EQ(e->relations[i].kind, kCases[i].kind) << kCases[i].label;
        EXPECT_EQ(e->relations[i].detail, kCases[i].detail);
        EXPECT_EQ(e->relations[i].target_id, "ofac-sdn:2");
        EXPECT_EQ(e->relations[i].target_name, "TARGET CO");
    }
}

TEST(OfacEnhancedXml, NamesFromFormattedPartsOrNamePartsWithTheirKinds) {
    // The primary name from formattedLastName/FirstName, an F.K.A. from name parts alone, and a
    // low-quality A.K.A. (a weak alias).
    const std::string xml = enhanced_xml(
        "    <entity id=\"7\"><generalInfo><entityType "
        "refId=\"600\">Individual</entityType></generalInfo><names>"
        "<name><isPrimary>true</isPrimary><translations><translation><isPrimary>true</isPrimary>"
        "<formattedFirstName>Ali</formattedFirstName><formattedLastName>TEHRANI</formattedLastName>"
        "</translation></translations></name>"
        "<name><isPrimary>false</isPrimary><aliasType refId=\"1401\">F.K.A.</aliasType>"
        "<isLowQuality>false</isLowQuality><translations><translation><isPrimary>true</"
        "isPrimary><nameParts>"
        "<namePart><type refId=\"1521\">First Name</type><value>Ali</value></namePart>"
        "<namePart><type refId=\"1522\">Middle Name</type><value>Reza</value></namePart>"
        "<namePart><type refId=\"1520\">Last Name</type><value>TEHRANI</value></namePart>"
        "</nameParts></translation></translations></name>"
        "<name><isPrimary>false</isPrimary><aliasType refId=\"1400\">A.K.A.</aliasType>"
        "<isLowQuality>true</isLowQuality><translations><translation><isPrimary>true</isPrimary>"
        "<formattedFullName>ABU ALI</formattedFullName></translation></translations></name>"
        "</names></entity>\n");
    auto r = load_ofac_enhanced_xml(write_temp("enhanced_names.xml", xml), {});
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->entities.size(), 1u);
    const Entity& e = r->entities[0];
    EXPECT_EQ(e.schema, Schema::kPerson);
    ASSERT_EQ(e.names.size(), 3u);
    EXPECT_EQ(e.names[0].full, "TEHRANI, Ali");
    EXPECT_EQ(e.names[0].kind, NameKind::kPrimary);
    EXPECT_EQ(e.names[1].full, "TEHRANI, Ali Reza");
    EXPECT_EQ(e.names[1].kind, NameKind::kFormerName);
    EXPECT_EQ(e.names[2].full, "ABU ALI");
    EXPECT_EQ(e.names[2].kind, NameKind::kWeakAlias);
}

// --- Malformed input: clear errors naming file:line and field; strict refuses, lenient skips ---

struct BadCase {
    const char* name;
    std::string body;     // the bad <entity> line
    const char* message;  // part of the error message
    const char* field;
};

std::vector<BadCase> bad_cases() {
    return {
        {"missing_id", entity("", "NO ID CO"), "entity has no id", "id"},
        {"unknown_ref",
         entity("id=\"5\"", "BAD REF CO",
                "<sanctionsPrograms><sanctionsProgram "
                "refId=\"999\">X</sanctionsProgram></sanctionsPrograms>"),
         "unknown refId 999", "sanctionsProgram"},
        {"wrong_ref_type",
         entity("id=\"5\"", "WRONG REF CO",
                "<sanctionsPrograms><sanctionsProgram "
                "refId=\"1400\">X</sanctionsProgram></sanctionsPrograms>"),
         "refId 1400 is a ALIAS TYPE, expected PROGRAM", "sanctionsProgram"},
        {"no_related",
         entity("id=\"5\"", "LONELY CO",
                "<relationships><relationship><type refId=\"15001\">Providing support "
                "to</type></relationship></relationships>"),
         "relationship has no <relatedEntity>", "relatedEntity"},
        {"no_related_id",
         entity("id=\"5\"", "LONELY CO",
                "<relationships><relationship><type refId=\"15001\">Providing support "
                "to</type><relatedEntity>X</relatedEntity></relationship></relationships>"),
         "relatedEntity has no entityId", "relatedEntity"},
        {"unknown_feature",
         entity("id=\"5\"", "FEATURE CO",
                "<features><feature><type "
                "featureTypeId=\"77\">Odd</type><value>x</value></feature></features>"),
         "unknown featureTypeId '77'", "type"},
        {"no_primary",
         "    <entity id=\"5\"><generalInfo><entityType "
         "refId=\"601\">Entity</entityType></generalInfo><names/></entity>\n",
         "entity 5 has no primary name", "names"},
        {"duplicate", entity("id=\"4\"", "AGAIN CO"), "duplicate entity id 4", "id"},
    };
}

TEST(OfacEnhancedXml, LenientModeSkipsEachKindOfBadRecordWithAWarning) {
    for (const BadCase& c : bad_cases()) {
        const std::string xml = enhanced_xml(entity("id=\"4\"", "GOOD CO") + c.body +
                                             entity("id=\"6\"", "ALSO GOOD CO"));
        const std::string path = write_temp(std::string("enhanced_") + c.name + ".xml", xml);
        auto r = load_ofac_enhanced_xml(path, {});
        ASSERT_TRUE(r) << c.name << ": " << r.error().to_string();
        EXPECT_EQ(r->entities.size(), 2u) << c.name;
        EXPECT_EQ(r->skipped_records, 1u) << c.name;
        ASSERT_EQ(r->warnings.size(), 1u) << c.name;
        const Diagnostic& w = r->warnings[0];
        EXPECT_NE(w.message.find(c.message), std::string::npos) << c.name << ": " << w.to_string();
        EXPECT_EQ(w.message.rfind("skipped record: ", 0), 0u) << w.to_string();
        EXPECT_EQ(w.where.file, path);
        EXPECT_EQ(w.where.line, line_of(xml, c.body)) << c.name;
        EXPECT_EQ(w.where.field, c.field) << c.name;
    }
}

TEST(OfacEnhancedXml, StrictModeRefusesTheListOnTheFirstBadRecord) {
    LoadOptions strict;
    strict.strict = true;
    for (const BadCase& c : bad_cases()) {
        const std::string xml = enhanced_xml(entity("id=\"4\"", "GOOD CO") + c.body);
        const std::string path = write_temp(std::string("enhanced_strict_") + c.name + ".xml", xml);
        auto r = load_ofac_enhanced_xml(path, strict);
        ASSERT_FALSE(r) << c.name;
        EXPECT_EQ(r.error().code, ErrorCode::kParse);
        EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().to_string();
        EXPECT_EQ(r.error().where.file, path);
        EXPECT_EQ(r.error().where.line, line_of(xml, c.body)) << c.name;
        EXPECT_EQ(r.error().where.field, c.field) << c.name;
        EXPECT_NE(r.error().to_string().find(path + ":"), std::string::npos)
            << r.error().to_string();
    }
}

TEST(OfacEnhancedXml, NotXmlWrongRootAndMissingSectionsAreParseErrors) {
    struct Case {
        const char* name;
        std::string text;
        const char* message;
    };
    const Case cases[] = {
        {"not_xml", "ent_num,name\n1,KIM\n", "not well-formed"},
        {"wrong_root", "<?xml version=\"1.0\"?>\n<sdnList><sdnEntry/></sdnList>\n",
         "not <sanctionsData>"},
        {"no_entities", "<sanctionsData><referenceValues/></sanctionsData>", "no <entities>"},
        {"no_refs", "<sanctionsData><entities/></sanctionsData>", "no <referenceValues>"},
    };
    for (const Case& c : cases) {
        const std::string path = write_temp(std::string("enhanced_") + c.name + ".xml", c.text);
        for (bool strict : {false, true}) {
            LoadOptions options;
            options.strict = strict;
            auto r = load_ofac_enhanced_xml(path, options);
            ASSERT_FALSE(r) << c.name;
            EXPECT_EQ(r.error().code, ErrorCode::kParse) << c.name;
            EXPECT_NE(r.error().message.find(c.message), std::string::npos)
                << r.error().to_string();
            EXPECT_EQ(r.error().where.file, path);
        }
    }
    auto missing = load_ofac_enhanced_xml(kFixtures + "no_such.xml", {});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kIo);
}

TEST(OfacEnhancedXml, TruncatedFileFailsNamingTheLine) {
    auto text = read_file(kIrgc);
    ASSERT_TRUE(text);
    // Cut in the middle of the entity of 26526, after its <relationship> line.
    const std::string cut =
        text->substr(0, text->find("<relatedEntity entityId=\"12478\">ANSAR BANK"));
    const std::string path = write_temp("enhanced_truncated.xml", cut);
    auto r = load_ofac_enhanced_xml(path, {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
    EXPECT_NE(r.error().message.find("not well-formed"), std::string::npos)
        << r.error().to_string();
    EXPECT_EQ(r.error().where.file, path);
    EXPECT_EQ(r.error().where.line, 4105u);  // the end of the cut file
}

TEST(OfacEnhancedXml, CutAnywhereTheFileFailsCleanly) {
    auto text = read_file(kYemen);
    ASSERT_TRUE(text);
    for (std::size_t i = 1; i < 40; ++i) {
        const std::size_t at = text->size() * i / 40;
        const std::string path = write_temp("enhanced_cut.xml", text->substr(0, at));
        auto r = load_ofac_enhanced_xml(path, {});
        ASSERT_FALSE(r) << "cut at byte " << at;
        EXPECT_EQ(r.error().code, ErrorCode::kParse);
        EXPECT_NE(r.error().where.line, 0u) << r.error().to_string();
    }
}

}  // namespace
}  // namespace cordon
