// Records of JSON Lines parsed and checked on worker threads, visited in input
// order on the reading thread: internal to read_records (records.cpp).
//
// The reading thread cuts the input into blocks of lines and queues them; each
// worker takes the oldest block waiting, parses its lines and passes every
// record to `prepare` (DatasetCheck::prepare: schema, rules, positions); the
// reading thread visits the blocks strictly in the order it queued them, so a
// visitor sees exactly the records, in exactly the order, that a sequential
// read gives it. At most a few blocks are queued or done-but-not-visited at
// once, so memory stays bounded whatever the input's size.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "input/records.hpp"

namespace casebook::input {

// Parses record.text (one JSON value) into record.doc, or sets
// record.syntax_error (records.cpp).
void parse_record_text(SourceRecord& record);

class RecordPipeline {
public:
    // Starts no thread until a first block is full: a short file is handled
    // on the calling thread, as a sequential read would.
    RecordPipeline(const ParallelReading& parallel, const RecordVisitor& visit);
    ~RecordPipeline(); // stops and joins the workers (also when a visitor threw)
    RecordPipeline(const RecordPipeline&) = delete;
    RecordPipeline& operator=(const RecordPipeline&) = delete;

    // Queues one line of JSON text (parsed on a worker). False once a visitor
    // asked to stop reading.
    bool add_line(const std::string& file, std::string text, std::size_t line_number);
    // Queues a record that needs no parsing (a line too long to keep).
    bool add_record(SourceRecord record);
    // Visits everything queued, in order; false when a visitor asked to stop.
    bool finish();

private:
    struct Block {
        std::vector<SourceRecord> records;
        bool done = false;
        std::size_t prepared = 0;   // records ready to visit (all of them unless one threw)
        std::exception_ptr error;   // what preparing records[prepared] threw
    };

    bool queue_current();           // hands the block being filled to the workers
    bool visit_oldest();            // waits for the oldest queued block, visits it
    bool visit_block(Block& block); // on the calling thread
    void prepare_block(Block& block) const;
    void work();

    const ParallelReading& parallel_;
    const RecordVisitor& visit_;
    std::size_t block_lines_, max_blocks_;
    std::unique_ptr<Block> filling_;
    bool stopped_ = false; // a visitor returned false

    std::mutex lock_;
    std::condition_variable work_ready_, block_done_;
    std::deque<std::shared_ptr<Block>> queued_; // in input order, each until visited
    std::deque<Block*> waiting_;                // queued and not yet taken by a worker
    std::vector<std::shared_ptr<Block>> visited_; // for the next worker to free
    bool quit_ = false;
    std::vector<std::thread> workers_;
};

} // namespace casebook::input
