#include "output/stat_wire.hpp"

#include <stdexcept>

namespace casebook::output::stat_wire {

void Writer::text(std::string_view value)
{
    *out_ += 's';
    *out_ += std::to_string(value.size());
    *out_ += ':';
    out_->append(value);
}

void Writer::integer(std::int64_t value)
{
    *out_ += 'i';
    *out_ += std::to_string(value);
    *out_ += ';';
}

void Writer::missing() { *out_ += 'm'; }

int Reader::next()
{
    const int c = std::getc(in_);
    if (c == EOF) {
        throw std::runtime_error("the stream from casebook ended early");
    }
    return c;
}

std::int64_t Reader::digits(char end)
{
    std::int64_t value = 0;
    bool negative = false;
    int count = 0;
    for (int c = next(); c != end; c = next()) {
        if (c == '-' && count == 0 && !negative) {
            negative = true;
            continue;
        }
        if (c < '0' || c > '9' || ++count > 18) {
            throw std::runtime_error("a malformed number in the stream from casebook");
        }
        value = value * 10 + (c - '0');
    }
    if (count == 0) {
        throw std::runtime_error("a malformed number in the stream from casebook");
    }
    return negative ? -value : value;
}

std::string Reader::text()
{
    if (next() != 's') {
        throw std::runtime_error("the stream from casebook has no text where one belongs");
    }
    const std::int64_t length = digits(':');
    if (length < 0) {
        throw std::runtime_error("a malformed text in the stream from casebook");
    }
    std::string out(static_cast<std::size_t>(length), '\0');
    if (length > 0 && std::fread(out.data(), 1, out.size(), in_) != out.size()) {
        throw std::runtime_error("the stream from casebook ended early");
    }
    return out;
}

std::int64_t Reader::integer()
{
    if (auto v = integer_or_missing()) {
        return *v;
    }
    throw std::runtime_error("the stream from casebook has a missing value where a number belongs");
}

std::optional<std::int64_t> Reader::integer_or_missing()
{
    const int tag = next();
    if (tag == 'm') {
        return std::nullopt;
    }
    if (tag != 'i') {
        throw std::runtime_error("the stream from casebook has no number where one belongs");
    }
    return digits(';');
}

} // namespace casebook::output::stat_wire
