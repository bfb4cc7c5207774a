#include "cordon/screener.h"

#include <algorithm>
#include <numeric>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <thread>

#include "cordon/country.h"

namespace cordon {

namespace {

// How much agreement of other facts may raise a name score; the index is asked for candidates
// that could reach the threshold with this bonus.
constexpr double kBirthDateAgrees = 0.05;
constexpr double kBirthYearClose = 0.02;
constexpr double kBirthDateDiffers = -0.20;
constexpr double kCountryAgrees = 0.03;
constexpr double kCountryDiffers = -0.08;
constexpr double kSchemaConflict = -0.15;
constexpr double kWeakAliasFactor = 0.10;  // share of the score a weak alias gives up
constexpr double kMaxBonus = kBirthDateAgrees + kCountryAgrees;
// A query must carry this share of a never-seen token's weight to keep its full score: its rarest
// token counts fully, the others half. A name made only of common words ("Kim", "Bank of Korea")
// is weak evidence, however well it matches; one distinctive word ("Lukoil", "Hamas") is enough.
constexpr double kInformativeShare = 0.75;

bool schemas_compatible(Schema a, Schema b) {
    if (a == Schema::kUnknown || b == Schema::kUnknown || a == b) return true;
    if (is_organization(a) && is_organization(b)) return true;
    return false;
}

bool dates_agree(const PartialDate& q, const PartialDate& l) {
    int q_to = q.year_to != 0 ? q.year_to : q.year;
    int l_to = l.year_to != 0 ? l.year_to : l.year;
    if (q.year > l_to || l.year > q_to) return false;
    bool single = q.year_to == 0 && l.year_to == 0;
    if (single && q.month != 0 && l.month != 0 && q.month != l.month) return false;
    if (single && q.day != 0 && l.day != 0 && q.day != l.day) return false;
    return true;
}

int year_gap(const PartialDate& q, const PartialDate& l) {
    int q_to = q.year_to != 0 ? q.year_to : q.year;
    int l_to = l.year_to != 0 ? l.year_to : l.year;
    if (q.year > l_to) return q.year - l_to;
    if (l.year > q_to) return l.year - q_to;
    return 0;
}

void add_factor(Explanation& ex, bool explain, std::string name, double delta, std::string detail,
                double& score) {
    score += delta;
    if (explain) ex.factors.push_back({std::move(name), delta, std::move(detail)});
}

bool countries_compatible(const std::string& a, const std::string& b) {
    std::string ca = a.empty() ? std::string() : country_code(a);
    std::string cb = b.empty() ? std::string() : country_code(b);
    return ca.empty() || cb.empty() || ca == cb;
}

// A passport or national id of the query that the listing contradicts: the listing has ids of
// that type (countries the same or unknown), none equal to the query's. Counted once.
void identifier_conflict(const Query& q, const Entity& e, bool explain, Explanation& ex, double& score) {
    for (const Identifier& qi : q.identifiers) {
        if (!is_document_id(qi.type)) continue;
        const std::string qkey = identifier_key(qi.type, qi.value).key;
        if (qkey.empty()) continue;
        const Identifier* differing = nullptr;
        bool same = false;
        for (const Identifier& li : e.identifiers) {
            if (li.type != qi.type || !countries_compatible(qi.country, li.country)) continue;
            if (identifier_key(li.type, li.value).key == qkey) {
                same = true;
                break;
            }
            if (differing == nullptr) differing = &li;
        }
        if (!same && differing != nullptr) {
            add_factor(ex, explain, "identifier", kIdentifierDiffers,
                       std::string(id_type_name(qi.type)) + " " + qi.value + " vs listed " + differing->value +
                           (differing->country.empty() ? "" : " (" + differing->country + ")") + ": differs",
                       score);
            return;
        }
    }
}

// Applies what the query says beside the name; returns the adjusted score.
double apply_factors(const Query& q, const Entity& e, const ListedName& ln, double name_score,
                     double informativeness, bool explain, Explanation& ex) {
    double score = name_score;
    if (informativeness < 1.0) {
        add_factor(ex, explain, "common_words", -(1.0 - informativeness) * name_score,
                   "the query is made of common words, weak evidence alone", score);
    }
    if (ln.kind == NameKind::kWeakAlias) {
        add_factor(ex, explain, "weak_alias", -kWeakAliasFactor * name_score,
                   "matched a weak a.k.a., which alone is low-quality evidence", score);
    }
    if (q.schema && !schemas_compatible(*q.schema, e.schema)) {
        add_factor(ex, explain, "schema", kSchemaConflict,
                   std::string("query is a ") + std::string(schema_name(*q.schema)) +
                       ", listing is a " + std::string(schema_name(e.schema)),
                   score);
    }
    if (q.birth_date && !q.birth_date->empty() && !e.birth_dates.empty()) {
        const DatedFact* best = nullptr;
        int gap = 1 << 30;
        bool agree = false;
        for (const DatedFact& d : e.birth_dates) {
            if (d.date.empty()) continue;
            if (dates_agree(*q.birth_date, d.date)) {
                best = &d;
                agree = true;
                break;
            }
            int g = year_gap(*q.birth_date, d.date);
            if (g < gap) {
                gap = g;
                best = &d;
            }
        }
        if (best != nullptr) {
            std::string detail = q.birth_date->to_string() + " vs listed " + best->date.to_string();
            if (agree) {
                add_factor(ex, explain, "birth_date", kBirthDateAgrees, detail + ": agrees", score);
            } else if (gap <= 1) {
                add_factor(ex, explain, "birth_date", kBirthYearClose, detail + ": within a year", score);
            } else {
                add_factor(ex, explain, "birth_date", kBirthDateDiffers, detail + ": differs", score);
            }
        }
    }
    if (!q.country.empty()) {
        std::string qc = country_code(q.country);
        if (!qc.empty()) {
            bool any = false;
            std::string seen;
            auto check = [&](const std::string& text) {
                std::string c = country_code(text);
                if (c.empty()) return false;
                any = true;
                if (seen.find(c) == std::string::npos) seen += (seen.empty() ? "" : ",") + c;
                return c == qc;
            };
            bool hit = false;
            for (const Fact& f : e.nationalities) hit = check(f.value) || hit;
            for (const Fact& f : e.countries) hit = check(f.value) || hit;
            for (const Address& a : e.addresses) hit = check(a.country) || hit;
            if (hit) {
                add_factor(ex, explain, "country", kCountryAgrees, qc + " is among listed " + seen, score);
            } else if (any) {
                add_factor(ex, explain, "country", kCountryDiffers, qc + " is not among listed " + seen,
                           score);
            }
        }
    }
    if (!q.identifiers.empty()) identifier_conflict(q, e, explain, ex, score);
    return std::clamp(score, 0.0, 1.0);
}

}  // namespace

Screener::Screener(std::shared_ptr<const Snapshot> snapshot, std::shared_ptr<const Normalizer> normalizer)
    : snapshot_(std::move(snapshot)),
      normalizer_(normalizer ? std::move(normalizer) : std::make_shared<const Normalizer>()),
      index_(NameIndex::build(*snapshot_, *normalizer_)),
      ids_(IdentifierIndex::build(*snapshot_)) {}

std::vector<Match> Screener::finish(const Query& query, const PreparedQuery& prepared,
                                   const std::vector<std::uint32_t>& names, const ScreenOptions& options,
                                   bool use_reach) const {
    const double floor = options.threshold - kMaxBonus;
    double name_weight = 0;
    double rarest = 0;
    for (const ScoredToken& t : prepared.tokens) {
        if (t.role != TokenRole::kName) continue;
        name_weight += t.weight;
        rarest = std::max(rarest, static_cast<double>(t.weight));
    }
    const double evidence = rarest + 0.5 * (name_weight - rarest);
    const double informativeness =
        std::min(1.0, evidence / (kInformativeShare * index_.unknown_weight()));
    const QueryReach reach_lists = prepared.query_reach();
    const QueryReach* reach = use_reach ? &reach_lists : nullptr;
    // Best name per entity.
    thread_local std::vector<std::pair<double, std::uint32_t>> scored;  // (name score, name id)
    scored.clear();
    for (std::uint32_t id : names) {
        const ListedName& ln = index_.name(id);
        if (!options.lists.empty()) {
            const std::uint32_t list = snapshot_->list_index(ln.entity);
            if (list >= options.lists.size() || options.lists[list] == 0) continue;
        }
        bool person = ln.schema == Schema::kPerson &&
                      (!query.schema || *query.schema == Schema::kPerson);
        NameScore s = score_names(prepared.tokens, index_.tokens_of(id), {person, false}, prepared.joined,
                                  reach);
        if (s.score >= floor) scored.emplace_back(s.score, id);
    }
    std::sort(scored.begin(), scored.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first > b.first;
        return a.second < b.second;
    });
    std::vector<Match> out;
    std::vector<std::uint32_t> done;
    for (const auto& [name_score, id] : scored) {
        const ListedName& ln = index_.name(id);
        if (std::find(done.begin(), done.end(), ln.entity) != done.end()) continue;
        done.push_back(ln.entity);
        const Entity& e = snapshot_->entity(ln.entity);
        Explanation ex;
        double score = apply_factors(query, e, ln, name_score, informativeness, false, ex);
        if (score < options.threshold) continue;
        Match m;
        m.entity = &e;
        m.ordinal = ln.entity;
        m.name_index = ln.name;
        m.score = score;
        out.push_back(std::move(m));
    }
    std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
        if (a.score != b.score) return a.score > b.score;
        return a.ordinal < b.ordinal;
    });
    if (out.size() > options.limit) out.resize(options.limit);
    if (options.explain) {
        for (Match& m : out) {
            // Re-score the winning name with the explanation switched on.
            for (std::uint32_t id : index_.names_of_entity(m.ordinal)) {
                const ListedName& ln = index_.name(id);
                if (ln.name != m.name_index) continue;
                bool person = ln.schema == Schema::kPerson &&
                              (!query.schema || *query.schema == Schema::kPerson);
                m.explanation.name = score_names(prepared.tokens, index_.tokens_of(id), {person, true},
                                                 prepared.joined, reach);
                apply_factors(query, *m.entity, ln, m.explanation.name.score, informativeness, true,
                              m.explanation);
                break;
            }
        }
    }
    return out;
}

