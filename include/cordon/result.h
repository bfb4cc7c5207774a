// Result<T>: a value or an Error that says what went wrong and where.
//
// Parsing, loading and lookups return Result<T>; the CLI and the service turn errors into messages
// (and the service into HTTP statuses). Hot paths never throw.
//
//   Result<SourceList> r = load_list(spec, options);
//   if (!r) { std::cerr << r.error().to_string() << "\n"; return 3; }
//   use(*r);
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace cordon {

enum class ErrorCode {
    kParse,            // the input is not in the expected format
    kIo,               // a file could not be opened or read
    kNotFound,         // a named thing (entity, file, list) does not exist
    kInvalidArgument,  // a caller passed a value that makes no sense
    kUnsupported,      // a format or feature this build does not handle
};

std::string_view error_code_name(ErrorCode code);

// Where a fact or a problem comes from: a file and a line (or an element path) and a field.
struct Location {
    std::string file;   // path as given to the loader, or a logical name
    std::size_t line = 0;  // 1-based; 0 when unknown
    std::string path;   // element path for XML/JSON (e.g. /sdnList/sdnEntry[12]/akaList)
    std::string field;  // column or property name

    // "file:line field" / "file path field", skipping empty parts.
    std::string to_string() const;
};

struct Error {
    ErrorCode code = ErrorCode::kParse;
    std::string message;
    Location where;

    std::string to_string() const;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}    // NOLINT(google-explicit-constructor)

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

// For operations that produce nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

inline Error make_error(ErrorCode code, std::string message, Location where = {}) {
    return Error{code, std::move(message), std::move(where)};
}

}  // namespace cordon
