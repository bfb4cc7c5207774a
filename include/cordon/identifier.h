// Identifier keys: the comparable form of a passport, an IMO number, a SWIFT/BIC or a digital
// currency address, with the checksum each format carries verified. Two identifiers of one type
// are the same when their keys are equal (and, for documents, their issuing countries agree).
//
//   IdKey k = identifier_key(IdType::kCryptoAddress, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
//   k.key;    // "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
//   k.check;  // IdCheck::kEip55
//   identifier_key(IdType::kImo, "IMO 9176187").key;  // "9176187", check digit verified
//
// Rules (docs/matching.md, "Identifiers"): hex 0x addresses compare case-insensitively, with the
// EIP-55 checksum verified where the case is mixed; bech32/bech32m addresses are lower-cased and
// verified; base58 addresses stay case-sensitive and are Base58Check-verified (Bitcoin's alphabet,
// or Ripple's for r... addresses); other chains' formats (Monero...) compare exactly after trimming.
// Documents lose spaces and dashes and are upper-cased; an IMO number loses its "IMO" prefix and
// must be 7 digits with a valid check digit; an 11-character SWIFT/BIC ending in XXX is its 8-character
// form. A value that fails its check still has a key (the exact lookup is still made) and says why in
// `problem`.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cordon/entity.h"

namespace cordon {

// Which check the value passed.
enum class IdCheck : std::uint8_t {
    kNone,         // the format carries no checksum (or none known): compared as normalised text
    kHex,          // 0x + 40 hex digits in one case: no checksum to verify
    kEip55,        // mixed-case 0x address with a valid EIP-55 checksum
    kBech32,       // BIP-173
    kBech32m,      // BIP-350
    kCashAddr,     // Bitcoin Cash address (q.../p..., "bitcoincash:" prefix optional)
    kBase58Check,  // Bitcoin-alphabet Base58Check (1..., 3..., T..., L..., t1...)
    kRippleBase58Check,
    kImoCheckDigit,
    kLeiMod97,     // ISO 17442 / ISO 7064 mod 97-10
    kSwiftFormat,  // 4 letters bank, 2 letters country, 2 location, optional 3 branch
    kInvalid,      // the value failed the check its format requires: see IdKey::problem
};
std::string_view id_check_name(IdCheck c);  // "none", "hex", "eip55", "bech32", ... "invalid"

struct IdKey {
    std::string key;      // comparable form; empty when the value holds nothing usable
    IdCheck check = IdCheck::kNone;
    std::string problem;  // why the value is invalid ("EIP-55 checksum fails"); empty otherwise
};

// Never throws; any byte string is accepted.
IdKey identifier_key(IdType type, std::string_view value);

// "passport", "national_id", "tax_id", "registration", "imo", "swift_bic", "crypto" (also
// "wallet"), "lei", "other"; case-insensitive.
std::optional<IdType> parse_id_type(std::string_view text);

// Passport and national id numbers: a different number under the same type is evidence against a
// name match.
inline bool is_document_id(IdType t) { return t == IdType::kPassport || t == IdType::kNationalId; }

// The primitives, exposed for their tests.
std::array<std::uint8_t, 32> keccak256(std::string_view data);
std::array<std::uint8_t, 32> sha256(std::string_view data);
// `address` is "0x" + 40 hex digits; true when its letters' case follows EIP-55.
bool eip55_checksum_ok(std::string_view address);
// "0x" + the EIP-55 mixed-case form of a 0x address (any case); empty when not 0x + 40 hex.
std::string eip55_encode(std::string_view address);
enum class Bech32Kind : std::uint8_t { kNone, kBech32, kBech32m };
// A whole bech32 string (hrp "1" data), in one case; kNone when malformed or the checksum fails.
Bech32Kind bech32_decode_kind(std::string_view text);
// Base58Check over `alphabet` (58 characters); true when the string decodes and its last 4 bytes
// are the first 4 of SHA-256(SHA-256(payload)).
bool base58check_ok(std::string_view text, std::string_view alphabet);
namespace detail {
// The Keccak[512] sponge with 256 bits out and the given domain padding byte: 0x01 is Keccak-256,
// 0x06 is SHA3-256 (which the test compares with OpenSSL's).
std::array<std::uint8_t, 32> keccak_sponge256(std::string_view data, std::uint8_t domain);
}  // namespace detail
inline constexpr std::string_view kBitcoinBase58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
inline constexpr std::string_view kRippleBase58 = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz";

}  // namespace cordon
