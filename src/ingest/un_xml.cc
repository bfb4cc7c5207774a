// UN Security Council Consolidated List (https://scsanctions.un.org/resources/xml/en/consolidated.xml).
//
// The file holds INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY records keyed by REFERENCE_NUMBER
// ("KPi.066": regime, i/e for individual/entity, sequence). Every fact keeps the line of the element
// it came from (pugixml's offset_debug mapped to a line) and the record's element path.
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cordon/ingest.h"
#include "csv.h"
#include "xml_file.h"

namespace cordon {

namespace {

constexpr std::string_view kDefaultName = "un-sc";

// Collapses runs of whitespace (the file wraps long values over indented lines) and trims.


bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// Reads one INDIVIDUAL or ENTITY record into an Entity.
class RecordReader {
public:
    RecordReader(const std::string& file, const LineIndex& lines, std::string record_path,
                 Entity& entity)
        : file_(file), lines_(lines), path_(std::move(record_path)), e_(entity) {}

    Location at(pugi::xml_node node, std::string_view field) const {
        return Location{file_, lines_.line_of(node.offset_debug()), path_, std::string(field)};
    }

    static std::string text(pugi::xml_node node) { return collapse_whitespace(node.child_value()); }
    static std::string child_text(pugi::xml_node node, const char* name) {
        return collapse_whitespace(node.child_value(name));
    }

    void add_name(std::string full, NameKind kind, const Location& where) {
        if (full.empty()) return;
        for (const Name& n : e_.names) {
            if (n.full == full) return;  // same spelling already listed (often as a stronger kind)
        }
        e_.names.push_back(Name{std::move(full), kind, where});
    }

    static void add_fact(std::vector<Fact>& facts, std::string value, const Location& where) {
        if (value.empty()) return;
        for (const Fact& f : facts) {
            if (f.value == value) return;
        }
        facts.push_back(Fact{std::move(value), where});
    }

    void read_alias(pugi::xml_node alias) {
        std::string name = child_text(alias, "ALIAS_NAME");
        if (name.empty()) return;  // the file carries an empty alias element for "no alias"
        std::string quality = lower_ascii(child_text(alias, "QUALITY"));
        NameKind kind = NameKind::kAlias;
        if (quality == "low") {
            kind = NameKind::kWeakAlias;
        } else if (quality == "f.k.a." || quality == "fka") {
            kind = NameKind::kFormerName;
        }
        Location where = at(alias, alias.name());
        add_name(std::move(name), kind, where);
        // Some aliases come with the birth data used under that identity.
        if (std::string dob = child_text(alias, "DATE_OF_BIRTH"); !dob.empty()) {
            if (auto d = parse_partial_date(dob)) add_birth_date(*d, dob, where);
        }
        std::string pob = join({child_text(alias, "CITY_OF_BIRTH"),
                                child_text(alias, "COUNTRY_OF_BIRTH")});
        add_fact(e_.birth_places, std::move(pob), where);
    }

    void add_birth_date(const PartialDate& d, std::string raw, const Location& where) {
        for (const DatedFact& f : e_.birth_dates) {
            if (f.date.to_string() == d.to_string() && f.date.circa == d.circa) return;
        }
        e_.birth_dates.push_back(DatedFact{d, std::move(raw), where});
    }

    void read_birth_date(pugi::xml_node dob) {
        std::string type = lower_ascii(child_text(dob, "TYPE_OF_DATE"));
        std::string date = child_text(dob, "DATE");
        std::string year = child_text(dob, "YEAR");
        std::string from = child_text(dob, "FROM_YEAR");
        std::string to = child_text(dob, "TO_YEAR");
        std::string note = child_text(dob, "NOTE");
        Location where = at(dob, dob.name());

        std::optional<PartialDate> d;
        std::string raw;
        if (!from.empty() || !to.empty()) {
            d = parse_partial_date(from.empty() ? to : from);
            if (d && !from.empty() && !to.empty()) {
                if (auto end = parse_partial_date(to); end && end->year > d->year) {
                    d->year_to = end->year;
                }
            }
            raw = "between " + from + " and " + to;
        } else if (!date.empty() || !year.empty()) {
            raw = date.empty() ? year : date;
            d = parse_partial_date(raw);
        } else if (!note.empty()) {
            raw = note;  // "Nov. 1973", "30-35 years old"
            d = parse_partial_date(note);
            note.clear();
        }
        if (raw.empty()) return;
        if (type == "approximately") raw = "approximately " + raw;
        if (!note.empty()) raw += " (" + note + ")";
        if (!d) {
            add_fact(e_.remarks, "date of birth: " + raw, where);
            return;
        }
        if (type == "approximately") d->circa = true;
        add_birth_date(*d, std::move(raw), where);
    }

