// The one entity model shared by every source list.
//
// An Entity is a listed party (person, organisation, vessel, wallet...) as one source publishes it.
// Its id is "<source>:<native id>" (e.g. "ofac-sdn:43377", "un-sc:KPi.066", FtM ids as given), stable
// across list versions as long as the source keeps its own ids. Every fact carries a Location saying
// which file and line (or element path) it came from, so an analyst can check it at the source.
//
//   Entity e;
//   e.id = "ofac-sdn:43377";
//   e.schema = Schema::kPerson;
//   e.names.push_back({"KIM, Sang Man", NameKind::kPrimary, {"sdn.csv", 12001, "", "SDN_Name"}});
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/result.h"

namespace cordon {

// FollowTheMoney-aligned schemas. kOrganization covers Company/LegalEntity in sources that do not
// distinguish them (OFAC "Entity", UN "ENTITY").
enum class Schema : std::uint8_t {
    kUnknown,
    kPerson,
    kOrganization,
    kCompany,
    kLegalEntity,
    kVessel,
    kAircraft,
    kCryptoWallet,
};

// FtM name ("Person", "Organization", ...).
std::string_view schema_name(Schema s);
// Accepts FtM names and common synonyms, case-insensitively ("individual", "entity", "company").
std::optional<Schema> parse_schema(std::string_view s);
// True for the schemas that denote an organisation-like party (Organization, Company, LegalEntity).
bool is_organization(Schema s);

enum class NameKind : std::uint8_t {
    kPrimary,     // the listed name
    kAlias,       // a.k.a. (strong)
    kWeakAlias,   // weak a.k.a.: low-quality alias, never enough alone for a full-score match
    kFormerName,  // f.k.a.
};
std::string_view name_kind_name(NameKind k);  // "primary", "aka", "weak_aka", "fka"

struct Name {
    std::string full;  // as published, UTF-8, whitespace collapsed
    NameKind kind = NameKind::kPrimary;
    Location where;
};

// A date that may lack day or month (0 = unknown), or be only a range of years (OFAC "circa 1970",
// UN "BETWEEN 1960 AND 1965": year..year_to).
struct PartialDate {
    int year = 0;
    int month = 0;  // 1-12, 0 unknown
    int day = 0;    // 1-31, 0 unknown
    int year_to = 0;  // inclusive end of a year range; 0 when not a range
    bool circa = false;

    bool empty() const { return year == 0; }
    // ISO-like text: "1965-04-25", "1965-04", "1965", "1960/1965".
    std::string to_string() const;
};

// Parses the date notations found in the lists: "25 Apr 1965", "Apr 1965", "1965", "circa 1965",
// "1965 to 1968", "1965-04-25", "1965-04", "25/04/1965". Returns nullopt when nothing usable.
std::optional<PartialDate> parse_partial_date(std::string_view text);

struct DatedFact {
    PartialDate date;
    std::string raw;  // the text as published
    Location where;
};

// A plain textual fact: a place of birth, a nationality, a country, a gender, a title...
struct Fact {
    std::string value;
    Location where;
};

struct Address {
    std::string street;
    std::string city;
    std::string region;
    std::string postal_code;
    std::string country;
    std::string full;  // the whole address as one line, as published where possible
    Location where;
};

// Well-known identifier types; other types keep their published label in `type_label`.
enum class IdType : std::uint8_t {
    kOther,
    kPassport,
    kNationalId,
    kTaxId,
    kRegistration,
    kImo,
    kSwiftBic,
    kCryptoAddress,  // asset in `asset` (XBT, ETH, USDT...)
    kLei,
};
std::string_view id_type_name(IdType t);  // "passport", "national_id", "tax_id", ... "crypto"

struct Identifier {
    IdType type = IdType::kOther;
    std::string type_label;  // as published ("Passport", "Cedula No.", "Digital Currency Address - XBT")
    std::string value;       // as published
    std::string country;     // issuing country when known
    std::string asset;       // digital currency code for kCryptoAddress
    std::string note;        // e.g. "issued 16 Oct 2019 expires 16 Oct 2024"
    Location where;
};

// The key a listing is found by when another names it ("Linked To: KOREA RYONBONG GENERAL
// CORPORATION", "subordinate to Korea Ryonbong General Corporation"): ASCII upper-cased, each run of
// spaces, commas and full stops one space, the typographic apostrophe (U+2019) as "'".
std::string fold_listed_name(std::string_view name);

// A link to another party: OFAC "Linked To:", FtM Ownership/Directorship/Family/Associate/UnknownLink.
struct Relation {
    std::string kind;         // "linked_to", "ownership", "directorship", "family", "associate", ...
    std::string target_name;  // as published when only a name is given (OFAC "Linked To: X")
    std::string target_id;    // entity id when the source gives one (FtM)
    std::string detail;       // role, percentage...
    Location where;
};

struct Entity {
    std::string id;         // "<source>:<native id>"
    std::string native_id;  // the source's own id
    std::string source;     // source list name ("ofac-sdn", "un-sc", ...)
    Schema schema = Schema::kUnknown;

    std::vector<Name> names;  // names[0] is the primary name
    std::vector<DatedFact> birth_dates;
    std::vector<Fact> birth_places;
    std::vector<Fact> nationalities;  // nationality / citizenship as published
    std::vector<Fact> countries;      // other country links (address, jurisdiction, flag...)
    std::vector<Fact> gender;
    std::vector<Fact> titles;         // "Colonel", "Director of ..."
    std::vector<Address> addresses;
    std::vector<Identifier> identifiers;
    std::vector<Fact> programs;  // sanctions programs / regimes ("DPRK3", "KPi", "RUSSIA-EO14024")
    std::vector<Relation> relations;
    std::vector<Fact> remarks;   // free text as published (after structured facts are taken out)
    std::vector<DatedFact> listed_on;

    const Name* primary_name() const { return names.empty() ? nullptr : &names.front(); }
};

// One loaded list: its entities and what the loader noticed.
struct Diagnostic {
    std::string message;
    Location where;
    std::string to_string() const;
};

struct SourceList {
    std::string name;                // "ofac-sdn", "ofac-cons", "un-sc", or as configured
    std::string format;  // "ofac-csv", "ofac-xml", "ofac-enhanced-xml", "un-xml", "ftm-json", "custom-csv"
    std::vector<std::string> files;  // the files it was read from
    std::string published;           // publication date as the file states it (ISO yyyy-mm-dd if known)
    std::vector<Entity> entities;
    std::size_t skipped_records = 0;        // bad records skipped (non-strict mode)
    std::vector<Diagnostic> warnings;       // skipped records, orphan rows, odd fields
};

struct LoadOptions {
    bool strict = false;  // refuse the whole list on the first bad record instead of skipping it
    std::string name;     // override the source name (and so the id prefix)
};

}  // namespace cordon
