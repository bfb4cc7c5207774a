// The bundled lists (data/) loaded and indexed once per test binary, for suites that screen
// against the real lists.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "cordon/ingest.h"
#include "cordon/screener.h"

namespace cordon::test {

inline const Screener& bundled_screener() {
    static const Screener* screener = [] {
        auto lists = load_data_dir(CORDON_BUNDLED_DATA_DIR, {});
        if (!lists) {
            std::cerr << "cannot load the bundled lists: " << lists.error().to_string() << "\n";
            std::abort();
        }
        return new Screener(std::make_shared<const Snapshot>(std::move(*lists)));
    }();
    return *screener;
}

}  // namespace cordon::test
