#include "cordon/identifier.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace cordon {

namespace {

// --- Keccak-256 (the original Keccak padding, as Ethereum uses it; OpenSSL 3.0 lacks it) ------

constexpr std::uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};
constexpr int kRotations[24] = {1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44};
constexpr int kPiLanes[24] = {10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1};

std::uint64_t rotl(std::uint64_t x, int n) { return (x << n) | (x >> (64 - n)); }

void keccak_f1600(std::uint64_t st[25]) {
    std::uint64_t bc[5];
    for (std::uint64_t rc : kRoundConstants) {
        for (int i = 0; i < 5; ++i) bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
        for (int i = 0; i < 5; ++i) {
            std::uint64_t t = bc[(i + 4) % 5] ^ rotl(bc[(i + 1) % 5], 1);
            for (int j = 0; j < 25; j += 5) st[j + i] ^= t;
        }
        std::uint64_t t = st[1];
        for (int i = 0; i < 24; ++i) {
            int j = kPiLanes[i];
            std::uint64_t next = st[j];
            st[j] = rotl(t, kRotations[i]);
            t = next;
        }
        for (int j = 0; j < 25; j += 5) {
            for (int i = 0; i < 5; ++i) bc[i] = st[j + i];
            for (int i = 0; i < 5; ++i) st[j + i] ^= (~bc[(i + 1) % 5]) & bc[(i + 2) % 5];
        }
        st[0] ^= rc;
    }
}

void absorb(std::uint64_t st[25], const std::uint8_t* block, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) st[i / 8] ^= static_cast<std::uint64_t>(block[i]) << (8 * (i % 8));
}

// --- Bech32 (BIP-173, BIP-350) and CashAddr ---------------------------------------------------

constexpr std::string_view kBech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

int bech32_value(char c) {
    std::size_t p = kBech32Charset.find(c);
    return p == std::string_view::npos ? -1 : static_cast<int>(p);
}

std::uint32_t bech32_polymod(std::string_view hrp, std::string_view data) {
    constexpr std::uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    std::uint32_t chk = 1;
    auto step = [&](std::uint32_t v) {
        std::uint32_t b = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ v;
        for (int i = 0; i < 5; ++i) {
            if ((b >> i) & 1) chk ^= kGen[i];
        }
    };
    for (char c : hrp) step(static_cast<unsigned char>(c) >> 5);
    step(0);
    for (char c : hrp) step(static_cast<unsigned char>(c) & 31);
    for (char c : data) step(static_cast<std::uint32_t>(bech32_value(c)));
    return chk;
}

bool cashaddr_ok(std::string_view prefix, std::string_view payload) {
    std::uint64_t c = 1;
    auto step = [&](std::uint8_t d) {
        std::uint8_t c0 = static_cast<std::uint8_t>(c >> 35);
        c = ((c & 0x07ffffffffULL) << 5) ^ d;
        if (c0 & 0x01) c ^= 0x98f2bc8e61ULL;
        if (c0 & 0x02) c ^= 0x79b76d99e2ULL;
        if (c0 & 0x04) c ^= 0xf33e5fb3c4ULL;
        if (c0 & 0x08) c ^= 0xae2eabe2a8ULL;
        if (c0 & 0x10) c ^= 0x1e4f43e470ULL;
    };
    for (char ch : prefix) step(static_cast<std::uint8_t>(ch & 31));
    step(0);
    for (char ch : payload) {
        int v = bech32_value(ch);
        if (v < 0) return false;
        step(static_cast<std::uint8_t>(v));
    }
    return (c ^ 1) == 0;
}

// --- Text helpers ------------------------------------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alnum(char c) { return is_digit(c) || is_upper(c) || is_lower(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::string lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

bool mixed_case(std::string_view s) {
    bool up = std::any_of(s.begin(), s.end(), is_upper);
    bool low = std::any_of(s.begin(), s.end(), is_lower);
    return up && low;
}

// Upper-cased, with spaces and dashes taken out.
std::string document_key(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (is_space(c) || c == '-') continue;
        out += ascii_upper(c);
    }
    return out;
}

IdKey invalid(std::string key, std::string problem) { return {std::move(key), IdCheck::kInvalid, std::move(problem)}; }

