// LineIndex: maps byte offsets of a file to 1-based line numbers, for the XML loaders.
//
// pugixml reports where an element starts (xml_node::offset_debug) and where a parse failed
// (xml_parse_result::offset) as byte offsets; a fact's Location wants a line an analyst can open.
//
//   const LineIndex lines(text);
//   std::size_t line = lines.line_of(node.offset_debug());
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

namespace cordon {

class LineIndex {
public:
    explicit LineIndex(std::string_view text) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n')
                newlines_.push_back(i);
        }
    }

    // 0 for a negative offset (pugixml's "unknown").
    std::size_t line_of(std::ptrdiff_t offset) const {
        if (offset < 0)
            return 0;
        auto it =
            std::lower_bound(newlines_.begin(), newlines_.end(), static_cast<std::size_t>(offset));
        return static_cast<std::size_t>(it - newlines_.begin()) + 1;
    }

private:
    std::vector<std::size_t> newlines_;
};

}  // namespace cordon
