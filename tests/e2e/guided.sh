# Guided entry (create --interactive): piped answers build a case; input that
# ends early stores nothing and leaves a recovery file that create --from accepts.
. "$(dirname "$0")/lib.bash"
export XDG_STATE_HOME="$WORK/state"

# Answers in interview order, one per line (see tests/unit/ops/interview_test.cpp).
answers() {
    printf '%s\n' \
        "" \
        R01 2018-03-20 PNR \
        Ana 1 1990 "" fam \
        "El Salvador" "" \
        2016-13 2016-03 "1,extortion,threat_to" gang y no_resp \
        y gtm 2016-04 transit n y "" n "" "" "" "" "" \
        y USA 2016-05 dest y y y y credible denied n 2016-09 "no_legal, prolonged" \
        n \
        y 2016-10 "United States" SLV removal n n \
        n \
        y threat 2017-01 gang y alleged s1 \
        n in_hiding 2017-06 \
        y "" interview 2017-06 "" \
        n y anon 2017-06 "She was threatened again." . "" "pnr-2017, test" complete \
        y
}

run init --db cases.db
expect_code 0 "init"

run_in "$(answers)" create --interactive --db cases.db
expect_code 0 "guided create"
expect_out "SLV-0001" "guided create prints the assigned id"
expect_err_contains '"2016-13" is not a date' "a bad date is re-asked"
expect_err_contains "Save this case? [Y/n]" "the summary asks before saving"
expect_err_contains "Saved as SLV-0001." "guided create says where the case went"
case "$ERR" in *Ana*) fail "the pseudonym was echoed on stderr" ;; esac

run show SLV-0001 --db cases.db --format json
expect_code 0 "show the guided case"
expect_out '{
  "schema_version": "1",
  "id": "SLV-0001",
  "status": "complete",
  "recorded": {
    "by": "R01",
    "date": "2018-03-20",
    "project": "PNR"
  },
  "person": {
    "pseudonym": "Ana",
    "sex": "female",
    "birth_year": 1990,
    "traveled_with": "family"
  },
  "origin": {
    "country": "SLV"
  },
  "flight": {
    "date": "2016-03",
    "reasons": [
      "gang_threat",
      "extortion",
      "threat_to_life"
    ],
    "persecutors": [
      "gang"
    ],
    "sought_protection_at_home": true,
    "home_failures": [
      "no_response"
    ]
  },
  "journey": [
    {
      "country": "GTM",
      "entered": "2016-04",
      "role": "transit",
      "detained": false,
      "asylum": {
        "sought": false
      }
    },
    {
      "country": "USA",
      "entered": "2016-05",
      "role": "destination",
      "detained": true,
      "asylum": {
        "fear_expressed": true,
        "sought": true,
        "procedure": "credible_fear",
        "outcome": "denied",
        "represented": false,
        "decided": "2016-09"
      },
      "failures": [
        "no_legal_representation",
        "prolonged_detention"
      ]
    }
  ],
  "returns": [
    {
      "date": "2016-10",
      "from": "USA",
      "to": "SLV",
      "mechanism": "removal",
      "pending_claim": false,
      "unaccompanied_minor": false
    }
  ],
  "after_return": {
    "harms": [
      {
        "type": "threat",
        "date": "2017-01",
        "perpetrator": "gang",
        "same_persecutor": true,
        "verification": "alleged",
        "sources": [
          "s1"
        ]
      }
    ],
    "situation": [
      "in_hiding"
    ],
    "last_contact": "2017-06"
  },
  "sources": [
    {
      "id": "s1",
      "type": "interview",
      "date": "2017-06"
    }
  ],
  "consent": {
    "obtained": true,
    "scope": "anonymised_quotes",
    "date": "2017-06"
  },
  "narrative": "She was threatened again.",
  "tags": [
    "pnr-2017",
    "test"
  ]
}' "the guided case as stored"

# Input that ends inside the second journey leg: nothing stored, a recovery file left.
cp cases.db before.db
partial=$(answers | head -n 33)
run_in "$partial" create --interactive --db cases.db
expect_code 1 "guided create cut short"
expect_out "" "nothing on stdout when nothing was stored"
expect_err_contains "casebook: error: input ended before the case was finished: nothing was stored" "cut short says so"
cmp -s cases.db before.db || fail "the database changed although nothing was stored"
recovery=$(printf '%s\n' "$ERR" | sed -n 's/^casebook: your answers are kept in //p')
case "$recovery" in
    "$XDG_STATE_HOME"/casebook/casebook-recovery-*.json) ;;
    *) fail "recovery file path not printed under \$XDG_STATE_HOME/casebook: [$recovery]" ;;
esac
[ -f "$recovery" ] || fail "recovery file $recovery does not exist"
[ "$(stat -c %a "$recovery")" = 600 ] || fail "recovery file mode is $(stat -c %a "$recovery"), expected 600"
expect_err_contains "casebook: to go on where you stopped: casebook create --resume --db cases.db" "cut short says how to resume"
case "$(cat "$recovery")" in *'"2016-05"'*) ;; *) fail "the recovery file lacks the last answer" ;; esac

# The next create says an interview is waiting; --resume goes on at the question it stopped at.
run_in "" create --interactive --db cases.db
expect_err_contains "an interrupted interview is waiting (started " "create mentions the waiting interview"
expect_err_contains "33 answers): 'casebook create --resume --db cases.db' goes on with it" "and how to resume it"
rest=$(answers | tail -n +34)
run_in "$rest" create --resume
expect_code 0 "create --resume (the database comes from the recovery file)"
expect_out "SLV-0002" "the resumed case gets the next id"
expect_err_contains "resuming the interview started" "resume says what it resumes"
case "$ERR" in *"Add a journey leg"*) fail "resume asked the first questions again" ;; esac
[ -e "$recovery" ] && fail "the recovery file was kept after its case was saved"
run show SLV-0002 --db cases.db --format json
expect_code 0 "show the resumed case"
expect_out_contains '"entered": "2016-05"' "the resumed case keeps the answers given before the stop"
expect_out_contains '"narrative": "She was threatened again."' "and the answers given after"

run_in "" create --resume --db cases.db
expect_code 2 "nothing to resume"
expect_err_contains "no interrupted interview is waiting to be resumed" "nothing to resume says so"

# Ending before any answer leaves no file to recover.
run_in "" create --interactive --db cases.db
expect_code 1 "guided create with no answers"
case "$ERR" in *"answers are in"*) fail "a recovery file was written for an empty interview" ;; esac

# A missing database is an error before any question is asked.
run_in "$(answers)" create --interactive --db missing.db
expect_code 3 "guided create into a missing database"
case "$ERR" in *"guided entry"*) fail "questions were asked before the database was checked" ;; esac

finish