std::vector<Match> Screener::screen(const Query& query, const ScreenOptions& options) const {
    thread_local PreparedQuery prepared;
    thread_local std::vector<std::uint32_t> names;
    if (!query.identifiers.empty()) return screen_with_identifiers(query, options);
    index_.prepare(query.name, prepared);
    index_.candidates(prepared, std::max(0.0, options.threshold - kMaxBonus), names);
    return finish(query, prepared, names, options);
}

std::vector<Match> Screener::screen_with_identifiers(const Query& query, const ScreenOptions& options,
                                                     bool exhaustive) const {
    std::vector<Match> out;
    if (query.name.find_first_not_of(" \t\r\n") != std::string::npos) {
        PreparedQuery prepared;
        std::vector<std::uint32_t> names;
        index_.prepare(query.name, prepared);
        if (exhaustive) {
            names.resize(index_.name_count());
            std::iota(names.begin(), names.end(), 0U);
        } else {
            index_.candidates(prepared, std::max(0.0, options.threshold - kMaxBonus), names);
        }
        out = finish(query, prepared, names, options, !exhaustive);
    }
    for (const Identifier& qi : query.identifiers) {
        const IdKey k = identifier_key(qi.type, qi.value);
        for (const IdentifierPosting& p : ids_.find(qi.type, k.key)) {
            const Entity& e = snapshot_->entity(p.entity);
            if (e.names.empty()) continue;
            if (!options.lists.empty()) {
                const std::uint32_t list = snapshot_->list_index(p.entity);
                if (list >= options.lists.size() || options.lists[list] == 0) continue;
            }
            const Identifier& li = e.identifiers[p.identifier];
            if (is_document_id(qi.type) && !countries_compatible(qi.country, li.country)) continue;
            auto it = std::find_if(out.begin(), out.end(), [&](const Match& m) { return m.ordinal == p.entity; });
            if (it == out.end()) {
                Match m;
                m.entity = &e;
                m.ordinal = p.entity;
                out.push_back(std::move(m));
                it = out.end() - 1;
            }
            it->score = 1.0;
            std::string_view given = qi.value;
            while (!given.empty() && std::isspace(static_cast<unsigned char>(given.front()))) given.remove_prefix(1);
            while (!given.empty() && std::isspace(static_cast<unsigned char>(given.back()))) given.remove_suffix(1);
            it->explanation.identifiers.push_back({qi.type, qi.value, li.value,
                                                   given == li.value ? "exact" : "normalised",
                                                   k.check, li.asset, li.country});
        }
    }
    std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
        if (a.score != b.score) return a.score > b.score;
        return a.ordinal < b.ordinal;
    });
    if (out.size() > options.limit) out.resize(options.limit);
    return out;
}

