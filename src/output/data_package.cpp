#include "output/data_package.hpp"

#include "util/csv.hpp"
#include "schema/schema.hpp"

namespace casebook::output {

namespace {

std::string file_of(const record::LinkedTable& table) { return table.name + ".csv"; }

// The text of a missing value in every file: what R's read.csv, readr and pandas read as NA unasked.
constexpr std::string_view missing = "NA";

Json field_of(const record::LinkedColumn& column, bool key)
{
    Json f = {{"name", column.name}, {"description", column.description}};
    switch (column.type) {
    case record::ColumnType::integer:
        f["type"] = "integer";
        break;
    case record::ColumnType::boolean:
        f["type"] = "boolean";
        f["trueValues"] = Json::array({"TRUE"});
        f["falseValues"] = Json::array({"FALSE"});
        break;
    case record::ColumnType::date:
        f["type"] = "date";
        f["format"] = "default";
        break;
    case record::ColumnType::list:
        f["type"] = "string";
        f["description"] = column.description + " (values separated by \";\")";
        break;
    case record::ColumnType::string:
        f["type"] = "string";
        break;
    }
    Json constraints = Json::object();
    if (key) {
        constraints["required"] = true;
    }
    if (!column.values.empty()) {
        constraints["enum"] = column.values;
    }
    if (!constraints.empty()) {
        f["constraints"] = std::move(constraints);
    }
    return f;
}

Json table_schema(const record::LinkedTable& table)
{
    Json fields = Json::array();
    for (const record::LinkedColumn& c : table.columns) {
        bool key = false;
        for (const std::string& k : table.primary_key) {
            key = key || k == c.name;
        }
        fields.push_back(field_of(c, key));
    }
    Json schema = {{"fields", std::move(fields)}, {"missingValues", Json::array({missing})},
                   {"primaryKey", table.primary_key}};
    if (!table.foreign_keys.empty()) {
        Json keys = Json::array();
        for (const record::ForeignKey& k : table.foreign_keys) {
            keys.push_back({{"fields", k.fields}, {"reference", {{"resource", k.table}, {"fields", k.table_fields}}}});
        }
        schema["foreignKeys"] = std::move(keys);
    }
    return schema;
}

std::string csv_line(const record::LinkedRow& row)
{
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (i != 0) {
            line += ',';
        }
        line += row[i] ? csv_cell(*row[i]) : std::string(missing);
    }
    return line + "\r\n";
}

} // namespace

std::set<std::string> data_package_files()
{
    std::set<std::string> out = {"datapackage.json", package_records_file};
    for (const record::LinkedTable& t : record::linked_tables(record::SensitiveColumns::kept)) {
        out.insert(file_of(t));
    }
    return out;
}

Json data_package_descriptor(record::SensitiveColumns sensitive, const PackageFacts& facts,
                             const std::map<std::string, PackageFile>& files)
{
    // Frictionless' "bytes" and "hash" ("sha256:HEX") of a file, when it was written.
    auto size_and_hash = [&](Json& resource) {
        auto f = files.find(resource["path"].get<std::string>());
        if (f != files.end()) {
            resource["bytes"] = f->second.bytes;
            resource["hash"] = "sha256:" + f->second.sha256;
        }
    };
    Json resources = Json::array();
    for (const record::LinkedTable& t : record::linked_tables(sensitive)) {
        resources.push_back({{"name", t.name},
                             {"path", file_of(t)},
                             {"profile", "tabular-data-resource"},
                             {"description", t.description},
                             {"format", "csv"},
                             {"mediatype", "text/csv"},
                             {"encoding", "utf-8"},
                             {"dialect", {{"delimiter", ","}, {"doubleQuote", true}, {"header", true}, {"lineTerminator", "\r\n"}}},
                             {"schema", table_schema(t)}});
        size_and_hash(resources.back());
    }
    Json records = {{"path", package_records_file},
                    {"format", "jsonl"},
                    {"mediatype", "application/x-ndjson"},
                    {"encoding", "utf-8"},
                    {"description", "The same records whole, one JSON object a line, as `casebook export` writes "
                                    "them: `casebook import` of the package folder reads this file"}};
    size_and_hash(records);
    Json left = {{"total", facts.left_out.total()},
                 {"consent_refused", facts.left_out.consent_refused},
                 {"consent_not_for_sharing", facts.left_out.consent_not_for_sharing},
                 {"rejected", facts.left_out.rejected}};
    return {{"profile", "tabular-data-package"},
            {"name", "casebook-cases"},
            {"title", "Case records exported by casebook, as linked tables"},
            {"description", "Cases and their legs, returns, harms and sources, joined by case_id and a position. " +
                                facts.left_out.sentence() + "."},
            {"created", facts.created},
            {"casebook",
             {{"schema_version", std::string(record_schema_version)},
              {"records", facts.records},
              {"redacted", facts.redacted},
              {"dates", facts.redacted ? Json(facts.dates) : Json("day")},
              {"left_out", std::move(left)},
              {"records_file", std::move(records)}}},
            {"resources", std::move(resources)}};
}

DataPackageWriter::DataPackageWriter(OutputFolder& folder, record::SensitiveColumns sensitive)
    : folder_(folder), sensitive_(sensitive)
{
    for (const record::LinkedTable& t : record::linked_tables(sensitive_)) {
        record::LinkedRow header;
        for (const record::LinkedColumn& c : t.columns) {
            header.emplace_back(c.name);
        }
        put(file_of(t), csv_line(header));
    }
}

void DataPackageWriter::add(const Json& record)
{
    const auto& tables = record::linked_tables(sensitive_);
    record::linked_rows(record, sensitive_, [&](std::size_t t, const record::LinkedRow& row) { put(file_of(tables[t]), csv_line(row)); });
    put(package_records_file, record.dump() + "\n");
}

void DataPackageWriter::put(const std::string& name, std::string_view text)
{
    folder_.write(name, text);
    Digest& d = digests_[name];
    d.hash.update(text);
    d.bytes += static_cast<long long>(text.size());
}

void DataPackageWriter::finish(const PackageFacts& facts)
{
    folder_.create(package_records_file); // there even when no record is
    std::map<std::string, PackageFile> files;
    for (auto& [name, d] : digests_) {
        files[name] = {d.hash.hex(), d.bytes};
    }
    if (!files.count(package_records_file)) {
        files[package_records_file] = {crypto::sha256_hex(""), 0};
    }
    folder_.write("datapackage.json", data_package_descriptor(sensitive_, facts, files).dump(2) + "\n");
    folder_.commit();
}

} // namespace casebook::output
