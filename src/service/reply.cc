#include "reply.h"

#include <charconv>
#include <cmath>
#include <fmt/core.h>

namespace cordon::service {

using nlohmann::json;

Reply error_reply(int status, std::string_view code, std::string_view detail) {
    Reply r;
    r.status = status;
    // The detail may quote the caller's bytes (a parse error's "last read"): invalid UTF-8 is replaced.
    r.body = json{{"error", code}, {"detail", detail}}.dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
}

Reply json_reply(const json& body, int status) {
    Reply r;
    r.status = status;
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
}

int json_depth(std::string_view text, int stop_above) {
    int depth = 0, deepest = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
            if (deepest > stop_above) return deepest;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

std::optional<json> parse_body(std::string_view body, const Limits& limits, Reply& error) {
    if (json_depth(body, limits.max_json_depth) > limits.max_json_depth) {
        error = error_reply(400, "bad_request",
                            fmt::format("JSON nested deeper than {} levels", limits.max_json_depth));
        return std::nullopt;
    }
    try {
        return json::parse(body);
    } catch (const json::parse_error& e) {
        // e.what() reads "[json.exception.parse_error.101] parse error at line 1, column 9: ...".
        std::string what = e.what();
        if (auto at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
        error = error_reply(400, "bad_request", "malformed JSON: " + what);
        return std::nullopt;
    }
}

std::optional<json> parse_object_body(std::string_view body, const Limits& limits, std::string_view shape,
                                      Reply& error) {
    auto parsed = parse_body(body, limits, error);
    if (parsed && !parsed->is_object()) {
        error = error_reply(400, "bad_request", "expected a JSON object" + std::string(shape));
        return std::nullopt;
    }
    return parsed;
}

std::optional<std::string> read_number(const std::string& text, double lo, double hi, std::string_view what,
                                       double& out) {
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || v < lo || v > hi) {
        return fmt::format("{}: expected a number from {} to {}, got '{}'", what, lo, hi, text);
    }
    out = v;
    return std::nullopt;
}

std::optional<std::string> read_count(const std::string& text, std::size_t lo, std::size_t hi,
                                      std::string_view what, std::size_t& out) {
    std::size_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) {
        return fmt::format("{}: expected a whole number from {} to {}, got '{}'", what, lo, hi, text);
    }
    out = v;
    return std::nullopt;
}

}  // namespace cordon::service
