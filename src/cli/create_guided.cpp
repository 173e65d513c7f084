// casebook create, guided entry: glue between the interview, the terminal and the store.
#include "cli/create_guided.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <ostream>

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include "ops/answer_input.hpp"
#include "ops/edit.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"
#include "ops/interview.hpp"
#include "util/private_file.hpp"
#include "ops/recovery.hpp"
#include "crypto/seal.hpp"
#include "ops/create_case.hpp"
#include "store/store.hpp"
#include "cli/key_options.hpp"

namespace casebook::cli {

namespace {

// fmt::format with a translated format string.
template <class... Args>
std::string say(const char* message, const Args&... args)
{
    return fmt::format(fmt::runtime(tr(message)), args...);
}

extern "C" void stop_interview(int)
{
    ops::interview_interrupted.store(true);
    // libstdc++ retries reads interrupted by a signal, so flag alone would not
    // wake a waiting read: put /dev/null in place of stdin so it sees end of input.
    // (open, dup2 and close are async-signal-safe.)
    const int saved_errno = errno;
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) {
        ::dup2(null, STDIN_FILENO);
        ::close(null);
    }
    errno = saved_errno;
}

// Ctrl-C, a closed terminal or a polite kill end the interview with its answers kept;
// the previous handlers come back when the interview is over.
class StopSignals {
public:
    StopSignals()
    {
        ops::interview_interrupted.store(false);
        struct sigaction action = {};
        action.sa_handler = stop_interview;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0; // no SA_RESTART: a blocked read returns
        for (std::size_t i = 0; i < std::size(signals_); ++i) {
            ::sigaction(signals_[i], &action, &previous_[i]);
        }
    }
    ~StopSignals()
    {
        for (std::size_t i = 0; i < std::size(signals_); ++i) {
            ::sigaction(signals_[i], &previous_[i], nullptr);
        }
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

private:
    static constexpr int signals_[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction previous_[std::size(signals_)] = {};
};

// Today's date where the researcher is, YYYY-MM-DD.
std::string local_today()
{
    std::time_t now = std::time(nullptr);
    std::tm tm = {};
    char text[16] = "";
    if (::localtime_r(&now, &tm) == nullptr || std::strftime(text, sizeof text, "%Y-%m-%d", &tm) == 0) {
        return "";
    }
    return text;
}

// True when the answers hold more than what every record has.
bool anything_entered(const Json& answers)
{
    Json draft = ops::draft_of(answers);
    draft.erase("schema_version");
    draft.erase("status");
    return !draft.empty();
}

// A path as it can be pasted into a shell.
std::string shell_word(const std::string& text)
{
    const bool plain = !text.empty() && text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                               "0123456789_./-+,:=@%") == std::string::npos;
    if (plain) {
        return text;
    }
    std::string quoted = "'";
    for (char c : text) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

// The command that resumes an interview.
std::string resume_command(const ops::Recovery& r, std::size_t waiting)
{
    return std::string("casebook create --resume") + (waiting > 1 ? " " + shell_word(r.path.string()) : "") +
           (r.database.empty() ? "" : " --db " + shell_word(r.database));
}

// Keeps the answers in the recovery file and says how to go on; returns the
// exit code. In a sealed database (sealer set) the draft's sensitive values are sealed.
int keep_answers(Context& ctx, ops::Recovery& recovery, const Json& answers, const std::string& why,
                 const crypto::seal::Sealer* sealer)
{
    ctx.err << "casebook: error: " << why << ": " << tr("nothing was stored") << '\n';
    if (!anything_entered(answers)) {
        ops::remove_recovery(recovery);
        return static_cast<int>(Exit::invalid);
    }
    recovery.draft = ops::draft_of(answers);
    if (sealer != nullptr) {
        sealer->seal_record(recovery.draft);
    }
    ops::save_recovery(recovery, ctx.env.state_folder);
    ctx.err << "casebook: " << say("your answers are kept in {}", recovery.path.string()) << '\n'
            << "casebook: " << say("to go on where you stopped: {}", resume_command(recovery, ops::waiting_recoveries(ctx.env.state_folder).size()))
            << '\n';
    return static_cast<int>(Exit::invalid);
}

// The interview to resume: the file named, else the latest one waiting.
ops::Recovery to_resume(const std::string& file, const std::filesystem::path& state_folder)
{
    if (!file.empty()) {
        return ops::read_recovery(file);
    }
    std::vector<ops::Recovery> waiting = ops::waiting_recoveries(state_folder);
    if (waiting.empty()) {
        throw Error(Exit::usage, tr("no interrupted interview is waiting to be resumed"));
    }
    return waiting.back();
}

// Says that interrupted interviews are waiting, and how to resume them.
void tell_waiting(Context& ctx)
{
    const std::vector<ops::Recovery> waiting = ops::waiting_recoveries(ctx.env.state_folder);
    for (const ops::Recovery& r : waiting) {
        ctx.err << "casebook: "
                << say("an interrupted interview is waiting (started {}, {} answers): '{}' goes on with it", r.started,
                       r.answers.size(), resume_command(r, waiting.size()))
                << '\n';
    }
}

// Free texts in $VISUAL/$EDITOR, in a private file beside the recovery files.
ops::TextEditor text_editor(const Environment& env, const ops::Recovery& recovery)
{
    if (env.visual.empty() && env.editor.empty()) {
        return {};
    }
    return [&env, &recovery]() -> std::optional<std::string> {
        const std::filesystem::path folder = recovery.path.empty() ? env.state_folder : recovery.path.parent_path();
        const std::string file = write_private_file(folder, "casebook-text-XXXXXX.txt", "");
        const int status = ops::run_editor(ops::editor_command(env.visual, env.editor), file);
        std::ifstream in(file, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::remove(file.c_str());
        if (status == 127) {
            return std::nullopt; // no editor after all: type it on the terminal
        }
        return text;
    };
}

} // namespace

int run_guided_create(Context& ctx, const std::string& db_option, const std::optional<std::string>& resume)
{
    ops::Recovery recovery;
    if (resume) {
        recovery = to_resume(*resume, ctx.env.state_folder);
        ctx.err << "casebook: " << say("resuming the interview started {} ({} answers kept)", recovery.started, recovery.answers.size())
                << '\n';
        recovery.draft = nullptr;
    } else {
        tell_waiting(ctx);
        recovery.started = store::utc_now();
        recovery.today = local_today();
        recovery.database = db_option;
        recovery.language = std::string(language());
    }
    const std::string db = db_option.empty() ? recovery.database : db_option;
    recovery.database = db;

    // Open the database first: nobody should type a whole case into a missing one.
    store::Store store = store::Store::open(database_path(ctx, db), store::Access::write, open_settings(ctx));
    sign_changes(store);

    ops::InterviewOptions options;
    options.today = recovery.today;
    options.id_taken = [&store](const std::string& id) { return store.find(id).has_value(); };
    options.resume = recovery.answers;
    // In a sealed database, the answers to sensitive questions are kept sealed
    // too: a resume replays them sealed, and the case stores them as they are.
    std::optional<crypto::seal::Sealer> sealer;
    if (auto key = store.sealed_to()) {
        sealer.emplace(*key);
    }
    const crypto::seal::Sealer* sealing = sealer ? &*sealer : nullptr;
    options.on_answer = [&recovery, sealing, &ctx](const std::vector<ops::InterviewAnswer>& answers) {
        recovery.answers = answers;
        for (ops::InterviewAnswer& a : recovery.answers) {
            if (sealing != nullptr && a.sensitive && !seal::is_sealed(a.text)) {
                a.text = sealing->seal(a.text);
            }
        }
        if (!answers.empty() || !recovery.path.empty()) {
            ops::save_recovery(recovery, ctx.env.state_folder);
        }
    };
    if (!ctx.env.casebook_user.empty()) {
        options.defaults["/recorded/by"] = ctx.env.casebook_user;
    }
    if (std::optional<std::string> project = ops::last_project(ctx.env.state_folder)) {
        options.defaults["/recorded/project"] = *project;
    }
    const bool terminal = ctx.in_is_tty && ::isatty(STDIN_FILENO) == 1;
    options.show_sensitive = terminal && ctx.err_is_tty;
    ops::InterviewResult result;
    {
        StopSignals stop;
        if (terminal) {
            ops::TerminalInput keys(STDIN_FILENO, STDERR_FILENO, text_editor(ctx.env, recovery));
            result = ops::run_interview(keys, ctx.err, options);
        } else {
            result = ops::run_interview(ctx.in, ctx.err, options);
        }
    }

    switch (result.end) {
    case ops::InterviewEnd::confirmed: break;
    case ops::InterviewEnd::input_ended: return keep_answers(ctx, recovery, result.record, tr("input ended before the case was finished"), sealing);
    case ops::InterviewEnd::interrupted: return keep_answers(ctx, recovery, result.record, tr("interrupted"), sealing);
    case ops::InterviewEnd::declined: return keep_answers(ctx, recovery, result.record, tr("not saved"), sealing);
    case ops::InterviewEnd::invalid: return keep_answers(ctx, recovery, result.record, tr("the case has errors"), sealing);
    }

    ops::CreateResult created;
    try {
        created = ops::create_case(store, result.record, ctx.env.actor, "<guided entry>");
    } catch (const Error& e) {
        keep_answers(ctx, recovery, result.record, e.what(), sealing);
        return static_cast<int>(e.exit());
    }
    for (const Diagnostic& d : created.diagnostics) {
        print_text(ctx.err, d);
    }
    if (!created.id) {
        return keep_answers(ctx, recovery, result.record, tr("the case was refused"), sealing);
    }
    ops::remove_recovery(recovery);
    if (auto p = result.record.find("recorded"); p != result.record.end() && p->is_object() && p->contains("project") &&
                                                 p->at("project").is_string()) {
        ops::remember_project(ctx.env.state_folder, p->at("project").get<std::string>());
    }
    ctx.err << say("Saved as {}.", *created.id) << '\n';
    ctx.out << *created.id << '\n';
    return static_cast<int>(Exit::ok);
}

} // namespace casebook::cli
