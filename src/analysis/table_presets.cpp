#include "analysis/table_presets.hpp"

#include "util/i18n.hpp"

namespace casebook::analysis {

namespace {

// clang-format off
const std::vector<TablePreset> presets = {
    {"outcomes",   "origin",        "outcome",   N_("post-return outcomes by country of origin")},
    {"flags",      "origin",        "flag",      N_("signs of refoulement by country of origin")},
    {"harms",      "origin",        "harm",      N_("harms after return by country of origin")},
    {"mechanisms", "returned_from", "mechanism", N_("return mechanisms by the country that returned people")},
    {"timeline",   "return_year",   "outcome",   N_("post-return outcomes by year of return")},
};
// clang-format on

} // namespace

const std::vector<TablePreset>& table_presets() { return presets; }

const TablePreset* find_preset(std::string_view name)
{
    for (const TablePreset& p : presets) {
        if (p.name == name) {
            return &p;
        }
    }
    return nullptr;
}

} // namespace casebook::analysis
