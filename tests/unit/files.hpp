// Files for the unit tests: a private temporary folder removed afterwards, and
// whole files read, written and their permission bits checked.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <sys/stat.h>

#include <catch2/catch.hpp>

namespace casebook::test {

// The bytes of a file; the test fails if it cannot be opened.
inline std::string read_file(const std::filesystem::path& path)
{
    std::ifstream f(path, std::ios::binary);
    REQUIRE(f.good());
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// Replaces a file's bytes (creating it with the process's umask); the test fails if they are not all written.
inline void write_file(const std::filesystem::path& path, const std::string& text)
{
    std::ofstream f(path, std::ios::binary);
    REQUIRE(f.good());
    f << text;
    f.close();
    REQUIRE_FALSE(f.fail());
}

// A file's permission bits, e.g. 0600.
inline unsigned mode_of(const std::filesystem::path& path)
{
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

// A private temporary folder for one test (mkdtemp: mode 0700, a name nobody can guess), removed at its end.
class TempDir {
public:
    TempDir()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "casebook-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("cannot create a temporary folder");
        }
        path_ = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    // Writes a file inside the folder (creating the folders on its path) and returns its path.
    std::string write(const std::string& name, const std::string& text) const
    {
        const std::filesystem::path p = path_ / name;
        std::filesystem::create_directories(p.parent_path());
        write_file(p, text);
        return p.string();
    }
    // A path inside the folder.
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

} // namespace casebook::test
