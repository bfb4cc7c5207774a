// cordon's CSV for custom lists (docs/custom-lists.md): a header row naming the columns, in any
// order, then one party per row. Multi-valued cells separate values with "|"; identifiers are
// "type:value" items ("passport:109420132|crypto:XBT:1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ").
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "cordon/ingest.h"
#include "csv.h"

namespace cordon {

namespace {

enum class Column {
    kId,
    kSchema,
    kName,
    kAliases,
    kWeakAliases,
    kFormerNames,
    kBirthDate,
    kBirthPlace,
    kNationality,
    kCountry,
    kGender,
    kTitles,
    kAddresses,
    kIdentifiers,
    kPrograms,
    kListedOn,
    kRemarks,
};

struct ColumnName {
    std::string_view name;
    Column column;
};

constexpr std::array<ColumnName, 17> kColumns = {{
    {"id", Column::kId},
    {"schema", Column::kSchema},
    {"name", Column::kName},
    {"aliases", Column::kAliases},
    {"weak_aliases", Column::kWeakAliases},
    {"former_names", Column::kFormerNames},
    {"birth_date", Column::kBirthDate},
    {"birth_place", Column::kBirthPlace},
    {"nationality", Column::kNationality},
    {"country", Column::kCountry},
    {"gender", Column::kGender},
    {"titles", Column::kTitles},
    {"addresses", Column::kAddresses},
    {"identifiers", Column::kIdentifiers},
    {"programs", Column::kPrograms},
    {"listed_on", Column::kListedOn},
    {"remarks", Column::kRemarks},
}};



// Splits a multi-valued cell on "|", trimming and dropping empty items.
std::vector<std::string> split_values(std::string_view cell) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= cell.size()) {
        std::size_t bar = cell.find('|', start);
        if (bar == std::string_view::npos) bar = cell.size();
        std::string item = collapse_whitespace(cell.substr(start, bar - start));
        if (!item.empty()) out.push_back(std::move(item));
        start = bar + 1;
    }
    return out;
}

std::optional<IdType> id_type_from_name(std::string_view name) {
    for (IdType t : {IdType::kOther, IdType::kPassport, IdType::kNationalId, IdType::kTaxId,
                     IdType::kRegistration, IdType::kImo, IdType::kSwiftBic,
                     IdType::kCryptoAddress, IdType::kLei}) {
        if (id_type_name(t) == name) return t;
    }
    return std::nullopt;
}

std::string file_stem(const std::string& path) {
    std::string name = path.substr(path.find_last_of('/') + 1);
    if (name.size() > 4 && lower_ascii(name).ends_with(".csv")) name.resize(name.size() - 4);
    return name;
}

void add_fact(std::vector<Fact>& facts, std::string value, const Location& where) {
    for (const Fact& f : facts) {
        if (f.value == value) return;
    }
    facts.push_back(Fact{std::move(value), where});
}

// Fills `e` from one row; returns a message describing the first bad cell, or nothing.
std::optional<std::string> read_row(const std::vector<std::optional<Column>>& columns,
                                    const std::vector<std::string>& header,
                                    const CsvRecord& rec, const std::string& file, Entity& e,
                                    std::string& bad_field) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (!columns[i]) continue;
        const std::string& cell = rec.fields[i];
        Location where{file, rec.line, "", header[i]};
        bad_field = header[i];
        switch (*columns[i]) {
            case Column::kId:
                e.native_id = collapse_whitespace(cell);
                if (e.native_id.empty()) return "empty id";
                break;
            case Column::kSchema: {
                std::string s = collapse_whitespace(cell);
                auto schema = parse_schema(s);
                if (!schema) return "unknown schema \"" + s + "\"";
                e.schema = *schema;
                break;
            }
            case Column::kName: {
                std::string name = collapse_whitespace(cell);
                if (name.empty()) return "empty name";
                e.names.insert(e.names.begin(), Name{std::move(name), NameKind::kPrimary, where});
                break;
            }
            case Column::kAliases:
            case Column::kWeakAliases:
            case Column::kFormerNames: {
                NameKind kind = *columns[i] == Column::kAliases       ? NameKind::kAlias
                                : *columns[i] == Column::kWeakAliases ? NameKind::kWeakAlias
                                                                      : NameKind::kFormerName;
                for (std::string& v : split_values(cell)) e.names.push_back(Name{std::move(v), kind, where});
                break;
            }
            case Column::kBirthDate:
            case Column::kListedOn: {
                auto& dates = *columns[i] == Column::kBirthDate ? e.birth_dates : e.listed_on;
                for (std::string& v : split_values(cell)) {
                    auto d = parse_partial_date(v);
                    if (!d) return "bad date \"" + v + "\"";
                    dates.push_back(DatedFact{*d, std::move(v), where});
                }
                break;
            }
            case Column::kBirthPlace:
                for (std::string& v : split_values(cell)) add_fact(e.birth_places, std::move(v), where);
                break;
            case Column::kNationality:
                for (std::string& v : split_values(cell)) add_fact(e.nationalities, std::move(v), where);
                break;
            case Column::kCountry:
                for (std::string& v : split_values(cell)) add_fact(e.countries, std::move(v), where);
                break;
            case Column::kGender:
                if (std::string g = collapse_whitespace(cell); !g.empty()) add_fact(e.gender, std::move(g), where);
                break;
            case Column::kTitles:
                for (std::string& v : split_values(cell)) add_fact(e.titles, std::move(v), where);
                break;
            case Column::kAddresses:
                for (std::string& v : split_values(cell)) {
                    Address a;
                    a.full = std::move(v);
                    a.where = where;
                    e.addresses.push_back(std::move(a));
                }
                break;
            case Column::kIdentifiers:
                for (const std::string& item : split_values(cell)) {
                    std::size_t colon = item.find(':');
                    if (colon == std::string::npos || colon == 0) {
                        return "identifier \"" + item + "\" is not type:value";
                    }
                    Identifier id;
                    id.type_label = collapse_whitespace(item.substr(0, colon));
                    id.type = id_type_from_name(lower_ascii(id.type_label)).value_or(IdType::kOther);
                    id.value = collapse_whitespace(item.substr(colon + 1));
                    if (id.type == IdType::kCryptoAddress) {
                        // "crypto:XBT:address": the asset code comes first when given.
                        if (std::size_t c2 = id.value.find(':'); c2 != std::string::npos) {
                            id.asset = collapse_whitespace(id.value.substr(0, c2));
                            id.value = collapse_whitespace(id.value.substr(c2 + 1));
                        }
                    }
                    if (id.value.empty()) return "identifier \"" + item + "\" has no value";
                    id.where = where;
                    e.identifiers.push_back(std::move(id));
                }
                break;
            case Column::kPrograms:
                for (std::string& v : split_values(cell)) add_fact(e.programs, std::move(v), where);
                break;
            case Column::kRemarks:
                if (std::string r = collapse_whitespace(cell); !r.empty()) add_fact(e.remarks, std::move(r), where);
                break;
        }
    }
    bad_field.clear();
    return std::nullopt;
}

}  // namespace

