// The identifier normalisers against published vectors (EIP-55, BIP-173, BIP-350, Base58Check),
// then malformed input.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <random>
#include <string>

#include "cordon/identifier.h"

namespace cordon {
namespace {

std::string hex(const std::array<std::uint8_t, 32>& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::uint8_t b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

TEST(Keccak256, KnownVectors) {
    EXPECT_EQ(hex(keccak256("")), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    EXPECT_EQ(hex(keccak256("abc")), "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

TEST(Keccak256, SpongeAgreesWithOpenSslSha3OnRandomLengths) {
    // SHA3-256 is the same sponge with another padding byte: OpenSSL's is the reference for the
    // permutation and the block handling (lengths around the 136-byte rate included).
    std::mt19937 rng(7);
    for (std::size_t n = 0; n < 600; n += (n < 300 ? 1 : 7)) {
        std::string data(n, '\0');
        for (char& c : data) c = static_cast<char>(rng() & 0xff);
        std::array<std::uint8_t, 32> want{};
        unsigned int len = 0;
        ASSERT_EQ(EVP_Digest(data.data(), data.size(), want.data(), &len, EVP_sha3_256(), nullptr), 1);
        EXPECT_EQ(hex(detail::keccak_sponge256(data, 0x06)), hex(want)) << "length " << n;
    }
}

TEST(Sha256, KnownVector) {
    EXPECT_EQ(hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Eip55, ExamplesFromTheEip) {
    for (const char* a : {"0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
                          "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
                          "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                          "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"}) {
        EXPECT_TRUE(eip55_checksum_ok(a)) << a;
        IdKey k = identifier_key(IdType::kCryptoAddress, a);
        EXPECT_TRUE(k.problem.empty()) << a;
        std::string lower(a);
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_EQ(k.key, lower);
    }
    EXPECT_EQ(eip55_encode("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    EXPECT_EQ(identifier_key(IdType::kCryptoAddress, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").check, IdCheck::kEip55);
    EXPECT_EQ(identifier_key(IdType::kCryptoAddress, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").check, IdCheck::kHex);
}

TEST(Eip55, WrongMixedCaseIsInvalidButKeepsItsKey) {
    IdKey k = identifier_key(IdType::kCryptoAddress, "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    EXPECT_EQ(k.check, IdCheck::kInvalid);
    EXPECT_NE(k.problem.find("EIP-55"), std::string::npos);
    EXPECT_EQ(k.key, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
}

// Valid strings of BIP-173 and BIP-350 (the 90-character ones exercise the length limit).
TEST(Bech32, Bip173ValidStrings) {
    for (const char* s : {"A12UEL5L", "a12uel5l",
                          "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
                          "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
                          "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w", "?1ezyfcl"}) {
        EXPECT_EQ(bech32_decode_kind(s), Bech32Kind::kBech32) << s;
    }
}

TEST(Bech32, Bip350ValidStrings) {
    for (const char* s : {"A1LQFN3A", "a1lqfn3a",
                          "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
                          "split1checkupstagehandshakeupstreamerranterredcaperredlc445v", "?1v759aa"}) {
        EXPECT_EQ(bech32_decode_kind(s), Bech32Kind::kBech32m) << s;
    }
}

TEST(Bech32, InvalidStrings) {
    for (const char* s : {"x1b4n0q5v", "li1dgmt3", "A1G7SGD8", "10a06t8", "1qzzfhee", "a12UEL5L", "pzry9x0s0muk",
                          "1pzry9x0s0muk", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"}) {
        EXPECT_EQ(bech32_decode_kind(s), Bech32Kind::kNone) << s;
    }
}

TEST(Bech32, AddressesAreLowerCasedAndVerified) {
    IdKey upper = identifier_key(IdType::kCryptoAddress, "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4");
    EXPECT_EQ(upper.check, IdCheck::kBech32);
    EXPECT_EQ(upper.key, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
    IdKey taproot = identifier_key(IdType::kCryptoAddress, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0");
    EXPECT_EQ(taproot.check, IdCheck::kBech32m);
    IdKey bad = identifier_key(IdType::kCryptoAddress, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5");
    EXPECT_EQ(bad.check, IdCheck::kInvalid);
    EXPECT_FALSE(bad.problem.empty());
    // Mixed case is not bech32 (BIP-173): not lower-cased into a match.
    EXPECT_NE(identifier_key(IdType::kCryptoAddress, "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4").key,
              upper.key);
}

// BIP 350's segwit address vectors: a checksum is not enough for a Bitcoin address; the witness
// version, the encoding it demands and the program length must agree.
TEST(Bech32, SegwitAddressesCheckVersionEncodingAndLength) {
    for (const char* s : {"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
                          "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
                          "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
                          "BC1SW50QGDZ25J", "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
                          "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
                          "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
                          "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"}) {
        IdKey k = identifier_key(IdType::kCryptoAddress, s);
        EXPECT_TRUE(k.check == IdCheck::kBech32 || k.check == IdCheck::kBech32m) << s << ": " << k.problem;
    }
    struct Bad {
        const char* address;
        const char* problem;  // a part of the reason given
    };
    for (const Bad& b : {Bad{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", "needs bech32m"},
                         Bad{"BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", "needs bech32m"},
                         Bad{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "needs bech32, not bech32m"},
                         Bad{"tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47", "needs bech32, not bech32m"},
                         Bad{"BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "witness version 17"},
                         Bad{"bc1pw5dgrnzv", "2 to 40 bytes, not 1"},
                         Bad{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
                             "2 to 40 bytes, not 41"},
                         Bad{"BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "20 or 32 bytes, not 16"},
                         Bad{"bc1zw508d6qejxtdg4y5r3zarvaryvq37eag7", "padding"},
                         Bad{"tb1pw508d6qejxtdg4y5r3zarqfsj6c3", "padding"},
                         Bad{"bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6", "42 characters"}}) {
        IdKey k = identifier_key(IdType::kCryptoAddress, b.address);
        EXPECT_EQ(k.check, IdCheck::kInvalid) << b.address;
        EXPECT_NE(k.problem.find(b.problem), std::string::npos) << b.address << ": " << k.problem;
    }
    // Other bech32 prefixes keep to the checksum.
    EXPECT_EQ(identifier_key(IdType::kCryptoAddress, "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw").check,
              IdCheck::kBech32);
}

TEST(Base58Check, ValidAndInvalid) {
    for (const char* a : {"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
                          "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"}) {
        EXPECT_TRUE(base58check_ok(a, kBitcoinBase58)) << a;
        IdKey k = identifier_key(IdType::kCryptoAddress, a);
        EXPECT_EQ(k.check, IdCheck::kBase58Check) << a;
        EXPECT_EQ(k.key, a);  // case kept
    }
    EXPECT_FALSE(base58check_ok("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", kBitcoinBase58));
    EXPECT_FALSE(base58check_ok("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVn2", kBitcoinBase58));
    EXPECT_FALSE(base58check_ok("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNV0", kBitcoinBase58));  // 0 not base58
    IdKey recased = identifier_key(IdType::kCryptoAddress, "1bvbmseystwetqtfn5au4m4gfg7xjanvn2");
    EXPECT_NE(recased.key, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2");
    IdKey bad = identifier_key(IdType::kCryptoAddress, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3");
    EXPECT_EQ(bad.check, IdCheck::kInvalid);
    EXPECT_EQ(bad.key, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3");
}

TEST(Identifiers, OtherChainsAreExactAfterTrimming) {
    const std::string xmr =
        "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL";
    IdKey k = identifier_key(IdType::kCryptoAddress, "  " + xmr + "\t");
    EXPECT_EQ(k.key, xmr);
    EXPECT_EQ(k.check, IdCheck::kNone);
    EXPECT_TRUE(k.problem.empty());
}

TEST(Identifiers, DocumentsLoseSpacesAndDashes) {
    EXPECT_EQ(identifier_key(IdType::kPassport, " ab-12 345 ").key, "AB12345");
    EXPECT_EQ(identifier_key(IdType::kNationalId, "123-45-6789").key, "123456789");
    EXPECT_EQ(identifier_key(IdType::kRegistration, "1027700 132195").key, "1027700132195");
}

TEST(Identifiers, ImoNumbers) {
    IdKey k = identifier_key(IdType::kImo, "IMO 9176187");
    EXPECT_EQ(k.key, "9176187");
    EXPECT_EQ(k.check, IdCheck::kImoCheckDigit);
    EXPECT_EQ(identifier_key(IdType::kImo, "9176187").key, "9176187");
    EXPECT_EQ(identifier_key(IdType::kImo, "IMO 9176188").check, IdCheck::kInvalid);
    EXPECT_EQ(identifier_key(IdType::kImo, "917618").check, IdCheck::kInvalid);
}

TEST(Identifiers, SwiftEightMatchesTheXxxBranch) {
    EXPECT_EQ(identifier_key(IdType::kSwiftBic, "DEUTDEFF").key, "DEUTDEFF");
    EXPECT_EQ(identifier_key(IdType::kSwiftBic, "deut de ff xxx").key, "DEUTDEFF");
    EXPECT_EQ(identifier_key(IdType::kSwiftBic, "DEUTDEFF500").key, "DEUTDEFF500");
    EXPECT_EQ(identifier_key(IdType::kSwiftBic, "DEUT").check, IdCheck::kInvalid);
}

TEST(Identifiers, LeiCheckDigits) {
    EXPECT_EQ(identifier_key(IdType::kLei, "5493001KJTIIGC8Y1R12").check, IdCheck::kLeiMod97);
    EXPECT_EQ(identifier_key(IdType::kLei, "5493001KJTIIGC8Y1R13").check, IdCheck::kInvalid);
}

TEST(Identifiers, ParseType) {
    EXPECT_EQ(parse_id_type("Passport"), IdType::kPassport);
    EXPECT_EQ(parse_id_type("wallet"), IdType::kCryptoAddress);
    EXPECT_EQ(parse_id_type("crypto"), IdType::kCryptoAddress);
    EXPECT_EQ(parse_id_type("swift_bic"), IdType::kSwiftBic);
    EXPECT_FALSE(parse_id_type("shoe size"));
}

TEST(Identifiers, MalformedInputNeverCrashes) {
    std::mt19937 rng(11);
    const std::string alphabet = std::string(kBitcoinBase58) + "0xOIl-: \t\xff\x80\xc3" + std::string(1, '\0');
    for (int i = 0; i < 20000; ++i) {
        std::string s(rng() % 120, ' ');
        for (char& c : s) c = alphabet[rng() % alphabet.size()];
        if (i % 3 == 0) s = "0x" + s;
        if (i % 5 == 0) s = "bc1" + s;
        for (IdType t : {IdType::kCryptoAddress, IdType::kImo, IdType::kSwiftBic, IdType::kLei, IdType::kPassport}) {
            IdKey k = identifier_key(t, s);
            if (k.check == IdCheck::kInvalid) {
                EXPECT_FALSE(k.problem.empty());
            }
        }
        base58check_ok(s, kBitcoinBase58);
        bech32_decode_kind(s);
    }
    for (const char* s : {"", " ", "0x", "bc1", "1", "11111111111111111111111111", "bitcoincash:", "IMO"}) {
        identifier_key(IdType::kCryptoAddress, s);
        identifier_key(IdType::kImo, s);
    }
}

}  // namespace
}  // namespace cordon
