// Every command of the command table (src/cli/commands.cpp), driven in-process
// through cli::run as `casebook` would run it: the exact stdout, stderr and exit
// code of a typical success and of typical failures (an invalid record or a
// missing case: 1; a bad option: 2; a missing database or file: 3). Each test
// has its own temporary folder and names its database with --db; times and
// hashes are matched by pattern, everything else to the byte (the user is
// "test": CASEBOOK_USER, as ctest sets it for the unit tests).
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "../files.hpp"
#include "cli/command.hpp"

using casebook::test::read_file;
using casebook::test::TempDir;

namespace {

const std::string examples = std::string(CASEBOOK_SOURCE_DIR) + "/examples";
const std::string sv_001 = examples + "/northern-triangle/sv-001.json";
const std::string gt_001 = examples + "/northern-triangle/gt-001.json";
const std::string month_13 = examples + "/invalid/month-13.json";

const std::string bad_option = "casebook: error: unknown option --bogus\nRun with --help for more information.\n";

// What a run printed and returned.
struct Result {
    int code = 0;
    std::string out;
    std::string err;
};

// The context a command runs in: streams that are not terminals. Every run
// builds its context here.
casebook::cli::Context context(std::istream& in, std::ostream& out, std::ostream& err)
{
    return casebook::cli::Context{in, out, err};
}

// Runs casebook with args (without the program name), input as its stdin.
Result run(const std::vector<std::string>& args, const std::string& input = "")
{
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    casebook::cli::Context ctx = context(in, out, err);
    Result r;
    r.code = casebook::cli::run(args, ctx);
    r.out = out.str();
    r.err = err.str();
    return r;
}

// Checks a run's exit code, stdout and stderr exactly.
void check(const Result& r, int code, const std::string& out, const std::string& err)
{
    CHECK(r.code == code);
    CHECK(r.out == out);
    CHECK(r.err == err);
}

// A regular expression that matches text and nothing else.
std::string literal(const std::string& text)
{
    std::string out;
    for (char ch : text) {
        if (std::string_view("\\^$.|?*+()[]{}").find(ch) != std::string_view::npos) {
            out += '\\';
        }
        out += ch;
    }
    return out;
}

// What stands for a time (2026-12-07T16:26:32Z) and for a hash in a pattern of check_matching.
const std::string time_pattern = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
const std::string hash_pattern = "[0-9a-f]{64}";

// Checks a run's exit code and stderr exactly, and its stdout against a regular
// expression: where it holds a time or a hash.
void check_matching(const Result& r, int code, const std::string& out_pattern, const std::string& err)
{
    CHECK(r.code == code);
    CHECK_THAT(r.out, Catch::Matches(out_pattern));
    CHECK(r.err == err);
}

// The stderr of a database that is not there.
std::string no_database(const std::string& path)
{
    return "casebook: error: no database at " + path + ": create one with 'casebook init'\n";
}

// A temporary folder with a new database x.db in it, and a path nope.db that holds none.
struct Folder {
    TempDir dir;
    std::string db = dir / "x.db";
    std::string nope = dir / "nope.db";

    Folder() { REQUIRE(run({"init", "--db", db}).code == 0); }

    // Adds a record file; the test stops if it is not added.
    void add(const std::string& file) const { REQUIRE(run({"create", "--db", db, "--from", file}).code == 0); }

