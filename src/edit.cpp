#include "casebook/edit.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "casebook/canonical.hpp"
#include "casebook/error.hpp"
#include "casebook/private_file.hpp"
#include "casebook/records.hpp"
#include "casebook/review.hpp"
#include "casebook/store.hpp"
#include "casebook/validate.hpp"
#include "record_access.hpp"

namespace casebook {

namespace fs = std::filesystem;

namespace {

std::string env(const char* name)
{
    const char* v = std::getenv(name);
    return v == nullptr ? std::string() : std::string(v);
}

bool is_program(const std::string& path)
{
    struct stat st {};
    return path.find('/') != std::string::npos && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

// A private folder and file for the record being edited; removed when done
// unless kept (abandoned edits keep the file so that no typing is lost).
class EditFile {
public:
    EditFile(const std::string& id, const std::string& text)
    {
        std::string base = env("TMPDIR");
        if (base.empty()) {
            base = "/tmp";
        }
        std::string dir_template = base + "/casebook-edit-XXXXXX";
        if (::mkdtemp(dir_template.data()) == nullptr) { // mode 0700
            throw Error(Exit::io, fmt::format("cannot create a temporary folder in {}: {}", base, std::strerror(errno)));
        }
        dir_ = dir_template;
        try {
            if (::chmod(dir_.c_str(), 0700) != 0) { // mkdtemp's 0700 less the umask: exactly 0700
                throw Error(Exit::io, fmt::format("cannot make {} private: {}", dir_, std::strerror(errno)));
            }
            path_ = write_private_file(dir_, id + "-XXXXXX.json", text);
        } catch (const Error&) {
            remove();
            throw;
        }
    }
    EditFile(const EditFile&) = delete;
    EditFile& operator=(const EditFile&) = delete;
    ~EditFile()
    {
        if (!keep_) {
            remove();
        }
    }

    const std::string& path() const { return path_; }
    void keep() { keep_ = true; }

    std::string read() const
    {
        std::ifstream f(path_, std::ios::binary);
        if (!f) {
            throw Error(Exit::io, fmt::format("cannot read {}: {}", path_, std::strerror(errno)));
        }
        std::ostringstream buffer;
        buffer << f.rdbuf();
        return std::move(buffer).str();
    }

private:
    void remove()
    {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    std::string dir_;
    std::string path_;
    bool keep_ = false;
};

// Asks whether to re-open the editor; Enter or y means yes, n or end of input no.
bool ask_reopen(std::istream& in, std::ostream& err)
{
    err << "re-open the editor? [Y/n] " << std::flush;
    std::string answer;
    if (!std::getline(in, answer)) {
        err << '\n';
        return false;
    }
    auto first = answer.find_first_not_of(" \t\r");
    return first == std::string::npos || (answer[first] != 'n' && answer[first] != 'N');
}

} // namespace

std::vector<std::string> editor_command()
{
    std::string value = env("VISUAL");
    if (value.find_first_not_of(" \t") == std::string::npos) {
        value = env("EDITOR");
    }
    if (value.find_first_not_of(" \t") == std::string::npos) {
        return {"vi"};
    }
    if (is_program(value)) {
        return {value};
    }
    if (value.find_first_of("'\"") != std::string::npos) {
        throw Error(Exit::usage,
                    fmt::format("the editor setting ({}) has quotes, but casebook runs the editor without a shell and "
                                "splits it on spaces only: set $VISUAL or $EDITOR to a program and plain arguments",
                                value));
    }
    std::vector<std::string> words;
    std::istringstream split(value);
    for (std::string word; split >> word;) {
        words.push_back(word);
    }
    return words;
}

int run_editor(const std::vector<std::string>& command, const std::string& file)
{
    std::vector<std::string> args = command;
    args.push_back(file);
    std::vector<char*> argv;
    for (std::string& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);

    // Like system(): while the editor runs, Ctrl-C and Ctrl-\ are the editor's.
    struct sigaction ignore {}, old_int {}, old_quit {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGINT, &ignore, &old_int);
    ::sigaction(SIGQUIT, &ignore, &old_quit);
    pid_t pid = ::fork();
    if (pid == 0) {
        ::sigaction(SIGINT, &old_int, nullptr);
        ::sigaction(SIGQUIT, &old_quit, nullptr);
        ::execvp(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    int result = 127;
    if (pid > 0) {
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    }
    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGQUIT, &old_quit, nullptr);
    if (pid < 0) {
        throw Error(Exit::io, fmt::format("cannot start the editor: {}", std::strerror(errno)));
    }
    return result;
}

EditResult edit_case(Store& store, const std::string& id, const std::string& actor, const EditorLauncher& editor,
                     std::istream& in, std::ostream& err)
{
    auto current = std::optional<StoredCase>(live_case(store, id));
    const std::string original = pretty_text(current->doc);
    EditFile file(id, original);
    EditResult result;
    result.revision = current->revision;

    auto abandon = [&](std::string_view why) {
        result.end = EditEnd::abandoned;
        std::string text = file.read();
        if (text != original) {
            file.keep();
            result.kept_file = file.path();
            err << fmt::format("casebook: {}: nothing saved; your edited record is kept in {}\n", why, file.path());
        } else {
            err << fmt::format("casebook: {}: nothing saved\n", why);
        }
        return result;
    };

    while (true) {
        err.flush();
        int status = editor(file.path());
        if (status != 0) {
            return abandon(status == 127 ? "the editor could not be started (set $VISUAL or $EDITOR)"
                                         : fmt::format("the editor exited with status {}", status));
        }
        SourceRecord record;
        record.file = file.path();
        auto text = std::make_shared<const std::string>(file.read());
        record.text = text;
        ParseResult parsed = parse_json(*text);
        if (parsed.value) {
            record.doc = std::move(parsed.value);
        } else {
            Position pos = position_at(*text, parsed.error.offset);
            record.syntax_error = Diagnostic{record.file, pos.line, pos.column, "", "syntax", parsed.error.message, Severity::error};
        }
        // A change to a reviewed case sends it back to complete before it is
        // checked: it must then hold as a complete case.
        std::optional<std::string> withdrawn;
        if (record.doc && record.doc->is_object()) {
            withdrawn = withdraw_review(current->doc, *record.doc);
        }
        DatasetCheck check(SchemaValidator::builtin());
        std::vector<Diagnostic> found = check.check(record);
        if (record.doc && record.doc->is_object()) {
            if (auto problem = status_problem(*record.doc, &current->doc)) {
                found.push_back(locate_problem(record, *problem));
            }
        }
        if (record.doc && record.doc->is_object() && !access::text_is(&*record.doc, "id", id)) {
            found.push_back(locate_problem(
                record, Problem{"/id", "id_changed",
                                fmt::format("the id of a case cannot be changed by edit: put back \"{}\"", id), Severity::error}));
        }
        bool invalid = false;
        for (const Diagnostic& d : found) {
            print_text(err, d);
            invalid = invalid || d.severity == Severity::error;
        }
        if (!invalid) {
            try {
                result.end = store.update(*record.doc, current->revision, actor, "edit", withdrawn.value_or("")) ? EditEnd::saved : EditEnd::unchanged;
            } catch (const Error& e) {
                file.keep();
                throw Error(e.exit(), fmt::format("{}; your edited record is kept in {}", e.what(), file.path()));
            }
            if (result.end == EditEnd::saved) {
                result.revision = current->revision + 1;
            }
            return result;
        }
        if (!ask_reopen(in, err)) {
            return abandon("edit abandoned");
        }
    }
}

} // namespace casebook