// What makes a checksum-valid bech32 string no SegWit address, for the Bitcoin and Litecoin prefixes
// (BIP 173 and 350): the witness version (0-16) heads the data; version 0 is bech32 with a 20- or
// 32-byte program, later versions bech32m with 2 to 40 bytes; the 5-bit groups leave under 5 zero bits
// over. Other prefixes (Cosmos chains...) have rules of their own and are checked by checksum only.
std::string segwit_problem(std::string_view hrp, std::string_view data, Bech32Kind kind) {
    if (hrp != "bc" && hrp != "tb" && hrp != "bcrt" && hrp != "ltc" && hrp != "tltc") return {};
    if (data.size() < 7) return "no witness program";
    const int version = bech32_value(data[0]);
    if (version > 16) return "witness version " + std::to_string(version) + " (at most 16)";
    const std::size_t groups = data.size() - 1 - 6;  // after the version, before the checksum
    const std::size_t bytes = groups * 5 / 8;
    const std::size_t spare = groups * 5 % 8;
    if (spare >= 5 || (bech32_value(data[groups]) & ((1 << spare) - 1)) != 0) return "witness program padding is not zero";
    if (version == 0 && kind != Bech32Kind::kBech32) return "witness version 0 needs bech32, not bech32m";
    if (version > 0 && kind != Bech32Kind::kBech32m) return "witness version " + std::to_string(version) + " needs bech32m (BIP 350)";
    if (version == 0 && bytes != 20 && bytes != 32) return "a version 0 witness program has 20 or 32 bytes, not " + std::to_string(bytes);
    if (bytes < 2 || bytes > 40) return "a witness program has 2 to 40 bytes, not " + std::to_string(bytes);
    return {};
}

IdKey crypto_key(std::string_view v) {
    if (v.empty()) return {};
    // EVM chains: 0x + 20 bytes.
    if (v.size() == 42 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X') &&
        std::all_of(v.begin() + 2, v.end(), is_hex)) {
        std::string key = "0x" + lowered(v.substr(2));
        if (!mixed_case(v.substr(2))) return {std::move(key), IdCheck::kHex, {}};
        if (eip55_checksum_ok(v)) return {std::move(key), IdCheck::kEip55, {}};
        return invalid(std::move(key), "EIP-55 checksum fails (mixed-case 0x address); expected " + eip55_encode(v));
    }
    // Bitcoin Cash CashAddr: "bitcoincash:" optional, then q... or p..., 42 characters, one case.
    {
        std::string_view body = v;
        std::string lower = lowered(v);
        bool prefixed = lower.rfind("bitcoincash:", 0) == 0;
        if (prefixed) body = v.substr(12);
        if (prefixed && (body.size() != 42 || mixed_case(body))) {
            return invalid(lowered(body), "a CashAddr has 42 characters of one case after \"bitcoincash:\"");
        }
        std::string lbody = lowered(body);
        if (lbody.size() == 42 && (lbody[0] == 'q' || lbody[0] == 'p') && !mixed_case(body) &&
            std::all_of(lbody.begin(), lbody.end(), [](char c) { return bech32_value(c) >= 0; })) {
            if (cashaddr_ok("bitcoincash", lbody)) return {lbody, IdCheck::kCashAddr, {}};
            if (prefixed) return invalid(lbody, "CashAddr checksum fails");
            // Unprefixed and failing: may be another format; fall through.
        }
    }
    // Bech32 / bech32m: hrp of letters, "1", data; one case.
    {
        std::size_t one = v.rfind('1');
        if (one != std::string_view::npos && one >= 1 && one <= 83 && v.size() - one - 1 >= 6 && !mixed_case(v)) {
            std::string lower = lowered(v);
            std::string_view hrp = std::string_view(lower).substr(0, one);
            std::string_view data = std::string_view(lower).substr(one + 1);
            if (std::all_of(hrp.begin(), hrp.end(), is_lower) &&
                std::all_of(data.begin(), data.end(), [](char c) { return bech32_value(c) >= 0; })) {
                const Bech32Kind kind = bech32_decode_kind(lower);
                if (kind == Bech32Kind::kNone) return invalid(lower, "bech32/bech32m checksum fails");
                if (std::string problem = segwit_problem(hrp, data, kind); !problem.empty()) {
                    return invalid(lower, std::move(problem));
                }
                return {lower, kind == Bech32Kind::kBech32 ? IdCheck::kBech32 : IdCheck::kBech32m, {}};
            }
        }
    }
    // Monero and other long base58 variants with their own checksums: exact.
    if ((v.size() == 95 || v.size() == 106) && (v[0] == '4' || v[0] == '8')) return {std::string(v), IdCheck::kNone, {}};
    // Base58Check (Bitcoin alphabet), or Ripple's alphabet for r... addresses.
    if (v.size() >= 25 && v.size() <= 64 && std::all_of(v.begin(), v.end(), is_alnum)) {
        bool bitcoin_alphabet = v.find_first_not_of(kBitcoinBase58) == std::string_view::npos;
        if (bitcoin_alphabet && base58check_ok(v, kBitcoinBase58)) return {std::string(v), IdCheck::kBase58Check, {}};
        if (v[0] == 'r' && base58check_ok(v, kRippleBase58)) return {std::string(v), IdCheck::kRippleBase58Check, {}};
        if (bitcoin_alphabet && !std::all_of(v.begin(), v.end(), is_hex)) {
            return invalid(std::string(v), "Base58Check checksum fails (base58 addresses are case-sensitive)");
        }
    }
    return {std::string(v), IdCheck::kNone, {}};
}