    // Imports the ten cases of examples/northern-triangle.
    void add_northern_triangle() const
    {
        REQUIRE(run({"import", "--db", db, examples + "/northern-triangle"}).code == 0);
    }
};

// A public key of a test key file (key_file below); its fingerprint.
const std::string public_key =
    "casebook-pk1:OinFFo293j1A9cxxFVSsDjeXR9HNqVxlPqc4pkvwsmWDoKOKCT0uR_TgjZCtvd6aiBIfzKcJXMac6mAmq68Tww";
const std::string fingerprint = "8fa3 9eee 6fa1 5b34 bc9d 4c31 999d 2a62";

// A key file made by `casebook keys init` for these tests (passphrase "pw1234567890abc").
const std::string key_file = R"x(casebook key file version 1
# casebook project keys. Keep this file and its passphrase: without both, every value sealed to this key is lost for good.
public casebook-pk1:OinFFo293j1A9cxxFVSsDjeXR9HNqVxlPqc4pkvwsmWDoKOKCT0uR_TgjZCtvd6aiBIfzKcJXMac6mAmq68Tww
kdf argon2id13 opslimit=2 memlimit=67108864 salt=ituk2vXsW+uWe0IKCo12Ig==
nonce u8DCwBvPBRaFhDuw9LPQpi949bl070HW
secret 4G3B69UfW21yk/HDt603E3qo6kqgKEhPRACLDVgOcNHZ8FPQmJNLqMdOM1W8FjIkzjTafhgt+bN4wCgj9AlaCCdnNZ00c5U42/5yToI8W1Y=
check 599a51ea40a01accb33863caa453b075
)x";

} // namespace

TEST_CASE("init creates a database and never overwrites one", "[cli][commands]")
{
    TempDir dir;
    const std::string db = dir / "x.db";
    check(run({"init", "--db", db}), 0, "", "created " + db + "\n");
    check(run({"init", "--db", db}), 3, "",
          "casebook: error: the database " + db + " already exists: casebook never overwrites a file; choose another name\n");
    check(run({"init", "--db", dir / "y.db", "--bogus"}), 2, "", bad_option);
}

TEST_CASE("create adds a record from a file or stdin and refuses an invalid or known one", "[cli][commands]")
{
    Folder f;
    check(run({"create", "--db", f.db, "--from", sv_001}), 0, "sv-001\n", "");
    check(run({"create", "--db", f.db, "--from", "-"}, read_file(gt_001)), 0, "gt-001\n", "");
    check(run({"create", "--db", f.db, "--from", sv_001}), 1, "",
          sv_001 + ":3:9: error: /id: case \"sv-001\" is already in the database: change it with 'casebook edit sv-001', "
                   "or replace it with 'casebook import --update FILE'\n");
    check(run({"create", "--db", f.db, "--from", month_13}), 1, "",
          month_13 + ":82:15: error: /sources/0/date: \"2018-13-02\" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD "
                     "(e.g. 2017, 2017-03 or 2017-03-09)\n");
    check(run({"create", "--db", f.nope, "--from", sv_001}), 3, "", no_database(f.nope));
    // Without a terminal there is no guided entry to fall back on.
    check(run({"create", "--db", f.db}), 2, "",
          "casebook: error: nothing to create from: use --from FILE (or - for stdin), --template, or --interactive for "
          "guided entry (answers one per line)\n");
    const Result t = run({"create", "--db", f.db, "--template"});
    CHECK(t.code == 0);
    CHECK(t.out.rfind("{\n  \"schema_version\": \"1\",\n  \"id\": \"\",\n  \"status\": \"draft\",\n", 0) == 0);
    CHECK(t.err == "");
}

TEST_CASE("validate reports each problem and a summary line", "[cli][commands]")
{
    Folder f;
    check(run({"validate", "--db", f.db, sv_001}), 0, "", "1 record: 1 valid, 0 invalid; 0 errors, 0 warnings\n");
    check(run({"validate", "--db", f.db, month_13}), 1, "",
          month_13 + ":82:15: error: /sources/0/date: \"2018-13-02\" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD "
                     "(e.g. 2017, 2017-03 or 2017-03-09)\n"
                     "1 record: 0 valid, 1 invalid; 1 error, 0 warnings\n");
    check(run({"validate", "--db", f.db, "-"}), 1, "",
          "<stdin>:1:1: error: unexpected end of input: a value is missing (is the file truncated?)\n"
          "1 record: 0 valid, 1 invalid; 1 error, 0 warnings\n");
    check(run({"validate", "--db", f.db}), 1, "",
          "casebook: error: no case records in " + f.db +
              ": nothing was validated (a folder is searched for .json, .jsonl and .ndjson files)\n");
    check(run({"validate", "--db", f.nope, sv_001}), 3, "", no_database(f.nope));
}

