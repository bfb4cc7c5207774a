// JsonLineWriter: the batch output of `cordon screen --batch`, written straight into a byte buffer.
//
// The bytes are those of building an nlohmann::json object per query and dumping it (keys sorted,
// as its std::map orders them; strings escaped and numbers formatted as its serializer does),
// without the tree of allocations that costs more than screening. The common cases have fast paths
// that write the same bytes as nlohmann (tests/cli/json_line_writer_test.cc checks them against
// it, the numbers exhaustively over their range); anything else goes through nlohmann itself.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace cordon::api {

// Bytes JSON does not write as they are between quotes (controls, '"', '\') or that need
// nlohmann's UTF-8 checks (all of 0x80-0xFF).
struct NotPlainTable {
    bool at[256] = {};
    constexpr NotPlainTable() {
        for (int c = 0; c < 0x20; ++c) at[c] = true;
        for (int c = 0x80; c < 0x100; ++c) at[c] = true;
        at[static_cast<unsigned char>('"')] = at[static_cast<unsigned char>('\\')] = true;
    }
};
inline constexpr NotPlainTable kNotPlain;

// True when JSON writes `s` as it is between quotes: printable ASCII without '"' and '\'.
// Eight bytes at a time (each test below is exact for "some byte in the word"), then a table.
inline bool json_plain(std::string_view s) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
    const char* p = s.data();
    const std::size_t n = s.size();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t v;
        std::memcpy(&v, p + i, 8);
        const std::uint64_t control = (v - kOnes * 0x20) & ~v;  // a byte < 0x20
        const std::uint64_t q = v ^ (kOnes * '"'), b = v ^ (kOnes * '\\');
        const std::uint64_t quote = (q - kOnes) & ~q, backslash = (b - kOnes) & ~b;  // a zero byte
        if ((v | control | quote | backslash) & kHighs) return false;
    }
    for (; i < n; ++i) {
        if (kNotPlain.at[static_cast<unsigned char>(p[i])]) return false;
    }
    return true;
}

// Writes std::round(x * scale) / scale (scale 100 or 1000) into `out` as nlohmann's serializer
// (grisu2) writes that double, for |std::round(x * scale)| <= kMaxScaled; returns the end, or
// nullptr when out of that range or not finite (the caller then formats the double itself).
// For such values the shortest round-trip form is the decimal n / scale itself: the integer part,
// a dot, the fraction digits without trailing zeros (at least one digit: 1.0, 0.0, -0.0).
inline constexpr double kMaxScaled = 1e6;

inline char* scaled_decimal(char* out, double x, unsigned scale) {
    const double n = std::round(x * scale);
    if (!(std::fabs(n) <= kMaxScaled)) return nullptr;  // also NaN
    if (std::signbit(n)) *out++ = '-';                   // n / scale keeps the sign of n, -0.0 too
    const auto m = static_cast<std::uint32_t>(std::fabs(n));
    std::uint32_t ip = m / scale, fp = m % scale;
    char digits[10];
    int k = 0;
    do {
        digits[k++] = static_cast<char>('0' + ip % 10);
        ip /= 10;
    } while (ip != 0);
    while (k > 0) *out++ = digits[--k];
    *out++ = '.';
    if (fp == 0) {
        *out++ = '0';
        return out;
    }
    for (unsigned d = scale / 10; fp != 0; d /= 10) {
        *out++ = static_cast<char>('0' + fp / d);
        fp %= d;
    }
    return out;
}

// A growing byte buffer with unchecked writes after one capacity check per item.
class OutBuffer {
public:
    OutBuffer() = default;
    ~OutBuffer() { std::free(data_); }
    OutBuffer(const OutBuffer&) = delete;
    OutBuffer& operator=(const OutBuffer&) = delete;

    void clear() { size_ = 0; }
    const char* data() const { return data_; }
    std::size_t size() const { return size_; }
    std::string_view view() const { return {data_, size_}; }

    // Room for n more bytes; returns where they go (commit them with advance).
    char* reserve(std::size_t n) {
        if (cap_ - size_ < n) grow(n);
        return data_ + size_;
    }
    void advance_to(const char* end) { size_ = static_cast<std::size_t>(end - data_); }
    void append(std::string_view s) {
        char* p = reserve(s.size());
        if (!s.empty()) std::memcpy(p, s.data(), s.size());
        size_ += s.size();
    }

private:
    void grow(std::size_t n) {
        std::size_t cap = cap_ == 0 ? 1 << 16 : cap_ * 2;
        while (cap - size_ < n) cap *= 2;
        auto* p = static_cast<char*>(std::realloc(data_, cap));
        if (p == nullptr) throw std::bad_alloc();
        data_ = p;
        cap_ = cap;
    }

    char* data_ = nullptr;
    std::size_t size_ = 0, cap_ = 0;
};

class JsonLineWriter {
public:
    explicit JsonLineWriter(OutBuffer& out) : out_(out) {}

    void string(std::string_view s) {
        if (json_plain(s)) {
            char* p = out_.reserve(s.size() + 2);
            *p++ = '"';
            if (!s.empty()) std::memcpy(p, s.data(), s.size());
            p += s.size();
            *p++ = '"';
            out_.advance_to(p);
        } else {
            // nlohmann's escapes and its UTF-8 checks (it throws on invalid UTF-8, as before).
            out_.append(nlohmann::json(s).dump());
        }
    }
    // The same, with invalid UTF-8 written as U+FFFD instead of throwing (text from a socket).
    void string_lossy(std::string_view s) {
        if (json_plain(s)) {
            string(s);
        } else {
            out_.append(nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        }
    }
    // std::round(x * scale) / scale, the way the output rounds its numbers.
    void scaled(double x, unsigned scale) {
        char* p = out_.reserve(64);
        if (char* end = scaled_decimal(p, x, scale)) {
            out_.advance_to(end);
        } else {
            number(std::round(x * scale) / scale);
        }
    }
    void number(double x) {
        if (!std::isfinite(x)) {
            raw("null");
            return;
        }
        char* p = out_.reserve(64);
        out_.advance_to(nlohmann::detail::to_chars(p, p + 64, x));
    }
    // `"key":` given as the literal `"key":`; with a comma before it unless it opens the object.
    void key(std::string_view quoted_key_colon, bool first = false) {
        char* p = out_.reserve(quoted_key_colon.size() + 1);
        if (!first) *p++ = ',';
        std::memcpy(p, quoted_key_colon.data(), quoted_key_colon.size());
        out_.advance_to(p + quoted_key_colon.size());
    }
    void raw(std::string_view s) { out_.append(s); }
    // A literal: its length is known here, so the copy is a few moves.
    template <std::size_t N>
    void lit(const char (&s)[N]) {
        char* p = out_.reserve(N - 1);
        std::memcpy(p, s, N - 1);
        out_.advance_to(p + (N - 1));
    }

private:
    OutBuffer& out_;
};

}  // namespace cordon::api
