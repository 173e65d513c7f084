// Where a checker is in a record, as a chain of steps on the stack: the JSON
// Pointer string is built only when a problem is reported, so checking a valid
// record allocates no pointer strings.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "json/json.hpp"

namespace casebook {

class PointerPath {
public:
    // The root: a pointer given as text, already escaped ("" or "/flight").
    explicit PointerPath(std::string_view prefix) : prefix_(prefix) {}
    // The member `key` (unescaped) of the object at parent.
    PointerPath(const PointerPath& parent, std::string_view key) : parent_(&parent), key_(key) {}
    // The element `index` of the array at parent.
    PointerPath(const PointerPath& parent, std::size_t index) : parent_(&parent), index_(index) {}

    // The JSON Pointer ("/journey/1/country").
    std::string str() const
    {
        std::string out;
        append_to(out);
        return out;
    }

private:
    void append_to(std::string& out) const
    {
        if (parent_ == nullptr) {
            out += prefix_;
            return;
        }
        parent_->append_to(out);
        out += '/';
        if (index_ != no_index) {
            out += std::to_string(index_);
        } else {
            out += pointer_escape(key_);
        }
    }

    static constexpr std::size_t no_index = static_cast<std::size_t>(-1);
    const PointerPath* parent_ = nullptr;
    std::string_view prefix_;
    std::string_view key_;
    std::size_t index_ = no_index;
};

} // namespace casebook
