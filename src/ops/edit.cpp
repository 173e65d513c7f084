#include "ops/edit.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "record/canonical.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"
#include "util/private_file.hpp"
#include "input/records.hpp"
#include "input/dataset_check.hpp"
#include "input/record_position.hpp"
#include "ops/review.hpp"
#include "crypto/seal.hpp"
#include "store/store.hpp"
#include "schema/schema_validator.hpp"
#include "json/record_access.hpp"

namespace casebook::ops {

namespace {

bool is_program(const std::string& path)
{
    struct stat st {};
    return path.find('/') != std::string::npos && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

// The part of a kept edit's name that names its database: the file's device
// and inode, so that a database moved or renamed keeps its edits and a copy
// of it does not share them.
std::string database_key(const std::string& db_path)
{
    struct stat st {};
    if (::stat(db_path.c_str(), &st) != 0) {
        throw Error(Exit::io, say("cannot open the database {}: {}", db_path, std::strerror(errno)));
    }
    return fmt::format("{:x}.{:x}", static_cast<unsigned long long>(st.st_dev), static_cast<unsigned long long>(st.st_ino));
}

// The one function that writes an edit buffer: "edit-<database>-<id>-r<revision>-XXXXXX.json",
// a new private file in the private folder of kept edits; returns its path.
std::string write_edit_buffer(const std::filesystem::path& dir, const std::string& db_path, const std::string& id,
                              long long revision, const std::string& text)
{
    if (dir.empty()) {
        throw Error(Exit::io, tr("nowhere to keep the record while it is edited: set $HOME or $XDG_STATE_HOME"));
    }
    make_private_folder(dir);
    return write_private_file(dir, fmt::format("edit-{}-{}-r{}-XXXXXX.json", database_key(db_path), id, revision), text);
}

// A kept edit from its file name, when it is one of the database's.
std::optional<KeptEdit> parse_kept_edit(const std::filesystem::path& file, const std::string& key)
{
    const std::string name = file.filename().string();
    const std::string head = "edit-" + key + "-";
    const std::string tail = ".json";
    // <id>-r<revision>-XXXXXX: read from the end, since ids may hold "-".
    if (name.size() <= head.size() + tail.size() + 7 || name.compare(0, head.size(), head) != 0 ||
        name.compare(name.size() - tail.size(), tail.size(), tail) != 0) {
        return std::nullopt;
    }
    std::string rest = name.substr(head.size(), name.size() - head.size() - tail.size() - 7); // without -XXXXXX
    const std::size_t r = rest.rfind("-r");
    if (r == std::string::npos || r == 0 || r + 2 == rest.size() ||
        rest.find_first_not_of("0123456789", r + 2) != std::string::npos) {
        return std::nullopt;
    }
    KeptEdit kept;
    kept.file = file.string();
    kept.id = rest.substr(0, r);
    kept.revision = std::stoll(rest.substr(r + 2));
    return kept;
}

// Whether another casebook has the kept edit open now: it holds a lock on
// "<file>.lock" while its editor runs (on a file of its own, since editors
// often save by replacing the file).
bool in_progress(const std::string& file)
{
    const int fd = ::open((file + ".lock").c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd);
    return held;
}

// The record being edited, in its kept file: removed when the edit ends,
// kept when it does not (an invalid record left, a kill, a crash).
class EditFile {
public:
    // A new buffer.
    EditFile(const std::filesystem::path& folder, const std::string& db_path, const std::string& id, long long revision,
             const std::string& text)
        : path_(write_edit_buffer(folder, db_path, id, revision, text))
    {
        lock();
    }
    // A kept one, resumed.
    explicit EditFile(std::string kept) : path_(std::move(kept)) { lock(); }
    EditFile(const EditFile&) = delete;
    EditFile& operator=(const EditFile&) = delete;
    ~EditFile()
    {
        if (!keep_) {
            ::unlink(path_.c_str());
        }
        ::unlink((path_ + ".lock").c_str());
        ::close(lock_);
    }

    const std::string& path() const { return path_; }
    void keep() { keep_ = true; }

    std::string read() const
    {
        std::ifstream f(path_, std::ios::binary);
        if (!f) {
            throw Error(Exit::io, say("cannot read {}: {}", path_, std::strerror(errno)));
        }
        std::ostringstream buffer;
        buffer << f.rdbuf();
        return std::move(buffer).str();
    }

private:
    void lock()
    {
        lock_ = ::open((path_ + ".lock").c_str(), O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (lock_ < 0 || ::flock(lock_, LOCK_EX | LOCK_NB) != 0) {
            const int error = errno;
            if (lock_ >= 0) {
                ::close(lock_);
            }
            throw Error(Exit::io, error == EWOULDBLOCK
                                      ? say("{} is open in another casebook's editor right now", path_)
                                      : say("cannot lock {}: {}", path_, std::strerror(error)));
        }
    }

    std::string path_;
    int lock_ = -1;
    bool keep_ = false;
};

// A kept edit of a sealed database holds no value in clear: its sensitive
// values are sealed in place (a resume shows them sealed). A buffer that is
// no JSON any more cannot be sealed value by value: it is kept, and said so.
void seal_kept_edit(const std::string& path, const std::string& text, const crypto::keys::PublicKey& key, std::ostream& err)
{
    ParseResult parsed = parse_json(text);
    if (!parsed.value || !parsed.value->is_object()) {
        err << say("casebook: warning: {} is not JSON, so its sensitive values could not be sealed: resume "
                           "the edit or discard it soon\n",
                           path);
        return;
    }
    Json doc = std::move(*parsed.value);
    if (crypto::seal::Sealer(key).seal_record(doc) == 0) {
        return;
    }
    const std::string sealed = record::pretty_text(doc);
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || ::write(fd, sealed.data(), sealed.size()) != static_cast<ssize_t>(sealed.size()) || ::fsync(fd) != 0) {
        const int error = errno;
        if (fd >= 0) {
            ::close(fd);
        }
        throw Error(Exit::io, say("cannot seal the kept edit {}: {}", path, std::strerror(error)));
    }
    ::close(fd);
}

// Asks whether to re-open the editor; Enter or y means yes, n or end of input no.
bool ask_reopen(std::istream& in, std::ostream& err)
{
    err << tr("re-open the editor? [Y/n] ") << std::flush;
    std::string answer;
    if (!std::getline(in, answer)) {
        err << '\n';
        return false;
    }
    auto first = answer.find_first_not_of(" \t\r");
    return first == std::string::npos || (answer[first] != 'n' && answer[first] != 'N');
}

} // namespace

std::vector<std::string> editor_command(const std::string& visual, const std::string& editor)
{
    std::string value = visual;
    if (value.find_first_not_of(" \t") == std::string::npos) {
        value = editor;
    }
    if (value.find_first_not_of(" \t") == std::string::npos) {
        return {"vi"};
    }
    if (is_program(value)) {
        return {value};
    }
    if (value.find_first_of("'\"") != std::string::npos) {
        throw Error(Exit::usage,
                    say("the editor setting ({}) has quotes, but casebook runs the editor without a shell and "
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
        throw Error(Exit::io, say("cannot start the editor: {}", std::strerror(errno)));
    }
    return result;
}

std::vector<KeptEdit> kept_edits(const std::filesystem::path& dir, const std::string& db_path, std::string_view id)
{
    std::vector<KeptEdit> out;
    std::error_code ec;
    if (dir.empty() || !std::filesystem::is_directory(dir, ec)) {
        return out;
    }
    const std::string key = database_key(db_path);
    std::vector<std::pair<std::filesystem::file_time_type, KeptEdit>> found;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec)) {
            continue;
        }
        if (auto kept = parse_kept_edit(it->path(), key); kept && (id.empty() || kept->id == id) && !in_progress(kept->file)) {
            found.emplace_back(it->last_write_time(ec), std::move(*kept));
        }
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : a.second.file < b.second.file;
    });
    for (auto& f : found) {
        out.push_back(std::move(f.second));
    }
    return out;
}

