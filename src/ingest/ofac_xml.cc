// OFAC XML in the sdn.xml schema (sdn.xml, consolidated.xml).
//
// Each fact's Location names the element path (/sdnList/sdnEntry[uid=9639]/akaList/aka[2]) and the
// line it starts on, computed from pugixml's byte offsets. <idList> mixes real identifiers with
// other facts ("Gender", "Website", "Secondary sanctions risk:"); the label table shared with the
// CSV remarks parser sorts them, so both formats give the same entity.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "csv.h"
#include "xml_file.h"
#include "ofac_common.h"
#include <pugixml.hpp>

#include "cordon/ingest.h"

namespace cordon {

namespace {

std::string text_of(const pugi::xml_node& node, const char* child) {
    return collapse_whitespace(node.child(child).text().get());
}

bool is_number(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "01/08/2026" (MM/DD/YYYY) -> "2026-01-08"; empty when the text is not such a date.
std::string us_date_to_iso(std::string_view s) {
    s = trim(s);
    int m = 0;
    int d = 0;
    int y = 0;
    std::size_t a = s.find('/');
    std::size_t b = a == std::string_view::npos ? a : s.find('/', a + 1);
    if (b == std::string_view::npos)
        return {};
    auto num = [](std::string_view t, int& out) {
        auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
        return ec == std::errc() && p == t.data() + t.size();
    };
    if (!num(s.substr(0, a), m) || !num(s.substr(a + 1, b - a - 1), d) ||
        !num(s.substr(b + 1), y)) {
        return {};
    }
    if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1000 || y > 9999)
        return {};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

class OfacXmlLoader : XmlListBuilder {
public:
    OfacXmlLoader(const std::string& path, const LoadOptions& options, const LineIndex& lines)
        : XmlListBuilder(path, options, lines) {}

    Result<SourceList> load(const pugi::xml_node& root) {
        list_.format = "ofac-xml";
        list_.files.push_back(path_);
        const pugi::xml_node info = root.child("publshInformation");
        if (!options_.name.empty()) {
            list_.name = options_.name;
        } else {
            // OFAC's consolidated.xml carries the same root and namespace as sdn.xml; only its
            // file name, or a publication note that names it, tells the two apart.
            bool cons = ofac::contains_ci(ofac::base_name(path_), "cons");
            for (const pugi::xml_node note : info.children()) {
                cons = cons || ofac::contains_ci(note.text().get(), "consolidated");
            }
            list_.name = cons ? "ofac-cons" : "ofac-sdn";
        }
        if (const pugi::xml_node date = info.child("Publish_Date")) {
            list_.published = us_date_to_iso(date.text().get());
            if (list_.published.empty()) {
                warn("Publish_Date '" + std::string(date.text().get()) + "' is not MM/DD/YYYY",
                     date, "/sdnList/publshInformation/Publish_Date", "");
            }
        }

        std::size_t n = 0;
        for (const pugi::xml_node entry : root.children("sdnEntry")) {
            ++n;
            if (auto e = entry_of(entry, n))
                return *e;
        }
        if (const pugi::xml_node count = info.child("Record_Count")) {
            const std::string stated = collapse_whitespace(count.text().get());
            if (stated != std::to_string(n)) {
                warn("Record_Count says " + stated + ", the file holds " + std::to_string(n) +
                         " sdnEntry elements",
                     count, "/sdnList/publshInformation/Record_Count", "");
            }
        }
        return std::move(list_);
    }

private:
    // Calls fn(item, path) for each <item> of <list>, with path ".../list/item[i]".
    template <class Fn>
    void each(const pugi::xml_node& entry, const std::string& base, const char* list,
              const char* item, Fn fn) {
        std::size_t i = 0;
        for (const pugi::xml_node node : entry.child(list).children(item)) {
            ++i;
            fn(node, base + "/" + list + "/" + item + "[" + std::to_string(i) + "]");
        }
    }

    std::optional<Error> entry_of(const pugi::xml_node& entry, std::size_t n) {
        const std::string uid = text_of(entry, "uid");
        if (!is_number(uid)) {
            return bad_record(
                uid.empty() ? "sdnEntry has no uid" : "uid '" + uid + "' is not a number",
                where(entry, "/sdnList/sdnEntry[" + std::to_string(n) + "]", "uid"));
        }
        const std::string base = "/sdnList/sdnEntry[uid=" + uid + "]";
        if (!uids_.insert(uid).second) {
            return bad_record("duplicate uid " + uid, where(entry, base, "uid"));
        }
        const std::string last = text_of(entry, "lastName");
        if (last.empty()) {
            return bad_record("sdnEntry has no lastName", where(entry, base, "lastName"));
        }

        Entity e;
        e.native_id = uid;
        e.source = list_.name;
        e.id = list_.name + ":" + uid;
        const std::string first = text_of(entry, "firstName");
        e.names.push_back({first.empty() ? last : last + ", " + first, NameKind::kPrimary,
                           where(entry.child("lastName"), base, "lastName")});

        const std::string type = text_of(entry, "sdnType");
        if (auto s = parse_schema(type); s && *s != Schema::kUnknown) {
            e.schema = *s;
        } else {
            e.schema = Schema::kOrganization;
            if (!type.empty()) {
                warn("unknown sdnType '" + type + "', taken as Organization",
                     entry.child("sdnType"), base, "sdnType");
            }
        }
        if (std::string t = text_of(entry, "title"); !t.empty()) {
            e.titles.push_back({std::move(t), where(entry.child("title"), base, "title")});
        }
        each(entry, base, "programList", "program", [&](const pugi::xml_node& p, std::string path) {
            for (std::string& prog : ofac::split_programs(p.text().get())) {
                e.programs.push_back({std::move(prog), where(p, path, "program")});
            }
        });
        each(entry, base, "akaList", "aka", [&](const pugi::xml_node& a, std::string path) {
            const std::string aka_last = text_of(a, "lastName");
            if (aka_last.empty())
                return;
            const std::string aka_first = text_of(a, "firstName");
            const std::string aka_type = text_of(a, "type");
            NameKind kind = NameKind::kAlias;
            // A weak a.k.a. or f.k.a. is a broad name ("ALPHA", "DOVE") that must never be enough
            // alone for a match; weakness outranks the former-name distinction.
            if (ofac::starts_with_ci(text_of(a, "category"), "weak")) {
                kind = NameKind::kWeakAlias;
            } else if (ofac::starts_with_ci(aka_type, "f.k.a")) {
                kind = NameKind::kFormerName;
            }
            e.names.push_back({aka_first.empty() ? aka_last : aka_last + ", " + aka_first, kind,
                               where(a, std::move(path), "lastName")});
        });
        each(entry, base, "addressList", "address", [&](const pugi::xml_node& a, std::string path) {
            Address addr;
            for (const char* part : {"address1", "address2", "address3"}) {
                std::string s = text_of(a, part);
                if (s.empty())
                    continue;
                if (!addr.street.empty())
                    addr.street += ", ";
                addr.street += s;
            }
            addr.city = text_of(a, "city");
            addr.region = text_of(a, "stateOrProvince");
            addr.postal_code = text_of(a, "postalCode");
            addr.country = text_of(a, "country");
            for (const std::string* s :
                 {&addr.street, &addr.city, &addr.region, &addr.postal_code, &addr.country}) {
                if (s->empty())
                    continue;
                if (!addr.full.empty())
                    addr.full += ", ";
                addr.full += *s;
            }
            if (addr.full.empty())
                return;
            addr.where = where(a, path, "address");
            if (!addr.country.empty()) {
                ofac::add_country(e, addr.country, where(a.child("country"), path, "country"));
            }
            e.addresses.push_back(std::move(addr));
        });
        each(entry, base, "idList", "id", [&](const pugi::xml_node& node, std::string path) {
            id_of(node, std::move(path), e);
        });
        each(entry, base, "dateOfBirthList", "dateOfBirthItem",
             [&](const pugi::xml_node& d, std::string path) {
                 std::string raw = text_of(d, "dateOfBirth");
                 if (raw.empty())
                     return;
                 Location loc = where(d.child("dateOfBirth"), std::move(path), "dateOfBirth");
                 if (auto date = parse_partial_date(raw)) {
                     e.birth_dates.push_back({*date, std::move(raw), std::move(loc)});
                 } else {
                     e.remarks.push_back({"DOB " + raw, std::move(loc)});
                 }
             });
        each(entry, base, "placeOfBirthList", "placeOfBirthItem",
             [&](const pugi::xml_node& p, std::string path) {
                 std::string place = text_of(p, "placeOfBirth");
                 if (place.empty())
                     return;
                 e.birth_places.push_back(
                     {std::move(place),
                      where(p.child("placeOfBirth"), std::move(path), "placeOfBirth")});
             });
        for (const char* list : {"nationalityList", "citizenshipList"}) {
            const char* item = list[0] == 'n' ? "nationality" : "citizenship";
            each(entry, base, list, item, [&](const pugi::xml_node& c, std::string path) {
                std::string country = text_of(c, "country");
                if (country.empty())
                    return;
                e.nationalities.push_back(
                    {std::move(country), where(c.child("country"), std::move(path), "country")});
            });
        }
        if (const pugi::xml_node v = entry.child("vesselInfo"))
            vessel_of(v, base + "/vesselInfo", e);
        if (const pugi::xml_node r = entry.child("remarks")) {
            apply_ofac_remarks(r.text().get(), where(r, base + "/remarks", "remarks"), e);
        }
        list_.entities.push_back(std::move(e));
        return std::nullopt;
    }

    void id_of(const pugi::xml_node& node, std::string path, Entity& e) {
        const std::string type = text_of(node, "idType");
        const std::string number = text_of(node, "idNumber");
        const std::string country = text_of(node, "idCountry");
        if (number.empty())
            return;
        ofac::IdParts parts{number, country, {}};
        const std::string issued = text_of(node, "issueDate");
        const std::string expires = text_of(node, "expirationDate");
        if (!issued.empty())
            parts.note = "issued " + issued;
        if (!expires.empty())
            parts.note += (parts.note.empty() ? "expires " : " expires ") + expires;
        ofac::add_labelled_value(type, std::move(parts), true,
                                 where(node, std::move(path), "idNumber"), e);
    }

    void vessel_of(const pugi::xml_node& v, const std::string& path, Entity& e) {
        if (std::string s = text_of(v, "callSign"); !s.empty()) {
            Identifier id;
            id.type = IdType::kOther;
            id.type_label = "Call Sign";
            id.value = std::move(s);
            id.where = where(v.child("callSign"), path, "callSign");
            e.identifiers.push_back(std::move(id));
        }
        if (std::string s = text_of(v, "vesselFlag"); !s.empty()) {
            ofac::add_country(e, s, where(v.child("vesselFlag"), path, "vesselFlag"));
        }
        if (std::string s = text_of(v, "vesselOwner"); !s.empty()) {
            Relation rel;
            rel.kind = "ownership";
            rel.target_name = std::move(s);
            rel.detail = "vessel owner";
            rel.where = where(v.child("vesselOwner"), path, "vesselOwner");
            e.relations.push_back(std::move(rel));
        }
        const std::pair<const char*, const char*> kRemarks[] = {
            {"vesselType", "Vessel Type "},
            {"tonnage", "Tonnage "},
            {"grossRegisteredTonnage", "Gross Registered Tonnage "}};
        for (const auto& [child, prefix] : kRemarks) {
            if (std::string s = text_of(v, child); !s.empty()) {
                e.remarks.push_back({prefix + s, where(v.child(child), path, child)});
            }
        }
    }

    std::unordered_set<std::string> uids_;
};

}  // namespace

Result<SourceList> load_ofac_xml(const std::string& path, const LoadOptions& options) {
    auto file = read_xml_file(path);
    if (!file)
        return file.error();
    const LineIndex& lines = (*file)->lines;
    const pugi::xml_node root = (*file)->doc.child("sdnList");
    if (!root) {
        return make_error(ErrorCode::kParse, "no <sdnList> root element (not the sdn.xml schema)",
                          {path, 0, "", ""});
    }
    return OfacXmlLoader(path, options, lines).load(root);
}

}  // namespace cordon
