// Loaders for the official list formats. Each returns a whole SourceList or an Error; a list that
// fails to load never comes back half-loaded. In the default (lenient) mode a single bad record is
// skipped, counted in SourceList::skipped_records and described in SourceList::warnings; with
// LoadOptions::strict the first bad record fails the load.
//
//   auto sdn = cordon::load_list(cordon::ListSpec::parse("data/ofac-sdn"), {});
//   if (!sdn) std::cerr << sdn.error().to_string() << "\n";
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/entity.h"
#include "cordon/result.h"

namespace cordon {

// OFAC legacy CSV set (SDN: sdn.csv, add.csv, alt.csv, sdn_comments.csv; consolidated: cons_prim.csv,
// cons_add.csv, cons_alt.csv, cons_comments.csv). Only `main` is required. Rows of add/alt/comments
// whose ent_num is not in `main` are orphans: skipped and counted in one warning per file.
struct OfacCsvFiles {
    std::string main;
    std::string add;
    std::string alt;
    std::string comments;
};
// Default source name: "ofac-sdn" (or "ofac-cons" when the main file is cons_prim.csv).
Result<SourceList> load_ofac_csv(const OfacCsvFiles& files, const LoadOptions& options);

// Parses an OFAC remarks string ("DOB 25 Apr 1965; POB ...; Passport 109420132 (Korea, North); ...;
// a.k.a. 'THIRD BUREAU'; Linked To: X.") into the entity's structured facts. What is not understood
// stays in entity.remarks. `where` is the location of the remarks field.
void apply_ofac_remarks(std::string_view remarks, const Location& where, Entity& entity);

// OFAC XML in the sdn.xml schema (sdn.xml, consolidated.xml). Default name "ofac-sdn", or
// "ofac-cons" for the consolidated list (detected from the file name or content).
Result<SourceList> load_ofac_xml(const std::string& path, const LoadOptions& options);

// OFAC Sanctions List Service "Enhanced XML" (root <sanctionsData>: ENHANCED_XML, CONS_ENHANCED.XML,
// per-program exports). Ids "<name>:<entity id>", the entity id being the legacy SDN uid; default
// name "ofac-sdn", or "ofac-cons" when the file name says "cons". Its typed relationships become
// Relations by id (kinds in docs/lists.md).
Result<SourceList> load_ofac_enhanced_xml(const std::string& path, const LoadOptions& options);

// UN Security Council consolidated list XML. Default name "un-sc"; ids "un-sc:<REFERENCE_NUMBER>".
Result<SourceList> load_un_xml(const std::string& path, const LoadOptions& options);

// FollowTheMoney entities, one JSON object per line (OpenSanctions export format; also the format
// for a user's own lists). Default name: the file stem. Ids are kept as given.
Result<SourceList> load_ftm_json(const std::string& path, const LoadOptions& options);
// The FtM party schemata cordon screens (Person, Organization, PublicBody, Company, LegalEntity,
// Vessel, Airplane, CryptoWallet), exactly as FtM names them; nullopt for any other.
std::optional<Schema> ftm_party_schema(std::string_view schema);

// cordon's simple CSV for custom lists (docs/custom-lists.md): a header row with
// id,schema,name,aliases,birth_date,nationality,country,identifiers,programs,listed_on,remarks.
// Default name: the file stem.
Result<SourceList> load_custom_csv(const std::string& path, const LoadOptions& options);

// A list to load: "FORMAT:PATH" or just "PATH" (format detected from name and content).
// Formats: ofac-csv, ofac-xml, ofac-enhanced-xml, un-xml, ftm-json, custom-csv. For ofac-csv, PATH may be the main
// CSV (siblings add/alt/comments are picked up from the same folder) or a folder holding the set.
struct ListSpec {
    std::string format;  // empty: detect
    std::string path;

    static ListSpec parse(std::string_view text);
};

// Detects the format of `path` (a file or a folder); kUnsupported when unknown.
Result<std::string> detect_format(const std::string& path);

Result<SourceList> load_list(const ListSpec& spec, const LoadOptions& options);

// Loads a data folder such as the bundled data/: every subfolder (sorted by name, hidden ones
// skipped) is one list named after the subfolder (it replaces LoadOptions::name), its format detected
// from its content: an OFAC CSV set (sdn.csv or cons_prim.csv), or exactly one list file. Plain files
// at the top level (README.md) are ignored. Fails as a whole, naming the list, if any list fails.
//
//   auto lists = cordon::load_data_dir("data", {});  // ofac-cons, ofac-sdn, un-sc
Result<std::vector<SourceList>> load_data_dir(const std::string& dir, const LoadOptions& options);

// Where a screening run takes its lists from: the list specs when any are given, else the data
// folder. What `cordon screen --list/--data` and `cordon serve` (its config and reloads) load.
struct ListSources {
    std::vector<std::string> lists;  // ListSpec texts ("ofac-csv:data/ofac-sdn", "un.xml")
    std::string data_dir;
    LoadOptions options;
};
// All of them or an Error whose message names the list spec or folder that failed.
Result<std::vector<SourceList>> load_sources(const ListSources& sources);

}  // namespace cordon
