#include "ownership.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/core.h>
#include <functional>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "cordon/ingest.h"

namespace cordon::graph {

namespace {

using nlohmann::json;

constexpr double kEpsilon = 1e-9;
constexpr std::size_t kMaxPaths = 16;  // per party: enough to show why, not every permutation


// "51", "51%", "51.5 %", "51,5": a number from 0 to 100.
std::optional<double> parse_percent(std::string text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '%')) text.pop_back();
    while (!text.empty() && text.front() == ' ') text.erase(0, 1);
    std::replace(text.begin(), text.end(), ',', '.');
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || v < 0 ||
        v > 100) {
        return std::nullopt;
    }
    return v;
}

std::string percent_text(double v) {
    std::string s = fmt::format("{:.2f}", v);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s + "%";
}

struct Record {
    json value;
    Location where;
};

}  // namespace

std::string_view ownership_status_name(OwnershipStatus s) {
    switch (s) {
        case OwnershipStatus::kListed: return "listed";
        case OwnershipStatus::kBlocked: return "blocked";
        case OwnershipStatus::kUndetermined: return "undetermined";
        case OwnershipStatus::kClear: return "clear";
    }
    return "clear";
}

const PartyVerdict* OwnershipReport::find(std::string_view id) const {
    for (const PartyVerdict& p : parties) {
        if (p.id == id) return &p;
    }
    return nullptr;
}

namespace {
Result<OwnershipStructure> parse_records(const std::vector<Record>& records);
}  // namespace

Result<OwnershipStructure> parse_ownership_entities(const json& entities, const std::string& source) {
    if (!entities.is_array()) {
        return make_error(ErrorCode::kParse, "expected a JSON array of FollowTheMoney entities", {source, 0, "", ""});
    }
    std::vector<Record> records;
    records.reserve(entities.size());
    for (std::size_t i = 0; i < entities.size(); ++i) {
        records.push_back({entities[i], {source, 0, fmt::format("[{}]", i), ""}});
    }
    return parse_records(records);
}

Result<OwnershipStructure> parse_ownership(std::string_view text, const std::string& source) {
    std::vector<Record> records;
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] == '[') {
        json all = json::parse(text, nullptr, false);
        if (all.is_discarded()) {
            return make_error(ErrorCode::kParse, "expected a JSON array of FollowTheMoney entities", {source, 0, "", ""});
        }
        return parse_ownership_entities(all, source);
    } else {
        std::size_t line_no = 0;
        std::size_t at = 0;
        while (at <= text.size()) {
            const std::size_t end = std::min(text.find('\n', at), text.size());
            const std::string_view line = text.substr(at, end - at);
            ++line_no;
            at = end + 1;
            if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
                if (end == text.size()) break;
                continue;
            }
            json j = json::parse(line, nullptr, false);
            if (j.is_discarded()) return make_error(ErrorCode::kParse, "invalid JSON", {source, line_no, "", ""});
            records.push_back({std::move(j), {source, line_no, "", ""}});
            if (end == text.size()) break;
        }
    }
    return parse_records(records);
}