IdKey imo_key(std::string_view v) {
    std::string s = document_key(v);
    if (s.rfind("IMO", 0) == 0) s.erase(0, 3);
    while (!s.empty() && (s.front() == ':' || s.front() == '.' || s.front() == '#')) s.erase(0, 1);
    if (s.size() != 7 || !std::all_of(s.begin(), s.end(), is_digit)) {
        return invalid(std::move(s), "an IMO number has 7 digits");
    }
    int sum = 0;
    for (int i = 0; i < 6; ++i) sum += (s[static_cast<std::size_t>(i)] - '0') * (7 - i);
    if (sum % 10 != s[6] - '0') return invalid(std::move(s), "IMO ship-number check digit fails (a company or owner number has none)");
    return {std::move(s), IdCheck::kImoCheckDigit, {}};
}

IdKey swift_key(std::string_view v) {
    std::string s = document_key(v);
    bool shape = (s.size() == 8 || s.size() == 11) && std::all_of(s.begin(), s.begin() + std::min<std::size_t>(6, s.size()), is_upper) &&
                 std::all_of(s.begin(), s.end(), [](char c) { return is_upper(c) || is_digit(c); });
    if (!shape) return invalid(std::move(s), "a SWIFT/BIC has 8 or 11 letters and digits, the first 6 letters");
    if (s.size() == 11 && s.compare(8, 3, "XXX") == 0) s.resize(8);  // the head office
    return {std::move(s), IdCheck::kSwiftFormat, {}};
}

IdKey lei_key(std::string_view v) {
    std::string s = document_key(v);
    if (s.size() != 20 || !std::all_of(s.begin(), s.end(), [](char c) { return is_upper(c) || is_digit(c); })) {
        return invalid(std::move(s), "an LEI has 20 letters and digits");
    }
    int rem = 0;
    for (char c : s) {
        int d = is_digit(c) ? c - '0' : c - 'A' + 10;
        rem = d >= 10 ? (rem * 100 + d) % 97 : (rem * 10 + d) % 97;
    }
    if (rem != 1) return invalid(std::move(s), "LEI check digits fail");
    return {std::move(s), IdCheck::kLeiMod97, {}};
}

}  // namespace

std::string_view id_check_name(IdCheck c) {
    switch (c) {
        case IdCheck::kNone: return "none";
        case IdCheck::kHex: return "hex";
        case IdCheck::kEip55: return "eip55";
        case IdCheck::kBech32: return "bech32";
        case IdCheck::kBech32m: return "bech32m";
        case IdCheck::kCashAddr: return "cashaddr";
        case IdCheck::kBase58Check: return "base58check";
        case IdCheck::kRippleBase58Check: return "ripple_base58check";
        case IdCheck::kImoCheckDigit: return "imo_check_digit";
        case IdCheck::kLeiMod97: return "lei_mod97";
        case IdCheck::kSwiftFormat: return "swift_format";
        case IdCheck::kInvalid: return "invalid";
    }
    return "none";
}

std::array<std::uint8_t, 32> keccak256(std::string_view data) { return detail::keccak_sponge256(data, 0x01); }

std::array<std::uint8_t, 32> detail::keccak_sponge256(std::string_view data, std::uint8_t domain) {
    constexpr std::size_t kRate = 136;
    std::uint64_t st[25] = {};
    const auto* p = reinterpret_cast<const std::uint8_t*>(data.data());
    std::size_t n = data.size();
    while (n >= kRate) {
        absorb(st, p, kRate);
        keccak_f1600(st);
        p += kRate;
        n -= kRate;
    }
    std::uint8_t last[kRate] = {};
    if (n > 0) std::memcpy(last, p, n);
    last[n] ^= domain;
    last[kRate - 1] ^= 0x80;
    absorb(st, last, kRate);
    keccak_f1600(st);
    std::array<std::uint8_t, 32> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(st[i / 8] >> (8 * (i % 8)));
    return out;
}

