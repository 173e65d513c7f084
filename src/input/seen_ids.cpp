#include "input/seen_ids.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

#include <SQLiteCpp/SQLiteCpp.h>

#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook::input {

DatasetCheck::SeenIds::SeenIds(std::size_t budget)
    : budget_(budget), block_size_(std::clamp<std::size_t>(budget / 4, 256, 1u << 20))
{
}

DatasetCheck::SeenIds::~SeenIds() = default;

std::optional<DatasetCheck::SeenIds::Place> DatasetCheck::SeenIds::insert(std::string_view id, const std::string& file, std::uint64_t line)
{
    if (!spilled_ && memory_after(id) > budget_) {
        spill();
    }
    if (spilled_) {
        return insert_on_disk(id, file, line);
    }
    const std::uint64_t hash = std::hash<std::string_view>{}(id);
    const std::uint64_t tag = hash >> 48;
    if ((count_ + 1) * 4 > slots_.size() * 3) {
        grow();
    }
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        std::uint64_t slot = slots_[i];
        if (slot == 0) {
            slots_[i] = (tag << 48) | store(id, file, line);
            ++count_;
            return std::nullopt;
        }
        if ((slot >> 48) == tag) {
            Entry e = entry(slot);
            if (e.id == id) {
                return Place{&files_[e.file], e.line};
            }
        }
    }
}

std::uint32_t DatasetCheck::SeenIds::file_index(const std::string& file)
{
    if (files_.empty() || files_.back() != file) {
        files_.push_back(file);
    }
    return static_cast<std::uint32_t>(files_.size() - 1);
}

std::uint64_t DatasetCheck::SeenIds::store(std::string_view id, const std::string& file, std::uint64_t line)
{
    const std::uint32_t file_index = this->file_index(file);
    const auto length = static_cast<std::uint32_t>(id.size());
    const std::size_t size = header + id.size();
    if (blocks_.empty() || used_ + size > block_capacity_) {
        block_capacity_ = std::max(block_size_, size); // an oversized id gets a block of its own, at offset 0
        block_bytes_ += block_capacity_;
        blocks_.push_back(std::make_unique<char[]>(block_capacity_));
        used_ = 0;
    }
    char* at = blocks_.back().get() + used_;
    std::memcpy(at, &line, sizeof line);
    std::memcpy(at + sizeof line, &file_index, sizeof file_index);
    std::memcpy(at + sizeof line + sizeof file_index, &length, sizeof length);
    std::memcpy(at + header, id.data(), id.size());
    std::uint64_t ref = (static_cast<std::uint64_t>(blocks_.size()) << 24) | used_;
    used_ += size;
    return ref;
}

DatasetCheck::SeenIds::Entry DatasetCheck::SeenIds::entry(std::uint64_t slot) const
{
    const char* at = blocks_[((slot >> 24) & 0xFFFFFF) - 1].get() + (slot & 0xFFFFFF);
    Entry e{};
    std::uint32_t length = 0;
    std::memcpy(&e.line, at, sizeof e.line);
    std::memcpy(&e.file, at + sizeof e.line, sizeof e.file);
    std::memcpy(&length, at + sizeof e.line + sizeof e.file, sizeof length);
    e.id = std::string_view(at + header, length);
    return e;
}

void DatasetCheck::SeenIds::grow()
{
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    const std::size_t mask = slots_.size() - 1;
    for (std::uint64_t slot : old) {
        if (slot == 0) {
            continue;
        }
        std::size_t i = std::hash<std::string_view>{}(entry(slot).id) & mask;
        while (slots_[i] != 0) {
            i = (i + 1) & mask;
        }
        slots_[i] = slot;
    }
}

std::size_t DatasetCheck::SeenIds::memory_after(std::string_view id) const
{
    std::size_t blocks = block_bytes_;
    if (blocks_.empty() || used_ + header + id.size() > block_capacity_) {
        blocks += std::max(block_size_, header + id.size());
    }
    std::size_t slots = slots_.size();
    if ((count_ + 1) * 4 > slots * 3) {
        slots += slots == 0 ? 1024 : slots * 2; // growing holds both tables a moment
    }
    return blocks + slots * sizeof(std::uint64_t);
}

void DatasetCheck::SeenIds::spill()
{
    try {
        disk_ = std::make_unique<SQLite::Database>("", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        disk_->exec("PRAGMA cache_size = -8192; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                    "CREATE TABLE seen (id TEXT PRIMARY KEY, file INTEGER NOT NULL, line INTEGER NOT NULL) WITHOUT ROWID; "
                    "BEGIN");
        add_ = std::make_unique<SQLite::Statement>(*disk_, "INSERT INTO seen(id, file, line) VALUES (?, ?, ?) "
                                                           "ON CONFLICT(id) DO NOTHING");
        find_ = std::make_unique<SQLite::Statement>(*disk_, "SELECT file, line FROM seen WHERE id = ?");
        for (std::uint64_t slot : slots_) {
            if (slot != 0) {
                const Entry e = entry(slot);
                add_on_disk(e.id, e.file, e.line);
            }
        }
    } catch (const SQLite::Exception& e) {
        throw Error(Exit::io, say("cannot keep the ids of this run in a temporary file (set TMPDIR to a "
                                          "folder with free space): {}",
                                          e.what()));
    }
    spilled_ = true;
    std::vector<std::uint64_t>().swap(slots_);
    std::vector<std::unique_ptr<char[]>>().swap(blocks_);
    block_bytes_ = used_ = block_capacity_ = count_ = 0;
}

bool DatasetCheck::SeenIds::add_on_disk(std::string_view id, std::uint32_t file, std::uint64_t line)
{
    add_->reset();
    add_->bindNoCopy(1, id.data(), static_cast<int>(id.size()));
    add_->bind(2, static_cast<std::int64_t>(file));
    add_->bind(3, static_cast<std::int64_t>(line));
    return add_->exec() == 1;
}

std::optional<DatasetCheck::SeenIds::Place> DatasetCheck::SeenIds::insert_on_disk(std::string_view id, const std::string& file, std::uint64_t line)
{
    try {
        if (add_on_disk(id, file_index(file), line)) {
            return std::nullopt;
        }
        find_->reset();
        find_->bindNoCopy(1, id.data(), static_cast<int>(id.size()));
        if (!find_->executeStep()) {
            throw Error(Exit::io, tr("the temporary file of this run's ids lost an id: run again"));
        }
        return Place{&files_[static_cast<std::size_t>(find_->getColumn(0).getInt64())],
                     static_cast<std::uint64_t>(find_->getColumn(1).getInt64())};
    } catch (const SQLite::Exception& e) {
        throw Error(Exit::io, say("cannot keep the ids of this run in a temporary file (set TMPDIR to a "
                                          "folder with free space): {}",
                                          e.what()));
    }
}

} // namespace casebook::input
