// cordon: screen names against sanctions lists from the command line.
//
// Exit status (like grep): 0 no match, 1 at least one match, 2 usage error, 3 a list failed to
// load, 4 a query in the input was rejected (malformed JSON line, bad field).
#include <sys/resource.h>
#include <unistd.h>

#include <openssl/rand.h>

#include <CLI/CLI.hpp>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fmt/core.h>
#include <fstream>
#include <future>
#include <iterator>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <simdjson.h>
#include <string>
#include <thread>
#include <vector>

#include "cordon/country.h"
#include "cordon/entity.h"
#include "cordon/ingest.h"
#include "cordon/scan.h"
#include "cordon/screener.h"
#include "config.h"
#include "http_server.h"
#include "log.h"
#include "ownership.h"
#include "relations.h"
#include "screen_json.h"
#include "service.h"

namespace {

using cordon::Match;
using cordon::Query;
using cordon::Screener;
using cordon::api::explanation_json;
using cordon::api::JsonLineWriter;
using cordon::api::match_json;
using cordon::ScreenOptions;
using nlohmann::json;

constexpr int kExitNoMatch = 0;
constexpr int kExitMatch = 1;
constexpr int kExitUsage = 2;
constexpr int kExitLoad = 3;
constexpr int kExitInput = 4;

#ifndef CORDON_DEFAULT_DATA_DIR
#define CORDON_DEFAULT_DATA_DIR "data"
#endif

struct ListOptions {
    std::vector<std::string> lists;
    std::string data_dir;
    bool strict = false;
};

void add_list_options(CLI::App* app, ListOptions& o) {
    app->add_option("--list", o.lists,
                    "Screen against this list file instead of the bundled set (repeatable; "
                    "FORMAT:PATH with FORMAT one of ofac-csv, ofac-xml, ofac-enhanced-xml, un-xml, "
                    "ftm-json, custom-csv, "
                    "or PATH alone to detect it)")
        ->allow_extra_args(false);  // one file per --list, so that names can follow it
    app->add_option("--data", o.data_dir, "Folder of lists to load (default: the bundled data/)");
    app->add_flag("--strict", o.strict, "Refuse a list with any bad record instead of skipping it");
}

std::string default_data_dir() {
    if (const char* env = std::getenv("CORDON_DATA")) return env;
    // Beside the binary's source tree when run from a build; else ./data.
    std::ifstream probe(std::string(CORDON_DEFAULT_DATA_DIR) + "/README.md");
    return probe ? CORDON_DEFAULT_DATA_DIR : "data";
}

// Loads the lists the options name; prints what it loaded (and any warnings) to stderr.
std::shared_ptr<const cordon::Snapshot> load(const ListOptions& o, bool quiet) {
    auto start = std::chrono::steady_clock::now();
    cordon::ListSources sources;
    sources.lists = o.lists;
    sources.data_dir = o.data_dir.empty() ? default_data_dir() : o.data_dir;
    sources.options.strict = o.strict;
    auto loaded = cordon::load_sources(sources);
    if (!loaded) {
        std::cerr << "cordon: " << loaded.error().to_string() << "\n";
        return nullptr;
    }
    std::vector<cordon::SourceList> lists = std::move(*loaded);
    std::size_t entities = 0;
    for (const auto& l : lists) entities += l.entities.size();
    auto snap = std::make_shared<const cordon::Snapshot>(std::move(lists));
    if (!quiet) {
        auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        std::cerr << fmt::format("cordon: loaded {} entities from {} lists in {:.0f} ms\n", entities,
                                 snap->lists().size(), ms);
    }
    return snap;
}

std::string short_explanation(const cordon::Explanation& ex) {
    std::string s;
    for (const auto& p : ex.name.pairs) {
        if (!s.empty()) s += ", ";
        s += p.query == p.listed ? p.query
                                 : fmt::format("{}~{} {}", p.query, p.listed, cordon::match_method_name(p.method));
    }
    for (const auto& t : ex.name.unmatched_query) s += ", -" + t;
    for (const auto& t : ex.name.unmatched_listed) s += ", +" + t;
    for (const auto& f : ex.factors) s += fmt::format(", {} {:+.2f}", f.name, f.delta);
    for (const auto& i : ex.identifiers) {
        if (!s.empty()) s += ", ";
        s += fmt::format("{} {} = listed {} ({}, {})", cordon::id_type_name(i.type), i.query, i.listed, i.how,
                         cordon::id_check_name(i.check));
    }
    return s;
}

void print_table(const std::string& query, const std::vector<Match>& matches) {
    std::cout << fmt::format("{}: {} match{}\n", query, matches.size(), matches.size() == 1 ? "" : "es");
    if (matches.empty()) return;
    std::cout << fmt::format("  {:<6} {:<20} {:<13} {:<40} {}\n", "score", "entity", "schema", "matched name", "programs");
    for (const Match& m : matches) {
        const auto& e = *m.entity;
        std::string programs;
        for (const auto& p : e.programs) programs += (programs.empty() ? "" : " ") + p.value;
        std::string name = e.names[m.name_index].full;
        if (m.name_index != 0 && e.primary_name()) name += " (of " + e.primary_name()->full + ")";
        std::cout << fmt::format("  {:<6.3f} {:<20} {:<13} {:<40} {}\n", m.score, e.id,
                                 cordon::schema_name(e.schema), name, programs);
        std::cout << fmt::format("         why: {}\n", short_explanation(m.explanation));
        if (!m.linked.empty()) {
            std::string linked;
            for (const auto& l : m.linked) {
                linked += fmt::format("{}{} {} {}", linked.empty() ? "" : ", ", l.outgoing ? "->" : "<-", l.entity->id,
                                      l.entity->primary_name() ? l.entity->primary_name()->full : "");
            }
            std::cout << fmt::format("         linked: {}\n", linked);
        }
    }
}

int run_batch(const Screener& screener, const cordon::graph::RelationIndex& relations, const std::string& path,
              const ScreenOptions& options,
              unsigned threads, bool timing) {
    std::ifstream file;
    std::istream* in = &std::cin;
    std::string name = "<stdin>";
    if (path != "-") {
        file.open(path);
        if (!file) {
            std::cerr << "cordon: cannot open batch file " << path << "\n";
            return kExitUsage;
        }
        in = &file;
        name = path;
    }
    const bool tty = isatty(STDERR_FILENO) != 0;
    constexpr std::size_t kBlock = 4096;
    std::size_t line_no = 0;
    std::size_t total_done = 0;
    bool any_match = false;
    bool any_error = false;
    std::string line;
    std::vector<Query> queries;
    std::vector<std::size_t> lines;
    std::vector<std::string> errors;  // per query slot: empty or the error
    cordon::api::OutBuffer out;
    simdjson::ondemand::parser json_parser;
    // Process CPU time from here on: the batch alone, loading excluded (reported with --timing).
    auto cpu_seconds = [] {
        rusage u{};
        getrusage(RUSAGE_SELF, &u);
        return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
               static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
    };
    const double cpu_start = cpu_seconds();
    while (*in) {
        queries.clear();
        lines.clear();
        errors.clear();
        while (queries.size() < kBlock && std::getline(*in, line)) {
            ++line_no;
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            Query q;
            line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
            std::optional<std::string> err;
            if (!cordon::api::parse_query_fast(json_parser, line, q)) err = cordon::api::parse_query(line, q);
            if (err) {
                std::cerr << fmt::format("cordon: {}:{}: {}\n", name, line_no, *err);
                any_error = true;
                q = Query{};  // screened as an empty name: no matches
            }
            queries.push_back(std::move(q));
            lines.push_back(line_no);
            errors.push_back(err.value_or(""));
        }
        if (queries.empty()) break;
        std::vector<double> elapsed(queries.size(), 0);
        std::vector<std::vector<Match>> results;
        if (timing) {
            // One query at a time so that each is timed alone.
            results.resize(queries.size());
            for (std::size_t i = 0; i < queries.size(); ++i) {
                auto t0 = std::chrono::steady_clock::now();
                results[i] = screener.screen(queries[i], options);
                elapsed[i] = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
            }
        } else {
            auto progress = [&](std::size_t done) {
                std::cerr << fmt::format("\rcordon: screened {} names", total_done + done) << std::flush;
            };
            results = screener.screen_batch(queries, options, threads,
                                            tty ? std::function<void(std::size_t)>(progress) : nullptr);
        }
        total_done += queries.size();
        for (auto& matches : results) cordon::graph::attach_links(matches, relations);
        out.clear();
        JsonLineWriter w(out);
        for (std::size_t i = 0; i < queries.size(); ++i) {
            std::string error = errors[i].empty() ? "" : fmt::format("{}:{}: {}", name, lines[i], errors[i]);
            const std::vector<std::string> warnings =
                queries[i].identifiers.empty() ? std::vector<std::string>() : cordon::identifier_warnings(queries[i]);
            cordon::api::write_screen_result(w, queries[i].id, results[i], timing ? &elapsed[i] : nullptr, error,
                                             &warnings);
            w.lit("\n");
            any_match = any_match || !results[i].empty();
        }
        std::cout.write(out.data(), static_cast<std::streamsize>(out.size())) << std::flush;
    }
    if (tty && !timing) std::cerr << "\n";
    if (timing) {
        std::cerr << fmt::format("cordon: screened {} names in {:.3f} s of CPU, JSON I/O included\n", total_done,
                                 cpu_seconds() - cpu_start);
    }
    if (any_error) return kExitInput;
    return any_match ? kExitMatch : kExitNoMatch;
}


struct ServeOptions {
    std::string config;
    std::string host;
    int port = -1;
    unsigned threads = 0;
};

// `cordon serve`: the HTTP API (docs/deployment.md). Listens first, so that /healthz answers and
// /readyz says "loading" while the lists load.
int run_serve(const ServeOptions& so, const ListOptions& lo) {
    namespace svc = cordon::service;
    svc::ServiceConfig config;
    config.sources.data_dir = default_data_dir();
    if (!so.config.empty()) {
        if (auto st = svc::read_config(so.config, config); !st) {
            std::cerr << "cordon: " << st.error().to_string() << "\n";
            return kExitUsage;
        }
    }
    if (!so.host.empty()) config.host = so.host;
    if (so.port >= 0) config.port = so.port;
    if (so.threads != 0) config.threads = so.threads;
    if (!lo.lists.empty()) config.sources.lists = lo.lists;
    if (!lo.data_dir.empty()) {
        config.sources.data_dir = lo.data_dir;
        config.sources.lists.clear();
    }
    if (lo.strict) config.sources.options.strict = true;
    if (config.api_keys.empty() && !svc::is_loopback_host(config.host)) {
        std::cerr << "cordon: refusing to listen on " << config.host
                  << " with no API keys: anyone who reaches it could screen and reload. Add api_keys to the "
                     "config (see docs/deployment.md), or listen on 127.0.0.1\n";
        return kExitUsage;
    }
    const unsigned threads = config.threads != 0 ? config.threads : std::max(1U, std::thread::hardware_concurrency());
    svc::Service service(config);
    svc::HttpServer server(service);
    if (auto st = server.listen(config.host, config.port); !st) {
        std::cerr << "cordon: " << st.error().to_string() << "\n";
        return kExitUsage;
    }
    svc::log_event("info", "listening",
                   {{"host", config.host}, {"port", server.port()}, {"threads", threads},
                    {"api_keys", config.api_keys.size()}, {"open", config.api_keys.empty()}});
    std::atomic<bool> load_failed{false};
    std::thread loader([&] {
        if (auto st = service.load(); !st) {
            svc::log_event("error", "load_failed", {{"error", st.error().to_string()}});
            std::cerr << "cordon: " << st.error().to_string() << "\n";
            load_failed = true;
            server.stop();
        }
    });
    server.run(threads);
    loader.join();
    return load_failed ? kExitLoad : kExitNoMatch;
}

// `cordon hash-key`: the SHA-256 of a key read on stdin, for the config's api_keys; with
// --generate, a new random key and its hash.
int run_hash_key(bool generate) {
    std::string key;
    if (generate) {
        unsigned char bytes[24];
        if (RAND_bytes(bytes, sizeof bytes) != 1) {
            std::cerr << "cordon: no randomness for a key\n";
            return kExitUsage;
        }
        for (unsigned char b : bytes) key += fmt::format("{:02x}", b);
        std::cout << "key:    " << key << "\n";
        std::cout << "sha256: " << cordon::service::to_hex(cordon::service::sha256(key)) << "\n";
        return kExitNoMatch;
    }
    std::getline(std::cin, key);
    while (!key.empty() && (key.back() == '\r' || key.back() == ' ')) key.pop_back();
    if (key.empty()) {
        std::cerr << "cordon: hash-key reads the key on stdin (one line); --generate makes one\n";
        return kExitUsage;
    }
    std::cout << cordon::service::to_hex(cordon::service::sha256(key)) << "\n";
    return kExitNoMatch;
}

// The whole of a file, or of stdin for "-"; false (with the message on stderr) when it cannot be read.
bool read_input(const std::string& path, std::string& text) {
    if (path == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        return true;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "cordon: cannot open " << path << "\n";
        return false;
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

// `cordon ownership FILE|-`: OFAC's 50 percent rule over an ownership structure given as
// FollowTheMoney entities (docs/ownership.md). Exit 1 when a party is listed, blocked or
// undetermined.
int run_ownership(const Screener& screener, const std::string& path, double threshold, bool as_json) {
    std::string text;
    if (!read_input(path, text)) return kExitUsage;
    auto structure = cordon::graph::parse_ownership(text, path == "-" ? "<stdin>" : path);
    if (!structure) {
        std::cerr << "cordon: " << structure.error().to_string() << "\n";
        return kExitInput;
    }
    cordon::graph::OwnershipOptions options;
    options.threshold = threshold;
    const auto report = cordon::graph::assess_ownership(*structure, screener, options);
    bool attention = false;
    for (const auto& v : report.parties) attention = attention || v.status != cordon::graph::OwnershipStatus::kClear;
    if (as_json) {
        std::cout << cordon::graph::ownership_json(report).dump(2) << "\n";
        return attention ? kExitMatch : kExitNoMatch;
    }
    for (const auto& v : report.parties) {
        std::cout << fmt::format("{:<13} {} ({})", cordon::graph::ownership_status_name(v.status), v.name, v.id);
        if (v.listing) {
            std::cout << fmt::format(": matches {} {} ({:.3f})", v.listing->entity->id,
                                     v.listing->entity->primary_name() ? v.listing->entity->primary_name()->full : "",
                                     v.listing->score);
        } else if (v.blocked_share > 0 || !v.paths.empty()) {
            std::cout << fmt::format(": blocked owners hold {:.2f}%", v.blocked_share);
        }
        std::cout << "\n";
        for (const auto& path_steps : v.paths) {
            std::string line;
            for (const auto& step : path_steps) line += (line.empty() ? "" : "; ") + step;
            std::cout << "    via " << line << "\n";
        }
        for (const auto& note : v.notes) std::cout << "    note: " << note << "\n";
    }
    for (const auto& w : report.warnings) std::cout << "warning: " << w << "\n";
    return attention ? kExitMatch : kExitNoMatch;
}

// `cordon entity ID`: the whole listing, each fact with where it came from, and the listed parties
// it is linked to either way.
int run_entity(const cordon::Snapshot& snap, const std::string& id, bool as_json) {
    const cordon::Entity* e = snap.find(id);
    if (e == nullptr) {
        std::cerr << "cordon: no listed entity has the id " << id << "\n";
        return kExitUsage;
    }
    cordon::graph::RelationIndex relations(snap);
    const auto neighbours = relations.neighbours(*e);
    json j = cordon::api::entity_json(*e, &snap.list_of(snap.ordinal_of(*e)));
    j["neighbours"] = cordon::graph::neighbours_json(neighbours);
    if (as_json) {
        std::cout << j.dump(2) << "\n";
        return kExitNoMatch;
    }
    auto at = [](const cordon::Location& w) {
        return w.line != 0 ? fmt::format("{}:{}", w.file, w.line) : w.file + (w.path.empty() ? "" : " " + w.path);
    };
    std::cout << fmt::format("{}  {}  ({}, {}; published {})\n", e->id, cordon::schema_name(e->schema),
                             snap.list_of(snap.ordinal_of(*e)).name, snap.list_of(snap.ordinal_of(*e)).format,
                             snap.list_of(snap.ordinal_of(*e)).published.empty() ? "-" : snap.list_of(snap.ordinal_of(*e)).published);
    for (const auto& n : e->names) {
        std::cout << fmt::format("  {:<9} {}   [{}]\n", cordon::name_kind_name(n.kind), n.full, at(n.where));
    }
    auto facts = [&](std::string_view label, const std::vector<cordon::Fact>& v) {
        for (const auto& f : v) std::cout << fmt::format("  {:<9} {}   [{}]\n", label, f.value, at(f.where));
    };
    for (const auto& d : e->birth_dates) std::cout << fmt::format("  {:<9} {}   [{}]\n", "born", d.raw, at(d.where));
    facts("born in", e->birth_places);
    facts("national", e->nationalities);
    facts("country", e->countries);
    facts("title", e->titles);
    for (const auto& a : e->addresses) std::cout << fmt::format("  {:<9} {}   [{}]\n", "address", a.full, at(a.where));
    for (const auto& i : e->identifiers) {
        std::cout << fmt::format("  {:<9} {} {}{}   [{}]\n", "id", i.type_label.empty() ? std::string(cordon::id_type_name(i.type)) : i.type_label,
                                 i.value, i.country.empty() ? "" : " (" + i.country + ")", at(i.where));
    }
    facts("program", e->programs);
    facts("remark", e->remarks);
    if (!neighbours.empty()) std::cout << "linked:\n";
    for (const auto& n : neighbours) {
        std::cout << fmt::format("  {} {:<12} {}{}{}   [{}]\n", n.outgoing ? "->" : "<-", n.kind,
                                 n.entity ? n.entity->id + " " : "(not listed here) ", n.name,
                                 n.detail.empty() ? "" : " (" + n.detail + ")", at(n.where));
    }
    return kExitNoMatch;
}

// cordon scan: mentions of listed parties in a text file (or stdin).
int run_scan(const std::string& path, double threshold, bool as_json, const ListOptions& lo) {
    std::string text;
    if (!read_input(path, text)) return kExitUsage;
    auto normalizer = std::async(std::launch::async, [] { return std::make_shared<const cordon::Normalizer>(); });
    auto snap = load(lo, as_json);
    if (!snap) return kExitLoad;
    auto relations = std::async(std::launch::async, [snap] {
        return std::make_unique<const cordon::graph::RelationIndex>(*snap);
    });
    Screener screener(snap, normalizer.get());
    cordon::ScanOptions options;
    options.threshold = threshold;
    options.limit = SIZE_MAX;
    std::vector<cordon::Mention> mentions = cordon::scan_text(screener, text, options);
    const auto links = relations.get();
    for (cordon::Mention& m : mentions) cordon::graph::attach_links(m.match, *links);
    if (as_json) {
        for (const cordon::Mention& m : mentions) std::cout << cordon::api::mention_json(m).dump() << "\n";
    } else {
        std::cout << fmt::format("{}: {} mention{}\n", path == "-" ? "<stdin>" : path, mentions.size(),
                                 mentions.size() == 1 ? "" : "s");
        if (!mentions.empty()) {
            std::cout << fmt::format("  {:>7} {:>7}  {:<6} {:<20} {:<32} {}\n", "start", "end", "score", "entity",
                                     "text", "listed name");
        }
        for (const cordon::Mention& m : mentions) {
            const auto& e = *m.match.entity;
            std::string shown = m.text;
            for (char& c : shown) {
                if (c == '\n' || c == '\r' || c == '\t') c = ' ';
            }
            std::cout << fmt::format("  {:>7} {:>7}  {:<6.3f} {:<20} {:<32} {}\n", m.start, m.end, m.match.score,
                                     e.id, shown, e.names[m.match.name_index].full);
            std::cout << fmt::format("                  why: {}\n", short_explanation(m.match.explanation));
        }
    }
    return mentions.empty() ? kExitNoMatch : kExitMatch;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"cordon: sanctions screening. Finds listed parties (OFAC, UN, ...) whose names match.\n"
                 "Exit status: 0 no match, 1 match found, 2 usage error, 3 list load error, 4 bad input line."};
    app.require_subcommand(1);

    ListOptions lo;
    // screen
    auto* screen = app.add_subcommand("screen", "Screen one or more names against the lists");
    std::vector<std::string> names;
    std::string schema_text, birth_text, country, batch;
    double threshold = cordon::kDefaultThreshold;
    std::size_t limit = 10;
    bool as_json = false;
    bool timing = false;
    unsigned threads = 0;
    screen->add_option("names", names, "Names to screen");
    screen->add_option("--schema", schema_text, "Person, Organization, Company, Vessel, Aircraft, ...");
    screen->add_option("--birth-date", birth_text, "Birth date or year (1965-04-25, 1965)");
    screen->add_option("--country", country, "Country or nationality (name or ISO code)");
    std::vector<std::string> wallets, id_texts;
    screen->add_option("--wallet", wallets, "Digital currency address to look up (repeatable)");
    screen->add_option("--id", id_texts,
                       "Identifier TYPE[/COUNTRY]:VALUE (repeatable), e.g. passport/KP:836210029; TYPE: passport, "
                       "national_id, tax_id, registration, imo, swift_bic, crypto, lei, other");
    screen->add_option("--threshold", threshold,
                       fmt::format("Report matches scoring at least this (default {:.2f})", cordon::kDefaultThreshold))
        ->check(CLI::Range(0.0, 1.0));
    screen->add_option("--limit", limit, "At most this many matches per name (default 10)");
    screen->add_flag("--json", as_json, "One JSON object per name");
    screen->add_option("--batch", batch, "JSON lines file of queries ('-' for stdin); JSON lines out");
    screen->add_option("--threads", threads, "Threads for --batch (default: all cores)");
    screen->add_flag("--timing", timing, "With --batch: time each query alone on one thread (elapsed_us)");
    add_list_options(screen, lo);

    // compare
    auto* compare = app.add_subcommand("compare", "Score two names against each other, with the explanation");
    std::string name_a, name_b, cmp_schema;
    bool cmp_json = false;
    compare->add_option("name_a", name_a, "First name")->required();
    compare->add_option("name_b", name_b, "Second name")->required();
    compare->add_option("--schema", cmp_schema, "Person, Organization, ...");
    compare->add_flag("--json", cmp_json, "JSON output");
    add_list_options(compare, lo);

    // scan
    auto* scan = app.add_subcommand("scan", "Find mentions of listed parties in a text (news, payment lines, ...)");
    std::string scan_path;
    double scan_threshold = cordon::kDefaultThreshold;
    bool scan_json = false;
    scan->add_option("file", scan_path, "Text file ('-' for stdin)")->required();
    scan->add_option("--threshold", scan_threshold,
                     fmt::format("Report mentions scoring at least this (default {:.2f})", cordon::kDefaultThreshold))
        ->check(CLI::Range(0.0, 1.0));
    scan->add_flag("--json", scan_json, "One JSON object per mention per line");
    add_list_options(scan, lo);

    // lists
    auto* lists = app.add_subcommand("lists", "Show each loaded list with counts, date and warnings");
    bool lists_json = false;
    lists->add_flag("--json", lists_json, "JSON output");
    add_list_options(lists, lo);

    // names
    auto* names_cmd = app.add_subcommand("names", "Print every listed name as TSV: entity id, schema, kind, name");
    add_list_options(names_cmd, lo);

    // serve
    auto* serve = app.add_subcommand("serve", "Serve the HTTP API (POST /v1/screen, /match/{dataset}, ...)");
    ServeOptions so;
    serve->add_option("--config", so.config, "JSON config file: keys, lists, limits, log (docs/deployment.md)");
    serve->add_option("--host", so.host, "Address to listen on (default 127.0.0.1)");
    serve->add_option("--port", so.port, "Port to listen on (default 8080; 0: any free port)")->check(CLI::Range(0, 65535));
    serve->add_option("--threads", so.threads, "I/O and screening threads (default: one per core)");
    add_list_options(serve, lo);

    // entity
    auto* entity_cmd = app.add_subcommand("entity", "Print a listing whole, with where each fact came from and its links");
    std::string entity_id;
    bool entity_json_out = false;
    entity_cmd->add_option("id", entity_id, "Entity id, e.g. ofac-sdn:43377")->required();
    entity_cmd->add_flag("--json", entity_json_out, "JSON output");
    add_list_options(entity_cmd, lo);

    // ownership
    auto* ownership = app.add_subcommand("ownership",
                                         "OFAC's 50% rule over an ownership structure (FollowTheMoney JSON lines)");
    std::string ownership_file;
    double ownership_threshold = cordon::kDefaultThreshold;
    bool ownership_json = false;
    ownership->add_option("file", ownership_file, "FtM entities and Ownership records, JSON lines or array ('-': stdin)")
        ->required();
    ownership->add_option("--threshold", ownership_threshold, "A party is listed when its best match scores this")
        ->check(CLI::Range(0.5, 1.0));
    ownership->add_flag("--json", ownership_json, "JSON output");
    add_list_options(ownership, lo);

    // hash-key
    auto* hash_key = app.add_subcommand("hash-key", "Print the SHA-256 of an API key read on stdin, for api_keys");
    bool generate_key = false;
    hash_key->add_flag("--generate", generate_key, "Make a new random key and print it with its SHA-256");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : kExitUsage;
    }

    if (*serve) return run_serve(so, lo);
    if (*hash_key) return run_hash_key(generate_key);
    if (*entity_cmd) {
        auto snap = load(lo, true);
        if (!snap) return kExitLoad;
        return run_entity(*snap, entity_id, entity_json_out);
    }
    if (*ownership) {
        auto snap = load(lo, true);
        if (!snap) return kExitLoad;
        Screener screener(snap);
        return run_ownership(screener, ownership_file, ownership_threshold, ownership_json);
    }
    if (*scan) return run_scan(scan_path, scan_threshold, scan_json, lo);

    if (*screen) {
        Query q;
        if (!schema_text.empty()) {
            auto s = cordon::parse_schema(schema_text);
            if (!s) {
                std::cerr << "cordon: --schema: unknown schema " << schema_text << "\n";
                return kExitUsage;
            }
            q.schema = *s;
        }
        if (!birth_text.empty()) {
            auto d = cordon::parse_partial_date(birth_text);
            if (!d) {
                std::cerr << "cordon: --birth-date: not a date: " << birth_text << "\n";
                return kExitUsage;
            }
            q.birth_date = *d;
        }
        if (!country.empty() && cordon::country_code(country).empty()) {
            std::cerr << "cordon: --country: unknown country " << country << "\n";
            return kExitUsage;
        }
        q.country = country;
        for (const std::string& w : wallets) {
            cordon::Identifier id;
            id.type = cordon::IdType::kCryptoAddress;
            id.value = w;
            q.identifiers.push_back(std::move(id));
        }
        for (const std::string& text : id_texts) {
            // TYPE[/COUNTRY]:VALUE; the value may hold colons itself (bitcoincash:qp...).
            const std::size_t colon = text.find(':');
            const std::string head = text.substr(0, colon);
            const std::size_t slash = head.find('/');
            auto type = colon == std::string::npos ? std::nullopt : cordon::parse_id_type(head.substr(0, slash));
            if (!type || text.find_first_not_of(" ", colon + 1) == std::string::npos) {
                std::cerr << "cordon: --id: expected TYPE[/COUNTRY]:VALUE with TYPE one of passport, national_id, "
                             "tax_id, registration, imo, swift_bic, crypto, lei, other: "
                          << text << "\n";
                return kExitUsage;
            }
            cordon::Identifier id;
            id.type = *type;
            id.value = text.substr(colon + 1);
            if (slash != std::string::npos) {
                id.country = head.substr(slash + 1);
                if (cordon::country_code(id.country).empty()) {
                    std::cerr << "cordon: --id: unknown issuing country \"" << id.country << "\" in " << text << "\n";
                    return kExitUsage;
                }
            }
            q.identifiers.push_back(std::move(id));
        }
        if (names.empty() && batch.empty() && q.identifiers.empty()) {
            std::cerr << "cordon: screen needs a NAME, --wallet, --id or --batch FILE\n";
            return kExitUsage;
        }
        const std::vector<std::string> warnings = cordon::identifier_warnings(q);
        for (const std::string& w : warnings) std::cerr << "cordon: warning: " << w << "\n";
        if (names.empty()) names.emplace_back();  // an identifier-only query
        // The normaliser (ICU compiling its transliterators) is built on another thread while this
        // one parses the lists.
        auto normalizer = std::async(std::launch::async, [] { return std::make_shared<const cordon::Normalizer>(); });
        auto snap = load(lo, false);
        if (!snap) return kExitLoad;
        auto index_start = std::chrono::steady_clock::now();
        // The listed parties linked to each hit go with it; their index is built on another thread
        // while this one builds the name index.
        auto relations_built = std::async(std::launch::async, [snap] {
            return std::make_unique<const cordon::graph::RelationIndex>(*snap);
        });
        Screener screener(snap, normalizer.get());
        std::cerr << fmt::format(
            "cordon: indexed {} names in {:.0f} ms\n", screener.index().name_count(),
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - index_start).count());
        ScreenOptions options;
        options.threshold = threshold;
        options.limit = limit;
        const auto relations_index = relations_built.get();
        const cordon::graph::RelationIndex& relations = *relations_index;
        if (!batch.empty()) return run_batch(screener, relations, batch, options, threads, timing);
        bool any = false;
        for (const std::string& n : names) {
            q.name = n;
            auto matches = screener.screen(q, options);
            cordon::graph::attach_links(matches, relations);
            any = any || !matches.empty();
            std::string label = n;
            for (const cordon::Identifier& id : q.identifiers) {
                label += (label.empty() ? "" : " ") + std::string(cordon::id_type_name(id.type)) +
                         (id.country.empty() ? "" : "/" + id.country) + ":" + id.value;
            }
            if (as_json) {
                json arr = json::array();
                for (const Match& m : matches) arr.push_back(match_json(m));
                json out{{"query", n}, {"matches", arr}};
                if (!q.identifiers.empty()) {
                    json ids = json::array();
                    for (const cordon::Identifier& id : q.identifiers) {
                        json item{{"type", cordon::id_type_name(id.type)}, {"value", id.value}};
                        if (!id.country.empty()) item["country"] = id.country;
                        ids.push_back(std::move(item));
                    }
                    out["identifiers"] = ids;
                }
                if (!warnings.empty()) out["warnings"] = warnings;
                std::cout << out.dump(2) << "\n";
            } else {
                print_table(label, matches);
            }
        }
        return any ? kExitMatch : kExitNoMatch;
    }

