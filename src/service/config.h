// The configuration of `cordon serve`: where it listens, which lists it serves, who may call it,
// what it logs and the request limits. Read from a JSON file (--config), overridden by the
// command line. docs/deployment.md describes every field.
//
//   {"host": "0.0.0.0", "port": 8080, "data": "/var/lib/cordon/data",
//    "api_keys": [{"name": "payments", "sha256": "9f86d0...", "roles": ["screen"]}],
//    "log": {"query_names": false}, "limits": {"max_batch": 1000}}
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/ingest.h"
#include "cordon/result.h"
#include "reply.h"

namespace cordon::service {

enum Role : std::uint8_t {
    kRoleScreen = 1,  // screen, match, search, entities, lists
    kRoleAdmin = 2,   // reload
};

struct ApiKey {
    std::string name;                      // who it belongs to; logged with each request
    std::array<unsigned char, 32> sha256{};  // of the key; the key itself is never stored
    std::uint8_t roles = 0;                // Role bits
};

struct ServiceConfig {
    std::string host = "127.0.0.1";
    int port = 8080;
    unsigned threads = 0;  // 0: one per core
    ListSources sources;   // lists or data folder, strict
    std::vector<ApiKey> api_keys;
    bool log_query_names = false;  // names are personal data: off unless asked for
    Limits limits;
};

// Reads `path` over the defaults in `config`. Errors name the file and the field
// ("cordon.json field api_keys[1].sha256: expected 64 hex digits"); relative list paths are
// taken from the file's folder.
Status read_config(const std::string& path, ServiceConfig& config);

// SHA-256 of `text` (what an api_keys entry stores) and its lowercase hex.
std::array<unsigned char, 32> sha256(std::string_view text);
std::string to_hex(const std::array<unsigned char, 32>& digest);

// True for an address only this machine can reach (127.0.0.0/8, ::1, "localhost").
bool is_loopback_host(std::string_view host);

}  // namespace cordon::service
