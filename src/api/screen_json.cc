#include "screen_json.h"

#include <cmath>

#include "cordon/country.h"

namespace cordon::api {

using nlohmann::json;

namespace {

// "[2].type: unknown identifier type x" (the caller puts the field name in front).
std::optional<std::string> identifiers_from_json(const json& j, std::vector<Identifier>& out) {
    if (!j.is_array()) return std::string(": expected an array of {\"type\", \"value\", \"country\"?}");
    for (std::size_t i = 0; i < j.size(); ++i) {
        const json& item = j[i];
        const std::string at = "[" + std::to_string(i) + "]";
        if (!item.is_object()) return at + ": expected an object {\"type\", \"value\", \"country\"?}";
        Identifier id;
        auto type = item.find("type");
        if (type == item.end() || !type->is_string()) return at + ".type: expected a string";
        auto parsed = parse_id_type(type->get<std::string>());
        if (!parsed) {
            return at + ".type: unknown identifier type " + type->get<std::string>() +
                   " (passport, national_id, tax_id, registration, imo, swift_bic, crypto, lei, other)";
        }
        id.type = *parsed;
        id.type_label = id_type_name(id.type);
        auto value = item.find("value");
        if (value == item.end() || !value->is_string()) return at + ".value: expected a string";
        id.value = value->get<std::string>();
        if (id.value.find_first_not_of(" \t\r\n") == std::string::npos) return at + ".value: empty";
        for (const char* field : {"country", "asset"}) {
            auto f = item.find(field);
            if (f == item.end() || f->is_null()) continue;
            if (!f->is_string()) return at + "." + field + ": expected a string";
            (std::string_view(field) == "country" ? id.country : id.asset) = f->get<std::string>();
        }
        out.push_back(std::move(id));
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> query_from_json(const json& j, Query& q) {
    if (!j.is_object()) return "expected a JSON object";
    if (j.contains("id")) {
        if (j["id"].is_string()) q.id = j["id"].get<std::string>();
        else if (j["id"].is_number()) q.id = j["id"].dump();
        else return "field id: expected a string or a number";
    }
    if (j.contains("identifiers") && !j["identifiers"].is_null()) {
        if (auto err = identifiers_from_json(j["identifiers"], q.identifiers)) return "field identifiers" + *err;
    }
    if (!q.identifiers.empty() && (!j.contains("name") || j["name"].is_null())) {
        q.name.clear();  // an identifier-only query
    } else {
        if (!j.contains("name") || !j["name"].is_string()) return "field name: expected a string";
        q.name = j["name"].get<std::string>();
    }
    if (j.contains("schema") && !j["schema"].is_null()) {
        if (!j["schema"].is_string()) return "field schema: expected a string";
        auto s = parse_schema(j["schema"].get<std::string>());
        if (!s) return "field schema: unknown schema " + j["schema"].get<std::string>();
        q.schema = *s;
    }
    if (j.contains("birth_date") && !j["birth_date"].is_null()) {
        if (!j["birth_date"].is_string()) return "field birth_date: expected a string";
        auto d = parse_partial_date(j["birth_date"].get<std::string>());
        if (!d) return "field birth_date: not a date: " + j["birth_date"].get<std::string>();
        q.birth_date = *d;
    }
    if (j.contains("country") && !j["country"].is_null()) {
        if (!j["country"].is_string()) return "field country: expected a string";
        q.country = j["country"].get<std::string>();
    }
    return std::nullopt;
}

std::optional<std::string> parse_query(std::string_view line, Query& q) {
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded()) return "invalid JSON";
    return query_from_json(j, q);
}

namespace {

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

}  // namespace

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
            if (key == "identifiers") return false;  // read by parse_query
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
        auto schema = parse_schema(*fields[2]);
        if (!schema) return false;
        out.schema = *schema;
    }
    if (fields[3]) {
        auto date = parse_partial_date(*fields[3]);
        if (!date) return false;
        out.birth_date = *date;
    }
    if (fields[4]) out.country = *fields[4];
    q = std::move(out);
    return true;
}

json explanation_json(const Explanation& ex) {
    json tokens = json::array();
    for (const auto& p : ex.name.pairs) {
        tokens.push_back({{"query", p.query},
                          {"listed", p.listed},
                          {"method", match_method_name(p.method)},
                          {"similarity", std::round(p.similarity * 1000) / 1000},
                          {"weight", std::round(p.weight * 100) / 100}});
    }
    json factors = json::array();
    for (const auto& f : ex.factors) {
        factors.push_back({{"factor", f.name}, {"delta", std::round(f.delta * 1000) / 1000}, {"detail", f.detail}});
    }
    json j = {{"name_score", std::round(ex.name.score * 1000) / 1000},
              {"tokens", tokens},
              {"unmatched_query", ex.name.unmatched_query},
              {"unmatched_listed", ex.name.unmatched_listed},
              {"factors", factors}};
    if (!ex.identifiers.empty()) {
        json ids = json::array();
        for (const auto& e : ex.identifiers) {
            ids.push_back({{"type", id_type_name(e.type)},
                           {"query", e.query},
                           {"listed", e.listed},
                           {"how", e.how},
                           {"check", id_check_name(e.check)},
                           {"asset", e.asset},
                           {"country", e.country}});
        }
        j["identifiers"] = ids;
    }
    return j;
}

json match_json(const Match& m) {
    const Entity& e = *m.entity;
    json programs = json::array();
    for (const auto& p : e.programs) programs.push_back(p.value);
    json j = {{"entity_id", e.id},
            {"score", std::round(m.score * 1000) / 1000},
            {"name", e.primary_name() ? e.primary_name()->full : ""},
            {"matched_name", e.names[m.name_index].full},
            {"matched_name_kind", name_kind_name(e.names[m.name_index].kind)},
            {"schema", schema_name(e.schema)},
            {"source", e.source},
            {"programs", programs},
            {"explanation", explanation_json(m.explanation)}};
    if (!m.linked.empty()) {
        json linked = json::array();
        for (const Link& l : m.linked) {
            linked.push_back({{"entity_id", l.entity->id},
                              {"name", l.entity->primary_name() ? l.entity->primary_name()->full : ""},
                              {"kind", l.kind},
                              {"direction", l.outgoing ? "out" : "in"}});
        }
        j["linked"] = std::move(linked);
    }
    return j;
}

json mention_json(const Mention& m) {
    json j = match_json(m.match);
    j["start"] = m.start;
    j["end"] = m.end;
    j["text"] = m.text;
    return j;
}

void write_explanation(JsonLineWriter& w, const Explanation& ex) {
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
    if (!ex.identifiers.empty()) {
        // Only when there are some: name-only answers keep their bytes.
        w.lit(R"(],"identifiers":[)");
        for (std::size_t i = 0; i < ex.identifiers.size(); ++i) {
            const auto& e = ex.identifiers[i];
            if (i == 0) {
                w.lit(R"({"asset":)");
            } else {
                w.lit(R"(,{"asset":)");
            }
            w.string(e.asset);
            w.lit(R"(,"check":)");
            w.string(id_check_name(e.check));
            w.lit(R"(,"country":)");
            w.string(e.country);
            w.lit(R"(,"how":)");
            w.string(e.how);
            w.lit(R"(,"listed":)");
            w.string(e.listed);
            w.lit(R"(,"query":)");
            w.string(e.query);
            w.lit(R"(,"type":)");
            w.string(id_type_name(e.type));
            w.lit("}");
        }
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
        w.string(match_method_name(p.method));
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

void write_match(JsonLineWriter& w, const Match& m) {
    const Entity& e = *m.entity;
    w.lit(R"("entity_id":)");
    w.string(e.id);
    w.lit(R"(,"explanation":{)");
    write_explanation(w, m.explanation);
    w.lit("}");
    if (!m.linked.empty()) {
        // {"direction", "entity_id", "kind", "name"}: json's key order.
        w.lit(R"(,"linked":[)");
        for (std::size_t i = 0; i < m.linked.size(); ++i) {
            const Link& l = m.linked[i];
            if (i == 0) {
                w.lit(R"({"direction":)");
            } else {
                w.lit(R"(,{"direction":)");
            }
            w.string(l.outgoing ? "out" : "in");
            w.lit(R"(,"entity_id":)");
            w.string(l.entity->id);
            w.lit(R"(,"kind":)");
            w.string(l.kind);
            w.lit(R"(,"name":)");
            w.string(l.entity->primary_name() ? std::string_view(l.entity->primary_name()->full) : std::string_view());
            w.lit("}");
        }
        w.lit("]");
    }
    w.lit(R"(,"matched_name":)");
    w.string(e.names[m.name_index].full);
    w.lit(R"(,"matched_name_kind":)");
    w.string(name_kind_name(e.names[m.name_index].kind));
    w.lit(R"(,"name":)");
    w.string(e.primary_name() ? std::string_view(e.primary_name()->full) : std::string_view());
    w.lit(R"(,"programs":[)");
    for (std::size_t i = 0; i < e.programs.size(); ++i) {
        if (i > 0) w.lit(",");
        w.string(e.programs[i].value);
    }
    w.lit(R"(],"schema":)");
    w.string(schema_name(e.schema));
    w.lit(R"(,"score":)");
    w.scaled(m.score, 1000);
    w.lit(R"(,"source":)");
    w.string(e.source);
}

void write_screen_result(JsonLineWriter& w, std::string_view id, const std::vector<Match>& matches,
                         const double* elapsed_us, std::string_view error,
                         const std::vector<std::string>* warnings) {
    // {"elapsed_us", "error", "id", "matches", "warnings"}: json's key order.
    w.lit("{");
    bool first = true;
    if (elapsed_us != nullptr) {
        w.key(R"("elapsed_us":)", first);
        w.scaled(*elapsed_us, 100);
        first = false;
    }
    if (!error.empty()) {
        w.key(R"("error":)", first);
        w.string(error);
        first = false;
    }
    w.key(R"("id":)", first);
    w.string(id);
    w.lit(R"(,"matches":[)");
    for (std::size_t k = 0; k < matches.size(); ++k) {
        if (k == 0) {
            w.lit("{");
        } else {
            w.lit(",{");
        }
        write_match(w, matches[k]);
        w.lit("}");
    }
    w.lit("]");
    if (warnings != nullptr && !warnings->empty()) {
        w.lit(R"(,"warnings":[)");
        for (std::size_t i = 0; i < warnings->size(); ++i) {
            if (i > 0) w.lit(",");
            w.string((*warnings)[i]);
        }
        w.lit("]");
    }
    w.lit("}");
}

namespace {

// {"file", "line", "path", "field"}: line 0 and empty strings where the source has none.
json where_json(const Location& at) {
    return {{"file", at.file}, {"line", at.line}, {"path", at.path}, {"field", at.field}};
}

json facts_json(const std::vector<Fact>& facts) {
    json out = json::array();
    for (const Fact& f : facts) out.push_back({{"value", f.value}, {"source", where_json(f.where)}});
    return out;
}

json dated_json(const std::vector<DatedFact>& facts) {
    json out = json::array();
    for (const DatedFact& f : facts) {
        out.push_back({{"date", f.date.empty() ? json(nullptr) : json(f.date.to_string())},
                       {"raw", f.raw},
                       {"source", where_json(f.where)}});
    }
    return out;
}

}  // namespace

json entity_json(const Entity& e, const SourceList* list) {
    json names = json::array();
    for (const Name& n : e.names) {
        names.push_back({{"full", n.full}, {"kind", name_kind_name(n.kind)}, {"source", where_json(n.where)}});
    }
    json addresses = json::array();
    for (const Address& a : e.addresses) {
        addresses.push_back({{"street", a.street}, {"city", a.city}, {"region", a.region},
                             {"postal_code", a.postal_code}, {"country", a.country}, {"full", a.full},
                             {"source", where_json(a.where)}});
    }
    json identifiers = json::array();
    for (const Identifier& i : e.identifiers) {
        identifiers.push_back({{"type", id_type_name(i.type)}, {"type_label", i.type_label}, {"value", i.value},
                               {"country", i.country}, {"asset", i.asset}, {"note", i.note},
                               {"source", where_json(i.where)}});
    }
    json relations = json::array();
    for (const Relation& r : e.relations) {
        relations.push_back({{"kind", r.kind}, {"target_name", r.target_name}, {"target_id", r.target_id},
                             {"detail", r.detail}, {"source", where_json(r.where)}});
    }
    json j = {{"id", e.id},
              {"native_id", e.native_id},
              {"source", e.source},
              {"schema", schema_name(e.schema)},
              {"names", names},
              {"birth_dates", dated_json(e.birth_dates)},
              {"birth_places", facts_json(e.birth_places)},
              {"nationalities", facts_json(e.nationalities)},
              {"countries", facts_json(e.countries)},
              {"gender", facts_json(e.gender)},
              {"titles", facts_json(e.titles)},
              {"addresses", addresses},
              {"identifiers", identifiers},
              {"programs", facts_json(e.programs)},
              {"relations", relations},
              {"remarks", facts_json(e.remarks)},
              {"listed_on", dated_json(e.listed_on)}};
    if (list != nullptr) j["list"] = {{"name", list->name}, {"published", list->published}};
    return j;
}

}  // namespace cordon::api
