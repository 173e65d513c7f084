#include "input/package.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "crypto/sha256.hpp"
#include "json/json.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook::input {

namespace fs = std::filesystem;

namespace {

// The descriptor's records file entry, when the file is casebook's descriptor.
const Json* records_entry(const Json& descriptor)
{
    if (!descriptor.is_object()) {
        return nullptr;
    }
    auto casebook = descriptor.find("casebook");
    if (casebook == descriptor.end() || !casebook->is_object()) {
        return nullptr;
    }
    auto records = casebook->find("records_file");
    return records != casebook->end() && records->is_object() ? &*records : nullptr;
}

std::string file_sha256(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(Exit::io, say("cannot read {}: {}", path, std::strerror(errno)));
    }
    crypto::Sha256 hash;
    std::array<char, 1 << 16> buffer{};
    while (in) {
        in.read(buffer.data(), buffer.size());
        hash.update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
    }
    if (in.bad()) {
        throw Error(Exit::io, say("cannot read {}: {}", path, std::strerror(errno)));
    }
    return hash.hex();
}

} // namespace

std::optional<std::string> package_records(const std::string& path)
{
    const fs::path descriptor_path(path);
    if (descriptor_path.filename() != "datapackage.json") {
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt; // read as any other input, which says why it cannot be
    }
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const Json descriptor = Json::parse(text, nullptr, false);
    const Json* records = records_entry(descriptor);
    if (records == nullptr) {
        return std::nullopt;
    }
    const Json* name = records->contains("path") ? &(*records)["path"] : nullptr;
    const Json* hash = records->contains("hash") ? &(*records)["hash"] : nullptr;
    // A plain name in the package's own folder: a package never points elsewhere.
    if (name == nullptr || !name->is_string() || name->get<std::string>().empty() ||
        name->get<std::string>().find_first_of("/\\") != std::string::npos || name->get<std::string>() == "." ||
        name->get<std::string>() == "..") {
        throw Error(Exit::invalid, say("{}: the package's records file is not a file name in its own folder", path));
    }
    if (hash == nullptr || !hash->is_string() || hash->get<std::string>().rfind("sha256:", 0) != 0) {
        throw Error(Exit::invalid, say("{}: the package gives no SHA-256 of its records file", path));
    }
    const std::string file = (descriptor_path.parent_path() / name->get<std::string>()).string();
    std::error_code ec;
    const fs::file_status status = fs::symlink_status(file, ec);
    if (fs::is_symlink(status)) {
        // The descriptor's hash is the sender's: a link could make it vouch for any file of this machine.
        throw Error(Exit::invalid, say("{}: the package's records file {} is a link, not a file of the package", path, file));
    }
    if (!fs::is_regular_file(status)) {
        throw Error(Exit::invalid, say("{}: the package's records file {} is missing", path, file));
    }
    if (file_sha256(file) != hash->get<std::string>().substr(7)) {
        throw Error(Exit::invalid,
                    say("{}: {} does not match the SHA-256 the package gives for it: it was changed or cut after export",
                        path, file));
    }
    return file;
}

} // namespace casebook::input
