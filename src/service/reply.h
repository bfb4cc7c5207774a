// What a route hands back to the HTTP layer, the request limits, and the JSON body reader every
// route shares. The routes are plain functions of (request parts) -> Reply, so they are tested
// without a socket; http_server.cc puts them on the wire.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cordon::service {

struct Limits {
    std::size_t max_body_bytes = 1 << 20;  // request body
    std::size_t max_batch = 1000;          // parties in one POST /v1/screen, queries in one /match
    std::size_t max_name_bytes = 1024;     // one name (UTF-8 bytes)
    int max_json_depth = 16;               // nesting of arrays and objects in a body
    std::size_t max_limit = 100;           // the `limit` a request may ask for
    // The lowest threshold (yente: cutoff) a request may ask for: below it nearly every listed name
    // is a candidate, and one name costs tens of milliseconds instead of tens of microseconds.
    double min_threshold = 0.5;
};

// Decoded query-string parameters (?limit=5&threshold=0.7); the last one wins when repeated.
using Params = std::map<std::string, std::string, std::less<>>;

struct Reply {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;  // beside Content-Type
    // For the request log and the metrics.
    std::size_t parties = 0;           // names screened
    std::size_t matches = 0;           // matches returned
    std::vector<std::string> names;    // the names screened (logged only when configured)
};

// {"error": code, "detail": detail} with that status. Codes: bad_request, unauthorized,
// forbidden, not_found, method_not_allowed, payload_too_large, not_ready.
Reply error_reply(int status, std::string_view code, std::string_view detail);

// A JSON reply of `body` (dumped).
Reply json_reply(const nlohmann::json& body, int status = 200);

// Reads a request body as JSON under the limits; nullopt with `error` set to the 400 (malformed
// JSON with the byte offset, nesting deeper than max_json_depth) when it cannot.
std::optional<nlohmann::json> parse_body(std::string_view body, const Limits& limits, Reply& error);
// The same for a route whose body is a JSON object; else 400 "expected a JSON object" + `shape`.
std::optional<nlohmann::json> parse_object_body(std::string_view body, const Limits& limits, std::string_view shape,
                                                Reply& error);

// The deepest nesting of arrays and objects in `text`, read without parsing (strings skipped);
// stops counting past `stop_above`.
int json_depth(std::string_view text, int stop_above);

// A numeric query parameter or body field within [lo, hi]; an error detail naming `what` when
// it is not one.
std::optional<std::string> read_number(const std::string& text, double lo, double hi, std::string_view what,
                                       double& out);
std::optional<std::string> read_count(const std::string& text, std::size_t lo, std::size_t hi,
                                      std::string_view what, std::size_t& out);

}  // namespace cordon::service
