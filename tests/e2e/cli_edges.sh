# The edges of the command line: a mistyped command names the closest one,
# "casebook help [COMMAND]", --db before the command.
. "$(dirname "$0")/lib.bash"

run crate
expect_code 2 "a mistyped command is a usage error"
expect_err "casebook: error: unknown command \"crate\"; did you mean \"create\"? ('casebook help' lists the commands)" "it names the closest command"

run help
expect_code 0 "casebook help"
expect_out_contains "Usage: casebook [OPTIONS] SUBCOMMAND" "casebook help is casebook --help"

run help create
expect_code 0 "casebook help create"
expect_out_contains "Usage: casebook create [OPTIONS]" "casebook help create is casebook create --help"

run help crate
expect_code 2 "help for a mistyped command"
expect_err_contains "did you mean \"create\"?" "help for a mistyped command names the closest one"

run init --db cases.db
expect_code 0 "init"
run --db cases.db query --format csv
expect_code 0 "--db before the command"
expect_out_contains "id,origin,returned_from,return_date,mechanism,outcome,flags,status" "--db before the command reads that database"
run --db=missing.db query --format csv
expect_code 3 "--db=FILE before the command"
expect_err_contains "missing.db" "--db=FILE before the command names that database"

finish
