// load_ofac_csv: the OFAC legacy CSV set. Real data first (the bundled SDN set and the shared
// archive), then small fixtures for the join rules, then malformed input.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cordon/ingest.h"
#include "ingest_test_util.h"

namespace cordon {
namespace {

using test::fact_values;
using test::find;
using test::write_temp;

namespace fs = std::filesystem;

const std::string kBundled = CORDON_BUNDLED_DATA_DIR "/ofac-sdn/";
const std::string kShared = CORDON_SHARED_DATA_DIR "/";
const std::string kFixtures = CORDON_TEST_DATA_DIR "/ingest/";

OfacCsvFiles sdn_set(const std::string& dir) {
    return {dir + "sdn.csv", dir + "add.csv", dir + "alt.csv", dir + "sdn_comments.csv"};
}

// The bundled set is large; load it once for all tests.
const SourceList& bundled() {
    static const SourceList list = test::loaded(load_ofac_csv(sdn_set(kBundled), {}));
    return list;
}


std::size_t count_ids(const Entity& e, IdType type, std::string_view asset = {}) {
    return static_cast<std::size_t>(
        std::count_if(e.identifiers.begin(), e.identifiers.end(), [&](const Identifier& id) {
            return id.type == type && (asset.empty() || id.asset == asset);
        }));
}

std::string trim_copy(std::string_view s) {
    const auto b = s.find_first_not_of(' ');
    const auto e = s.find_last_not_of(' ');
    return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

const Diagnostic* warning_containing(const SourceList& list, std::string_view text) {
    for (const Diagnostic& d : list.warnings) {
        if (d.to_string().find(text) != std::string::npos)
            return &d;
    }
    return nullptr;
}

bool has_remark_containing(const Entity& e, std::string_view text) {
    return std::any_of(e.remarks.begin(), e.remarks.end(),
                       [&](const Fact& f) { return f.value.find(text) != std::string::npos; });
}

#define SKIP_WITHOUT_SHARED_DATA() \
    if (!fs::exists(kShared))      \
    GTEST_SKIP() << "no shared data at " << kShared

// --- The bundled SDN set ---------------------------------------------------------------------

TEST(OfacCsv, LoadsOneEntityPerSdnRow) {
    const SourceList& list = bundled();
    EXPECT_EQ(list.entities.size(), 14965u);
    EXPECT_EQ(list.name, "ofac-sdn");
    EXPECT_EQ(list.format, "ofac-csv");
    EXPECT_EQ(list.files.size(), 4u);
    EXPECT_EQ(list.skipped_records, 0u);
    EXPECT_TRUE(list.published.empty());
    std::set<std::string> ids;
    for (const Entity& e : list.entities) {
        ASSERT_FALSE(e.names.empty()) << e.id;
        EXPECT_EQ(e.names[0].kind, NameKind::kPrimary);
        EXPECT_EQ(e.id, "ofac-sdn:" + e.native_id);
        EXPECT_EQ(e.source, "ofac-sdn");
        ids.insert(e.id);
    }
    EXPECT_EQ(ids.size(), 14965u);
    const Entity* first = find(list, "ofac-sdn:36");
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->names[0].full, "AEROCARIBBEAN AIRLINES");
    EXPECT_EQ(first->names[0].where.to_string(), kBundled + "sdn.csv:1 field SDN_Name");
}

TEST(OfacCsv, MapsSdnTypesToSchemas) {
    std::map<Schema, std::size_t> counts;
    for (const Entity& e : bundled().entities)
        ++counts[e.schema];
    EXPECT_EQ(counts[Schema::kPerson], 6854u);
    EXPECT_EQ(counts[Schema::kOrganization], 6884u);
    EXPECT_EQ(counts[Schema::kVessel], 851u);
    EXPECT_EQ(counts[Schema::kAircraft], 376u);
}

TEST(OfacCsv, KimSangManJoinsAliasAddressesAndRemarkFacts) {
    const Entity* kim = find(bundled(), "ofac-sdn:43377");
    ASSERT_NE(kim, nullptr);
    EXPECT_EQ(kim->schema, Schema::kPerson);
    ASSERT_EQ(kim->names.size(), 2u);
    EXPECT_EQ(kim->names[0].full, "KIM, Sang Man");
    EXPECT_EQ(kim->names[1].full, "KIM, Sangman");
    EXPECT_EQ(kim->names[1].kind, NameKind::kAlias);
    EXPECT_EQ(kim->names[1].where.file, kBundled + "alt.csv");
    EXPECT_EQ(kim->names[1].where.field, "alt_name");
    EXPECT_GT(kim->names[1].where.line, 0u);

    ASSERT_EQ(kim->programs.size(), 1u);
    EXPECT_EQ(kim->programs[0].value, "DPRK4");
    EXPECT_EQ(count_ids(*kim, IdType::kCryptoAddress, "XBT"), 2u);
    EXPECT_EQ(count_ids(*kim, IdType::kCryptoAddress, "ETH"), 2u);
    EXPECT_EQ(count_ids(*kim, IdType::kCryptoAddress, "USDT"), 1u);
    EXPECT_EQ(count_ids(*kim, IdType::kCryptoAddress, "USDC"), 1u);
    EXPECT_EQ(count_ids(*kim, IdType::kPassport), 3u);
    ASSERT_EQ(kim->birth_dates.size(), 1u);
    EXPECT_EQ(kim->birth_dates[0].date.to_string(), "1965-04-25");
    ASSERT_EQ(kim->gender.size(), 1u);
    EXPECT_EQ(kim->gender[0].value, "Male");
    ASSERT_EQ(kim->nationalities.size(), 1u);
    EXPECT_EQ(kim->nationalities[0].value, "Korea, North");

    // add.csv holds two country-only addresses.
    ASSERT_EQ(kim->addresses.size(), 2u);
    EXPECT_EQ(kim->addresses[0].country, "Russia");
    EXPECT_EQ(kim->addresses[1].country, "Korea, North");
    ASSERT_EQ(kim->countries.size(), 2u);
    EXPECT_EQ(kim->countries[0].where.field, "Country");

    // Facts point back at the sdn.csv row they came from.
    const Location& at = kim->identifiers[0].where;
    EXPECT_EQ(at.file, kBundled + "sdn.csv");
    EXPECT_EQ(at.line, kim->names[0].where.line);
    EXPECT_EQ(at.field, "Remarks");
}

TEST(OfacCsv, ReportsOrphanRowsOncePerFile) {
    const SourceList& list = bundled();
    const Diagnostic* add =
        warning_containing(list, "rows in add.csv name an ent_num not in sdn.csv");
    const Diagnostic* alt =
        warning_containing(list, "rows in alt.csv name an ent_num not in sdn.csv");
    const Diagnostic* com =
        warning_containing(list, "rows in sdn_comments.csv name an ent_num not in sdn.csv");
    ASSERT_NE(add, nullptr);
    ASSERT_NE(alt, nullptr);
    ASSERT_NE(com, nullptr);
    // The 2025-02-27 add.csv lists 2,111 ent_nums designated after the 2024-05-03 sdn.csv.
    EXPECT_EQ(add->message,
              "2474 rows in add.csv name an ent_num not in sdn.csv (2111 distinct "
              "ent_nums); skipped");
    EXPECT_EQ(alt->message,
              "1468 rows in alt.csv name an ent_num not in sdn.csv (945 distinct "
              "ent_nums); skipped");
    EXPECT_EQ(com->message,
              "2 rows in sdn_comments.csv name an ent_num not in sdn.csv (2 distinct "
              "ent_nums); skipped");
    EXPECT_EQ(add->where.file, kBundled + "add.csv");
    EXPECT_EQ(list.warnings.size(), 3u);
}

TEST(OfacCsv, JoinsOverflowRemarks) {
    // ent_num 33151: sdn.csv cuts an XBT address in two ("...XBT 1B64QRxf" + "aa35MVkf7s...").
    const Entity* e = find(bundled(), "ofac-sdn:33151");
    ASSERT_NE(e, nullptr);
    const Identifier* joined = nullptr;
    for (const Identifier& id : e->identifiers) {
        if (id.type != IdType::kCryptoAddress)
            continue;
        if (id.value.rfind("1B64QRxf", 0) == 0)
            joined = &id;
        EXPECT_GE(id.value.size(), 26u) << id.value;  // no half addresses
    }
    ASSERT_NE(joined, nullptr);
    EXPECT_EQ(joined->value.substr(0, 18), "1B64QRxfaa35MVkf7s");
    EXPECT_EQ(joined->where.file, kBundled + "sdn.csv");  // the item starts in sdn.csv
    // Items wholly in the continuation point at sdn_comments.csv.
    EXPECT_EQ(e->identifiers.back().where.file, kBundled + "sdn_comments.csv");
}

TEST(OfacCsv, IgnoresContinuationAlreadyInMainRemarks) {
    // ent_num 34682: sdn.csv (2024) has the whole remarks; the 2025 comments repeat its tail.
    const Entity* e = find(bundled(), "ofac-sdn:34682");
    ASSERT_NE(e, nullptr);
    for (const Identifier& id : e->identifiers) {
        EXPECT_EQ(id.value.find("(Russia)"), std::string::npos) << id.value;
        EXPECT_EQ(id.where.file, kBundled + "sdn.csv");
    }
    EXPECT_EQ(e->identifiers.back().value, "1027700067328");
}

TEST(OfacCsv, MergesContinuationThatOverlapsMainRemarks) {
    // ent_num 17018: the 2025 continuation restarts 130 characters before the 2024 cut.
    const Entity* e = find(bundled(), "ofac-sdn:17018");
    ASSERT_NE(e, nullptr);
    EXPECT_FALSE(has_remark_containing(*e, "Directive 3)ive"));
    std::set<std::string> names;
    for (const Name& n : e->names)
        names.insert(n.full);
    EXPECT_TRUE(names.count("SBERBANK INDIA"));
    EXPECT_EQ(count_ids(*e, IdType::kTaxId), 1u);
}

TEST(OfacCsv, FindsEveryDigitalCurrencyAddress) {
    std::set<std::pair<std::string, std::string>> unique;  // (asset, address)
    std::set<std::string> assets;
    std::size_t holders = 0;
    for (const Entity& e : bundled().entities) {
        bool any = false;
        for (const Identifier& id : e.identifiers) {
            if (id.type != IdType::kCryptoAddress)
                continue;
            unique.insert({id.asset, id.value});
            assets.insert(id.asset);
            any = true;
        }
        holders += any ? 1 : 0;
    }
    EXPECT_EQ(unique.size(), 599u);
    EXPECT_EQ(holders, 55u);
    EXPECT_EQ(assets.size(), 17u);

    // Cross-check against the independent list derived from sdn_advanced.xml (2024-05-02).
    const std::string derived = kShared + "ofac_crypto_addresses_derived_2024-05-02/";
    if (!fs::exists(derived))
        GTEST_SKIP() << "no derived address lists at " << derived;
    std::set<std::pair<std::string, std::string>> expected;
    for (const auto& f : fs::directory_iterator(derived)) {
        const std::string name = f.path().filename().string();
        if (f.path().extension() != ".txt" || name.rfind("sanctioned_addresses_", 0) != 0)
            continue;
        const std::string asset = name.substr(21, name.size() - 21 - 4);
        std::ifstream in(f.path());
        for (std::string line; std::getline(in, line);) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (!line.empty())
                expected.insert({asset, line});
        }
    }
    EXPECT_EQ(expected.size(), 599u);
    EXPECT_EQ(unique, expected);
}

TEST(OfacCsv, SplitsBracketedProgramList) {
    std::size_t multi = 0;
    for (const Entity& e : bundled().entities) {
        for (const Fact& p : e.programs) {
            ASSERT_EQ(p.value.find_first_of("[]"), std::string::npos) << e.id << " " << p.value;
            ASSERT_EQ(p.value, trim_copy(p.value)) << e.id;
        }
        multi += e.programs.size() > 1 ? 1 : 0;
    }
    EXPECT_GT(multi, 100u);
}

TEST(OfacCsv, VesselColumnsBecomeCallSignFlagOwnerAndRemarks) {
    // 4238,"MAR AZUL","vessel","CUBA",-0- ,"CL2192","Tug",-0- ,"212","Cuba","Samir de Navegacion
    // S.A."
    const Entity* e = find(bundled(), "ofac-sdn:4238");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->schema, Schema::kVessel);
    ASSERT_EQ(e->identifiers.size(), 1u);
    EXPECT_EQ(e->identifiers[0].type, IdType::kOther);
    EXPECT_EQ(e->identifiers[0].type_label, "Call Sign");
    EXPECT_EQ(e->identifiers[0].value, "CL2192");
    EXPECT_EQ(e->identifiers[0].where.field, "Call_Sign");
    ASSERT_EQ(e->countries.size(), 1u);
    EXPECT_EQ(e->countries[0].value, "Cuba");
    EXPECT_EQ(e->countries[0].where.field, "Vess_flag");
    ASSERT_EQ(e->relations.size(), 1u);
    EXPECT_EQ(e->relations[0].target_name, "Samir de Navegacion S.A.");
    EXPECT_TRUE(has_remark_containing(*e, "Vessel Type Tug"));
    EXPECT_TRUE(has_remark_containing(*e, "Gross Registered Tonnage 212"));
    // IMO numbers from the remarks.
    const Entity* ebano = find(bundled(), "ofac-sdn:4243");
    ASSERT_NE(ebano, nullptr);
    ASSERT_EQ(count_ids(*ebano, IdType::kImo), 1u);
    EXPECT_EQ(ebano->identifiers[0].value, "7406784");
}

