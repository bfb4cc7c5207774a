#include "cordon/entity.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>

namespace cordon {

namespace {

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

int month_from_name(std::string_view word) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (word.size() < 3) return 0;
    std::string w = lower_ascii(word.substr(0, 3));
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (w == kMonths[i]) return static_cast<int>(i) + 1;
    }
    return 0;
}

bool to_int(std::string_view s, int& out) {
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

bool plausible_year(int y) { return y >= 1800 && y <= 2200; }

}  // namespace

std::string_view schema_name(Schema s) {
    switch (s) {
        case Schema::kUnknown: return "Thing";
        case Schema::kPerson: return "Person";
        case Schema::kOrganization: return "Organization";
        case Schema::kCompany: return "Company";
        case Schema::kLegalEntity: return "LegalEntity";
        case Schema::kVessel: return "Vessel";
        case Schema::kAircraft: return "Airplane";
        case Schema::kCryptoWallet: return "CryptoWallet";
    }
    return "Thing";
}

std::optional<Schema> parse_schema(std::string_view s) {
    std::string w = lower_ascii(s);
    if (w == "person" || w == "individual") return Schema::kPerson;
    if (w == "organization" || w == "organisation" || w == "entity") return Schema::kOrganization;
    if (w == "company") return Schema::kCompany;
    if (w == "legalentity" || w == "legal_entity") return Schema::kLegalEntity;
    if (w == "vessel" || w == "ship") return Schema::kVessel;
    if (w == "aircraft" || w == "airplane") return Schema::kAircraft;
    if (w == "cryptowallet" || w == "wallet") return Schema::kCryptoWallet;
    if (w == "thing" || w == "unknown" || w.empty()) return Schema::kUnknown;
    return std::nullopt;
}

bool is_organization(Schema s) {
    return s == Schema::kOrganization || s == Schema::kCompany || s == Schema::kLegalEntity;
}

std::string_view name_kind_name(NameKind k) {
    switch (k) {
        case NameKind::kPrimary: return "primary";
        case NameKind::kAlias: return "aka";
        case NameKind::kWeakAlias: return "weak_aka";
        case NameKind::kFormerName: return "fka";
    }
    return "aka";
}

std::string_view id_type_name(IdType t) {
    switch (t) {
        case IdType::kOther: return "other";
        case IdType::kPassport: return "passport";
        case IdType::kNationalId: return "national_id";
        case IdType::kTaxId: return "tax_id";
        case IdType::kRegistration: return "registration";
        case IdType::kImo: return "imo";
        case IdType::kSwiftBic: return "swift_bic";
        case IdType::kCryptoAddress: return "crypto";
        case IdType::kLei: return "lei";
    }
    return "other";
}

std::string PartialDate::to_string() const {
    if (year == 0) return {};
    char buf[32];
    if (year_to != 0 && year_to != year) {
        std::snprintf(buf, sizeof buf, "%04d/%04d", year, year_to);
    } else if (month == 0) {
        std::snprintf(buf, sizeof buf, "%04d", year);
    } else if (day == 0) {
        std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    } else {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    }
    return buf;
}

std::optional<PartialDate> parse_partial_date(std::string_view text) {
    // Split into words on spaces, commas, slashes, dots and dashes, remembering ISO form.
    std::string t = lower_ascii(text);
    PartialDate d;
    if (t.find("circa") != std::string::npos || t.find("approx") != std::string::npos) {
        d.circa = true;
    }
    std::vector<std::string> words;
    std::string cur;
    const bool iso = t.size() >= 4 && std::isdigit(static_cast<unsigned char>(t[0])) &&
                     t.find('-') == 4;
    for (char c : t) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            cur += c;
        } else if (!cur.empty()) {
            words.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty()) words.push_back(cur);

    std::vector<int> years;
    int day = 0;
    int month = 0;
    std::vector<int> small;  // numbers that are not years, in order
    for (const std::string& w : words) {
        int n = 0;
        if (to_int(w, n)) {
            if (w.size() == 4 && plausible_year(n)) {
                years.push_back(n);
            } else if (w.size() <= 2) {
                small.push_back(n);
            }
        } else if (int m = month_from_name(w); m != 0 && month == 0) {
            month = m;
        }
    }
    if (years.empty()) return std::nullopt;
    d.year = years.front();
    if (years.size() >= 2 && years.back() > d.year &&
        (t.find(" to ") != std::string::npos || t.find("between") != std::string::npos ||
         t.find('/') == std::string::npos)) {
        d.year_to = years.back();
        return d;
    }
    if (month != 0) {  // "25 Apr 1965", "Apr 1965"
        d.month = month;
        if (!small.empty() && small.front() >= 1 && small.front() <= 31) day = small.front();
    } else if (iso) {  // "1965-04-25", "1965-04"
        if (!small.empty() && small[0] >= 1 && small[0] <= 12) d.month = small[0];
        if (small.size() >= 2 && small[1] >= 1 && small[1] <= 31) day = small[1];
    } else if (small.size() >= 2) {  // "25/04/1965" (day first, as in the lists)
        if (small[1] >= 1 && small[1] <= 12 && small[0] >= 1 && small[0] <= 31) {
            d.month = small[1];
            day = small[0];
        }
    }
    if (d.month != 0) d.day = day;
    return d;
}

std::string Diagnostic::to_string() const {
    std::string loc = where.to_string();
    return loc.empty() ? message : loc + ": " + message;
}

std::string fold_listed_name(std::string_view name) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto u = static_cast<unsigned char>(name[i]);
        if (u == ' ' || (u >= '\t' && u <= '\r') || name[i] == ',' || name[i] == '.') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        if (name.substr(i, 3) == "\xE2\x80\x99") {  // U+2019
            out += '\'';
            i += 2;
            continue;
        }
        out += u >= 'a' && u <= 'z' ? static_cast<char>(u - 'a' + 'A') : name[i];
    }
    return out;
}

}  // namespace cordon
