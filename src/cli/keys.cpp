// casebook keys: make a project's key file, show its public key, print and
// use its recovery sheet.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include <fmt/format.h>

#include "util/error.hpp"
#include "crypto/keys.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/key_options.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

namespace {

// What keys show prints: every public form of one key, one a line.
std::string public_lines(const crypto::keys::PublicKey& key, const std::string& only)
{
    if (only == "public") {
        return crypto::keys::public_text(key) + "\n";
    }
    if (only == "fingerprint") {
        return crypto::keys::fingerprint(key) + "\n";
    }
    if (only == "minisign") {
        return crypto::keys::minisign_public_key_line(key.sign) + "\n";
    }
    // TRANSLATORS: three labelled lines; keep the values in one column.
    return say("public key   {}\nfingerprint  {}\nminisign     {}\n", crypto::keys::public_text(key), crypto::keys::fingerprint(key),
               crypto::keys::minisign_public_key_line(key.sign));
}

crypto::keys::KdfCost cost_named(const std::string& name)
{
    if (name == "moderate") {
        return crypto::keys::KdfCost::moderate;
    }
    if (name == "sensitive") {
        return crypto::keys::KdfCost::sensitive;
    }
    return crypto::keys::KdfCost::interactive;
}

std::string what_losing_means(const std::string& path)
{
    return say("\n"
        "  IMPORTANT. This key file and its passphrase are the only way to read the sealed\n"
        "  (sensitive) fields of every database sealed to this key. Lose the file, or forget\n"
        "  the passphrase, and those values are gone for good: nobody can bring them back.\n"
        "  Now: run `casebook keys recovery --key {}`, print or copy by hand\n"
        "  what it shows, and keep that sheet locked away from the laptop. Whoever holds the\n"
        "  sheet can read every sealed value, so guard it like the people in the records.\n"
        "\n"
        "  Send the public key (above) to the researchers by any channel, then read the\n"
        "  fingerprint to them by another (a call) so that they know it arrived unchanged.\n",
        path);
}

} // namespace

Action setup_keys(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string out;
        std::string key;
        std::string cost = "interactive";
        std::string only;
        std::string public_key;
        std::string from = "-";
    };
    auto opt = std::make_shared<Options>();
    o.require_subcommand(1);

    OptionSet init = o.add_subcommand("init", "Make a new key file (asks for a new passphrase twice)");
    init.add_option("--out", opt->out, "The new key file (mode 0600; an existing file is never overwritten)")
        .type_name("FILE")
        .required();
    init.add_option("--kdf", opt->cost,
                    "How slow the passphrase is to check, and so to guess: libsodium's Argon2id costs "
                    "(interactive: 64 MiB, the default; moderate: 256 MiB; sensitive: 1 GiB)")
        .one_of({"interactive", "moderate", "sensitive"});

    OptionSet show = o.add_subcommand("show", "Print the public key, its fingerprint and its minisign form");
    add_key_option(show, opt->key);
    show.add_option("public-key", opt->public_key, "A public key someone sent (casebook-pk1:...), instead of a key file")
        .type_name("PUBKEY");
    show.add_option("--only", opt->only, "Print only this line, without its label (for scripts)").one_of({"public", "fingerprint", "minisign"});

    OptionSet recovery = o.add_subcommand("recovery", "Print the recovery sheet of a key file (asks its passphrase)");
    add_key_option(recovery, opt->key);

    OptionSet recover = o.add_subcommand("recover", "Make a key file again from its recovery sheet");
    recover.add_option("--out", opt->out, "The new key file (mode 0600; an existing file is never overwritten)")
        .type_name("FILE")
        .required();
    recover.add_option("--from", opt->from, "The typed-in recovery sheet (default: standard input)").type_name("FILE");

    o.footer(tr("A key file holds a project's sealing key pair and your signing key pair; its secret half is "
             "encrypted under a passphrase. See man casebook, DATA PROTECTION."));

    return [opt, init, show, recovery, recover, &ctx]() -> int {
        if (init.parsed()) {
            crypto::keys::Identity identity = crypto::keys::generate_identity();
            const crypto::keys::Passphrase passphrase = crypto::keys::read_passphrase(
                passphrase_source(), say("New passphrase for {}: ", opt->out), crypto::keys::Confirm::yes);
            crypto::keys::write_key_file(opt->out, identity, passphrase.view(), cost_named(opt->cost));
            ctx.out << public_lines(identity.public_key(), "");
            ctx.err << say("casebook: wrote the key file {} (mode 0600)\n", opt->out)
                    << what_losing_means(opt->out);
            return 0;
        }
        if (show.parsed()) {
            if (!opt->public_key.empty() && !opt->key.empty()) {
                throw Error(Exit::usage, tr("give a key file (--key) or a public key, not both"));
            }
            const crypto::keys::PublicKey key = opt->public_key.empty() ? crypto::keys::read_public_key(key_file_path(opt->key))
                                                                : crypto::keys::parse_public_text(opt->public_key);
            ctx.out << public_lines(key, opt->only);
            return 0;
        }
        if (recovery.parsed()) {
            const crypto::keys::Identity identity = unlock_identity(opt->key);
            ctx.out << tr("casebook recovery sheet: keep it locked away; whoever holds it reads every sealed value") << '\n'
                    << say("fingerprint {}", crypto::keys::fingerprint(identity.public_key())) << "\n\n"
                    << crypto::keys::recovery_text(identity);
            return 0;
        }
        if (recover.parsed()) {
            std::string sheet;
            if (opt->from == "-") {
                if (ctx.in_is_tty) {
                    ctx.err << tr("Type the recovery sheet (from its casebook-sk1 line), then Ctrl-D:") << '\n';
                }
                sheet.assign(std::istreambuf_iterator<char>(ctx.in), std::istreambuf_iterator<char>());
            } else {
                std::ifstream f(opt->from, std::ios::binary);
                if (!f) {
                    throw Error(Exit::io, say("cannot read {}", opt->from));
                }
                sheet.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
            }
            crypto::keys::Identity identity = crypto::keys::identity_from_recovery(sheet);
            std::fill(sheet.begin(), sheet.end(), '\0');
            const crypto::keys::Passphrase passphrase = crypto::keys::read_passphrase(
                passphrase_source(), say("New passphrase for {}: ", opt->out), crypto::keys::Confirm::yes);
            crypto::keys::write_key_file(opt->out, identity, passphrase.view());
            ctx.out << public_lines(identity.public_key(), "");
            ctx.err << say("casebook: wrote the key file {} (mode 0600)\n", opt->out);
            return 0;
        }
        return static_cast<int>(Exit::usage);
    };
}

} // namespace casebook::cli
