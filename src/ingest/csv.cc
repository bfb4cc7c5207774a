#include "csv.h"

#include <cctype>
#include <fstream>
#include <sstream>

namespace cordon {

CsvReader::CsvReader(std::string_view text, std::string file_name)
    : text_(text), file_(std::move(file_name)) {
    // Drop a UTF-8 byte order mark.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
}

Result<bool> CsvReader::next(CsvRecord& out) {
    out.fields.clear();
    // Skip blank lines and the DOS end-of-file byte.
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == '\x1A') {
            pos_ = text_.size();
        } else if (c == '\r') {
            ++pos_;
        } else if (c == '\n') {
            ++pos_;
            ++line_;
        } else {
            break;
        }
    }
    if (pos_ >= text_.size()) return false;

    out.line = line_;
    std::string field;
    bool in_quotes = false;
    bool was_quoted = false;
    std::size_t quote_line = line_;
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (in_quotes) {
            if (c == '"') {
                if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
                    field += '"';
                    pos_ += 2;
                    continue;
                }
                in_quotes = false;
                ++pos_;
                continue;
            }
            if (c == '\n') ++line_;
            field += c;
            ++pos_;
            continue;
        }
        if (c == '"') {
            if (!field.empty() && trim(field).empty()) field.clear();
            if (!field.empty() || was_quoted) {
                return make_error(ErrorCode::kParse,
                                  "stray quote inside field " + std::to_string(out.fields.size() + 1),
                                  {file_, line_, "", ""});
            }
            in_quotes = true;
            was_quoted = true;
            quote_line = line_;
            ++pos_;
            continue;
        }
        if (c == ',') {
            out.fields.push_back(std::move(field));
            field.clear();
            was_quoted = false;
            ++pos_;
            continue;
        }
        if (c == '\r' || c == '\n' || c == '\x1A') break;
        if (was_quoted) {
            // Text after a closing quote: tolerate trailing spaces only.
            if (c != ' ' && c != '\t') {
                return make_error(ErrorCode::kParse,
                                  "text after closing quote in field " +
                                      std::to_string(out.fields.size() + 1),
                                  {file_, line_, "", ""});
            }
            ++pos_;
            continue;
        }
        field += c;
        ++pos_;
    }
    if (in_quotes) {
        return make_error(ErrorCode::kParse, "unterminated quoted field " +
                                                 std::to_string(out.fields.size() + 1),
                          {file_, quote_line, "", ""});
    }
    out.fields.push_back(std::move(field));
    return true;
}

bool is_ofac_null(std::string_view field) {
    std::string_view t = trim(field);
    return t.empty() || t == "-0-";
}

std::string_view trim(std::string_view s) {
    const char* ws = " \t\r\n";
    std::size_t b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    std::size_t e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

std::string collapse_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = !out.empty();
        } else {
            if (space) out += ' ';
            space = false;
            out += c;
        }
    }
    return out;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::kIo, "cannot open file", {path, 0, "", ""});
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return make_error(ErrorCode::kIo, "read failed", {path, 0, "", ""});
    return ss.str();
}

}  // namespace cordon
