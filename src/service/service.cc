#include "service.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <fmt/core.h>
#include <future>

#include "cordon/ingest.h"
#include "cordon/scan.h"
#include "ownership.h"
#include "log.h"
#include "screen_json.h"
#include "yente.h"

namespace cordon::service {

using nlohmann::json;

namespace {

constexpr double kSearchThreshold = 0.60;  // a person searching wants near misses too
constexpr std::size_t kSearchLimit = 20;
constexpr std::size_t kMaxPartyIdentifiers = 100;  // per party of POST /v1/screen

double unix_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

// "field birth_date: not a date: x" from query_from_json, as "parties[3].birth_date: not a date: x".
std::string at_field(std::string_view prefix, const std::string& error) {
    constexpr std::string_view kField = "field ";
    if (error.rfind(kField, 0) == 0) {
        std::string rest = error.substr(kField.size());
        return prefix.empty() ? rest : std::string(prefix) + "." + rest;
    }
    return prefix.empty() ? error : std::string(prefix) + ": " + error;
}

// The key a request carries: "Authorization: Bearer K", "Authorization: ApiKey K" or "X-API-Key: K".
std::string_view offered_key(const Request& r) {
    if (!r.api_key.empty()) return r.api_key;
    std::string_view a = r.authorization;
    for (std::string_view scheme : {"Bearer ", "bearer ", "ApiKey ", "apikey ", "Apikey "}) {
        if (a.rfind(scheme, 0) == 0) {
            a.remove_prefix(scheme.size());
            while (!a.empty() && a.front() == ' ') a.remove_prefix(1);
            return a;
        }
    }
    return {};
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The body's "threshold" and "limit" (null or absent: left as they are); the 400 when out of range.
// `limit` may be null for a route that takes none.
std::optional<Reply> read_threshold_and_limit(const json& body, const Limits& limits, double& threshold,
                                              std::size_t* limit) {
    if (auto it = body.find("threshold"); it != body.end() && !it->is_null()) {
        if (!it->is_number() || !(it->get<double>() >= limits.min_threshold) || it->get<double>() > 1) {
            return error_reply(400, "bad_request",
                               fmt::format("threshold: expected a number from {} to 1", limits.min_threshold));
        }
        threshold = it->get<double>();
    }
    if (auto it = body.find("limit"); limit != nullptr && it != body.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() < 1 ||
            it->get<std::int64_t>() > static_cast<std::int64_t>(limits.max_limit)) {
            return error_reply(400, "bad_request",
                               fmt::format("limit: expected a whole number from 1 to {}", limits.max_limit));
        }
        *limit = it->get<std::size_t>();
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> url_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<Params> parse_params(std::string_view query) {
    Params params;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        auto key = url_decode(pair.substr(0, eq), true);
        auto value = url_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
        if (!key || !value) return std::nullopt;
        params[*key] = *value;
    }
    return params;
}

Service::Service(ServiceConfig config, std::shared_ptr<const Normalizer> normalizer)
    : config_(std::move(config)), normalizer_(std::move(normalizer)) {
    RAND_bytes(reinterpret_cast<unsigned char*>(&request_seed_), sizeof request_seed_);
}

Service::~Service() {
    std::thread t;
    {
        std::lock_guard lock(reload_mu_);
        t = std::move(reload_thread_);
    }
    if (t.joinable()) t.join();
}

Status Service::load() {
    const auto started = std::chrono::steady_clock::now();
    // The first load builds the normaliser (ICU compiling its transliterators) while the lists parse.
    std::future<std::shared_ptr<const Normalizer>> building;
    if (!normalizer_) {
        building = std::async(std::launch::async, [] { return std::make_shared<const Normalizer>(); });
    }
    auto lists = load_sources(config_.sources);
    if (building.valid()) normalizer_ = building.get();
    if (!lists) return lists.error();
    auto loaded = std::make_shared<Loaded>();
    loaded->snapshot = std::make_shared<const Snapshot>(std::move(*lists));
    // The relation index is built on another thread while this one builds the name index.
    auto relations = std::async(std::launch::async, [snapshot = loaded->snapshot] {
        return std::make_unique<graph::RelationIndex>(*snapshot);
    });
    loaded->screener = std::make_unique<Screener>(loaded->snapshot, normalizer_);
    loaded->relations = relations.get();
    loaded->loaded_at = std::chrono::system_clock::now();
    loaded->load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    {
        std::lock_guard lock(reload_mu_);
        loaded->version = ++versions_;
    }
    json loaded_json = snapshot_json(*loaded);
    std::shared_ptr<const Loaded> previous;
    {
        std::lock_guard lock(current_mu_);
        previous = std::exchange(current_, std::move(loaded));
    }
    // Logged once requests see it. `previous` is released here, outside the lock; the last request
    // holding it frees it.
    log_event("info", "snapshot_loaded", {{"snapshot", std::move(loaded_json)}});
    return Ok{};
}

std::string Service::request_id(std::string_view offered) {
    if (!offered.empty() && offered.size() <= 128) {
        bool sane = true;
        for (char c : offered) {
            sane = sane && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                            c == '_' || c == ':' || c == '-');
        }
        if (sane) return std::string(offered);
    }
    // splitmix64 of a per-process random seed plus a counter: unique, and not guessable.
    std::uint64_t z = request_seed_ + 0x9E3779B97F4A7C15ULL * (next_request_.fetch_add(1) + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return fmt::format("{:016x}", z ^ (z >> 31));
}

void Service::record(const Request& request, const Answer& answer, std::string_view request_id, double seconds) {
    const Reply& reply = answer.reply;
    metrics_.request(answer.route, reply.status, seconds);
    if (reply.parties > 0) metrics_.screened(reply.parties, reply.matches);
    // The request log line, written field by field: it is on every request's path. Keys in
    // sorted order, as log_event writes them.
    thread_local api::OutBuffer buffer;
    buffer.clear();
    api::JsonLineWriter w(buffer);
    std::string_view path = request.target.substr(0, request.target.find('?'));
    if (path.size() > 256) path = path.substr(0, 256);
    w.lit(R"({"duration_us":)");
    w.raw(std::to_string(static_cast<std::int64_t>(seconds * 1e6)));
    if (reply.status >= 400) {
        // The error code, never the detail: a detail may quote what the caller sent.
        const std::size_t at = reply.body.find(R"("error":")");
        if (at != std::string::npos) {
            const std::size_t begin = at + 9, end = reply.body.find('"', begin);
            w.lit(R"(,"error":)");
            w.string_lossy(std::string_view(reply.body).substr(begin, end - begin));
        }
    }
    w.lit(R"(,"event":"request")");
    if (!answer.key.empty()) {
        w.lit(R"(,"key":)");
        w.string(answer.key);
    }
    // 503 not_ready is what a readiness probe expects while the lists load: a warning, not an error.
    w.lit(R"(,"level":)");
    w.string(reply.status == 503 ? "warn" : reply.status >= 500 ? "error" : "info");
    if (reply.parties > 0) {
        w.lit(R"(,"matches":)");
        w.raw(std::to_string(reply.matches));
    }
    w.lit(R"(,"method":)");
    w.string_lossy(request.method);
    if (config_.log_query_names && !reply.names.empty()) {
        w.lit(R"(,"names":[)");
        for (std::size_t i = 0; i < reply.names.size(); ++i) {
            if (i > 0) w.lit(",");
            w.string_lossy(reply.names[i]);
        }
        w.lit("]");
    }
    if (reply.parties > 0) {
        w.lit(R"(,"parties":)");
        w.raw(std::to_string(reply.parties));
    }
    w.lit(R"(,"path":)");
    w.string_lossy(path);
    w.lit(R"(,"request_id":)");
    w.string(request_id);
    w.lit(R"(,"status":)");
    w.raw(std::to_string(reply.status));
    w.lit(R"(,"time":)");
    w.string(iso_time(std::chrono::system_clock::now()));
    w.lit("}\n");
    log_line(buffer.view());
}

Service::Answer Service::handle(const Request& request) {
    std::promise<Answer> answered;
    auto answer = answered.get_future();
    handle(request, [&answered](Answer a) { answered.set_value(std::move(a)); });
    return answer.get();
}

void Service::handle(const Request& request, std::function<void(Answer)> done) {
    bool deferred = false;
    Answer a;
    try {
        a = route(request, done, deferred);
    } catch (const std::exception& e) {
        // A route should never throw; if one does, the caller still gets an answer and the log says why.
        log_event("error", "internal_error", {{"what", e.what()}});
        a.reply = error_reply(500, "internal_error", "the server failed on this request; see its log");
    }
    if (!deferred) done(std::move(a));
}

Service::Answer Service::route(const Request& request, std::function<void(Answer)>& done, bool& deferred) {
    Answer a;
    const std::size_t question = request.target.find('?');
    const std::string_view path = request.target.substr(0, question);
    const std::string_view query =
        question == std::string_view::npos ? std::string_view() : request.target.substr(question + 1);

    // Which route, which method it takes, and which role it needs (0: open).
    std::string_view allow = "GET";
    std::uint8_t role = kRoleScreen;
    std::string tail;  // the {dataset} or {id} of the path
    if (path == "/v1/screen") {
        a.route = Route::kScreen;
        allow = "POST";
    } else if (path.rfind("/match/", 0) == 0 && path.size() > 7) {
        a.route = Route::kMatch;
        allow = "POST";
        tail = std::string(path.substr(7));
    } else if (path == "/v1/search") {
        a.route = Route::kSearch;
    } else if (path == "/v1/scan") {
        a.route = Route::kScan;
        allow = "POST";
    } else if (path == "/v1/ownership") {
        a.route = Route::kOwnership;
        allow = "POST";
    } else if (path.rfind("/v1/entities/", 0) == 0 && path.size() > 13) {
        a.route = Route::kEntity;
        tail = std::string(path.substr(13));
    } else if (path == "/v1/lists") {
        a.route = Route::kLists;
    } else if (path == "/v1/lists/reload") {
        a.route = Route::kReload;
        allow = "POST";
        role = kRoleAdmin;
    } else if (path == "/healthz") {
        a.route = Route::kHealthz;
        role = 0;
    } else if (path == "/readyz") {
        a.route = Route::kReadyz;
        role = 0;
    } else if (path == "/metrics") {
        a.route = Route::kMetrics;
        role = 0;
    } else if (path == "/openapi.json") {
        a.route = Route::kOpenApi;
        role = 0;
    } else {
        a.reply = error_reply(404, "not_found", "no such route; the API is described at /openapi.json");
        return a;
    }
    if (request.method != allow && !(allow == "GET" && request.method == "HEAD")) {
        a.reply = error_reply(405, "method_not_allowed", fmt::format("{} takes {}", route_name(a.route), allow));
        a.reply.headers.emplace_back("Allow", allow);
        return a;
    }

    if (role != 0 && !config_.api_keys.empty()) {  // no keys configured: open, on loopback only
        const std::string_view key = offered_key(request);
        if (key.empty()) {
            a.reply = error_reply(401, "unauthorized",
                                  "an API key is required: Authorization: Bearer KEY, or X-API-Key: KEY");
            a.reply.headers.emplace_back("WWW-Authenticate", "Bearer");
            return a;
        }
        {
            const auto digest = sha256(key);
            const ApiKey* found = nullptr;
            for (const ApiKey& k : config_.api_keys) {
                if (CRYPTO_memcmp(k.sha256.data(), digest.data(), digest.size()) == 0) found = &k;
            }
            if (found == nullptr) {
                a.reply = error_reply(401, "unauthorized", "unknown API key");
                a.reply.headers.emplace_back("WWW-Authenticate", "Bearer");
                return a;
            }
            a.key = found->name;
            if ((found->roles & role) == 0) {
                a.reply = error_reply(403, "forbidden",
                                      fmt::format("the key '{}' lacks the role {}", found->name,
                                                  role == kRoleAdmin ? "admin" : "screen"));
                return a;
            }
        }
    }
    auto params = parse_params(query);
    if (!params) {
        a.reply = error_reply(400, "bad_request", "the query string has a bad %-escape");
        return a;
    }
    const auto current = this->current();
    switch (a.route) {
        case Route::kHealthz:
            a.reply = json_reply({{"status", "ok"}});
            return a;
        case Route::kReadyz:
            if (!current) {
                a.reply = error_reply(503, "not_ready", "the lists are loading");
            } else {
                a.reply = json_reply({{"status", "ready"}, {"snapshot", snapshot_json(*current)}});
            }
            return a;
        case Route::kMetrics: {
            Metrics::Snapshot gauges;
            if (current) {
                gauges = {current->version, current->snapshot->entity_count(),
                          current->screener->index().name_count(), unix_seconds(current->loaded_at)};
            }
            bool reloading;
            {
                std::lock_guard lock(reload_mu_);
                reloading = reloading_;
            }
            a.reply.body = metrics_.render(gauges, current != nullptr, reloading,
                                           unix_seconds(std::chrono::system_clock::now()));
            a.reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
            return a;
        }
        case Route::kOpenApi:
            a.reply.body = std::string(openapi_document());
            return a;
        case Route::kReload: {
            if (!current) {
                a.reply = error_reply(503, "not_ready", "the first load of the lists is still running");
                return a;
            }
            if (!a.key.empty()) {
                // A waiting reload answers later; its log line still names the key.
                done = [inner = std::move(done), key = a.key](Answer later) {
                    later.key = key;
                    inner(std::move(later));
                };
            }
            bool wait = false;
            if (auto it = params->find("wait"); it != params->end()) {
                if (it->second == "true" || it->second == "1") {
                    wait = true;
                } else if (it->second != "false" && it->second != "0") {
                    a.reply = error_reply(400, "bad_request", "wait: expected true or false, got '" + it->second + "'");
                    return a;
                }
            }
            a.reply = reload(wait, done, deferred);
            return a;
        }
        default: break;
    }
    if (!current) {
        a.reply = error_reply(503, "not_ready", "the lists are loading; GET /readyz says when they are ready");
        return a;
    }
    switch (a.route) {
        case Route::kScreen: a.reply = screen(*current, request); break;
        case Route::kMatch: {
            auto dataset = url_decode(tail, false);
            if (!dataset) {
                a.reply = error_reply(400, "bad_request", "the dataset in the path has a bad %-escape");
                break;
            }
            a.reply = yente_match(*current->screener, *dataset, request.body, *params, config_.limits);
            break;
        }
        case Route::kSearch: a.reply = search(*current, *params); break;
        case Route::kScan: a.reply = scan(*current, request); break;
        case Route::kOwnership: a.reply = ownership(*current, request); break;
        case Route::kEntity: {
            auto id = url_decode(tail, false);
            a.reply = id ? entity(*current, *id) : error_reply(400, "bad_request", "the id has a bad %-escape");
            break;
        }
        case Route::kLists: a.reply = lists(*current); break;
        default: a.reply = error_reply(404, "not_found", "no such route"); break;
    }
    a.reply.headers.emplace_back("X-Cordon-Snapshot", std::to_string(current->version));
    return a;
}

Reply Service::screen(const Loaded& s, const Request& request) {
    const Limits& limits = config_.limits;
    Reply error;
    auto body = parse_object_body(request.body, limits, ": a party {\"name\": ...} or {\"parties\": [...]}", error);
    if (!body) return error;
    ScreenOptions options;
    if (auto err = read_threshold_and_limit(*body, limits, options.threshold, &options.limit)) return *err;
    const bool batch = body->contains("parties");
    std::vector<Query> queries;
    auto read_party = [&](const json& party, std::string_view at) -> std::optional<Reply> {
        Query q;
        if (auto err = api::query_from_json(party, q)) return error_reply(400, "bad_request", at_field(at, *err));
        if (q.name.size() > limits.max_name_bytes) {
            return error_reply(400, "bad_request",
                               fmt::format("{}{}name: longer than {} bytes", at, at.empty() ? "" : ".",
                                           limits.max_name_bytes));
        }
        if (q.identifiers.size() > kMaxPartyIdentifiers) {
            return error_reply(400, "bad_request", fmt::format("{}{}identifiers: more than {} identifiers", at,
                                                               at.empty() ? "" : ".", kMaxPartyIdentifiers));
        }
        for (const Identifier& id : q.identifiers) {
            if (id.value.size() > limits.max_name_bytes) {
                return error_reply(400, "bad_request",
                                   fmt::format("{}{}identifiers: a value longer than {} bytes", at,
                                               at.empty() ? "" : ".", limits.max_name_bytes));
            }
        }
        queries.push_back(std::move(q));
        return std::nullopt;
    };
    if (batch) {
        const json& parties = (*body)["parties"];
        if (!parties.is_array() || parties.empty()) {
            return error_reply(400, "bad_request", "parties: expected an array of 1 or more parties");
        }
        if (parties.size() > limits.max_batch) {
            return error_reply(413, "payload_too_large",
                               fmt::format("parties: {} parties, at most {} in one request", parties.size(),
                                           limits.max_batch));
        }
        queries.reserve(parties.size());
        for (std::size_t i = 0; i < parties.size(); ++i) {
            if (auto err = read_party(parties[i], fmt::format("parties[{}]", i))) return *err;
        }
    } else if (auto err = read_party(*body, "")) {
        return *err;
    }

    Reply reply;
    api::OutBuffer out;
    api::JsonLineWriter w(out);
    if (batch) w.lit(R"({"results":[)");
    for (std::size_t i = 0; i < queries.size(); ++i) {
        auto matches = s.screener->screen(queries[i], options);
        graph::attach_links(matches, *s.relations);
        if (i > 0) w.lit(",");
        const std::vector<std::string> warnings =
            queries[i].identifiers.empty() ? std::vector<std::string>() : identifier_warnings(queries[i]);
        api::write_screen_result(w, queries[i].id, matches, nullptr, {}, &warnings);
        reply.matches += matches.size();
    }
    if (batch) w.lit("]}");
    reply.body.assign(out.data(), out.size());
    reply.parties = queries.size();
    if (config_.log_query_names) {
        for (const Query& q : queries) reply.names.push_back(q.name);
    }
    return reply;
}

Reply Service::scan(const Loaded& s, const Request& request) {
    const Limits& limits = config_.limits;
    Reply error;
    // max_body_bytes bounds the text
    auto body = parse_object_body(request.body, limits, " {\"text\": ...}", error);
    if (!body) return error;
    auto text = body->find("text");
    if (text == body->end() || !text->is_string()) {
        return error_reply(400, "bad_request", "text: expected a string, the text to scan");
    }
    ScanOptions options;
    options.limit = limits.max_limit;
    if (auto err = read_threshold_and_limit(*body, limits, options.threshold, &options.limit)) return *err;
    const std::string& input = text->get_ref<const std::string&>();
    json mentions = json::array();
    for (Mention& m : scan_text(*s.screener, input, options)) {
        graph::attach_links(m.match, *s.relations);
        mentions.push_back(api::mention_json(m));
    }
    return json_reply({{"mentions", mentions}});
}

// POST /v1/ownership {"entities": [FtM entities], "threshold"?}: OFAC's 50 % rule over the structure
// (graph::assess_ownership), the answer of `cordon ownership --json`.
Reply Service::ownership(const Loaded& s, const Request& request) {
    const Limits& limits = config_.limits;
    Reply error;
    auto body = parse_object_body(request.body, limits, " {\"entities\": [FollowTheMoney entities]}", error);
    if (!body) return error;
    auto entities = body->find("entities");
    if (entities == body->end() || !entities->is_array()) {
        return error_reply(400, "bad_request",
                           "entities: expected an array of FollowTheMoney entities (parties and Ownership records)");
    }
    if (entities->size() > limits.max_batch) {
        return error_reply(400, "bad_request", fmt::format("entities: more than {} entities", limits.max_batch));
    }
    graph::OwnershipOptions options;
    std::size_t* no_limit = nullptr;
    if (auto err = read_threshold_and_limit(*body, limits, options.threshold, no_limit)) return *err;
    auto structure = graph::parse_ownership_entities(*entities, "entities");
    if (!structure) {
        const Location& at = structure.error().where;
        return error_reply(400, "bad_request",
                           fmt::format("entities{}{}{}: {}", at.path, at.field.empty() ? "" : ".", at.field,
                                       structure.error().message));
    }
    for (const graph::OwnedParty& party : structure->parties) {
        for (const std::string& name : party.names) {
            if (name.size() > limits.max_name_bytes) {
                return error_reply(400, "bad_request", fmt::format("entities{}.properties.name: longer than {} bytes",
                                                                   party.where.path, limits.max_name_bytes));
            }
        }
    }
    Reply reply = json_reply(graph::ownership_json(graph::assess_ownership(*structure, *s.screener, options)));
    reply.parties = structure->parties.size();
    return reply;
}

Reply Service::search(const Loaded& s, const Params& params) {
    const Limits& limits = config_.limits;
    auto q = params.find("q");
    if (q == params.end() || q->second.empty()) return error_reply(400, "bad_request", "q: the name to search for is missing");
    if (q->second.size() > limits.max_name_bytes) {
        return error_reply(400, "bad_request", fmt::format("q: longer than {} bytes", limits.max_name_bytes));
    }
    Query query;
    query.name = q->second;
    ScreenOptions options;
    options.threshold = kSearchThreshold;
    options.limit = kSearchLimit;
    options.explain = false;
    if (auto it = params.find("limit"); it != params.end()) {
        if (auto err = read_count(it->second, 1, limits.max_limit, "limit", options.limit)) {
            return error_reply(400, "bad_request", *err);
        }
    }
    if (auto it = params.find("threshold"); it != params.end()) {
        if (auto err = read_number(it->second, limits.min_threshold, 1, "threshold", options.threshold)) {
            return error_reply(400, "bad_request", *err);
        }
    }
    if (auto it = params.find("schema"); it != params.end() && !it->second.empty()) {
        auto schema = parse_schema(it->second);
        if (!schema) return error_reply(400, "bad_request", "schema: unknown schema " + it->second);
        query.schema = *schema;
    }
    json results = json::array();
    const auto matches = s.screener->screen(query, options);
    for (const Match& m : matches) {
        const Entity& e = *m.entity;
        json programs = json::array();
        for (const auto& p : e.programs) programs.push_back(p.value);
        results.push_back({{"entity_id", e.id},
                           {"name", e.primary_name() ? e.primary_name()->full : ""},
                           {"matched_name", e.names[m.name_index].full},
                           {"schema", schema_name(e.schema)},
                           {"source", e.source},
                           {"programs", programs},
                           {"score", std::round(m.score * 1000) / 1000}});
    }
    Reply reply = json_reply({{"query", query.name}, {"results", results}});
    reply.parties = 1;
    reply.matches = matches.size();
    if (config_.log_query_names) reply.names.push_back(query.name);
    return reply;
}

Reply Service::entity(const Loaded& s, std::string_view id) {
    const Entity* e = s.snapshot->find(id);
    if (e == nullptr) return error_reply(404, "not_found", fmt::format("no listed entity has the id '{}'", id));
    json body = api::entity_json(*e, &s.snapshot->list_of(s.snapshot->ordinal_of(*e)));
    body["neighbours"] = graph::neighbours_json(s.relations->neighbours(*e));
    return json_reply(body);
}

json Service::snapshot_json(const Loaded& s) const {
    const auto now = std::chrono::system_clock::now();
    return {{"version", s.version},
            {"loaded_at", iso_time(s.loaded_at)},
            {"age_seconds", std::round(std::chrono::duration<double>(now - s.loaded_at).count() * 1000) / 1000},
            {"entities", s.snapshot->entity_count()},
            {"names", s.screener->index().name_count()},
            {"load_ms", std::round(s.load_ms)}};
}

json Service::reload_json() {
    std::lock_guard lock(reload_mu_);
    return {{"in_progress", reloading_}, {"last", last_reload_}};
}

Reply Service::lists(const Loaded& s) {
    json lists = json::array();
    for (const SourceList& l : s.snapshot->lists()) {
        json warnings = json::array();
        for (const auto& w : l.warnings) warnings.push_back(w.to_string());
        lists.push_back({{"name", l.name},
                         {"format", l.format},
                         {"files", l.files},
                         {"published", l.published},
                         {"entities", l.entities.size()},
                         {"skipped_records", l.skipped_records},
                         {"warnings", warnings}});
    }
    return json_reply({{"snapshot", snapshot_json(s)}, {"lists", lists}, {"reload", reload_json()}});
}

Reply Service::reload(bool wait, std::function<void(Answer)>& done, bool& deferred) {
    std::thread previous;
    {
        std::lock_guard lock(reload_mu_);
        if (reloading_) return error_reply(409, "reload_in_progress", "a reload is running; GET /v1/lists tells when it ends");
        reloading_ = true;
        if (wait) {
            waiters_.push_back(std::move(done));
            deferred = true;
        }
        previous = std::move(reload_thread_);
        reload_thread_ = std::thread([this] { run_reload(); });
    }
    if (previous.joinable()) previous.join();  // it had finished: reloading_ was false
    return json_reply({{"status", "started"}}, 202);
}

void Service::run_reload() {
    const auto started = std::chrono::system_clock::now();
    log_event("info", "reload_started");
    Status result = load();
    finish_reload(result, started);
}

void Service::finish_reload(const Status& result, std::chrono::system_clock::time_point started) {
    const auto finished = std::chrono::system_clock::now();
    json last = {{"status", result ? "ok" : "failed"},
                 {"started_at", iso_time(started)},
                 {"finished_at", iso_time(finished)}};
    if (!result) last["error"] = result.error().to_string();
    metrics_.reload(result.ok());
    const auto current = this->current();
    if (!result) {
        log_event("error", "reload_failed",
                  {{"error", result.error().to_string()}, {"serving_version", current ? current->version : 0}});
    }
    std::vector<std::function<void(Answer)>> waiters;
    {
        std::lock_guard lock(reload_mu_);
        last_reload_ = last;
        reloading_ = false;
        waiters.swap(waiters_);
    }
    for (auto& w : waiters) {
        json body = {{"status", last["status"]}};
        if (result) {
            body["snapshot"] = snapshot_json(*current);
        } else {
            body["error"] = last["error"];
        }
        Answer a;
        a.route = Route::kReload;
        a.reply = json_reply(body);
        w(std::move(a));
    }
}

}  // namespace cordon::service