TEST_CASE("show prints a summary of a case, and a did-you-mean for a missing one", "[cli][commands]")
{
    Folder f;
    f.add(sv_001);
    check(run({"show", "--db", f.db, "sv-001"}), 0, R"x(sv-001  complete, revision 1
Person     Marisol (pseudonym), female, born 1994, 22 at flight, traveled with smuggler
Origin     El Salvador (SLV), Colonia Las Brisas (invented)
Recorded   by R01, on 2017-05-15, project point-of-no-return-synthetic
Flight     2016-02; reasons: gang_threat, extortion, threat_to_life; fled from: gang
At home    sought protection; failures: no_response, police_collusion
Journey    Guatemala (2016-02-20, transit) → Mexico (2016-02-24, transit) → United States (2016-03-11, destination, detained)
Asylum     United States: fear expressed, applied, defensive, denied 2016-11-08, not represented
Failures   United States: no_legal_representation, prolonged_detention
Returns    2016-12-06 United States → El Salvador, removal
Harms      2017-01 threat by gang (same persecutor, corroborated, sources s2)
           2017-02-19 killed by gang (same persecutor, confirmed, sources s2, s3)
Situation  deceased; last contact 2017-02
Outcome    killed (verified: killed)
Flags      harm_linked_to_flight, no_representation
Sources    s1 interview 2016-09; s2 family_interview 2017-04-02; s3 media 2017-02-21
Consent    obtained, anonymised_quotes, 2017-04-02
Tags       killed-after-return, denied-unrepresented, removal
Narrative  72 words (show --format json for the text)
)x", "");
    check(run({"show", "--db", f.db, "nope"}), 1, "",
          "casebook: error: no case \"nope\" in " + f.db + " (did you mean \"sv-001\"?)\n");
    check(run({"show", "--db", f.db, "sv-001", "--bogus"}), 2, "", bad_option);
    check(run({"show", "--db", f.nope, "sv-001"}), 3, "", no_database(f.nope));
}

TEST_CASE("edit of a case that is not there fails before any editor runs", "[cli][commands]")
{
    Folder f;
    f.add(sv_001);
    check(run({"edit", "--db", f.db, "nope"}), 1, "",
          "casebook: error: no case \"nope\" in " + f.db + " (did you mean \"sv-001\"?)\n");
    check(run({"edit", "--db", f.nope, "nope"}), 3, "", no_database(f.nope));
    check(run({"edit", "--db", f.db}), 2, "", "casebook: error: id is required\nRun with --help for more information.\n");
}

TEST_CASE("delete removes a case but keeps its history", "[cli][commands]")
{
    Folder f;
    f.add(sv_001);
    check(run({"delete", "--db", f.db, "sv-001"}), 0, "",
          "deleted sv-001 (its history is kept: 'casebook restore sv-001' brings it back)\n");
    CHECK(run({"show", "--db", f.db, "sv-001"}).code == 1);
    check(run({"delete", "--db", f.db, "nope"}), 1, "", "casebook: error: no case \"nope\" in " + f.db + "\n");
    check(run({"delete", "--db", f.db}), 2, "", "casebook: error: id is required\nRun with --help for more information.\n");
    check(run({"delete", "--db", f.nope, "sv-001"}), 3, "", no_database(f.nope));
}

TEST_CASE("restore brings a deleted case back, and only a deleted one", "[cli][commands]")
{
    Folder f;
    f.add(sv_001);
    REQUIRE(run({"delete", "--db", f.db, "sv-001"}).code == 0);
    check(run({"restore", "--db", f.db, "sv-001"}), 0, "", "restored sv-001\n");
    check(run({"restore", "--db", f.db, "sv-001"}), 1, "",
          "casebook: error: case \"sv-001\" is not deleted: nothing to restore\n");
    check(run({"restore", "--db", f.db, "nope"}), 1, "", "casebook: error: no case \"nope\" in " + f.db + "\n");
    check(run({"restore", "--db", f.db, "sv-001", "--bogus"}), 2, "", bad_option);
    check(run({"restore", "--db", f.nope, "sv-001"}), 3, "", no_database(f.nope));
}

