// Free-text scanning (scan_text) of English news text against all bundled lists, in bytes per
// second on one core. The corpus (about 600 KB) is generated here from paragraphs written for this
// benchmark about trade, sanctions and the economy, with the names of people, companies and places
// that are not listed, and a few listed parties mentioned in some paragraphs (as a story about a
// designation would). Its mentions are checked before timing.
//
// Every scan_text call starts with an empty window cache, so a name repeated in the corpus is
// screened once per call, as in one long story; the corpus mixes 60 people, 40 companies and 50
// places over 48 sentence patterns so that most windows are new to the call.
//
//   ./build/bench/cordon_bench --benchmark_filter=Scan
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "cordon/ingest.h"
#include "cordon/scan.h"

namespace cordon {
namespace {

const Screener& scan_screener() {
    static const Screener s = [] {
        auto lists = load_data_dir(CORDON_BUNDLED_DATA_DIR, {});
        if (!lists) std::abort();
        return Screener(std::make_shared<const Snapshot>(std::move(*lists)));
    }();
    return s;
}

const std::vector<std::string> kPeople = {
    "Sarah Mitchell", "Tomasz Kowalski", "Elena Rossi", "Rajesh Iyer", "Hiroshi Tanaka", "Amelia Brooks",
    "Carlos Mendes", "Ingrid Larsen", "David Okafor", "Mei Ling Chen", "Jean-Pierre Dubois", "Olivia Grant",
    "Marcus Webb", "Anna Schmidt", "Pedro Alvarez", "Grace Wanjiru", "Lukas Novak", "Fiona McAllister",
    "Samuel Adeyemi", "Yuki Sato", "Thomas Reilly", "Katarzyna Nowak", "Daniel Whitaker", "Priya Raman",
    "Henrik Johansson", "Lucia Fernandez", "Michael O'Connor", "Sophie Laurent", "Benjamin Carter",
    "Aisha Bello", "Robert Lindqvist", "Chloe Martin", "Jonathan Price", "Isabel Moreno", "Patrick Doyle",
    "Hannah Fischer", "William Turner", "Noor Haddad", "Stefan Weber", "Laura Bianchi", "Kevin Walsh",
    "Mariana Costa", "Peter Hughes", "Emily Thompson", "Rafael Ortega", "Claire Dupont", "Andrew Collins",
    "Julia Becker", "George Mensah", "Rachel Stein", "Matteo Ricci", "Sofia Andersson", "Brian Nelson",
    "Janet Yellen", "Lee Ha-young", "Margaret Holloway", "Victor Lindgren", "Alice Morgan", "Oscar Nilsson",
    "Helen Zhao"};
const std::vector<std::string> kCompanies = {
    "Harbor Freight Lines", "Northgate Capital", "Meridian Shipping", "Bluewater Energy", "Crescent Foods",
    "Atlas Steelworks", "Pinecrest Pharmaceuticals", "Silverline Telecom", "Redwood Logistics",
    "Summit Mining", "Oakridge Insurance", "Cobalt Semiconductor", "Evergreen Grain Traders",
    "Lighthouse Payments", "Granite Construction Partners", "Nordic Timber", "Sunfield Solar",
    "Horizon Airlines", "Westbrook Retail", "Falcon Aerospace", "Keystone Chemicals", "Maple Leaf Dairy",
    "Iron Bridge Securities", "Coral Bay Resorts", "Vantage Motors", "Copperfield Metals", "Brightwater Utilities",
    "Stonegate Properties", "Clearview Analytics", "Riverside Textiles", "Highland Coffee Importers",
    "Seaborne Containers", "Prairie Fertilizers", "Quartz Data Centers", "Bayview Fisheries",
    "Willow Creek Wines", "Aurora Biotech", "Trident Port Services", "Goldleaf Tobacco", "Sterling Freight"};
const std::vector<std::string> kPlaces = {
    "Washington", "London", "Brussels", "Frankfurt", "Singapore", "Rotterdam", "Tokyo", "Seoul", "Geneva",
    "Dubai", "Istanbul", "Mumbai", "Shanghai", "Hong Kong", "Sydney", "Toronto", "Mexico City", "Sao Paulo",
    "Johannesburg", "Lagos", "Nairobi", "Cairo", "Warsaw", "Vienna", "Madrid", "Lisbon", "Oslo", "Stockholm",
    "Helsinki", "Tallinn", "Riga", "Vilnius", "Prague", "Budapest", "Athens", "Rome", "Milan", "Paris",
    "Marseille", "Hamburg", "Antwerp", "Dublin", "Edinburgh", "Chicago", "Houston", "Los Angeles", "Seattle",
    "Vancouver", "Jakarta", "Manila"};
const std::vector<std::string> kGoods = {
    "soybeans", "crude oil", "liquefied natural gas", "steel coils", "semiconductors", "wheat", "copper",
    "aluminium", "fertiliser", "timber", "container freight", "refined diesel", "coffee", "cotton", "nickel",
    "lithium", "rare earths", "jet fuel", "palm oil", "sugar"};
const std::vector<std::string> kMonths = {"January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December"};
// {P} person, {C} company, {L} place, {G} goods, {M} month, {N} a number.
const std::vector<std::string> kSentences = {
    "Exports of {G} from {L} rose {N} percent in {M}, the highest monthly figure in three years.",
    "{P}, chief economist at {C}, said the figures pointed to a slower recovery than markets expected.",
    "The central bank in {L} left its benchmark rate unchanged at {N} percent on Thursday.",
    "Shares of {C} fell {N} percent in early trading after the company cut its full-year forecast.",
    "Officials in {L} said talks on a new trade agreement would resume in {M}.",
    "{P} told reporters that the government had no plans to raise tariffs on {G}.",
    "Prices for {G} have climbed steadily since {M}, squeezing margins for manufacturers in {L}.",
    "{C} agreed to buy a stake in a rival for about {N} million dollars, according to people familiar with the deal.",
    "The finance ministry said it would publish revised growth estimates before the end of {M}.",
    "Analysts at {C} expect inflation in {L} to ease to {N} percent by the end of next year.",
    "Port congestion in {L} has delayed shipments of {G} by as much as {N} days, traders said.",
    "{P}, a former trade negotiator, said the dispute could take years to resolve.",
    "The European Commission opened an inquiry into subsidies paid to producers of {G}.",
    "Regulators in {L} fined {C} {N} million dollars for breaches of anti-money-laundering rules.",
    "Compliance teams at banks in {L} have added staff to screen payments against sanctions lists.",
    "{P} said the new export controls would mostly affect sales of {G} to a handful of countries.",
    "The Treasury said the measures were intended to cut off revenue that funds weapons programmes.",
    "Freight rates between {L} and {L} dropped {N} percent last week as demand softened.",
    "{C} reported quarterly revenue of {N} million dollars, slightly above analysts' estimates.",
    "Union leaders in {L} called a strike at the main terminal, halting loading of {G}.",
    "According to customs data, imports of {G} into {L} fell for the {N}th month in a row.",
    "{P} will take over as chief executive of {C} in {M}, the company said in a statement.",
    "Investors are watching whether the central bank in {L} signals a cut at its {M} meeting.",
    "The World Bank lowered its global growth forecast to {N} percent, citing weaker trade.",
    "Lawmakers in {L} approved a bill that would tighten reporting rules for shipping companies.",
    "A spokesperson for {C} declined to comment on the report, citing the ongoing investigation.",
    "{P}, who advises exporters in {L}, said many firms were rerouting cargo through third countries.",
    "The ministry estimated that the embargo had cost producers of {G} about {N} million dollars.",
    "Credit rating agencies kept their outlook on {L} stable despite the rising deficit.",
    "{C} said it had stopped accepting payments from customers in the affected regions.",
    "Economists polled by {C} expect unemployment in {L} to stay near {N} percent this year.",
    "Diplomats in {L} said a compromise on the sanctions package could be reached by {M}.",
    "{P} said the investigation had found no evidence that {C} knowingly broke the rules.",
    "Oil tankers switching off their transponders near {L} have drawn the attention of investigators.",
    "The agency added {N} companies and {N} individuals to its list, most of them based in {L}.",
    "Banks in {L} were told to review correspondent accounts opened in the past {N} years.",
    "{P} of {C} said demand for {G} in {L} remained strong despite higher prices.",
    "Market participants said liquidity in {L} had thinned ahead of the holiday in {M}.",
    "The audit found that {C} had failed to keep records of shipments of {G} for {N} months.",
    "In a speech in {L}, {P} urged governments to coordinate their responses to the crisis.",
    "The shipping registry in {L} removed {N} vessels that had been reported for ship-to-ship transfers.",
    "{C} hired {P} to lead a review of its sanctions compliance programme.",
    "Wholesale electricity prices in {L} rose {N} percent after a cold spell in {M}.",
    "The court in {L} ordered {C} to pay damages to suppliers who had not been paid for {G}.",
    "Officials said the designations were coordinated with partners in {L} and {L}.",
    "{P} noted that enforcement actions had risen to {N} this year, from fewer than ten a decade ago.",
    "A draft of the report, seen by reporters in {L}, recommends stricter checks on {G} imports.",
    "Trading volumes in {G} futures were {N} percent below their average in {M}."};
// Listed parties, as a story about them would write them.
const std::vector<std::string> kListedSentences = {
    "The Treasury also designated Kim Sang Man, who it said ran the finances of Chinyong Information "
    "Technology Cooperation Company.",
    "Workers sent abroad by Jinyong IT Cooperation Company earned money for the government, officials said.",
    "Investigators linked the payments to Korea Daesong Bank, which has been under sanctions for years.",
    "Researchers attributed the theft to the Lazarus Group, a hacking team tied to the government."};

std::string news_corpus(std::size_t bytes) {
    std::mt19937 rng(2023);
    auto pick = [&](const std::vector<std::string>& v) -> const std::string& { return v[rng() % v.size()]; };
    std::string out;
    std::size_t paragraph = 0;
    while (out.size() < bytes) {
        const std::size_t sentences = 4 + rng() % 4;
        for (std::size_t s = 0; s < sentences; ++s) {
            std::string t = (paragraph % 25 == 7 && s == 1) ? pick(kListedSentences) : pick(kSentences);
            std::string filled;
            for (std::size_t i = 0; i < t.size(); ++i) {
                if (t[i] == '{' && i + 2 < t.size() && t[i + 2] == '}') {
                    switch (t[i + 1]) {
                        case 'P': filled += pick(kPeople); break;
                        case 'C': filled += pick(kCompanies); break;
                        case 'L': filled += pick(kPlaces); break;
                        case 'G': filled += pick(kGoods); break;
                        case 'M': filled += pick(kMonths); break;
                        default: filled += std::to_string(2 + rng() % 97); break;
                    }
                    i += 2;
                } else {
                    filled += t[i];
                }
            }
            out += filled;
            out += ' ';
        }
        out += "\n\n";
        ++paragraph;
    }
    return out;
}

void BM_ScanNews(benchmark::State& state) {
    const Screener& s = scan_screener();
    const std::string text = news_corpus(static_cast<std::size_t>(state.range(0)));
    ScanOptions o;
    o.limit = SIZE_MAX;
    const auto mentions = scan_text(s, text, o);
    bool kim = false;
    for (const Mention& m : mentions) kim = kim || m.match.entity->id == "ofac-sdn:43377";
    if (!kim) {
        state.SkipWithError("Kim Sang Man not found in the corpus");
        return;
    }
    if (const char* dump = std::getenv("CORDON_SCAN_CORPUS")) {  // the corpus, to read or to scan by hand
        if (FILE* f = std::fopen(dump, "w")) {
            std::fwrite(text.data(), 1, text.size(), f);
            std::fclose(f);
        }
    }
    for (auto _ : state) benchmark::DoNotOptimize(scan_text(s, text, o));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    state.counters["mentions"] = static_cast<double>(mentions.size());
}
BENCHMARK(BM_ScanNews)->Arg(600 << 10)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cordon
