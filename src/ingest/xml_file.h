// An XML list file read whole and parsed in place, with the line index that turns pugixml's byte
// offsets into the lines a Location names. The loaders of sdn.xml, OFAC Enhanced XML and the UN
// list start from it.
//
//   auto file = read_xml_file(path);
//   if (!file) return file.error();       // unreadable, or not well-formed: path:line and why
//   pugi::xml_node root = (*file)->doc.document_element();
//   std::size_t line = (*file)->lines.line_of(root.offset_debug());
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "cordon/entity.h"
#include "cordon/ingest.h"
#include "cordon/result.h"
#include "csv.h"
#include "line_index.h"

namespace cordon {

struct XmlFile {
    explicit XmlFile(std::string content) : text(std::move(content)), lines(text) {}
    XmlFile(const XmlFile&) = delete;
    XmlFile& operator=(const XmlFile&) = delete;

    std::string text;  // the document's strings point into it
    LineIndex lines;
    pugi::xml_document doc;
};

inline Result<std::unique_ptr<XmlFile>> read_xml_file(const std::string& path) {
    Result<std::string> text = read_file(path);
    if (!text) return text.error();
    auto file = std::make_unique<XmlFile>(std::move(*text));
    // In place: offsets then refer to the file's own bytes, which the line index maps to lines.
    const pugi::xml_parse_result parsed =
        file->doc.load_buffer_inplace(file->text.data(), file->text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) {
        return make_error(ErrorCode::kParse, std::string("XML is not well-formed: ") + parsed.description(),
                          {path, file->lines.line_of(parsed.offset), "", ""});
    }
    return file;
}

// What the loaders of an XML list share while they build it: the list, where a node sits
// (file:line, element path, field), warnings, and the answer to a bad record (strict: the error,
// refusing the whole list; else the record skipped, counted and warned of).
class XmlListBuilder {
protected:
    XmlListBuilder(const std::string& path, const LoadOptions& options, const LineIndex& lines)
        : path_(path), options_(options), lines_(lines) {}

    Location where(const pugi::xml_node& node, std::string path, std::string_view field) const {
        return Location{path_, lines_.line_of(node.offset_debug()), std::move(path), std::string(field)};
    }

    void warn(std::string message, const pugi::xml_node& node, std::string path, std::string_view field) {
        list_.warnings.push_back({std::move(message), where(node, std::move(path), field)});
    }

    // The error to return (strict), or nullopt with the record skipped.
    std::optional<Error> bad_record(Error error) {
        if (options_.strict) return error;
        ++list_.skipped_records;
        list_.warnings.push_back({"skipped record: " + error.message, std::move(error.where)});
        return std::nullopt;
    }
    std::optional<Error> bad_record(std::string message, Location where) {
        return bad_record(make_error(ErrorCode::kParse, std::move(message), std::move(where)));
    }

    const std::string& path_;
    const LoadOptions& options_;
    const LineIndex& lines_;
    SourceList list_;
};

}  // namespace cordon
