// Service: what `cordon serve` answers, without the sockets. It holds the snapshot serving (a
// Screener over immutable lists) behind an atomic pointer: a reload builds the next one on its own
// thread and swaps it in, and a request in flight keeps the one it started with. Routes check the
// caller's key and role, read the body under the limits, and answer JSON (docs/openapi.json).
//
//   Service service(config);
//   if (auto st = service.load(); !st) fail(st.error());
//   service.handle(request, [](Service::Answer a) { send(a.reply); });
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "config.h"
#include "cordon/normalize.h"
#include "cordon/screener.h"
#include "metrics.h"
#include "relations.h"
#include "reply.h"

namespace cordon::service {

// The parts of an HTTP request the routes read.
struct Request {
    std::string_view method;         // "GET", "POST", ...
    std::string_view target;         // "/v1/search?q=kim", as sent
    std::string_view body;
    std::string_view authorization;  // the Authorization header
    std::string_view api_key;        // the X-API-Key header
};

class Service {
public:
    // A loaded set of lists with its index: what one request screens against, start to end.
    struct Loaded {
        std::shared_ptr<const Snapshot> snapshot;
        std::unique_ptr<Screener> screener;
        std::unique_ptr<graph::RelationIndex> relations;
        std::uint64_t version = 0;  // 1 for the first load, +1 for each reload that succeeded
        std::chrono::system_clock::time_point loaded_at;
        double load_ms = 0;  // reading the files, parsing and indexing
    };

    struct Answer {
        Reply reply;
        Route route = Route::kOther;
        std::string key;  // name of the caller's API key, when one was given and known
    };

    explicit Service(ServiceConfig config, std::shared_ptr<const Normalizer> normalizer = nullptr);
    ~Service();  // waits for a reload in progress
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    // Loads the lists and swaps them in; what the first load and every reload run (never two at
    // once). The error of a failed load names the list, file and line; the snapshot serving stays.
    Status load();

    // Answers `request`. `done` is called once, on this thread for every route but a reload with
    // ?wait=true, which answers from the reload's thread when it ends.
    void handle(const Request& request, std::function<void(Answer)> done);
    // The same, waiting for the answer (tests, tools).
    Answer handle(const Request& request);

    // Counts the request in the metrics and writes its log line.
    void record(const Request& request, const Answer& answer, std::string_view request_id, double seconds);
    // The client's X-Request-Id when it is a sane token (1-128 of [A-Za-z0-9._:-]), else a new one.
    std::string request_id(std::string_view offered);

    // {"version", "loaded_at", "age_seconds", "entities", "names", "load_ms"}.
    nlohmann::json snapshot_json(const Loaded& s) const;

    bool ready() const { return current() != nullptr; }
    // The snapshot serving now; the caller's copy keeps it alive past any reload.
    std::shared_ptr<const Loaded> current() const {
        std::lock_guard lock(current_mu_);
        return current_;
    }
    const ServiceConfig& config() const { return config_; }
    Metrics& metrics() { return metrics_; }

private:
    Answer route(const Request& request, std::function<void(Answer)>& done, bool& deferred);
    Reply screen(const Loaded& s, const Request& request);
    Reply search(const Loaded& s, const Params& params);
    Reply scan(const Loaded& s, const Request& request);
    Reply ownership(const Loaded& s, const Request& request);
    Reply entity(const Loaded& s, std::string_view id);
    Reply lists(const Loaded& s);
    Reply reload(bool wait, std::function<void(Answer)>& done, bool& deferred);
    nlohmann::json reload_json();
    void run_reload();
    void finish_reload(const Status& result, std::chrono::system_clock::time_point started);

    ServiceConfig config_;
    std::shared_ptr<const Normalizer> normalizer_;
    // A mutex rather than std::atomic<std::shared_ptr>: it is held for a pointer copy, uncontended
    // but for the swap, and ThreadSanitizer understands it (libstdc++ 12's lock bit it does not).
    mutable std::mutex current_mu_;
    std::shared_ptr<const Loaded> current_;
    Metrics metrics_;
    std::atomic<std::uint64_t> next_request_{0};
    std::uint64_t request_seed_ = 0;

    std::mutex reload_mu_;  // guards the fields below
    std::uint64_t versions_ = 0;
    bool reloading_ = false;
    std::thread reload_thread_;
    std::vector<std::function<void(Answer)>> waiters_;
    nlohmann::json last_reload_;  // null until a reload ran
};

// The OpenAPI document (docs/openapi.json, compiled in).
std::string_view openapi_document();

// Percent-decoding of a path segment, or of a query-string value with '+' as a space; nullopt
// for a bad escape.
std::optional<std::string> url_decode(std::string_view text, bool plus_is_space);
// The decoded parameters of a query string ("q=kim+sang&limit=5"); nullopt for a bad escape.
std::optional<Params> parse_params(std::string_view query);

}  // namespace cordon::service