// --- The shared archive ----------------------------------------------------------------------

TEST(OfacCsv, GoldenDeltaIsTheFiveDesignationsOf2023_05_23) {
    SKIP_WITHOUT_SHARED_DATA();
    auto before = load_ofac_csv({kShared + "ofac_sdn_csv_2023-05-19/sdn.csv", "", "", ""}, {});
    auto after = load_ofac_csv({kShared + "ofac_sdn_csv_2023-05-23/sdn.csv", "", "", ""}, {});
    ASSERT_TRUE(before.ok()) << before.error().to_string();
    ASSERT_TRUE(after.ok()) << after.error().to_string();
    EXPECT_EQ(before->entities.size(), 12538u);
    EXPECT_EQ(after->entities.size(), 12543u);
    EXPECT_TRUE(before->warnings.empty());
    std::set<std::string> old_ids;
    std::set<std::string> new_ids;
    for (const Entity& e : before->entities)
        old_ids.insert(e.native_id);
    for (const Entity& e : after->entities)
        new_ids.insert(e.native_id);
    std::vector<std::string> added;
    std::vector<std::string> removed;
    std::set_difference(new_ids.begin(), new_ids.end(), old_ids.begin(), old_ids.end(),
                        std::back_inserter(added));
    std::set_difference(old_ids.begin(), old_ids.end(), new_ids.begin(), new_ids.end(),
                        std::back_inserter(removed));
    EXPECT_EQ(added, (std::vector<std::string>{"43336", "43337", "43338", "43377", "43379"}));
    EXPECT_TRUE(removed.empty());
}

