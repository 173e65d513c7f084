// Reading a casebook data package back (export --format package): its
// descriptor, datapackage.json, names the file that holds the records whole
// and gives its SHA-256; import and validate read that file, once its hash
// matches, instead of the descriptor and the tables.
#pragma once

#include <optional>
#include <string>

namespace casebook::input {

// When path is a casebook package's datapackage.json: the path of its records
// file, checked against the hash the descriptor gives. nullopt for any other
// file. Throws Error(invalid) for a package whose records file is missing,
// lies outside its folder or does not match its hash, Error(io) when a file
// cannot be read.
std::optional<std::string> package_records(const std::string& path);

} // namespace casebook::input
