#include "ops/verify_cases.hpp"

#include <cstddef>
#include <deque>
#include <future>
#include <optional>
#include <vector>

#include "json/json.hpp"

namespace casebook::ops {

// The derived columns against the version's derived hash when it has one
// (its document was checked against its content hash by the walk), and
// against the document itself when it was read (--deep, or no derived hash).
namespace {

CaseVerdict check_case(store::CaseCheckRow& c)
{
    CaseVerdict v{std::move(c.row), DocVerdict::missing, std::move(c.wrong_type), c.created_at_agrees,
                  c.updated_at_agrees};
    if (!c.has_doc) {
        return v;
    }
    const bool hash_fits = c.derived.empty() || store::derived_match(c.stored, c.derived);
    if (!c.doc_text) {
        v.doc = hash_fits ? DocVerdict::agrees : DocVerdict::disagrees;
        return v;
    }
    // casebook's parser (about 3x nlohmann's speed); what it refuses (a
    // duplicate key, a depth limit) goes through nlohmann's as before.
    std::optional<Json> doc = std::move(parse_json(*c.doc_text).value);
    if (!doc) {
        try {
            doc = Json::parse(*c.doc_text);
        } catch (const std::exception&) {
            // not JSON any more: reported as missing (its content hash says it was changed)
            v.doc = hash_fits ? DocVerdict::missing : DocVerdict::disagrees;
            return v;
        }
    }
    v.doc = !store::derived_agree(c.stored, *doc) ? DocVerdict::disagrees
            : hash_fits                    ? DocVerdict::agrees
                                           : DocVerdict::hash_disagrees;
    return v;
}

} // namespace

// Reads every case row on this thread (SQLite's connection is not shared) and
// checks their derived columns (hashing them, or parsing and deriving their
// documents) on jobs threads, in blocks; judge sees
// the verdicts in id order whatever the number of jobs.
void check_cases(const store::Store& store, const VerifyOptions& options, const std::function<void(const CaseVerdict&)>& judge,
                 const std::function<void(store::Orphaned, const std::string&)>& orphan)
{
    constexpr std::size_t block_size = 256;
    using Block = std::vector<store::CaseCheckRow>;
    auto check_block = [](Block block) {
        std::vector<CaseVerdict> out;
        out.reserve(block.size());
        for (store::CaseCheckRow& c : block) {
            out.push_back(check_case(c));
        }
        return out;
    };
    std::deque<std::future<std::vector<CaseVerdict>>> in_flight;
    auto take_oldest = [&] {
        for (const CaseVerdict& v : in_flight.front().get()) {
            judge(v);
        }
        in_flight.pop_front();
    };
    Block block;
    auto hand_over = [&] {
        if (options.jobs <= 1) {
            for (const CaseVerdict& v : check_block(std::move(block))) {
                judge(v);
            }
        } else {
            // At most two blocks a worker in flight: memory stays bounded at any size.
            if (in_flight.size() >= 2 * static_cast<std::size_t>(options.jobs)) {
                take_oldest();
            }
            in_flight.push_back(std::async(std::launch::async, check_block, std::move(block)));
        }
        block = Block();
        block.reserve(block_size);
    };
    block.reserve(block_size);
    try {
        store::for_each_case_check_row(store, options.deep ? store::CheckDocs::all : store::CheckDocs::unhashed, [&](store::CaseCheckRow&& c) {
            block.push_back(std::move(c));
            if (block.size() == block_size) {
                hand_over();
            }
        }, orphan);
        if (!block.empty()) {
            hand_over();
        }
        while (!in_flight.empty()) {
            take_oldest();
        }
    } catch (...) {
        for (auto& f : in_flight) {
            f.wait();
        }
        throw;
    }
}

} // namespace casebook::ops
