// The service's counters, read by GET /metrics in Prometheus' text format. Lock-free: every
// request adds to relaxed atomics; the exposition reads them as they are.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace cordon::service {

// The routes requests are counted under ("other" for an unknown path).
enum class Route : std::uint8_t {
    kScreen, kMatch, kSearch, kScan, kOwnership, kEntity, kLists, kReload, kHealthz, kReadyz, kMetrics, kOpenApi, kOther,
};
inline constexpr std::size_t kRouteCount = 13;
std::string_view route_name(Route r);

class Metrics {
public:
    // One answered request: its route, status and the time spent on it.
    void request(Route route, int status, double seconds);
    void screened(std::size_t parties, std::size_t matches);
    void reload(bool ok);

    // What the snapshot gauges read; set by the service when a snapshot is swapped in.
    struct Snapshot {
        std::uint64_t version = 0;
        std::uint64_t entities = 0;
        std::uint64_t names = 0;
        double loaded_at = 0;  // Unix seconds
    };

    // The exposition, with the snapshot gauges and whether a reload runs.
    std::string render(const Snapshot& snapshot, bool ready, bool reload_in_progress, double now) const;

    static constexpr std::array<double, 14> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                        0.025,  0.05,    0.1,    0.25,  0.5,   1,     2.5};
    // The statuses the service answers with; others are counted as "other".
    static constexpr std::array<int, 12> kStatuses = {200, 202, 400, 401, 403, 404, 405, 409, 413, 500, 503, 0};

private:
    struct PerRoute {
        std::array<std::atomic<std::uint64_t>, kStatuses.size()> by_status{};
        std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};  // last: +Inf only
        std::atomic<std::uint64_t> nanoseconds{0};
    };
    std::array<PerRoute, kRouteCount> routes_{};
    std::atomic<std::uint64_t> parties_{0}, matches_{0}, reloads_ok_{0}, reloads_failed_{0};
};

}  // namespace cordon::service
