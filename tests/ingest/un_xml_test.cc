#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "cordon/ingest.h"
#include "ingest_test_util.h"

namespace cordon {
namespace {

using test::fact_values;
using test::find;
using test::write_temp;

const std::string kBundled = std::string(CORDON_BUNDLED_DATA_DIR) + "/un-sc/consolidated.xml";
const std::string kShared = CORDON_SHARED_DATA_DIR;



std::vector<std::string> names_of_kind(const Entity& e, NameKind kind) {
    std::vector<std::string> out;
    for (const Name& n : e.names) {
        if (n.kind == kind) out.push_back(n.full);
    }
    return out;
}

// The bundled list is loaded once: it is 2 MB and most tests only read it.
const SourceList& bundled() {
    static const SourceList list = [] {
        auto r = load_un_xml(kBundled, {});
        if (!r) throw std::runtime_error(r.error().to_string());
        return std::move(*r);
    }();
    return list;
}

TEST(UnXml, LoadsBundledListWith730IndividualsAnd273Entities) {
    const SourceList& list = bundled();
    EXPECT_EQ(list.name, "un-sc");
    EXPECT_EQ(list.format, "un-xml");
    EXPECT_EQ(list.published, "2026-02-27");
    ASSERT_EQ(list.files.size(), 1u);
    EXPECT_EQ(list.files[0], kBundled);
    EXPECT_EQ(list.entities.size(), 1003u);
    EXPECT_EQ(list.skipped_records, 0u);
    EXPECT_TRUE(list.warnings.empty());
    auto persons = std::count_if(list.entities.begin(), list.entities.end(),
                                 [](const Entity& e) { return e.schema == Schema::kPerson; });
    auto orgs = std::count_if(list.entities.begin(), list.entities.end(),
                              [](const Entity& e) { return e.schema == Schema::kOrganization; });
    EXPECT_EQ(persons, 730);
    EXPECT_EQ(orgs, 273);
    for (const Entity& e : list.entities) {
        ASSERT_FALSE(e.names.empty()) << e.id;
        EXPECT_EQ(e.names[0].kind, NameKind::kPrimary) << e.id;
        EXPECT_EQ(e.id, "un-sc:" + e.native_id);
        EXPECT_EQ(e.source, "un-sc");
        EXPECT_FALSE(e.programs.empty()) << e.id;
        EXPECT_EQ(e.listed_on.size(), 1u) << e.id;
    }
}

// The narrative summaries name other listings by reference number; those become links.
TEST(UnXml, ReferenceNumbersInTheNarrativeAreLinks) {
    const SourceList& list = bundled();
    auto find = [&](std::string_view id) -> const Entity* {
        for (const Entity& e : list.entities) {
            if (e.id == id) return &e;
        }
        return nullptr;
    };
    const Entity* ali = find("un-sc:CFi.010");  // Ali Kony, "a deputy in the Lord's Resistance Army (LRA) (CFe.002)"
    ASSERT_NE(ali, nullptr);
    ASSERT_FALSE(ali->relations.empty());
    EXPECT_EQ(ali->relations[0].target_id, "un-sc:CFe.002");
    EXPECT_EQ(ali->relations[0].kind, "linked_to");  // "a deputy in": no cue
    EXPECT_EQ(ali->relations[0].where.field, "COMMENTS1");
    EXPECT_EQ(ali->relations[0].detail,
              "narrative: \"Ali Kony is a deputy in the Lord\u2019s Resistance Army (LRA) (CFe.002)\"");
    // Most name a party still listed; some name one since removed (QDi.317), kept as given.
    std::size_t linked = 0, links = 0, listed = 0;
    for (const Entity& e : list.entities) {
        linked += !e.relations.empty();
        links += e.relations.size();
        for (const Relation& r : e.relations) {
            EXPECT_NE(r.target_id, e.id);  // never itself
            listed += find(r.target_id) != nullptr;
        }
    }
    EXPECT_GT(linked, 150U);
    EXPECT_GT(links, linked);
    EXPECT_GT(static_cast<double>(listed) / static_cast<double>(links), 0.95) << listed << " of " << links;
}

TEST(UnXml, ReadsDprkIndividualWithAliasesPassportAndBirthData) {
    // KPi.006 PAEK CHANG-HO: the passport is listed three times (French, Spanish and English
    // labels); it is kept once, with the English entry's expiry note.
    const Entity* e = find(bundled(), "un-sc:KPi.006");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->native_id, "KPi.006");
    EXPECT_EQ(e->schema, Schema::kPerson);
    EXPECT_EQ(e->names[0].full, "PAEK CHANG-HO");
    EXPECT_EQ(names_of_kind(*e, NameKind::kAlias),
              (std::vector<std::string>{"Pak Chang-Ho", "Paek Ch'ang-Ho"}));
    ASSERT_EQ(e->identifiers.size(), 1u);
    const Identifier& passport = e->identifiers[0];
    EXPECT_EQ(passport.type, IdType::kPassport);
    EXPECT_EQ(passport.value, "381420754");
    EXPECT_NE(passport.note.find("issued 2011-12-07"), std::string::npos) << passport.note;
    EXPECT_NE(passport.note.find("Expires on 7 Dec. 2016"), std::string::npos) << passport.note;
    ASSERT_EQ(e->birth_dates.size(), 1u);
    EXPECT_EQ(e->birth_dates[0].date.to_string(), "1964-06-18");
    EXPECT_FALSE(e->birth_dates[0].date.circa);
    ASSERT_EQ(e->birth_places.size(), 1u);
    EXPECT_EQ(e->birth_places[0].value, "Kaesong, Democratic People's Republic of Korea");
    ASSERT_EQ(e->nationalities.size(), 1u);
    EXPECT_EQ(e->nationalities[0].value, "Democratic People's Republic of Korea");
    ASSERT_EQ(e->programs.size(), 1u);
    EXPECT_EQ(e->programs[0].value, "DPRK");
    EXPECT_EQ(e->listed_on[0].date.to_string(), "2013-01-22");
    ASSERT_EQ(e->titles.size(), 1u);
    EXPECT_EQ(e->titles[0].value,
              "Senior official and head of the satellite control center of Korean Committee for "
              "Space Technology");  // wrapped over two lines in the file
}

TEST(UnXml, BetweenBirthDateBecomesYearRangeWithLocation) {
    const Entity* e = find(bundled(), "un-sc:KPi.066");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->names[0].full, "KIM JONG SIK");
    EXPECT_EQ(e->names[0].where.file, kBundled);
    EXPECT_EQ(e->names[0].where.line, 11765u);  // <FIRST_NAME>KIM</FIRST_NAME>
    EXPECT_EQ(e->names[0].where.path, "/CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[251]");
    EXPECT_EQ(e->names[0].where.field, "FIRST_NAME");
    ASSERT_EQ(e->birth_dates.size(), 1u);
    EXPECT_EQ(e->birth_dates[0].date.year, 1967);
    EXPECT_EQ(e->birth_dates[0].date.year_to, 1969);
    EXPECT_EQ(e->birth_dates[0].date.to_string(), "1967/1969");
    EXPECT_EQ(e->birth_dates[0].raw, "between 1967 and 1969");
    EXPECT_EQ(names_of_kind(*e, NameKind::kAlias), std::vector<std::string>{"Kim Cho’ng-sik"});
}

