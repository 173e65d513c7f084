#include "json/diagnostic.hpp"

#include <ostream>
#include <string>

#include "util/quoting.hpp"
#include "util/terminal.hpp"

namespace casebook {

void print_text(std::ostream& out, const Diagnostic& d)
{
    // One line, whatever the file name, the keys in the pointer or the values
    // quoted in the message hold: no terminal control, no line break.
    std::string line = d.file;
    if (d.line != 0) {
        line += ':' + std::to_string(d.line) + ':' + std::to_string(d.column);
    }
    line += d.severity == Severity::error ? ": error: " : ": warning: ";
    if (!d.pointer.empty()) {
        // Each step of the pointer cut like a quoted value: a 1 MB unknown key is not echoed whole.
        std::size_t start = 0;
        while (start < d.pointer.size()) {
            std::size_t slash = d.pointer.find('/', start + 1);
            std::size_t end = slash == std::string::npos ? d.pointer.size() : slash;
            line += shorten(std::string_view(d.pointer).substr(start, end - start));
            start = end;
        }
        line += ": ";
    }
    line += d.message;
    out << terminal_safe(line, LineBreaks::escape) << '\n';
}

Json to_json(const Diagnostic& d)
{
    Json j = Json::object();
    j["file"] = d.file;
    j["line"] = d.line;
    j["column"] = d.column;
    j["pointer"] = d.pointer;
    j["severity"] = d.severity == Severity::error ? "error" : "warning";
    j["code"] = d.code;
    j["message"] = d.message;
    return j;
}

} // namespace casebook
