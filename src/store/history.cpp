#include "store/history.hpp"

#include <map>
#include <ostream>

#include <fmt/format.h>

#include "util/terminal.hpp"
#include "util/i18n.hpp"

namespace casebook::store {

namespace {

void diff_into(const Json& before, const Json& after, const std::string& pointer, std::vector<Change>& out)
{
    if (before.is_object() && after.is_object()) {
        for (const auto& [key, value] : before.items()) {
            std::string here = pointer + "/" + pointer_escape(key);
            auto it = after.find(key);
            if (it == after.end()) {
                out.push_back({here, value, std::nullopt});
            } else {
                diff_into(value, *it, here, out);
            }
        }
        for (const auto& [key, value] : after.items()) {
            if (!before.contains(key)) {
                out.push_back({pointer + "/" + pointer_escape(key), std::nullopt, value});
            }
        }
        return;
    }
    if (before.is_array() && after.is_array()) {
        std::size_t common = std::min(before.size(), after.size());
        for (std::size_t i = 0; i < common; ++i) {
            diff_into(before[i], after[i], pointer + "/" + std::to_string(i), out);
        }
        for (std::size_t i = common; i < before.size(); ++i) {
            out.push_back({pointer + "/" + std::to_string(i), before[i], std::nullopt});
        }
        for (std::size_t i = common; i < after.size(); ++i) {
            out.push_back({pointer + "/" + std::to_string(i), std::nullopt, after[i]});
        }
        return;
    }
    if (before != after) {
        out.push_back({pointer, before, after});
    }
}

std::string shown(const std::optional<Json>& v)
{
    return v ? v->dump() : std::string(tr("(absent)"));
}

} // namespace

std::vector<Change> diff_records(const Json& before, const Json& after)
{
    std::vector<Change> out;
    diff_into(before, after, "", out);
    return out;
}

std::string format_change(const Change& change)
{
    return fmt::format("{}: {} \u2192 {}", change.pointer.empty() ? "/" : change.pointer, shown(change.before),
                       shown(change.after));
}

void print_history(std::ostream& out, const std::vector<HistoryEntry>& entries, ShowDiff diff)
{
    // The document of each case as of the entries printed so far.
    std::map<std::string, const Json*> previous;
    for (const HistoryEntry& e : entries) {
        // Every value on its own line, escaped: a note or actor with a line
        // break or a terminal control cannot forge or hide an entry.
        auto line = [](std::string_view s) { return terminal_safe(s, LineBreaks::escape); };
        out << say("rev {}  {}  {}  {}  {} (revision {})\n", e.rev, line(e.at), line(e.actor), line(e.action),
                           line(e.case_id), e.revision);
        if (!e.note.empty()) {
            out << "  " << say("note: {}", line(e.note)) << '\n';
        }
        auto before = previous.find(e.case_id);
        if (diff == ShowDiff::yes && e.doc && before != previous.end() && before->second != nullptr) {
            for (const Change& c : diff_records(*before->second, *e.doc)) {
                out << "  " << line(format_change(c)) << '\n';
            }
        }
        if (e.doc) {
            previous[e.case_id] = &*e.doc;
        }
    }
}

} // namespace casebook::store