TEST(UnXml, LowQualityAliasIsWeakAndDesignationsAreTitles) {
    const Entity* e = find(bundled(), "un-sc:CDi.003");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(names_of_kind(*e, NameKind::kWeakAlias), std::vector<std::string>{"Rumuli"});
    EXPECT_EQ(names_of_kind(*e, NameKind::kAlias).size(), 3u);
    EXPECT_EQ(e->titles.size(), 3u);
    EXPECT_EQ(e->birth_places[0].value, "Musanze District, Northern Province, Rwanda");
    ASSERT_EQ(e->addresses.size(), 1u);
    EXPECT_EQ(e->addresses[0].region, "North Kivu Province");
    EXPECT_EQ(e->addresses[0].country, "Democratic Republic of the Congo");
    EXPECT_EQ(e->addresses[0].full,
              "North Kivu Province, Democratic Republic of the Congo (as of June 2016)");
}

TEST(UnXml, EntityKeepsFormerNamesOriginalScriptAndAddressCountries) {
    const Entity* e = find(bundled(), "un-sc:QDe.014");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->schema, Schema::kOrganization);
    EXPECT_EQ(e->names[0].full, "THE ORGANIZATION OF AL-QAIDA IN THE ISLAMIC MAGHREB");
    EXPECT_EQ(names_of_kind(*e, NameKind::kFormerName),
              (std::vector<std::string>{"Le Groupe Salafiste pour La Prédication et le Combat (GSPC)",
                                        "Salafist Group For Call and Combat"}));
    auto aliases = names_of_kind(*e, NameKind::kAlias);
    EXPECT_NE(std::find(aliases.begin(), aliases.end(), "تنظيم القا عدة ببلاد المغرب الاسلامي"),
              aliases.end());  // sic: a space inside
    EXPECT_NE(std::find(aliases.begin(), aliases.end(), "AQIM"), aliases.end());
    EXPECT_EQ(e->addresses.size(), 6u);
    EXPECT_EQ(e->countries.size(), 6u);
    EXPECT_TRUE(e->birth_dates.empty());
}