    static std::string join(std::initializer_list<std::string> parts,
                            std::string_view sep = ", ") {
        std::string out;
        for (const std::string& p : parts) {
            if (p.empty()) continue;
            if (!out.empty()) out += sep;
            out += p;
        }
        return out;
    }

    void read_place_of_birth(pugi::xml_node pob) {
        std::string place = join({child_text(pob, "STREET"), child_text(pob, "CITY"),
                                  child_text(pob, "STATE_PROVINCE"), child_text(pob, "COUNTRY")});
        if (std::string note = child_text(pob, "NOTE"); !note.empty()) {
            place = place.empty() ? note : place + " " + note;
        }
        add_fact(e_.birth_places, std::move(place), at(pob, pob.name()));
    }

    void read_address(pugi::xml_node node) {
        Address a;
        a.street = child_text(node, "STREET");
        a.city = child_text(node, "CITY");
        a.region = child_text(node, "STATE_PROVINCE");
        a.postal_code = child_text(node, "ZIP_CODE");
        a.country = child_text(node, "COUNTRY");
        a.full = join({a.street, a.city, a.region, a.postal_code, a.country});
        std::string note = child_text(node, "NOTE");
        if (a.full.empty() && note.empty()) return;
        if (!note.empty()) a.full = a.full.empty() ? note : a.full + " (" + note + ")";
        a.where = at(node, node.name());
        add_fact(e_.countries, a.country, a.where);
        e_.addresses.push_back(std::move(a));
    }

    static IdType document_type(std::string_view type, std::string_view type2) {
        for (const std::string& t : {lower_ascii(type), lower_ascii(type2)}) {
            if (contains(t, "passport") || contains(t, "passeport") || contains(t, "pasaporte")) {
                return IdType::kPassport;
            }
            if (contains(t, "fiscal") || contains(t, "tax")) return IdType::kTaxId;
            if (contains(t, "identification") || contains(t, "identity") ||
                contains(t, "tazkira") || contains(t, "national number")) {
                return IdType::kNationalId;
            }
        }
        return IdType::kOther;
    }

    void read_document(pugi::xml_node doc) {
        std::string type = child_text(doc, "TYPE_OF_DOCUMENT");
        std::string type2 = child_text(doc, "TYPE_OF_DOCUMENT2");
        std::string number = child_text(doc, "NUMBER");
        std::string note = join({child_text(doc, "DATE_OF_ISSUE").empty()
                                     ? std::string()
                                     : "issued " + child_text(doc, "DATE_OF_ISSUE"),
                                 child_text(doc, "CITY_OF_ISSUE"), child_text(doc, "NOTE")},
                                "; ");
        Location where = at(doc, doc.name());
        std::string country = child_text(doc, "ISSUING_COUNTRY");
        if (country.empty()) country = child_text(doc, "COUNTRY_OF_ISSUE");
        if (number.empty()) {
            // A document described only in prose ("Tunisian passport number L 191609 issued ...").
            if (!note.empty()) {
                std::string label = type2.empty() ? type : type2;
                std::string remark = label.empty() ? note : label + ": " + note;
                if (!country.empty()) remark += " (" + country + ")";
                add_fact(e_.remarks, std::move(remark), where);
            }
            return;
        }
        Identifier id;
        id.type = document_type(type, type2);
        id.type_label = type2.empty() ? type : type2;
        id.value = std::move(number);
        id.country = std::move(country);
        id.note = std::move(note);
        id.where = std::move(where);
        // The list repeats a document under French and Spanish labels; keep one, and the details.
        for (Identifier& other : e_.identifiers) {
            if (other.type == id.type && other.value == id.value) {
                if (other.country.empty()) other.country = id.country;
                if (contains(id.note, other.note)) {
                    other.note = id.note;  // the fuller note ("issued ...; Expires ...")
                } else if (!contains(other.note, id.note)) {
                    other.note += "; " + id.note;
                }
                return;
            }
        }
        e_.identifiers.push_back(std::move(id));
    }

    void read_values(pugi::xml_node node, std::vector<Fact>& facts) {
        for (pugi::xml_node v : node.children("VALUE")) add_fact(facts, text(v), at(v, node.name()));
    }

