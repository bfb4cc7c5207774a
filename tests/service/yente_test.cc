#include "yente.h"

#include <random>
#include <string>

#include "../bundled_screener.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cordon::service {
namespace {

using nlohmann::json;

class YenteMatch : public ::testing::Test {
protected:
    static void SetUpTestSuite() { screener_ = &test::bundled_screener(); }

    static Reply post(const json& body, const Params& params = {},
                      std::string_view dataset = "default", const Limits& limits = {}) {
        return yente_match(*screener_, dataset, body.dump(), params, limits);
    }
    static Reply post_text(std::string_view body, const Params& params = {},
                           const Limits& limits = {}) {
        return yente_match(*screener_, "default", body, params, limits);
    }
    // The body of a 200 reply.
    static json ok(const Reply& r) {
        EXPECT_EQ(r.status, 200) << r.body;
        return json::parse(r.body);
    }
    // The detail of an error reply with that status and code.
    static std::string error(const Reply& r, int status, std::string_view code) {
        EXPECT_EQ(r.status, status) << r.body;
        json j = json::parse(r.body);
        EXPECT_EQ(j.value("error", ""), code) << r.body;
        return j.value("detail", "");
    }
    static json one(const std::string& schema, const json& properties) {
        return {{"queries", {{"q1", {{"schema", schema}, {"properties", properties}}}}}};
    }
    static json results(const json& body, const std::string& key = "q1") {
        return body["responses"][key]["results"];
    }