TEST_CASE("log lists each change with its revision, time and user", "[cli][commands]")
{
    Folder f;
    f.add(sv_001);
    REQUIRE(run({"delete", "--db", f.db, "sv-001"}).code == 0);
    check_matching(run({"log", "--db", f.db, "sv-001"}), 0,
                   "rev 1  " + time_pattern + literal("  test  create  sv-001 (revision 1)\n") +
                   "rev 2  " + time_pattern + literal("  test  delete  sv-001 (revision 2)\n"),
                   "");
    check(run({"log", "--db", f.db, "nope"}), 1, "",
          "casebook: error: no case \"nope\" in " + f.db + " (did you mean \"sv-001\"?)\n");
    check(run({"log", "--db", f.nope}), 3, "", no_database(f.nope));
}

TEST_CASE("import adds a folder of records, or nothing when one is invalid", "[cli][commands]")
{
    Folder f;
    check(run({"import", "--db", f.db, examples + "/northern-triangle"}), 0, "",
          "10 records: 10 added, 0 updated, 0 unchanged, 0 rejected\n");
    check(run({"import", "--db", f.db, examples + "/northern-triangle"}), 0, "",
          "10 records: 0 added, 0 updated, 10 unchanged, 0 rejected\n");
    check(run({"import", "--db", f.db, month_13}), 1, "",
          month_13 + ":82:15: error: /sources/0/date: \"2018-13-02\" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD "
                     "(e.g. 2017, 2017-03 or 2017-03-09)\n"
                     "1 record: 1 invalid; nothing written (1 error; --skip-invalid imports the 0 valid ones)\n");
    check(run({"import", "--db", f.nope, sv_001}), 3, "", no_database(f.nope));
}

TEST_CASE("export writes the stored records and says what it left out", "[cli][commands]")
{
    Folder f;
    check(run({"export", "--db", f.db}), 0, "", "export: left out no case\n");
    f.add(gt_001);
    check(run({"export", "--db", f.db}), 0, R"x({"schema_version":"1","id":"gt-001","status":"complete","recorded":{"by":"R02","date":"2017-06-10","project":"point-of-no-return-synthetic"},"person":{"pseudonym":"Tomás","sex":"male","birth_year":1979,"age_at_flight":38,"traveled_with":"alone"},"origin":{"country":"GTM","locality":"Aldea Los Pinos (invented)"},"flight":{"date":"2017-03","reasons":["land_or_resource_conflict","threat_to_life"],"persecutors":["organized_crime"],"sought_protection_at_home":true,"home_failures":["no_response"]},"journey":[{"country":"MEX","entered":"2017-03","role":"transit"},{"country":"USA","entered":"2017-04-02","role":"destination","detained":true,"asylum":{"fear_expressed":true,"sought":false,"procedure":"none","outcome":"not_allowed_to_apply"},"failures":["no_credible_fear_screening","no_interpreter"]}],"returns":[{"date":"2017-04-19","from":"USA","to":"GTM","mechanism":"expedited_removal"}],"after_return":{"harms":[{"type":"threat","date":"2017-05","perpetrator":"organized_crime","same_persecutor":true,"verification":"corroborated","sources":["s1","s2"]},{"type":"disappeared","date":"2017-08","perpetrator":"unknown","verification":"corroborated","sources":["s2","s3"]}],"situation":["unknown"],"last_contact":"2017-07"},"sources":[{"id":"s1","type":"interview","date":"2017-06-10","reference":"R02 telephone interview (invented)"},{"id":"s2","type":"family_interview","date":"2017-10","reference":"R02 interview with his brother (invented)"},{"id":"s3","type":"ngo_report","date":"2018-01","reference":"Missing-persons register entry (invented)"}],"consent":{"obtained":true,"scope":"anonymised_quotes","date":"2017-06-10"},"narrative":"Tomás refused to sell his family's land to armed men who wanted it for a trafficking route, and they told him he would be killed. Detained at the US border without an interpreter for his language, he said he was afraid but was removed within three weeks without a credible-fear interview. The same men threatened him after his return; in August 2017 he did not come home from his field and has not been seen since.","tags":["disappeared","expedited-removal","indigenous-language"]}
)x", "export: left out no case\n");
    check(run({"export", "--db", f.db, "--format", "xml"}), 2, "",
          "casebook: error: --format: \"xml\" is not one of jsonl, json, csv, package, stata, spss\n"
          "Run with --help for more information.\n");
    check(run({"export", "--db", f.nope}), 3, "", no_database(f.nope));
}