TEST(OfacCsv, LoadsConsolidatedSetWithConsIds) {
    SKIP_WITHOUT_SHARED_DATA();
    const std::string dir = kShared + "ofac_consolidated_csv/";
    auto r = load_ofac_csv({dir + "cons_prim.csv", dir + "cons_add.csv", dir + "cons_alt.csv",
                            dir + "cons_comments.csv"},
                           {});
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->name, "ofac-cons");
    EXPECT_EQ(r->entities.size(), 442u);
    EXPECT_EQ(r->skipped_records, 0u);
    EXPECT_TRUE(r->warnings.empty()) << r->warnings.front().to_string();  // a same-day set
    std::size_t strong = 0;
    std::size_t addresses = 0;
    for (const Entity& e : r->entities) {
        EXPECT_EQ(e.id.rfind("ofac-cons:", 0), 0u) << e.id;
        addresses += e.addresses.size();
        for (const Name& n : e.names)
            strong += n.kind == NameKind::kAlias || n.kind == NameKind::kFormerName;
    }
    EXPECT_EQ(strong, 1073u);    // one per cons_alt.csv row
    EXPECT_EQ(addresses, 522u);  // cons_add.csv rows that are not all "-0-", as in the XML
}

TEST(OfacCsv, LoadsLaterAuxFilesAgainstOlderSdn) {
    SKIP_WITHOUT_SHARED_DATA();
    const std::string aux = kShared + "ofac_sdn_aux_2025-12-24/";
    auto r = load_ofac_csv({kShared + "ofac_sdn_csv_2024-05-03/sdn.csv", aux + "add.csv",
                            aux + "alt.csv", aux + "sdn_comments.csv"},
                           {});
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->entities.size(), 14965u);
    const Diagnostic* add =
        warning_containing(*r, "rows in add.csv name an ent_num not in sdn.csv");
    ASSERT_NE(add, nullptr);
    EXPECT_NE(add->message.find("(4253 distinct ent_nums)"), std::string::npos) << add->message;
}

