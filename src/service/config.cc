#include "config.h"

#include <openssl/evp.h>

#include <boost/asio/ip/address.hpp>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace cordon::service {

namespace fs = std::filesystem;
using nlohmann::json;

std::array<unsigned char, 32> sha256(std::string_view text) {
    std::array<unsigned char, 32> out{};
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), out.data(), &size, EVP_sha256(), nullptr);
    return out;
}

std::string to_hex(const std::array<unsigned char, 32>& digest) {
    std::string out;
    for (unsigned char c : digest) out += fmt::format("{:02x}", c);
    return out;
}

bool is_loopback_host(std::string_view host) {
    if (host == "localhost") return true;
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(std::string(host), ec);
    return !ec && address.is_loopback();
}

namespace {

struct Reader {
    std::string file;

    Error error(std::string_view field, std::string_view message) const {
        return make_error(ErrorCode::kInvalidArgument, std::string(message), {file, 0, "", std::string(field)});
    }
    std::optional<Error> string(const json& j, std::string_view field, std::string& out) const {
        if (!j.is_string()) return error(field, "expected a string");
        out = j.get<std::string>();
        return std::nullopt;
    }
    std::optional<Error> count(const json& j, std::string_view field, std::uint64_t lo, std::uint64_t hi,
                               std::uint64_t& out) const {
        if (!j.is_number_integer() || (j.is_number_integer() && j.get<std::int64_t>() < 0) ||
            j.get<std::uint64_t>() < lo || j.get<std::uint64_t>() > hi) {
            return error(field, fmt::format("expected a whole number from {} to {}", lo, hi));
        }
        out = j.get<std::uint64_t>();
        return std::nullopt;
    }
};

std::optional<std::array<unsigned char, 32>> from_hex(std::string_view hex) {
    if (hex.size() != 64) return std::nullopt;
    std::array<unsigned char, 32> out{};
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < 32; ++i) {
        int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out[i] = static_cast<unsigned char>(hi * 16 + lo);
    }
    return out;
}

}  // namespace

