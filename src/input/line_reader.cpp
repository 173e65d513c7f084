#include "input/line_reader.hpp"

#include <cerrno>
#include <cstring>
#include <istream>

#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook::input {

bool LineReader::next(std::string& line, bool& too_long)
{
    line.clear();
    too_long = false;
    bool any = false;
    for (;;) {
        if (pos_ == end_) {
            if (!fill()) {
                return any;
            }
        }
        any = true;
        const char* start = buffer_.data() + pos_;
        const void* newline = std::memchr(start, '\n', end_ - pos_);
        std::size_t n = newline != nullptr ? static_cast<std::size_t>(static_cast<const char*>(newline) - start) : end_ - pos_;
        if (line.size() + n <= max_line_bytes) {
            line.append(start, n);
        } else {
            too_long = true;
        }
        pos_ += n;
        if (newline != nullptr) {
            ++pos_;
            return true;
        }
    }
}

std::optional<std::string> LineReader::rest(std::size_t limit)
{
    std::string out(buffer_.data() + pos_, end_ - pos_);
    pos_ = end_;
    while (out.size() <= limit && fill()) {
        out.append(buffer_.data(), end_);
        pos_ = end_;
    }
    if (out.size() > limit) {
        return std::nullopt;
    }
    return out;
}

bool LineReader::fill()
{
    if (eof_) {
        return false;
    }
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    if (in_.bad()) {
        throw Error(Exit::io, say("cannot read {}: {}", name_, std::strerror(errno)));
    }
    end_ = static_cast<std::size_t>(in_.gcount());
    pos_ = 0;
    if (!in_) {
        eof_ = true;
    }
    return end_ != 0;
}

} // namespace casebook::input
