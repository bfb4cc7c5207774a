#include "cordon/country.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <cctype>
#include <mutex>
#include <unordered_map>

namespace cordon {

namespace {

// Lower-case ASCII letters, words separated by one space; accents dropped by the caller's data
// (ICU's English names are ASCII apart from a few, which are listed below).
std::string key_of(std::string_view text) {
    std::string out;
    bool space = false;
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) != 0) {
            if (space && !out.empty()) out += ' ';
            space = false;
            out += static_cast<char>(std::tolower(c));
        } else if (c != '\'') {
            space = true;
        }
    }
    return out;
}

struct Alias {
    const char* name;
    const char* code;
};

// Spellings in the lists and in everyday use that differ from ICU's English region names.
constexpr Alias kAliases[] = {
    {"korea north", "KP"}, {"north korea", "KP"}, {"dprk", "KP"},
    {"democratic people s republic of korea", "KP"}, {"democratic peoples republic of korea", "KP"},
    {"korea democratic people s republic of", "KP"}, {"korea dem people s rep", "KP"},
    {"korea south", "KR"}, {"south korea", "KR"}, {"republic of korea", "KR"}, {"korea republic of", "KR"},
    {"russian federation", "RU"}, {"russia", "RU"}, {"iran islamic republic of", "IR"},
    {"iran", "IR"}, {"syrian arab republic", "SY"}, {"syria", "SY"}, {"burma", "MM"},
    {"myanmar", "MM"}, {"united states", "US"}, {"united states of america", "US"}, {"usa", "US"},
    {"united kingdom", "GB"}, {"uk", "GB"}, {"great britain", "GB"}, {"britain", "GB"},
    {"venezuela bolivarian republic of", "VE"}, {"bolivia plurinational state of", "BO"},
    {"congo democratic republic of the", "CD"}, {"democratic republic of the congo", "CD"},
    {"congo democratic republic", "CD"}, {"drc", "CD"}, {"congo republic of the", "CG"},
    {"cote d ivoire", "CI"}, {"cote divoire", "CI"}, {"ivory coast", "CI"}, {"turkiye", "TR"},
    {"turkey", "TR"}, {"viet nam", "VN"}, {"vietnam", "VN"}, {"lao people s democratic republic", "LA"},
    {"laos", "LA"}, {"palestinian", "PS"}, {"palestine", "PS"}, {"west bank", "PS"}, {"gaza", "PS"},
    {"tanzania united republic of", "TZ"}, {"moldova republic of", "MD"}, {"macedonia", "MK"},
    {"czech republic", "CZ"}, {"curacao", "CW"}, {"sao tome and principe", "ST"},
    {"holy see", "VA"}, {"micronesia federated states of", "FM"}, {"hong kong", "HK"},
    {"china", "CN"}, {"people s republic of china", "CN"}, {"taiwan", "TW"}, {"crimea", "UA"},
    {"region crimea", "UA"}, {"kosovo", "XK"}, {"bosnia", "BA"}, {"uae", "AE"},
    {"emirates", "AE"}, {"the bahamas", "BS"}, {"the gambia", "GM"},
    // Demonyms, as nationalities are often written.
    {"russian", "RU"}, {"iranian", "IR"}, {"syrian", "SY"}, {"iraqi", "IQ"}, {"afghan", "AF"},
    {"chinese", "CN"}, {"north korean", "KP"}, {"south korean", "KR"}, {"american", "US"},
    {"british", "GB"}, {"german", "DE"}, {"french", "FR"}, {"ukrainian", "UA"},
    {"belarusian", "BY"}, {"lebanese", "LB"}, {"yemeni", "YE"}, {"venezuelan", "VE"},
    {"cuban", "CU"}, {"pakistani", "PK"}, {"somali", "SO"}, {"libyan", "LY"}, {"sudanese", "SD"},
    {"turkish", "TR"}, {"emirati", "AE"}, {"saudi", "SA"}, {"egyptian", "EG"}, {"jordanian", "JO"},
    {"indian", "IN"}, {"mexican", "MX"}, {"colombian", "CO"}, {"nicaraguan", "NI"},
    {"malian", "ML"}, {"nigerian", "NG"}, {"kuwaiti", "KW"}, {"qatari", "QA"}, {"bahraini", "BH"},
    {"omani", "OM"}, {"tunisian", "TN"}, {"algerian", "DZ"}, {"moroccan", "MA"},
    {"indonesian", "ID"}, {"filipino", "PH"}, {"malaysian", "MY"}, {"burmese", "MM"},
    {"cambodian", "KH"}, {"vietnamese", "VN"}, {"japanese", "JP"}, {"israeli", "IL"},
    {"kazakh", "KZ"}, {"uzbek", "UZ"}, {"georgian", "GE"}, {"armenian", "AM"},
    {"azerbaijani", "AZ"}, {"serbian", "RS"}, {"eritrean", "ER"}, {"ethiopian", "ET"},
    {"kenyan", "KE"}, {"congolese", "CD"}, {"zimbabwean", "ZW"}, {"south sudanese", "SS"},
    {"central african", "CF"},
};

const std::unordered_map<std::string, std::string>& table() {
    static const std::unordered_map<std::string, std::string> kTable = [] {
        std::unordered_map<std::string, std::string> t;
        icu::Locale english("en");
        for (const char* const* c = icu::Locale::getISOCountries(); *c != nullptr; ++c) {
            std::string code(*c);
            icu::Locale region("", *c);
            icu::UnicodeString display;
            region.getDisplayCountry(english, display);
            std::string name;
            display.toUTF8String(name);
            t.emplace(key_of(code), code);
            if (!name.empty()) t.emplace(key_of(name), code);
            // ICU adds qualifiers in parentheses or after commas at times; keep the bare name too.
            if (auto p = name.find_first_of("(,"); p != std::string::npos && p > 0) {
                t.emplace(key_of(name.substr(0, p)), code);
            }
        }
        for (const Alias& a : kAliases) t[key_of(a.name)] = a.code;
        return t;
    }();
    return kTable;
}

}  // namespace

std::string country_code(std::string_view text) {
    std::string key = key_of(text);
    if (key.empty()) return {};
    const auto& t = table();
    auto it = t.find(key);
    if (it != t.end()) return it->second;
    return {};
}

}  // namespace cordon
