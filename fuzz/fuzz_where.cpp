// libFuzzer target: the --where parser and its SQL compiler must never crash
// on any expression; bad ones are usage errors (casebook::Error), nothing else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "util/error.hpp"
#include "record/where.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string expr(reinterpret_cast<const char*>(data), size);
    try {
        casebook::record::Condition condition = casebook::record::parse_where(expr);
        (void)casebook::record::compile_where({condition});
    } catch (const casebook::Error&) {
        // A usage error with a message: the expected answer to a bad expression.
    }
    return 0;
}
