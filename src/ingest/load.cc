// Format detection and dispatch: "FORMAT:PATH" specs, sniffing a file or folder, and loading a
// data folder (one list per subfolder, named after it).
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "cordon/ingest.h"
#include "csv.h"

namespace cordon {

namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 6> kFormats = {"ofac-csv", "ofac-xml", "ofac-enhanced-xml",
                                                      "un-xml",   "ftm-json", "custom-csv"};

// Extensions of files that may hold a list; anything else in a list folder (README.md, .sha256...)
// is not a candidate.
constexpr std::array<std::string_view, 5> kListExtensions = {".xml", ".csv", ".json", ".jsonl",
                                                             ".ndjson"};


bool is_known_format(std::string_view f) {
    return std::find(kFormats.begin(), kFormats.end(), f) != kFormats.end();
}

Error no_such_path(const std::string& path) {
    return make_error(ErrorCode::kIo, "no such file or folder: " + path, {path, 0, "", ""});
}

// The file named `name` (ASCII case-insensitively: OFAC serves SDN.CSV) in `dir`, or "".
std::string find_in_dir(const fs::path& dir, std::string_view name) {
    std::error_code ec;
    std::string wanted = lower_ascii(name);
    std::string found;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file(ec)) continue;
        std::string file = entry.path().filename().string();
        if (file == name) return entry.path().string();  // an exact match wins
        if (lower_ascii(file) == wanted && found.empty()) found = entry.path().string();
    }
    return found;
}

// Regular, non-hidden files in `dir` whose extension suggests a list, sorted by name.
std::vector<std::string> list_files_in(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file(ec)) continue;
        std::string file = entry.path().filename().string();
        if (file.starts_with('.')) continue;
        std::string ext = lower_ascii(entry.path().extension().string());
        if (std::find(kListExtensions.begin(), kListExtensions.end(), ext) != kListExtensions.end()) {
            out.push_back(entry.path().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The first bytes of a file: enough to see a header row, an XML root or a first JSON line.
Result<std::string> read_head(const std::string& path, std::size_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::kIo, "cannot open file", {path, 0, "", ""});
    std::string buf(max_bytes, '\0');
    in.read(buf.data(), static_cast<std::streamsize>(max_bytes));
    buf.resize(static_cast<std::size_t>(in.gcount()));
    if (buf.starts_with("\xEF\xBB\xBF")) buf.erase(0, 3);
    return buf;
}

// The name of the root element, skipping the declaration, comments and a DOCTYPE.
std::string xml_root_name(std::string_view s) {
    std::size_t pos = 0;
    while ((pos = s.find('<', pos)) != std::string_view::npos) {
        std::string_view rest = s.substr(pos);
        if (rest.starts_with("<?")) {
            pos = s.find("?>", pos);
        } else if (rest.starts_with("<!--")) {
            pos = s.find("-->", pos);
        } else if (rest.starts_with("<!")) {
            pos = s.find('>', pos);
        } else {
            std::size_t end = pos + 1;
            while (end < s.size() && !std::isspace(static_cast<unsigned char>(s[end])) &&
                   s[end] != '>' && s[end] != '/') {
                ++end;
            }
            std::string_view name = s.substr(pos + 1, end - pos - 1);
            if (std::size_t colon = name.find(':'); colon != std::string_view::npos) {
                name.remove_prefix(colon + 1);
            }
            return std::string(name);
        }
        if (pos == std::string_view::npos) break;
    }
    return {};
}

bool is_custom_csv_header(std::string_view head) {
    CsvReader reader(head, "");
    CsvRecord rec;
    auto more = reader.next(rec);
    if (!more || !*more) return false;
    bool id = false;
    bool name = false;
    for (const std::string& f : rec.fields) {
        std::string col = lower_ascii(trim(f));
        id = id || col == "id";
        name = name || col == "name";
    }
    return id && name;
}

bool is_ftm_line(std::string_view head) {
    std::string_view line = head.substr(0, head.find('\n'));
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(line.data(), line.size(), true).get(doc) != simdjson::SUCCESS) return false;
    simdjson::dom::object obj;
    if (doc.get_object().get(obj) != simdjson::SUCCESS) return false;
    std::string_view schema;
    return obj.at_key("schema").get_string().get(schema) == simdjson::SUCCESS;
}

