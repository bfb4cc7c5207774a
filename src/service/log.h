// Structured logs: one JSON object per line on stderr, with the time, the level and the event.
//
//   log_event("info", "listening", {{"host", "127.0.0.1"}, {"port", 8080}});
//   {"event":"listening","host":"127.0.0.1","level":"info","port":8080,"time":"2026-11-30T23:01:02.123Z"}
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace cordon::service {

// ISO 8601 UTC with milliseconds.
std::string iso_time(std::chrono::system_clock::time_point t);

// Writes `fields` plus time, level and event as one line, whole (lines from several threads never
// interleave).
void log_event(std::string_view level, std::string_view event, nlohmann::json fields = nlohmann::json::object());

// Writes `line` (one JSON object and its newline, built by the caller) whole.
void log_line(std::string_view line);

}  // namespace cordon::service
