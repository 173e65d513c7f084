// casebook-readstat: writes the Stata (.dta) and SPSS (.sav) files of
// `casebook export --format stata|spss` with ReadStat. A program of its own
// because Debian ships ReadStat only as a shared library and casebook is
// linked statically: casebook runs it (never through a shell) and feeds it the
// tables on standard input (stat_wire.hpp), every name, label and code
// already decided; this program only writes them. Each file it is told to
// write already exists in casebook's private staging folder (mode 0600): it
// is opened without following links and without creating anything. On any
// failure it says why on standard error and exits 1; casebook then removes
// the staging folder, so nothing half-written is left.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <readstat.h>

#include "output/stat_wire.hpp"

namespace {

using casebook::output::stat_wire::Reader;

enum class Format { stata, spss };

// Stata's dates count days from 1960-01-01, SPSS's seconds from 1582-10-14;
// the stream's count days from 1970-01-01.
constexpr double stata_epoch_days = 3653;
constexpr double spss_epoch_days = 141428;

// Stata 14's (format 118) longest str# variable, in bytes; longer texts become strL.
constexpr std::int64_t stata_str_max = 2045;

struct Output {
    int fd = -1;
    int error = 0;
};

ssize_t write_out(const void* bytes, size_t length, void* context)
{
    auto* out = static_cast<Output*>(context);
    const char* p = static_cast<const char*>(bytes);
    size_t left = length;
    while (left > 0) {
        const ssize_t n = ::write(out->fd, p, left);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            out->error = n < 0 ? errno : EIO;
            return -1;
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
    return static_cast<ssize_t>(length);
}

void check(readstat_error_t error, const std::string& what)
{
    if (error != READSTAT_OK) {
        throw std::runtime_error(what + ": " + readstat_error_message(error));
    }
}

struct Variable {
    std::string name;
    std::string kind;
    readstat_variable_t* handle = nullptr;
    bool string_ref = false;
};

// One cell read from the stream.
struct Cell {
    std::string text;                  // of a text variable
    std::optional<std::int64_t> number; // of a number or date variable
};

// Owns a ReadStat writer and the file it writes.
struct FileWriter {
    readstat_writer_t* writer = readstat_writer_init();
    Output out;
    ~FileWriter()
    {
        readstat_writer_free(writer);
        if (out.fd >= 0) {
            ::close(out.fd);
        }
    }
};

// Reads one file's description and rows from the stream and writes it.
void write_file(Reader& in, Format format)
{
    const std::string path = in.text();
    // Messages name the file, not casebook's hidden staging folder.
    const std::string file = path.substr(path.rfind('/') + 1);
    const std::string file_label = in.text();
    const std::int64_t variables = in.integer();
    const std::int64_t rows = in.integer();
    if (variables <= 0 || rows < 0) {
        throw std::runtime_error(file + ": a file of no variables");
    }
    FileWriter w;
    if (w.writer == nullptr) {
        throw std::runtime_error("out of memory");
    }
    // The file exists (0600, made by casebook): never create one, never follow a link.
    w.out.fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
    if (w.out.fd < 0) {
        throw std::runtime_error(file + ": " + std::strerror(errno));
    }
    check(readstat_set_data_writer(w.writer, write_out), file);
    check(readstat_writer_set_file_label(w.writer, file_label.c_str()), file);
    if (format == Format::stata) {
        check(readstat_writer_set_file_format_version(w.writer, 118), file); // Stata 14 and later: UTF-8
    } else {
        check(readstat_writer_set_compression(w.writer, READSTAT_COMPRESS_ROWS), file);
    }
    std::vector<Variable> vars;
    for (std::int64_t v = 0; v < variables; ++v) {
        Variable var;
        var.name = in.text();
        const std::string label = in.text();
        var.kind = in.text();
        const std::int64_t width = in.integer();
        const std::int64_t labels = in.integer();
        readstat_type_t type = READSTAT_TYPE_INT32;
        if (var.kind == casebook::output::stat_wire::text_kind) {
            var.string_ref = format == Format::stata && width > stata_str_max;
            type = var.string_ref ? READSTAT_TYPE_STRING_REF : READSTAT_TYPE_STRING;
        } else if (var.kind == casebook::output::stat_wire::date_kind) {
            type = READSTAT_TYPE_DOUBLE;
        } else if (var.kind != casebook::output::stat_wire::number_kind) {
            throw std::runtime_error(file + ": variable " + var.name + " of an unknown kind " + var.kind);
        }
        var.handle = readstat_add_variable(w.writer, var.name.c_str(), type,
                                           type == READSTAT_TYPE_STRING ? static_cast<size_t>(std::max<std::int64_t>(width, 1)) : 0);
        readstat_variable_set_label(var.handle, label.c_str());
        if (var.kind == casebook::output::stat_wire::date_kind) {
            readstat_variable_set_format(var.handle, format == Format::stata ? "%td" : "DATE11");
        }
        if (format == Format::spss) {
            readstat_variable_set_measure(var.handle, var.kind == casebook::output::stat_wire::text_kind || labels > 0
                                                          ? READSTAT_MEASURE_NOMINAL
                                                          : READSTAT_MEASURE_SCALE);
        }
        if (labels > 0) {
            readstat_label_set_t* set = readstat_add_label_set(w.writer, READSTAT_TYPE_INT32, var.name.c_str());
            for (std::int64_t l = 0; l < labels; ++l) {
                const std::int64_t code = in.integer();
                const std::string text = in.text();
                readstat_label_int32_value(set, static_cast<int32_t>(code), text.c_str());
            }
            readstat_variable_set_label_set(var.handle, set);
        }
        vars.push_back(std::move(var));
    }
    // ReadStat writes in one pass and a .dta file's map gives the offset of its
    // strLs before the rows: every strL must be known before writing begins, so
    // the rows are read whole first.
    std::vector<Cell> cells(static_cast<std::size_t>(rows) * vars.size());
    std::vector<readstat_string_ref_t*> refs(cells.size(), nullptr);
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const Variable& var = vars[c % vars.size()];
        if (var.kind == casebook::output::stat_wire::text_kind) {
            cells[c].text = in.text();
            if (var.string_ref) {
                refs[c] = readstat_add_string_ref(w.writer, cells[c].text.c_str());
            }
        } else {
            cells[c].number = in.integer_or_missing();
        }
    }
    const readstat_error_t begun = format == Format::stata ? readstat_begin_writing_dta(w.writer, &w.out, rows)
                                                           : readstat_begin_writing_sav(w.writer, &w.out, rows);
    check(begun, file);
    for (std::int64_t r = 0; r < rows; ++r) {
        check(readstat_begin_row(w.writer), file);
        for (std::size_t v = 0; v < vars.size(); ++v) {
            const Variable& var = vars[v];
            const std::size_t c = static_cast<std::size_t>(r) * vars.size() + v;
            readstat_error_t e = READSTAT_OK;
            if (var.string_ref) {
                e = readstat_insert_string_ref(w.writer, var.handle, refs[c]);
            } else if (var.kind == casebook::output::stat_wire::text_kind) {
                e = readstat_insert_string_value(w.writer, var.handle, cells[c].text.c_str());
            } else if (const auto& value = cells[c].number) {
                if (var.kind == casebook::output::stat_wire::date_kind) {
                    const double days = static_cast<double>(*value);
                    e = readstat_insert_double_value(w.writer, var.handle, format == Format::stata
                                                                               ? days + stata_epoch_days
                                                                               : (days + spss_epoch_days) * 86400.0);
                } else {
                    e = readstat_insert_int32_value(w.writer, var.handle, static_cast<int32_t>(*value));
                }
            } else {
                e = readstat_insert_missing_value(w.writer, var.handle);
            }
            check(e, file + ": variable " + var.name + ", row " + std::to_string(r + 1));
        }
        if (const readstat_error_t e = readstat_end_row(w.writer); e != READSTAT_OK) {
            throw std::runtime_error(file + ": " + (w.out.error != 0 ? std::strerror(w.out.error) : readstat_error_message(e)));
        }
    }
    if (const readstat_error_t e = readstat_end_writing(w.writer); e != READSTAT_OK) {
        throw std::runtime_error(file + ": " + (w.out.error != 0 ? std::strerror(w.out.error) : readstat_error_message(e)));
    }
    if (::close(w.out.fd) != 0) {
        w.out.fd = -1;
        throw std::runtime_error(file + ": " + std::strerror(errno));
    }
    w.out.fd = -1;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2 || (std::strcmp(argv[1], "stata") != 0 && std::strcmp(argv[1], "spss") != 0)) {
        std::fputs("usage: casebook-readstat stata|spss < STREAM (run by casebook export, not by hand)\n", stderr);
        return 2;
    }
    const Format format = std::strcmp(argv[1], "stata") == 0 ? Format::stata : Format::spss;
    try {
        Reader in(stdin);
        if (in.text() != casebook::output::stat_wire::greeting) {
            throw std::runtime_error("the stream is not from this version of casebook");
        }
        for (std::string what = in.text(); what != "end"; what = in.text()) {
            if (what != "file") {
                throw std::runtime_error("the stream from casebook has \"" + what + "\" where a file belongs");
            }
            write_file(in, format);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
