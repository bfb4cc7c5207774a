#include "metrics.h"

#include <fmt/core.h>

namespace cordon::service {

std::string_view route_name(Route r) {
    switch (r) {
        case Route::kScreen: return "/v1/screen";
        case Route::kMatch: return "/match/{dataset}";
        case Route::kSearch: return "/v1/search";
        case Route::kScan: return "/v1/scan";
        case Route::kOwnership: return "/v1/ownership";
        case Route::kEntity: return "/v1/entities/{id}";
        case Route::kLists: return "/v1/lists";
        case Route::kReload: return "/v1/lists/reload";
        case Route::kHealthz: return "/healthz";
        case Route::kReadyz: return "/readyz";
        case Route::kMetrics: return "/metrics";
        case Route::kOpenApi: return "/openapi.json";
        case Route::kOther: return "other";
    }
    return "other";
}

void Metrics::request(Route route, int status, double seconds) {
    PerRoute& r = routes_[static_cast<std::size_t>(route)];
    std::size_t s = 0;
    while (kStatuses[s] != 0 && kStatuses[s] != status) ++s;
    r.by_status[s].fetch_add(1, std::memory_order_relaxed);
    std::size_t b = 0;
    while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
    r.buckets[b].fetch_add(1, std::memory_order_relaxed);
    r.nanoseconds.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

void Metrics::screened(std::size_t parties, std::size_t matches) {
    parties_.fetch_add(parties, std::memory_order_relaxed);
    matches_.fetch_add(matches, std::memory_order_relaxed);
}

void Metrics::reload(bool ok) { (ok ? reloads_ok_ : reloads_failed_).fetch_add(1, std::memory_order_relaxed); }

std::string Metrics::render(const Snapshot& snapshot, bool ready, bool reload_in_progress, double now) const {
    std::string out;
    auto line = [&](std::string_view text) {
        out += text;
        out += '\n';
    };
    line("# HELP cordon_http_requests_total HTTP requests answered, by route and status code.");
    line("# TYPE cordon_http_requests_total counter");
    for (std::size_t i = 0; i < kRouteCount; ++i) {
        const auto name = route_name(static_cast<Route>(i));
        for (std::size_t s = 0; s < kStatuses.size(); ++s) {
            const std::uint64_t n = routes_[i].by_status[s].load(std::memory_order_relaxed);
            if (n == 0) continue;
            const std::string code = kStatuses[s] == 0 ? "other" : std::to_string(kStatuses[s]);
            line(fmt::format("cordon_http_requests_total{{route=\"{}\",code=\"{}\"}} {}", name, code, n));
        }
    }
    line("# HELP cordon_http_request_duration_seconds Time from a request read to its answer ready, by route.");
    line("# TYPE cordon_http_request_duration_seconds histogram");
    for (std::size_t i = 0; i < kRouteCount; ++i) {
        const PerRoute& r = routes_[i];
        std::uint64_t cumulative = 0;
        std::array<std::uint64_t, kBuckets.size() + 1> counts{};
        for (std::size_t b = 0; b < counts.size(); ++b) counts[b] = r.buckets[b].load(std::memory_order_relaxed);
        std::uint64_t total = 0;
        for (std::uint64_t c : counts) total += c;
        if (total == 0) continue;
        const auto name = route_name(static_cast<Route>(i));
        for (std::size_t b = 0; b < kBuckets.size(); ++b) {
            cumulative += counts[b];
            line(fmt::format("cordon_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}", name,
                             kBuckets[b], cumulative));
        }
        line(fmt::format("cordon_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}", name, total));
        line(fmt::format("cordon_http_request_duration_seconds_sum{{route=\"{}\"}} {:.9f}", name,
                         static_cast<double>(r.nanoseconds.load(std::memory_order_relaxed)) / 1e9));
        line(fmt::format("cordon_http_request_duration_seconds_count{{route=\"{}\"}} {}", name, total));
    }
    line("# HELP cordon_screened_parties_total Names screened (POST /v1/screen, /match, /v1/search).");
    line("# TYPE cordon_screened_parties_total counter");
    line(fmt::format("cordon_screened_parties_total {}", parties_.load(std::memory_order_relaxed)));
    line("# HELP cordon_matches_total Matches returned.");
    line("# TYPE cordon_matches_total counter");
    line(fmt::format("cordon_matches_total {}", matches_.load(std::memory_order_relaxed)));
    line("# HELP cordon_reloads_total List reloads, by result.");
    line("# TYPE cordon_reloads_total counter");
    line(fmt::format("cordon_reloads_total{{result=\"ok\"}} {}", reloads_ok_.load(std::memory_order_relaxed)));
    line(fmt::format("cordon_reloads_total{{result=\"failed\"}} {}", reloads_failed_.load(std::memory_order_relaxed)));
    line("# HELP cordon_reload_in_progress 1 while a reload builds a new snapshot.");
    line("# TYPE cordon_reload_in_progress gauge");
    line(fmt::format("cordon_reload_in_progress {}", reload_in_progress ? 1 : 0));
    line("# HELP cordon_ready 1 once a snapshot of the lists serves.");
    line("# TYPE cordon_ready gauge");
    line(fmt::format("cordon_ready {}", ready ? 1 : 0));
    if (ready) {
        line("# HELP cordon_snapshot_version Serial number of the snapshot serving (1 for the first load).");
        line("# TYPE cordon_snapshot_version gauge");
        line(fmt::format("cordon_snapshot_version {}", snapshot.version));
        line("# HELP cordon_snapshot_entities Listed entities in the snapshot serving.");
        line("# TYPE cordon_snapshot_entities gauge");
        line(fmt::format("cordon_snapshot_entities {}", snapshot.entities));
        line("# HELP cordon_snapshot_names Listed names (with aliases) indexed in the snapshot serving.");
        line("# TYPE cordon_snapshot_names gauge");
        line(fmt::format("cordon_snapshot_names {}", snapshot.names));
        line("# HELP cordon_snapshot_age_seconds Seconds since the snapshot serving was loaded.");
        line("# TYPE cordon_snapshot_age_seconds gauge");
        line(fmt::format("cordon_snapshot_age_seconds {:.3f}", now - snapshot.loaded_at));
    }
    return out;
}

}  // namespace cordon::service
