// A progress line on stderr for long commands (import, merge): only on a
// terminal, only once the work has lasted a second, never on stdout.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <string>

namespace casebook::cli {

// Draws "validating  12,345 records  8,120/s" or, with a total,
// "writing  [=====>    ] 45%  45,000/100,000  9,000/s  6 s left" on one line.
class ProgressBar {
public:
    // Draws nothing at all unless enabled (stderr is a terminal and not --quiet).
    ProgressBar(std::ostream& err, bool enabled);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    // Reports done of total (0: total not known yet) for a phase named label.
    void update(const std::string& label, std::size_t done, std::size_t total);
    // Clears the line, if one was drawn.
    void finish();

private:
    using Clock = std::chrono::steady_clock;
    std::ostream& err_;
    bool enabled_;
    bool drawn_ = false;
    std::string label_;
    Clock::time_point started_;       // of the whole command
    Clock::time_point phase_started_; // of the current label
    Clock::time_point last_draw_;
    std::size_t calls_ = 0;
};

} // namespace casebook::cli
