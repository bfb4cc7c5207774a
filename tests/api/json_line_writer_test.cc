// The batch writer's fast paths write the bytes nlohmann::json writes.
#include "json_line_writer.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <string>

namespace cordon::api {
namespace {

std::string reference_number(double x) {  // what json(x).dump() writes
    return nlohmann::json(x).dump();
}

std::string written(auto&& write) {
    OutBuffer buf;
    JsonLineWriter w(buf);
    write(w);
    return std::string(buf.view());
}

// Every value the fast path takes: n / scale for |n| <= kMaxScaled, both signs of zero included.
TEST(JsonLineWriter, ScaledNumbersMatchNlohmannExhaustively) {
    for (const unsigned scale : {100U, 1000U}) {
        const auto limit = static_cast<long>(kMaxScaled) + 3;
        std::array<char, 64> buf{};
        for (long n = -limit; n <= limit; ++n) {
            const double x = static_cast<double>(n) / scale;  // round(x * scale) == n
            const double v = std::round(x * scale) / scale;
            char* end = scaled_decimal(buf.data(), x, scale);
            if (std::fabs(std::round(x * scale)) > kMaxScaled) {
                ASSERT_EQ(end, nullptr) << n;
                continue;
            }
            ASSERT_NE(end, nullptr) << n;
            std::array<char, 64> ref{};
            char* ref_end = nlohmann::detail::to_chars(ref.data(), ref.data() + ref.size(), v);
            ASSERT_EQ(std::string(buf.data(), end), std::string(ref.data(), ref_end)) << n << "/" << scale;
        }
    }
}

TEST(JsonLineWriter, ScaledRoundsAndFallsBack) {
    const double values[] = {0.0,     -0.0,     0.12345, 0.9996, -0.0004, 1.0,  2.5e-4, -2.5e-4, 0.87649999,
                             12345.6, 1e9,      -1e12,   1e300,  5e-324,  0.1 + 0.2,
                             std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()};
    for (const unsigned scale : {100U, 1000U}) {
        for (const double x : values) {
            const double v = std::round(x * scale) / scale;
            const std::string expected = std::isfinite(v) ? reference_number(v) : "null";
            EXPECT_EQ(written([&](JsonLineWriter& w) { w.scaled(x, scale); }), expected) << x << " " << scale;
        }
    }
}

TEST(JsonLineWriter, StringsMatchNlohmann) {
    const std::string cases[] = {"",
                                 "a",
                                 "plain ASCII name, LLC.",
                                 "exactly8",
                                 "sixteen bytes ok",
                                 "quote \" inside",
                                 "back\\slash",
                                 "tab\there",
                                 std::string("nul\0byte", 8),
                                 "del \x7f char",
                                 "\x1f",
                                 "long enough to use words and then a \" near the end",
                                 "Société Générale",
                                 "محمد بن سلمان",
                                 "ends with é",
                                 "~}|{ `_^]",
                                 "0123456789abcdef\n"};
    for (const std::string& s : cases) {
        EXPECT_EQ(written([&](JsonLineWriter& w) { w.string(s); }), nlohmann::json(s).dump()) << s;
    }
    // Every single byte, and every byte at each position of a 17-byte string.
    for (int c = 0; c < 256; ++c) {
        for (std::size_t at = 0; at < 17; ++at) {
            std::string s(17, 'x');
            s[at] = static_cast<char>(c);
            std::string expected;
            try {
                expected = nlohmann::json(s).dump();
            } catch (const nlohmann::json::exception&) {
                EXPECT_THROW(written([&](JsonLineWriter& w) { w.string(s); }), nlohmann::json::exception);
                continue;
            }
            EXPECT_EQ(written([&](JsonLineWriter& w) { w.string(s); }), expected) << c << " at " << at;
        }
    }
}

TEST(JsonLineWriter, KeysAndBufferGrowth) {
    OutBuffer buf;
    JsonLineWriter w(buf);
    w.raw("{");
    w.key(R"("a":)", true);
    w.string("x");
    w.key(R"("b":)");
    w.number(0.5);
    w.raw("}");
    EXPECT_EQ(buf.view(), R"({"a":"x","b":0.5})");
    buf.clear();
    std::string big(300000, 'q');
    w.string(big);
    EXPECT_EQ(buf.view(), "\"" + big + "\"");
}

}  // namespace
}  // namespace cordon::api