TEST(UnXml, DprkEntityFormerNames) {
    const Entity* e = find(bundled(), "un-sc:KPe.003");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->names[0].full, "TANCHON COMMERCIAL BANK");
    EXPECT_EQ(names_of_kind(*e, NameKind::kFormerName),
              (std::vector<std::string>{"CHANGGWANG CREDIT BANK", "KOREA CHANGGWANG CREDIT BANK"}));
}

TEST(UnXml, ApproximateBirthYearIsCirca) {
    std::size_t circa = 0;
    std::size_t ranges = 0;
    for (const Entity& e : bundled().entities) {
        for (const DatedFact& d : e.birth_dates) {
            if (d.date.circa) {
                ++circa;
                EXPECT_EQ(d.raw.rfind("approximately ", 0), 0u) << e.id << " " << d.raw;
            }
            if (d.date.year_to != 0) ++ranges;
        }
    }
    EXPECT_GT(circa, 100u);   // 117 APPROXIMATELY dates, some prose only
    EXPECT_EQ(ranges, 31u);   // every BETWEEN
}

TEST(UnXml, ProseOnlyDocumentsGoToRemarks) {
    // A document with a NOTE and no NUMBER ("Libyan passport number 347834, ...") is not an
    // identifier, but must not be lost.
    std::size_t prose = 0;
    for (const Entity& e : bundled().entities) {
        for (const Fact& r : e.remarks) {
            if (r.where.field == "INDIVIDUAL_DOCUMENT") ++prose;
        }
    }
    EXPECT_EQ(prose, 14u);
}

TEST(UnXml, NameOptionChangesIdPrefix) {
    LoadOptions options;
    options.name = "un";
    auto list = load_un_xml(kBundled, options);
    ASSERT_TRUE(list) << list.error().to_string();
    EXPECT_EQ(list->name, "un");
    EXPECT_NE(find(*list, "un:KPi.066"), nullptr);
    EXPECT_EQ(find(*list, "un-sc:KPi.066"), nullptr);
}

TEST(UnXml, DeltaBetweenJanuaryAndFebruary2026IsFourSudanListings) {
    std::string older = kShared + "/un_sc_2026-01-28/un.xml";
    if (!std::filesystem::exists(older)) GTEST_SKIP() << "shared data not present";
    auto jan = load_un_xml(older, {});
    ASSERT_TRUE(jan) << jan.error().to_string();
    EXPECT_EQ(jan->published, "2026-01-28");
    EXPECT_EQ(jan->entities.size(), 999u);
    auto persons = std::count_if(jan->entities.begin(), jan->entities.end(),
                                 [](const Entity& e) { return e.schema == Schema::kPerson; });
    EXPECT_EQ(persons, 726);

    std::set<std::string> before;
    std::set<std::string> after;
    for (const Entity& e : jan->entities) before.insert(e.id);
    for (const Entity& e : bundled().entities) after.insert(e.id);
    std::vector<std::string> added;
    std::vector<std::string> removed;
    std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                        std::back_inserter(added));
    std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                        std::back_inserter(removed));
    EXPECT_EQ(added, (std::vector<std::string>{"un-sc:SDi.007", "un-sc:SDi.008", "un-sc:SDi.009",
                                               "un-sc:SDi.010"}));
    EXPECT_TRUE(removed.empty());
    const Entity* e = find(bundled(), "un-sc:SDi.008");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->names[0].full, "ABDUL RAHIM HAMDAN DAGALO");  // four name parts, trailing spaces
    EXPECT_EQ(e->listed_on[0].date.to_string(), "2026-02-24");
}

