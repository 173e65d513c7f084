#include <catch2/catch.hpp>

#include <string>

#include "util/helper_program.hpp"

using namespace casebook;

TEST_CASE("run_program feeds standard input and hears standard error")
{
    const std::string big(1 << 20, 'x'); // more than a pipe holds
    ProgramResult r = run_program("/bin/sh", {"-c", "wc -c >&2"}, {"ab", big, "", "c"});
    CHECK(r.ok());
    CHECK(r.errors.find(std::to_string(big.size() + 3)) != std::string::npos);

    r = run_program("/bin/sh", {"-c", "cat >/dev/null; echo 'cases.dta: no room' >&2; exit 4"}, {"abc"});
    CHECK_FALSE(r.ok());
    CHECK(r.exit_code == 4);
    CHECK(r.failure() == "cases.dta: no room");

    r = run_program("/bin/sh", {"-c", "exit 5"}, {});
    CHECK(r.failure() == "it exited with code 5");
}

TEST_CASE("run_program survives a program that stops reading or dies")
{
    const std::string big(4 << 20, 'x');
    ProgramResult r = run_program("/bin/sh", {"-c", "exit 0"}, {big}); // never reads: no SIGPIPE for casebook
    CHECK(r.exit_code == 0);
    r = run_program("/bin/sh", {"-c", "kill -9 $$"}, {big});
    CHECK(r.signal == 9);
    CHECK_FALSE(r.ok());
}

TEST_CASE("run_program says when a program cannot be run")
{
    ProgramResult r = run_program("/nonexistent/casebook-readstat", {"stata"}, {"x"});
    CHECK_FALSE(r.ok());
    CHECK(r.failure().find("cannot run /nonexistent/casebook-readstat") != std::string::npos);
}

TEST_CASE("helpers are looked for beside the binary, then in the prefix's libexec/casebook")
{
    const auto places = helper_places("casebook-readstat");
    REQUIRE(places.size() == 2);
    CHECK(places[0].size() > std::string("/casebook-readstat").size());
    CHECK(places[1].find("/libexec/casebook/casebook-readstat") != std::string::npos);
    CHECK_FALSE(find_helper("no-such-helper-of-casebook"));
}
