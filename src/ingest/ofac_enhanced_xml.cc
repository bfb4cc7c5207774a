// OFAC Sanctions List Service "Enhanced XML": root <sanctionsData> in the namespace
// https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML, the
// format of ENHANCED_XML, CONS_ENHANCED.XML and the per-program custom exports.
//
// The file is normalised: <referenceValues> gives each refId its meaning (type "COUNTRY", value
// "Iran"; type "RELATIONSHIP TYPE", value "Owned or Controlled By") and <featureTypes> each
// featureTypeId its label; the <entities> only point at them. Every refId is resolved through those
// tables (never a hard-coded id, never the inline label alone), and one the tables do not hold
// makes its record bad. Features and identity documents go through the label table the legacy OFAC
// formats share (ofac_common.h), so an entity reads the same whichever OFAC file it came from; the
// entity id is the legacy SDN uid / ent_num. What sets this format apart are its typed
// relationships: each <relationship> becomes a Relation to "<source>:<entityId>" whose kind comes
// from kRelationKinds below (docs/lists.md has the table).
//
// Each fact's Location names the element path (/sanctionsData/entities/entity[id=26527]/names/
// name[1]/translations/translation[1]) and the line the element starts on.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "csv.h"
#include "xml_file.h"
#include "ofac_common.h"
#include <pugixml.hpp>

#include "cordon/ingest.h"

namespace cordon {

namespace {

constexpr std::string_view kNamespace =
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML";

// A RELATIONSHIP TYPE as cordon's Relation states it. OFAC's label reads "<this entity> <label>
// <related entity>"; `other_role` is the part the related entity plays, written first in
// Relation::detail (as the FtM loader does) so that direction survives.
struct RelationKind {
    std::string_view label;
    std::string_view kind;
    std::string_view other_role;
};

constexpr std::array kRelationKinds = {
    RelationKind{"Owned or Controlled By", "ownership", "owner"},
    RelationKind{"Owns, controls, or operates", "ownership", "asset"},
    RelationKind{"Associate Of", "associate", "associate"},
    RelationKind{"Family member of", "family", "relative"},
    RelationKind{"Leader or official of", "directorship", "organization"},
    RelationKind{"Principal Executive Officer", "directorship", "organization"},
    RelationKind{"playing a significant role in", "membership", "organization"},
    RelationKind{"Acting for or on behalf of", "representation", "client"},
    RelationKind{"Providing support to", "unknown_link", "object"},
    RelationKind{"Property in the interest of", "unknown_link", "object"},
};

// A type OFAC may add later is kept as an untyped link, its label in the detail.
const RelationKind& relation_kind(std::string_view label) {
    static constexpr RelationKind kOther{"", "unknown_link", "object"};
    for (const RelationKind& k : kRelationKinds) {
        if (k.label.size() == label.size() && ofac::starts_with_ci(label, k.label))
            return k;
    }
    return kOther;
}

std::string text_of(const pugi::xml_node& node, const char* child) {
    return collapse_whitespace(node.child(child).text().get());
}

bool flag_of(const pugi::xml_node& node, const char* child) {
    return ofac::starts_with_ci(text_of(node, child), "true");
}

// Drops the bidirectional marks (U+200E/F, U+202A-E, U+2066-9) that wrap the Arabic-script names:
// they are layout, not part of the name.
std::string strip_bidi_marks(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i + 2 < s.size() && s[i] == '\xE2') {
            const auto b1 = static_cast<unsigned char>(s[i + 1]);
            const auto b2 = static_cast<unsigned char>(s[i + 2]);
            const bool mark =
                (b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE))) ||
                (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9);
            if (mark) {
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return collapse_whitespace(out);
}

// "2024-08-28T00:00:00" / "2024-05-24T15:59:26.45-04:00" -> "2024-05-24"; empty when not a date.
std::string iso_day(std::string_view stamp) {
    std::string_view day = trim(stamp).substr(0, 10);
    auto d = parse_partial_date(day);
    if (!d || d->month == 0 || d->day == 0 || d->to_string() != day)
        return {};
    return std::string(day);
}

// A <valueDate>-like element: OFAC writes a day, a month or a year as the range of days it covers
// (fromDateBegin 1972-01-01 .. toDateEnd 1972-12-31 is "1972"); isDateRange marks "1951 to 1953".
std::optional<PartialDate> date_of(const pugi::xml_node& d) {
    auto from = parse_partial_date(text_of(d, "fromDateBegin"));
    if (!from)
        return std::nullopt;
    PartialDate out = *from;
    if (flag_of(d, "isDateRange")) {
        if (auto to = parse_partial_date(text_of(d, "toDateEnd")); to && to->year > from->year)
            out = PartialDate{from->year, 0, 0, to->year, false};
    }
    out.circa = flag_of(d, "isApproximate");
    return out;
}

struct RefValue {
    std::string type;   // "COUNTRY", "ALIAS TYPE", ...
    std::string value;  // "Iran", "A.K.A.", ...
};

class OfacEnhancedLoader : XmlListBuilder {
public:
    OfacEnhancedLoader(const std::string& path, const LoadOptions& options, const LineIndex& lines)
        : XmlListBuilder(path, options, lines) {}