TEST(UnXml, SharedCopyMatchesBundled) {
    std::string copy = kShared + "/un_sc/UN_consolidated.xml";
    if (!std::filesystem::exists(copy)) GTEST_SKIP() << "shared data not present";
    auto list = load_un_xml(copy, {});
    ASSERT_TRUE(list) << list.error().to_string();
    EXPECT_EQ(list->entities.size(), 1003u);
}

// --- malformed input ---

const char* const kRecordWithoutReference = R"(<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <FIRST_NAME>KIM</FIRST_NAME>
      <SECOND_NAME>JONG SIK</SECOND_NAME>
      <REFERENCE_NUMBER>KPi.066</REFERENCE_NUMBER>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <FIRST_NAME>NO</FIRST_NAME>
      <SECOND_NAME>REFERENCE</SECOND_NAME>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <FIRST_NAME>OFFICE 39</FIRST_NAME>
      <REFERENCE_NUMBER>KPe.030</REFERENCE_NUMBER>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
)";

TEST(UnXml, RecordWithoutReferenceIsSkippedWithLineInLenientMode) {
    std::string path = write_temp("un_no_reference.xml", kRecordWithoutReference);
    auto list = load_un_xml(path, {});
    ASSERT_TRUE(list) << list.error().to_string();
    EXPECT_EQ(list->entities.size(), 2u);
    EXPECT_EQ(list->skipped_records, 1u);
    ASSERT_EQ(list->warnings.size(), 1u);
    EXPECT_EQ(list->warnings[0].where.line, 9u);
    EXPECT_NE(list->warnings[0].to_string().find(path + ":9"), std::string::npos)
        << list->warnings[0].to_string();
    EXPECT_NE(list->warnings[0].message.find("REFERENCE_NUMBER"), std::string::npos);
    EXPECT_EQ(list->published, "2026-02-27");
}

TEST(UnXml, RecordWithoutReferenceFailsInStrictMode) {
    std::string path = write_temp("un_no_reference.xml", kRecordWithoutReference);
    LoadOptions strict;
    strict.strict = true;
    auto list = load_un_xml(path, strict);
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, ErrorCode::kParse);
    EXPECT_EQ(list.error().where.line, 9u);
    EXPECT_NE(list.error().to_string().find(path + ":9"), std::string::npos)
        << list.error().to_string();
}

TEST(UnXml, BrokenXmlIsParseErrorWithLine) {
    std::string path = write_temp("un_broken.xml", R"(<?xml version="1.0"?>
<CONSOLIDATED_LIST>
  <INDIVIDUALS>
    <INDIVIDUAL>
      <FIRST_NAME>KIM</SECOND_NAME>
    </INDIVIDUAL>
  </INDIVIDUALS>
</CONSOLIDATED_LIST>
)");
    for (bool strict : {false, true}) {
        LoadOptions options;
        options.strict = strict;
        auto list = load_un_xml(path, options);
        ASSERT_FALSE(list);
        EXPECT_EQ(list.error().code, ErrorCode::kParse);
        EXPECT_EQ(list.error().where.line, 5u);
        EXPECT_NE(list.error().to_string().find(path + ":5"), std::string::npos)
            << list.error().to_string();
    }
}

TEST(UnXml, OtherXmlRootIsParseError) {
    std::string path = write_temp("un_wrong_root.xml", "<?xml version=\"1.0\"?>\n<sdnList/>\n");
    auto list = load_un_xml(path, {});
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, ErrorCode::kParse);
    EXPECT_NE(list.error().message.find("sdnList"), std::string::npos);
}

