#pragma once
#include "cordon/screener.h"
#include "reply.h"
namespace cordon::service {
Reply yente_match(const Screener& screener, std::string_view dataset, std::string_view body, const Params& params,
                  const Limits& limits);
}