    Result<SourceList> load(const pugi::xml_node& root) {
        list_.format = "ofac-enhanced-xml";
        list_.files.push_back(path_);
        // As for sdn.xml: the consolidated export differs from the SDN one only in its file name.
        list_.name = !options_.name.empty()                              ? options_.name
                     : ofac::contains_ci(ofac::base_name(path_), "cons") ? "ofac-cons"
                                                                         : "ofac-sdn";
        if (const pugi::xml_attribute ns = root.attribute("xmlns");
            ns && ns.value() != kNamespace) {
            warn(std::string("unexpected namespace ") + ns.value(), root, "/sanctionsData",
                 "xmlns");
        }
        const pugi::xml_node info = root.child("publicationInfo");
        if (const pugi::xml_node as_of = info.child("dataAsOf")) {
            list_.published = iso_day(as_of.text().get());
            if (list_.published.empty()) {
                warn("dataAsOf '" + std::string(as_of.text().get()) + "' is not an ISO date", as_of,
                     "/sanctionsData/publicationInfo/dataAsOf", "dataAsOf");
            }
        }
        const pugi::xml_node refs = root.child("referenceValues");
        const pugi::xml_node entities = root.child("entities");
        for (const auto& [node, name] :
             {std::pair{refs, "referenceValues"}, std::pair{entities, "entities"}}) {
            if (!node) {
                return make_error(ErrorCode::kParse,
                                  std::string("no <") + name + "> in <sanctionsData>",
                                  where(root, "/sanctionsData", name));
            }
        }
        read_tables(refs, root.child("featureTypes"));

        std::size_t n = 0;
        for (const pugi::xml_node entity : entities.children("entity")) {
            ++n;
            if (auto e = entity_of(entity, n))
                return *e;
        }
        return std::move(list_);
    }

private:
    void read_tables(const pugi::xml_node& refs, const pugi::xml_node& features) {
        for (const pugi::xml_node r : refs.children("referenceValue")) {
            refs_.emplace(r.attribute("refId").value(),
                          RefValue{text_of(r, "type"), text_of(r, "value")});
        }
        for (const pugi::xml_node f : features.children("featureType")) {
            feature_types_.emplace(f.attribute("featureTypeId").value(), text_of(f, "type"));
        }
    }

    // The value of the reference that <child> of `parent` (or `parent` itself when `child` is
    // null) points at with its refId; the reference must be of `type`.
    Result<std::string> resolve(const pugi::xml_node& parent, const char* child,
                                std::string_view type, const std::string& path) const {
        const pugi::xml_node node = child ? parent.child(child) : parent;
        const std::string field = child ? child : parent.name();
        if (!node)
            return make_error(ErrorCode::kParse, "no <" + field + ">", where(parent, path, field));
        const std::string id = node.attribute("refId").value();
        if (id.empty())
            return make_error(ErrorCode::kParse, "<" + field + "> has no refId",
                              where(node, path, field));
        auto it = refs_.find(id);
        if (it == refs_.end()) {
            return make_error(ErrorCode::kParse,
                              "unknown refId " + id + " (not in <referenceValues>)",
                              where(node, path, field));
        }
        if (it->second.type != type) {
            return make_error(
                ErrorCode::kParse,
                "refId " + id + " is a " + it->second.type + ", expected " + std::string(type),
                where(node, path, field));
        }
        return it->second.value;
    }

