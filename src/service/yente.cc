#include "yente.h"
namespace cordon::service {
Reply yente_match(const Screener&, std::string_view, std::string_view, const Params&, const Limits&) {
    return error_reply(404, "not_found", "TEMP");
}
}