std::size_t discard_kept_edits(const std::filesystem::path& folder, const std::string& db_path, std::string_view id)
{
    std::size_t removed = 0;
    for (const KeptEdit& kept : kept_edits(folder, db_path, id)) {
        if (::unlink(kept.file.c_str()) != 0) {
            throw Error(Exit::io, say("cannot remove {}: {}", kept.file, std::strerror(errno)));
        }
        ::unlink((kept.file + ".lock").c_str());
        ++removed;
    }
    return removed;
}

EditResult edit_case(store::Store& store, const std::string& id, const std::string& actor, const std::filesystem::path& folder,
                     const EditorLauncher& editor, std::istream& in, std::ostream& err)
{
    auto current = std::optional<store::StoredCase>(store::live_case(store, id));
    // A sealed database: with the key, the editor shows the values in clear
    // (and store.update keeps the sealed form of those left unchanged);
    // without it, sealed values show sealed and stay unless replaced.
    Json shown = current->doc;
    if (store.opener() != nullptr) {
        store.opener()->open_record(shown, say("case {}", id));
    }
    const std::string original = record::pretty_text(shown);
    std::vector<KeptEdit> kept = kept_edits(folder, store.path(), id);
    // A kept edit identical to the stored case keeps nothing worth resuming.
    while (!kept.empty()) {
        std::ifstream f(kept.back().file, std::ios::binary);
        std::ostringstream text;
        text << f.rdbuf();
        if (!f || text.str() != original) {
            break;
        }
        ::unlink(kept.back().file.c_str());
        kept.pop_back();
    }
    std::unique_ptr<EditFile> buffer;
    if (kept.empty()) {
        buffer = std::make_unique<EditFile>(folder, store.path(), id, current->revision, original);
    } else {
        const KeptEdit& resumed = kept.back();
        buffer = std::make_unique<EditFile>(resumed.file);
        err << say("casebook: resuming your unsaved edit of {}, kept in {} ('casebook edit {} --discard' "
                           "throws it away)\n",
                           id, resumed.file, id);
        if (resumed.revision != current->revision) {
            err << say("casebook: {} changed since that edit began (revision {}, now {}): saving it stores your "
                               "version over revision {} ('casebook log {}' keeps both)\n",
                               id, resumed.revision, current->revision, current->revision, id);
        }
        if (kept.size() > 1) {
            err << say("casebook: {} older kept edit{} of {} wait{} too\n", kept.size() - 1,
                               kept.size() == 2 ? "" : "s", id, kept.size() == 2 ? "s" : "");
        }
    }
    EditFile& file = *buffer;
    EditResult result;
    result.revision = current->revision;
    result.resumed = !kept.empty();

    auto abandon = [&](std::string_view why) {
        result.end = EditEnd::abandoned;
        std::string text = file.read();
        if (text != original) {
            file.keep();
            if (auto key = store.sealed_to()) {
                seal_kept_edit(file.path(), text, *key, err);
            }
            result.kept_file = file.path();
            err << say("casebook: {}: nothing saved; your edited record is kept in {} ('casebook edit {}' "
                               "resumes it)\n",
                               why, file.path(), id);
        } else {
            err << say("casebook: {}: nothing saved\n", why);
        }
        return result;
    };

    while (true) {
        err.flush();
        int status = editor(file.path());
        if (status != 0) {
            return abandon(status == 127 ? tr("the editor could not be started (set $VISUAL or $EDITOR)")
                                         : say("the editor exited with status {}", status));
        }
        input::SourceRecord record;
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
            withdrawn = withdraw_review(shown, *record.doc);
        }
        input::DatasetCheck check(SchemaValidator::builtin());
        std::vector<Diagnostic> found = check.check(record);
        if (record.doc && record.doc->is_object()) {
            if (auto problem = status_problem(*record.doc, &shown)) {
                found.push_back(input::locate_problem(record, *problem));
            }
        }
        if (record.doc && record.doc->is_object() && !access::text_is(&*record.doc, "id", id)) {
            found.push_back(input::locate_problem(
                record, Problem{"/id", "id_changed",
                                say("the id of a case cannot be changed by edit: put back \"{}\"", id), Severity::error}));
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
                throw Error(e.exit(), say("{}; your edited record is kept in {}", e.what(), file.path()));
            }
            if (result.end == EditEnd::saved) {
                result.revision = current->revision + 1;
            }
            return result;
        }
        if (!ask_reopen(in, err)) {
            return abandon(tr("edit abandoned"));
        }
    }
}

} // namespace casebook::ops
