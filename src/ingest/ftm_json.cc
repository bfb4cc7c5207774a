// FollowTheMoney entities, one JSON object per line (OpenSanctions "entities.ftm.json").
//
// Each line is {"id", "schema", "caption", "properties": {prop: [values...]}, ...}. Party schemata
// (Person, Organization, Company, LegalEntity, PublicBody, Vessel, Airplane, CryptoWallet) become
// entities. Relation schemata (Ownership, Directorship, Family, ...) are edges, not parties: each one
// becomes a Relation on both of its ends that are in the file, with Relation::detail starting with
// the FtM role of the *other* end ("asset; 51%" on the owner, "owner; 51%" on the asset) so that
// direction survives. Sanction, Passport, Identification and Address entities are folded into the
// party they name; the rest (Note, Event, Position...) are ignored and counted in one warning.
// Parties are built as their lines are read; relations and folded facts are applied after the last
// line, as they may precede their parties.
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cordon/ingest.h"
#include "csv.h"

namespace cordon {

namespace {

using Values = std::vector<std::string>;
using Properties = std::map<std::string, Values, std::less<>>;



std::string upper_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

const Values& values_of(const Properties& props, std::string_view name) {
    static const Values kNone;
    auto it = props.find(name);
    return it == props.end() ? kNone : it->second;
}

// A relation schema: its two end properties (FtM names) and the cordon relation kind.
struct RelationSchema {
    std::string_view schema;
    std::string_view kind;
    std::string_view end_a;
    std::string_view end_b;
};

constexpr std::array<RelationSchema, 9> kRelationSchemata = {{
    {"Ownership", "ownership", "owner", "asset"},
    {"Directorship", "directorship", "director", "organization"},
    {"Family", "family", "person", "relative"},
    {"Associate", "associate", "person", "associate"},
    {"UnknownLink", "unknown_link", "subject", "object"},
    {"Membership", "membership", "member", "organization"},
    {"Employment", "employment", "employee", "employer"},
    {"Representation", "representation", "agent", "client"},
    {"Succession", "succession", "predecessor", "successor"},
}};


const RelationSchema* relation_schema(std::string_view schema) {
    for (const RelationSchema& r : kRelationSchemata) {
        if (r.schema == schema) return &r;
    }
    return nullptr;
}

// FtM schemata that are neither parties nor relations: known, but not screened.
bool is_other_ftm_schema(std::string_view schema) {
    static constexpr std::string_view kOther[] = {
        "Thing",       "Address",       "Sanction",         "Identification", "Passport",
        "Note",        "Event",         "Position",         "Occupancy",      "Mention",
        "Asset",       "RealEstate",    "Security",         "BankAccount",    "Vehicle",
        "Interval",    "Interest",      "Value",            "Debt",           "Payment",
        "Contract",    "ContractAward", "CourtCase",        "CourtCaseParty", "Project",
        "ProjectParticipant", "Trip",   "TaxRoll",          "Article",        "Document",
        "Email",       "Page",          "Pages",            "PlainText",      "HyperText",
        "Image",       "Documentation", "UserAccount",      "EconomicActivity", "License",
    };
    return std::find(std::begin(kOther), std::end(kOther), schema) != std::end(kOther);
}

// Identifier-bearing properties of party schemata.
struct IdProperty {
    std::string_view property;
    IdType type;
    std::string_view country;  // implied issuing country
};

constexpr std::array<IdProperty, 13> kIdProperties = {{
    {"passportNumber", IdType::kPassport, ""},
    {"idNumber", IdType::kNationalId, ""},
    {"innCode", IdType::kTaxId, "ru"},
    {"ogrnCode", IdType::kRegistration, "ru"},
    {"okpoCode", IdType::kRegistration, "ru"},
    {"registrationNumber", IdType::kRegistration, ""},
    {"taxNumber", IdType::kTaxId, ""},
    {"vatCode", IdType::kTaxId, ""},
    {"imoNumber", IdType::kImo, ""},
    {"swiftBic", IdType::kSwiftBic, ""},
    {"bicCode", IdType::kSwiftBic, ""},
    {"leiCode", IdType::kLei, ""},
    {"publicKey", IdType::kCryptoAddress, ""},
}};

// One parsed line.
struct Record {
    std::string id;
    std::string schema;
    std::string caption;
    Properties props;
    std::size_t line = 0;
};

void add_fact(std::vector<Fact>& facts, std::string value, const Location& where) {
    value = collapse_whitespace(value);
    if (value.empty()) return;
    for (const Fact& f : facts) {
        if (f.value == value) return;
    }
    facts.push_back(Fact{std::move(value), where});
}

void add_name(Entity& e, const std::string& raw, NameKind kind, const Location& where) {
    std::string full = collapse_whitespace(raw);
    if (full.empty()) return;
    for (const Name& n : e.names) {
        if (n.full == full) return;
    }
    e.names.push_back(Name{std::move(full), kind, where});
}

void add_identifier(Entity& e, Identifier id) {
    id.value = collapse_whitespace(id.value);
    if (id.value.empty()) return;
    for (const Identifier& other : e.identifiers) {
        if (other.type == id.type && other.value == id.value) return;
    }
    e.identifiers.push_back(std::move(id));
}

void add_date(std::vector<DatedFact>& dates, const std::string& raw, const Location& where,
              std::vector<Fact>& remarks, std::string_view label) {
    auto d = parse_partial_date(raw);
    if (!d) {
        add_fact(remarks, std::string(label) + ": " + raw, where);
        return;
    }
    for (const DatedFact& f : dates) {
        if (f.raw == raw) return;
    }
    dates.push_back(DatedFact{*d, raw, where});
}

// Builds a party entity from its properties.
Entity make_party(const Record& r, Schema schema, const std::string& file, const std::string& source) {
    Entity e;
    e.id = r.id;
    e.native_id = r.id;
    e.source = source;
    e.schema = schema;
    auto at = [&](std::string_view prop) { return Location{file, r.line, "", std::string(prop)}; };

    // Names in a fixed order whatever the JSON key order: the first "name" is the primary.
    for (const std::string& n : values_of(r.props, "name")) {
        add_name(e, n, e.names.empty() ? NameKind::kPrimary : NameKind::kAlias, at("name"));
    }
    if (e.names.empty()) add_name(e, r.caption, NameKind::kPrimary, at("caption"));
    for (const std::string& n : values_of(r.props, "alias")) add_name(e, n, NameKind::kAlias, at("alias"));
    for (const std::string& n : values_of(r.props, "previousName")) {
        add_name(e, n, NameKind::kFormerName, at("previousName"));
    }
    for (const std::string& n : values_of(r.props, "weakAlias")) {
        add_name(e, n, NameKind::kWeakAlias, at("weakAlias"));
    }
    // Without "name" and caption, a strong alias stands in as the primary.
    if (!e.names.empty()) e.names.front().kind = NameKind::kPrimary;

    for (const auto& [prop, values] : r.props) {
        Location where = at(prop);
        for (const std::string& v : values) {
            if (prop == "birthDate") {
                add_date(e.birth_dates, v, where, e.remarks, "birthDate");
            } else if (prop == "birthPlace") {
                add_fact(e.birth_places, v, where);
            } else if (prop == "nationality" || prop == "citizenship") {
                add_fact(e.nationalities, v, where);
            } else if (prop == "country" || prop == "jurisdiction" || prop == "mainCountry" ||
                       prop == "birthCountry" || prop == "flag") {
                add_fact(e.countries, v, where);
            } else if (prop == "gender") {
                add_fact(e.gender, v, where);
            } else if (prop == "position" || prop == "title") {
                add_fact(e.titles, v, where);
            } else if (prop == "address") {
                Address a;
                a.full = collapse_whitespace(v);
                a.where = where;
                if (!a.full.empty()) e.addresses.push_back(std::move(a));
            } else if (prop == "program" || prop == "programId") {
                add_fact(e.programs, v, where);
            } else if (prop == "notes" || prop == "summary") {
                add_fact(e.remarks, v, where);
            }
        }
    }
    for (const IdProperty& p : kIdProperties) {
        for (const std::string& v : values_of(r.props, p.property)) {
            Identifier id;
            id.type = p.type;
            id.type_label = std::string(p.property);
            id.value = v;
            id.country = std::string(p.country);
            if (p.type == IdType::kCryptoAddress) {
                const Values& currency = values_of(r.props, "currency");
                if (!currency.empty()) id.asset = upper_ascii(currency.front());
            }
            id.where = at(p.property);
            add_identifier(e, std::move(id));
        }
    }
    return e;
}

Address make_address(const Record& r, const std::string& file) {
    auto first = [&](std::string_view prop) {
        const Values& v = values_of(r.props, prop);
        return v.empty() ? std::string() : collapse_whitespace(v.front());
    };
    Address a;
    a.street = first("street");
    a.city = first("city");
    a.region = first("region");
    a.postal_code = first("postalCode");
    a.country = first("country");
    a.full = first("full");
    if (a.full.empty()) a.full = collapse_whitespace(r.caption);
    a.where = Location{file, r.line, "", "full"};
    return a;
}

// The default list name: the file name without folders and without .json/.jsonl/.ndjson/.ftm.
std::string file_stem(const std::string& path) {
    std::string name = path.substr(path.find_last_of('/') + 1);
    for (std::string_view suffix : {".json", ".jsonl", ".ndjson", ".ftm"}) {
        if (name.size() > suffix.size() && name.ends_with(suffix)) {
            name.resize(name.size() - suffix.size());
        }
    }
    return name;
}

// Reads the properties object: every value an array of strings (a bare string is tolerated).
void read_properties(simdjson::dom::object obj, Properties& out) {
    for (auto [key, value] : obj) {
        Values& values = out[std::string(key)];
        if (simdjson::dom::array arr; value.get_array().get(arr) == simdjson::SUCCESS) {
            for (simdjson::dom::element item : arr) {
                std::string_view s;
                if (item.get_string().get(s) == simdjson::SUCCESS) values.emplace_back(s);
            }
        } else if (std::string_view s; value.get_string().get(s) == simdjson::SUCCESS) {
            values.emplace_back(s);
        }
    }
}

std::string get_string_field(simdjson::dom::object obj, std::string_view key) {
    std::string_view s;
    if (obj.at_key(key).get_string().get(s) != simdjson::SUCCESS) return {};
    return std::string(s);
}

}  // namespace

std::optional<Schema> ftm_party_schema(std::string_view schema) {
    if (schema == "Person") return Schema::kPerson;
    if (schema == "Organization" || schema == "PublicBody") return Schema::kOrganization;
    if (schema == "Company") return Schema::kCompany;
    if (schema == "LegalEntity") return Schema::kLegalEntity;
    if (schema == "Vessel") return Schema::kVessel;
    if (schema == "Airplane") return Schema::kAircraft;
    if (schema == "CryptoWallet") return Schema::kCryptoWallet;
    return std::nullopt;
}

Result<SourceList> load_ftm_json(const std::string& path, const LoadOptions& options) {
    auto text = read_file(path);
    if (!text) return text.error();
    // One padded copy, so each line can be parsed in place (simdjson reads a little past the end).
    simdjson::padded_string buffer(*text);
    std::string().swap(*text);
    std::string_view all(buffer.data(), buffer.size());

    SourceList list;
    list.name = options.name.empty() ? file_stem(path) : options.name;
    list.format = "ftm-json";
    list.files.push_back(path);

    auto bad_record = [&](std::string message, std::size_t line) -> std::optional<Error> {
        Location where{path, line, "", ""};
        if (options.strict) return make_error(ErrorCode::kParse, std::move(message), where);
        ++list.skipped_records;
        list.warnings.push_back(Diagnostic{"skipped line: " + message, where});
        return std::nullopt;
    };

    // Pass 1: parties become entities at once; the records that only add to parties (relations,
    // addresses, sanctions, identifications) wait for pass 2, as they may come first.
    simdjson::dom::parser parser;
    std::unordered_map<std::string, std::size_t> index;  // entity id -> position in list.entities
    struct PartyLinks {
        std::size_t entity;
        Values addresses;  // addressEntity ids
        Values holders;    // CryptoWallet holder ids
        Location where;
    };
    std::vector<PartyLinks> party_links;
    std::vector<Record> deferred;
    std::map<std::string, std::size_t> ignored;  // schema -> count
    std::size_t line_no = 0;
    std::size_t pos = 0;
    if (all.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
    while (pos < all.size()) {
        std::size_t end = all.find('\n', pos);
        if (end == std::string_view::npos) end = all.size();
        std::string_view line = all.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        if (trim(line).empty()) continue;

        simdjson::dom::element doc;
        if (auto err = parser.parse(line.data(), line.size(), false).get(doc)) {
            if (auto e = bad_record(std::string("bad JSON: ") + simdjson::error_message(err), line_no)) {
                return *e;
            }
            continue;
        }
        simdjson::dom::object obj;
        if (doc.get_object().get(obj) != simdjson::SUCCESS) {
            if (auto e = bad_record("not a JSON object", line_no)) return *e;
            continue;
        }
        Record r;
        r.line = line_no;
        r.id = get_string_field(obj, "id");
        r.schema = get_string_field(obj, "schema");
        r.caption = get_string_field(obj, "caption");
        if (r.id.empty()) {
            if (auto e = bad_record("entity without \"id\"", line_no)) return *e;
            continue;
        }
        if (r.schema.empty()) {
            if (auto e = bad_record("entity " + r.id + " without \"schema\"", line_no)) return *e;
            continue;
        }
        const auto schema = ftm_party_schema(r.schema);
        const bool folded = relation_schema(r.schema) != nullptr || r.schema == "Address" ||
                            r.schema == "Sanction" || r.schema == "Passport" ||
                            r.schema == "Identification";
        if (!schema && !folded) {
            if (is_other_ftm_schema(r.schema)) {
                ++ignored[r.schema];
            } else if (auto e = bad_record("entity " + r.id + " has unknown schema \"" + r.schema + "\"",
                                           line_no)) {
                return *e;
            }
            continue;
        }
        if (simdjson::dom::object props; obj.at_key("properties").get_object().get(props) ==
                                         simdjson::SUCCESS) {
            read_properties(props, r.props);
        }
        if (!schema) {
            deferred.push_back(std::move(r));
            continue;
        }
        if (index.count(r.id) != 0) {
            if (auto e = bad_record("duplicate id " + r.id, line_no)) return *e;
            continue;
        }
        Entity e = make_party(r, *schema, path, list.name);
        if (e.names.empty()) {
            if (auto err = bad_record("entity " + r.id + " has no name", line_no)) return *err;
            continue;
        }
        PartyLinks links{list.entities.size(), values_of(r.props, "addressEntity"), {},
                         Location{path, line_no, "", ""}};
        if (*schema == Schema::kCryptoWallet) links.holders = values_of(r.props, "holder");
        if (!links.addresses.empty() || !links.holders.empty()) party_links.push_back(std::move(links));
        index.emplace(r.id, list.entities.size());
        list.entities.push_back(std::move(e));
    }

    auto find = [&](const std::string& id) -> Entity* {
        auto it = index.find(id);
        return it == index.end() ? nullptr : &list.entities[it->second];
    };
    std::size_t dangling = 0;  // relations/facts naming no party in the file
    auto link = [&](std::string_view kind, const std::string& a, std::string_view a_role,
                    const std::string& b, std::string_view b_role, const std::string& detail,
                    const Location& where) {
        Entity* ea = find(a);
        Entity* eb = find(b);
        if (!ea && !eb) ++dangling;
        auto describe = [&](std::string_view role) {
            return detail.empty() ? std::string(role) : std::string(role) + "; " + detail;
        };
        if (ea) ea->relations.push_back(Relation{std::string(kind), "", b, describe(b_role), where});
        if (eb) eb->relations.push_back(Relation{std::string(kind), "", a, describe(a_role), where});
    };

    // Pass 2: what parties point at (addresses, wallet holders), then what points at parties.
    std::unordered_map<std::string, const Record*> addresses;
    for (const Record& r : deferred) {
        if (r.schema == "Address") addresses.emplace(r.id, &r);
    }
    for (const PartyLinks& links : party_links) {
        const std::string& id = list.entities[links.entity].id;
        for (const std::string& ref : links.addresses) {
            Entity& e = list.entities[links.entity];
            auto it = addresses.find(ref);
            if (it == addresses.end()) continue;
            Address a = make_address(*it->second, path);
            if (a.full.empty()) continue;
            // Add the structured address unless its text is already there.
            bool known = std::any_of(e.addresses.begin(), e.addresses.end(),
                                     [&](const Address& x) { return x.full == a.full; });
            if (!a.country.empty()) add_fact(e.countries, a.country, a.where);
            if (!known) e.addresses.push_back(std::move(a));
        }
        for (const std::string& holder : links.holders) {
            link("holder", id, "wallet", holder, "holder", "", links.where);
        }
    }

    for (const Record& r : deferred) {
        Location where{path, r.line, "", ""};
        if (const RelationSchema* rel = relation_schema(r.schema)) {
            std::string detail;
            for (std::string_view prop : {"role", "relationship"}) {
                for (const std::string& v : values_of(r.props, prop)) {
                    if (!detail.empty()) detail += "; ";
                    detail += collapse_whitespace(v);
                }
            }
            for (const std::string& v : values_of(r.props, "percentage")) {
                if (!detail.empty()) detail += "; ";
                detail += collapse_whitespace(v);
                if (!detail.ends_with('%')) detail += '%';
            }
            for (const std::string& a : values_of(r.props, rel->end_a)) {
                for (const std::string& b : values_of(r.props, rel->end_b)) {
                    link(rel->kind, a, rel->end_a, b, rel->end_b, detail, where);
                }
            }
        } else if (r.schema == "Sanction") {
            bool found = false;
            for (const std::string& target : values_of(r.props, "entity")) {
                Entity* e = find(target);
                if (!e) continue;
                found = true;
                for (std::string_view prop : {"program", "programId"}) {
                    for (const std::string& v : values_of(r.props, prop)) {
                        add_fact(e->programs, v, Location{path, r.line, "", std::string(prop)});
                    }
                }
                const Values& listed = values_of(r.props, "listingDate").empty()
                                           ? values_of(r.props, "startDate")
                                           : values_of(r.props, "listingDate");
                for (const std::string& v : listed) {
                    add_date(e->listed_on, v, Location{path, r.line, "", "listingDate"}, e->remarks,
                             "listingDate");
                }
            }
            if (!found) ++dangling;
        } else if (r.schema == "Passport" || r.schema == "Identification") {
            const Values& numbers = values_of(r.props, "number").empty()
                                        ? values_of(r.props, "passportNumber")
                                        : values_of(r.props, "number");
            bool found = false;
            for (const std::string& holder : values_of(r.props, "holder")) {
                Entity* e = find(holder);
                if (!e) continue;
                found = true;
                for (const std::string& number : numbers) {
                    Identifier id;
                    const Values& type = values_of(r.props, "type");
                    id.type_label = type.empty() ? r.schema : collapse_whitespace(type.front());
                    id.type = r.schema == "Passport" ||
                                      lower_ascii(id.type_label).find("passport") != std::string::npos
                                  ? IdType::kPassport
                                  : IdType::kNationalId;
                    id.value = number;
                    const Values& country = values_of(r.props, "country");
                    if (!country.empty()) id.country = country.front();
                    id.where = Location{path, r.line, "", "number"};
                    add_identifier(*e, std::move(id));
                }
            }
            if (!found) ++dangling;
        }
    }

    if (!ignored.empty()) {
        std::string message = "ignored entities of schemata that are not screened:";
        std::size_t total = 0;
        for (const auto& [schema, count] : ignored) {
            message += " " + schema + " " + std::to_string(count) + ",";
            total += count;
        }
        message.back() = ' ';
        message += "(" + std::to_string(total) + " in all)";
        list.warnings.push_back(Diagnostic{std::move(message), Location{path, 0, "", ""}});
    }
    if (dangling != 0) {
        list.warnings.push_back(Diagnostic{
            std::to_string(dangling) +
                " relation or sanction/identification entities name no party in this file",
            Location{path, 0, "", ""}});
    }
    return list;
}

}  // namespace cordon