    static const Screener* screener_;
};
const Screener* YenteMatch::screener_ = nullptr;

bool has(const json& list, const std::string& value) {
    if (!list.is_array())
        return false;
    for (const json& v : list) {
        if (v == value)
            return true;
    }
    return false;
}

TEST_F(YenteMatch, KimSangManWithBirthYearIsTheSdnListing) {
    Reply r = post(one(
        "Person", {{"name", {"Kim Sang Man"}}, {"birthDate", {"1965"}}, {"nationality", {"kp"}}}));
    json body = ok(r);
    json res = results(body);
    ASSERT_FALSE(res.empty());
    const json& top = res[0];
    EXPECT_EQ(top["id"], "ofac-sdn:43377");
    EXPECT_EQ(top["caption"], "KIM, Sang Man");
    EXPECT_EQ(top["schema"], "Person");
    EXPECT_EQ(top["match"], true);
    EXPECT_EQ(top["score"], 1.0);
    EXPECT_EQ(top["datasets"], json::array({"ofac-sdn"}));
    EXPECT_EQ(top["referents"], json::array());
    EXPECT_EQ(top["target"], true);
    EXPECT_TRUE(top["first_seen"].is_null());
    EXPECT_TRUE(top["last_seen"].is_null());
    EXPECT_TRUE(top["last_change"].is_null());
    // Features: the name score and each factor that moved the score.
    EXPECT_EQ(top["features"]["name_score"], 1.0);
    EXPECT_EQ(top["features"]["birth_date"], 0.05);
    EXPECT_EQ(top["features"]["country"], 0.03);
    EXPECT_TRUE(top["explanations"]["tokens"].is_array());
    EXPECT_FALSE(top["explanations"]["tokens"].empty());
    // FtM properties of the listing.
    const json& p = top["properties"];
    EXPECT_TRUE(has(p["name"], "KIM, Sang Man")) << p.dump();
    EXPECT_TRUE(has(p["alias"], "KIM, Sangman")) << p.dump();
    EXPECT_TRUE(has(p["birthDate"], "1965-04-25")) << p.dump();
    EXPECT_TRUE(has(p["nationality"], "kp")) << p.dump();
    EXPECT_TRUE(has(p["gender"], "male")) << p.dump();
    EXPECT_TRUE(has(p["passportNumber"], "109420132")) << p.dump();
    EXPECT_TRUE(has(p["publicKey"], "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ")) << p.dump();
    EXPECT_TRUE(has(p["program"], "DPRK4")) << p.dump();
    EXPECT_EQ(p["topics"], json::array({"sanction"}));
    EXPECT_FALSE(p.contains("birthDates"));
    // The response around the results.
    const json& response = body["responses"]["q1"];
    EXPECT_EQ(response["status"], 200);
    EXPECT_EQ(response["total"]["relation"], "eq");
    EXPECT_EQ(response["total"]["value"], res.size());
    EXPECT_EQ(response["query"]["schema"], "Person");
    EXPECT_TRUE(response["query"]["id"].is_null());
    EXPECT_EQ(response["query"]["properties"]["birthDate"], json::array({"1965"}));
    EXPECT_EQ(body["limit"], 5);
    EXPECT_EQ(body["matcher"]["name"], "cordon");
    EXPECT_TRUE(body["matcher"]["features"].contains("name_score"));
    EXPECT_TRUE(body["matcher"]["features"]["birth_date"].contains("description"));
    // What the log and the metrics read.
    EXPECT_EQ(r.parties, 1U);
    EXPECT_EQ(r.matches, res.size());
    EXPECT_EQ(r.names, std::vector<std::string>{"Kim Sang Man"});
}

TEST_F(YenteMatch, OnlyScoresAtThresholdAreMatches) {
    json res =
        results(ok(post(one("Person", {{"name", {"Kim Sang Man"}}, {"birthDate", {"1965"}}}))));
    ASSERT_GE(res.size(), 2U) << res.dump();
    for (const json& m : res) {
        EXPECT_EQ(m["match"], m["score"].get<double>() >= kDefaultThreshold) << m["id"];
        EXPECT_GE(m["score"].get<double>(), kYenteDefaultCutoff) << m["id"];
    }
    EXPECT_EQ(res[1]["match"], false);
}

TEST_F(YenteMatch, ChinyongAsCompanyIsTheSdnListing) {
    json res = results(ok(
        post(one("Company", {{"name", "Chinyong Information Technology Cooperation Company"}}))));
    ASSERT_FALSE(res.empty());
    EXPECT_EQ(res[0]["id"], "ofac-sdn:43379");
    EXPECT_EQ(res[0]["match"], true);
    EXPECT_EQ(res[0]["schema"], "Organization");
    EXPECT_FALSE(res[0]["features"].contains("schema"));  // Company and Organization agree
}

TEST_F(YenteMatch, AliasesAndNamePartsAreScreenedAndTheBestScoreKept) {
    Reply r = post(one("Person", {{"name", {"Nobody Particular"}},
                                  {"alias", {"Kim Sang-man", "Kim Sang-man"}},
                                  {"firstName", {"Sang Man"}},
                                  {"lastName", {"Kim"}}}));
    json res = results(ok(r));
    ASSERT_FALSE(res.empty());
    EXPECT_EQ(res[0]["id"], "ofac-sdn:43377");
    EXPECT_EQ(r.parties, 3U);  // the repeated alias once; the name parts as one name
    EXPECT_EQ(r.names,
              (std::vector<std::string>{"Nobody Particular", "Kim Sang-man", "Sang Man Kim"}));
    int seen = 0;
    for (const json& m : res)
        seen += m["id"] == "ofac-sdn:43377" ? 1 : 0;
    EXPECT_EQ(seen, 1);
}

TEST_F(YenteMatch, DatasetChoosesTheLists) {
    json q = one("Organization", {{"name", {"Korea Mining Development Trading Corporation"}}});
    auto ids = [&](std::string_view dataset, const Params& params = {}) {
        std::vector<std::string> out;
        for (const json& m : results(ok(post(q, params, dataset))))
            out.push_back(m["id"]);
        return out;
    };
    auto all = ids("default");
    EXPECT_NE(std::find(all.begin(), all.end(), "ofac-sdn:9345"), all.end());
    EXPECT_NE(std::find(all.begin(), all.end(), "un-sc:KPe.001"), all.end());
    EXPECT_EQ(ids("sanctions"), all);
    EXPECT_EQ(ids("all"), all);
    for (const std::string& id : ids("un-sc"))
        EXPECT_TRUE(id.starts_with("un-sc:")) << id;
    for (const std::string& id : ids("ofac-sdn"))
        EXPECT_TRUE(id.starts_with("ofac-sdn:")) << id;
    EXPECT_EQ(ids("un-sc").at(0), "un-sc:KPe.001");
    EXPECT_EQ(ids("ofac-sdn").at(0), "ofac-sdn:9345");
    // yente's dataset filters narrow the path's dataset.
    EXPECT_EQ(ids("default", {{"include_dataset", "un-sc"}}), ids("un-sc"));
    for (const std::string& id : ids("default", {{"exclude_dataset", "un-sc,ofac-cons"}})) {
        EXPECT_TRUE(id.starts_with("ofac-sdn:")) << id;
    }
    EXPECT_TRUE(ids("un-sc", {{"include_dataset", "ofac-sdn"}}).empty());
    auto without = ids("default", {{"exclude_entity_ids", "ofac-sdn:9345"}});
    EXPECT_EQ(std::find(without.begin(), without.end(), "ofac-sdn:9345"), without.end());
    EXPECT_NE(std::find(without.begin(), without.end(), "un-sc:KPe.001"), without.end());
}

TEST_F(YenteMatch, UnknownDatasetIsNotFound) {
    std::string detail =
        error(post(one("Person", {{"name", {"Kim"}}}), {}, "us_ofac_sdn"), 404, "not_found");
    EXPECT_NE(detail.find("us_ofac_sdn"), std::string::npos) << detail;
    EXPECT_NE(detail.find("ofac-sdn"), std::string::npos) << detail;
    detail = error(post(one("Person", {{"name", {"Kim"}}}), {{"include_dataset", "eu_fsf"}}), 400,
                   "bad_request");
    EXPECT_NE(detail.find("include_dataset"), std::string::npos) << detail;
}

TEST_F(YenteMatch, SchemaMustBeOneCordonScreens) {
    EXPECT_EQ(error(post(one("Foo", {{"name", {"Kim Sang Man"}}})), 400, "bad_request"),
              "queries.q1.schema: unknown schema Foo");
    EXPECT_EQ(error(post({{"queries", {{"q1", {{"properties", {{"name", {"x"}}}}}}}}}), 400,
                    "bad_request"),
              "queries.q1.schema: expected a string");
    // Thing screens without a schema; the FtM spellings of cordon's schemas are all known.
    for (const char* schema : {"Thing", "LegalEntity", "Organization", "PublicBody", "Vessel",
                               "Airplane", "CryptoWallet"}) {
        EXPECT_EQ(post(one(schema, {{"name", {"Kim Sang Man"}}})).status, 200) << schema;
    }
    json res = results(ok(post(one("Thing", {{"name", {"Kim Sang Man"}}}))));
    ASSERT_FALSE(res.empty());
    EXPECT_EQ(res[0]["id"], "ofac-sdn:43377");
    // A conflicting schema costs, as cordon's schema factor says.
    res = results(ok(post(one("Vessel", {{"name", {"Kim Sang Man"}}}))));
    ASSERT_FALSE(res.empty());
    EXPECT_EQ(res[0]["features"]["schema"], -0.15);
}

TEST_F(YenteMatch, MalformedJsonIsABadRequest) {
    for (const char* body :
         {"", "{", "{\"queries\": {\"q1\": }}", "nul", "{\"queries\": {}} x", "\xff"}) {
        std::string detail = error(post_text(body), 400, "bad_request");
        EXPECT_NE(detail.find("malformed JSON"), std::string::npos) << body << ": " << detail;
    }
    Limits limits;
    limits.max_json_depth = 4;
    std::string deep = R"({"queries":{"q1":{"schema":"Person","properties":{"name":[["x"]]}}}})";
    EXPECT_NE(error(post_text(deep, {}, limits), 400, "bad_request").find("nested deeper"),
              std::string::npos);
}

TEST_F(YenteMatch, WrongTypesNameThePath) {
    auto detail = [&](const json& body) {
        return error(post(body), 400, "bad_request");
    };
    EXPECT_EQ(detail(one("Person", {{"name", {"a", "b", 3}}})),
              "queries.q1.properties.name[2]: expected a string");
    EXPECT_EQ(detail(one("Person", {{"name", {{"x", 1}}}})),
              "queries.q1.properties.name: expected a string or a list of strings");
    EXPECT_EQ(detail(one("Person", {{"name", "Kim"}, {"birthDate", 1965}})),
              "queries.q1.properties.birthDate: expected a string or a list of strings");
    EXPECT_EQ(detail(one("Person", {{"name", "Kim"}, {"country", nullptr}})),
              "queries.q1.properties.country: expected a string or a list of strings");
    EXPECT_EQ(detail({{"queries", {{"q1", {{"schema", "Person"}, {"properties", {1, 2}}}}}}}),
              "queries.q1.properties: expected an object");
    EXPECT_EQ(detail({{"queries", {{"q1", "Kim"}}}}), "queries.q1: expected an object");
    EXPECT_EQ(detail({{"queries", {{"q1", {{"schema", 7}}}}}}),
              "queries.q1.schema: expected a string");
    EXPECT_EQ(detail({{"queries", {{"q1", {{"id", 7}, {"schema", "Person"}}}}}}),
              "queries.q1.id: expected a string");
    EXPECT_EQ(detail({{"queries", json::array()}}),
              "queries: expected an object of queries by key");
    EXPECT_EQ(detail({{"query", json::object()}}), "queries: expected an object of queries by key");
    EXPECT_EQ(detail(json::array()), "expected a JSON object");
    EXPECT_EQ(detail(one("Person", {{"birthDate", {"1965"}}}))
                  .find("queries.q1.properties: nothing to screen"),
              0U);
    EXPECT_EQ(detail(one("Person", {{"name", {" ", ""}}}))
                  .find("queries.q1.properties: nothing to screen"),
              0U);
}

// FtM identifier properties are exact-match identifiers: a wallet or passport alone finds its
// listing at 1.0, and beside a name it adds its evidence.
TEST_F(YenteMatch, IdentifierPropertiesAreScreened) {
    for (const auto& [prop, value] : std::vector<std::pair<std::string, std::string>>{
             {"publicKey", "0x97B1043ABD9E6FC31681635166D430A458D14F9C"}, {"passportNumber", "109420132"}}) {
        json body = ok(post(one("Person", {{prop, {value}}})));
        const json& results = body["responses"]["q1"]["results"];
        ASSERT_FALSE(results.empty()) << prop;
        EXPECT_EQ(results[0]["id"], "ofac-sdn:43377") << prop;
        EXPECT_EQ(results[0]["score"], 1.0) << prop;
        EXPECT_TRUE(results[0]["match"].get<bool>()) << prop;
    }
    json both = ok(post(one("Person", {{"name", {"Kim Sang Man"}}, {"passportNumber", {"109420132"}}})));
    EXPECT_EQ(both["responses"]["q1"]["results"][0]["id"], "ofac-sdn:43377");
    Reply long_id = post(one("Person", {{"passportNumber", {std::string(2000, '1')}}}));
    EXPECT_EQ(long_id.status, 400);
    EXPECT_NE(long_id.body.find("queries.q1.properties.passportNumber[0]: longer than"), std::string::npos);
}

TEST_F(YenteMatch, LooseFieldsAreAccepted) {
    // A single string for a list, a query id, yente's weights and unknown properties and fields.
    json body = {{"weights", {{"name_literal_match", 0.5}}},
                 {"queries",
                  {{"q1",
                    {{"id", "client-1"},
                     {"schema", "Person"},
                     {"properties",
                      {{"name", "Kim Sang Man"}, {"eyeColor", {"brown"}}, {"birthDate", {"soon"}}}},
                     {"extra", true}}}}}};
    json response = ok(post(body))["responses"]["q1"];
    EXPECT_EQ(response["query"]["id"], "client-1");
    EXPECT_EQ(response["query"]["properties"]["name"], json::array({"Kim Sang Man"}));
    EXPECT_EQ(response["query"]["properties"]["eyeColor"], json::array({"brown"}));
    ASSERT_FALSE(response["results"].empty());
    EXPECT_EQ(response["results"][0]["id"], "ofac-sdn:43377");
    EXPECT_FALSE(response["results"][0]["features"].contains(
        "birth_date"));  // an unreadable date is dropped
    json empty = ok(post({{"queries", json::object()}}));
    EXPECT_EQ(empty["responses"], json::object());
}

TEST_F(YenteMatch, CountsAreLimited) {
    Limits limits;
    limits.max_batch = 3;
    json queries = json::object();
    for (int i = 0; i < 4; ++i)
        queries["q" + std::to_string(i)] = {{"schema", "Person"},
                                            {"properties", {{"name", "Kim"}}}};
    EXPECT_NE(error(post({{"queries", queries}}, {}, "default", limits), 413, "payload_too_large")
                  .find("queries"),
              std::string::npos);
    json names = one("Person", {{"name", {"Kim A", "Kim B"}}, {"alias", {"Kim C", "Kim D"}}});
    error(post(names, {}, "default", limits), 413, "payload_too_large");
    queries.erase("q3");
    EXPECT_EQ(post({{"queries", queries}}, {}, "default", limits).status, 200);

    limits = Limits{};
    limits.max_name_bytes = 10;
    EXPECT_EQ(error(post(one("Person", {{"name", {"Kim", "Kim Sang Man"}}}), {}, "default", limits),
                    400, "bad_request"),
              "queries.q1.properties.name[1]: name longer than 10 bytes");
    EXPECT_EQ(post(one("Person", {{"name", {"Kim Sang"}}}), {}, "default", limits).status, 200);
}

TEST_F(YenteMatch, QueryParametersAreChecked) {
    json q = one("Person", {{"name", {"Kim Sang Man"}}, {"birthDate", {"1965"}}});
    for (const auto& [param, value] :
         std::vector<std::pair<std::string, std::string>>{{"limit", "0"},
                                                          {"limit", "101"},
                                                          {"limit", "five"},
                                                          {"limit", "-1"},
                                                          {"threshold", "1.5"},
                                                          {"threshold", "x"},
                                                          {"threshold", "nan"},
                                                          {"cutoff", "-0.1"},
                                                          {"cutoff", ""}}) {
        std::string detail = error(post(q, {{param, value}}), 400, "bad_request");
        EXPECT_EQ(detail.find(param + ":"), 0U) << param << "=" << value << ": " << detail;
    }
    // limit
    json body = ok(post(q, {{"limit", "1"}, {"cutoff", "0.5"}, {"algorithm", "logic-v1"}}));
    EXPECT_EQ(body["limit"], 1);
    EXPECT_EQ(results(body).size(), 1U);
    EXPECT_EQ(body["responses"]["q1"]["total"]["relation"], "gte");
    // cutoff: the lowest score returned
    json low = results(ok(post(q, {{"cutoff", "0.5"}, {"limit", "20"}})));
    json high = results(ok(post(q, {{"cutoff", "0.7"}, {"limit", "20"}})));
    EXPECT_GT(low.size(), high.size());
    for (const json& m : high)
        EXPECT_GE(m["score"].get<double>(), 0.7);
    bool below = false;
    for (const json& m : low)
        below = below || m["score"].get<double>() < 0.7;
    EXPECT_TRUE(below);
    // threshold: where `match` starts
    json strict = results(ok(post(q, {{"threshold", "0.5"}, {"cutoff", "0.5"}, {"limit", "20"}})));
    for (const json& m : strict)
        EXPECT_EQ(m["match"], true) << m["id"];
    // Limits::max_limit bounds limit.
    Limits limits;
    limits.max_limit = 2;
    error(post(q, {{"limit", "3"}}, "default", limits), 400, "bad_request");
    EXPECT_EQ(ok(post(q, {}, "default", limits))["limit"], 2);
}

TEST_F(YenteMatch, EveryQueryKeepsItsKey) {
    json body = {
        {"queries",
         {{"kim", {{"schema", "Person"}, {"properties", {{"name", {"Kim Sang Man"}}}}}},
          {"chinyong",
           {{"schema", "Company"},
            {"properties", {{"name", {"Chinyong Information Technology Cooperation Company"}}}}}},
          {"nobody", {{"schema", "Person"}, {"properties", {{"name", {"Zxqv Wplkj"}}}}}}}}};
    Reply r = post(body);
    json out = ok(r);
    ASSERT_EQ(out["responses"].size(), 3U);
    EXPECT_EQ(results(out, "kim").at(0)["id"], "ofac-sdn:43377");
    EXPECT_EQ(results(out, "chinyong").at(0)["id"], "ofac-sdn:43379");
    EXPECT_TRUE(results(out, "nobody").empty());
    EXPECT_EQ(out["responses"]["nobody"]["total"]["value"], 0);
    EXPECT_EQ(out["responses"]["chinyong"]["query"]["schema"], "Company");
    EXPECT_EQ(r.parties, 3U);
    EXPECT_EQ(r.matches, results(out, "kim").size() + results(out, "chinyong").size());
}

// Mutated bodies, byte by byte and value by value: never an exception, never a 5xx.
TEST_F(YenteMatch, MutatedBodiesNeverFail) {
    const json base = {
        {"queries",
         {{"q1",
           {{"schema", "Person"},
            {"properties",
             {{"name", {"Kim Sang Man"}},
              {"birthDate", {"1965-04-25"}},
              {"nationality", {"kp"}},
              {"alias", "Kim Sangman"}}}}},
          {"q2", {{"schema", "Company"}, {"properties", {{"name", "Jinyong IT Cooperation"}}}}}}}};
    const std::string text = base.dump();
    const json replacements[] = {nullptr,
                                 1,
                                 -1.5,
                                 true,
                                 "",
                                 "Kim",
                                 json::array(),
                                 json::object(),
                                 json::array({1, nullptr}),
                                 json::array({"x", json::object()}),
                                 std::string(2000, 'a'),
                                 "\xc3\xa9\xe2\x80\x8b",
                                 "1965-13-45"};
    std::mt19937 rng(20261130);
    Limits limits;
    limits.max_batch = 8;
    limits.max_name_bytes = 64;
    auto check = [&](const std::string& body, const Params& params) {
        Reply r;
        EXPECT_NO_THROW(r = yente_match(*screener_, "default", body, params, limits)) << body;
        EXPECT_LT(r.status, 500) << body << "\n" << r.body;
        EXPECT_FALSE(json::parse(r.body, nullptr, false).is_discarded()) << r.body;
    };
    static constexpr char kAlphabet[] = "{}[]\",:0123456789aZ \\\x80\xff\x00";
    for (int i = 0; i < 1500; ++i) {
        std::string body = text;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < edits && !body.empty(); ++k) {
            std::size_t at = rng() % body.size();
            char c = kAlphabet[rng() % (sizeof kAlphabet - 1)];
            switch (rng() % 3) {
                case 0:
                    body[at] = c;
                    break;
                case 1:
                    body.insert(body.begin() + static_cast<std::ptrdiff_t>(at), c);
                    break;
                default:
                    body.erase(at, 1 + rng() % 8);
                    break;
            }
        }
        check(body, {});
    }
    // Structural mutations: replace one value anywhere in the tree.
    const json flat = base.flatten();
    std::vector<std::string> pointers;
    for (const auto& [pointer, value] : flat.items()) {
        std::string p = pointer;
        while (!p.empty()) {
            pointers.push_back(p);
            p = p.substr(0, p.rfind('/'));
        }
    }
    for (const std::string& pointer : pointers) {
        for (const json& replacement : replacements) {
            json body = base;
            body[json::json_pointer(pointer)] = replacement;
            check(body.dump(), {});
        }
    }
    const Params params[] = {{{"limit", "0"}},
                             {{"limit", "99999999999999999999999"}},
                             {{"threshold", "1e308"}},
                             {{"cutoff", "0"}, {"limit", "100"}},
                             {{"exclude_entity_ids", ",,,"}},
                             {{"include_dataset", ""}},
                             {{"exclude_dataset", "all"}}};
    for (const Params& p : params)
        check(text, p);
    for (const char* dataset : {"", "\xff\xfe", "default/../x", "ofac-sdn\n"}) {
        Reply r = yente_match(*screener_, dataset, text, {}, limits);
        EXPECT_EQ(r.status, 404) << r.body;
        EXPECT_FALSE(json::parse(r.body, nullptr, false).is_discarded()) << r.body;
    }
}

}  // namespace
}  // namespace cordon::service