// --- Small fixtures --------------------------------------------------------------------------

TEST(OfacCsv, JoinsSmallSetAcrossFiles) {
    const std::string dir = kFixtures + "ofac_csv_small/";
    auto r = load_ofac_csv(sdn_set(dir), {});
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    ASSERT_EQ(r->entities.size(), 4u);

    const Entity& alpha = r->entities[0];
    EXPECT_EQ(alpha.schema, Schema::kOrganization);
    EXPECT_EQ(alpha.names[0].full, "ALPHA TRADING LLC");  // whitespace collapsed
    ASSERT_EQ(alpha.programs.size(), 2u);
    EXPECT_EQ(alpha.programs[0].value, "SDGT");
    EXPECT_EQ(alpha.programs[1].value, "IFSR");
    ASSERT_EQ(alpha.names.size(), 2u);
    EXPECT_EQ(alpha.names[1].full, "ALPHA");
    EXPECT_EQ(alpha.names[1].kind, NameKind::kWeakAlias);
    ASSERT_EQ(alpha.relations.size(), 1u);
    EXPECT_EQ(alpha.relations[0].target_name, "BETA GROUP");
    ASSERT_EQ(alpha.addresses.size(), 1u);
    EXPECT_EQ(alpha.addresses[0].full, "1 Main St, Tehran, Iran");
    EXPECT_EQ(alpha.addresses[0].where.to_string(), dir + "add.csv:1 field Address");

    // The quoted line break in row 10 makes row 20 start on line 3.
    const Entity& doe = r->entities[1];
    EXPECT_EQ(doe.names[0].where.line, 3u);
    ASSERT_EQ(doe.names.size(), 3u);
    EXPECT_EQ(doe.names[1].kind, NameKind::kAlias);
    EXPECT_EQ(doe.names[2].full, "ROE, John");
    EXPECT_EQ(doe.names[2].kind, NameKind::kFormerName);
    EXPECT_EQ(count_ids(doe, IdType::kCryptoAddress, "XBT"), 1u);
    ASSERT_EQ(count_ids(doe, IdType::kCryptoAddress, "ETH"), 1u);  // joined from sdn_comments.csv
    EXPECT_EQ(doe.identifiers.back().value, "0xabc0123");
    EXPECT_EQ(doe.identifiers.back().where.file, dir + "sdn.csv");
    EXPECT_EQ(doe.countries.size(), 2u);

    const Entity& vessel = r->entities[2];
    EXPECT_EQ(vessel.schema, Schema::kVessel);
    EXPECT_EQ(count_ids(vessel, IdType::kImo), 1u);
    ASSERT_EQ(vessel.countries.size(), 1u);  // flag and address country are both Iran
    EXPECT_TRUE(has_remark_containing(vessel, "Tonnage 300,000"));

    EXPECT_EQ(r->entities[3].schema, Schema::kAircraft);

    ASSERT_EQ(r->warnings.size(), 3u);
    EXPECT_EQ(r->warnings[0].message,
              "1 rows in sdn_comments.csv name an ent_num not in sdn.csv (1 distinct ent_nums); "
              "skipped");
    EXPECT_EQ(r->warnings[1].message,
              "3 rows in alt.csv name an ent_num not in sdn.csv (2 distinct ent_nums); skipped");
    EXPECT_EQ(r->warnings[2].message,
              "1 rows in add.csv name an ent_num not in sdn.csv (1 distinct ent_nums); skipped");
    EXPECT_EQ(r->skipped_records, 0u);
}

