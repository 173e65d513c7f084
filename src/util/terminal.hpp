// Text bound for a terminal, made unable to drive it. A stored value such as
// "\u001b[2K\r\u001b[1A" (erase the line, go up one) or an OSC 52 sequence
// (write the clipboard) would otherwise rewrite what a reviewer sees.
//
// Escaped, as \uXXXX (what JSON itself would write, so JSON stays valid JSON):
// C0 controls other than tab and line feed, a carriage return not followed by a
// line feed, DEL, the C1 controls U+0080-U+009F, and the bidirectional
// controls U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069.
// A byte that is not part of valid UTF-8 becomes \xNN.
#pragma once

#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace casebook {

// Whether line feeds are kept (a narrative) or escaped too (one line of a log
// or a diagnostic, where a value's line break could forge the next line).
enum class LineBreaks { keep, escape };

// text with every terminal control escaped (see above).
std::string terminal_safe(std::string_view text, LineBreaks breaks = LineBreaks::keep);

// A stream buffer that writes to another one through terminal_safe, byte
// stream wise: a UTF-8 sequence or a CRLF split across writes is still seen
// whole. What is left pending is written when the buffer is destroyed.
class TerminalSafeBuffer : public std::streambuf {
public:
    explicit TerminalSafeBuffer(std::streambuf* sink);
    ~TerminalSafeBuffer() override;
    TerminalSafeBuffer(const TerminalSafeBuffer&) = delete;
    TerminalSafeBuffer& operator=(const TerminalSafeBuffer&) = delete;
    // The buffer written to.
    std::streambuf* sink() const { return sink_; }

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    void pass(bool final);

    std::streambuf* sink_;
    std::string pending_; // bytes not yet escaped: at most an unfinished UTF-8 sequence or a CR
    std::string escaped_;
};

// The buffer under out's TerminalSafeBuffer, if it has one, else out's own:
// for a program's own cursor controls (the progress bar's \r and erase-line).
std::streambuf* unfiltered(std::ostream& out);

} // namespace casebook
