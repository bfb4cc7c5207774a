// OFAC remarks: "DOB 25 Apr 1965; POB ...; Passport 109420132 (Korea, North); a.k.a. 'X'; ...".
//
// The remarks of the legacy CSV carry most of an entry's facts, one item per "; ". The label table
// below is the vocabulary OFAC uses both there and as <idType> in sdn.xml; it was drawn from every
// label in sdn.csv (2024-05-03), cons_prim.csv and consolidated.xml.
#include <algorithm>
#include <array>
#include <cctype>

#include "csv.h"
#include "ofac_common.h"

#include "cordon/ingest.h"

namespace cordon::ofac {

namespace {

constexpr LabelKind kId = LabelKind::kIdentifier;
constexpr LabelKind kRem = LabelKind::kRemark;

// clang-format off
constexpr std::array kLabels = {
    // Passports and travel documents.
    OfacLabel{"Passport", kId, IdType::kPassport},
    OfacLabel{"Diplomatic Passport", kId, IdType::kPassport},
    OfacLabel{"British National Overseas Passport", kId, IdType::kPassport},
    OfacLabel{"Stateless Person Passport", kId, IdType::kPassport},
    OfacLabel{"Passport Booklet", kId, IdType::kPassport},
    // Personal identity numbers.
    OfacLabel{"National ID No.", kId, IdType::kNationalId},
    OfacLabel{"Cedula No.", kId, IdType::kNationalId},
    OfacLabel{"Identification Number", kId, IdType::kNationalId},
    OfacLabel{"Personal ID Card", kId, IdType::kNationalId},
    OfacLabel{"D.N.I.", kId, IdType::kNationalId},
    OfacLabel{"C.U.R.P.", kId, IdType::kNationalId},
    OfacLabel{"C.U.R.P. #", kId, IdType::kNationalId},
    OfacLabel{"C.U.I.", kId, IdType::kNationalId},
    OfacLabel{"Turkish Identification Number", kId, IdType::kNationalId},
    OfacLabel{"Numero de Identidad", kId, IdType::kNationalId},
    OfacLabel{"Citizen's Card Number", kId, IdType::kNationalId},
    OfacLabel{"Kenyan ID No.", kId, IdType::kNationalId},
    OfacLabel{"Bosnian Personal ID No.", kId, IdType::kNationalId},
    OfacLabel{"Moroccan Personal ID No.", kId, IdType::kNationalId},
    OfacLabel{"Tazkira National ID Card", kId, IdType::kNationalId},
    OfacLabel{"National Foreign ID Number", kId, IdType::kNationalId},
    OfacLabel{"SSN", kId, IdType::kNationalId},
    OfacLabel{"CNP (Personal Numerical Code)", kId, IdType::kNationalId},
    OfacLabel{"UAE Identification", kId, IdType::kNationalId},
    OfacLabel{"Refugee ID Card", kId, IdType::kNationalId},
    OfacLabel{"Stateless Person ID Card", kId, IdType::kNationalId},
    OfacLabel{"N.I.E.", kId, IdType::kNationalId},
    OfacLabel{"Credencial electoral", kId, IdType::kNationalId},
    OfacLabel{"I.F.E.", kId, IdType::kNationalId},
    // Tax numbers.
    OfacLabel{"Tax ID No.", kId, IdType::kTaxId},
    OfacLabel{"R.F.C.", kId, IdType::kTaxId},
    OfacLabel{"R.F.C. #", kId, IdType::kTaxId},
    OfacLabel{"RFC", kId, IdType::kTaxId},
    OfacLabel{"NIT #", kId, IdType::kTaxId},
    OfacLabel{"RUC #", kId, IdType::kTaxId},
    OfacLabel{"RIF #", kId, IdType::kTaxId},
    OfacLabel{"RTN", kId, IdType::kTaxId},
    OfacLabel{"V.A.T. Number", kId, IdType::kTaxId},
    OfacLabel{"US FEIN", kId, IdType::kTaxId},
    OfacLabel{"Italian Fiscal Code", kId, IdType::kTaxId},
    OfacLabel{"Fiscal Code", kId, IdType::kTaxId},
    OfacLabel{"C.U.I.T.", kId, IdType::kTaxId},
    OfacLabel{"C.I.F.", kId, IdType::kTaxId},
    OfacLabel{"N.I.F.", kId, IdType::kTaxId},
    OfacLabel{"Paraguayan tax identification number", kId, IdType::kTaxId},
    OfacLabel{"Romanian Tax Registration", kId, IdType::kTaxId},
    OfacLabel{"Numero Unico de Identificacao Tributaria (NUIT)", kId, IdType::kTaxId},
    // Company and other registrations.
    OfacLabel{"Registration Number", kId, IdType::kRegistration},
    OfacLabel{"Registration ID", kId, IdType::kRegistration},
    OfacLabel{"Business Registration Number", kId, IdType::kRegistration},
    OfacLabel{"Business Registration Document #", kId, IdType::kRegistration},
    OfacLabel{"Company Number", kId, IdType::kRegistration},
    OfacLabel{"UK Company Number", kId, IdType::kRegistration},
    OfacLabel{"Commercial Registry Number", kId, IdType::kRegistration},
    OfacLabel{"Unified Social Credit Code (USCC)", kId, IdType::kRegistration},
    OfacLabel{"United Social Credit Code Certificate (USCCC)", kId, IdType::kRegistration},
    OfacLabel{"Government Gazette Number", kId, IdType::kRegistration},
    OfacLabel{"Folio Mercantil No.", kId, IdType::kRegistration},
    OfacLabel{"Matricula Mercantil No", kId, IdType::kRegistration},
    OfacLabel{"C.R. No.", kId, IdType::kRegistration},
    OfacLabel{"Romanian C.R.", kId, IdType::kRegistration},
    OfacLabel{"Chamber of Commerce Number", kId, IdType::kRegistration},
    OfacLabel{"Istanbul Chamber of Comm. No.", kId, IdType::kRegistration},
    OfacLabel{"Dubai Chamber of Commerce Membership No.", kId, IdType::kRegistration},
    OfacLabel{"Trade License No.", kId, IdType::kRegistration},
    OfacLabel{"Economic Register Number (CBLS)", kId, IdType::kRegistration},
    OfacLabel{"Central Registration System Number", kId, IdType::kRegistration},
    OfacLabel{"Public Registration Number", kId, IdType::kRegistration},
    OfacLabel{"Enterprise Number", kId, IdType::kRegistration},
    OfacLabel{"Business Number", kId, IdType::kRegistration},
    OfacLabel{"Branch Unit Number", kId, IdType::kRegistration},
    OfacLabel{"Certificate of Incorporation Number", kId, IdType::kRegistration},
    OfacLabel{"Registered Charity No.", kId, IdType::kRegistration},
    OfacLabel{"Registration Certificate Number (Dubai)", kId, IdType::kRegistration},
    OfacLabel{"Russian State Individual Business Registration Number Pattern (OGRNIP)", kId,
              IdType::kRegistration},
    OfacLabel{"LE Number", kId, IdType::kRegistration},
    OfacLabel{"Organization Code", kId, IdType::kRegistration},
    OfacLabel{"C.I.N.", kId, IdType::kRegistration},
    OfacLabel{"MSB Registration Number", kId, IdType::kRegistration},
    OfacLabel{"D-U-N-S Number", kId, IdType::kRegistration},
    OfacLabel{"Vessel Registration Identification", kId, IdType::kRegistration},  // "IMO n": kImo
    OfacLabel{"International Maritime Organization No.", kId, IdType::kImo},
    OfacLabel{"SWIFT/BIC", kId, IdType::kSwiftBic},
    OfacLabel{"Legal Entity Number", kId, IdType::kLei},
    OfacLabel{"Digital Currency Address -", LabelKind::kCrypto, IdType::kCryptoAddress},
    // Identifiers of no well-known type: kept with their label.
    OfacLabel{"MMSI", kId, IdType::kOther},
    OfacLabel{"ISIN", kId, IdType::kOther},
    OfacLabel{"Equity Ticker", kId, IdType::kOther},
    OfacLabel{"BIK (RU)", kId, IdType::kOther},
    OfacLabel{"Other Vessel Call Sign", kId, IdType::kOther},
    OfacLabel{"Aircraft Tail Number", kId, IdType::kOther},
    OfacLabel{"Previous Aircraft Tail Number", kId, IdType::kOther},
    OfacLabel{"Aircraft Manufacturer's Serial Number (MSN)", kId, IdType::kOther},
    OfacLabel{"Aircraft Construction Number (also called L/N or S/N or F/N)", kId, IdType::kOther},
    OfacLabel{"Aircraft Mode S Transponder Code", kId, IdType::kOther},
    OfacLabel{"Aircraft Serial Identification", kId, IdType::kOther},
    OfacLabel{"Birth Certificate Number", kId, IdType::kOther},
    OfacLabel{"Driver's License No.", kId, IdType::kOther},
    OfacLabel{"Electoral Registry No.", kId, IdType::kOther},
    OfacLabel{"Cartilla de Servicio Militar Nacional", kId, IdType::kOther},
    OfacLabel{"Military Registration Number", kId, IdType::kOther},
    OfacLabel{"Residency Number", kId, IdType::kOther},
    OfacLabel{"Romanian Permanent Resident CAN", kId, IdType::kOther},
    OfacLabel{"VisaNumberID", kId, IdType::kOther},
    OfacLabel{"C.U.I.P.", kId, IdType::kOther},
    OfacLabel{"SRE Permit No.", kId, IdType::kOther},
    OfacLabel{"Permit Number", kId, IdType::kOther},
    OfacLabel{"File Number", kId, IdType::kOther},
    OfacLabel{"Immigration No.", kId, IdType::kOther},
    OfacLabel{"Public Security and Immigration No.", kId, IdType::kOther},
    OfacLabel{"Travel Document Number", kId, IdType::kOther},
    OfacLabel{"Pilot License Number", kId, IdType::kOther},
    OfacLabel{"Seafarer's Identification Document", kId, IdType::kOther},
    OfacLabel{"Afghan Money Service Provider License Number", kId, IdType::kOther},
    OfacLabel{"Tourism License No.", kId, IdType::kOther},
    OfacLabel{"License", kId, IdType::kOther},
    OfacLabel{"Trademark number", kId, IdType::kOther},
    OfacLabel{"Chinese Commercial Code", kId, IdType::kOther},
    OfacLabel{"Serial No.", kId, IdType::kOther},
    // Other facts.
    OfacLabel{"Gender", LabelKind::kGender, IdType::kOther},
    OfacLabel{"Nationality of Registration", LabelKind::kCountry, IdType::kOther},
    // Remarks, named so that an XML <idType> with these labels is not taken for an identifier.
    OfacLabel{"Website", kRem, IdType::kOther},
    OfacLabel{"Email", kRem, IdType::kOther},
    OfacLabel{"Email Address", kRem, IdType::kOther},
    OfacLabel{"Phone Number", kRem, IdType::kOther},
    OfacLabel{"Telephone", kRem, IdType::kOther},
    OfacLabel{"Fax", kRem, IdType::kOther},
    OfacLabel{"Secondary sanctions risk:", kRem, IdType::kOther},
    OfacLabel{"Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
              kRem, IdType::kOther},
    OfacLabel{"Additional Sanctions Information -", kRem, IdType::kOther},
    OfacLabel{"Organization Established Date", kRem, IdType::kOther},
    OfacLabel{"Organization Type:", kRem, IdType::kOther},
    OfacLabel{"Target Type", kRem, IdType::kOther},
    OfacLabel{"Issuer Name", kRem, IdType::kOther},
    OfacLabel{"Listing Date", kRem, IdType::kOther},
    OfacLabel{"Effective Date", kRem, IdType::kOther},
    OfacLabel{"Purchase/Sales For Divestment Date", kRem, IdType::kOther},
    OfacLabel{"Executive Order", kRem, IdType::kOther},
    OfacLabel{"CAATSA Section 235 Information:", kRem, IdType::kOther},
    OfacLabel{"IFCA Determination -", kRem, IdType::kOther},
    OfacLabel{"Aircraft Model", kRem, IdType::kOther},
    OfacLabel{"Aircraft Operator", kRem, IdType::kOther},
    OfacLabel{"Aircraft Manufacture Date", kRem, IdType::kOther},
    OfacLabel{"Vessel Year of Build", kRem, IdType::kOther},
    OfacLabel{"Former Vessel Flag", kRem, IdType::kOther},
};
// clang-format on

bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool equals_ci(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

// "IMO 1234567" / "IMO1234567" -> "1234567"; empty when `v` is not an IMO number.
std::string_view imo_number(std::string_view v) {
    if (!starts_with_ci(v, "IMO"))
        return {};
    std::string_view n = trim(v.substr(3));
    if (n.empty() ||
        !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return {};
    }
    return n;
}

// Finds " issued" / " expires" / " expired" as a word; npos when absent.
std::size_t find_note(std::string_view text) {
    std::size_t best = std::string_view::npos;
    for (std::string_view kw : {std::string_view(" issued"), std::string_view(" expires"),
                                std::string_view(" expired")}) {
        std::size_t at = 0;
        while ((at = text.find(kw, at)) != std::string_view::npos) {
            std::size_t end = at + kw.size();
            if (end == text.size() || !is_alnum(text[end])) {
                best = std::min(best, at);
                break;
            }
            at = end;
        }
    }
    return best;
}

// Splits on "; " (or a semicolon before a line break) outside parentheses. OFAC nests a "; " inside
// parentheses in a handful of entries (a passport description in parentheses); when the parentheses
// do not balance, a plain split is safer than swallowing the rest of the remarks into one item.
std::vector<std::string_view> split_items(std::string_view s) {
    std::vector<std::string_view> items;
    for (int pass = 0; pass < 2; ++pass) {
        items.clear();
        const bool nest = pass == 0;
        int depth = 0;
        std::size_t start = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            if (nest && c == '(') {
                ++depth;
            } else if (nest && c == ')') {
                if (depth > 0)
                    --depth;
            } else if (c == ';' && depth == 0 &&
                       (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '\r' ||
                        s[i + 1] == '\n')) {
                items.push_back(s.substr(start, i - start));
                start = i + 1;
            }
        }
        items.push_back(s.substr(start));
        if (depth == 0)
            break;
    }
    return items;
}

void add_weak_names(std::string_view rest, const Location& where, Entity& entity) {
    rest = trim(rest);
    std::string_view inner = rest;
    if (!rest.empty() && rest.front() == '\'') {
        std::size_t last = rest.find_last_of('\'');
        inner = last > 0 ? rest.substr(1, last - 1) : rest.substr(1);
    }
    // "a.k.a. 'ABU-AL-KARKH', 'Yusuf'": several quoted names in one item. Apostrophes inside a
    // name ("'ABU 'ABDALLAH'") are kept, since only the outermost quotes are taken off.
    std::size_t start = 0;
    while (true) {
        std::size_t sep = inner.find("', '", start);
        std::string name = collapse_whitespace(inner.substr(
            start, sep == std::string_view::npos ? std::string_view::npos : sep - start));
        if (!name.empty())
            entity.names.push_back({std::move(name), NameKind::kWeakAlias, where});
        if (sep == std::string_view::npos)
            break;
        start = sep + 4;
    }
}

void add_remark(std::string_view text, const Location& where, Entity& entity) {
    entity.remarks.push_back({collapse_whitespace(text), where});
}

void apply_item(std::string_view item, const Location& where, Entity& entity) {
    std::string_view body = item;
    if (starts_with_ci(body, "alt. "))
        body = trim(body.substr(5));
    // sdn.xml writes the links as "(Linked To: X)".
    if (body.size() > 2 && body.front() == '(' && body.back() == ')' &&
        starts_with_ci(body.substr(1), "Linked To:")) {
        body = body.substr(1, body.size() - 2);
    }

    auto after = [&](std::size_t n) {
        return trim(body.substr(n));
    };
    if (starts_with_ci(body, "DOB ")) {
        std::string_view raw = after(4);
        if (auto d = parse_partial_date(raw)) {
            entity.birth_dates.push_back({*d, std::string(raw), where});
            return;
        }
    } else if (starts_with_ci(body, "POB ")) {
        entity.birth_places.push_back({collapse_whitespace(after(4)), where});
        return;
    } else if ((starts_with_ci(body, "nationality ") || starts_with_ci(body, "nationality:")) &&
               !starts_with_ci(body, "Nationality of Registration")) {
        entity.nationalities.push_back({collapse_whitespace(after(12)), where});
        return;
    } else if (starts_with_ci(body, "citizen ")) {
        entity.nationalities.push_back({collapse_whitespace(after(8)), where});
        return;
    } else if (starts_with_ci(body, "a.k.a. ") || starts_with_ci(body, "f.k.a. ") ||
               starts_with_ci(body, "n.k.a. ")) {
        // Remarks hold OFAC's weak aliases (f.k.a. ones included): broad names that must never be
        // enough alone for a match, so all of them are kWeakAlias.
        add_weak_names(body.substr(7), where, entity);
        return;
    } else if (starts_with_ci(body, "Linked To:")) {
        std::string target = collapse_whitespace(after(10));
        if (!target.empty()) {
            Relation rel;
            rel.kind = "linked_to";
            rel.target_name = std::move(target);
            rel.where = where;
            entity.relations.push_back(std::move(rel));
            return;
        }
    } else if (const OfacLabel* label = match_ofac_label(body)) {
        std::string_view rest = body.substr(label->text.size());
        while (!rest.empty() && (rest.front() == ':' || rest.front() == ' '))
            rest.remove_prefix(1);
        switch (label->kind) {
            case LabelKind::kRemark:
                break;
            case LabelKind::kGender:
                if (!rest.empty()) {
                    entity.gender.push_back({collapse_whitespace(rest), where});
                    return;
                }
                break;
            case LabelKind::kCountry:
                if (!rest.empty()) {
                    add_country(entity, rest, where);
                    return;
                }
                break;
            case LabelKind::kCrypto: {
                // "Digital Currency Address - XBT 1D6g...": the asset code ends the label.
                std::size_t sp = rest.find(' ');
                if (sp == std::string_view::npos)
                    break;
                std::string_view address = trim(rest.substr(sp + 1));
                if (address.empty())
                    break;
                std::string_view published =
                    body.substr(0, static_cast<std::size_t>(rest.data() - body.data()) + sp);
                entity.identifiers.push_back(
                    make_identifier(*label, published, {std::string(address), {}, {}}, where));
                return;
            }
            case LabelKind::kIdentifier: {
                IdParts parts = split_id_value(rest);
                if (parts.value.empty())
                    break;
                entity.identifiers.push_back(make_identifier(
                    *label, body.substr(0, label->text.size()), std::move(parts), where));
                return;
            }
        }
    }
    add_remark(item, where, entity);
}

}  // namespace

const OfacLabel* match_ofac_label(std::string_view text) {
    const OfacLabel* best = nullptr;
    for (const OfacLabel& l : kLabels) {
        if (text.size() < l.text.size())
            continue;
        if (best != nullptr && l.text.size() <= best->text.size())
            continue;
        if (!equals_ci(text.substr(0, l.text.size()), l.text))
            continue;
        if (text.size() > l.text.size() && is_alnum(text[l.text.size()]) &&
            is_alnum(l.text.back())) {
            continue;  // "Licensed" is not "License"
        }
        best = &l;
    }
    return best;
}

IdParts split_id_value(std::string_view text) {
    IdParts out;
    text = trim(text);
    std::string_view head = text;
    std::size_t note_at = find_note(text);
    if (note_at != std::string_view::npos) {
        head = trim(text.substr(0, note_at));
        out.note = collapse_whitespace(text.substr(note_at));
    }
    // Trailing parenthesised groups, right to left.
    std::vector<std::string_view> groups;
    while (!head.empty() && head.back() == ')') {
        int depth = 0;
        std::size_t open = std::string_view::npos;
        for (std::size_t i = head.size(); i-- > 0;) {
            if (head[i] == ')') {
                ++depth;
            } else if (head[i] == '(' && --depth == 0) {
                open = i;
                break;
            }
        }
        if (open == std::string_view::npos)
            break;
        groups.push_back(trim(head.substr(open + 1, head.size() - open - 2)));
        head = trim(head.substr(0, open));
    }
    std::reverse(groups.begin(), groups.end());
    if (head.empty() && !groups.empty()) {
        // "International Maritime Organization No. (5777731)": the value itself is in parentheses.
        head = groups.front();
        groups.erase(groups.begin());
    }
    out.value = collapse_whitespace(head);
    if (!groups.empty()) {
        out.country = collapse_whitespace(groups.back());
        groups.pop_back();
        std::string extra;
        for (std::string_view g : groups) {
            if (!extra.empty())
                extra += ' ';
            extra += '(';
            extra += g;
            extra += ')';
        }
        if (!extra.empty())
            out.note = out.note.empty() ? extra : extra + " " + out.note;
    }
    return out;
}

Identifier make_identifier(const OfacLabel& label, std::string_view published_label, IdParts parts,
                           const Location& where) {
    Identifier id;
    id.type = label.id_type;
    id.type_label = collapse_whitespace(published_label);
    id.value = std::move(parts.value);
    id.country = std::move(parts.country);
    id.note = std::move(parts.note);
    id.where = where;
    if (label.kind == LabelKind::kCrypto) {
        id.type = IdType::kCryptoAddress;
        std::size_t dash = published_label.rfind('-');
        if (dash != std::string_view::npos)
            id.asset = std::string(trim(published_label.substr(dash + 1)));
    } else if (std::string_view imo = imo_number(id.value); !imo.empty()) {
        // "Vessel Registration Identification IMO 7406784", "Company Number IMO 5055293".
        id.type = IdType::kImo;
        id.value = std::string(imo);
    }
    return id;
}

void add_labelled_value(std::string_view label, IdParts parts, bool unknown_is_identifier,
                        const Location& where, Entity& entity) {
    constexpr std::string_view kTypographic = "\u2019";
    std::string ascii;
    for (std::size_t i = 0; i < label.size(); ++i) {
        if (label.substr(i, kTypographic.size()) == kTypographic) {
            ascii += '\'';
            i += kTypographic.size() - 1;
        } else {
            ascii += label[i];
        }
    }
    static const OfacLabel kUnknownId{"", LabelKind::kIdentifier, IdType::kOther};
    static const OfacLabel kUnknownRemark{"", LabelKind::kRemark, IdType::kOther};
    const OfacLabel* match = match_ofac_label(ascii);
    if (match == nullptr)
        match = unknown_is_identifier ? &kUnknownId : &kUnknownRemark;
    switch (match->kind) {
        case LabelKind::kRemark: {
            std::string text = std::string(label) + " " + parts.value;
            if (!parts.country.empty())
                text += " (" + parts.country + ")";
            if (!parts.note.empty())
                text += " " + parts.note;
            entity.remarks.push_back({std::move(text), where});
            return;
        }
        case LabelKind::kGender:
            entity.gender.push_back({std::move(parts.value), where});
            return;
        case LabelKind::kCountry:
            add_country(entity, parts.value, where);
            return;
        case LabelKind::kCrypto:
        case LabelKind::kIdentifier:
            entity.identifiers.push_back(make_identifier(*match, label, std::move(parts), where));
            return;
    }
}

std::vector<std::string> split_programs(std::string_view field) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= field.size()) {
        std::size_t end = field.find_first_of("[]", start);
        std::string_view part = trim(field.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (!part.empty())
            out.emplace_back(part);
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return out;
}

std::string_view base_name(std::string_view path) {
    std::size_t slash = path.find_last_of("/\\");
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && equals_ci(s.substr(0, prefix.size()), prefix);
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
    if (needle.empty())
        return true;
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        if (equals_ci(haystack.substr(i, needle.size()), needle))
            return true;
    }
    return false;
}

void add_country(Entity& entity, std::string_view country, const Location& where) {
    std::string value = collapse_whitespace(country);
    if (value.empty())
        return;
    for (const Fact& f : entity.countries) {
        if (f.value == value)
            return;
    }
    entity.countries.push_back({std::move(value), where});
}

void apply_ofac_remarks_joined(std::string_view remarks, const Location& where,
                               std::size_t continuation_at, const Location& continuation_where,
                               Entity& entity) {
    const char* const base = remarks.data();  // continuation_at counts from here
    remarks = trim(remarks);
    if (is_ofac_null(remarks))
        return;
    if (remarks.back() == '.')
        remarks.remove_suffix(1);  // OFAC ends every remarks with a period
    for (std::string_view item : split_items(remarks)) {
        std::string_view text = trim(item);
        if (text.empty())
            continue;
        const auto at = static_cast<std::size_t>(text.data() - base);
        apply_item(text, at >= continuation_at ? continuation_where : where, entity);
    }
}

}  // namespace cordon::ofac

namespace cordon {

void apply_ofac_remarks(std::string_view remarks, const Location& where, Entity& entity) {
    ofac::apply_ofac_remarks_joined(remarks, where, std::string_view::npos, where, entity);
}

}  // namespace cordon