    // Names first (the primary is the UN-ordered name parts), then every other fact in file order.
    void read(pugi::xml_node record, bool individual) {
        const char* alias_tag = individual ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS";
        const char* address_tag = individual ? "INDIVIDUAL_ADDRESS" : "ENTITY_ADDRESS";
        std::string primary;
        Location primary_at;
        for (const char* part : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"}) {
            pugi::xml_node n = record.child(part);
            std::string t = text(n);
            if (t.empty()) continue;
            if (primary.empty()) primary_at = at(n, part);
            primary = primary.empty() ? t : primary + " " + t;
        }
        add_name(std::move(primary), NameKind::kPrimary, primary_at);

        for (pugi::xml_node child : record.children()) {
            std::string_view tag = child.name();
            if (tag == "NAME_ORIGINAL_SCRIPT") {
                add_name(text(child), NameKind::kAlias, at(child, tag));
            } else if (tag == alias_tag) {
                read_alias(child);
            } else if (tag == "INDIVIDUAL_DATE_OF_BIRTH") {
                read_birth_date(child);
            } else if (tag == "INDIVIDUAL_PLACE_OF_BIRTH") {
                read_place_of_birth(child);
            } else if (tag == "NATIONALITY") {
                read_values(child, e_.nationalities);
            } else if (tag == "GENDER") {
                add_fact(e_.gender, text(child), at(child, tag));
            } else if (tag == "DESIGNATION" || tag == "TITLE") {
                read_values(child, e_.titles);
            } else if (tag == address_tag) {
                read_address(child);
            } else if (tag == "INDIVIDUAL_DOCUMENT") {
                read_document(child);
            } else if (tag == "UN_LIST_TYPE") {
                add_fact(e_.programs, text(child), at(child, tag));
            } else if (tag == "LISTED_ON") {
                std::string raw = text(child);
                if (auto d = parse_partial_date(raw)) {
                    e_.listed_on.push_back(DatedFact{*d, std::move(raw), at(child, tag)});
                }
            } else if (tag == "COMMENTS1") {
                add_fact(e_.remarks, text(child), at(child, tag));
            }
        }
    }

private:
    const std::string& file_;
    const LineIndex& lines_;
    std::string path_;
    Entity& e_;
};

// What a clause says about the party it names, read from the cue nearest before the name: "a member
// of Al-Qaida (QDe.004)", "As a leader of FDLR (CDe.005)", "subordinate to Korea Ryonbong General
// Corporation", "owned by Abdul Basir Noorzai (TAi.153)", "the son of LRA leader Joseph Kony
// (CFi.009)". The nearest cue wins, so "Member of the Taliban Supreme Council and advisor to Mullah
// Mohammed Omar (TAi.004)" is a plain link to Omar, not a membership. No cue: "linked_to".
std::string_view relation_kind(std::string_view clause) {
    std::string lower(clause);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    struct Cue {
        std::string_view words;
        std::string_view kind;
    };
    static constexpr Cue kCues[] = {
        {"subordinate", "subordination"}, {"member of", "membership"},     {"members of", "linked_to"},
        {"leader of", "directorship"},    {"commander of", "directorship"}, {"head of", "directorship"},
        {"founder of", "directorship"},   {"owned by", "ownership"},       {"son of", "family"},
        {"daughter of", "family"},        {"brother of", "family"},        {"sister of", "family"},
        {"father of", "family"},          {"mother of", "family"},         {"wife of", "family"},
        {"husband of", "family"},         {"linked to", "linked_to"},      {"associated with", "linked_to"},
        {"affiliated with", "linked_to"}, {"part of", "linked_to"},        {"advisor to", "linked_to"},
        {"deputy of", "linked_to"},       {"spokesperson", "linked_to"},   {"spokesman", "linked_to"},
    };
    std::string_view kind = "linked_to";
    std::size_t nearest = 0;
    for (const Cue& cue : kCues) {
        for (std::size_t at = lower.rfind(cue.words); at != std::string::npos;
             at = at == 0 ? std::string::npos : lower.rfind(cue.words, at - 1)) {
            if (at > 0 && std::isalpha(static_cast<unsigned char>(lower[at - 1]))) continue;  // "spokesperson of"
            if (at + 1 > nearest) {
                nearest = at + 1;
                kind = cue.kind;
            }
            break;
        }
    }
    return kind;
}

// Where the clause of `text` that ends at `end` begins: after the previous sentence or reference
// number, at most 160 bytes back, so that a cue belongs to the name it precedes and not to an
// earlier one.
std::size_t clause_start(std::string_view text, std::size_t end) {
    std::size_t begin = end > 160 ? end - 160 : 0;
    for (std::size_t i = end; i > begin; --i) {
        const char c = text[i - 1];
        const bool reference_closes = c == ')' && i >= 9 && text[i - 9] == '(';
        if (reference_closes || c == ';' || (c == '.' && i < end && text[i] == ' ')) {
            return i;
        }
    }
    return begin;
}

// The names of one list, folded, each to the one entity that bears it (ambiguous names are left out).
class NameTable {
public:
    explicit NameTable(const std::vector<Entity>& entities) {
        for (std::size_t i = 0; i < entities.size(); ++i) {
            for (const Name& n : entities[i].names) {
                if (n.kind == NameKind::kWeakAlias) continue;
                auto [it, fresh] = ids_.emplace(fold_listed_name(n.full), i);
                if (!fresh && it->second != i) it->second = kAmbiguous;
            }
        }
        for (const auto& [name, index] : ids_) {
            longest_words_ = std::max(longest_words_, 1 + static_cast<std::size_t>(std::count(
                                                               name.begin(), name.end(), ' ')));
        }
    }

