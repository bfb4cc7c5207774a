#include "cordon/result.h"

namespace cordon {

std::string_view error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::kParse: return "parse error";
        case ErrorCode::kIo: return "I/O error";
        case ErrorCode::kNotFound: return "not found";
        case ErrorCode::kInvalidArgument: return "invalid argument";
        case ErrorCode::kUnsupported: return "unsupported";
    }
    return "error";
}

std::string Location::to_string() const {
    std::string out = file;
    if (line > 0) out += (out.empty() ? "line " : ":") + std::to_string(line);
    if (!path.empty()) out += (out.empty() ? "" : " ") + path;
    if (!field.empty()) out += (out.empty() ? "field " : " field ") + field;
    return out;
}

std::string Error::to_string() const {
    std::string loc = where.to_string();
    std::string out = loc.empty() ? std::string() : loc + ": ";
    out += std::string(error_code_name(code)) + ": " + message;
    return out;
}

}  // namespace cordon
