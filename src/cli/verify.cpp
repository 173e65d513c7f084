// casebook verify: the chain of custody, checked end to end.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include <fmt/format.h>

#include "util/error.hpp"
#include "crypto/keys.hpp"
#include "crypto/signed_output.hpp"
#include "input/records.hpp"
#include "store/store.hpp"
#include "util/terminal.hpp"
#include "ops/verify.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/key_options.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

namespace {

std::string read_whole(const std::string& path, const char* what)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(Exit::io, say("cannot read {} {}", what, path));
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// verify --export: a signed export, with the database it came from when there is one here.
int verify_signed_export(Context& ctx, const std::string& file, const std::string& signature, const std::string& pubkey,
                         const std::string& key, const std::string& db)
{
    if (pubkey.empty() && key.empty() && !std::getenv("CASEBOOK_KEY")) {
        throw Error(Exit::usage, tr("verify --export needs the signer's public key: --pubkey RW... (minisign's line, as "
                                 "'casebook keys show' prints it) or --key FILE"));
    }
    const crypto::keys::SignPublicKey signer =
        !pubkey.empty() ? crypto::keys::parse_signing_key(pubkey) : crypto::keys::read_public_key(key_file_path(key)).sign;
    const std::string bytes = read_whole(file, tr("the export"));
    const std::string sig_path = signature.empty() ? crypto::SignedOutput::signature_path(file) : signature;
    const std::string sig = read_whole(sig_path, tr("the signature"));
    std::optional<store::Store> store;
    const std::string db_path = database_path(ctx, db);
    if (!db.empty() || std::filesystem::exists(db_path)) {
        store.emplace(store::Store::open(db_path, store::Access::read, open_settings(ctx)));
    }
    ops::ExportVerdict v = ops::verify_export(bytes, sig, signer, store ? &*store : nullptr);
    if (!v.signature_ok) {
        ctx.err << say("{}: the signature {} does not verify with this key: the file or its signature was changed, "
                       "or another key signed it",
                       file, sig_path)
                << '\n';
        return static_cast<int>(Exit::invalid);
    }
    for (const std::string& p : v.problems) {
        ctx.err << file << ": " << p << '\n';
    }
    if (!v.ok()) {
        return static_cast<int>(Exit::invalid);
    }
    const crypto::ExportComment& c = *v.comment;
    ctx.out << say("verified {}: signed by {}; ", file, crypto::keys::minisign_public_key_line(signer))
            << fmt::format(fmt::runtime(tr_plural("{} record", "{} records", c.records)), c.records) << " ("
            << (c.redacted ? say("{}, redacted", c.format) : c.format) << "), "
            << say("database head {}", c.head.empty() ? tr("(empty)") : c.head);
    if (store) {
        if (v.rows_since) {
            ctx.out << say("; in {}'s history ({} rows added since)", store->path(), *v.rows_since);
        }
        if (!c.redacted && c.format != "csv") {
            ctx.out << tr("; every record is a version its history holds");
        }
    }
    ctx.out << '\n';
    return 0;
}

} // namespace

