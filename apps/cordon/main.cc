// cordon: screen names against sanctions lists from the command line.
//
// Exit status (like grep): 0 no match, 1 at least one match, 2 usage error, 3 a list failed to
// load, 4 a query in the input was rejected (malformed JSON line, bad field).
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fmt/core.h>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <simdjson.h>
#include <string>
#include <vector>

#include "cordon/country.h"
#include "cordon/entity.h"
#include "cordon/ingest.h"
#include "cordon/screener.h"
#include "json_line_writer.h"

namespace {

using cordon::Match;
using cordon::Query;
using cordon::Screener;
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
                    "FORMAT:PATH with FORMAT one of ofac-csv, ofac-xml, un-xml, ftm-json, custom-csv, "
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
    cordon::LoadOptions lo;
    lo.strict = o.strict;
    std::vector<cordon::SourceList> lists;
    if (!o.lists.empty()) {
        for (const std::string& spec : o.lists) {
            auto r = cordon::load_list(cordon::ListSpec::parse(spec), lo);
            if (!r) {
                std::cerr << "cordon: cannot load list " << spec << ": " << r.error().to_string() << "\n";
                return nullptr;
            }
            lists.push_back(std::move(*r));
        }
    } else {
        std::string dir = o.data_dir.empty() ? default_data_dir() : o.data_dir;
        auto r = cordon::load_data_dir(dir, lo);
        if (!r) {
            std::cerr << "cordon: cannot load lists from " << dir << ": " << r.error().to_string() << "\n";
            return nullptr;
        }
        lists = std::move(*r);
    }
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

json explanation_json(const cordon::Explanation& ex) {
    json tokens = json::array();
    for (const auto& p : ex.name.pairs) {
        tokens.push_back({{"query", p.query},
                          {"listed", p.listed},
                          {"method", cordon::match_method_name(p.method)},
                          {"similarity", std::round(p.similarity * 1000) / 1000},
                          {"weight", std::round(p.weight * 100) / 100}});
    }
    json factors = json::array();
    for (const auto& f : ex.factors) {
        factors.push_back({{"factor", f.name}, {"delta", std::round(f.delta * 1000) / 1000}, {"detail", f.detail}});
    }
    return {{"name_score", std::round(ex.name.score * 1000) / 1000},
            {"tokens", tokens},
            {"unmatched_query", ex.name.unmatched_query},
            {"unmatched_listed", ex.name.unmatched_listed},
            {"factors", factors}};
}

json match_json(const Match& m) {
    const cordon::Entity& e = *m.entity;
    json programs = json::array();
    for (const auto& p : e.programs) programs.push_back(p.value);
    return {{"entity_id", e.id},
            {"score", std::round(m.score * 1000) / 1000},
            {"name", e.primary_name() ? e.primary_name()->full : ""},
            {"matched_name", e.names[m.name_index].full},
            {"matched_name_kind", cordon::name_kind_name(e.names[m.name_index].kind)},
            {"schema", cordon::schema_name(e.schema)},
            {"source", e.source},
            {"programs", programs},
            {"explanation", explanation_json(m.explanation)}};
}

using cordon::cli::JsonLineWriter;

void write_explanation(JsonLineWriter& w, const cordon::Explanation& ex) {
    // Keys in json's (sorted) order: factors, name_score, tokens, unmatched_listed, unmatched_query.
    // Punctuation and keys that follow each other go out as one literal.
    w.lit(R"("factors":[)");
    for (std::size_t i = 0; i < ex.factors.size(); ++i) {
        const auto& f = ex.factors[i];
        if (i == 0) {
            w.lit(R"({"delta":)");
        } else {
            w.lit(R"(,{"delta":)");
        }
        w.scaled(f.delta, 1000);
        w.lit(R"(,"detail":)");
        w.string(f.detail);
        w.lit(R"(,"factor":)");
        w.string(f.name);
        w.lit("}");
    }
    w.lit(R"(],"name_score":)");
    w.scaled(ex.name.score, 1000);
    w.lit(R"(,"tokens":[)");
    for (std::size_t i = 0; i < ex.name.pairs.size(); ++i) {
        const auto& p = ex.name.pairs[i];
        if (i == 0) {
            w.lit(R"({"listed":)");
        } else {
            w.lit(R"(,{"listed":)");
        }
        w.string(p.listed);
        w.lit(R"(,"method":)");
        w.string(cordon::match_method_name(p.method));
        w.lit(R"(,"query":)");
        w.string(p.query);
        w.lit(R"(,"similarity":)");
        w.scaled(p.similarity, 1000);
        w.lit(R"(,"weight":)");
        w.scaled(p.weight, 100);
        w.lit("}");
    }
    auto strings = [&](const std::vector<std::string>& v) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (i > 0) w.lit(",");
            w.string(v[i]);
        }
        w.lit("]");
    };
    w.lit(R"(],"unmatched_listed":[)");
    strings(ex.name.unmatched_listed);
    w.lit(R"(,"unmatched_query":[)");
    strings(ex.name.unmatched_query);
}