    // Calls fn(item, path) for each <item> of <list>, with path "<base>/list/item[i]"; stops at the
    // first error fn returns.
    template <class Fn>
    Status each(const pugi::xml_node& parent, const std::string& base, const char* list,
                const char* item, Fn fn) {
        std::size_t i = 0;
        for (const pugi::xml_node node : parent.child(list).children(item)) {
            ++i;
            Status s = fn(node, base + "/" + list + "/" + item + "[" + std::to_string(i) + "]");
            if (!s)
                return s;
        }
        return Ok{};
    }

    std::optional<Error> entity_of(const pugi::xml_node& node, std::size_t n) {
        const std::string id = collapse_whitespace(node.attribute("id").value());
        const std::string at_n = "/sanctionsData/entities/entity[" + std::to_string(n) + "]";
        if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
            return bad_record(make_error(
                ErrorCode::kParse,
                id.empty() ? "entity has no id" : "entity id '" + id + "' is not a number",
                where(node, at_n, "id")));
        }
        const std::string base = "/sanctionsData/entities/entity[id=" + id + "]";
        if (!ids_.insert(id).second)
            return bad_record(make_error(ErrorCode::kParse, "duplicate entity id " + id,
                                         where(node, base, "id")));

        Entity e;
        e.native_id = id;
        e.source = list_.name;
        e.id = list_.name + ":" + id;
        // Each part of the record in turn; the first bad one makes the whole record bad.
        using Reader =
            Status (OfacEnhancedLoader::*)(const pugi::xml_node&, const std::string&, Entity&);
        for (Reader read : {&OfacEnhancedLoader::general_info, &OfacEnhancedLoader::names,
                            &OfacEnhancedLoader::listings, &OfacEnhancedLoader::addresses,
                            &OfacEnhancedLoader::features, &OfacEnhancedLoader::documents,
                            &OfacEnhancedLoader::relationships}) {
            if (Status s = (this->*read)(node, base, e); !s)
                return bad_record(s.error());
        }
        if (e.names.empty() || e.names.front().kind != NameKind::kPrimary) {
            return bad_record(make_error(ErrorCode::kParse, "entity " + id + " has no primary name",
                                         where(node.child("names"), base + "/names", "names")));
        }
        list_.entities.push_back(std::move(e));
        return std::nullopt;
    }

    Status general_info(const pugi::xml_node& entity, const std::string& base, Entity& e) {
        const pugi::xml_node info = entity.child("generalInfo");
        const std::string path = base + "/generalInfo";
        auto label = resolve(info, "entityType", "SDN TYPE", path);
        if (!label)
            return label.error();
        if (auto s = parse_schema(*label); s && *s != Schema::kUnknown) {
            e.schema = *s;
        } else {
            e.schema = Schema::kOrganization;
            warn("unknown entityType '" + *label + "', taken as Organization",
                 info.child("entityType"), path, "entityType");
        }
        if (std::string t = text_of(info, "title"); !t.empty())
            e.titles.push_back({std::move(t), where(info.child("title"), path, "title")});
        if (std::string r = text_of(info, "remarks"); !r.empty())
            e.remarks.push_back({std::move(r), where(info.child("remarks"), path, "remarks")});
        return Ok{};
    }

    // A translation's name as OFAC prints it: formattedFullName ("EBRAHIMI, Ayatollah"), which is
    // the legacy SDN_Name; else "LAST, Given" from the formatted parts or the name parts.
    Result<std::string> name_text(const pugi::xml_node& t, const std::string& path) {
        if (std::string full = strip_bidi_marks(t.child_value("formattedFullName")); !full.empty())
            return full;
        std::string last = strip_bidi_marks(t.child_value("formattedLastName"));
        std::string given = strip_bidi_marks(t.child_value("formattedFirstName"));
        if (last.empty() && given.empty()) {
            std::size_t i = 0;
            for (const pugi::xml_node part : t.child("nameParts").children("namePart")) {
                const std::string part_path =
                    path + "/nameParts/namePart[" + std::to_string(++i) + "]";
                auto type = resolve(part, "type", "NAME PART TYPE", part_path);
                if (!type)
                    return type.error();
                std::string value = strip_bidi_marks(part.child_value("value"));
                std::string& into = *type == "Last Name" || *type == "Maiden Name" ? last : given;
                if (!value.empty())
                    into += (into.empty() ? "" : " ") + value;
            }
        }
        if (last.empty() || given.empty())
            return last + given;
        return last + ", " + given;
    }

