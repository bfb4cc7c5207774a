// The JSON of screening, one format for every front end: a query (a batch line of `cordon screen
// --batch`, a party of POST /v1/screen) in, a match with its explanation out, and an entity with
// the provenance of each fact.
//
//   Query q;
//   if (auto err = parse_query(R"({"id":"c-17","name":"Kim Sang-man"})", q)) fail(*err);
//   OutBuffer buf;  JsonLineWriter w(buf);
//   write_screen_result(w, q.id, screener.screen(q, {}));  // {"id":"c-17","matches":[...]}
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <simdjson.h>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/entity.h"
#include "cordon/scan.h"
#include "cordon/screener.h"
#include "json_line_writer.h"

namespace cordon::api {

// Reads the query fields of a JSON object: id (string or number), name (string, required unless
// identifiers are given), schema, birth_date and country (strings or null), identifiers (an array
// of {"type", "value", "country"?, "asset"?}; type as parse_id_type reads it). Other fields are left to the caller. Returns
// the error, naming the field ("field birth_date: not a date: 1965-13"), when one is invalid.
std::optional<std::string> query_from_json(const nlohmann::json& object, Query& q);

// One batch line: a JSON object read by query_from_json.
std::optional<std::string> parse_query(std::string_view line, Query& q);

// The common batch line (string or null fields among id, name, schema, birth_date and country;
// other fields whose values are strings, nulls or arrays of those), read with simdjson's
// On-Demand parser. False for anything else (lines with identifiers among them), which parse_query then reads: its answers and
// messages stay the reference. `line` must have simdjson::SIMDJSON_PADDING bytes of capacity
// past its end.
bool parse_query_fast(simdjson::ondemand::parser& parser, const std::string& line, Query& q);

// A match as a JSON object: entity_id, score, name, matched_name, matched_name_kind, schema,
// source, programs, explanation. Scores are rounded to 3 decimals, weights to 2.
nlohmann::json match_json(const Match& m);
nlohmann::json explanation_json(const Explanation& ex);

// A mention found in free text (cordon scan, POST /v1/scan): the fields of match_json with the
// span, "start" and "end" in characters (code points) of the text and "text" the words matched.
nlohmann::json mention_json(const Mention& m);

// The same objects written straight into a buffer (the keys of one object, without its braces);
// the bytes are those of match_json(m).dump().
void write_match(JsonLineWriter& w, const Match& m);
void write_explanation(JsonLineWriter& w, const Explanation& ex);

// One screened query: {"elapsed_us"?, "error"?, "id", "matches": [...], "warnings"?: [...]}
// without a newline; the optional fields only when `elapsed_us` is given, `error` is not empty or
// `warnings` holds some (identifier_warnings: invalid identifiers of the query).
void write_screen_result(JsonLineWriter& w, std::string_view id, const std::vector<Match>& matches,
                         const double* elapsed_us = nullptr, std::string_view error = {},
                         const std::vector<std::string>* warnings = nullptr);

// The whole listing, each fact with where it came from ({"file","line","path","field"}).
nlohmann::json entity_json(const Entity& e, const SourceList* list);

}  // namespace cordon::api