TEST(OfacCsv, NameOptionSetsSourceAndIdPrefix) {
    LoadOptions options;
    options.name = "my-list";
    auto r = load_ofac_csv({kFixtures + "ofac_csv_small/sdn.csv", "", "", ""}, options);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->name, "my-list");
    EXPECT_EQ(r->entities[0].id, "my-list:10");
    EXPECT_EQ(r->entities[0].source, "my-list");
    EXPECT_EQ(r->files.size(), 1u);
}

// --- Malformed input -------------------------------------------------------------------------

TEST(OfacCsv, LenientModeSkipsAndCountsMalformedRows) {
    const std::string dir = kFixtures + "ofac_csv_malformed/";
    auto r = load_ofac_csv({dir + "sdn.csv", dir + "add.csv", "", ""}, {});
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    ASSERT_EQ(r->entities.size(), 2u);
    EXPECT_EQ(r->entities[0].names[0].full, "GOOD ONE");  // not replaced by the duplicate
    EXPECT_EQ(r->entities[1].names[0].full, "GOOD TWO");
    EXPECT_EQ(r->skipped_records, 4u);
    ASSERT_EQ(r->warnings.size(), 4u);
    EXPECT_EQ(r->warnings[0].to_string(),
              dir + "sdn.csv:2 field Remarks: skipped record: expected 12 fields, found 11");
    EXPECT_EQ(r->warnings[1].to_string(),
              dir + "sdn.csv:3 field ent_num: skipped record: ent_num '1x2' is not a number");
    EXPECT_EQ(
        r->warnings[2].to_string(),
        dir + "sdn.csv:4 field ent_num: skipped record: duplicate ent_num 10 (first on line 1)");
    EXPECT_EQ(r->warnings[3].to_string(),
              dir + "add.csv:2 field Add_remarks: skipped record: expected 6 fields, found 5");
    EXPECT_EQ(r->entities[1].addresses.size(), 0u);
}

