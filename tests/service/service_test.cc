// The service's routes as plain functions: keys and roles, bodies under the limits, reloads that
// fail and keep the old snapshot, and the config file's errors. The HTTP layer over them is
// driven end to end by service_test.py.
#include "service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <atomic>
#include <future>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>

#include "config.h"
#include "reply.h"

namespace cordon::service {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kList = std::string(CORDON_TEST_DATA_DIR) + "/ingest/custom_dprk_it_2023.csv";

fs::path temp_dir() {
    fs::path dir = fs::temp_directory_path() / ("cordon-service-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

void write_file(const fs::path& p, const std::string& text) {
    std::ofstream out(p);
    out << text;
}

ApiKey key(const std::string& name, const std::string& secret, std::uint8_t roles) {
    ApiKey k;
    k.name = name;
    k.sha256 = sha256(secret);
    k.roles = roles;
    return k;
}

ServiceConfig config_for(const std::string& list) {
    ServiceConfig c;
    c.sources.lists = {"custom-csv:" + list};
    c.api_keys = {key("screening", "s3cret-screen", kRoleScreen), key("ops", "s3cret-admin", kRoleAdmin)};
    return c;
}

Request post(std::string_view target, std::string_view body, std::string_view key = "s3cret-screen") {
    Request r;
    r.method = "POST";
    r.target = target;
    r.body = body;
    r.api_key = key;
    return r;
}

Request get(std::string_view target, std::string_view key = "s3cret-screen") {
    Request r;
    r.method = "GET";
    r.target = target;
    r.api_key = key;
    return r;
}

json body_of(const Service::Answer& a) { return json::parse(a.reply.body); }

TEST(Sha256, KnownVector) {
    EXPECT_EQ(to_hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(UrlDecode, EscapesPlusAndBadInput) {
    EXPECT_EQ(url_decode("ofac-sdn%3A43377", false), "ofac-sdn:43377");
    EXPECT_EQ(url_decode("kim+sang", true), "kim sang");
    EXPECT_EQ(url_decode("kim+sang", false), "kim+sang");
    EXPECT_FALSE(url_decode("%4", false));
    EXPECT_FALSE(url_decode("%zz", false));
    EXPECT_FALSE(url_decode("abc%", false));
    auto p = parse_params("q=Kim%20Sang-man&limit=5&&flag");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->at("q"), "Kim Sang-man");
    EXPECT_EQ(p->at("limit"), "5");
    EXPECT_EQ(p->at("flag"), "");
}

TEST(JsonDepth, CountsNestingOutsideStrings) {
    EXPECT_EQ(json_depth(R"({"a":[1,{"b":2}]})", 100), 3);
    EXPECT_EQ(json_depth(R"({"a":"[[[[\"{{"})", 100), 1);
    EXPECT_EQ(json_depth(std::string(10000, '['), 16), 17);  // stops early
}

TEST(Config, ReadsEveryFieldAndResolvesPathsFromItsFolder) {
    const fs::path dir = temp_dir();
    write_file(dir / "cordon.json", R"({"host": "0.0.0.0", "port": 9000, "threads": 3,
        "lists": ["custom-csv:lists/mine.csv", "/abs/un.xml"], "strict": true,
        "api_keys": [{"name": "ops", "sha256": ")" + to_hex(sha256("k")) + R"(", "roles": ["screen", "admin"]}],
        "log": {"query_names": true}, "limits": {"max_batch": 50, "max_body_bytes": 4096}})");
    ServiceConfig c;
    ASSERT_TRUE(read_config((dir / "cordon.json").string(), c));
    EXPECT_EQ(c.host, "0.0.0.0");
    EXPECT_EQ(c.port, 9000);
    EXPECT_EQ(c.threads, 3U);
    ASSERT_EQ(c.sources.lists.size(), 2U);
    EXPECT_EQ(c.sources.lists[0], "custom-csv:" + (dir / "lists/mine.csv").string());
    EXPECT_EQ(c.sources.lists[1], "/abs/un.xml");
    EXPECT_TRUE(c.sources.options.strict);
    ASSERT_EQ(c.api_keys.size(), 1U);
    EXPECT_EQ(c.api_keys[0].roles, kRoleScreen | kRoleAdmin);
    EXPECT_EQ(c.api_keys[0].sha256, sha256("k"));
    EXPECT_TRUE(c.log_query_names);
    EXPECT_EQ(c.limits.max_batch, 50U);
    EXPECT_EQ(c.limits.max_body_bytes, 4096U);
}

TEST(Config, ErrorsNameTheFileAndField) {
    const fs::path dir = temp_dir();
    const std::string path = (dir / "bad.json").string();
    struct Case {
        std::string text, field;
    } cases[] = {
        {R"({"port": "80"})", "port"},
        {R"({"port": 70000})", "port"},
        {R"({"api_keys": [{"name": "x", "sha256": "abc", "roles": ["screen"]}]})", "api_keys[0].sha256"},
        {R"({"api_keys": [{"name": "x", "sha256": ")" + to_hex(sha256("k")) + R"(", "roles": ["root"]}]})",
         "api_keys[0].roles"},
        {R"({"api_keys": [{"sha256": ")" + to_hex(sha256("k")) + R"(", "roles": ["screen"]}]})", "api_keys[0].name"},
        {R"({"limits": {"max_batch": 0}})", "limits.max_batch"},
        {R"({"limits": {"max_batches": 10}})", "limits.max_batches"},
        {R"({"log": {"query_names": "yes"}})", "log.query_names"},
        {R"({"hots": "x"})", "hots"},
    };
    for (const Case& c : cases) {
        write_file(path, c.text);
        ServiceConfig config;
        auto st = read_config(path, config);
        ASSERT_FALSE(st) << c.text;
        EXPECT_EQ(st.error().where.file, path) << c.text;
        EXPECT_EQ(st.error().where.field, c.field) << c.text << " -> " << st.error().to_string();
    }
    write_file(path, "{\"port\": 80,\n \"host\": }");
    ServiceConfig config;
    auto st = read_config(path, config);
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().to_string().find("line 2"), std::string::npos) << st.error().to_string();
    EXPECT_FALSE(read_config((dir / "missing.json").string(), config));
}

TEST(Config, LoopbackHosts) {
    EXPECT_TRUE(is_loopback_host("127.0.0.1"));
    EXPECT_TRUE(is_loopback_host("127.1.2.3"));
    EXPECT_TRUE(is_loopback_host("::1"));
    EXPECT_TRUE(is_loopback_host("localhost"));
    EXPECT_FALSE(is_loopback_host("0.0.0.0"));
    EXPECT_FALSE(is_loopback_host("10.0.0.5"));
    EXPECT_FALSE(is_loopback_host("::"));
    EXPECT_FALSE(is_loopback_host("example.org"));
}

class ServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = temp_dir();
        list_ = (dir_ / "list.csv").string();
        fs::copy_file(kList, list_, fs::copy_options::overwrite_existing);
        service_ = std::make_unique<Service>(config_for(list_));
    }
    fs::path dir_;
    std::string list_;
    std::unique_ptr<Service> service_;
};

TEST_F(ServiceTest, NotReadyUntilTheFirstLoad) {
    EXPECT_EQ(service_->handle(get("/healthz", "")).reply.status, 200);
    EXPECT_EQ(service_->handle(get("/readyz", "")).reply.status, 503);
    EXPECT_EQ(service_->handle(post("/v1/screen", R"({"name": "Kim Sang Man"})")).reply.status, 503);
    EXPECT_EQ(service_->handle(post("/v1/lists/reload", "", "s3cret-admin")).reply.status, 503);
    ASSERT_TRUE(service_->load());
    EXPECT_EQ(service_->handle(get("/readyz", "")).reply.status, 200);
}

TEST_F(ServiceTest, KeysAndRoles) {
    ASSERT_TRUE(service_->load());
    auto a = service_->handle(post("/v1/screen", R"({"name": "Kim Sang Man"})", ""));
    EXPECT_EQ(a.reply.status, 401);
    EXPECT_EQ(body_of(a)["error"], "unauthorized");
    EXPECT_EQ(service_->handle(post("/v1/screen", R"({"name": "x"})", "wrong")).reply.status, 401);
    a = service_->handle(post("/v1/screen", R"({"name": "x"})", "s3cret-admin"));
    EXPECT_EQ(a.reply.status, 403);
    EXPECT_EQ(a.key, "ops");
    EXPECT_EQ(service_->handle(post("/v1/lists/reload", "", "s3cret-screen")).reply.status, 403);
    Request bearer = post("/v1/screen", R"({"name": "x"})", "");
    bearer.authorization = "Bearer s3cret-screen";
    EXPECT_EQ(service_->handle(bearer).reply.status, 200);
    bearer.authorization = "ApiKey s3cret-screen";
    EXPECT_EQ(service_->handle(bearer).reply.status, 200);
    for (const char* open : {"/healthz", "/readyz", "/metrics", "/openapi.json"}) {
        EXPECT_EQ(service_->handle(get(open, "")).reply.status, 200) << open;
    }
}

TEST_F(ServiceTest, OpenWhenNoKeysAreConfigured) {
    ServiceConfig c = config_for(list_);
    c.api_keys.clear();
    Service open(c);
    ASSERT_TRUE(open.load());
    EXPECT_EQ(open.handle(post("/v1/screen", R"({"name": "Kim Sang Man"})", "")).reply.status, 200);
    EXPECT_EQ(open.handle(post("/v1/lists/reload?wait=true", "", "")).reply.status, 200);
}

TEST_F(ServiceTest, ScreensOnePartyAndABatch) {
    ASSERT_TRUE(service_->load());
    auto a = service_->handle(post("/v1/screen", R"({"id": 7, "name": "Kim Sang-man", "birth_date": "1965"})"));
    ASSERT_EQ(a.reply.status, 200) << a.reply.body;
    json j = body_of(a);
    EXPECT_EQ(j["id"], "7");
    ASSERT_FALSE(j["matches"].empty());
    EXPECT_EQ(j["matches"][0]["entity_id"], "list:43377");
    EXPECT_EQ(a.reply.parties, 1U);
    EXPECT_GE(a.reply.matches, 1U);
    EXPECT_TRUE(a.reply.names.empty());  // names are not kept for the log unless configured

    a = service_->handle(post("/v1/screen", R"({"parties": [{"name": "Jinyong IT Cooperation Company"},
        {"name": "Margaret Thornbury"}], "limit": 1, "threshold": 0.9})"));
    ASSERT_EQ(a.reply.status, 200) << a.reply.body;
    j = body_of(a);
    ASSERT_EQ(j["results"].size(), 2U);
    EXPECT_EQ(j["results"][0]["matches"].size(), 1U);
    EXPECT_TRUE(j["results"][1]["matches"].empty());
}

TEST_F(ServiceTest, BadInputGetsA4xxNamingTheField) {
    ASSERT_TRUE(service_->load());
    struct Case {
        std::string body;
        int status;
        std::string detail;  // a part of it
    } cases[] = {
        {"{\"name\": ", 400, "malformed JSON"},
        {"[1, 2]", 400, "expected a JSON object"},
        {R"({"name": 5})", 400, "name: expected a string"},
        {R"({"nme": "x"})", 400, "name: expected a string"},
        {R"({"name": "x", "schema": "Spaceship"})", 400, "schema: unknown schema Spaceship"},
        {R"({"name": "x", "birth_date": "yesterday"})", 400, "birth_date: not a date"},
        {R"({"name": "x", "threshold": 2})", 400, "threshold"},
        {R"({"name": "x", "threshold": 0.1})", 400, "threshold: expected a number from 0.5 to 1"},
        {R"({"name": "x", "limit": 0})", 400, "limit"},
        {R"({"name": "x", "limit": 1000000})", 400, "limit"},
        {R"({"parties": []})", 400, "parties"},
        {R"({"parties": {"name": "x"}})", 400, "parties"},
        {R"({"parties": [{"name": "x"}, {"name": "y", "country": 3}]})", 400, "parties[1].country"},
        {R"({"name": ")" + std::string(2000, 'a') + R"("})", 400, "longer than 1024 bytes"},
        {std::string(100, '[') + std::string(100, ']'), 400, "deeper than 16"},
    };
    for (const Case& c : cases) {
        auto a = service_->handle(post("/v1/screen", c.body));
        EXPECT_EQ(a.reply.status, c.status) << c.body;
        json j = body_of(a);
        EXPECT_EQ(j["error"], "bad_request") << c.body;
        EXPECT_NE(j["detail"].get<std::string>().find(c.detail), std::string::npos) << j["detail"];
    }
    std::string many = R"({"parties": [)";
    for (int i = 0; i < 1001; ++i) many += std::string(i ? "," : "") + R"({"name": "x"})";
    many += "]}";
    auto a = service_->handle(post("/v1/screen", many));
    EXPECT_EQ(a.reply.status, 413);
    EXPECT_EQ(body_of(a)["error"], "payload_too_large");
    EXPECT_EQ(service_->handle(get("/v1/screen")).reply.status, 405);
    EXPECT_EQ(service_->handle(get("/v1/nothing")).reply.status, 404);
    EXPECT_EQ(service_->handle(get("/v1/search")).reply.status, 400);
    EXPECT_EQ(service_->handle(get("/v1/search?q=kim&limit=x")).reply.status, 400);
    EXPECT_EQ(service_->handle(get("/v1/search?q=%zz")).reply.status, 400);
    EXPECT_EQ(service_->handle(get("/v1/entities/nobody:1")).reply.status, 404);
}

// Mutated bodies (bytes dropped, doubled, replaced) never crash a route nor earn a 5xx.
TEST_F(ServiceTest, MutatedBodiesNeverFail) {
    ASSERT_TRUE(service_->load());
    const std::string seeds[] = {
        R"({"id": "a", "name": "Kim Sang-man", "schema": "Person", "birth_date": "1965-04-25", "country": "KP"})",
        R"({"parties": [{"name": "Jinyong"}, {"name": "Kim", "birth_date": null}], "limit": 3, "threshold": 0.5})",
    };
    std::mt19937 rng(42);
    const std::string alphabet = "{}[]\",:0123456789.-eEtrufalsn \\\xc3\xa9\xff";
    for (const std::string& seed : seeds) {
        for (int round = 0; round < 3000; ++round) {
            std::string body = seed;
            const int edits = 1 + static_cast<int>(rng() % 4);
            for (int e = 0; e < edits && !body.empty(); ++e) {
                const std::size_t at = rng() % body.size();
                switch (rng() % 3) {
                    case 0: body.erase(at, 1); break;
                    case 1: body.insert(at, 1, body[at]); break;
                    default: body[at] = alphabet[rng() % alphabet.size()]; break;
                }
            }
            auto a = service_->handle(post("/v1/screen", body));
            const std::string shown = json(body).dump(-1, ' ', true, json::error_handler_t::replace);
            ASSERT_LT(a.reply.status, 500) << shown << " -> " << a.reply.body;
            ASSERT_TRUE(json::accept(a.reply.body)) << shown;
        }
    }
}

TEST_F(ServiceTest, AFailedReloadKeepsTheOldSnapshotAndSaysWhy) {
    ASSERT_TRUE(service_->load());
    ASSERT_EQ(service_->current()->version, 1U);
    write_file(list_, "id,schema,name\n1,Person,\"unterminated\n");
    std::promise<Service::Answer> answered;
    service_->handle(post("/v1/lists/reload?wait=true", "", "s3cret-admin"),
                     [&](Service::Answer a) { answered.set_value(std::move(a)); });
    Service::Answer a = answered.get_future().get();
    ASSERT_EQ(a.reply.status, 200);
    EXPECT_EQ(a.key, "ops");
    json j = body_of(a);
    EXPECT_EQ(j["status"], "failed");
    EXPECT_NE(j["error"].get<std::string>().find(list_), std::string::npos) << j["error"];
    EXPECT_EQ(service_->current()->version, 1U);
    auto s = service_->handle(post("/v1/screen", R"({"name": "Kim Sang Man"})"));
    EXPECT_FALSE(body_of(s)["matches"].empty());  // the old lists still answer
    json lists = body_of(service_->handle(get("/v1/lists")));
    EXPECT_EQ(lists["reload"]["last"]["status"], "failed");
    EXPECT_FALSE(lists["reload"]["in_progress"]);
    EXPECT_NE(service_->handle(get("/metrics", "")).reply.body.find("cordon_reloads_total{result=\"failed\"} 1"),
              std::string::npos);

    // Mended, the next reload swaps a new snapshot in.
    fs::copy_file(kList, list_, fs::copy_options::overwrite_existing);
    std::promise<Service::Answer> again;
    service_->handle(post("/v1/lists/reload?wait=true", "", "s3cret-admin"),
                     [&](Service::Answer x) { again.set_value(std::move(x)); });
    j = body_of(again.get_future().get());
    EXPECT_EQ(j["status"], "ok");
    EXPECT_EQ(j["snapshot"]["version"], 2);
    EXPECT_EQ(service_->current()->version, 2U);
}

TEST_F(ServiceTest, ARequestKeepsTheSnapshotItStartedWith) {
    ASSERT_TRUE(service_->load());
    auto before = service_->current();
    auto a = service_->handle(post("/v1/lists/reload", "", "s3cret-admin"));
    EXPECT_EQ(a.reply.status, 202);
    // A second one while the first runs is refused, or starts after it ended.
    int status = service_->handle(post("/v1/lists/reload", "", "s3cret-admin")).reply.status;
    EXPECT_TRUE(status == 409 || status == 202) << status;
    // The old snapshot stays whole for whoever holds it, whatever the reloads do.
    Query q;
    q.name = "Kim Sang Man";
    EXPECT_FALSE(before->screener->screen(q, {}).empty());
    EXPECT_EQ(before->version, 1U);
}

// Screens on two threads while reloads swap snapshots under them: every answer is whole.
TEST_F(ServiceTest, ScreensWhileReloadsSwapSnapshots) {
    ASSERT_TRUE(service_->load());
    std::atomic<bool> stop{false};
    std::atomic<int> answered{0}, wrong{0};
    auto screen = [&] {
        while (!stop.load()) {
            auto a = service_->handle(post("/v1/screen", R"({"name": "Kim Sang-man"})"));
            json j = json::parse(a.reply.body, nullptr, false);
            if (a.reply.status != 200 || !j.is_object() || j["matches"].empty()) ++wrong;
            ++answered;
        }
    };
    std::thread a(screen), b(screen);
    for (int i = 0; i < 5; ++i) {
        auto r = service_->handle(post("/v1/lists/reload?wait=true", "", "s3cret-admin"));
        EXPECT_EQ(body_of(r)["status"], "ok");
    }
    stop = true;
    a.join();
    b.join();
    EXPECT_EQ(service_->current()->version, 6U);
    EXPECT_GT(answered.load(), 0);
    EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace cordon::service
