#include "cli/progress.hpp"

#include <ostream>

#include <fmt/format.h>

#include "util/terminal.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

namespace {

// 12345 -> "12,345"
std::string grouped(std::size_t n)
{
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) {
            out.push_back(',');
        }
        out.push_back(digits[i]);
    }
    return out;
}

} // namespace

ProgressBar::ProgressBar(std::ostream& err, bool enabled)
    : err_(err), enabled_(enabled), started_(Clock::now()), phase_started_(started_), last_draw_(started_)
{
}

ProgressBar::~ProgressBar()
{
    finish();
}

void ProgressBar::update(const std::string& label, std::size_t done, std::size_t total)
{
    if (!enabled_) {
        return;
    }
    if (label != label_) {
        label_ = label;
        phase_started_ = Clock::now();
    }
    // Looking at the clock costs more than counting: check it every 64 records.
    if (++calls_ % 64 != 0 && done != total) {
        return;
    }
    const Clock::time_point now = Clock::now();
    if (now - started_ < std::chrono::seconds(1) || now - last_draw_ < std::chrono::milliseconds(200)) {
        return;
    }
    last_draw_ = now;
    const double seconds = std::chrono::duration<double>(now - phase_started_).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    std::string line;
    if (total == 0) {
        line = say("{}  {} records  {}/s", label, grouped(done), grouped(static_cast<std::size_t>(rate)));
    } else {
        const std::size_t width = 24;
        const double share = static_cast<double>(done) / static_cast<double>(total);
        const std::size_t filled = static_cast<std::size_t>(share * width);
        std::string bar(filled, '=');
        if (filled < width) {
            bar += '>';
            bar += std::string(width - filled - 1, ' ');
        }
        std::string left = rate > 0 ? say("  {} s left", static_cast<long long>(static_cast<double>(total - done) / rate + 0.5))
                                    : std::string();
        line = fmt::format("{}  [{}] {:3}%  {}/{}  {}/s{}", label, bar, static_cast<int>(share * 100), grouped(done),
                           grouped(total), grouped(static_cast<std::size_t>(rate)), left);
    }
    // Past main()'s terminal filter: these controls are the bar's own; the label
    // (a file's name) is escaped like any text.
    std::ostream raw(unfiltered(err_));
    err_.flush();
    raw << '\r' << terminal_safe(line) << "\x1b[K" << std::flush;
    drawn_ = true;
}

void ProgressBar::finish()
{
    if (drawn_) {
        std::ostream raw(unfiltered(err_));
        err_.flush();
        raw << "\r\x1b[K" << std::flush;
        drawn_ = false;
    }
}

} // namespace casebook::cli