TEST_CASE("review signs a case off, but not the reviewer's own work unless told", "[cli][commands]")
{
    Folder f;
    f.add(sv_001);
    check(run({"review", "--db", f.db, "sv-001", "--approve", "--note", "ok"}), 1, "",
          "casebook: error: test made the last change to sv-001 (revision 1, create): a case is reviewed by someone "
          "else; say --self to review your own work, and its history will say so\n");
    check(run({"review", "--db", f.db, "sv-001", "--approve", "--self", "--note", "ok"}), 0, "",
          "sv-001: reviewed by test (revision 2)\n");
    check(run({"review", "--db", f.db, "nope", "--approve"}), 1, "",
          "casebook: error: no case \"nope\" in " + f.db + " (did you mean \"sv-001\"?)\n");
    check(run({"review", "--db", f.db, "sv-001"}), 2, "",
          "casebook: error: say --approve or --reject: casebook review ID --approve|--reject [--note TEXT]\n");
    check(run({"review", "--db", f.nope, "sv-001", "--approve"}), 3, "", no_database(f.nope));
}

TEST_CASE("purge erases a case for good and asks why", "[cli][commands]")
{
    Folder f;
    f.add(sv_001);
    check(run({"purge", "--db", f.db, "sv-001", "--reason", "consent withdrawn"}), 0, "",
          "purged sv-001 from 1 version; the tombstone keeps who, when and why\n");
    check(run({"purge", "--db", f.db, "nope", "--reason", "x"}), 1, "", "casebook: error: no case \"nope\" in " + f.db + "\n");
    check(run({"purge", "--db", f.db, "sv-001"}), 2, "",
          "casebook: error: --reason is required\nRun with --help for more information.\n");
    check(run({"purge", "--db", f.nope, "sv-001", "--reason", "x"}), 3, "", no_database(f.nope));
}

TEST_CASE("verify checks the chain of custody and prints its head", "[cli][commands]")
{
    Folder f;
    f.add(gt_001);
    check_matching(run({"verify", "--db", f.db}), 0, "verified: 1 history rows, 1 cases, head " + hash_pattern + "\n", "");
    check(run({"verify", "--db", f.db, "--bogus"}), 2, "", bad_option);
    check(run({"verify", "--db", f.nope}), 3, "", no_database(f.nope));
}

TEST_CASE("checkpoint prints the head hash, the counts and the time", "[cli][commands]")
{
    Folder f;
    f.add(gt_001);
    check_matching(run({"checkpoint", "--db", f.db}), 0,
                   "casebook checkpoint\thead:" + hash_pattern + "\trows:1\tcases:1\tat:" + time_pattern + "\n", "");
    check(run({"checkpoint", "--db", f.db, "--bogus"}), 2, "", bad_option);
    check(run({"checkpoint", "--db", f.nope}), 3, "", no_database(f.nope));
}

TEST_CASE("merge brings in another database's cases", "[cli][commands]")
{
    Folder f;
    f.add(gt_001);
    Folder other;
    other.add_northern_triangle();
    check(run({"merge", "--db", f.db, other.db}), 0, "",
          "merge: 9 added, 0 updated, 0 deleted, 0 purged, 1 identical, 0 conflicts\n");
    check(run({"merge", "--db", f.db, other.nope}), 3, "", no_database(other.nope));
    check(run({"merge", "--db", f.db}), 2, "", "casebook: error: other is required\nRun with --help for more information.\n");
}