    // Primary, alias, former name or weak alias, from isPrimary, aliasType and isLowQuality.
    Result<NameKind> name_kind(const pugi::xml_node& name, const std::string& path) const {
        if (flag_of(name, "isPrimary"))
            return NameKind::kPrimary;
        // A low-quality (weak) alias must never be enough alone for a match; weakness outranks
        // the former-name distinction, as in sdn.xml.
        if (flag_of(name, "isLowQuality"))
            return NameKind::kWeakAlias;
        if (!name.child("aliasType"))
            return NameKind::kAlias;
        auto type = resolve(name, "aliasType", "ALIAS TYPE", path);
        if (!type)
            return type.error();
        return ofac::starts_with_ci(*type, "F.K.A") ? NameKind::kFormerName : NameKind::kAlias;
    }

    Status names(const pugi::xml_node& entity, const std::string& base, Entity& e) {
        std::vector<Name> aliases;
        Status s = each(
            entity, base, "names", "name",
            [&](const pugi::xml_node& name, std::string path) -> Status {
                auto kind_of = name_kind(name, path);
                if (!kind_of)
                    return kind_of.error();
                const NameKind kind = *kind_of;
                std::size_t i = 0;
                for (const pugi::xml_node t : name.child("translations").children("translation")) {
                    const std::string t_path =
                        path + "/translations/translation[" + std::to_string(++i) + "]";
                    if (t.child("script")) {
                        auto v = resolve(t, "script", "SCRIPT", t_path);
                        if (!v)
                            return v.error();
                    }
                    auto text = name_text(t, t_path);
                    if (!text)
                        return text.error();
                    if (text->empty())
                        continue;
                    // The primary translation is the name; the others spell it in another script
                    // and keep its kind, save that a translation of the primary name is an alias.
                    const bool main = flag_of(t, "isPrimary");
                    NameKind k = main || kind != NameKind::kPrimary ? kind : NameKind::kAlias;
                    Name n{std::move(*text), k, where(t, t_path, "formattedFullName")};
                    if (k == NameKind::kPrimary &&
                        (e.names.empty() || e.names.front().kind != NameKind::kPrimary)) {
                        e.names.insert(e.names.begin(), std::move(n));
                    } else {
                        if (k == NameKind::kPrimary)
                            n.kind = NameKind::kAlias;  // a second primary name
                        aliases.push_back(std::move(n));
                    }
                }
                return Ok{};
            });
        if (!s)
            return s;
        for (Name& n : aliases) {
            bool seen = false;
            for (const Name& m : e.names)
                seen = seen || m.full == n.full;
            if (!seen)
                e.names.push_back(std::move(n));
        }
        return Ok{};
    }

    Status listings(const pugi::xml_node& entity, const std::string& base, Entity& e) {
        Status s =
            each(entity, base, "sanctionsPrograms", "sanctionsProgram",
                 [&](const pugi::xml_node& p, std::string path) -> Status {
                     auto v = resolve(p, nullptr, "PROGRAM", path);
                     if (!v)
                         return v.error();
                     e.programs.push_back({*v, where(p, std::move(path), "sanctionsProgram")});
                     return Ok{};
                 });
        if (!s)
            return s;
        return each(entity, base, "sanctionsLists", "sanctionsList",
                    [&](const pugi::xml_node& l, std::string path) -> Status {
                        auto v = resolve(l, nullptr, "ENTITY LISTING TYPE", path);
                        if (!v)
                            return v.error();
                        std::string raw = collapse_whitespace(l.attribute("datePublished").value());
                        if (raw.empty())
                            return Ok{};
                        Location loc = where(l, std::move(path), "datePublished");
                        if (auto d = parse_partial_date(raw)) {
                            e.listed_on.push_back({*d, std::move(raw), std::move(loc)});
                        } else {
                            warn("datePublished '" + raw + "' is not a date", l, loc.path,
                                 "datePublished");
                        }
                        return Ok{};
                    });
    }

