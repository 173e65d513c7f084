#include "casebook/diagnostic.hpp"

#include <ostream>

namespace casebook {

void print_text(std::ostream& out, const Diagnostic& d)
{
    out << d.file;
    if (d.line != 0) {
        out << ':' << d.line << ':' << d.column;
    }
    out << (d.severity == Severity::error ? ": error: " : ": warning: ");
    if (!d.pointer.empty()) {
        out << d.pointer << ": ";
    }
    out << d.message << '\n';
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
