// What the command line takes from its surroundings (cli/environment.hpp) and
// how it reports a failure (print_failure): values handed to the library, and
// an exit code a script can trust, driven in-process through cli::run.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include "cli/command.hpp"
#include "cli/environment.hpp"
#include "json/json.hpp"
#include "util/error.hpp"
#include "../files.hpp"

using casebook::test::TempDir;
namespace cli = casebook::cli;

namespace {

struct Printed {
    int code = 0;
    std::string err;
};

Printed printed(const std::exception_ptr& failure)
{
    std::ostringstream err;
    Printed p;
    p.code = cli::print_failure(failure, err);
    p.err = err.str();
    return p;
}

template <class E>
Printed printed_of(const E& e)
{
    return printed(std::make_exception_ptr(e));
}

// Sets an environment variable for one scope, then puts back what was there.
class Variable {
public:
    Variable(const char* name, const char* value) : name_(name)
    {
        if (const char* old = std::getenv(name)) {
            old_ = old;
        }
        if (value == nullptr) {
            ::unsetenv(name);
        } else {
            ::setenv(name, value, 1);
        }
    }
    ~Variable()
    {
        if (old_) {
            ::setenv(name_, old_->c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
    }
    Variable(const Variable&) = delete;
    Variable& operator=(const Variable&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

const std::string bug_line = "casebook: this is a bug in casebook: please report it, with the command that caused it\n";

} // namespace

TEST_CASE("a failure of the data, the files or the system is an error; anything else an internal error, exit 4", "[cli]")
{
    using casebook::Error;
    using casebook::Exit;
    Printed p = printed_of(Error(Exit::usage, "--rows needs a dimension"));
    CHECK(p.code == 2);
    CHECK(p.err == "casebook: error: --rows needs a dimension\n");
    p = printed_of(Error(Exit::invalid, "2 records are invalid"));
    CHECK(p.code == 1);
    p = printed_of(SQLite::Exception("disk I/O error", SQLITE_IOERR));
    CHECK(p.code == 3);
    CHECK(p.err == "casebook: error: database: disk I/O error\n");
    p = printed_of(std::filesystem::filesystem_error("cannot remove", "/x/y", std::make_error_code(std::errc::permission_denied)));
    CHECK(p.code == 3);
    CHECK(p.err.rfind("casebook: error: ", 0) == 0);
    CHECK(p.err.find("/x/y") != std::string::npos);
    p = printed_of(std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again), "thread"));
    CHECK(p.code == 3);
    p = printed_of(std::bad_alloc());
    CHECK(p.code == 3);
    CHECK(p.err == "casebook: error: out of memory\n");
    try {
        [[maybe_unused]] const casebook::Json j = casebook::Json::parse("{\"id\": ");
    } catch (...) {
        p = printed(std::current_exception());
    }
    CHECK(p.code == 3);
    CHECK(p.err.rfind("casebook: error: damaged data in the database: ", 0) == 0);

    // Faults of casebook itself: never passed off as I/O.
    p = printed_of(std::out_of_range("stoll"));
    CHECK(p.code == 4);
    CHECK(p.err == "casebook: internal error: stoll\n" + bug_line);
    p = printed_of(std::logic_error("a \x1b]0;title\x07 escape"));
    CHECK(p.code == 4);
    CHECK(p.err.find('\x1b') == std::string::npos); // printed terminal-safe like every message
    p = printed(std::make_exception_ptr(42));
    CHECK(p.code == 4);
    CHECK(p.err == "casebook: internal error: an exception of unknown type\n" + bug_line);
    try {
        casebook::Json j = casebook::Json::object();
        [[maybe_unused]] const casebook::Json& missing = j.at("missing");
    } catch (...) {
        p = printed(std::current_exception());
    }
    CHECK(p.code == 4);
}

TEST_CASE("the environment is read once, into values", "[cli]")
{
    Variable db("CASEBOOK_DB", "field.db"), user("CASEBOOK_USER", "R7"), visual("VISUAL", ""), editor("EDITOR", "nano -w"),
        columns("COLUMNS", "120"), shared("CASEBOOK_SHARED_GROUP", "1"), busy("CASEBOOK_BUSY_TIMEOUT", "0.25"),
        state("XDG_STATE_HOME", "/srv/state"), home("HOME", "/home/r7"), tmp("TMPDIR", "/var/tmp/cb"), lc_all("LC_ALL", nullptr),
        lc_messages("LC_MESSAGES", nullptr), lang("LANG", "es_MX.UTF-8"), language("LANGUAGE", nullptr);
    cli::Environment env = cli::environment_of_process(false);
    CHECK(env.database == "field.db");
    CHECK(env.actor == "R7");
    CHECK(env.casebook_user == "R7");
    CHECK(env.visual.empty());
    CHECK(env.editor == "nano -w");
    CHECK(env.columns == std::optional<std::size_t>(120));
    CHECK(env.sharing == casebook::Sharing::group);
    CHECK(env.busy_timeout_ms == 250);
    CHECK(env.busy_timeout_error.empty());
    CHECK(env.state_folder == "/srv/state/casebook");
    CHECK(env.temp_folder == "/var/tmp/cb");
    CHECK(env.language == "es");
    {
        Variable unset_user("CASEBOOK_USER", nullptr), no_columns("COLUMNS", "wide"), not_shared("CASEBOOK_SHARED_GROUP", "yes"),
            default_busy("CASEBOOK_BUSY_TIMEOUT", nullptr), relative_state("XDG_STATE_HOME", "state"), no_tmp("TMPDIR", nullptr),
            english("LC_MESSAGES", "en_GB.UTF-8");
        env = cli::environment_of_process(false);
        CHECK(env.state_folder == "/home/r7/.local/state/casebook"); // a relative $XDG_STATE_HOME is ignored
        CHECK(env.temp_folder == "/tmp");
        CHECK(env.language == "en"); // LC_MESSAGES before LANG
        {
            Variable prefer("LANGUAGE", "es:en");
            CHECK(cli::environment_of_process(false).language == "es");
        }
        {
            Variable c("LC_MESSAGES", "C.UTF-8"), prefer("LANGUAGE", "es"), no_home("HOME", nullptr), no_state("XDG_STATE_HOME", nullptr);
            const cli::Environment plain = cli::environment_of_process(false);
            CHECK(plain.language == "en"); // gettext reads no LANGUAGE in the C locale
            CHECK(plain.state_folder.empty());
        }
        CHECK(env.casebook_user.empty());
        CHECK_FALSE(env.actor.empty()); // the login name, else "unknown"
        CHECK_FALSE(env.columns);
        CHECK(env.sharing == casebook::Sharing::owner);
        CHECK(env.busy_timeout_ms == 5000);
    }
    for (const char* bad : {"abc", "-1", "86401", "inf", "nan", "5s", " "}) {
        Variable b("CASEBOOK_BUSY_TIMEOUT", bad);
        env = cli::environment_of_process(false);
        INFO(bad);
        CHECK(env.busy_timeout_error == std::string("$CASEBOOK_BUSY_TIMEOUT is \"") + bad +
                                            "\": set it to a number of seconds from 0 to 86400, such as 5");
        CHECK(env.busy_timeout_ms == 5000);
    }
}

TEST_CASE("commands take the database and the actor from the context, not from the process", "[cli]")
{
    TempDir dir;
    std::istringstream in;
    std::ostringstream out, err;
    cli::Context ctx{in, out, err};
    ctx.env = cli::Environment{};
    ctx.env.database = dir / "env.db";
    ctx.env.actor = "R-42";
    REQUIRE(cli::run({"init"}, ctx) == 0);
    CHECK(std::filesystem::exists(dir / "env.db"));
    REQUIRE(cli::run({"create", "--from", std::string(CASEBOOK_SOURCE_DIR) + "/examples/northern-triangle/sv-001.json"}, ctx) == 0);
    out.str("");
    REQUIRE(cli::run({"log"}, ctx) == 0);
    CHECK(out.str().find(" R-42 ") != std::string::npos);

    // A bad busy timeout is a usage error of a command that opens a database, and nothing is written.
    ctx.env.busy_timeout_error = "$CASEBOOK_BUSY_TIMEOUT is \"x\": set it to a number of seconds from 0 to 86400, such as 5";
    err.str("");
    CHECK(cli::run({"delete", "any"}, ctx) == 2);
    CHECK(err.str() == "casebook: error: " + ctx.env.busy_timeout_error + "\n");
}
