// libFuzzer target: the record parser, the validator and the locator must
// never crash, hang or leak on any input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "json/json.hpp"
#include "record/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    casebook::ParseResult parsed = casebook::parse_json(text);
    if (!parsed.value) {
        (void)casebook::position_at(text, parsed.error.offset);
        return 0;
    }
    std::vector<casebook::Problem> problems = casebook::record::check_record(*parsed.value);
    for (const casebook::Problem& p : problems) {
        std::size_t offset = casebook::locate(text, p.pointer);
        (void)casebook::position_at(text, offset);
    }
    return 0;
}
