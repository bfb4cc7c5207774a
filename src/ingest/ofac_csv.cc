// OFAC legacy CSV set: sdn.csv (or cons_prim.csv) joined on ent_num with add.csv, alt.csv and
// sdn_comments.csv.
//
// The main file is read first; the others only add to entities it listed. Long remarks are cut at
// 1000 characters in the main file and continue in the comments file, so remarks are parsed only
// after that join. Files of different dates meet rows on both sides that have no partner (orphans):
// those are counted, one warning per file, and are not errors.
#include <array>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "csv.h"
#include "ofac_common.h"

#include "cordon/ingest.h"

namespace cordon {

namespace {

using Columns = std::span<const std::string_view>;

constexpr std::array<std::string_view, 12> kMainColumns = {
    "ent_num",   "SDN_Name", "SDN_Type", "Program",   "Title",      "Call_Sign",
    "Vess_type", "Tonnage",  "GRT",      "Vess_flag", "Vess_owner", "Remarks"};
constexpr std::array<std::string_view, 6> kAddColumns = {
    "ent_num", "Add_num", "Address", "City/State/Postal", "Country", "Add_remarks"};
constexpr std::array<std::string_view, 5> kAltColumns = {"ent_num", "alt_num", "alt_type",
                                                         "alt_name", "alt_remarks"};
constexpr std::array<std::string_view, 2> kCommentColumns = {"ent_num", "Remarks"};

// A continuation shorter than this that happens to repeat the end of the main remarks is taken as
// a real continuation; a longer repeat means the two files cut the remarks at different places.
constexpr std::size_t kMinOverlap = 12;

bool is_number(std::string_view s) {
    if (s.empty())
        return false;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

// The field as published, or empty for OFAC's "-0-".
std::string_view value_of(const std::string& field) {
    return is_ofac_null(field) ? std::string_view() : trim(field);
}

Location at(const std::string& file, std::size_t line, std::string_view field) {
    return Location{file, line, "", std::string(field)};
}

// Length of the longest prefix of `tail` (at least kMinOverlap long) that `head` ends with.
std::size_t overlap(std::string_view head, std::string_view tail) {
    for (std::size_t k = std::min(head.size(), tail.size()); k >= kMinOverlap; --k) {
        if (head.substr(head.size() - k) == tail.substr(0, k))
            return k;
    }
    return 0;
}

struct PendingRemarks {
    std::string text;
    Location where;
    std::size_t continuation_at = std::string::npos;
    Location continuation_where;
};

class OfacCsvLoader {
public:
    OfacCsvLoader(const OfacCsvFiles& files, const LoadOptions& options)
        : files_(files),
          options_(options) {}

    Result<SourceList> load() {
        list_.format = "ofac-csv";
        if (!options_.name.empty()) {
            list_.name = options_.name;
        } else {
            list_.name =
                ofac::contains_ci(ofac::base_name(files_.main), "cons") ? "ofac-cons" : "ofac-sdn";
        }
        main_name_ = std::string(ofac::base_name(files_.main));

        if (Status s = read(files_.main, kMainColumns, &OfacCsvLoader::main_row); !s) {
            return s.error();
        }
        if (!files_.comments.empty()) {
            if (Status s = read(files_.comments, kCommentColumns, &OfacCsvLoader::comment_row);
                !s) {
                return s.error();
            }
        }
        if (!files_.alt.empty()) {
            if (Status s = read(files_.alt, kAltColumns, &OfacCsvLoader::alt_row); !s) {
                return s.error();
            }
        }
        if (!files_.add.empty()) {
            if (Status s = read(files_.add, kAddColumns, &OfacCsvLoader::add_row); !s) {
                return s.error();
            }
        }
        for (std::size_t i = 0; i < list_.entities.size(); ++i) {
            const PendingRemarks& r = remarks_[i];
            if (r.text.empty())
                continue;
            ofac::apply_ofac_remarks_joined(r.text, r.where, r.continuation_at,
                                            r.continuation_where, list_.entities[i]);
        }
        return std::move(list_);
    }

private:
    using RowFn = Status (OfacCsvLoader::*)(std::string_view ent_num, CsvRecord& rec,
                                            const std::string& file);

    // Reads every record of `path`, checks its shape and passes the well-formed ones to `row`.
    // A CSV syntax error fails the load whatever the mode: past it, record boundaries are guesses.
    Status read(const std::string& path, Columns columns, RowFn row) {
        Result<std::string> text = read_file(path);
        if (!text)
            return text.error();
        list_.files.push_back(path);
        orphans_ = 0;
        orphan_ids_.clear();

        CsvReader reader(*text, path);
        CsvRecord rec;
        while (true) {
            Result<bool> more = reader.next(rec);
            if (!more)
                return more.error();
            if (!*more)
                break;
            if (rec.fields.size() != columns.size()) {
                std::string field = rec.fields.size() < columns.size()
                                        ? std::string(columns[rec.fields.size()])
                                        : "field " + std::to_string(columns.size() + 1);
                if (auto e = bad_record("expected " + std::to_string(columns.size()) +
                                            " fields, found " + std::to_string(rec.fields.size()),
                                        at(path, rec.line, field))) {
                    return *e;
                }
                continue;
            }
            std::string_view ent_num = trim(rec.fields[0]);
            if (!is_number(ent_num)) {
                if (auto e = bad_record("ent_num '" + std::string(ent_num) + "' is not a number",
                                        at(path, rec.line, "ent_num"))) {
                    return *e;
                }
                continue;
            }
            if (Status s = (this->*row)(ent_num, rec, path); !s)
                return s.error();
        }
        if (orphans_ > 0) {
            std::string base(ofac::base_name(path));
            list_.warnings.push_back({std::to_string(orphans_) + " rows in " + base +
                                          " name an ent_num not in " + main_name_ + " (" +
                                          std::to_string(orphan_ids_.size()) +
                                          " distinct ent_nums); skipped",
                                      at(path, 0, "ent_num")});
        }
        return Ok{};
    }

    // In strict mode, the error to fail with; otherwise the record is counted and described.
    std::optional<Error> bad_record(std::string message, Location where) {
        if (options_.strict)
            return make_error(ErrorCode::kParse, std::move(message), std::move(where));
        ++list_.skipped_records;
        list_.warnings.push_back({"skipped record: " + message, std::move(where)});
        return std::nullopt;
    }

    // The entity an add/alt/comments row belongs to; nullptr (and counted) for an orphan.
    std::size_t* find(std::string_view ent_num) {
        auto it = index_.find(std::string(ent_num));
        if (it == index_.end()) {
            ++orphans_;
            orphan_ids_.emplace(ent_num);
            return nullptr;
        }
        return &it->second;
    }

    Status main_row(std::string_view ent_num, CsvRecord& rec, const std::string& file) {
        const auto& f = rec.fields;
        const std::size_t line = rec.line;
        auto [it, inserted] = index_.emplace(std::string(ent_num), list_.entities.size());
        if (!inserted) {
            const Entity& first = list_.entities[it->second];
            if (auto e =
                    bad_record("duplicate ent_num " + std::string(ent_num) + " (first on line " +
                                   std::to_string(first.names.front().where.line) + ")",
                               at(file, line, "ent_num"))) {
                return *e;
            }
            return Ok{};
        }
        std::string name = collapse_whitespace(value_of(f[1]));
        if (name.empty()) {
            index_.erase(it);
            if (auto e = bad_record("empty SDN_Name", at(file, line, "SDN_Name")))
                return *e;
            return Ok{};
        }

        Entity e;
        e.native_id = std::string(ent_num);
        e.source = list_.name;
        e.id = list_.name + ":" + e.native_id;
        e.names.push_back({std::move(name), NameKind::kPrimary, at(file, line, "SDN_Name")});

        std::string type = collapse_whitespace(value_of(f[2]));
        if (type.empty()) {
            e.schema = Schema::kOrganization;  // OFAC leaves the type of entities empty
        } else if (auto s = parse_schema(type); s && *s != Schema::kUnknown) {
            e.schema = *s;
        } else {
            e.schema = Schema::kOrganization;
            list_.warnings.push_back({"unknown SDN_Type '" + type + "', taken as Organization",
                                      at(file, line, "SDN_Type")});
        }
        for (std::string& p : ofac::split_programs(value_of(f[3]))) {
            e.programs.push_back({std::move(p), at(file, line, "Program")});
        }
        if (auto v = value_of(f[4]); !v.empty()) {
            e.titles.push_back({collapse_whitespace(v), at(file, line, "Title")});
        }
        if (auto v = value_of(f[5]); !v.empty()) {
            Identifier id;
            id.type = IdType::kOther;
            id.type_label = "Call Sign";
            id.value = collapse_whitespace(v);
            id.where = at(file, line, "Call_Sign");
            e.identifiers.push_back(std::move(id));
        }
        if (auto v = value_of(f[6]); !v.empty()) {
            e.remarks.push_back(
                {"Vessel Type " + collapse_whitespace(v), at(file, line, "Vess_type")});
        }
        if (auto v = value_of(f[7]); !v.empty()) {
            e.remarks.push_back({"Tonnage " + collapse_whitespace(v), at(file, line, "Tonnage")});
        }
        if (auto v = value_of(f[8]); !v.empty()) {
            e.remarks.push_back(
                {"Gross Registered Tonnage " + collapse_whitespace(v), at(file, line, "GRT")});
        }
        if (auto v = value_of(f[9]); !v.empty())
            ofac::add_country(e, v, at(file, line, "Vess_flag"));
        if (auto v = value_of(f[10]); !v.empty()) {
            Relation rel;
            rel.kind = "ownership";
            rel.target_name = collapse_whitespace(v);
            rel.detail = "vessel owner";
            rel.where = at(file, line, "Vess_owner");
            e.relations.push_back(std::move(rel));
        }

        PendingRemarks r;
        if (!is_ofac_null(f[11]))
            r.text = std::move(rec.fields[11]);
        r.where = at(file, line, "Remarks");
        remarks_.push_back(std::move(r));
        list_.entities.push_back(std::move(e));
        return Ok{};
    }

    Status comment_row(std::string_view ent_num, CsvRecord& rec, const std::string& file) {
        std::size_t* i = find(ent_num);
        if (i == nullptr)
            return Ok{};
        const std::string& more = rec.fields[1];
        if (is_ofac_null(more))
            return Ok{};
        PendingRemarks& r = remarks_[*i];
        // The continuation may repeat the end of the main remarks when the two files come from
        // different days and OFAC cut the text at a different place.
        const std::size_t k = overlap(r.text, more);
        if (k == more.size())
            return Ok{};
        if (r.continuation_at == std::string::npos) {
            r.continuation_at = r.text.size();
            r.continuation_where = at(file, rec.line, "Remarks");
        }
        r.text.append(more, k, std::string::npos);
        return Ok{};
    }

    Status alt_row(std::string_view ent_num, CsvRecord& rec, const std::string& file) {
        const auto& f = rec.fields;
        std::string name = collapse_whitespace(value_of(f[3]));
        if (name.empty()) {
            if (auto e = bad_record("empty alt_name", at(file, rec.line, "alt_name")))
                return *e;
            return Ok{};
        }
        std::size_t* i = find(ent_num);
        if (i == nullptr)
            return Ok{};
        Entity& e = list_.entities[*i];
        std::string_view type = value_of(f[2]);
        NameKind kind = NameKind::kAlias;  // "aka", and "nka" (now known as) too
        if (ofac::starts_with_ci(type, "fka")) {
            kind = NameKind::kFormerName;
        } else if (!type.empty() && !ofac::starts_with_ci(type, "aka") &&
                   !ofac::starts_with_ci(type, "nka")) {
            list_.warnings.push_back({"unknown alt_type '" + std::string(type) + "', taken as aka",
                                      at(file, rec.line, "alt_type")});
        }
        if (auto v = value_of(f[4]); !v.empty()) {
            e.remarks.push_back(
                {name + ": " + collapse_whitespace(v), at(file, rec.line, "alt_remarks")});
        }
        e.names.push_back({std::move(name), kind, at(file, rec.line, "alt_name")});
        return Ok{};
    }

    Status add_row(std::string_view ent_num, CsvRecord& rec, const std::string& file) {
        const auto& f = rec.fields;
        std::size_t* i = find(ent_num);
        if (i == nullptr)
            return Ok{};
        Entity& e = list_.entities[*i];
        Address a;
        a.street = collapse_whitespace(value_of(f[2]));
        // OFAC does not split city, state and postal code ("London EC3N 1DY").
        a.city = collapse_whitespace(value_of(f[3]));
        a.country = collapse_whitespace(value_of(f[4]));
        for (const std::string* part : {&a.street, &a.city, &a.country}) {
            if (part->empty())
                continue;
            if (!a.full.empty())
                a.full += ", ";
            a.full += *part;
        }
        if (!a.country.empty())
            ofac::add_country(e, a.country, at(file, rec.line, "Country"));
        if (auto v = value_of(f[5]); !v.empty()) {
            e.remarks.push_back({collapse_whitespace(v), at(file, rec.line, "Add_remarks")});
        }
        if (a.full.empty())
            return Ok{};
        a.where = at(file, rec.line, "Address");
        e.addresses.push_back(std::move(a));
        return Ok{};
    }

    const OfacCsvFiles& files_;
    const LoadOptions& options_;
    SourceList list_;
    std::string main_name_;
    std::unordered_map<std::string, std::size_t> index_;  // ent_num -> position in list_.entities
    std::vector<PendingRemarks> remarks_;                 // parallel to list_.entities
    std::size_t orphans_ = 0;
    std::unordered_set<std::string> orphan_ids_;
};

}  // namespace

Result<SourceList> load_ofac_csv(const OfacCsvFiles& files, const LoadOptions& options) {
    if (files.main.empty()) {
        return make_error(ErrorCode::kInvalidArgument, "no main OFAC CSV file given");
    }
    return OfacCsvLoader(files, options).load();
}

}  // namespace cordon