Status read_config(const std::string& path, ServiceConfig& config) {
    std::ifstream in(path);
    if (!in) return make_error(ErrorCode::kIo, "cannot open the config file", {path, 0, "", ""});
    std::stringstream text;
    text << in.rdbuf();
    json j;
    try {
        j = json::parse(text.str());
    } catch (const json::parse_error& e) {
        return make_error(ErrorCode::kParse, e.what(), {path, 0, "", ""});  // "... at line 3, column 5: ..."
    }
    Reader r{path};
    if (!j.is_object()) return r.error("", "expected a JSON object");
    const fs::path base = fs::path(path).parent_path();
    auto resolve = [&](const std::string& p) {
        return fs::path(p).is_absolute() || base.empty() ? p : (base / p).string();
    };
    for (const auto& [key, value] : j.items()) {
        std::uint64_t n = 0;
        if (key == "host") {
            if (auto e = r.string(value, key, config.host)) return *e;
        } else if (key == "port") {
            if (auto e = r.count(value, key, 0, 65535, n)) return *e;
            config.port = static_cast<int>(n);
        } else if (key == "threads") {
            if (auto e = r.count(value, key, 0, 1024, n)) return *e;
            config.threads = static_cast<unsigned>(n);
        } else if (key == "data") {
            std::string dir;
            if (auto e = r.string(value, key, dir)) return *e;
            config.sources.data_dir = resolve(dir);
        } else if (key == "lists") {
            if (!value.is_array()) return r.error(key, "expected an array of list specs");
            config.sources.lists.clear();
            for (std::size_t i = 0; i < value.size(); ++i) {
                std::string spec;
                if (auto e = r.string(value[i], fmt::format("lists[{}]", i), spec)) return *e;
                ListSpec parsed = ListSpec::parse(spec);
                config.sources.lists.push_back(parsed.format.empty() ? resolve(parsed.path)
                                                                     : parsed.format + ":" + resolve(parsed.path));
            }
        } else if (key == "strict") {
            if (!value.is_boolean()) return r.error(key, "expected true or false");
            config.sources.options.strict = value.get<bool>();
        } else if (key == "api_keys") {
            if (!value.is_array()) return r.error(key, "expected an array of {name, sha256, roles}");
            config.api_keys.clear();
            for (std::size_t i = 0; i < value.size(); ++i) {
                const json& k = value[i];
                const std::string at = fmt::format("api_keys[{}]", i);
                if (!k.is_object()) return r.error(at, "expected an object {name, sha256, roles}");
                ApiKey key_entry;
                for (const auto& [field, v] : k.items()) {
                    const std::string where = at + "." + field;
                    if (field == "name") {
                        if (auto e = r.string(v, where, key_entry.name)) return *e;
                    } else if (field == "sha256") {
                        std::string hex;
                        if (auto e = r.string(v, where, hex)) return *e;
                        auto digest = from_hex(hex);
                        if (!digest) {
                            return r.error(where, "expected the 64 hex digits of the key's SHA-256 "
                                                  "(cordon hash-key prints them)");
                        }
                        key_entry.sha256 = *digest;
                    } else if (field == "roles") {
                        if (!v.is_array() || v.empty()) return r.error(where, "expected a list of roles: screen, admin");
                        for (const json& role : v) {
                            if (role == "screen") {
                                key_entry.roles |= kRoleScreen;
                            } else if (role == "admin") {
                                key_entry.roles |= kRoleAdmin;
                            } else {
                                return r.error(where, "unknown role " + role.dump() + " (roles: screen, admin)");
                            }
                        }
                    } else {
                        return r.error(where, "unknown field (fields: name, sha256, roles)");
                    }
                }
                if (key_entry.name.empty()) return r.error(at + ".name", "missing");
                if (key_entry.roles == 0) return r.error(at + ".roles", "missing");
                if (key_entry.sha256 == std::array<unsigned char, 32>{}) return r.error(at + ".sha256", "missing");
                config.api_keys.push_back(std::move(key_entry));
            }
        } else if (key == "log") {
            if (!value.is_object()) return r.error(key, "expected an object {query_names}");
            for (const auto& [field, v] : value.items()) {
                if (field != "query_names") return r.error("log." + field, "unknown field (fields: query_names)");
                if (!v.is_boolean()) return r.error("log.query_names", "expected true or false");
                config.log_query_names = v.get<bool>();
            }
        } else if (key == "limits") {
            if (!value.is_object()) return r.error(key, "expected an object");
            Limits& l = config.limits;
            for (const auto& [field, v] : value.items()) {
                const std::string where = "limits." + field;
                if (field == "max_body_bytes") {
                    if (auto e = r.count(v, where, 1024, 1ULL << 30, n)) return *e;
                    l.max_body_bytes = n;
                } else if (field == "max_batch") {
                    if (auto e = r.count(v, where, 1, 100000, n)) return *e;
                    l.max_batch = n;
                } else if (field == "max_name_bytes") {
                    if (auto e = r.count(v, where, 16, 1 << 20, n)) return *e;
                    l.max_name_bytes = n;
                } else if (field == "max_json_depth") {
                    if (auto e = r.count(v, where, 4, 512, n)) return *e;
                    l.max_json_depth = static_cast<int>(n);
                } else if (field == "max_limit") {
                    if (auto e = r.count(v, where, 1, 10000, n)) return *e;
                    l.max_limit = n;
                } else if (field == "min_threshold") {
                    if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1) {
                        return r.error(where, "expected a number from 0 to 1");
                    }
                    l.min_threshold = v.get<double>();
                } else {
                    return r.error(where, "unknown field (fields: max_body_bytes, max_batch, max_name_bytes, "
                                          "max_json_depth, max_limit, min_threshold)");
                }
            }
        } else {
            return r.error(key, "unknown field (fields: host, port, threads, data, lists, strict, api_keys, "
                                "log, limits)");
        }
    }
    return Ok{};
}

}  // namespace cordon::service
