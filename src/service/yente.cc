#include "yente.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "screen_json.h"
#include <fmt/core.h>

#include "cordon/country.h"

namespace cordon::service {

namespace {

using nlohmann::json;

// FtM properties read as identifiers of a query, and the type each is.
constexpr std::pair<std::string_view, IdType> kIdentifierProperties[] = {
    {"passportNumber", IdType::kPassport},     {"idNumber", IdType::kNationalId},
    {"taxNumber", IdType::kTaxId},             {"registrationNumber", IdType::kRegistration},
    {"imoNumber", IdType::kImo},               {"swiftBic", IdType::kSwiftBic},
    {"leiCode", IdType::kLei},                 {"publicKey", IdType::kCryptoAddress},
};
constexpr std::size_t kMaxIdentifiers = 100;  // per query, as in POST /v1/screen

// FtM's name properties of a party: each value is a name to screen.
constexpr std::string_view kNameProperties[] = {"name", "alias", "previousName", "weakAlias"};
// FtM's name parts (Person), joined in this order into one more name to screen.
constexpr std::string_view kNamePartProperties[] = {"firstName", "secondName", "middleName",
                                                    "fatherName", "lastName"};
// Where the query's country comes from, most telling first; cordon takes one country per query.
constexpr std::string_view kCountryProperties[] = {"nationality",  "citizenship", "country",
                                                   "jurisdiction", "mainCountry", "flag"};
// The datasets that stand for every loaded list.
constexpr std::string_view kAllDatasets[] = {"default", "sanctions", "all"};

double round3(double v) {
    return std::round(v * 1000) / 1000;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

Reply bad_request(const std::string& detail) {
    return error_reply(400, "bad_request", detail);
}

// ---- the request ----

// The screening options of the whole request, from the path and the query parameters.
struct MatchSettings {
    std::size_t limit = kYenteDefaultLimit;
    double threshold = kYenteDefaultThreshold;
    double cutoff = kYenteDefaultCutoff;
    std::vector<std::uint8_t> lists;  // ScreenOptions::lists
    std::vector<std::string> excluded_ids;
};

// One query of the request, read and checked.
struct MatchQuery {
    std::string key;
    json echo;                       // {"id", "schema", "properties"}, values as lists
    Query query;                     // schema, birth date and country; the name is set per name
    std::vector<std::string> names;  // distinct, in the order given
};

std::vector<std::string> split_commas(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view part = text.substr(start, end - start);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ')
            part.remove_suffix(1);
        if (!part.empty())
            out.emplace_back(part);
        start = end + 1;
    }
    return out;
}

std::string known_datasets(const Snapshot& snapshot) {
    std::string out;
    for (std::string_view d : kAllDatasets)
        out += std::string(out.empty() ? "" : ", ") + std::string(d);
    for (const SourceList& l : snapshot.lists())
        out += ", " + l.name;
    return out;
}

// The lists `name` stands for: every list, or the one of that name; nullopt when unknown.
std::optional<std::vector<std::uint8_t>> dataset_lists(const Snapshot& snapshot,
                                                       std::string_view name) {
    const std::size_t n = snapshot.lists().size();
    if (std::find(std::begin(kAllDatasets), std::end(kAllDatasets), name) !=
        std::end(kAllDatasets)) {
        return std::vector<std::uint8_t>(n, 1);
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (snapshot.lists()[i].name == name) {
            std::vector<std::uint8_t> one(n, 0);
            one[i] = 1;
            return one;
        }
    }
    return std::nullopt;
}

// Reads limit, threshold, cutoff and the dataset filters; the error reply when one is invalid.
std::optional<Reply> read_settings(const Screener& screener, std::string_view dataset,
                                   const Params& params, const Limits& limits, MatchSettings& s) {
    const Snapshot& snapshot = screener.snapshot();
    auto scope = dataset_lists(snapshot, dataset);
    if (!scope) {
        return error_reply(
            404, "not_found",
            fmt::format("dataset {} not found; known: {}", dataset, known_datasets(snapshot)));
    }
    s.lists = std::move(*scope);
    const std::size_t max_limit = std::max<std::size_t>(1, limits.max_limit);
    s.limit = std::min(kYenteDefaultLimit, max_limit);
    if (auto it = params.find("limit"); it != params.end()) {
        if (auto err = read_count(it->second, 1, max_limit, "limit", s.limit))
            return bad_request(*err);
    }
    if (auto it = params.find("threshold"); it != params.end()) {
        if (auto err = read_number(it->second, 0, 1, "threshold", s.threshold))
            return bad_request(*err);
    }
    if (auto it = params.find("cutoff"); it != params.end()) {
        if (auto err = read_number(it->second, 0, 1, "cutoff", s.cutoff))
            return bad_request(*err);
        // yente clients may send a cutoff of 0; nothing below the floor is returned (docs/yente.md).
        s.cutoff = std::max(s.cutoff, limits.min_threshold);
    }
    // yente's dataset filters, narrowing the path's dataset; comma-separated where yente repeats.
    for (std::string_view param : {"include_dataset", "exclude_dataset"}) {
        auto it = params.find(param);
        if (it == params.end())
            continue;
        const bool include = param == "include_dataset";
        std::vector<std::uint8_t> named(s.lists.size(), 0);
        for (const std::string& name : split_commas(it->second)) {
            auto lists = dataset_lists(snapshot, name);
            if (!lists) {
                return bad_request(fmt::format("{}: unknown dataset {}; known: {}", param, name,
                                               known_datasets(snapshot)));
            }
            for (std::size_t i = 0; i < named.size(); ++i)
                named[i] = named[i] | (*lists)[i];
        }
        for (std::size_t i = 0; i < s.lists.size(); ++i) {
            if (include ? named[i] == 0 : named[i] != 0)
                s.lists[i] = 0;
        }
    }
    if (auto it = params.find("exclude_entity_ids"); it != params.end()) {
        s.excluded_ids = split_commas(it->second);
        if (s.excluded_ids.size() > limits.max_batch) {
            return bad_request(
                fmt::format("exclude_entity_ids: more than {} ids", limits.max_batch));
        }
    }
    return std::nullopt;
}

// FtM schema names and cordon's synonyms into `out`; Thing (and the abstract Vehicle, Asset)
// screen without a schema. False for a schema cordon cannot screen.
bool query_schema(std::string_view text, std::optional<Schema>& out) {
    out.reset();
    if (text.empty())
        return false;
    if (text == "PublicBody") {
        out = Schema::kOrganization;
        return true;
    }
    if (text == "Vehicle" || text == "Asset")
        return true;
    auto s = parse_schema(text);
    if (!s)
        return false;
    if (*s != Schema::kUnknown)
        out = *s;
    return true;
}

// A property's values: a string, or a list of strings. The error names the path.
std::optional<std::string> property_values(const json& value, const std::string& path,
                                           std::vector<std::string>& out) {
    if (value.is_string()) {
        out.push_back(value.get<std::string>());
        return std::nullopt;
    }
    if (!value.is_array())
        return path + ": expected a string or a list of strings";
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string())
            return fmt::format("{}[{}]: expected a string", path, i);
        out.push_back(value[i].get<std::string>());
    }
    return std::nullopt;
}

