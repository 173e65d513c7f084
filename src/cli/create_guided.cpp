// casebook create, guided entry: glue between the interview, the terminal and the store.
#include "create_guided.hpp"

#include <cerrno>
#include <csignal>
#include <ctime>
#include <iterator>
#include <ostream>

#include <fcntl.h>
#include <unistd.h>

#include "casebook/error.hpp"
#include "casebook/interview.hpp"
#include "casebook/store.hpp"

namespace casebook::cli {

namespace {

extern "C" void stop_interview(int)
{
    interview_interrupted.store(true);
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
        interview_interrupted.store(false);
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
    Json draft = draft_of(answers);
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

// Keeps the answers in a recovery file and says how to finish; returns the exit code.
int keep_answers(Context& ctx, const Json& answers, const std::string& db, const std::string& why)
{
    ctx.err << "casebook: error: " << why << ": nothing was stored\n";
    if (!anything_entered(answers)) {
        return static_cast<int>(Exit::invalid);
    }
    const std::string path = write_recovery_file(answers);
    ctx.err << "casebook: your answers are in " << path << '\n'
            << "casebook: to finish (after fixing it in an editor if needed): casebook create --from " << shell_word(path)
            << (db.empty() ? "" : " --db " + shell_word(db)) << '\n';
    return static_cast<int>(Exit::invalid);
}

} // namespace

int run_guided_create(Context& ctx, const std::string& db)
{
    // Open the database first: nobody should type a whole case into a missing one.
    Store store = Store::open(database_path(db), Access::write);

    InterviewOptions options;
    options.today = local_today();
    options.id_taken = [&store](const std::string& id) { return store.find(id).has_value(); };
    InterviewResult result;
    {
        StopSignals stop;
        result = run_interview(ctx.in, ctx.err, options);
    }

    switch (result.end) {
    case InterviewEnd::confirmed: break;
    case InterviewEnd::input_ended: return keep_answers(ctx, result.record, db, "input ended before the case was finished");
    case InterviewEnd::interrupted: return keep_answers(ctx, result.record, db, "interrupted");
    case InterviewEnd::declined: return keep_answers(ctx, result.record, db, "not saved");
    case InterviewEnd::invalid: return keep_answers(ctx, result.record, db, "the case has errors");
    }

    CreateResult created;
    try {
        created = create_case(store, result.record, current_actor(), "<guided entry>");
    } catch (const Error& e) {
        keep_answers(ctx, result.record, db, e.what());
        return static_cast<int>(e.exit());
    }
    for (const Diagnostic& d : created.diagnostics) {
        print_text(ctx.err, d);
    }
    if (!created.id) {
        return keep_answers(ctx, result.record, db, "the case was refused");
    }
    ctx.err << "Saved as " << *created.id << ".\n";
    ctx.out << *created.id << '\n';
    return static_cast<int>(Exit::ok);
}

} // namespace casebook::cli
