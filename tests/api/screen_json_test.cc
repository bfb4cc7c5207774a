// The JSON of queries with identifiers and of identifier evidence: the writer's bytes are
// nlohmann's, and answers without identifiers keep their old shape.
#include "screen_json.h"

#include <gtest/gtest.h>

namespace cordon::api {
namespace {

Entity listed() {
    Entity e;
    e.id = "ofac-sdn:1";
    e.source = "ofac-sdn";
    e.schema = Schema::kPerson;
    e.names.push_back({"KIM, Sang Man", NameKind::kPrimary, {}});
    e.programs.push_back({"DPRK3", {}});
    return e;
}

std::string written(const Match& m) {
    OutBuffer buf;
    JsonLineWriter w(buf);
    w.lit("{");
    write_match(w, m);
    w.lit("}");
    return std::string(buf.view());
}

TEST(ScreenJson, IdentifierEvidenceWrittenAsNlohmannWritesIt) {
    Entity e = listed();
    Match m;
    m.entity = &e;
    m.score = 1.0;
    m.explanation.factors.push_back({"identifier", -0.15, "passport 1 vs listed 2: differs"});
    m.explanation.identifiers.push_back({IdType::kCryptoAddress, "0xABC\"", "0xabc", "normalised", IdCheck::kHex, "ETH", ""});
    m.explanation.identifiers.push_back({IdType::kPassport, "x", "X", "normalised", IdCheck::kNone, "", "KP"});
    EXPECT_EQ(written(m), match_json(m).dump());
    EXPECT_NE(written(m).find(R"("identifiers":[{"asset":"ETH","check":"hex")"), std::string::npos);
    m.explanation.identifiers.clear();
    EXPECT_EQ(written(m), match_json(m).dump());
    EXPECT_EQ(written(m).find("identifiers"), std::string::npos);
}

TEST(ScreenJson, LinkedPartiesWrittenAsNlohmannWritesThem) {
    Entity e = listed();
    Entity front = listed();
    front.id = "ofac-sdn:2";
    front.names[0].full = "PIONEER \"BENCONT\" STAR";
    Match m;
    m.entity = &e;
    m.score = 0.9;
    EXPECT_EQ(written(m).find("linked"), std::string::npos);  // no key without links
    m.linked.push_back({&front, "linked_to", false});
    m.linked.push_back({&front, "ownership", true});
    EXPECT_EQ(written(m), match_json(m).dump());
    EXPECT_NE(written(m).find(R"("linked":[{"direction":"in","entity_id":"ofac-sdn:2","kind":"linked_to")"),
              std::string::npos);
}

TEST(ScreenJson, WarningsFollowMatches) {
    OutBuffer buf;
    JsonLineWriter w(buf);
    std::vector<std::string> warnings = {"crypto x: bad"};
    write_screen_result(w, "q1", {}, nullptr, {}, &warnings);
    EXPECT_EQ(buf.view(), R"({"id":"q1","matches":[],"warnings":["crypto x: bad"]})");
    buf.clear();
    std::vector<std::string> none;
    write_screen_result(w, "q1", {}, nullptr, {}, &none);
    EXPECT_EQ(buf.view(), R"({"id":"q1","matches":[]})");
}

TEST(ScreenJson, QueryWithIdentifiersAndNoName) {
    Query q;
    auto err = parse_query(R"({"id":"w","identifiers":[{"type":"crypto","value":"0xabc"},)"
                           R"({"type":"passport","value":"123","country":"KP"}]})", q);
    ASSERT_FALSE(err) << *err;
    EXPECT_TRUE(q.name.empty());
    ASSERT_EQ(q.identifiers.size(), 2u);
    EXPECT_EQ(q.identifiers[0].type, IdType::kCryptoAddress);
    EXPECT_EQ(q.identifiers[1].country, "KP");
    // The fast path leaves such lines to parse_query.
    simdjson::ondemand::parser parser;
    std::string line = R"({"name":"x","identifiers":[]})";
    line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
    Query fast;
    EXPECT_FALSE(parse_query_fast(parser, line, fast));
}

TEST(ScreenJson, BadIdentifiersNameTheField) {
    Query q;
    EXPECT_EQ(parse_query(R"({"identifiers":[{"type":"shoe","value":"1"}]})", q).value_or("").rfind(
                  "field identifiers[0].type: unknown identifier type shoe", 0),
              0u);
    EXPECT_EQ(parse_query(R"({"identifiers":[{"type":"imo"}]})", q).value_or(""),
              "field identifiers[0].value: expected a string");
    EXPECT_EQ(parse_query(R"({"identifiers":"x"})", q).value_or("").rfind("field identifiers: expected an array", 0), 0u);
    EXPECT_EQ(parse_query(R"({"identifiers":[]})", q).value_or(""), "field name: expected a string");
}

}  // namespace
}  // namespace cordon::api