// Reads one query by example; the error reply when it is invalid.
std::optional<Reply> read_query(const std::string& key, const json& example, const Limits& limits,
                                MatchQuery& q) {
    const std::string path = "queries." + key;
    if (!example.is_object())
        return bad_request(path + ": expected an object");
    q.key = key;
    json id = nullptr;
    if (auto it = example.find("id"); it != example.end() && !it->is_null()) {
        if (!it->is_string())
            return bad_request(path + ".id: expected a string");
        id = *it;
    }
    auto schema_it = example.find("schema");
    if (schema_it == example.end() || !schema_it->is_string()) {
        return bad_request(path + ".schema: expected a string");
    }
    const std::string schema_text = schema_it->get<std::string>();
    if (!query_schema(schema_text, q.query.schema)) {
        return bad_request(fmt::format("{}.schema: unknown schema {}", path, schema_text));
    }

    json properties = json::object();
    std::map<std::string, std::vector<std::string>, std::less<>> values;
    if (auto it = example.find("properties"); it != example.end() && !it->is_null()) {
        if (!it->is_object())
            return bad_request(path + ".properties: expected an object");
        for (const auto& [prop, value] : it->items()) {
            std::vector<std::string>& list = values[prop];
            if (auto err = property_values(value, path + ".properties." + prop, list))
                return bad_request(*err);
            properties[prop] = list;
        }
    }
    q.echo = {{"id", id}, {"schema", schema_text}, {"properties", properties}};

    auto get = [&](std::string_view prop) -> const std::vector<std::string>* {
        auto it = values.find(prop);
        return it == values.end() ? nullptr : &it->second;
    };
    auto add_name = [&](const std::string& name, const std::string& where) -> std::optional<Reply> {
        if (name.size() > limits.max_name_bytes) {
            return bad_request(
                fmt::format("{}: name longer than {} bytes", where, limits.max_name_bytes));
        }
        if (blank(name))
            return std::nullopt;
        if (std::find(q.names.begin(), q.names.end(), name) == q.names.end())
            q.names.push_back(name);
        return std::nullopt;
    };
    for (std::string_view prop : kNameProperties) {
        const auto* list = get(prop);
        if (list == nullptr)
            continue;
        for (std::size_t i = 0; i < list->size(); ++i) {
            if (auto err = add_name((*list)[i], fmt::format("{}.properties.{}[{}]", path, prop, i)))
                return err;
        }
    }
    std::string composed;
    for (std::string_view prop : kNamePartProperties) {
        const auto* list = get(prop);
        if (list == nullptr)
            continue;
        for (const std::string& part : *list) {
            if (blank(part))
                continue;
            composed += (composed.empty() ? "" : " ") + part;
            break;  // the first value of each part
        }
    }
    if (!composed.empty()) {
        if (auto err = add_name(composed, path + ".properties (firstName ... lastName)"))
            return err;
    }
    // FtM identifier properties: each value is an exact-match identifier of the query (a wallet's
    // publicKey, a passport...), screened with every name, or alone when the query has none.
    for (const auto& [prop, type] : kIdentifierProperties) {
        const auto* list = get(prop);
        if (list == nullptr)
            continue;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string& value = (*list)[i];
            if (blank(value))
                continue;
            if (value.size() > limits.max_name_bytes) {
                return bad_request(fmt::format("{}.properties.{}[{}]: longer than {} bytes", path, prop, i,
                                               limits.max_name_bytes));
            }
            if (q.query.identifiers.size() >= kMaxIdentifiers) {
                return bad_request(fmt::format("{}.properties: more than {} identifiers", path, kMaxIdentifiers));
            }
            Identifier identifier;
            identifier.type = type;
            identifier.value = value;
            q.query.identifiers.push_back(std::move(identifier));
        }
    }
    if (q.names.empty() && q.query.identifiers.empty()) {
        return bad_request(path +
                           ".properties: nothing to screen: no name (name, alias, previousName, weakAlias, "
                           "or firstName/lastName) and no identifier (passportNumber, idNumber, publicKey, ...)");
    }
    // The first birth date cordon can read; FtM drops dates it cannot parse, and so does this.
    if (const auto* dates = get("birthDate")) {
        for (const std::string& d : *dates) {
            if (auto date = parse_partial_date(d)) {
                q.query.birth_date = *date;
                break;
            }
        }
    }
    // The first country cordon knows, else the first given.
    std::string first_country;
    for (std::string_view prop : kCountryProperties) {
        const auto* list = get(prop);
        if (list == nullptr)
            continue;
        for (const std::string& c : *list) {
            if (blank(c))
                continue;
            if (first_country.empty())
                first_country = c;
            if (q.query.country.empty() && !country_code(c).empty())
                q.query.country = c;
        }
    }
    if (q.query.country.empty())
        q.query.country = first_country;
    return std::nullopt;
}