TEST(OfacCsv, StrictModeFailsOnFirstMalformedRowWithLineAndField) {
    const std::string dir = kFixtures + "ofac_csv_malformed/";
    LoadOptions strict;
    strict.strict = true;
    auto r = load_ofac_csv({dir + "sdn.csv", dir + "add.csv", "", ""}, strict);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
    EXPECT_EQ(r.error().where.file, dir + "sdn.csv");
    EXPECT_EQ(r.error().where.line, 2u);
    EXPECT_EQ(r.error().where.field, "Remarks");
    EXPECT_EQ(r.error().to_string(),
              dir + "sdn.csv:2 field Remarks: parse error: expected 12 fields, found 11");
}

TEST(OfacCsv, StrictModeLoadsCleanSet) {
    LoadOptions strict;
    strict.strict = true;
    auto r = load_ofac_csv(sdn_set(kFixtures + "ofac_csv_small/"), strict);
    ASSERT_TRUE(r.ok()) << r.error().to_string();  // orphans are not malformed records
    EXPECT_EQ(r->entities.size(), 4u);
}

TEST(OfacCsv, CsvSyntaxErrorFailsTheWholeLoad) {
    for (bool strict : {false, true}) {
        LoadOptions options;
        options.strict = strict;
        const std::string unterminated = kFixtures + "ofac_csv_unterminated/sdn.csv";
        auto r = load_ofac_csv({unterminated, "", "", ""}, options);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kParse);
        EXPECT_EQ(r.error().where.file, unterminated);
        EXPECT_EQ(r.error().where.line, 3u);
        EXPECT_NE(r.error().message.find("unterminated"), std::string::npos);

        const std::string stray = kFixtures + "ofac_csv_stray_quote/sdn.csv";
        auto s = load_ofac_csv({stray, "", "", ""}, options);
        ASSERT_FALSE(s.ok());
        EXPECT_EQ(s.error().where.line, 2u);
        EXPECT_EQ(s.error().to_string().rfind(stray + ":2: parse error:", 0), 0u)
            << s.error().to_string();
    }
}

TEST(OfacCsv, SyntaxErrorInAuxFileFailsTheLoad) {
    auto r = load_ofac_csv(
        {kFixtures + "ofac_csv_small/sdn.csv", kFixtures + "ofac_csv_unterminated/sdn.csv", "", ""},
        {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().where.file, kFixtures + "ofac_csv_unterminated/sdn.csv");
}

TEST(OfacCsv, MissingFileIsIoErrorNamingThePath) {
    auto r = load_ofac_csv({kFixtures + "no_such_dir/sdn.csv", "", "", ""}, {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kIo);
    EXPECT_NE(r.error().to_string().find(kFixtures + "no_such_dir/sdn.csv"), std::string::npos);

    // A named aux file that is missing is an error too, not an empty join.
    auto aux = load_ofac_csv(
        {kFixtures + "ofac_csv_small/sdn.csv", kFixtures + "missing_add.csv", "", ""}, {});
    ASSERT_FALSE(aux.ok());
    EXPECT_EQ(aux.error().code, ErrorCode::kIo);
    EXPECT_EQ(aux.error().where.file, kFixtures + "missing_add.csv");

    auto none = load_ofac_csv({}, {});
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cordon