namespace {

Result<OwnershipStructure> parse_records(const std::vector<Record>& records) {
    OwnershipStructure out;
    std::unordered_map<std::string, std::size_t> party_at;
    std::vector<const Record*> ownerships;
    auto strings = [](const json& props, std::string_view key) {
        std::vector<std::string> values;
        auto it = props.find(key);
        if (it == props.end()) return values;
        if (it->is_string()) values.push_back(it->get<std::string>());
        if (it->is_array()) {
            for (const json& v : *it) {
                if (v.is_string() && !v.get<std::string>().empty()) values.push_back(v.get<std::string>());
            }
        }
        return values;
    };
    for (const Record& r : records) {
        auto err = [&](std::string_view field, std::string message) {
            Location where = r.where;
            where.field = std::string(field);
            return make_error(ErrorCode::kParse, std::move(message), where);
        };
        if (!r.value.is_object()) return err("", "expected a JSON object");
        if (!r.value.contains("id") || !r.value["id"].is_string() || r.value["id"].get<std::string>().empty()) {
            return err("id", "expected a non-empty string");
        }
        if (!r.value.contains("schema") || !r.value["schema"].is_string()) return err("schema", "expected a string");
        const json empty = json::object();
        const json& props = r.value.contains("properties") ? r.value["properties"] : empty;
        if (!props.is_object()) return err("properties", "expected an object");
        const std::string id = r.value["id"].get<std::string>();
        const std::string schema = r.value["schema"].get<std::string>();
        if (schema == "Ownership") {
            ownerships.push_back(&r);
            continue;
        }
        auto s = ftm_party_schema(schema);
        if (!s) continue;  // addresses, sanctions, other links: not part of the ownership question
        if (party_at.count(id) != 0) return err("id", "repeated id " + id);
        OwnedParty p;
        p.id = id;
        p.schema = *s;
        for (std::string_view key : {"name", "alias", "previousName"}) {
            for (std::string& n : strings(props, key)) p.names.push_back(std::move(n));
        }
        for (const std::string& d : strings(props, "birthDate")) {
            if (auto date = parse_partial_date(d)) {
                p.birth_date = *date;
                break;
            }
        }
        for (std::string_view key : {"nationality", "country", "jurisdiction"}) {
            auto values = strings(props, key);
            if (!values.empty() && p.country.empty()) p.country = values.front();
        }
        p.where = r.where;
        party_at.emplace(id, out.parties.size());
        out.parties.push_back(std::move(p));
    }
    for (const Record* r : ownerships) {
        const json& props = r->value.contains("properties") ? r->value["properties"] : json::object();
        auto err = [&](std::string_view field, std::string message) {
            Location where = r->where;
            where.field = std::string(field);
            return make_error(ErrorCode::kParse, std::move(message), where);
        };
        auto owners = strings(props, "owner");
        auto assets = strings(props, "asset");
        if (owners.empty()) return err("owner", "an Ownership needs an owner");
        if (assets.empty()) return err("asset", "an Ownership needs an asset");
        for (const auto& o : owners) {
            if (party_at.count(o) == 0) return err("owner", "no party with the id " + o + " in the input");
        }
        for (const auto& a : assets) {
            if (party_at.count(a) == 0) return err("asset", "no party with the id " + a + " in the input");
        }
        std::optional<double> percent;
        auto shares = strings(props, "percentage");
        if (!shares.empty()) {
            percent = parse_percent(shares.front());
            if (!percent) return err("percentage", "expected a number from 0 to 100, found \"" + shares.front() + "\"");
        }
        for (const auto& o : owners) {
            for (const auto& a : assets) {
                out.edges.push_back({r->value["id"].get<std::string>(), o, a, percent, r->where});
            }
        }
    }
    return out;
}

}  // namespace