// ---- the response ----

void add_value(json& props, std::string_view key, std::string value) {
    if (blank(value))
        return;
    json& list = props[std::string(key)];
    if (list.is_null())
        list = json::array();
    if (std::find(list.begin(), list.end(), value) != list.end())
        return;
    list.push_back(std::move(value));
}

// FtM spells a country as its lowercase ISO 3166-1 alpha-2 code.
void add_country(json& props, std::string_view key, const std::string& value) {
    const std::string code = country_code(value);
    add_value(props, key, code.empty() ? value : lower(code));
}

// The FtM property an identifier goes under.
std::string_view identifier_property(const Identifier& id) {
    // Lists in FtM JSON keep the property as the label.
    for (std::string_view ftm : {"innCode", "ogrnCode", "okpoCode", "vatCode"}) {
        if (id.type_label == ftm)
            return ftm;
    }
    switch (id.type) {
        case IdType::kPassport:
            return "passportNumber";
        case IdType::kNationalId:
            return "idNumber";
        case IdType::kTaxId:
            return "taxNumber";
        case IdType::kRegistration:
            return id.type_label == "D-U-N-S Number" ? "dunsCode" : "registrationNumber";
        case IdType::kImo:
            return "imoNumber";
        case IdType::kSwiftBic:
            return "swiftBic";
        case IdType::kLei:
            return "leiCode";
        case IdType::kCryptoAddress:
            return "publicKey";
        case IdType::kOther:
            break;
    }
    const std::string label = lower(id.type_label);
    if (label.find("call sign") != std::string::npos)
        return "callSign";
    if (label == "mmsi")
        return "mmsi";
    if (label == "isin")
        return "isinCode";
    if (label == "equity ticker")
        return "ticker";
    if (label.starts_with("bik"))
        return "bikCode";
    if (label.find("tail number") != std::string::npos)
        return "registrationNumber";
    if (label.find("manufacturer's serial number") != std::string::npos)
        return "serialNumber";
    if (label.find("license") != std::string::npos && label.find("driver") == std::string::npos) {
        return "licenseNumber";
    }
    return "idNumber";
}