// The same object as match_json, written.
void write_match(JsonLineWriter& w, const Match& m) {
    const cordon::Entity& e = *m.entity;
    w.lit(R"("entity_id":)");
    w.string(e.id);
    w.lit(R"(,"explanation":{)");
    write_explanation(w, m.explanation);
    w.lit(R"(},"matched_name":)");
    w.string(e.names[m.name_index].full);
    w.lit(R"(,"matched_name_kind":)");
    w.string(cordon::name_kind_name(e.names[m.name_index].kind));
    w.lit(R"(,"name":)");
    w.string(e.primary_name() ? std::string_view(e.primary_name()->full) : std::string_view());
    w.lit(R"(,"programs":[)");
    for (std::size_t i = 0; i < e.programs.size(); ++i) {
        if (i > 0) w.lit(",");
        w.string(e.programs[i].value);
    }
    w.lit(R"(],"schema":)");
    w.string(cordon::schema_name(e.schema));
    w.lit(R"(,"score":)");
    w.scaled(m.score, 1000);
    w.lit(R"(,"source":)");
    w.string(e.source);
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
    }
}

// Parses one batch line; an error message (with the field) when it is not a valid query.
std::optional<std::string> parse_query(const std::string& line, Query& q) {
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded()) return "invalid JSON";
    if (!j.is_object()) return "expected a JSON object";
    if (j.contains("id")) {
        if (j["id"].is_string()) q.id = j["id"].get<std::string>();
        else if (j["id"].is_number()) q.id = j["id"].dump();
        else return "field id: expected a string or a number";
    }
    if (!j.contains("name") || !j["name"].is_string()) return "field name: expected a string";
    q.name = j["name"].get<std::string>();
    if (j.contains("schema") && !j["schema"].is_null()) {
        if (!j["schema"].is_string()) return "field schema: expected a string";
        auto s = cordon::parse_schema(j["schema"].get<std::string>());
        if (!s) return "field schema: unknown schema " + j["schema"].get<std::string>();
        q.schema = *s;
    }
    if (j.contains("birth_date") && !j["birth_date"].is_null()) {
        if (!j["birth_date"].is_string()) return "field birth_date: expected a string";
        auto d = cordon::parse_partial_date(j["birth_date"].get<std::string>());
        if (!d) return "field birth_date: not a date: " + j["birth_date"].get<std::string>();
        q.birth_date = *d;
    }
    if (j.contains("country") && !j["country"].is_null()) {
        if (!j["country"].is_string()) return "field country: expected a string";
        q.country = j["country"].get<std::string>();
    }
    return std::nullopt;
}

// Reads past a field the CLI does not use (a label, the expected answers of an evaluation set)
// when its value is a string, null, or an array of those; false for anything else, which
// parse_query then reads (its number and nesting rules are the reference).
bool skip_plain_value(simdjson::ondemand::value value) {
    simdjson::ondemand::json_type type;
    if (value.type().get(type) != simdjson::SUCCESS) return false;
    std::string_view text;
    bool is_null = false;
    switch (type) {
        case simdjson::ondemand::json_type::null:
            return value.is_null().get(is_null) == simdjson::SUCCESS && is_null;
        case simdjson::ondemand::json_type::string:
            return value.get_string().get(text) == simdjson::SUCCESS;
        case simdjson::ondemand::json_type::array: {
            simdjson::ondemand::array array;
            if (value.get_array().get(array) != simdjson::SUCCESS) return false;
            for (auto element : array) {
                simdjson::ondemand::value item;
                if (element.get(item) != simdjson::SUCCESS) return false;
                if (item.type().get(type) != simdjson::SUCCESS) return false;
                if (type == simdjson::ondemand::json_type::null) {
                    if (item.is_null().get(is_null) != simdjson::SUCCESS || !is_null) return false;
                } else if (type != simdjson::ondemand::json_type::string ||
                           item.get_string().get(text) != simdjson::SUCCESS) {
                    return false;
                }
            }
            return true;
        }
        default: return false;
    }
}