std::array<std::uint8_t, 32> sha256(std::string_view data) {
    std::array<std::uint8_t, 32> out{};
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr);
    return out;
}

std::string eip55_encode(std::string_view address) {
    if (address.size() != 42 || address[0] != '0' || (address[1] != 'x' && address[1] != 'X') ||
        !std::all_of(address.begin() + 2, address.end(), is_hex)) {
        return {};
    }
    std::string hex = lowered(address.substr(2));
    auto hash = keccak256(hex);
    for (std::size_t i = 0; i < hex.size(); ++i) {
        int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
        if (nibble >= 8) hex[i] = ascii_upper(hex[i]);
    }
    return "0x" + hex;
}

bool eip55_checksum_ok(std::string_view address) {
    std::string expected = eip55_encode(address);
    return !expected.empty() && std::string_view(expected).substr(2) == address.substr(2);
}

Bech32Kind bech32_decode_kind(std::string_view text) {
    if (text.size() < 8 || text.size() > 90 || mixed_case(text)) return Bech32Kind::kNone;
    for (char c : text) {
        if (c < 33 || c > 126) return Bech32Kind::kNone;
    }
    std::string lower = lowered(text);
    std::size_t one = lower.rfind('1');
    if (one == std::string::npos || one == 0 || lower.size() - one - 1 < 6) return Bech32Kind::kNone;
    std::string_view hrp = std::string_view(lower).substr(0, one);
    std::string_view data = std::string_view(lower).substr(one + 1);
    if (!std::all_of(data.begin(), data.end(), [](char c) { return bech32_value(c) >= 0; })) return Bech32Kind::kNone;
    std::uint32_t pm = bech32_polymod(hrp, data);
    if (pm == 1) return Bech32Kind::kBech32;
    if (pm == 0x2bc830a3) return Bech32Kind::kBech32m;
    return Bech32Kind::kNone;
}

bool base58check_ok(std::string_view text, std::string_view alphabet) {
    if (text.empty() || text.size() > 128 || alphabet.size() != 58) return false;
    std::vector<std::uint8_t> bytes;  // big-endian
    for (char c : text) {
        std::size_t digit = alphabet.find(c);
        if (digit == std::string_view::npos) return false;
        unsigned carry = static_cast<unsigned>(digit);
        for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
            carry += 58U * *it;
            *it = static_cast<std::uint8_t>(carry & 0xff);
            carry >>= 8;
        }
        while (carry > 0) {
            bytes.insert(bytes.begin(), static_cast<std::uint8_t>(carry & 0xff));
            carry >>= 8;
        }
    }
    std::size_t zeros = 0;
    while (zeros < text.size() && text[zeros] == alphabet[0]) ++zeros;
    bytes.insert(bytes.begin(), zeros, 0);
    if (bytes.size() < 5) return false;
    std::string_view payload(reinterpret_cast<const char*>(bytes.data()), bytes.size() - 4);
    auto first = sha256(payload);
    auto second = sha256(std::string_view(reinterpret_cast<const char*>(first.data()), first.size()));
    return std::equal(second.begin(), second.begin() + 4, bytes.end() - 4);
}

IdKey identifier_key(IdType type, std::string_view value) {
    std::string_view v = trim(value);
    switch (type) {
        case IdType::kCryptoAddress: return crypto_key(v);
        case IdType::kImo: return imo_key(v);
        case IdType::kSwiftBic: return swift_key(v);
        case IdType::kLei: return lei_key(v);
        default: return {document_key(v), IdCheck::kNone, {}};
    }
}

std::optional<IdType> parse_id_type(std::string_view text) {
    std::string t = lowered(trim(text));
    if (t == "wallet" || t == "crypto_address" || t == "digital_currency_address") return IdType::kCryptoAddress;
    if (t == "swift" || t == "bic") return IdType::kSwiftBic;
    for (IdType type : {IdType::kOther, IdType::kPassport, IdType::kNationalId, IdType::kTaxId, IdType::kRegistration,
                        IdType::kImo, IdType::kSwiftBic, IdType::kCryptoAddress, IdType::kLei}) {
        if (t == id_type_name(type)) return type;
    }
    return std::nullopt;
}

}  // namespace cordon
