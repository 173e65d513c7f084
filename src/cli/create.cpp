// casebook create: add one case from a file or stdin, or print a template.
#include <algorithm>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "record/canonical.hpp"
#include "util/error.hpp"
#include "input/records.hpp"
#include "ops/create_case.hpp"
#include "store/store.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/create_guided.hpp"
#include "cli/key_options.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

Action setup_create(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::string from;
        bool print_template = false;
        bool interactive = false;
        std::optional<std::string> resume;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    Option from =
        o.add_option("--from", opt->from, "Read the case from FILE (.json, one record), or - for stdin").type_name("FILE");
    Option interactive =
        o.add_flag("--interactive", opt->interactive,
                     "Guided entry: ask for the case question by question (the default on a terminal when --from is "
                     "not given); answers can also be piped, one per line")
            .excludes(from);
    Option resume =
        o.add_option("--resume", opt->resume,
                       "Go on with an interrupted guided entry where it stopped: the latest one waiting, or the recovery "
                       "FILE named (guided entry keeps every answer in a recovery file as it is given)")
            .type_name("[FILE]")
            .expected(0, 1)
            .excludes(from);
    o.add_flag("--template", opt->print_template,
               "Print a skeleton record with every field present, to fill in an editor: placeholders are \"\", null, "
               "\"a | b | c\" (choose one) and YYYY-MM-DD; fill in what you know, then 'casebook create --from FILE': "
               "what still holds its placeholder is left out as not recorded (an empty id gets one assigned)")
        .excludes(from)
        .excludes(interactive)
        .excludes(resume);
    o.footer(tr("A case without an id gets <ORIGIN>-NNNN (e.g. SLV-0001). The id of the created case is printed on "
             "stdout; problems are reported like 'casebook validate' does, and an invalid case is not stored."));

    return [opt, &ctx]() -> int {
        if (opt->print_template) {
            ctx.out << record::pretty_text(record::case_template());
            return 0;
        }
        if (opt->resume) {
            return run_guided_create(ctx, opt->db, opt->resume);
        }
        if (opt->from.empty() && (opt->interactive || ctx.in_is_tty)) {
            return run_guided_create(ctx, opt->db);
        }
        if (opt->from.empty()) {
            throw Error(Exit::usage, tr("nothing to create from: use --from FILE (or - for stdin), --template, or --interactive "
                                     "for guided entry (answers one per line)"));
        }
        std::vector<input::SourceRecord> records;
        input::read_records({opt->from}, ctx.in, [&records](input::SourceRecord& record) {
            records.push_back(std::move(record));
            return records.size() < 2;
        });
        if (records.size() != 1) {
            throw Error(Exit::usage, records.empty() ? say("{} holds no case record", opt->from)
                                                     : say("{0} holds more than one record; create takes one: use 'casebook import {0}'",
                                                           opt->from));
        }
        // A template filled in part: what was left as its placeholder is not recorded.
        if (input::SourceRecord& record = records.front(); record.doc) {
            if (std::size_t left = record::drop_unfilled_placeholders(*record.doc)) {
                ctx.err << fmt::format(fmt::runtime(tr_plural("casebook: note: {} field still held the template's placeholder and is left out (not recorded)",
                                         "casebook: note: {} fields still held the template's placeholder and are left out (not recorded)",
                                         left)),
                                       left)
                        << '\n';
                // An untouched template is no case: nothing would be stored but an empty draft.
                const bool nothing_filled = std::all_of(record.doc->items().begin(), record.doc->items().end(), [](const auto& m) {
                    return m.key() == "schema_version" || m.key() == "status" || m.key() == "id";
                });
                if (nothing_filled) {
                    throw Error(Exit::invalid, say("{} holds only the template's placeholders: fill in what you know of the case first",
                                                   opt->from == "-" ? std::string(tr("standard input")) : opt->from));
                }
            }
        }
        store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::write, open_settings(ctx));
        sign_changes(store);
        ops::CreateResult result = ops::create_case(store, std::move(records.front()), ctx.env.actor);
        for (const Diagnostic& d : result.diagnostics) {
            print_text(ctx.err, d);
        }
        if (!result.id) {
            return static_cast<int>(Exit::invalid);
        }
        ctx.out << *result.id << '\n';
        return 0;
    };
}

} // namespace casebook::cli