    // The entity whose name is the longest run of whole words at the start of `text`, and the
    // length of that run in bytes.
    std::optional<std::pair<std::size_t, std::size_t>> longest_at(std::string_view text) const {
        std::vector<std::size_t> word_ends;
        std::size_t i = 0;
        while (word_ends.size() < longest_words_ && i < text.size()) {
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
            if (i == text.size() || text[i] == '(') break;
            while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != '(') ++i;
            std::size_t end = i;
            while (end > 0 && (text[end - 1] == ',' || text[end - 1] == '.' || text[end - 1] == ';')) --end;
            word_ends.push_back(end);
            if (end < i) break;  // punctuation closes the name
        }
        for (auto end = word_ends.rbegin(); end != word_ends.rend(); ++end) {
            auto it = ids_.find(fold_listed_name(text.substr(0, *end)));
            if (it != ids_.end() && it->second != kAmbiguous) {
                if (!name_ends_at(text, *end)) return std::nullopt;  // "Al-Qaida in the Arabian Peninsula"
                return std::pair{it->second, *end};
            }
        }
        return std::nullopt;
    }

    // Whether a name can end at `end` of `text`: not when the next words, past connectives, are
    // capitalised ("Al-Qaida in the Arabian Peninsula" is not "Al-Qaida").
    static bool name_ends_at(std::string_view text, std::size_t end) {
        std::size_t i = end;
        for (;;) {
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
            if (i == text.size() || !std::isalpha(static_cast<unsigned char>(text[i]))) return true;
            if (std::isupper(static_cast<unsigned char>(text[i]))) return false;
            std::size_t word_end = i;
            while (word_end < text.size() && std::isalpha(static_cast<unsigned char>(text[word_end]))) ++word_end;
            const std::string_view word = text.substr(i, word_end - i);
            if (word != "in" && word != "of" && word != "for" && word != "and" && word != "the" && word != "de" &&
                word != "al") {
                return true;
            }
            i = word_end;
        }
    }

private:
    static constexpr std::size_t kAmbiguous = static_cast<std::size_t>(-1);
    std::unordered_map<std::string, std::size_t> ids_;
    std::size_t longest_words_ = 0;
};

void add_link(Entity& e, std::string kind, std::string target_name, std::string target_id,
              std::string_view clause, const Location& where) {
    for (const Relation& r : e.relations) {
        if (r.target_id == target_id) return;
    }
    while (!clause.empty() && (clause.front() == ',' || clause.front() == ' ')) clause.remove_prefix(1);
    std::string detail = "narrative: \"" + collapse_whitespace(clause) + "\"";
    e.relations.push_back(
        Relation{std::move(kind), std::move(target_name), std::move(target_id), std::move(detail), where});
}

// The narrative summaries name other listed parties by their reference number: "As a leader of
// FDLR (CDe.005), ...", "a deputy in the Lord's Resistance Army (LRA) (CFe.002)". Each one named,
// other than the entity itself, becomes a link, typed by the words before it (relation_kind).
// "subordinate to" and "member of" are also followed by listed names without a number ("subordinate
// to Korea Ryonbong General Corporation"); those resolve by the longest name of the same list.
void link_narrative_parties(std::vector<Entity>& entities, const std::string& list_name) {
    const NameTable names(entities);
    for (Entity& e : entities) {
        for (std::size_t f = 0; f < e.remarks.size(); ++f) {
            const std::string t = e.remarks[f].value;  // a copy: add_link may grow e's vectors
            const Location where = e.remarks[f].where;
            for (std::size_t open = t.find('('); open != std::string::npos; open = t.find('(', open + 1)) {
                // "(" two capitals, 'i' or 'e', '.', three digits ")"
                if (open + 8 >= t.size() || t[open + 8] != ')') continue;
                const std::string_view ref(t.data() + open + 1, 7);
                const auto up = [](char c) { return c >= 'A' && c <= 'Z'; };
                const auto digit = [](char c) { return c >= '0' && c <= '9'; };
                if (!up(ref[0]) || !up(ref[1]) || (ref[2] != 'i' && ref[2] != 'e') || ref[3] != '.' ||
                    !digit(ref[4]) || !digit(ref[5]) || !digit(ref[6])) {
                    continue;
                }
                std::string id = list_name + ":" + std::string(ref);
                if (id == e.id) continue;
                const std::size_t from = clause_start(t, open);
                std::string kind(relation_kind(std::string_view(t).substr(from, open - from)));
                // One is a member, leader or subordinate of a group, not of a person ("a former
                // member of former President François Bozizé's (CFi.001) presidential guard").
                if (ref[2] == 'i' && kind != "family" && kind != "ownership") kind = "linked_to";
                add_link(e, std::move(kind), "", std::move(id), std::string_view(t).substr(from, open + 9 - from),
                         where);
            }
            std::string lower = t;
            for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            for (std::string_view cue : {"subordinate to ", "member of "}) {
                for (std::size_t at = lower.find(cue); at != std::string::npos; at = lower.find(cue, at + 1)) {
                    std::size_t name = at + cue.size();
                    for (std::string_view skip : {"the ", "dprk's ", "dprk\xE2\x80\x99s "}) {
                        if (std::string_view(lower).substr(name, skip.size()) == skip) name += skip.size();
                    }
                    auto hit = names.longest_at(std::string_view(t).substr(name));
                    if (!hit || &entities[hit->first] == &e || !is_organization(entities[hit->first].schema)) continue;
                    const std::size_t from = clause_start(t, name);
                    add_link(e, std::string(relation_kind(cue)), t.substr(name, hit->second), entities[hit->first].id,
                             std::string_view(t).substr(from, name + hit->second - from), where);
                }
            }
        }
    }
}

}  // namespace