Result<std::string> detect_file_format(const std::string& path) {
    // The first line of an FtM file is one entity; OpenSanctions entities can be large.
    auto head = read_head(path, std::size_t{1} << 20);
    if (!head) return head.error();
    std::string ext = lower_ascii(fs::path(path).extension().string());
    if (ext == ".csv") return std::string(is_custom_csv_header(*head) ? "custom-csv" : "ofac-csv");

    std::string_view content = trim(*head);
    if (content.starts_with('<')) {
        std::string root = xml_root_name(content);
        if (root == "sdnList") return std::string("ofac-xml");
        if (root == "sanctionsData") return std::string("ofac-enhanced-xml");
        if (root == "CONSOLIDATED_LIST") return std::string("un-xml");
        return make_error(ErrorCode::kUnsupported,
                          "unknown XML list: root element <" + root + "> in " + path,
                          {path, 0, "", ""});
    }
    if (content.starts_with('{') && is_ftm_line(content)) return std::string("ftm-json");
    return make_error(ErrorCode::kUnsupported, "cannot tell the list format of " + path,
                      {path, 0, "", ""});
}

// A folder that is not an OFAC CSV set must hold exactly one list file; returns it.
Result<std::string> single_list_file(const std::string& dir) {
    std::vector<std::string> files = list_files_in(dir);
    if (files.size() == 1) return files.front();
    return make_error(ErrorCode::kUnsupported,
                      "folder " + dir + " holds " + std::to_string(files.size()) +
                          " list files; expected an OFAC CSV set (sdn.csv or cons_prim.csv) or "
                          "exactly one list file",
                      {dir, 0, "", ""});
}

Result<SourceList> load_ofac_csv_path(const std::string& path, const LoadOptions& options) {
    OfacCsvFiles files;
    fs::path dir;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        dir = path;
        files.main = find_in_dir(dir, "sdn.csv");
        if (files.main.empty()) files.main = find_in_dir(dir, "cons_prim.csv");
        if (files.main.empty()) {
            return make_error(ErrorCode::kNotFound, "no sdn.csv or cons_prim.csv in folder " + path,
                              {path, 0, "", ""});
        }
    } else {
        files.main = path;
        dir = fs::path(path).parent_path();
        if (dir.empty()) dir = ".";
    }
    const bool consolidated = lower_ascii(fs::path(files.main).filename().string()).starts_with("cons");
    files.add = find_in_dir(dir, consolidated ? "cons_add.csv" : "add.csv");
    files.alt = find_in_dir(dir, consolidated ? "cons_alt.csv" : "alt.csv");
    files.comments = find_in_dir(dir, consolidated ? "cons_comments.csv" : "sdn_comments.csv");
    return load_ofac_csv(files, options);
}

}  // namespace

ListSpec ListSpec::parse(std::string_view text) {
    // Only a known format name before the first ':' makes a prefix; "C:\lists\x.csv" or
    // "lists/a:b.xml" stay whole paths.
    if (std::size_t colon = text.find(':'); colon != std::string_view::npos) {
        std::string_view format = text.substr(0, colon);
        if (is_known_format(format)) return ListSpec{std::string(format), std::string(text.substr(colon + 1))};
    }
    return ListSpec{"", std::string(text)};
}

Result<std::string> detect_format(const std::string& path) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) return no_such_path(path);
    if (fs::is_directory(status)) {
        if (!find_in_dir(path, "sdn.csv").empty() || !find_in_dir(path, "cons_prim.csv").empty()) {
            return std::string("ofac-csv");
        }
        auto file = single_list_file(path);
        if (!file) return file.error();
        return detect_file_format(*file);
    }
    return detect_file_format(path);
}

