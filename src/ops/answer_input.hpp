// Where the answers of guided entry come from: piped lines, or a terminal read
// key by key (so that no line limit of the terminal cuts a long answer and a
// paste is always one answer, whatever line breaks it holds).
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

namespace casebook::ops {

// A source of answers; each read returns std::nullopt at the end of input.
class AnswerInput {
public:
    virtual ~AnswerInput() = default;
    // One answer, ended by Enter (a pasted text is kept whole, line breaks and all).
    virtual std::optional<std::string> read_line() = 0;
    // A free text of several lines, ended by a line holding only "." (or by the
    // editor, when the input opens one). An empty first line gives "" (left out);
    // a first line that is only "<" or "?" gives that line, for the interview to act on.
    virtual std::optional<std::string> read_text() = 0;
};

// Answers piped in, one per line (free texts: lines up to a line holding only ".").
class StreamInput final : public AnswerInput {
public:
    explicit StreamInput(std::istream& in) : in_(in) {}
    std::optional<std::string> read_line() override;
    std::optional<std::string> read_text() override;

private:
    std::istream& in_;
};

// Asks for a free text in an editor; returns it (std::nullopt: no editor after all).
using TextEditor = std::function<std::optional<std::string>()>;

// A terminal on file descriptor fd, echoing to echo_fd. While it lives the
// terminal is in non-canonical mode without echo (casebook echoes), with
// bracketed paste on; both are restored when it is destroyed. Ctrl-C still
// sends SIGINT; Ctrl-D on an empty answer ends the input. With an editor,
// read_text hands the terminal back (normal mode) while the editor runs.
class TerminalInput final : public AnswerInput {
public:
    TerminalInput(int fd, int echo_fd, TextEditor editor = {});
    ~TerminalInput() override;
    TerminalInput(const TerminalInput&) = delete;
    TerminalInput& operator=(const TerminalInput&) = delete;
    std::optional<std::string> read_line() override;
    std::optional<std::string> read_text() override;

private:
    std::optional<std::string> read_keys(bool several_lines);
    void echo(const std::string& text) const;

    int fd_;
    int echo_fd_;
    int saved_fd_ = -1; // a copy of fd, to restore the terminal even if fd was replaced (Ctrl-C)
    bool restored_ = false;
    void raw_mode() const;
    void normal_mode() const;

    TextEditor editor_;
    struct Saved;
    Saved* saved_ = nullptr;
};

} // namespace casebook::ops