Result<SourceList> load_custom_csv(const std::string& path, const LoadOptions& options) {
    auto text = read_file(path);
    if (!text) return text.error();

    SourceList list;
    list.name = options.name.empty() ? file_stem(path) : options.name;
    list.format = "custom-csv";
    list.files.push_back(path);

    CsvReader reader(*text, path);
    CsvRecord rec;
    auto more = reader.next(rec);
    if (!more) return more.error();
    if (!*more) return make_error(ErrorCode::kParse, "empty file: a header row is required", {path, 1, "", ""});

    // Header: map each column to its meaning; unknown columns are ignored (lenient) or refused.
    std::vector<std::string> header;
    std::vector<std::optional<Column>> columns;
    std::unordered_set<std::string> seen;
    for (const std::string& raw : rec.fields) {
        std::string name = lower_ascii(trim(raw));
        Location where{path, rec.line, "", name};
        if (!seen.insert(name).second) {
            return make_error(ErrorCode::kParse, "duplicate column \"" + name + "\"", where);
        }
        auto it = std::find_if(kColumns.begin(), kColumns.end(),
                               [&](const ColumnName& c) { return c.name == name; });
        if (it == kColumns.end()) {
            if (options.strict) {
                return make_error(ErrorCode::kParse, "unknown column \"" + name + "\"", where);
            }
            list.warnings.push_back(Diagnostic{"ignored unknown column \"" + name + "\"", where});
            columns.emplace_back(std::nullopt);
        } else {
            columns.emplace_back(it->column);
        }
        header.push_back(std::move(name));
    }
    for (std::string_view required : {"id", "name"}) {
        if (seen.count(std::string(required)) == 0) {
            return make_error(ErrorCode::kParse,
                              "missing required column \"" + std::string(required) +
                                  "\" in the header row",
                              {path, rec.line, "", ""});
        }
    }

    std::unordered_set<std::string> ids;
    while (true) {
        more = reader.next(rec);
        if (!more) return more.error();  // broken quoting leaves no safe place to resume
        if (!*more) break;

        Entity e;
        std::string field;
        std::optional<std::string> problem;
        if (rec.fields.size() != header.size()) {
            problem = std::to_string(rec.fields.size()) + " fields where the header has " +
                      std::to_string(header.size());
        } else {
            problem = read_row(columns, header, rec, path, e, field);
        }
        if (!problem && !ids.insert(e.native_id).second) {
            problem = "duplicate id \"" + e.native_id + "\"";
            field = "id";
        }
        if (problem) {
            Location where{path, rec.line, "", field};
            if (options.strict) return make_error(ErrorCode::kParse, *problem, where);
            ++list.skipped_records;
            list.warnings.push_back(Diagnostic{"skipped row: " + *problem, where});
            continue;
        }
        e.source = list.name;
        e.id = list.name + ":" + e.native_id;
        list.entities.push_back(std::move(e));
    }
    return list;
}

}  // namespace cordon