json ftm_properties(const Entity& e) {
    json p = json::object();
    for (const Name& n : e.names) {
        switch (n.kind) {
            case NameKind::kPrimary:
                add_value(p, "name", n.full);
                break;
            case NameKind::kAlias:
                add_value(p, "alias", n.full);
                break;
            case NameKind::kWeakAlias:
                add_value(p, "weakAlias", n.full);
                break;
            case NameKind::kFormerName:
                add_value(p, "previousName", n.full);
                break;
        }
    }
    for (const DatedFact& d : e.birth_dates) {
        if (d.date.empty())
            continue;
        if (d.date.year_to != 0 && d.date.year_to != d.date.year) {
            // FtM dates have no ranges: a range gives its two ends.
            add_value(p, "birthDate", fmt::format("{:04d}", d.date.year));
            add_value(p, "birthDate", fmt::format("{:04d}", d.date.year_to));
        } else {
            add_value(p, "birthDate", d.date.to_string());
        }
    }
    for (const Fact& f : e.birth_places)
        add_value(p, "birthPlace", f.value);
    // nationality is a Person property; other parties' go to country.
    const std::string_view nationality = e.schema == Schema::kPerson ? "nationality" : "country";
    for (const Fact& f : e.nationalities)
        add_country(p, nationality, f.value);
    for (const Fact& f : e.countries)
        add_country(p, "country", f.value);
    for (const Address& a : e.addresses) {
        if (!a.country.empty())
            add_country(p, "country", a.country);
        // An address that is only a country is the country alone.
        if (blank(a.street) && blank(a.city) && blank(a.region) && blank(a.postal_code) &&
            (blank(a.full) || a.full == a.country)) {
            continue;
        }
        std::string line = a.full;
        if (blank(line)) {
            line.clear();
            for (const std::string* part :
                 {&a.street, &a.city, &a.region, &a.postal_code, &a.country}) {
                if (!blank(*part))
                    line += (line.empty() ? "" : ", ") + *part;
            }
        }
        add_value(p, "address", line);
    }
    for (const Fact& f : e.gender) {
        const std::string g = lower(f.value);
        add_value(p, "gender", g == "male" || g == "female" ? g : f.value);
    }
    for (const Fact& f : e.titles)
        add_value(p, "title", f.value);
    for (const Identifier& id : e.identifiers) {
        add_value(p, identifier_property(id), id.value);
        if (id.type == IdType::kCryptoAddress && e.schema == Schema::kCryptoWallet) {
            add_value(p, "currency", id.asset);
        }
    }
    for (const Fact& f : e.programs)
        add_value(p, "program", f.value);
    for (const Fact& f : e.remarks)
        add_value(p, "notes", f.value);
    p["topics"] = json::array({"sanction"});
    return p;
}

