// Minimal UTF-8 decoding for the tokenizer's scan loop (ICU is only used past the fast paths).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cordon::text {

struct CodePoint {
    char32_t cp;       // U+FFFD for malformed input
    std::uint32_t len; // bytes consumed (>= 1)
};

// Decodes the code point starting at s[i] (i < s.size()). Malformed or truncated sequences consume one
// byte and decode as U+FFFD, so a scan always makes progress.
inline CodePoint decode_utf8(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return {b0, 1};
    auto cont = [&](std::size_t k) -> int {
        if (i + k >= s.size()) return -1;
        const auto b = static_cast<unsigned char>(s[i + k]);
        return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
    };
    constexpr CodePoint kBad{0xFFFD, 1};
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        const int c1 = cont(1);
        if (c1 < 0) return kBad;
        return {static_cast<char32_t>(((b0 & 0x1F) << 6) | c1), 2};
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        const int c1 = cont(1), c2 = cont(2);
        if (c1 < 0 || c2 < 0) return kBad;
        const char32_t cp = ((b0 & 0x0F) << 12) | (c1 << 6) | c2;
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return kBad;
        return {cp, 3};
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        const int c1 = cont(1), c2 = cont(2), c3 = cont(3);
        if (c1 < 0 || c2 < 0 || c3 < 0) return kBad;
        const char32_t cp = ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
        if (cp < 0x10000 || cp > 0x10FFFF) return kBad;
        return {cp, 4};
    }
    return kBad;
}

}  // namespace cordon::text
