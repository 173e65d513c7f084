// The ids of a run and where each was first used (DatasetCheck's duplicate-id
// check), kept compactly in memory and moved to a private temporary SQLite
// database past a memory budget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "input/dataset_check.hpp"

namespace SQLite {
class Database;
class Statement;
} // namespace SQLite

namespace casebook::input {

// The ids of a run and where each was first used, packed into blocks of
// bytes with an open-addressing index: about 40 bytes an id, so a million
// records take some 40 MB where a map of strings took about 150 MB. Past a
// memory budget the ids move to a private temporary SQLite database on disk
// (deleted when closed) with a small page cache, so that memory stays
// bounded whatever the number of records.
class DatasetCheck::SeenIds {
public:
    // Keeps the ids in memory up to budget bytes.
    explicit SeenIds(std::size_t budget);
    ~SeenIds();

    // Where an id was first used.
    struct Place {
        const std::string* file;
        std::uint64_t line;
    };

    // Remembers id as used at file:line; when it was used before, returns where.
    std::optional<Place> insert(std::string_view id, const std::string& file, std::uint64_t line);

    // Whether the ids have moved to the temporary database.
    bool spilled() const { return spilled_; }

private:
    static constexpr std::size_t header = sizeof(std::uint64_t) + 2 * sizeof(std::uint32_t); // line, file, id length

    struct Entry {
        std::uint64_t line;
        std::uint32_t file;
        std::string_view id;
    };

    std::uint32_t file_index(const std::string& file); // files_'s index of file, added when new
    // Appends an entry; returns its reference (block + 1) << 24 | offset, never 0.
    std::uint64_t store(std::string_view id, const std::string& file, std::uint64_t line);
    Entry entry(std::uint64_t slot) const; // the entry a slot refers to
    void grow();                           // doubles the index
    // The memory in use once id is stored in memory (blocks and index).
    std::size_t memory_after(std::string_view id) const;
    // Moves every id to the temporary database and frees the memory.
    void spill();
    // Adds an id to the temporary database; false when it is there already.
    bool add_on_disk(std::string_view id, std::uint32_t file, std::uint64_t line);
    std::optional<Place> insert_on_disk(std::string_view id, const std::string& file, std::uint64_t line);

    const std::size_t budget_;
    const std::size_t block_size_;
    std::size_t block_bytes_ = 0;
    bool spilled_ = false;
    std::unique_ptr<SQLite::Database> disk_;
    std::unique_ptr<SQLite::Statement> add_, find_;
    std::vector<std::uint64_t> slots_; // tag (16 bits) | block + 1 (24 bits) | offset (24 bits); 0 = empty
    std::size_t count_ = 0;
    std::vector<std::unique_ptr<char[]>> blocks_;
    std::size_t block_capacity_ = 0, used_ = 0;
    std::vector<std::string> files_; // each file once, in reading order
};

} // namespace casebook::input