    Status addresses(const pugi::xml_node& entity, const std::string& base, Entity& e) {
        return each(
            entity, base, "addresses", "address",
            [&](const pugi::xml_node& a, std::string path) -> Status {
                Address addr;
                if (a.child("country")) {
                    auto v = resolve(a, "country", "COUNTRY", path);
                    if (!v)
                        return v.error();
                    addr.country = *v;
                }
                // The primary (Latin) translation holds the parts; other scripts repeat them.
                pugi::xml_node t = a.child("translations").find_child([](const pugi::xml_node& n) {
                    return flag_of(n, "isPrimary");
                });
                if (!t)
                    t = a.child("translations").child("translation");
                std::size_t i = 0;
                for (const pugi::xml_node part : t.child("addressParts").children("addressPart")) {
                    const std::string part_path =
                        path + "/addressParts/addressPart[" + std::to_string(++i) + "]";
                    auto type = resolve(part, "type", "LOCATION PART TYPE", part_path);
                    if (!type)
                        return type.error();
                    std::string value = text_of(part, "value");
                    std::string* into = &addr.street;
                    if (*type == "CITY") {
                        into = &addr.city;
                    } else if (*type == "STATE/PROVINCE" || *type == "REGION") {
                        into = &addr.region;
                    } else if (*type == "POSTAL CODE") {
                        into = &addr.postal_code;
                    }
                    if (!value.empty())
                        *into += (into->empty() ? "" : ", ") + value;
                }
                for (const std::string* p :
                     {&addr.street, &addr.city, &addr.region, &addr.postal_code, &addr.country}) {
                    if (!p->empty())
                        addr.full += (addr.full.empty() ? "" : ", ") + *p;
                }
                if (addr.full.empty())
                    return Ok{};
                addr.where = where(a, path, "address");
                if (!addr.country.empty())
                    ofac::add_country(e, addr.country, where(a.child("country"), path, "country"));
                e.addresses.push_back(std::move(addr));
                return Ok{};
            });
    }

    Status features(const pugi::xml_node& entity, const std::string& base, Entity& e) {
        return each(entity, base, "features", "feature",
                    [&](const pugi::xml_node& f, std::string path) -> Status {
                        const pugi::xml_node type = f.child("type");
                        auto it = feature_types_.find(type.attribute("featureTypeId").value());
                        if (it == feature_types_.end()) {
                            return make_error(ErrorCode::kParse,
                                              std::string("unknown featureTypeId '") +
                                                  type.attribute("featureTypeId").value() +
                                                  "' (not in <featureTypes>)",
                                              where(type ? type : f, path, "type"));
                        }
                        std::string value = text_of(f, "value");
                        if (value.empty())
                            return Ok{};
                        feature(it->second, std::move(value), f, where(f, std::move(path), "value"),
                                e);
                        return Ok{};
                    });
    }

    // One feature, by its type's label: the facts the entity model has a place for, vessel data as
    // sdn.xml's <vesselInfo> gives them, and the rest through the shared OFAC label table.
    void feature(const std::string& label, std::string value, const pugi::xml_node& f, Location loc,
                 Entity& e) {
        if (label == "Birthdate") {
            std::optional<PartialDate> d = parse_partial_date(value);
            if (!d)
                d = date_of(f.child("valueDate"));
            if (d) {
                e.birth_dates.push_back({*d, std::move(value), std::move(loc)});
            } else {
                e.remarks.push_back({"DOB " + value, std::move(loc)});
            }
        } else if (label == "Place of Birth") {
            e.birth_places.push_back({std::move(value), std::move(loc)});
        } else if (label == "Nationality Country" || label == "Citizenship Country") {
            e.nationalities.push_back({std::move(value), std::move(loc)});
        } else if (label == "Title") {
            e.titles.push_back({std::move(value), std::move(loc)});
        } else if (label == "Vessel Flag") {
            ofac::add_country(e, value, loc);
        } else if (label == "Vessel Call Sign") {
            ofac::add_labelled_value("Call Sign", {std::move(value), {}, {}}, true, loc, e);
        } else if (label == "Vessel Owner") {
            e.relations.push_back(
                Relation{"ownership", std::move(value), "", "vessel owner", std::move(loc)});
        } else if (label == "VESSEL TYPE" || label == "Vessel Tonnage" ||
                   label == "Vessel Gross Registered Tonnage") {
            // Worded as sdn.xml's <vesselInfo> remarks are.
            const std::string_view prefix = label == "VESSEL TYPE" ? "Vessel Type "
                                            : label == "Vessel Tonnage"
                                                ? "Tonnage "
                                                : "Gross Registered Tonnage ";
            e.remarks.push_back({std::string(prefix) + value, std::move(loc)});
        } else {
            ofac::add_labelled_value(label, {std::move(value), {}, text_of(f, "comments")}, false,
                                     loc, e);
        }
    }

