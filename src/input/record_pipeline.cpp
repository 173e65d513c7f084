#include "input/record_pipeline.hpp"

#include <algorithm>

namespace casebook::input {

namespace {

// Lines handed to a worker at a time: enough work (~30 ms of parsing and
// checking) that the hand-over costs nothing, few enough records held that
// memory stays small.
constexpr std::size_t records_in_flight = 512;

} // namespace

RecordPipeline::RecordPipeline(const ParallelReading& parallel, const RecordVisitor& visit)
    : parallel_(parallel),
      visit_(visit),
      // Two blocks per worker: one being worked on, one waiting, so no worker
      // idles while the reading thread visits.
      block_lines_(std::max<std::size_t>(8, records_in_flight / (2 * std::max(1u, parallel.jobs)))),
      max_blocks_(2 * std::max(1u, parallel.jobs)),
      filling_(std::make_unique<Block>())
{
}

RecordPipeline::~RecordPipeline()
{
    {
        std::lock_guard<std::mutex> guard(lock_);
        quit_ = true;
    }
    work_ready_.notify_all();
    for (std::thread& t : workers_) {
        t.join();
    }
}

bool RecordPipeline::add_line(const std::string& file, std::string text, std::size_t line_number)
{
    SourceRecord record;
    record.file = file;
    record.first_line = line_number;
    record.text = std::make_shared<const std::string>(std::move(text));
    return add_record(std::move(record));
}

bool RecordPipeline::add_record(SourceRecord record)
{
    if (stopped_) {
        return false;
    }
    filling_->records.push_back(std::move(record));
    if (filling_->records.size() < block_lines_) {
        return true;
    }
    return queue_current();
}

bool RecordPipeline::queue_current()
{
    if (workers_.empty()) {
        for (unsigned i = 0; i < parallel_.jobs; ++i) {
            workers_.emplace_back([this] { work(); });
        }
    }
    while (queued_.size() >= max_blocks_) {
        if (!visit_oldest()) {
            return false;
        }
    }
    auto block = std::shared_ptr<Block>(filling_.release());
    filling_ = std::make_unique<Block>();
    {
        std::lock_guard<std::mutex> guard(lock_);
        queued_.push_back(block);
        waiting_.push_back(block.get());
    }
    work_ready_.notify_one();
    return true;
}

bool RecordPipeline::finish()
{
    while (!queued_.empty()) {
        if (!visit_oldest()) {
            return false;
        }
    }
    if (stopped_) {
        return false;
    }
    // The last, partial block: on this thread, as the workers would.
    Block& last = *filling_;
    prepare_block(last);
    return visit_block(last);
}

bool RecordPipeline::visit_oldest()
{
    std::shared_ptr<Block> block;
    {
        std::unique_lock<std::mutex> guard(lock_);
        block_done_.wait(guard, [&] { return queued_.front()->done; });
        block = queued_.front();
        queued_.pop_front();
    }
    const bool more = visit_block(*block);
    // A worker frees the visited records: their documents were allocated on
    // a worker, and glibc frees memory of another thread's arena slowly (the
    // reading thread freeing them cost ~15% more instructions in all).
    std::lock_guard<std::mutex> guard(lock_);
    visited_.push_back(std::move(block));
    return more;
}

bool RecordPipeline::visit_block(Block& block)
{
    for (std::size_t i = 0; i < block.prepared; ++i) {
        if (!visit_(block.records[i])) {
            stopped_ = true;
            return false;
        }
    }
    if (block.error) {
        std::rethrow_exception(block.error);
    }
    return true;
}

void RecordPipeline::prepare_block(Block& block) const
{
    try {
        for (SourceRecord& record : block.records) {
            if (record.text && !record.syntax_error) {
                parse_record_text(record);
            }
            if (parallel_.prepare) {
                parallel_.prepare(record);
            }
            ++block.prepared;
        }
    } catch (...) {
        block.error = std::current_exception();
    }
}

void RecordPipeline::work()
{
    for (;;) {
        Block* block = nullptr;
        std::vector<std::shared_ptr<Block>> visited;
        {
            std::unique_lock<std::mutex> guard(lock_);
            work_ready_.wait(guard, [&] { return quit_ || !waiting_.empty(); });
            if (quit_) {
                return;
            }
            block = waiting_.front();
            waiting_.pop_front();
            visited.swap(visited_);
        }
        visited.clear();
        prepare_block(*block);
        {
            std::lock_guard<std::mutex> guard(lock_);
            block->done = true;
        }
        block_done_.notify_all();
    }
}

} // namespace casebook::input
