// Country names to ISO 3166-1 alpha-2 codes, for comparing a query's country with a listing's
// nationalities, citizenships, addresses and flags. Knows the English names ICU has for every
// region, the codes themselves, the sanctions lists' own spellings ("Korea, North", "Iran
// (Islamic Republic of)", "Burma") and common demonyms ("Russian", "Iranian").
//
//   country_code("Korea, North") == "KP";  country_code("kp") == "KP";  country_code("Atlantis") == ""
#pragma once

#include <string>
#include <string_view>

namespace cordon {

// "" when the text names no known country. Case, accents and punctuation are ignored.
std::string country_code(std::string_view text);

}  // namespace cordon