Result<SourceList> load_un_xml(const std::string& path, const LoadOptions& options) {
    auto file = read_xml_file(path);
    if (!file) return file.error();
    const LineIndex& lines = (*file)->lines;
    pugi::xml_node root = (*file)->doc.document_element();
    if (std::string_view(root.name()) != "CONSOLIDATED_LIST") {
        return make_error(ErrorCode::kParse,
                          "not a UN consolidated list: root element is <" +
                              std::string(root.name()) + ">, expected <CONSOLIDATED_LIST>",
                          {path, lines.line_of(root.offset_debug()), "", ""});
    }

    SourceList list;
    list.name = options.name.empty() ? std::string(kDefaultName) : options.name;
    list.format = "un-xml";
    list.files.push_back(path);
    list.published = std::string(root.attribute("dateGenerated").value()).substr(0, 10);

    std::unordered_set<std::string> seen;
    struct Section {
        const char* group;
        const char* record;
        Schema schema;
    };
    for (const Section& section : {Section{"INDIVIDUALS", "INDIVIDUAL", Schema::kPerson},
                                   Section{"ENTITIES", "ENTITY", Schema::kOrganization}}) {
        std::size_t index = 0;
        for (pugi::xml_node record : root.child(section.group).children(section.record)) {
            ++index;
            std::string record_path = std::string("/CONSOLIDATED_LIST/") + section.group + "/" +
                                      section.record + "[" + std::to_string(index) + "]";
            Location where{path, lines.line_of(record.offset_debug()), record_path, ""};
            std::string ref = collapse_whitespace(record.child_value("REFERENCE_NUMBER"));
            std::string problem;
            if (ref.empty()) {
                problem = "record without REFERENCE_NUMBER";
            } else if (!seen.insert(ref).second) {
                problem = "duplicate REFERENCE_NUMBER " + ref;
            }
            Entity e;
            if (problem.empty()) {
                e.native_id = ref;
                e.id = list.name + ":" + ref;
                e.source = list.name;
                e.schema = section.schema;
                RecordReader(path, lines, record_path, e).read(record, section.schema == Schema::kPerson);
                if (e.names.empty()) problem = "record " + ref + " has no name";
            }
            if (!problem.empty()) {
                if (options.strict) return make_error(ErrorCode::kParse, problem, where);
                ++list.skipped_records;
                list.warnings.push_back(Diagnostic{"skipped " + problem, where});
                continue;
            }
            list.entities.push_back(std::move(e));
        }
    }
    link_narrative_parties(list.entities, list.name);
    return list;
}

}  // namespace cordon