TEST_CASE("query lists the cases that match and refuses an unknown dimension", "[cli][commands]")
{
    Folder f;
    f.add(gt_001);
    check(run({"query", "--db", f.db, "--where", "origin=GTM", "--format", "csv"}), 0,
          "id,origin,returned_from,return_date,mechanism,outcome,flags,status\r\n"
          "gt-001,GTM,USA,2017-04-19,expedited_removal,disappeared,fear_not_screened;harm_linked_to_flight,complete\r\n",
          "");
    check(run({"query", "--db", f.db, "--sql", "select id, origin from cases_v"}), 0, "{\"id\":\"gt-001\",\"origin\":\"GTM\"}\n",
          "");
    check(run({"query", "--db", f.db, "--where", "nosuch=1"}), 2, "",
          "casebook: error: --where \"nosuch=1\": unknown dimension \"nosuch\"; did you mean \"sex\"? dimensions: origin, "
          "returned_from, returned_to, mechanism, return_year, flight_year, sex, age_group, minor, outcome, flag, harm, "
          "reason, persecutor, failure, transit, status, consent, project, tag, verified_outcome, verification\n");
    check(run({"query", "--db", f.db, "--sql", "select * from cases"}), 2, "",
          "casebook: error: --sql refused: no such table: cases\n");
    check(run({"query", "--db", f.nope, "--where", "origin=GTM"}), 3, "", no_database(f.nope));
}

TEST_CASE("table counts cases by a preset or by dimensions", "[cli][commands]")
{
    Folder f;
    f.add_northern_triangle();
    check(run({"table", "--db", f.db, "outcomes"}), 0, R"x(origin	killed	disappeared	physical_harm	other_harm	displaced	remigrated	no_harm_known	unknown	total
SLV	1	0	1	1	0	0	0	1	4
GTM	0	1	1	1	0	0	0	0	3
HND	0	0	2	1	0	0	0	0	3
total	1	1	4	3	0	0	0	1	10
)x", "");
    check(run({"table", "--db", f.db, "--rows", "origin", "--format", "csv"}), 0,
          "origin,cases\r\nSLV,4\r\nGTM,3\r\nHND,3\r\ntotal,10\r\n", "");
    check(run({"table", "--db", f.db, "--rows", "origin", "--cols", "nosuch"}), 2, "",
          "casebook: error: --cols \"nosuch\": unknown dimension; did you mean \"sex\"? dimensions: origin, returned_from, "
          "returned_to, mechanism, return_year, flight_year, sex, age_group, minor, outcome, flag, harm, reason, "
          "persecutor, failure, transit, status, consent, project, tag, verified_outcome, verification, perpetrator, "
          "harm_year, same_persecutor, pending_claim, unaccompanied_minor, first_mechanism, first_returned_from, "
          "first_returned_to, first_return_year, leg_country, leg_role, detained, procedure, asylum_outcome, "
          "represented\n");
    check(run({"table", "--db", f.nope, "outcomes"}), 3, "", no_database(f.nope));
}

