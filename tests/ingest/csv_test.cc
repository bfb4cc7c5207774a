// CsvReader: the RFC 4180 reader under the OFAC legacy CSV loader.
#include "../../src/ingest/csv.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cordon {
namespace {

// Reads all records or fails the test.
std::vector<CsvRecord> read_all(std::string_view text) {
    CsvReader reader(text, "t.csv");
    std::vector<CsvRecord> out;
    CsvRecord rec;
    while (true) {
        Result<bool> more = reader.next(rec);
        EXPECT_TRUE(more.ok()) << (more.ok() ? "" : more.error().to_string());
        if (!more || !*more)
            break;
        out.push_back(rec);
    }
    return out;
}

// The error the reader stops with, or a failed test when it reads everything.
Error first_error(std::string_view text) {
    CsvReader reader(text, "t.csv");
    CsvRecord rec;
    while (true) {
        Result<bool> more = reader.next(rec);
        if (!more)
            return more.error();
        if (!*more)
            break;
    }
    ADD_FAILURE() << "expected a CSV syntax error";
    return {};
}

TEST(CsvReader, ReadsCrlfRecordsWithLineNumbers) {
    auto recs = read_all("1,a,b\r\n2,c,d\r\n");
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0].fields, (std::vector<std::string>{"1", "a", "b"}));
    EXPECT_EQ(recs[1].fields, (std::vector<std::string>{"2", "c", "d"}));
    EXPECT_EQ(recs[0].line, 1u);
    EXPECT_EQ(recs[1].line, 2u);
}

TEST(CsvReader, KeepsLineBreakInQuotedFieldAndCountsItsLines) {
    auto recs = read_all("1,\"two\nlines\",x\n2,\"a\r\nb\",y\n3,z,w");
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[0].fields[1], "two\nlines");
    EXPECT_EQ(recs[1].fields[1], "a\r\nb");
    EXPECT_EQ(recs[0].line, 1u);
    EXPECT_EQ(recs[1].line, 3u);
    EXPECT_EQ(recs[2].line, 5u);
    EXPECT_EQ(recs[2].fields, (std::vector<std::string>{"3", "z", "w"}));
}

TEST(CsvReader, StopsAtDosEndOfFileByte) {
    auto recs = read_all("1,a\r\n2,b\r\n\x1A");
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[1].fields, (std::vector<std::string>{"2", "b"}));
    // Whatever follows the 0x1A byte is not data.
    EXPECT_EQ(read_all("1,a\x1A"
                       "2,b\r\n")
                  .size(),
              1u);
}

TEST(CsvReader, SkipsUtf8ByteOrderMark) {
    auto recs = read_all(
        "\xEF\xBB\xBF"
        "1,\xC3\xA9t\xC3\xA9\n");
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].fields[0], "1");
    EXPECT_EQ(recs[0].fields[1], "\xC3\xA9t\xC3\xA9");
}

TEST(CsvReader, UnescapesDoubledQuotes) {
    auto recs = read_all("\"say \"\"hi\"\"\",\"\"\"\"\n");
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].fields[0], "say \"hi\"");
    EXPECT_EQ(recs[0].fields[1], "\"");
}

TEST(CsvReader, KeepsOfacNullAndEmptyFields) {
    auto recs = read_all("36,-0- ,,\"\",\n");
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].fields, (std::vector<std::string>{"36", "-0- ", "", "", ""}));
    EXPECT_TRUE(is_ofac_null(recs[0].fields[1]));
    EXPECT_TRUE(is_ofac_null(recs[0].fields[2]));
    EXPECT_FALSE(is_ofac_null("0"));
    EXPECT_FALSE(is_ofac_null("-0-x"));
}

TEST(CsvReader, ToleratesSpacesAroundQuotedField) {
    auto recs = read_all("1, \"a\" ,b\n");
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].fields, (std::vector<std::string>{"1", "a", "b"}));
}

TEST(CsvReader, SkipsBlankLines) {
    auto recs = read_all("\r\n1,a\r\n\r\n\n2,b\n");
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0].line, 2u);
    EXPECT_EQ(recs[1].line, 5u);
}

TEST(CsvReader, ReadsLastRecordWithoutLineEnd) {
    auto recs = read_all("1,a\n2,b");
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[1].fields[1], "b");
}

TEST(CsvReader, RejectsUnterminatedQuoteNamingTheLineItOpensOn) {
    Error e = first_error("1,a\n2,\"open\nstill open\n");
    EXPECT_EQ(e.code, ErrorCode::kParse);
    EXPECT_EQ(e.where.file, "t.csv");
    EXPECT_EQ(e.where.line, 2u);
    EXPECT_NE(e.message.find("unterminated"), std::string::npos) << e.message;
}

TEST(CsvReader, RejectsTextAfterClosingQuote) {
    Error e = first_error("1,a\n2,\"closed\"early\",b\n");
    EXPECT_EQ(e.where.line, 2u);
    EXPECT_NE(e.message.find("field 2"), std::string::npos) << e.message;
}

TEST(CsvReader, RejectsStrayQuoteInsideUnquotedField) {
    Error e = first_error("1,ab\"c,d\n");
    EXPECT_EQ(e.where.line, 1u);
    EXPECT_NE(e.message.find("stray quote"), std::string::npos) << e.message;
}

TEST(CsvReader, ReadsEveryRecordOfTheBundledSdnCsv) {
    Result<std::string> text = read_file(CORDON_BUNDLED_DATA_DIR "/ofac-sdn/sdn.csv");
    ASSERT_TRUE(text.ok()) << text.error().to_string();
    CsvReader reader(*text, "sdn.csv");
    CsvRecord rec;
    std::size_t n = 0;
    std::size_t last_line = 0;
    while (true) {
        Result<bool> more = reader.next(rec);
        ASSERT_TRUE(more.ok()) << more.error().to_string();
        if (!*more)
            break;
        ++n;
        ASSERT_EQ(rec.fields.size(), 12u) << "line " << rec.line;
        ASSERT_GT(rec.line, last_line);
        last_line = rec.line;
    }
    EXPECT_EQ(n, 14965u);
    EXPECT_EQ(last_line, 14965u);  // no quoted line breaks in this file
}

TEST(ReadFile, MissingFileIsIoErrorNamingThePath) {
    Result<std::string> r = read_file("/nonexistent/dir/sdn.csv");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kIo);
    EXPECT_EQ(r.error().where.file, "/nonexistent/dir/sdn.csv");
    EXPECT_NE(r.error().to_string().find("/nonexistent/dir/sdn.csv"), std::string::npos);
}

TEST(Trim, TrimsAsciiWhitespaceOnly) {
    EXPECT_EQ(trim("  a b \r\n"), "a b");
    EXPECT_EQ(trim(" \t "), "");
    EXPECT_EQ(trim(""), "");
}

}  // namespace
}  // namespace cordon
