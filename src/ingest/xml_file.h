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
#include <string>

#include <pugixml.hpp>

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

}  // namespace cordon