json scored_entity(const Match& m, double threshold) {
    const Entity& e = *m.entity;
    json features = json::object();
    features["name_score"] = round3(m.explanation.name.score);
    for (const Factor& f : m.explanation.factors)
        features[f.name] = round3(f.delta);
    return {{"id", e.id},
            {"caption", e.primary_name() ? e.primary_name()->full : e.id},
            {"schema", schema_name(e.schema)},
            {"properties", ftm_properties(e)},
            {"datasets", json::array({e.source})},
            {"referents", json::array()},
            {"target", true},
            {"first_seen", nullptr},
            {"last_seen", nullptr},
            {"last_change", nullptr},
            {"score", round3(m.score)},
            {"features", features},
            {"match", m.score >= threshold},
            {"explanations", api::explanation_json(m.explanation)}};
}

// yente's AlgorithmResponse: each feature with its description, coefficient and documentation.
// Every cordon feature adds to the score as it is (score = name_score + the factors' deltas,
// clamped to [0, 1]), so each coefficient is 1.
json matcher_json() {
    static const json matcher = [] {
        const std::pair<const char*, const char*> features[] = {
            {"name_score",
             "Rarity-weighted soft-Dice over the best one-to-one pairing of query and listed name "
             "tokens (exact, romanisation variant, initial, fuzzy, phonetic, consonant skeleton, "
             "translation, joined or split tokens)"},
            {"common_words",
             "Taken away when the query is made of common words only, weak evidence alone"},
            {"weak_alias", "Taken away (10% of the score) when the matched name is a weak alias"},
            {"schema", "Taken away (0.15) when the query's schema conflicts with the listing's"},
            {"birth_date",
             "Added when the birth dates agree (0.05) or are within a year (0.02); taken away "
             "(0.20) when they differ"},
            {"country",
             "Added (0.03) when the query's country is among the listing's; taken away (0.08) when "
             "the listing names only other countries"},
        };
        json docs = json::object();
        for (const auto& [name, description] : features) {
            docs[name] = {
                {"description", description}, {"coefficient", 1.0}, {"url", "docs/matching.md"}};
        }
        return json{{"name", "cordon"},
                    {"description",
                     "cordon's name matcher: token pairing across spellings and scripts, "
                     "weighted by rarity in the loaded lists, then birth date, country, "
                     "schema and alias factors. `match` is score >= threshold (default "
                     "0.80, cordon's calibrated threshold)."},
                    {"features", docs}};
    }();
    return matcher;
}