OwnershipReport assess_ownership(const OwnershipStructure& structure, const Screener& screener,
                                 const OwnershipOptions& options) {
    const std::size_t n = structure.parties.size();
    std::unordered_map<std::string_view, std::size_t> at;
    for (std::size_t i = 0; i < n; ++i) at.emplace(structure.parties[i].id, i);
    // Owners of each party: (owner index, edge index).
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> owners(n);
    for (std::size_t e = 0; e < structure.edges.size(); ++e) {
        const auto& edge = structure.edges[e];
        owners[at.at(edge.asset)].emplace_back(at.at(edge.owner), e);
    }

    OwnershipReport report;
    report.parties.resize(n);
    std::vector<OwnershipStatus> status(n, OwnershipStatus::kClear);
    const Snapshot& snapshot = screener.snapshot();
    ScreenOptions screen_options;
    screen_options.threshold = options.threshold;
    screen_options.limit = 1;
    for (std::size_t i = 0; i < n; ++i) {
        const OwnedParty& p = structure.parties[i];
        PartyVerdict& v = report.parties[i];
        v.id = p.id;
        v.name = p.names.empty() ? p.id : p.names.front();
        // A party submitted under a listed entity's own id is that entity.
        if (const Entity* e = snapshot.find(p.id)) {
            Match m;
            m.entity = e;
            m.ordinal = snapshot.ordinal_of(*e);
            m.score = 1.0;
            v.listing = m;
        }
        for (const std::string& name : p.names) {
            if (v.listing && v.listing->score >= 1.0) break;
            Query q;
            q.name = name;
            q.schema = p.schema;
            q.birth_date = p.birth_date;
            q.country = p.country;
            auto matches = screener.screen(q, screen_options);
            if (!matches.empty() && (!v.listing || matches.front().score > v.listing->score)) {
                v.listing = std::move(matches.front());
            }
        }
        if (v.listing) status[i] = OwnershipStatus::kListed;
        if (p.names.empty() && !v.listing) v.notes.push_back("no name given: screened by its id only");
    }

    auto is_blocked = [&](std::size_t i) {
        return status[i] == OwnershipStatus::kListed || status[i] == OwnershipStatus::kBlocked;
    };
    // Known shares held by owners for which `counts` holds, and whether such an owner's share is unknown.
    struct Shares {
        double counted = 0;       // known shares of the owners that count
        double known_total = 0;   // known shares of all owners
        bool counted_unknown = false;
    };
    auto shares_of = [&](std::size_t i, const std::function<bool(std::size_t)>& counts) {
        Shares s;
        for (const auto& [o, e] : owners[i]) {
            const auto& pct = structure.edges[e].percent;
            if (pct) s.known_total += *pct;
            if (!counts(o)) continue;
            if (pct) {
                s.counted += *pct;
            } else {
                s.counted_unknown = true;
            }
        }
        return s;
    };
    // Blocked: the least set holding the listed parties and every party whose blocked owners hold
    // the blocking share (a fixpoint; cycles end it like anything else).
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < n; ++i) {
            if (is_blocked(i)) continue;
            if (shares_of(i, is_blocked).counted + kEpsilon >= options.blocking_share) {
                status[i] = OwnershipStatus::kBlocked;
                changed = true;
            }
        }
    }
    // Undetermined: blocked in the most the missing facts allow. Owners blocked or undetermined
    // count; an unknown share counts as all that the known shares leave; a sum over 100 % makes
    // any blocked share decisive.
    std::vector<bool> possible(n);
    for (std::size_t i = 0; i < n; ++i) possible[i] = is_blocked(i);
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < n; ++i) {
            if (possible[i]) continue;
            Shares s = shares_of(i, [&](std::size_t o) { return possible[o]; });
            double most = s.counted;
            if (s.counted_unknown) most += std::max(0.0, 100 - s.known_total);
            const bool inconsistent = s.known_total > 100 + kEpsilon && (s.counted > 0 || s.counted_unknown);
            if (most + kEpsilon >= options.blocking_share || inconsistent) {
                possible[i] = true;
                changed = true;
            }
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (possible[i] && !is_blocked(i)) status[i] = OwnershipStatus::kUndetermined;
    }

    // Verdicts: shares, holdings, notes and paths.
    for (std::size_t i = 0; i < n; ++i) {
        PartyVerdict& v = report.parties[i];
        v.status = status[i];
        Shares s = shares_of(i, is_blocked);
        v.blocked_share = s.counted;
        for (const auto& [o, e] : owners[i]) {
            const auto& edge = structure.edges[e];
            if (!edge.percent) {
                // file:line for JSON lines, "entities[12]" for an array
                const std::string read_at = edge.where.line > 0 ? fmt::format("{}:{}", edge.where.file, edge.where.line)
                                                           : edge.where.file + edge.where.path;
                v.notes.push_back(fmt::format("the share of {} ({}) is not given ({})", report.parties[o].name,
                                              edge.owner, read_at));
            }
            if (possible[o]) v.held_by.push_back({edge.owner, edge.percent, status[o]});
        }
        std::sort(v.held_by.begin(), v.held_by.end(),
                  [](const Holding& a, const Holding& b) { return a.percent.value_or(-1) > b.percent.value_or(-1); });
        if (s.known_total > 100 + kEpsilon) {
            v.notes.push_back(fmt::format("the shares given add up to {}, over 100%", percent_text(s.known_total)));
        }
        if (v.status == OwnershipStatus::kUndetermined) {
            v.notes.push_back(fmt::format(
                "blocked owners hold {} known; the shares not given (or over 100%) could make it {} or more",
                percent_text(s.counted), percent_text(options.blocking_share)));
        }
    }
    // Paths from a listed party down to each blocked or undetermined one, through owners that are
    // themselves blocked or undetermined; a party already on the path ends it (cycles).
    for (std::size_t i = 0; i < n; ++i) {
        PartyVerdict& v = report.parties[i];
        if (v.status != OwnershipStatus::kBlocked && v.status != OwnershipStatus::kUndetermined) continue;
        std::vector<std::size_t> chain{i};
        std::vector<std::string> steps;
        std::function<void(std::size_t)> walk = [&](std::size_t x) {
            if (v.paths.size() >= kMaxPaths) return;
            for (const auto& [o, e] : owners[x]) {
                if (!possible[o] || std::find(chain.begin(), chain.end(), o) != chain.end()) continue;
                const auto& edge = structure.edges[e];
                steps.push_back(fmt::format("{} ({}) holds {} of {} ({})", report.parties[o].name, edge.owner,
                                            edge.percent ? percent_text(*edge.percent) : "an unknown share",
                                            report.parties[x].name, edge.asset));
                chain.push_back(o);
                if (status[o] == OwnershipStatus::kListed) {
                    v.paths.emplace_back(steps.rbegin(), steps.rend());
                } else {
                    walk(o);
                }
                chain.pop_back();
                steps.pop_back();
            }
        };
        walk(i);
    }

    // Cycles, named once each (strongly connected components of more than one party, or a party
    // that owns itself).
    std::vector<int> index(n, -1), low(n, 0);
    std::vector<bool> on_stack(n, false);
    std::vector<std::size_t> stack;
    int counter = 0;
    std::vector<std::vector<std::size_t>> holds(n);  // owner -> assets
    for (const auto& edge : structure.edges) holds[at.at(edge.owner)].push_back(at.at(edge.asset));
    std::function<void(std::size_t)> connect = [&](std::size_t x) {
        index[x] = low[x] = counter++;
        stack.push_back(x);
        on_stack[x] = true;
        for (std::size_t y : holds[x]) {
            if (index[y] < 0) {
                connect(y);
                low[x] = std::min(low[x], low[y]);
            } else if (on_stack[y]) {
                low[x] = std::min(low[x], index[y]);
            }
        }
        if (low[x] != index[x]) return;
        std::vector<std::size_t> component;
        std::size_t y;
        do {
            y = stack.back();
            stack.pop_back();
            on_stack[y] = false;
            component.push_back(y);
        } while (y != x);
        const bool self = std::find(holds[x].begin(), holds[x].end(), x) != holds[x].end();
        if (component.size() > 1 || self) {
            std::string names;
            for (auto it = component.rbegin(); it != component.rend(); ++it) {
                names += (names.empty() ? "" : ", ") + report.parties[*it].name;
            }
            report.warnings.push_back("ownership cycle among " + names +
                                      ": shares held around it count once, as given");
        }
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (index[i] < 0) connect(i);
    }
    return report;
}

json ownership_json(const OwnershipReport& report) {
    json parties = json::array();
    for (const PartyVerdict& v : report.parties) {
        json listing = nullptr;
        if (v.listing) {
            const Entity& e = *v.listing->entity;
            json programs = json::array();
            for (const auto& p : e.programs) programs.push_back(p.value);
            listing = {{"entity_id", e.id},
                       {"name", e.primary_name() ? e.primary_name()->full : ""},
                       {"score", std::round(v.listing->score * 1000) / 1000},
                       {"source", e.source},
                       {"programs", programs}};
        }
        json held_by = json::array();
        for (const Holding& h : v.held_by) {
            held_by.push_back({{"owner", h.owner},
                               {"percent", h.percent ? json(*h.percent) : json(nullptr)},
                               {"owner_status", ownership_status_name(h.owner_status)}});
        }
        parties.push_back({{"id", v.id},
                           {"name", v.name},
                           {"status", ownership_status_name(v.status)},
                           {"blocked_share", std::round(v.blocked_share * 100) / 100},
                           {"listing", listing},
                           {"held_by", held_by},
                           {"paths", v.paths},
                           {"notes", v.notes}});
    }
    return {{"parties", parties}, {"warnings", report.warnings}};
}

}  // namespace cordon::graph
