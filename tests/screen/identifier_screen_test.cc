// Identifier screening over the real lists: every digital currency address of the bundled SDN
// list is found by its own text and, where its chain allows, by its re-cased form; the counts per
// asset agree with the derived wallet lists in ../shared/data.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include "cordon/identifier.h"
#include "cordon/screener.h"
#include "../bundled_screener.h"

namespace cordon {
namespace {

namespace fs = std::filesystem;
const std::string kDerived = CORDON_SHARED_DATA_DIR "/ofac_crypto_addresses_derived_2024-05-02/";

Query wallet_query(const std::string& address, IdType type = IdType::kCryptoAddress) {
    Query q;
    Identifier id;
    id.type = type;
    id.value = address;
    q.identifiers.push_back(id);
    return q;
}

bool finds(const std::vector<Match>& matches, const std::string& entity_id) {
    for (const Match& m : matches) {
        if (m.entity->id == entity_id && m.score == 1.0) return true;
    }
    return false;
}

std::string swap_case(std::string s) {
    for (char& c : s) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

struct Listed {
    std::string address;
    std::string asset;
    std::string entity;
};

std::vector<Listed> sdn_addresses(const Screener& s) {
    std::vector<Listed> out;
    const Snapshot& snap = s.snapshot();
    for (std::uint32_t i = 0; i < snap.entity_count(); ++i) {
        const Entity& e = snap.entity(i);
        if (e.source != "ofac-sdn") continue;
        for (const Identifier& id : e.identifiers) {
            if (id.type == IdType::kCryptoAddress) out.push_back({id.value, id.asset, e.id});
        }
    }
    return out;
}

TEST(IdentifierScreen, EveryBundledSdnAddressIsFoundByItsOwnText) {
    const Screener& s = test::bundled_screener();
    auto listed = sdn_addresses(s);
    ASSERT_FALSE(listed.empty());
    ScreenOptions options;
    options.limit = 50;
    std::size_t invalid = 0;
    for (const Listed& l : listed) {
        auto m = s.screen(wallet_query(l.address), options);
        EXPECT_TRUE(finds(m, l.entity)) << l.asset << " " << l.address << " of " << l.entity;
        if (identifier_key(IdType::kCryptoAddress, l.address).check == IdCheck::kInvalid) ++invalid;
    }
    EXPECT_EQ(invalid, 0u) << "listed addresses that fail their checksum";
}

TEST(IdentifierScreen, ReCasedAddressesMatchOnlyWhereTheChainAllows) {
    const Screener& s = test::bundled_screener();
    ScreenOptions options;
    options.limit = 50;
    std::size_t hex = 0, bech = 0, base58 = 0;
    for (const Listed& l : sdn_addresses(s)) {
        IdKey k = identifier_key(IdType::kCryptoAddress, l.address);
        std::string recased;
        switch (k.check) {
            case IdCheck::kHex:
            case IdCheck::kEip55: {
                // All upper (no checksum to check) and all lower: both the same address.
                recased = "0x" + swap_case(k.key.substr(2));
                EXPECT_TRUE(finds(s.screen(wallet_query(recased), options), l.entity)) << recased;
                EXPECT_TRUE(finds(s.screen(wallet_query(k.key), options), l.entity)) << k.key;
                ++hex;
                break;
            }
            case IdCheck::kBech32:
            case IdCheck::kBech32m:
            case IdCheck::kCashAddr:
                recased = swap_case(k.key);
                EXPECT_TRUE(finds(s.screen(wallet_query(recased), options), l.entity)) << recased;
                ++bech;
                break;
            case IdCheck::kBase58Check:
            case IdCheck::kRippleBase58Check: {
                recased = swap_case(l.address);
                Query q = wallet_query(recased);
                EXPECT_FALSE(finds(s.screen(q, options), l.entity)) << "re-cased base58 matched: " << recased;
                ++base58;
                break;
            }
            default: break;
        }
    }
    EXPECT_GT(hex, 100u);
    EXPECT_GT(bech, 30u);
    EXPECT_GT(base58, 300u);
}

TEST(IdentifierScreen, CountsPerAssetAgreeWithTheDerivedLists) {
    if (!fs::exists(kDerived)) GTEST_SKIP() << "no shared data at " << kDerived;
    const Screener& s = test::bundled_screener();
    std::map<std::string, std::set<std::string>> ours;
    std::set<std::string> unique;
    std::set<std::string> entities;
    for (const Listed& l : sdn_addresses(s)) {
        ours[l.asset].insert(l.address);
        unique.insert(l.address);
        entities.insert(l.entity);
    }
    std::map<std::string, std::set<std::string>> derived;
    for (const auto& f : fs::directory_iterator(kDerived)) {
        std::string name = f.path().filename().string();
        const std::string prefix = "sanctioned_addresses_";
        if (name.rfind(prefix, 0) != 0 || f.path().extension() != ".txt") continue;
        std::string asset = name.substr(prefix.size(), name.size() - prefix.size() - 4);
        std::ifstream in(f.path());
        std::string line;
        while (std::getline(in, line)) {
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
            if (!line.empty()) derived[asset].insert(line);
        }
    }
    EXPECT_EQ(derived.size(), 17u);
    EXPECT_EQ(ours.size(), 17u);
    for (const auto& [asset, addresses] : derived) {
        EXPECT_EQ(ours[asset], addresses) << asset << ": " << ours[asset].size() << " listed, " << addresses.size()
                                          << " derived";
    }
    // The 599 of ../shared/data/README.md are (asset, address) pairs: one address may be listed
    // under several assets (an 0x address under ETH, USDT, ARB, BSC...); 586 distinct strings.
    std::size_t pairs = 0;
    for (const auto& [asset, addresses] : ours) pairs += addresses.size();
    EXPECT_EQ(pairs, 599u);
    EXPECT_EQ(unique.size(), 586u);
    // Which check each distinct address passes: none fails; hex 154, bech32 34, CashAddr 6 (BCH),
    // Ripple 1 (XRP), Base58Check for the rest but Monero's 2 and one 64-hex XMR entry (unchecked).
    std::map<IdCheck, std::size_t> checks;
    for (const std::string& a : unique) ++checks[identifier_key(IdType::kCryptoAddress, a).check];
    EXPECT_EQ(checks[IdCheck::kInvalid], 0u);
    EXPECT_EQ(checks[IdCheck::kHex] + checks[IdCheck::kEip55], 154u);
    EXPECT_EQ(checks[IdCheck::kBech32] + checks[IdCheck::kBech32m], 34u);
    EXPECT_EQ(checks[IdCheck::kCashAddr], 6u);
    EXPECT_EQ(checks[IdCheck::kRippleBase58Check], 1u);
    EXPECT_EQ(checks[IdCheck::kNone], 3u);
    EXPECT_EQ(checks[IdCheck::kBase58Check], 586u - 154u - 34u - 6u - 1u - 3u);
    EXPECT_EQ(entities.size(), 55u);
}

TEST(IdentifierScreen, WalletOnlyQueryFindsKimSangMan) {
    const Screener& s = test::bundled_screener();
    // KIM Sang Man (ofac-sdn:43377): Digital Currency Address - ETH.
    const Entity* kim = nullptr;
    for (std::uint32_t i = 0; i < s.snapshot().entity_count(); ++i) {
        if (s.snapshot().entity(i).id == "ofac-sdn:43377") kim = &s.snapshot().entity(i);
    }
    ASSERT_NE(kim, nullptr);
    const Identifier* wallet = nullptr;
    for (const Identifier& id : kim->identifiers) {
        if (id.type == IdType::kCryptoAddress) wallet = &id;
    }
    ASSERT_NE(wallet, nullptr);
    auto m = s.screen(wallet_query(wallet->value), {});
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].entity->id, "ofac-sdn:43377");
    EXPECT_EQ(m[0].score, 1.0);
    ASSERT_EQ(m[0].explanation.identifiers.size(), 1u);
    EXPECT_EQ(m[0].explanation.identifiers[0].how, "exact");
    EXPECT_EQ(m[0].explanation.identifiers[0].listed, wallet->value);
    // With the name too: one match, the name's explanation and the identifier's.
    Query q = wallet_query(wallet->value);
    q.name = "Kim Sang Man";
    auto both = s.screen(q, {});
    ASSERT_FALSE(both.empty());
    EXPECT_EQ(both[0].entity->id, "ofac-sdn:43377");
    EXPECT_EQ(both[0].score, 1.0);
    EXPECT_FALSE(both[0].explanation.name.pairs.empty());
    EXPECT_EQ(both[0].explanation.identifiers.size(), 1u);
}

TEST(IdentifierScreen, ListedImoAndSwiftAreFoundInTheirOtherForms) {
    const Screener& s = test::bundled_screener();
    const Snapshot& snap = s.snapshot();
    ScreenOptions options;
    options.limit = 50;
    std::size_t imo = 0, imo_invalid = 0, vessel_invalid = 0, swift = 0;
    for (std::uint32_t i = 0; i < snap.entity_count(); ++i) {
        const Entity& e = snap.entity(i);
        for (const Identifier& id : e.identifiers) {
            IdKey k = identifier_key(id.type, id.value);
            if (id.type == IdType::kImo) {
                ++imo;
                if (k.check == IdCheck::kInvalid) {
                    ++imo_invalid;
                    if (e.schema == Schema::kVessel) ++vessel_invalid;
                }
                EXPECT_TRUE(finds(s.screen(wallet_query("IMO " + k.key, IdType::kImo), options), e.id)) << id.value;
            } else if (id.type == IdType::kSwiftBic && k.check == IdCheck::kSwiftFormat) {
                ++swift;
                // The 8-character form is the XXX branch of the 11 and the other way round.
                std::string other = k.key.size() == 8 ? k.key + "XXX" : k.key;
                EXPECT_TRUE(finds(s.screen(wallet_query(other, IdType::kSwiftBic), options), e.id)) << id.value;
            }
        }
    }
    EXPECT_GT(imo, 100u);
    EXPECT_GT(swift, 50u);
    // Ship numbers carry the IMO check digit; company and registered-owner numbers ("Identification
    // Number IMO 5342883", "Company Number IMO ...") do not, so a share of listed ones fail it. They
    // are indexed and found all the same; a query with one gets a warning.
    std::cout << "listed IMO numbers: " << imo << ", failing the ship check digit: " << imo_invalid << " (vessels "
              << vessel_invalid << ")\n";
    EXPECT_EQ(vessel_invalid, 0u);
    EXPECT_LT(imo_invalid, imo / 5);
}

TEST(IdentifierScreen, InvalidAddressIsWarnedAndStillLookedUp) {
    Query q = wallet_query("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    auto w = identifier_warnings(q);
    ASSERT_EQ(w.size(), 1u);
    EXPECT_NE(w[0].find("EIP-55"), std::string::npos);
    EXPECT_TRUE(identifier_warnings(wallet_query("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")).empty());
}

TEST(IdentifierScreen, DifferentPassportLowersANameMatch) {
    const Screener& s = test::bundled_screener();
    // A listed person with a passport: find one, then screen its name with another number.
    const Snapshot& snap = s.snapshot();
    for (std::uint32_t i = 0; i < snap.entity_count(); ++i) {
        const Entity& e = snap.entity(i);
        if (e.schema != Schema::kPerson || e.source != "ofac-sdn" || e.names.empty()) continue;
        const Identifier* passport = nullptr;
        for (const Identifier& id : e.identifiers) {
            if (id.type == IdType::kPassport) passport = &id;
        }
        if (passport == nullptr) continue;
        Query plain;
        plain.name = e.names[0].full;
        auto base = s.screen(plain, {});
        if (base.empty() || base[0].entity != &e || base[0].score < 0.95) continue;
        Query other = plain;
        Identifier id;
        id.type = IdType::kPassport;
        id.value = "ZZ0000001";
        id.country = passport->country;
        other.identifiers.push_back(id);
        ScreenOptions low;
        low.threshold = 0.5;
        auto m = s.screen(other, low);
        ASSERT_FALSE(m.empty());
        EXPECT_EQ(m[0].entity, &e);
        EXPECT_NEAR(m[0].score, base[0].score + kIdentifierDiffers, 1e-9) << e.id;
        bool factor = false;
        for (const Factor& f : m[0].explanation.factors) factor = factor || f.name == "identifier";
        EXPECT_TRUE(factor);
        // The listed passport itself: a hit, 1.0.
        Query same = plain;
        id.value = passport->value;
        same.identifiers = {id};
        auto hit = s.screen(same, {});
        ASSERT_FALSE(hit.empty());
        EXPECT_EQ(hit[0].entity, &e);
        EXPECT_EQ(hit[0].score, 1.0);
        return;
    }
    FAIL() << "no listed person with a passport whose name matches alone";
}

}  // namespace
// The exhaustive scan, the index's audit, gives the same answers for queries with identifiers:
// identifier hits, and name matches lowered by a contradicting passport.
TEST(IdentifierScreen, ExhaustiveScreeningAgreesWithTheIndex) {
    const Screener& s = test::bundled_screener();
    auto ids = [](const std::vector<Match>& ms) {
        std::vector<std::pair<std::string, double>> out;
        for (const Match& m : ms) out.emplace_back(m.entity->id, m.score);
        return out;
    };
    std::vector<Query> queries(4);
    queries[0].identifiers.push_back({IdType::kCryptoAddress, "", "0xB6F5EC1A0A9CD1526536D3F0426C429529471F40", "", "", "", {}});
    queries[1].name = "Kim Sang Man";
    queries[1].identifiers.push_back({IdType::kPassport, "", "109420132", "KP", "", "", {}});
    queries[2].name = "Kim Sang Man";
    queries[2].identifiers.push_back({IdType::kPassport, "", "ZZ0000001", "KP", "", "", {}});
    queries[3].name = "Chinyong Information Technology Cooperation Company";
    queries[3].identifiers.push_back({IdType::kImo, "", "IMO 9176187", "", "", "", {}});
    ScreenOptions options;
    options.threshold = 0.7;
    for (const Query& q : queries) {
        const auto fast = s.screen(q, options);
        ASSERT_FALSE(fast.empty()) << q.name;
        EXPECT_EQ(ids(s.screen_exhaustive(q, options)), ids(fast)) << q.name;
    }
    EXPECT_EQ(s.screen(queries[0], options)[0].entity->id, "ofac-sdn:43377");
    EXPECT_FALSE(s.screen_exhaustive(queries[0], options)[0].explanation.identifiers.empty());
}

}  // namespace cordon
