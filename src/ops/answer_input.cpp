// Reading answers of guided entry: from a pipe line by line, or from a
// terminal key by key. The terminal is read in non-canonical mode because in
// canonical mode the kernel keeps at most 4,095 bytes of a line and drops the
// rest without a word; bracketed paste marks where a paste starts and ends, so
// a pasted text with line breaks stays one answer instead of answering the
// questions that follow.
#include "ops/answer_input.hpp"

#include <cerrno>
#include <istream>

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include "input/answers.hpp"
#include "ops/interview.hpp"

namespace casebook::ops {

namespace {

// True for what a first line can hold to act on the interview instead of answering.
bool is_command(const std::string& line)
{
    const std::string t = input::trim_answer(line);
    return t.empty() || t == "<" || t == "?";
}

// Removes the last UTF-8 character of text, if any; returns whether one was removed.
bool pop_character(std::string& text, std::size_t floor)
{
    if (text.size() <= floor) {
        return false;
    }
    while (text.size() > floor && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) {
        text.pop_back();
    }
    if (text.size() > floor) {
        text.pop_back();
    }
    return true;
}

} // namespace

std::optional<std::string> StreamInput::read_line()
{
    std::string line;
    if (!std::getline(in_, line)) {
        return std::nullopt;
    }
    return line;
}

std::optional<std::string> StreamInput::read_text()
{
    std::string text;
    for (bool first = true;; first = false) {
        std::string line;
        if (!std::getline(in_, line)) {
            return std::nullopt;
        }
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (first && is_command(line)) {
            return line;
        }
        if (line == ".") {
            return text;
        }
        text += (first ? "" : "\n") + line;
    }
}

struct TerminalInput::Saved {
    termios mode{};
};

TerminalInput::TerminalInput(int fd, int echo_fd, TextEditor editor)
    : fd_(fd), echo_fd_(echo_fd), editor_(std::move(editor))
{
    saved_ = new Saved;
    saved_fd_ = ::dup(fd_);
    if (saved_fd_ < 0 || ::tcgetattr(saved_fd_, &saved_->mode) != 0) {
        restored_ = true; // not a terminal after all: read it as it comes
        return;
    }
    raw_mode();
}

void TerminalInput::raw_mode() const
{
    if (restored_) {
        return;
    }
    termios raw = saved_->mode;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    raw.c_iflag &= ~static_cast<tcflag_t>(ICRNL | INLCR | IGNCR);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    ::tcsetattr(saved_fd_, TCSANOW, &raw);
    echo("\x1b[?2004h");
}

void TerminalInput::normal_mode() const
{
    if (restored_) {
        return;
    }
    echo("\x1b[?2004l");
    ::tcsetattr(saved_fd_, TCSANOW, &saved_->mode);
}

TerminalInput::~TerminalInput()
{
    normal_mode();
    if (saved_fd_ >= 0) {
        ::close(saved_fd_);
    }
    delete saved_;
}

void TerminalInput::echo(const std::string& text) const
{
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(echo_fd_, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return;
        }
        done += static_cast<std::size_t>(n);
    }
}

std::optional<std::string> TerminalInput::read_line()
{
    return read_keys(false);
}

std::optional<std::string> TerminalInput::read_text()
{
    if (!editor_) {
        return read_keys(true);
    }
    normal_mode();
    std::optional<std::string> text = editor_();
    raw_mode();
    if (!text) {
        return read_keys(true);
    }
    while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) {
        text->pop_back();
    }
    return text;
}

std::optional<std::string> TerminalInput::read_keys(bool several_lines)
{
    std::string answer;
    std::size_t line_start = 0;
    // One byte of input; nullopt at the end of input or on Ctrl-C. wait_ms < 0 waits for ever;
    // otherwise 0 means nothing came in time.
    auto next = [this](int wait_ms) -> std::optional<int> {
        for (;;) {
            if (wait_ms >= 0) {
                pollfd p{fd_, POLLIN, 0};
                const int ready = ::poll(&p, 1, wait_ms);
                if (ready == 0) {
                    return 0;
                }
            }
            unsigned char c = 0;
            const ssize_t n = ::read(fd_, &c, 1);
            if (n < 0 && errno == EINTR && !interview_interrupted.load()) {
                continue;
            }
            if (n <= 0 || interview_interrupted.load()) {
                return std::nullopt;
            }
            return c;
        }
    };
    for (;;) {
        std::optional<int> got = next(-1);
        if (!got) {
            return std::nullopt;
        }
        const int c = *got;
        if (c == '\r' || c == '\n') {
            const std::string line = answer.substr(line_start);
            echo("\r\n");
            if (!several_lines || (line_start == 0 && is_command(line))) {
                return answer;
            }
            if (line == ".") {
                answer.erase(line_start == 0 ? 0 : line_start - 1);
                return answer;
            }
            answer += '\n';
            line_start = answer.size();
        } else if (c == 0x7F || c == 0x08) {
            if (pop_character(answer, line_start)) {
                echo("\b \b");
            }
        } else if (c == 0x15) { // Ctrl-U: the line typed so far
            while (pop_character(answer, line_start)) {
                echo("\b \b");
            }
        } else if (c == 0x04) { // Ctrl-D ends the input on an empty answer
            if (answer.empty()) {
                return std::nullopt;
            }
        } else if (c == 0x1B) {
            // An escape sequence (arrow and function keys) is dropped; the one that starts a paste is not.
            std::optional<int> c1 = next(50);
            if (!c1) {
                return std::nullopt;
            }
            if (*c1 != '[' && *c1 != 'O') {
                continue;
            }
            std::string params;
            for (;;) {
                std::optional<int> p = next(50);
                if (!p) {
                    return std::nullopt;
                }
                if (*p == 0) {
                    break;
                }
                params += static_cast<char>(*p);
                if (*c1 == 'O' || (*p >= 0x40 && *p <= 0x7E)) {
                    break;
                }
            }
            if (params != "200~") {
                continue;
            }
            const std::string end = "\x1b[201~";
            std::string pasted;
            while (pasted.size() < end.size() || pasted.compare(pasted.size() - end.size(), end.size(), end) != 0) {
                std::optional<int> b = next(-1);
                if (!b) {
                    return std::nullopt;
                }
                pasted += static_cast<char>(*b);
            }
            pasted.erase(pasted.size() - end.size());
            std::string shown;
            for (std::size_t i = 0; i < pasted.size(); ++i) {
                char ch = pasted[i];
                if (ch == '\r') {
                    if (i + 1 < pasted.size() && pasted[i + 1] == '\n') {
                        continue;
                    }
                    ch = '\n';
                }
                answer += ch;
                shown += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
            }
            echo(shown);
            if (const std::size_t nl = answer.rfind('\n'); nl != std::string::npos) {
                line_start = nl + 1;
            }
        } else if (c >= 0x20 || c == '\t') {
            answer += static_cast<char>(c);
            echo(std::string(1, static_cast<char>(c)));
        }
    }
}

} // namespace casebook::ops