    if (*compare) {
        std::optional<cordon::Schema> schema;
        if (!cmp_schema.empty()) {
            schema = cordon::parse_schema(cmp_schema);
            if (!schema) {
                std::cerr << "cordon: --schema: unknown schema " << cmp_schema << "\n";
                return kExitUsage;
            }
        }
        auto snap = load(lo, true);
        if (!snap) return kExitLoad;
        Screener screener(snap);
        cordon::NameScore s = screener.compare(name_a, name_b, schema);
        bool match = s.score >= cordon::kDefaultThreshold;
        cordon::Explanation ex;
        ex.name = s;
        if (cmp_json) {
            std::cout << json{{"score", std::round(s.score * 1000) / 1000}, {"match", match},
                              {"explanation", explanation_json(ex)}}.dump(2) << "\n";
        } else {
            std::cout << fmt::format("score {:.3f} ({}; threshold {:.2f})\nwhy: {}\n", s.score,
                                     match ? "match" : "no match", cordon::kDefaultThreshold,
                                     short_explanation(ex));
        }
        return match ? kExitMatch : kExitNoMatch;
    }

    if (*lists) {
        auto snap = load(lo, true);
        if (!snap) return kExitLoad;
        json arr = json::array();
        for (const auto& l : snap->lists()) {
            json warnings = json::array();
            for (const auto& w : l.warnings) warnings.push_back(w.to_string());
            arr.push_back({{"name", l.name}, {"format", l.format}, {"files", l.files},
                           {"published", l.published}, {"entities", l.entities.size()},
                           {"skipped_records", l.skipped_records}, {"warnings", warnings}});
        }
        if (lists_json) {
            std::cout << arr.dump(2) << "\n";
        } else {
            std::cout << fmt::format("{:<12} {:<17} {:>9} {:>8} {:<12} {}\n", "list", "format", "entities",
                                     "skipped", "published", "files");
            for (const auto& l : snap->lists()) {
                std::string files;
                for (const auto& f : l.files) files += (files.empty() ? "" : " ") + f;
                std::cout << fmt::format("{:<12} {:<17} {:>9} {:>8} {:<12} {}\n", l.name, l.format,
                                         l.entities.size(), l.skipped_records,
                                         l.published.empty() ? "-" : l.published, files);
                for (const auto& w : l.warnings) std::cout << "  warning: " << w.to_string() << "\n";
            }
        }
        return kExitNoMatch;
    }

    if (*names_cmd) {
        auto snap = load(lo, true);
        if (!snap) return kExitLoad;
        std::string out;
        for (std::uint32_t i = 0; i < snap->entity_count(); ++i) {
            const auto& e = snap->entity(i);
            for (const auto& n : e.names) {
                out += fmt::format("{}\t{}\t{}\t{}\n", e.id, cordon::schema_name(e.schema),
                                   cordon::name_kind_name(n.kind), n.full);
            }
            if (out.size() > (1 << 16)) {
                std::cout << out;
                out.clear();
            }
        }
        std::cout << out;
        return kExitNoMatch;
    }
    return kExitUsage;
}