    Status documents(const pugi::xml_node& entity, const std::string& base, Entity& e) {
        return each(
            entity, base, "identityDocuments", "identityDocument",
            [&](const pugi::xml_node& d, std::string path) -> Status {
                auto type = resolve(d, "type", "ID DOCUMENT TYPE", path);
                if (!type)
                    return type.error();
                ofac::IdParts parts;
                parts.value = text_of(d, "documentNumber");
                if (d.child("issuingCountry")) {
                    auto v = resolve(d, "issuingCountry", "COUNTRY", path);
                    if (!v)
                        return v.error();
                    parts.country = *v;
                }
                if (parts.value.empty())
                    return Ok{};
                std::vector<std::string> note;
                for (const auto& [child, word] :
                     {std::pair{"issueDate", "issued "}, std::pair{"expirationDate", "expires "}}) {
                    if (std::string day = text_of(d.child(child), "fromDateBegin"); !day.empty())
                        note.push_back(word + day);
                }
                for (const auto& [child, word] : {std::pair{"issuingAuthority", "issued by "},
                                                  std::pair{"issuingLocation", "issued in "}}) {
                    if (std::string s = text_of(d, child); !s.empty())
                        note.push_back(word + s);
                }
                if (!flag_of(d, "isValid") && d.child("isValid"))
                    note.emplace_back("not valid");
                for (const std::string& n : note)
                    parts.note += (parts.note.empty() ? "" : " ") + n;
                ofac::add_labelled_value(*type, std::move(parts), true,
                                         where(d, std::move(path), "documentNumber"), e);
                return Ok{};
            });
    }

    Status relationships(const pugi::xml_node& entity, const std::string& base, Entity& e) {
        return each(entity, base, "relationships", "relationship",
                    [&](const pugi::xml_node& r, std::string path) -> Status {
                        auto label = resolve(r, "type", "RELATIONSHIP TYPE", path);
                        if (!label)
                            return label.error();
                        const pugi::xml_node related = r.child("relatedEntity");
                        const std::string target =
                            collapse_whitespace(related.attribute("entityId").value());
                        if (target.empty()) {
                            return make_error(ErrorCode::kParse,
                                              related ? "relatedEntity has no entityId"
                                                      : "relationship has no <relatedEntity>",
                                              where(related ? related : r, path, "relatedEntity"));
                        }
                        const RelationKind& kind = relation_kind(*label);
                        e.relations.push_back(Relation{
                            std::string(kind.kind), collapse_whitespace(related.text().get()),
                            list_.name + ":" + target, std::string(kind.other_role) + "; " + *label,
                            where(r, std::move(path), "relatedEntity")});
                        return Ok{};
                    });
    }

    std::unordered_map<std::string, RefValue> refs_;
    std::unordered_map<std::string, std::string> feature_types_;
    std::unordered_set<std::string> ids_;
};

}  // namespace

Result<SourceList> load_ofac_enhanced_xml(const std::string& path, const LoadOptions& options) {
    auto file = read_xml_file(path);
    if (!file)
        return file.error();
    const LineIndex& lines = (*file)->lines;
    const pugi::xml_node root = (*file)->doc.document_element();
    if (std::string_view(root.name()) != "sanctionsData") {
        return make_error(ErrorCode::kParse,
                          std::string("root element is <") + root.name() +
                              ">, not <sanctionsData> (not OFAC Enhanced XML)",
                          {path, lines.line_of(root.offset_debug()), "", ""});
    }
    return OfacEnhancedLoader(path, options, lines).load(root);
}

}  // namespace cordon
