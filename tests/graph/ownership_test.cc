// OFAC's 50 percent rule over submitted ownership structures, screened against the bundled lists.
#include "ownership.h"

#include <gtest/gtest.h>

#include <string>

#include "../bundled_screener.h"

namespace cordon::graph {
namespace {

// One FtM line per party or Ownership.
std::string person(const std::string& id, const std::string& name, const std::string& extra = "") {
    return R"({"id":")" + id + R"(","schema":"Person","properties":{"name":[")" + name + R"("])" + extra + "}}\n";
}
std::string company(const std::string& id, const std::string& name) {
    return R"({"id":")" + id + R"(","schema":"Company","properties":{"name":[")" + name + R"("]}})" + "\n";
}
std::string owns(const std::string& owner, const std::string& asset, const std::string& pct) {
    std::string props = R"("owner":[")" + owner + R"("],"asset":[")" + asset + R"("])";
    if (!pct.empty()) props += R"(,"percentage":[")" + pct + R"("])";
    return R"({"id":")" + owner + "-" + asset + R"(","schema":"Ownership","properties":{)" + props + "}}\n";
}

// KIM Sang Man (ofac-sdn:43377) and Chinyong (ofac-sdn:43379) are listed; the rest are not.
const std::string kKim = person("p-kim", "KIM Sang Man", R"(,"birthDate":["1965-04-25"])");
const std::string kChinyong = company("c-chinyong", "Chinyong Information Technology Cooperation Company");
const std::string kClean = person("p-clean", "Margaret Thornbury-Welles");

OwnershipReport assess(const std::string& text) {
    auto structure = parse_ownership(text, "structure.ftm.json");
    EXPECT_TRUE(structure) << structure.error().to_string();
    if (!structure) return {};
    return assess_ownership(*structure, test::bundled_screener(), {});
}

OwnershipStatus status_of(const OwnershipReport& r, const std::string& id) {
    const PartyVerdict* v = r.find(id);
    EXPECT_NE(v, nullptr) << id;
    return v ? v->status : OwnershipStatus::kClear;
}

TEST(Ownership, ListedPartiesAreFoundByScreening) {
    auto r = assess(kKim + kChinyong + kClean);
    EXPECT_EQ(status_of(r, "p-kim"), OwnershipStatus::kListed);
    ASSERT_TRUE(r.find("p-kim")->listing);
    EXPECT_EQ(r.find("p-kim")->listing->entity->id, "ofac-sdn:43377");
    EXPECT_EQ(status_of(r, "c-chinyong"), OwnershipStatus::kListed);
    EXPECT_EQ(status_of(r, "p-clean"), OwnershipStatus::kClear);
}

TEST(Ownership, AListedIdNeedsNoName) {
    auto r = assess(R"({"id":"ofac-sdn:43377","schema":"Person","properties":{}})" "\n" +
                    company("c-a", "Arcadia Fresh Produce Limited") + owns("ofac-sdn:43377", "c-a", "51"));
    EXPECT_EQ(status_of(r, "ofac-sdn:43377"), OwnershipStatus::kListed);
    EXPECT_EQ(status_of(r, "c-a"), OwnershipStatus::kBlocked);
}

TEST(Ownership, FiftyPercentDirectlyBlocks) {
    auto r = assess(kKim + company("c-a", "Arcadia Fresh Produce Limited") + company("c-b", "Beta Shipping LLC") +
                    owns("p-kim", "c-a", "50") + owns("p-kim", "c-b", "49.9%"));
    EXPECT_EQ(status_of(r, "c-a"), OwnershipStatus::kBlocked);
    EXPECT_DOUBLE_EQ(r.find("c-a")->blocked_share, 50);
    ASSERT_EQ(r.find("c-a")->paths.size(), 1U);
    EXPECT_EQ(r.find("c-a")->paths[0].at(0), "KIM Sang Man (p-kim) holds 50% of Arcadia Fresh Produce Limited (c-a)");
    EXPECT_EQ(status_of(r, "c-b"), OwnershipStatus::kClear);
    EXPECT_DOUBLE_EQ(r.find("c-b")->blocked_share, 49.9);
}

TEST(Ownership, BlockedEntitiesPassTheirSharesOn) {
    // Kim -60%-> A -50%-> B -100%-> C: all blocked, with the whole chain as the path.
    auto r = assess(kKim + company("c-a", "Arcadia Fresh Produce Limited") + company("c-b", "Beta Shipping LLC") +
                    company("c-c", "Gamma Logistics GmbH") + owns("p-kim", "c-a", "60") + owns("c-a", "c-b", "50") +
                    owns("c-b", "c-c", "100"));
    EXPECT_EQ(status_of(r, "c-c"), OwnershipStatus::kBlocked);
    ASSERT_EQ(r.find("c-c")->paths.size(), 1U);
    const auto& path = r.find("c-c")->paths[0];
    ASSERT_EQ(path.size(), 3U);
    EXPECT_EQ(path[0], "KIM Sang Man (p-kim) holds 60% of Arcadia Fresh Produce Limited (c-a)");
    EXPECT_EQ(path[2], "Beta Shipping LLC (c-b) holds 100% of Gamma Logistics GmbH (c-c)");
}

TEST(Ownership, SharesOfSeveralListedOwnersAddUp) {
    auto r = assess(kKim + kChinyong + company("c-g", "Gamma Logistics GmbH") + owns("p-kim", "c-g", "30") +
                    owns("c-chinyong", "c-g", "25%"));
    EXPECT_EQ(status_of(r, "c-g"), OwnershipStatus::kBlocked);
    EXPECT_DOUBLE_EQ(r.find("c-g")->blocked_share, 55);
    EXPECT_EQ(r.find("c-g")->paths.size(), 2U);
    EXPECT_EQ(r.find("c-g")->held_by.front().owner, "p-kim");  // largest first
}

TEST(Ownership, SharesThroughAnEntityThatIsNotBlockedDoNotCount) {
    // OFAC counts indirect shares only through blocked entities: Kim holds 40% of D, D all of E.
    auto r = assess(kKim + company("c-d", "Delta Holdings SA") + company("c-e", "Epsilon Mining Ltd") +
                    owns("p-kim", "c-d", "40") + owns("c-d", "c-e", "100"));
    EXPECT_EQ(status_of(r, "c-d"), OwnershipStatus::kClear);
    EXPECT_EQ(status_of(r, "c-e"), OwnershipStatus::kClear);
    EXPECT_DOUBLE_EQ(r.find("c-e")->blocked_share, 0);
}

TEST(Ownership, AMissingShareIsUndeterminedWhenItCouldReachFifty) {
    // Kim's share is not given; the clean owner's 60% leaves at most 40%: clear. With 30% it could be 70%.
    auto clear = assess(kKim + kClean + company("c-z", "Zeta Trading FZE") + owns("p-kim", "c-z", "") +
                        owns("p-clean", "c-z", "60"));
    EXPECT_EQ(status_of(clear, "c-z"), OwnershipStatus::kClear);
    EXPECT_FALSE(clear.find("c-z")->notes.empty());  // the missing share is named
    auto open = assess(kKim + kClean + company("c-z", "Zeta Trading FZE") + owns("p-kim", "c-z", "") +
                       owns("p-clean", "c-z", "30"));
    const PartyVerdict* z = open.find("c-z");
    EXPECT_EQ(z->status, OwnershipStatus::kUndetermined);
    ASSERT_EQ(z->paths.size(), 1U);
    EXPECT_EQ(z->paths[0][0], "KIM Sang Man (p-kim) holds an unknown share of Zeta Trading FZE (c-z)");
    // What depends on an undetermined entity is undetermined too.
    auto chain = assess(kKim + kClean + company("c-z", "Zeta Trading FZE") + company("c-y", "Ypsilon Ltd") +
                        owns("p-kim", "c-z", "") + owns("p-clean", "c-z", "30") + owns("c-z", "c-y", "80"));
    EXPECT_EQ(status_of(chain, "c-y"), OwnershipStatus::kUndetermined);
}

TEST(Ownership, SharesOverAHundredPercentAreInconsistent) {
    auto r = assess(kKim + kClean + company("c-o", "Omega Metals Ltd") + owns("p-kim", "c-o", "45") +
                    owns("p-clean", "c-o", "60"));
    const PartyVerdict* o = r.find("c-o");
    EXPECT_EQ(o->status, OwnershipStatus::kUndetermined);
    bool named = false;
    for (const auto& note : o->notes) named = named || note.find("add up to 105%") != std::string::npos;
    EXPECT_TRUE(named);
    // Over 100 % with no blocked owner is still clear (and noted).
    auto clean = assess(kClean + person("p-other", "Jonathan Ashcombe") + company("c-o", "Omega Metals Ltd") +
                        owns("p-clean", "c-o", "60") + owns("p-other", "c-o", "60"));
    EXPECT_EQ(status_of(clean, "c-o"), OwnershipStatus::kClear);
}

TEST(Ownership, CyclesEndAndAreReported) {
    auto r = assess(kKim + company("c-a", "Arcadia Fresh Produce Limited") + company("c-b", "Beta Shipping LLC") +
                    owns("c-a", "c-b", "60") + owns("c-b", "c-a", "60") + owns("p-kim", "c-a", "40"));
    // Kim's 40% does not block A; A and B own each other, neither blocked.
    EXPECT_EQ(status_of(r, "c-a"), OwnershipStatus::kClear);
    EXPECT_EQ(status_of(r, "c-b"), OwnershipStatus::kClear);
    ASSERT_EQ(r.warnings.size(), 1U);
    EXPECT_NE(r.warnings[0].find("cycle"), std::string::npos);
    auto blocked = assess(kKim + company("c-a", "Arcadia Fresh Produce Limited") + company("c-b", "Beta Shipping LLC") +
                          owns("c-a", "c-b", "60") + owns("c-b", "c-a", "60") + owns("p-kim", "c-a", "50"));
    EXPECT_EQ(status_of(blocked, "c-a"), OwnershipStatus::kBlocked);
    EXPECT_EQ(status_of(blocked, "c-b"), OwnershipStatus::kBlocked);
    // B's path goes Kim -> A -> B, and stops at the cycle.
    ASSERT_EQ(blocked.find("c-b")->paths.size(), 1U);
    EXPECT_EQ(blocked.find("c-b")->paths[0].size(), 2U);
}

TEST(Ownership, BadInputNamesTheLineAndField) {
    struct Case {
        std::string text, field;
        std::size_t line;
    } cases[] = {
        {kKim + owns("p-kim", "c-missing", "50"), "asset", 2},
        {kKim + company("c-a", "A") + owns("p-x", "c-a", "50"), "owner", 3},
        {kKim + company("c-a", "A") + owns("p-kim", "c-a", "abc"), "percentage", 3},
        {kKim + company("c-a", "A") + owns("p-kim", "c-a", "150"), "percentage", 3},
        {kKim + kKim, "id", 2},
        {kKim + "{not json\n", "", 2},
        {R"({"schema":"Person"})" "\n", "id", 1},
        {R"({"id":"x","schema":"Ownership","properties":{"asset":["x"]}})" "\n", "owner", 1},
    };
    for (const Case& c : cases) {
        auto r = parse_ownership(c.text, "s.json");
        ASSERT_FALSE(r) << c.text;
        EXPECT_EQ(r.error().where.file, "s.json");
        EXPECT_EQ(r.error().where.line, c.line) << c.text << " -> " << r.error().to_string();
        EXPECT_EQ(r.error().where.field, c.field) << c.text << " -> " << r.error().to_string();
    }
    // A JSON array is read as well; its errors name the element.
    const std::string kim(kKim.begin(), kKim.end() - 1);  // without its newline
    auto array = parse_ownership(std::string("[") + kim + R"(, {"id": 5}])", "s.json");
    ASSERT_FALSE(array);
    EXPECT_EQ(array.error().where.path, "[1]");
    auto ok = parse_ownership(std::string("[") + kim + "]", "s.json");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->parties.size(), 1U);
}

}  // namespace
}  // namespace cordon::graph