// Screens every name of one query and keeps each entity's best match.
json match_one(const Screener& screener, const MatchQuery& q, const MatchSettings& s,
               Reply& reply) {
    ScreenOptions options;
    options.threshold = s.cutoff;
    // One more than asked, to tell whether there were more; padded by the excluded ids.
    options.limit = s.limit + 1 + s.excluded_ids.size();
    options.explain = true;
    options.lists = s.lists;
    std::vector<Match> best;
    std::unordered_map<std::uint32_t, std::size_t> at;  // ordinal -> position in best
    bool more = false;
    // An identifier-only query is screened once, with an empty name.
    const std::vector<std::string> only_identifiers{std::string()};
    const std::vector<std::string>& names = q.names.empty() ? only_identifiers : q.names;
    for (const std::string& name : names) {
        Query query = q.query;
        query.name = name;
        std::vector<Match> matches = screener.screen(query, options);
        if (matches.size() >= options.limit)
            more = true;
        for (Match& m : matches) {
            if (std::find(s.excluded_ids.begin(), s.excluded_ids.end(), m.entity->id) !=
                s.excluded_ids.end()) {
                continue;
            }
            auto [it, added] = at.try_emplace(m.ordinal, best.size());
            if (added) {
                best.push_back(std::move(m));
            } else if (m.score > best[it->second].score) {
                best[it->second] = std::move(m);
            }
        }
    }
    reply.parties += names.size();
    reply.names.insert(reply.names.end(), q.names.begin(), q.names.end());
    std::sort(best.begin(), best.end(), [](const Match& a, const Match& b) {
        if (a.score != b.score)
            return a.score > b.score;
        return a.ordinal < b.ordinal;
    });
    const std::size_t total = best.size();
    if (best.size() > s.limit)
        best.resize(s.limit);
    reply.matches += best.size();
    json results = json::array();
    for (const Match& m : best)
        results.push_back(scored_entity(m, s.threshold));
    return {{"status", 200},
            {"results", results},
            {"total", {{"value", total}, {"relation", more ? "gte" : "eq"}}},
            {"query", q.echo}};
}

Reply match(const Screener& screener, std::string_view dataset, std::string_view body,
            const Params& params, const Limits& limits) {
    MatchSettings settings;
    if (auto err = read_settings(screener, dataset, params, limits, settings))
        return *err;
    Reply error;
    auto request = parse_object_body(body, limits, "", error);
    if (!request)
        return error;
    auto queries_it = request->find("queries");
    if (queries_it == request->end() || !queries_it->is_object()) {
        return bad_request("queries: expected an object of queries by key");
    }
    const json& queries = *queries_it;
    if (queries.size() > limits.max_batch) {
        return error_reply(
            413, "payload_too_large",
            fmt::format("queries: {} queries, more than {}", queries.size(), limits.max_batch));
    }
    std::vector<MatchQuery> read;
    read.reserve(queries.size());
    std::size_t names = 0;
    for (const auto& [key, example] : queries.items()) {
        MatchQuery& q = read.emplace_back();
        if (auto err = read_query(key, example, limits, q))
            return *err;
        names += q.names.size();
        if (names > limits.max_batch) {
            return error_reply(
                413, "payload_too_large",
                fmt::format("queries: more than {} names to screen in all", limits.max_batch));
        }
    }
    Reply reply;
    json responses = json::object();
    for (const MatchQuery& q : read)
        responses[q.key] = match_one(screener, q, settings, reply);
    json out = {{"responses", responses}, {"matcher", matcher_json()}, {"limit", settings.limit}};
    Reply done = json_reply(out);
    done.parties = reply.parties;
    done.matches = reply.matches;
    done.names = std::move(reply.names);
    return done;
}

}  // namespace

Reply yente_match(const Screener& screener, std::string_view dataset, std::string_view body,
                  const Params& params, const Limits& limits) {
    // Nothing below is expected to throw (every access is checked first, and the replies dump
    // with invalid UTF-8 replaced); the handlers build their replies without anything that could.
    try {
        return match(screener, dataset, body, params, limits);
    } catch (const json::exception& e) {
        Reply r;
        r.status = 400;
        r.body = fmt::format(
            R"x({{"error":"bad_request","detail":"invalid request (JSON error {})"}})x", e.id);
        return r;
    } catch (...) {
        Reply r;
        r.status = 500;
        r.body = R"({"error":"internal_error","detail":"the request could not be screened"})";
        return r;
    }
}

}  // namespace cordon::service
