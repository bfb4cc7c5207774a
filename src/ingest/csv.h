// A strict RFC 4180 CSV reader that knows where it is (line numbers for every record and field),
// for the OFAC legacy CSV files and cordon's custom-list CSV.
//
// Quirks of the OFAC files it handles: no header row, a 0x1A end-of-file byte, CRLF line ends,
// quoted fields holding newlines. "-0-" (OFAC's null) is left to the caller (see is_ofac_null).
//
//   CsvReader reader(text, "sdn.csv");
//   CsvRecord rec;
//   while (true) {
//       auto more = reader.next(rec);
//       if (!more) return more.error();   // malformed quoting, with file:line
//       if (!*more) break;                // end of input
//       use(rec.fields, rec.line);
//   }
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cordon/result.h"

namespace cordon {

struct CsvRecord {
    std::vector<std::string> fields;
    std::size_t line = 0;  // 1-based line on which the record starts
};

class CsvReader {
public:
    CsvReader(std::string_view text, std::string file_name);

    // Reads the next record into `out`. Returns true when a record was read, false at the end,
    // or an Error (unterminated quote, stray quote inside a quoted field) naming file:line.
    Result<bool> next(CsvRecord& out);

    const std::string& file_name() const { return file_; }

private:
    std::string_view text_;
    std::string file_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

// True for OFAC's empty marker "-0-" (with or without trailing space) and for blank fields.
bool is_ofac_null(std::string_view field);

// Reads a whole file into memory; kIo error naming the path when it cannot.
Result<std::string> read_file(const std::string& path);

// Trims ASCII whitespace at both ends.
std::string_view trim(std::string_view s);

// Trims and collapses each run of ASCII whitespace to one space (lists wrap long values over
// indented lines).
std::string collapse_whitespace(std::string_view s);

std::string lower_ascii(std::string_view s);

}  // namespace cordon