TEST(UnXml, MissingFileIsIoErrorNamingThePath) {
    std::string path = ::testing::TempDir() + "un_does_not_exist.xml";
    auto list = load_un_xml(path, {});
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, ErrorCode::kIo);
    EXPECT_NE(list.error().to_string().find(path), std::string::npos);
}

// The words before a name type the link: member of, leader of, subordinate to, son of, owned by.
TEST(UnXml, NarrativeLinksAreTypedByTheWordsBeforeThem) {
    const SourceList& list = bundled();
    auto relation = [&](std::string_view from, std::string_view to) -> const Relation* {
        const Entity* e = find(list, from);
        if (e == nullptr) return nullptr;
        for (const Relation& r : e->relations) {
            if (r.target_id == to) return &r;
        }
        return nullptr;
    };
    auto kind = [&](std::string_view from, std::string_view to) -> std::string {
        const Relation* r = relation(from, to);
        return r ? r->kind : "(none)";
    };
    EXPECT_EQ(kind("un-sc:CFi.010", "un-sc:CFi.009"), "family");  // "the son of LRA leader Joseph Kony (CFi.009)"
    EXPECT_EQ(kind("un-sc:TAi.144", "un-sc:TAi.040"), "family");  // "Son of Jalaluddin Haqqani (TAi.040)"
    EXPECT_EQ(kind("un-sc:CDi.037", "un-sc:CDe.005"), "directorship");  // "As a leader of FDLR (CDe.005)"
    EXPECT_EQ(kind("un-sc:QDi.343", "un-sc:QDe.004"), "membership");    // "A member of Al-Qaida (QDe.004)"
    EXPECT_EQ(kind("un-sc:TAe.014", "un-sc:TAi.173"), "ownership");     // "Owned by Abdul Basir Noorzai (TAi.173)"
    // The nearest cue counts: "Member of the Taliban Supreme Council and spokesperson for Mullah
    // Mohammed Omar (TAi.004)"; and "spokesperson of" is not "son of".
    EXPECT_EQ(kind("un-sc:TAi.051", "un-sc:TAi.004"), "linked_to");
    EXPECT_EQ(kind("un-sc:QDi.435", "un-sc:QDe.161"), "linked_to");
    // Nobody is a member of a person: "a former member of former President François Bozizé's (CFi.001)".
    EXPECT_EQ(kind("un-sc:CFi.008", "un-sc:CFi.001"), "linked_to");

    // Without a reference number, "subordinate to" and "member of" resolve by the longest listed name.
    const Relation* tangun = relation("un-sc:KPe.008", "un-sc:KPe.018");
    ASSERT_NE(tangun, nullptr);  // "is subordinate to DPRK's Second Academy of Natural Sciences and is ..."
    EXPECT_EQ(tangun->kind, "subordination");
    EXPECT_EQ(tangun->target_name, "Second Academy of Natural Sciences");
    EXPECT_EQ(kind("un-sc:KPe.006", "un-sc:KPe.002"), "subordination");  // Korea Ryonbong General Corporation
    // "X, a subordinate of Y" speaks of X, not of the listing it is written on.
    EXPECT_EQ(kind("un-sc:KPe.025", "un-sc:KPe.002"), "(none)");
    // "Member of Al-Qaida in the Arabian Peninsula (AQAP) (QDe.129)" is not a member of Al-Qaida.
    EXPECT_EQ(kind("un-sc:QDi.331", "un-sc:QDe.129"), "membership");
    EXPECT_EQ(kind("un-sc:QDi.331", "un-sc:QDe.004"), "(none)");

    std::map<std::string, std::size_t> kinds;
    for (const Entity& e : list.entities) {
        for (const Relation& r : e.relations) ++kinds[r.kind];
    }
    EXPECT_GT(kinds["membership"], 40U);
    EXPECT_GT(kinds["directorship"], 40U);
    EXPECT_GT(kinds["family"], 10U);
    EXPECT_GT(kinds["linked_to"], kinds["membership"]);
}

}  // namespace
}  // namespace cordon
