#include "log.h"

#include <unistd.h>

#include <ctime>
#include <fmt/core.h>
#include <mutex>

namespace cordon::service {

std::string iso_time(std::chrono::system_clock::time_point t) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

void log_event(std::string_view level, std::string_view event, nlohmann::json fields) {
    if (!fields.is_object()) fields = nlohmann::json::object();
    fields["time"] = iso_time(std::chrono::system_clock::now());
    fields["level"] = level;
    fields["event"] = event;
    std::string line = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    line += '\n';
    log_line(line);
}

void log_line(std::string_view line) {
    static std::mutex mu;
    std::lock_guard lock(mu);
    const char* p = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        const ssize_t n = ::write(STDERR_FILENO, p, left);
        if (n <= 0) break;  // nowhere to log to: the request still gets its answer
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

}  // namespace cordon::service
