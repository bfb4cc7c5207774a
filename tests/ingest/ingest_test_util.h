// Helpers shared by the ingest test suites: temporary files and looking entities up in a list.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/entity.h"
#include "cordon/result.h"

namespace cordon::test {

// Writes `content` to a file of that name in the test's temporary folder; returns its path.
inline std::string write_temp(const std::string& name, const std::string& content) {
    std::string path = ::testing::TempDir() + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

// The list a load gave, or an empty one with the error reported as a test failure (for a suite's
// shared list, loaded once: `static const SourceList list = loaded(load_ofac_xml(path, {}));`).
inline SourceList loaded(Result<SourceList> r) {
    if (!r) {
        ADD_FAILURE() << r.error().to_string();
        return SourceList{};
    }
    return std::move(r).value();
}

// The entity with this id, or nullptr.
inline const Entity* find(const SourceList& list, std::string_view id) {
    for (const Entity& e : list.entities) {
        if (e.id == id) return &e;
    }
    return nullptr;
}

inline std::vector<std::string> fact_values(const std::vector<Fact>& facts) {
    std::vector<std::string> out;
    for (const Fact& f : facts) out.push_back(f.value);
    return out;
}

}  // namespace cordon::test