std::vector<std::string> identifier_warnings(const Query& query) {
    std::vector<std::string> out;
    for (const Identifier& qi : query.identifiers) {
        IdKey k = identifier_key(qi.type, qi.value);
        if (!k.problem.empty()) out.push_back(std::string(id_type_name(qi.type)) + " " + qi.value + ": " + k.problem);
        else if (k.key.empty()) out.push_back(std::string(id_type_name(qi.type)) + ": empty value");
    }
    return out;
}

std::vector<Match> Screener::screen_exhaustive(const Query& query, const ScreenOptions& options) const {
    if (!query.identifiers.empty()) return screen_with_identifiers(query, options, true);
    PreparedQuery prepared;
    index_.prepare(query.name, prepared);
    std::vector<std::uint32_t> names(index_.name_count());
    for (std::uint32_t i = 0; i < names.size(); ++i) names[i] = i;
    return finish(query, prepared, names, options, false);
}

std::vector<std::vector<Match>> Screener::screen_batch(const std::vector<Query>& queries,
                                                       const ScreenOptions& options, unsigned threads,
                                                       const std::function<void(std::size_t)>& progress) const {
    std::vector<std::vector<Match>> results(queries.size());
    if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, queries.size())));
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    constexpr std::size_t kChunk = 64;
    auto work = [&] {
        while (true) {
            std::size_t begin = next.fetch_add(kChunk);
            if (begin >= queries.size()) break;
            std::size_t end = std::min(queries.size(), begin + kChunk);
            for (std::size_t i = begin; i < end; ++i) results[i] = screen(queries[i], options);
            done.fetch_add(end - begin);
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    if (progress) {
        // The calling thread works too, reporting between chunks.
        while (true) {
            std::size_t begin = next.fetch_add(kChunk);
            if (begin >= queries.size()) break;
            std::size_t end = std::min(queries.size(), begin + kChunk);
            for (std::size_t i = begin; i < end; ++i) results[i] = screen(queries[i], options);
            done.fetch_add(end - begin);
            progress(done.load());
        }
    } else {
        work();
    }
    for (std::thread& t : pool) t.join();
    if (progress) progress(queries.size());
    return results;
}

NameScore Screener::compare(std::string_view a, std::string_view b, std::optional<Schema> schema) const {
    PreparedQuery pa;
    PreparedQuery pb;
    index_.prepare(a, pa);
    index_.prepare(b, pb);
    return score_names(pa.tokens, pb.tokens, {!schema || *schema == Schema::kPerson, true}, pa.joined);
}

}  // namespace cordon