Action setup_verify(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::string since;
        std::string export_file;
        std::string signature;
        std::string pubkey;
        std::string key;
        unsigned jobs = input::default_jobs();
        bool deep = false;
        bool all_signed = false;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    o.add_option("--since", opt->since, "A head hash printed earlier: prove the history since then only grew")
        .type_name("HASH");
    o.add_option("--export", opt->export_file,
                 "Check a signed export instead (export --sign): its signature FILE.minisig, its record count, and, "
                 "with the database it came from, its head and every record against the history")
        .type_name("FILE");
    o.add_option("--signature", opt->signature, "With --export: the signature file (default: FILE.minisig)").type_name("FILE");
    o.add_option("--pubkey", opt->pubkey,
                 "With --export: the signer's public key (minisign's RW... line, or casebook-pk1:...)")
        .type_name("KEY");
    add_key_option(o, opt->key);
    o.add_flag("--deep", opt->deep,
               "Also derive every case's table and query columns again from its document (slower); without it they "
               "are checked against the hash each version recorded of them");
    o.add_flag("--all-signed", opt->all_signed,
               "Every row must be signed: an unsigned row is a broken link (for a project where every researcher "
               "signs)");
    add_jobs_option(o, opt->jobs, "Threads that check the cases' table columns, parsing the documents that need it (default: the number of cores)");
    o.footer(tr("Exit 0: every row and case holds together (one summary line on stdout). Exit 1: each broken link on "
             "stderr, naming the case and revision."));

    return [opt, &ctx]() -> int {
        if (!opt->export_file.empty()) {
            return verify_signed_export(ctx, opt->export_file, opt->signature, opt->pubkey, opt->key, opt->db);
        }
        store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::read, open_settings(ctx));
        ops::VerifyOptions options;
        options.jobs = opt->jobs;
        options.deep = opt->deep;
        options.all_signed = opt->all_signed;
        if (!opt->since.empty()) {
            options.since = opt->since;
        }
        ops::VerifyReport report = ops::verify_store(store, options);
        for (const ops::ChainBreak& b : report.breaks) {
            ctx.err << store.path() << ": ";
            if (!b.case_id.empty()) {
                // An id made up by hand may hold a NUL or a line break: escaped, one line still.
                ctx.err << say("case {}", terminal_safe(b.case_id, LineBreaks::escape));
                if (b.revision > 0) {
                    ctx.err << say(" revision {}", b.revision);
                }
                if (b.rev > 0) {
                    ctx.err << " (rev " << b.rev << ")";
                }
                ctx.err << ": ";
            }
            ctx.err << b.what << '\n';
        }
        if (options.since && !report.rows_since) {
            ctx.err << say("{}: {} is not a head of this database's history: the history was rewritten since, or it "
                           "is another database's",
                           store.path(), opt->since)
                    << '\n';
        }
        if (!report.ok() || (options.since && !report.rows_since)) {
            ctx.err << fmt::format(fmt::runtime(tr_plural("verify: {} broken link in {} history rows",
                                                          "verify: {} broken links in {} history rows",
                                                          report.breaks.size())),
                                   report.breaks.size(), report.rows)
                    << '\n';
            return static_cast<int>(Exit::invalid);
        }
        ctx.out << say("verified: {} history rows, {} cases, head {}", report.rows, report.cases,
                       report.head.empty() ? tr("(empty)") : report.head);
        if (report.rows_since) {
            ctx.out << say("; {} rows added since {}", *report.rows_since, opt->since);
        }
        ctx.out << '\n';
        // Who signed what: a reader compares each fingerprint with the one its researcher read out.
        for (const ops::SignerRows& s : report.signers) {
            const crypto::keys::PublicKey key = crypto::keys::parse_public_text(s.public_text);
            ctx.out << fmt::format(fmt::runtime(tr_plural("signed by {} ({}): {} row by ", "signed by {} ({}): {} rows by ",
                                                          s.rows)),
                                   crypto::keys::fingerprint(key), crypto::keys::minisign_public_key_line(key.sign), s.rows);
            for (std::size_t i = 0; i < s.actors.size(); ++i) {
                ctx.out << (i == 0 ? "" : ", ") << terminal_safe(s.actors[i], LineBreaks::escape);
            }
            ctx.out << '\n';
        }
        if (!report.signers.empty() && report.unsigned_rows > 0) {
            ctx.out << fmt::format(fmt::runtime(tr_plural("unsigned: {} row", "unsigned: {} rows", report.unsigned_rows)),
                                   report.unsigned_rows)
                    << '\n';
        }
        for (const ops::RowRef& r : report.unsigned_after_signed) {
            ctx.out << say("unsigned after a signed row of its case: case {} revision {} (rev {})",
                           terminal_safe(r.case_id, LineBreaks::escape), r.revision, r.rev)
                    << '\n';
        }
        if (report.sealed_to) {
            ctx.out << fmt::format(fmt::runtime(tr_plural("sealed to {}: {} sealed value in the history",
                                                          "sealed to {}: {} sealed values in the history",
                                                          report.sealed_values)),
                                   crypto::keys::fingerprint(*report.sealed_to), report.sealed_values)
                    << '\n';
        }
        return 0;
    };
}

} // namespace casebook::cli