Result<SourceList> load_list(const ListSpec& spec, const LoadOptions& options) {
    if (spec.path.empty()) {
        return make_error(ErrorCode::kInvalidArgument, "empty list path");
    }
    if (!spec.format.empty() && !is_known_format(spec.format)) {
        return make_error(ErrorCode::kInvalidArgument,
                          "unknown list format \"" + spec.format +
                              "\" (expected ofac-csv, ofac-xml, ofac-enhanced-xml, un-xml, ftm-json or "
                              "custom-csv)",
                          {spec.path, 0, "", ""});
    }
    std::error_code ec;
    if (!fs::exists(spec.path, ec)) return no_such_path(spec.path);

    std::string format = spec.format;
    if (format.empty()) {
        auto detected = detect_format(spec.path);
        if (!detected) return detected.error();
        format = *detected;
    }
    if (format == "ofac-csv") return load_ofac_csv_path(spec.path, options);

    std::string file = spec.path;
    if (fs::is_directory(spec.path, ec)) {
        auto single = single_list_file(spec.path);
        if (!single) return single.error();
        file = *single;
    }
    if (format == "ofac-xml") return load_ofac_xml(file, options);
    if (format == "ofac-enhanced-xml") return load_ofac_enhanced_xml(file, options);
    if (format == "un-xml") return load_un_xml(file, options);
    if (format == "ftm-json") return load_ftm_json(file, options);
    return load_custom_csv(file, options);
}

Result<std::vector<SourceList>> load_data_dir(const std::string& dir, const LoadOptions& options) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        if (!fs::exists(dir, ec)) return no_such_path(dir);
        return make_error(ErrorCode::kInvalidArgument, "not a folder: " + dir, {dir, 0, "", ""});
    }
    std::vector<fs::path> folders;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_directory(ec) && !entry.path().filename().string().starts_with('.')) {
            folders.push_back(entry.path());
        }
    }
    if (ec) return make_error(ErrorCode::kIo, "cannot read folder: " + ec.message(), {dir, 0, "", ""});
    if (folders.empty()) {
        return make_error(ErrorCode::kNotFound, "no list folders in " + dir, {dir, 0, "", ""});
    }
    std::sort(folders.begin(), folders.end());

    std::vector<SourceList> lists;
    for (const fs::path& folder : folders) {
        LoadOptions folder_options = options;
        folder_options.name = folder.filename().string();
        auto list = load_list(ListSpec{"", folder.string()}, folder_options);
        if (!list) {
            Error err = list.error();
            err.message = "list \"" + folder_options.name + "\": " + err.message;
            return err;
        }
        // Formats that carry no date (the OFAC CSV set) take it from a PUBLISHED file beside them:
        // one line, the publication date as yyyy-mm-dd.
        const fs::path stamp = folder / "PUBLISHED";
        if (list->published.empty() && fs::is_regular_file(stamp, ec)) {
            auto text = read_file(stamp.string());
            if (!text) return text.error();
            std::string line(trim(std::string_view(*text).substr(0, text->find('\n'))));
            auto date = parse_partial_date(line);
            if (!date || date->month == 0 || date->day == 0 || date->to_string() != line) {
                return make_error(ErrorCode::kParse, "expected a date as yyyy-mm-dd, found \"" + line + "\"",
                                  {stamp.string(), 1, "", "published"});
            }
            list->published = line;
        }
        lists.push_back(std::move(*list));
    }
    return lists;
}

Result<std::vector<SourceList>> load_sources(const ListSources& sources) {
    if (sources.lists.empty()) {
        auto lists = load_data_dir(sources.data_dir, sources.options);
        if (!lists) {
            Error e = lists.error();
            e.message = "cannot load lists from " + sources.data_dir + ": " + e.message;
            return e;
        }
        return lists;
    }
    std::vector<SourceList> lists;
    for (const std::string& spec : sources.lists) {
        auto list = load_list(ListSpec::parse(spec), sources.options);
        if (!list) {
            Error e = list.error();
            e.message = "cannot load list " + spec + ": " + e.message;
            return e;
        }
        lists.push_back(std::move(*list));
    }
    return lists;
}

}  // namespace cordon