TEST_CASE("dims lists every dimension with its values", "[cli][commands]")
{
    check(run({"dims"}), 0, R"x(dimension	multi_valued	kind	values	meaning
origin	no	country		country the person fled from (origin.country)
returned_from	no	country		country of the first return's departure (returns[0].from)
returned_to	no	country		country the person was first returned to (returns[0].to)
mechanism	no	vocabulary	removal;expedited_removal;reinstatement;administrative_removal;voluntary_departure;voluntary_return;expulsion;mpp_return;aca_transfer;deportation;assisted_return;assisted_voluntary_return;self_return;unknown;other	how the person was first returned (returns[0].mechanism)
return_year	no	year		year of the first return (returns[0].date)
flight_year	no	year		year the person fled (flight.date)
sex	no	vocabulary	female;male;other;unknown	the person's sex (person.sex)
age_group	no	vocabulary	0-11;12-17;18-25;26-40;41+;unknown	age at flight (age_at_flight, else flight year - birth_year)
minor	no	vocabulary	yes;no;unknown	under 18 at flight
outcome	no	vocabulary	killed;disappeared;physical_harm;other_harm;displaced;remigrated;no_harm_known;unknown	headline outcome after return (derived)
flag	yes	vocabulary	fear_not_screened;returned_pending_claim;unaccompanied_minor_returned;chain_return;coerced_voluntary_return;harm_linked_to_flight;no_representation	signs of refoulement (derived)
harm	yes	vocabulary	killed;disappeared;physical_assault;sexual_violence;torture;kidnapping;threat;extortion;forced_recruitment;arbitrary_detention;family_member_harmed;other	harms after return (after_return.harms[].type)
reason	yes	vocabulary	gang_threat;extortion;forced_recruitment;threat_to_life;family_member_killed;domestic_violence;sexual_violence;lgbti_persecution;political_persecution;state_violence;land_or_resource_conflict;witness_to_crime;poverty;family_reunification;other	reasons for fleeing (flight.reasons)
persecutor	yes	vocabulary	gang;organized_crime;police;military;other_state_agent;paramilitary;family_member;intimate_partner;community;unknown;other	who the person fled from (flight.persecutors)
failure	yes	vocabulary	no_response;complaint_refused;police_collusion;retaliation_after_complaint;no_witness_protection;internal_relocation_failed;no_access_to_procedure;fear_not_recorded;no_credible_fear_screening;no_interpreter;no_legal_representation;prolonged_detention;family_separation;pressured_to_accept_return;mistreatment_in_custody;claim_denied_without_hearing;returned_while_claim_pending;other	failures of protection at home and on the journey
transit	yes	country		transit countries (journey legs with role transit)
status	no	vocabulary	draft;complete;reviewed;rejected	review status (absent = draft)
consent	no	vocabulary	full;anonymised_quotes;aggregate_only;no_scope;not_recorded;refused	what the person's consent allows (consent.obtained and scope)
project	no	text		project the case belongs to (recorded.project)
tag	yes	text		free labels (tags)
verified_outcome	no	vocabulary	killed;disappeared;physical_harm;other_harm;displaced;remigrated;no_harm_known;unknown	outcome counting only confirmed or corroborated harms
verification	yes	vocabulary	confirmed;corroborated;alleged;not_assessed	verification of harms (absent = not_assessed)
)x", "");
    check(run({"dims", "sex"}), 2, "",
          "casebook: error: The following argument was not expected: sex\nRun with --help for more information.\n");
}

TEST_CASE("backup copies the database to a new file and never overwrites one", "[cli][commands]")
{
    Folder f;
    f.add(gt_001);
    const std::string copy = f.dir / "b.db";
    check(run({"backup", "--db", f.db, copy}), 0, "", "backed up " + f.db + " to " + copy + "\n");
    CHECK(run({"show", "--db", copy, "gt-001"}).code == 0);
    check(run({"backup", "--db", f.db, copy}), 3, "",
          "casebook: error: the backup " + copy +
              " already exists: casebook never overwrites a file; choose another name, or add --force to replace it\n");
    check(run({"backup", "--db", f.nope, f.dir / "c.db"}), 3, "", no_database(f.nope));
}

TEST_CASE("seal seals a database to a public key", "[cli][commands]")
{
    Folder f;
    f.add(gt_001);
    check(run({"seal", "--db", f.db, "--to", public_key}), 0, "",
          "casebook: sealed " + f.db + " to the project key with fingerprint " + fingerprint + " (1 versions sealed now)\n");
    check(run({"seal", "--db", f.db, "--to", "casebook-pk1:bad"}), 2, "",
          "casebook: error: this casebook public key is cut short or mistyped: copy it again whole\n");
    check(run({"seal", "--db", f.db}), 2, "", "casebook: error: --to is required\nRun with --help for more information.\n");
    check(run({"seal", "--db", f.nope, "--to", public_key}), 3, "", no_database(f.nope));
}