// The common batch line, an object of string (or null) fields among id, name, schema,
// birth_date and country, read with simdjson's On-Demand parser; other fields are skipped when
// skip_plain_value can (query files carry labels and expected answers). Returns false for
// anything else (a number id, a repeated field, a bad value, malformed JSON), which
// parse_query then reads: its answers and messages stay the reference. `line` must have
// simdjson::SIMDJSON_PADDING bytes of capacity past its end.
bool parse_query_fast(simdjson::ondemand::parser& parser, const std::string& line, Query& q) {
    simdjson::ondemand::document doc;
    if (parser.iterate(simdjson::padded_string_view(line.data(), line.size(), line.capacity())).get(doc) !=
        simdjson::SUCCESS) {
        return false;
    }
    simdjson::ondemand::object object;
    if (doc.get_object().get(object) != simdjson::SUCCESS) return false;
    Query out;
    std::optional<std::string_view> fields[5];  // id, name, schema, birth_date, country
    bool seen[5] = {};
    for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key) != simdjson::SUCCESS) return false;
        int k = key == "id" ? 0 : key == "name" ? 1 : key == "schema" ? 2 : key == "birth_date" ? 3
                : key == "country" ? 4 : -1;
        simdjson::ondemand::value value;
        if (field.value().get(value) != simdjson::SUCCESS) return false;
        if (k < 0) {
            if (!skip_plain_value(value)) return false;
            continue;
        }
        if (seen[k]) return false;
        seen[k] = true;
        bool is_null = false;
        if (value.is_null().get(is_null) != simdjson::SUCCESS) return false;
        if (is_null) continue;
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS) return false;
        fields[k] = text;
    }
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) return false;  // trailing content
    if (seen[0] && !fields[0]) return false;  // a null id is an error
    if (!fields[1]) return false;
    if (fields[0]) out.id = *fields[0];
    out.name = *fields[1];
    if (fields[2]) {
        auto schema = cordon::parse_schema(*fields[2]);
        if (!schema) return false;
        out.schema = *schema;
    }
    if (fields[3]) {
        auto date = cordon::parse_partial_date(*fields[3]);
        if (!date) return false;
        out.birth_date = *date;
    }
    if (fields[4]) out.country = *fields[4];
    q = std::move(out);
    return true;
}

int run_batch(const Screener& screener, const std::string& path, const ScreenOptions& options,
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
    cordon::cli::OutBuffer out;
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
            if (!parse_query_fast(json_parser, line, q)) err = parse_query(line, q);
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
        out.clear();
        JsonLineWriter w(out);
        for (std::size_t i = 0; i < queries.size(); ++i) {
            // {"elapsed_us", "error", "id", "matches"}: json's key order.
            w.lit("{");
            bool first = true;
            if (timing) {
                w.key(R"("elapsed_us":)", first);
                w.scaled(elapsed[i], 100);
                first = false;
            }
            if (!errors[i].empty()) {
                w.key(R"("error":)", first);
                w.string(fmt::format("{}:{}: {}", name, lines[i], errors[i]));
                first = false;
            }
            w.key(R"("id":)", first);
            w.string(queries[i].id);
            w.lit(R"(,"matches":[)");
            for (std::size_t k = 0; k < results[i].size(); ++k) {
                if (k == 0) {
                    w.lit("{");
                } else {
                    w.lit(",{");
                }
                write_match(w, results[i][k]);
                w.lit("}");
            }
            w.lit("]}\n");
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

    // lists
    auto* lists = app.add_subcommand("lists", "Show each loaded list with counts, date and warnings");
    bool lists_json = false;
    lists->add_flag("--json", lists_json, "JSON output");
    add_list_options(lists, lo);

    // names
    auto* names_cmd = app.add_subcommand("names", "Print every listed name as TSV: entity id, schema, kind, name");
    add_list_options(names_cmd, lo);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : kExitUsage;
    }

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
        if (names.empty() && batch.empty()) {
            std::cerr << "cordon: screen needs a NAME or --batch FILE\n";
            return kExitUsage;
        }
        // The normaliser (ICU compiling its transliterators) is built on another thread while this
        // one parses the lists.
        auto normalizer = std::async(std::launch::async, [] { return std::make_shared<const cordon::Normalizer>(); });
        auto snap = load(lo, false);
        if (!snap) return kExitLoad;
        auto index_start = std::chrono::steady_clock::now();
        Screener screener(snap, normalizer.get());
        std::cerr << fmt::format(
            "cordon: indexed {} names in {:.0f} ms\n", screener.index().name_count(),
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - index_start).count());
        ScreenOptions options;
        options.threshold = threshold;
        options.limit = limit;
        if (!batch.empty()) return run_batch(screener, batch, options, threads, timing);
        bool any = false;
        for (const std::string& n : names) {
            q.name = n;
            auto matches = screener.screen(q, options);
            any = any || !matches.empty();
            if (as_json) {
                json arr = json::array();
                for (const Match& m : matches) arr.push_back(match_json(m));
                std::cout << json{{"query", n}, {"matches", arr}}.dump(2) << "\n";
            } else {
                print_table(n, matches);
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
            std::cout << fmt::format("{:<12} {:<11} {:>9} {:>8} {:<12} {}\n", "list", "format", "entities",
                                     "skipped", "published", "files");
            for (const auto& l : snap->lists()) {
                std::string files;
                for (const auto& f : l.files) files += (files.empty() ? "" : " ") + f;
                std::cout << fmt::format("{:<12} {:<11} {:>9} {:>8} {:<12} {}\n", l.name, l.format,
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
