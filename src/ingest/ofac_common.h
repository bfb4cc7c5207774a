// Private helpers shared by the OFAC loaders (legacy CSV, sdn.xml schema) and the remarks parser.
//
// OFAC publishes the same facts in two shapes: as "<label> <value> (<country>) issued ..." items in
// the CSV remarks, and as <id><idType>label</idType><idNumber>value</idNumber>... in the XML. Both
// go through one label table (classify_ofac_label), so a fact lands in the same place whichever
// file it was read from.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/entity.h"

namespace cordon::ofac {

// What an OFAC label denotes.
enum class LabelKind : std::uint8_t {
    kIdentifier,  // an identifier of type OfacLabel::id_type
    kCrypto,      // "Digital Currency Address - XBT": an identifier with an asset code
    kGender,      // "Gender"
    kCountry,     // "Nationality of Registration": a country link
    kRemark,      // "Website", "Secondary sanctions risk:", ...: kept as a remark
};

struct OfacLabel {
    std::string_view text;  // the label as OFAC writes it
    LabelKind kind = LabelKind::kRemark;
    IdType id_type = IdType::kOther;
};

// The longest known label that `text` starts with (case-insensitively), where the label is followed
// by the end of the text, a space or a colon; nullptr when none. Works on remark items
// ("Passport 109420132 (Korea, North)") and on XML idType values ("Listing Date (EO 14024 ...):").
const OfacLabel* match_ofac_label(std::string_view text);

// The parts of an identifier value as OFAC writes it in remarks:
// "109420132 (Korea, North) issued 16 Oct 2019 expires 16 Oct 2024" ->
// value "109420132", country "Korea, North", note "issued 16 Oct 2019 expires 16 Oct 2024".
// With several trailing parentheses ("HRA 738077 (Stuttgart) (Germany)") the last is the country
// and the others go to the note.
struct IdParts {
    std::string value;
    std::string country;
    std::string note;
};
IdParts split_id_value(std::string_view text);

// Builds an Identifier from a label and a value; turns "IMO 1234567" values into IdType::kImo with
// the bare number, and "Digital Currency Address - XBT" labels into kCryptoAddress with the asset.
Identifier make_identifier(const OfacLabel& label, std::string_view published_label, IdParts parts,
                           const Location& where);

// Puts a value that XML publishes under an OFAC label (sdn.xml <idType>, Enhanced XML feature and
// document types) where the label table says it belongs: an identifier (with the country and note
// of `parts`), a gender, a country link, or a remark "<label> <value> (<country>)". A label the
// table does not know becomes an identifier of IdType::kOther when `unknown_is_identifier`, else a
// remark. A typographic apostrophe in the label (U+2019, as the Enhanced XML writes
// "Manufacturer’s") matches the table's ASCII one.
void add_labelled_value(std::string_view label, IdParts parts, bool unknown_is_identifier,
                        const Location& where, Entity& entity);

// "SDGT] [IFSR" / "[SDGT] [IFSR]" -> {"SDGT", "IFSR"}.
std::vector<std::string> split_programs(std::string_view field);

// The file name part of a path.
std::string_view base_name(std::string_view path);

bool contains_ci(std::string_view haystack, std::string_view needle);
bool starts_with_ci(std::string_view s, std::string_view prefix);

// Adds a country fact unless the entity already has that country.
void add_country(Entity& entity, std::string_view country, const Location& where);

// apply_ofac_remarks for remarks joined from two files: items starting at or after byte
// `continuation_at` of `remarks` came from `continuation_where` (sdn_comments.csv).
void apply_ofac_remarks_joined(std::string_view remarks, const Location& where,
                               std::size_t continuation_at, const Location& continuation_where,
                               Entity& entity);

}  // namespace cordon::ofac
