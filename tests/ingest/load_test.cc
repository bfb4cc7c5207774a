#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cordon/ingest.h"

namespace cordon {
namespace {

namespace fs = std::filesystem;

const std::string kBundled = CORDON_BUNDLED_DATA_DIR;
const std::string kShared = CORDON_SHARED_DATA_DIR;
const std::string kTestData = CORDON_TEST_DATA_DIR;

// A fresh, empty folder under the test temp dir.
std::string fresh_dir(const std::string& name) {
    fs::path dir = fs::path(::testing::TempDir()) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
}

std::string detected(const std::string& path) {
    auto r = detect_format(path);
    return r ? *r : "error: " + r.error().to_string();
}

// --- ListSpec ---

TEST(LoadSpec, ParsesKnownFormatPrefix) {
    ListSpec s = ListSpec::parse("un-xml:data/un-sc/consolidated.xml");
    EXPECT_EQ(s.format, "un-xml");
    EXPECT_EQ(s.path, "data/un-sc/consolidated.xml");
    for (const char* format : {"ofac-csv", "ofac-xml", "ofac-enhanced-xml", "un-xml", "ftm-json", "custom-csv"}) {
        ListSpec t = ListSpec::parse(std::string(format) + ":x");
        EXPECT_EQ(t.format, format);
        EXPECT_EQ(t.path, "x");
    }
}

TEST(LoadSpec, PlainPathHasNoFormat) {
    ListSpec s = ListSpec::parse("data/ofac-sdn");
    EXPECT_EQ(s.format, "");
    EXPECT_EQ(s.path, "data/ofac-sdn");
}

TEST(LoadSpec, PathsWithColonsStayWhole) {
    for (const char* text : {"C:\\lists\\kr.csv", "/srv/lists/2026-02-27T00:00:00/un.xml",
                             "unknown-format:file.csv", "lists/a:b.json", "OFAC-CSV:upper"}) {
        ListSpec s = ListSpec::parse(text);
        EXPECT_EQ(s.format, "") << text;
        EXPECT_EQ(s.path, text);
    }
    ListSpec s = ListSpec::parse("ftm-json:/srv/a:b.json");  // only the first colon splits
    EXPECT_EQ(s.format, "ftm-json");
    EXPECT_EQ(s.path, "/srv/a:b.json");
}

// --- detect_format on real files ---

TEST(LoadDetect, BundledListsByFileAndFolder) {
    EXPECT_EQ(detected(kBundled + "/ofac-sdn"), "ofac-csv");
    EXPECT_EQ(detected(kBundled + "/ofac-sdn/sdn.csv"), "ofac-csv");
    EXPECT_EQ(detected(kBundled + "/ofac-cons"), "ofac-xml");
    EXPECT_EQ(detected(kBundled + "/ofac-cons/consolidated.xml"), "ofac-xml");
    EXPECT_EQ(detected(kBundled + "/un-sc"), "un-xml");
    EXPECT_EQ(detected(kBundled + "/un-sc/consolidated.xml"), "un-xml");
}

TEST(LoadDetect, SharedRealFiles) {
    if (!fs::exists(kShared)) GTEST_SKIP() << "shared data not present";
    EXPECT_EQ(detected(kShared + "/ofac_consolidated_csv"), "ofac-csv");
    EXPECT_EQ(detected(kShared + "/ofac_consolidated_csv/cons_prim.csv"), "ofac-csv");
    EXPECT_EQ(detected(kShared + "/ofac_sdn_csv_2023-05-23"), "ofac-csv");
    EXPECT_EQ(detected(kShared + "/ofac_sdn_aux_2025-02-27/add.csv"), "ofac-csv");
    EXPECT_EQ(detected(kShared + "/ofac_consolidated_xml/ofac.xml"), "ofac-xml");
    EXPECT_EQ(detected(kShared + "/ofac_consolidated_xml"), "ofac-xml");
    EXPECT_EQ(detected(kShared + "/un_sc/UN_consolidated.xml"), "un-xml");
    EXPECT_EQ(detected(kShared + "/ofac_sls_enhanced_subsets/yemen_sanctions.xml"), "ofac-enhanced-xml");
    EXPECT_EQ(detected(kShared + "/un_sc_2026-01-28/un.xml"), "un-xml");
    EXPECT_EQ(detected(kShared + "/opensanctions_yente_zala/entities.ftm.json"), "ftm-json");
    EXPECT_EQ(detected(kShared + "/opensanctions_yente_zala"), "ftm-json");
    EXPECT_EQ(detected(kShared + "/opensanctions_yente_t1/entities.ftm.json"), "ftm-json");
}

TEST(LoadDetect, TestFixtures) {
    EXPECT_EQ(detected(kTestData + "/ingest/custom_dprk_it_2023.csv"), "custom-csv");
    EXPECT_EQ(detected(kTestData + "/ingest/ftm_dprk_sample.ftm.json"), "ftm-json");
    EXPECT_EQ(detected(kTestData + "/ingest/ofac_enhanced/IRGC_sanctions.xml"), "ofac-enhanced-xml");
}

TEST(LoadDetect, UnknownContentIsUnsupportedNamingThePath) {
    std::vector<std::string> paths = {kBundled + "/README.md"};
    if (fs::exists(kShared)) {
        // A JSON array of addresses, a catalogue JSON, and a folder with two JSON files.
        paths.push_back(kShared + "/ofac_crypto_addresses_derived_2024-05-02/sanctioned_addresses_XBT.json");
        paths.push_back(kShared + "/opensanctions_yente_t1/index.json");
        paths.push_back(kShared + "/opensanctions_yente_t1");
    }
    for (const std::string& path : paths) {
        auto r = detect_format(path);
        ASSERT_FALSE(r) << path << " -> " << *r;
        EXPECT_EQ(r.error().code, ErrorCode::kUnsupported) << path;
        EXPECT_NE(r.error().to_string().find(path), std::string::npos) << r.error().to_string();
    }
}

TEST(LoadDetect, MissingPathIsIoError) {
    std::string path = ::testing::TempDir() + "load_no_such_list.xml";
    auto r = detect_format(path);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kIo);
    EXPECT_NE(r.error().to_string().find(path), std::string::npos);
}

TEST(LoadDetect, ContentDecidesWhateverTheExtension) {
    std::string dir = fresh_dir("load_detect_content");
    write_file(dir + "/list.txt", "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- a comment -->\n<CONSOLIDATED_LIST/>\n");
    write_file(dir + "/entities.jsonl", "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{}}\n");
    write_file(dir + "/kr.CSV", "\"ID\",\"Name\"\n1,KIM\n");
    EXPECT_EQ(detected(dir + "/list.txt"), "un-xml");
    EXPECT_EQ(detected(dir + "/entities.jsonl"), "ftm-json");
    EXPECT_EQ(detected(dir + "/kr.CSV"), "custom-csv");
}

// --- load_list ---

TEST(LoadList, UnXmlFromFolderAndFromExplicitFormat) {
    auto by_folder = load_list(ListSpec::parse(kBundled + "/un-sc"), {});
    ASSERT_TRUE(by_folder) << by_folder.error().to_string();
    EXPECT_EQ(by_folder->format, "un-xml");
    EXPECT_EQ(by_folder->entities.size(), 1003u);
    EXPECT_EQ(by_folder->files, std::vector<std::string>{kBundled + "/un-sc/consolidated.xml"});

    auto explicit_format = load_list(ListSpec::parse("un-xml:" + kBundled + "/un-sc/consolidated.xml"), {});
    ASSERT_TRUE(explicit_format) << explicit_format.error().to_string();
    EXPECT_EQ(explicit_format->entities.size(), 1003u);
}

TEST(LoadList, FtmAndCustomByDetection) {
    auto custom = load_list(ListSpec::parse(kTestData + "/ingest/custom_dprk_it_2023.csv"), {});
    ASSERT_TRUE(custom) << custom.error().to_string();
    EXPECT_EQ(custom->format, "custom-csv");
    EXPECT_EQ(custom->entities.size(), 5u);

    auto ftm = load_list(ListSpec::parse(kTestData + "/ingest/ftm_dprk_sample.ftm.json"), {});
    ASSERT_TRUE(ftm) << ftm.error().to_string();
    EXPECT_EQ(ftm->format, "ftm-json");
    EXPECT_EQ(ftm->entities.size(), 4u);

    if (!fs::exists(kShared)) return;
    LoadOptions options;
    options.name = "zala";
    auto zala = load_list(ListSpec::parse(kShared + "/opensanctions_yente_zala"), options);
    ASSERT_TRUE(zala) << zala.error().to_string();
    EXPECT_EQ(zala->name, "zala");
    EXPECT_EQ(zala->entities.size(), 17u);
}

TEST(LoadList, ExplicitFormatOverridesDetection) {
    // Forcing custom-csv on an OFAC file fails in the custom loader (no header), proving dispatch.
    auto r = load_list(ListSpec::parse("custom-csv:" + kBundled + "/ofac-sdn/sdn.csv"), {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
}

TEST(LoadList, MissingPathIsIoErrorNamingIt) {
    for (const std::string& spec : {std::string("un-xml:/nonexistent/un.xml"), std::string("/nonexistent/list.csv")}) {
        auto r = load_list(ListSpec::parse(spec), {});
        ASSERT_FALSE(r) << spec;
        EXPECT_EQ(r.error().code, ErrorCode::kIo) << spec;
        EXPECT_NE(r.error().to_string().find(ListSpec::parse(spec).path), std::string::npos);
    }
}

TEST(LoadList, UnknownFormatIsInvalidArgument) {
    auto r = load_list(ListSpec{"eu-xml", kBundled + "/un-sc/consolidated.xml"}, {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("eu-xml"), std::string::npos);
}

TEST(LoadList, OfacCsvFolderPicksUpSiblings) {
    auto r = load_list(ListSpec::parse(kBundled + "/ofac-sdn"), {});
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->format, "ofac-csv");
    EXPECT_EQ(r->name, "ofac-sdn");
    EXPECT_GT(r->entities.size(), 14000u);  // 14,965 rows in sdn.csv of 2024-05-03
    for (const char* sibling : {"add.csv", "alt.csv", "sdn_comments.csv"}) {
        EXPECT_NE(std::find(r->files.begin(), r->files.end(), kBundled + "/ofac-sdn/" + sibling), r->files.end())
            << sibling;
    }
}

TEST(LoadList, OfacCsvMainFilePicksUpSiblings) {
    if (!fs::exists(kShared)) GTEST_SKIP() << "shared data not present";
    auto r = load_list(ListSpec::parse(kShared + "/ofac_consolidated_csv/cons_prim.csv"), {});
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->name, "ofac-cons");
    EXPECT_EQ(r->entities.size(), 442u);
    for (const char* sibling : {"cons_add.csv", "cons_alt.csv", "cons_comments.csv"}) {
        EXPECT_NE(std::find(r->files.begin(), r->files.end(), kShared + "/ofac_consolidated_csv/" + sibling),
                  r->files.end())
            << sibling;
    }
}

// --- load_data_dir ---

TEST(LoadDataDir, BundledDataHoldsThreeListsNamedAfterFolders) {
    auto lists = load_data_dir(kBundled, {});
    ASSERT_TRUE(lists) << lists.error().to_string();
    ASSERT_EQ(lists->size(), 3u);  // README.md at the top level is ignored
    std::vector<std::string> names;
    std::vector<std::string> formats;
    for (const SourceList& l : *lists) {
        names.push_back(l.name);
        formats.push_back(l.format);
        ASSERT_FALSE(l.entities.empty()) << l.name;
        EXPECT_EQ(l.entities.front().id.rfind(l.name + ":", 0), 0u) << l.entities.front().id;
    }
    EXPECT_EQ(names, (std::vector<std::string>{"ofac-cons", "ofac-sdn", "un-sc"}));
    EXPECT_EQ(formats, (std::vector<std::string>{"ofac-xml", "ofac-csv", "un-xml"}));
    EXPECT_EQ((*lists)[0].entities.size(), 442u);
    EXPECT_EQ((*lists)[2].entities.size(), 1003u);
    // Every bundled list has a publication date; the OFAC CSV set's comes from its PUBLISHED file.
    EXPECT_EQ((*lists)[0].published, "2026-01-08");
    EXPECT_EQ((*lists)[1].published, "2024-05-03");
    EXPECT_EQ((*lists)[2].published, "2026-02-27");
}

TEST(LoadDataDir, PublishedFileMustHoldAnIsoDate) {
    std::string dir = fresh_dir("load_data_dir_published");
    fs::create_directories(dir + "/kr");
    fs::copy_file(kTestData + "/ingest/custom_dprk_it_2023.csv", dir + "/kr/list.csv");
    write_file(dir + "/kr/PUBLISHED", "2023-05-24\n");
    auto ok = load_data_dir(dir, {});
    ASSERT_TRUE(ok) << ok.error().to_string();
    EXPECT_EQ((*ok)[0].published, "2023-05-24");
    write_file(dir + "/kr/PUBLISHED", "24 May 2023\n");
    auto bad = load_data_dir(dir, {});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kParse);
    EXPECT_NE(bad.error().to_string().find("PUBLISHED:1 field published"), std::string::npos)
        << bad.error().to_string();
}

TEST(LoadDataDir, FolderNameBecomesListNameAndIdPrefix) {
    std::string dir = fresh_dir("load_data_dir_ok");
    fs::create_directories(dir + "/kr-mofa");
    fs::create_directories(dir + "/un");
    fs::create_directories(dir + "/.git");
    fs::copy_file(kTestData + "/ingest/custom_dprk_it_2023.csv", dir + "/kr-mofa/designations.csv");
    write_file(dir + "/kr-mofa/README.md", "not a list\n");
    fs::copy_file(kBundled + "/un-sc/consolidated.xml", dir + "/un/consolidated.xml");
    write_file(dir + "/README.md", "ignored\n");
    LoadOptions options;
    options.name = "replaced-per-folder";
    auto lists = load_data_dir(dir, options);
    ASSERT_TRUE(lists) << lists.error().to_string();
    ASSERT_EQ(lists->size(), 2u);
    EXPECT_EQ((*lists)[0].name, "kr-mofa");
    EXPECT_EQ((*lists)[0].format, "custom-csv");
    EXPECT_EQ((*lists)[0].entities[0].id, "kr-mofa:43377");
    EXPECT_EQ((*lists)[1].name, "un");
    EXPECT_EQ((*lists)[1].entities.size(), 1003u);
    EXPECT_EQ((*lists)[1].entities[0].id.rfind("un:", 0), 0u);
}

TEST(LoadDataDir, OneFailingListFailsTheWholeLoadNamingIt) {
    std::string dir = fresh_dir("load_data_dir_bad");
    fs::create_directories(dir + "/a-good");
    fs::create_directories(dir + "/b-broken");
    fs::copy_file(kTestData + "/ingest/custom_dprk_it_2023.csv", dir + "/a-good/list.csv");
    write_file(dir + "/b-broken/un.xml", "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n");
    auto lists = load_data_dir(dir, {});
    ASSERT_FALSE(lists);
    EXPECT_EQ(lists.error().code, ErrorCode::kParse);
    EXPECT_NE(lists.error().message.find("b-broken"), std::string::npos) << lists.error().to_string();
    EXPECT_NE(lists.error().to_string().find(dir + "/b-broken/un.xml:"), std::string::npos)
        << lists.error().to_string();
}

TEST(LoadDataDir, StrictModeReachesEveryList) {
    std::string dir = fresh_dir("load_data_dir_strict");
    fs::create_directories(dir + "/kr");
    write_file(dir + "/kr/kr.csv", "id,name,nickname\n1,KIM Sang Man,Kim\n");
    ASSERT_TRUE(load_data_dir(dir, {}));
    LoadOptions strict;
    strict.strict = true;
    auto lists = load_data_dir(dir, strict);
    ASSERT_FALSE(lists);
    EXPECT_NE(lists.error().message.find("nickname"), std::string::npos);
}

TEST(LoadDataDir, FolderWithTwoListFilesIsUnsupported) {
    std::string dir = fresh_dir("load_data_dir_two");
    fs::create_directories(dir + "/mixed");
    fs::copy_file(kTestData + "/ingest/custom_dprk_it_2023.csv", dir + "/mixed/a.csv");
    fs::copy_file(kTestData + "/ingest/ftm_dprk_sample.ftm.json", dir + "/mixed/b.json");
    auto lists = load_data_dir(dir, {});
    ASSERT_FALSE(lists);
    EXPECT_EQ(lists.error().code, ErrorCode::kUnsupported);
    EXPECT_NE(lists.error().message.find("mixed"), std::string::npos);
}

TEST(LoadDataDir, MissingOrEmptyFolder) {
    auto missing = load_data_dir(::testing::TempDir() + "load_no_such_data_dir", {});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kIo);
    EXPECT_NE(missing.error().to_string().find("load_no_such_data_dir"), std::string::npos);

    std::string dir = fresh_dir("load_data_dir_empty");
    write_file(dir + "/README.md", "no lists here\n");
    auto empty = load_data_dir(dir, {});
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cordon
