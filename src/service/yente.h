// POST /match/{dataset}: OpenSanctions yente's matching API over cordon, so that a yente client
// switches to cordon by changing its base URL. Request and response follow yente's
// EntityMatchQuery / EntityMatchResponse: queries are FollowTheMoney entities "by example", results
// are FtM entities with a score, per-feature scores and a `match` flag, plus cordon's explanation.
//
//   Params params{{"limit", "3"}};
//   Reply r = yente_match(screener, "default",
//                         R"({"queries": {"q1": {"schema": "Person",
//                             "properties": {"name": ["Kim Sang Man"], "birthDate": ["1965"]}}}})",
//                         params, Limits{});
//   // r.status == 200; r.body: {"responses": {"q1": {"results": [{"id": "ofac-sdn:43377", ...}]}}}
//
// What differs from yente, and why, is in docs/yente.md.
#pragma once

#include <string_view>

#include "reply.h"

#include "cordon/screener.h"

namespace cordon::service {

// yente's `threshold` default is 0.7 for its own scorers; cordon's scores are calibrated
// differently, so `match` uses cordon's threshold unless the request sets one.
inline constexpr double kYenteDefaultThreshold = kDefaultThreshold;
inline constexpr double kYenteDefaultCutoff = 0.5;    // lowest score returned, as yente's
inline constexpr std::size_t kYenteDefaultLimit = 5;  // results per query, as yente's

// POST /match/{dataset}. `dataset` is "default", "sanctions" or "all" (every list) or a list name
// in screener.snapshot().lists(); `params` are the decoded query parameters (limit, threshold,
// cutoff; include_dataset, exclude_dataset, exclude_schema, exclude_entity_ids; algorithm and
// other yente parameters are accepted and ignored). Never throws: every input gets a Reply, 4xx
// ones in the shape of error_reply.
Reply yente_match(const Screener& screener, std::string_view dataset, std::string_view body,
                  const Params& params, const Limits& limits);

}  // namespace cordon::service
