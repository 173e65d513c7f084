#include "crypto/signed_output.hpp"

#include <chrono>
#include <filesystem>
#include <streambuf>
#include <vector>

#include <fmt/format.h>

#include "util/error.hpp"
#include "crypto/keys.hpp"
#include "util/i18n.hpp"

namespace casebook::crypto {

// Collects what is written into 64 KiB pieces, each hashed and appended to the staged file.
class SignedOutput::Buffer : public std::streambuf {
public:
    Buffer(const std::string& target, Overwrite overwrite, const ProtectedFiles& protect, const std::string& what)
        : file(target, overwrite, protect, what, "--force"), space(1 << 16)
    {
        setp(space.data(), space.data() + space.size());
    }

    void drain()
    {
        const std::string_view piece(pbase(), static_cast<std::size_t>(pptr() - pbase()));
        if (!piece.empty()) {
            hash.update(piece);
            file.write(piece);
        }
        setp(space.data(), space.data() + space.size());
    }

    OutputFile file;
    keys::Prehash hash;

protected:
    int_type overflow(int_type c) override
    {
        drain();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override
    {
        drain();
        return 0;
    }

private:
    std::vector<char> space;
};

SignedOutput::SignedOutput(const std::string& target, Overwrite overwrite, const ProtectedFiles& protect,
                           const std::string& what, bool signing)
    : buffer_(std::make_unique<Buffer>(target, overwrite, protect, what)), stream_(std::make_unique<std::ostream>(buffer_.get()))
{
    // Errors of the file surface as exceptions from write(), through the stream.
    stream_->exceptions(std::ios::badbit);
    if (signing) {
        signature_ = std::make_unique<OutputFile>(signature_path(target), overwrite, protect,
                                                  say("the signature of {}", what), "--force");
    }
}

SignedOutput::~SignedOutput() = default;

std::ostream& SignedOutput::stream() { return *stream_; }

void SignedOutput::commit(const keys::Identity* identity, std::string_view trusted_comment)
{
    stream_->flush();
    buffer_->drain();
    std::string signature;
    if (signature_ && identity != nullptr) {
        signature = keys::minisign_signature_prehashed(*identity, buffer_->hash.final(),
                                                       "signature from a casebook key (check: minisign -Vm FILE -P KEY)",
                                                       trusted_comment);
    }
    buffer_->file.commit();
    if (!signature.empty()) {
        signature_->write(signature);
        signature_->commit();
    }
}

std::string export_trusted_comment(const std::string& path, std::size_t records, const std::string& format, bool redacted,
                                   const std::string& head)
{
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    return fmt::format("casebook export\trecords:{}\tformat:{}\tredacted:{}\thead:{}\ttimestamp:{}\tfile:{}", records, format,
                       redacted ? "yes" : "no", head.empty() ? "none" : head, now.count(),
                       std::filesystem::path(path).filename().string());
}

std::optional<ExportComment> parse_export_comment(std::string_view comment)
{
    constexpr std::string_view kind = "casebook export\t";
    if (comment.substr(0, kind.size()) != kind) {
        return std::nullopt;
    }
    comment.remove_prefix(kind.size());
    ExportComment out;
    // file: comes last and takes the rest, tabs and all.
    auto take = [&](std::string_view key, bool last) -> std::optional<std::string> {
        if (comment.substr(0, key.size()) != key) {
            return std::nullopt;
        }
        comment.remove_prefix(key.size());
        const std::size_t tab = last ? std::string_view::npos : comment.find('\t');
        if (!last && tab == std::string_view::npos) {
            return std::nullopt;
        }
        std::string value(comment.substr(0, tab));
        comment.remove_prefix(last ? comment.size() : tab + 1);
        return value;
    };
    auto records = take("records:", false);
    auto format = take("format:", false);
    auto redacted = take("redacted:", false);
    auto head = take("head:", false);
    auto timestamp = take("timestamp:", false);
    auto file = take("file:", true);
    if (!records || !format || !redacted || !head || !timestamp || !file || records->empty() ||
        records->find_first_not_of("0123456789") != std::string::npos || records->size() > 18 || timestamp->empty() ||
        timestamp->find_first_not_of("0123456789") != std::string::npos || timestamp->size() > 18) {
        return std::nullopt;
    }
    out.records = std::stoull(*records);
    out.format = *format;
    out.redacted = *redacted == "yes";
    out.head = *head == "none" ? std::string() : *head;
    out.timestamp = std::stoll(*timestamp);
    out.file = *file;
    return out;
}

} // namespace casebook::crypto
