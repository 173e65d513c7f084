// The tables every return-to-danger study publishes, by name: `casebook table
// outcomes` is `--rows origin --cols outcome`; `casebook dims` lists them.
#pragma once

#include <string_view>
#include <vector>

namespace casebook::analysis {

// A table every return-to-danger study publishes: `casebook table <name>`.
struct TablePreset {
    std::string_view name;
    std::string_view rows;
    std::string_view cols;
    std::string_view summary;
};

// The presets: outcomes, flags, harms, mechanisms, timeline.
const std::vector<TablePreset>& table_presets();

// The preset with this name, or nullptr.
const TablePreset* find_preset(std::string_view name);

} // namespace casebook::analysis
