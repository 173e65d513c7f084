#include "input/record_position.hpp"

#include <memory>
#include <string>
#include <vector>

#include "json/scan.hpp"

namespace casebook::input {

namespace {

// Where each element of the top-level array of a JSON text starts, found in
// one pass. Locating a problem in the 5,000th record of an array file then
// scans that record, not the 4,999 before it (which made checking an array
// file quadratic in its size).
struct ArrayIndex {
    std::weak_ptr<const std::string> text; // the text indexed; the last one used is kept
    std::vector<std::size_t> offsets;       // byte offset of each element
    std::vector<Position> positions;        // and its line and column in the text
};

const ArrayIndex& array_index(const std::shared_ptr<const std::string>& text)
{
    static thread_local ArrayIndex index;
    bool same = !index.text.expired() && !index.text.owner_before(text) && !text.owner_before(index.text);
    if (same) {
        return index;
    }
    index = ArrayIndex{text, {}, {}};
    std::string_view s(*text);
    std::size_t p = skip_whitespace(s, 0);
    if (p >= s.size() || s[p] != '[') {
        return index;
    }
    PositionCounter counter(s);
    p = skip_whitespace(s, p + 1);
    while (p < s.size() && s[p] != ']') {
        index.offsets.push_back(p);
        index.positions.push_back(counter.at(p));
        p = skip_whitespace(s, skip_value(s, p));
        if (p < s.size() && s[p] == ',') {
            p = skip_whitespace(s, p + 1);
        }
    }
    return index;
}

} // namespace

Position record_position(const SourceRecord& record, std::string_view pointer)
{
    std::string_view text(*record.text);
    const std::string& base = record.base_pointer;
    if (base.size() > 1 && base[0] == '/' && base.find_first_not_of("0123456789", 1) == std::string::npos && base.size() < 12) {
        const ArrayIndex& index = array_index(record.text);
        std::size_t i = std::stoul(base.substr(1));
        if (i < index.offsets.size()) {
            std::string_view value = text.substr(index.offsets[i]);
            Position start = index.positions[i];
            Position within = position_at(value, locate(value, pointer));
            return Position{record.first_line + start.line + within.line - 2,
                            within.line == 1 ? start.column + within.column - 1 : within.column};
        }
    }
    Position pos = position_at(text, locate(text, record.base_pointer + std::string(pointer)));
    return Position{record.first_line + pos.line - 1, pos.column};
}

Diagnostic locate_problem(const SourceRecord& record, const Problem& problem)
{
    Diagnostic d{record.file, 0, 0, problem.pointer, problem.code, problem.message, problem.severity};
    if (record.text) {
        Position pos = record_position(record, problem.pointer);
        d.line = pos.line;
        d.column = pos.column;
    }
    return d;
}

} // namespace casebook::input
