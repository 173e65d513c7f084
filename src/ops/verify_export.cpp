#include <sstream>

#include <fmt/format.h>

#include "util/csv.hpp"
#include "crypto/custody.hpp"
#include "util/error.hpp"
#include "json/json.hpp"
#include "crypto/keys.hpp"
#include "store/store.hpp"
#include "ops/verify.hpp"
#include "util/i18n.hpp"

namespace casebook::ops {

namespace {

// The records of an export in the format its comment names (CSV: one row per case after the header).
std::vector<Json> records_of(std::string_view bytes, const std::string& format, std::size_t& count, std::vector<std::string>& problems)
{
    std::vector<Json> out;
    try {
        if (format == "jsonl") {
            std::size_t start = 0;
            while (start < bytes.size()) {
                std::size_t nl = bytes.find('\n', start);
                std::string_view line = bytes.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
                start = nl == std::string_view::npos ? bytes.size() : nl + 1;
                if (!line.empty()) {
                    out.push_back(Json::parse(line));
                }
            }
        } else if (format == "json") {
            Json all = Json::parse(bytes);
            if (!all.is_array()) {
                problems.emplace_back(tr("the file is not a JSON array of records"));
                return {};
            }
            for (Json& r : all) {
                out.push_back(std::move(r));
            }
        } else if (format == "csv") {
            std::istringstream in{std::string(bytes)};
            CsvReader reader(in, tr("the export"));
            CsvRow row;
            std::size_t rows = 0;
            while (reader.next(row)) {
                ++rows;
            }
            count = rows == 0 ? 0 : rows - 1;
            return {};
        } else {
            problems.push_back(say("the comment names a format casebook does not write ({})", format));
            return {};
        }
    } catch (const Json::exception&) {
        problems.push_back(say("the file is not {} as casebook writes it", format == "json" ? tr("a JSON array") : "JSON Lines"));
    } catch (const Error&) {
        problems.emplace_back(tr("the file is not CSV as casebook writes it"));
    }
    count = out.size();
    return out;
}

// Whether doc, as export writes it, is a version of its case the history holds.
bool in_history(const store::Store& store, const Json& doc)
{
    auto id = doc.find("id");
    if (id == doc.end() || !id->is_string()) {
        return false;
    }
    const std::string text = doc.dump();
    for (const store::HistoryEntry& e : store.history(id->get<std::string>())) {
        if (!e.salt.empty() && crypto::custody::content_hash(e.salt, text) == e.content_hash) {
            return true;
        }
    }
    return false;
}

} // namespace

ExportVerdict verify_export(std::string_view file_bytes, std::string_view signature_text,
                            const std::array<unsigned char, 32>& sign_public_key, const store::Store* store)
{
    ExportVerdict v;
    std::optional<crypto::keys::MinisignVerified> verified = crypto::keys::minisign_verify(sign_public_key, file_bytes, signature_text);
    if (!verified) {
        return v;
    }
    v.signature_ok = true;
    v.trusted_comment = verified->trusted_comment;
    v.comment = crypto::parse_export_comment(verified->trusted_comment);
    if (!v.comment) {
        v.problems.emplace_back(tr("the signature is good, but its trusted comment is not a casebook export's"));
        return v;
    }
    const std::vector<Json> records = records_of(file_bytes, v.comment->format, v.records, v.problems);
    if (v.problems.empty() && v.records != v.comment->records) {
        v.problems.push_back(say("the file holds {} records, its signature says {}", v.records, v.comment->records));
    }
    if (store == nullptr || !v.problems.empty()) {
        return v;
    }
    if (!v.comment->head.empty()) {
        VerifyOptions options;
        options.since = v.comment->head;
        VerifyReport report = verify_store(*store, options);
        if (!report.ok()) {
            v.problems.push_back(say("{}'s own history does not verify ('casebook verify' lists why)", store->path()));
            return v;
        }
        if (!report.rows_since) {
            v.problems.push_back(say("its head {} is not in {}'s history: it came from another database, or "
                                             "this history was rewritten since",
                                             v.comment->head, store->path()));
            return v;
        }
        v.rows_since = report.rows_since;
    }
    if (v.comment->redacted) {
        return v; // a redacted record is no stored version: the signature covers it
    }
    std::size_t n = 0;
    for (const Json& r : records) {
        ++n;
        if (in_history(*store, r)) {
            ++v.records_matched;
        } else if (v.problems.size() < 20) {
            v.problems.push_back(say("record {} is no version the history of {} holds", n, store->path()));
        }
    }
    return v;
}

} // namespace casebook::ops