TEST_CASE("info says what a database is and whether it is sealed", "[cli][commands]")
{
    Folder f;
    f.add(gt_001);
    const std::string head = literal("database: " + f.db + "\nformat: 7\ncases: 1\n");
    check_matching(run({"info", "--db", f.db}), 0,
                   head + "history: 1 rows, head " + hash_pattern + "\n" +
                       literal("sealed: no (sensitive values are stored in clear: 'casebook seal --to PUBKEY' seals them)\n"),
                   "");
    REQUIRE(run({"seal", "--db", f.db, "--to", public_key}).code == 0);
    check_matching(run({"info", "--db", f.db}), 0,
                   head + "history: 2 rows, head " + hash_pattern + "\n" +
                       literal("sealed: yes, to the project key with fingerprint " + fingerprint + "\npublic key: " +
                               public_key + "\n"),
                   "");
    check(run({"info", "--db", f.db, "--format", "json"}), 2, "",
          "casebook: error: unknown option --format\nRun with --help for more information.\n");
    check(run({"info", "--db", f.nope}), 3, "", no_database(f.nope));
}

TEST_CASE("keys shows a key file's public key and needs a subcommand", "[cli][commands]")
{
    TempDir dir;
    const std::string key = dir.write("k.key", key_file);
    check(run({"keys", "show", "--key", key}), 0, R"x(public key   casebook-pk1:OinFFo293j1A9cxxFVSsDjeXR9HNqVxlPqc4pkvwsmWDoKOKCT0uR_TgjZCtvd6aiBIfzKcJXMac6mAmq68Tww
fingerprint  8fa3 9eee 6fa1 5b34 bc9d 4c31 999d 2a62
minisign     RWRbjgaAVoMg6oOgo4oJPS5H9OCNkK293pqIEh/MpwlcxpzqYCarrxPD
)x", "");
    check(run({"keys", "show", "--key", dir / "nope.key"}), 3, "",
          "casebook: error: cannot read the key file " + (dir / "nope.key") + ": No such file or directory\n");
    check(run({"keys"}), 2, "", "casebook: error: A subcommand is required\nRun with --help for more information.\n");
    check(run({"keys", "init"}), 2, "", "casebook: error: --out is required\nRun with --help for more information.\n");
}

TEST_CASE("schema prints the built-in schema", "[cli][commands]")
{
    check(run({"schema"}), 0, read_file(std::string(CASEBOOK_SOURCE_DIR) + "/schemas/case.schema.json"), "");
    check(run({"schema", "--bogus"}), 2, "", bad_option);
}

TEST_CASE("codebook describes every column of the linked tables", "[cli][commands]")
{
    const Result r = run({"codebook"});
    CHECK(r.code == 0);
    CHECK(r.out.rfind(R"x(# Codebook of casebook's linked tables

Each table is a CSV file of `export --format package` (and a view of `query --sql` for legs, returns, harms and sources). Missing values are `NA`; booleans `TRUE`/`FALSE`; sensitive columns are left out by `--redact`.

## cases

One row per case: who, consent, status, the values casebook derives and the first return. Primary key: `case_id`.

| column | type | description | values |
|---|---|---|---|
| `case_id` | string | Case identifier, unique in the database: letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64 characters (e.g. sv-001) |  |
| `status` | string | Review status: draft (being entered), complete (ready for review), reviewed or rejected (set only by casebook review; a change to a reviewed case other than to notes makes it complete again) | `draft`; `complete`; `reviewed`; `rejected` |
)x", 0) == 0);
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 209);
    CHECK(r.err == "");
    check(run({"codebook", "--format", "xml"}), 2, "",
          "casebook: error: --format: \"xml\" is not one of markdown, csv, tsv, json\n"
          "Run with --help for more information.\n");
}
