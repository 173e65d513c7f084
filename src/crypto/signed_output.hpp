// A file a command writes (an export, a checkpoint) that may be signed: an
// OutputFile (0600, put in place whole, never through a link) whose bytes are
// hashed as they are written (minisign's prehash, BLAKE2b-512), so that its
// signature, FILE.minisig in minisign's format, needs no second read. A
// partner checks it with Debian's minisign alone: minisign -Vm FILE -P RW...
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "util/private_file.hpp"

namespace casebook::crypto {

namespace keys {
class Identity;
}

class SignedOutput {
public:
    // Checks FILE and, when signing, FILE.minisig now, so that a long job
    // fails before it starts (as OutputFile does; what names FILE in messages).
    SignedOutput(const std::string& target, Overwrite overwrite, const ProtectedFiles& protect, const std::string& what,
                 bool signing);
    SignedOutput(const SignedOutput&) = delete;
    SignedOutput& operator=(const SignedOutput&) = delete;
    ~SignedOutput();

    // Where the file's bytes go.
    std::ostream& stream();
    // Puts FILE in place, then (with an identity) FILE.minisig, whose trusted
    // comment (one line, signed too) says what FILE is. Throws Error(io).
    void commit(const keys::Identity* identity, std::string_view trusted_comment);

    static std::string signature_path(const std::string& target) { return target + ".minisig"; }

private:
    class Buffer;
    std::unique_ptr<Buffer> buffer_;
    std::unique_ptr<std::ostream> stream_;
    std::unique_ptr<OutputFile> signature_;
};

// What a signed export's trusted comment says (signed with it, so a partner
// can trust it): tab-separated fields in minisign's own style,
//   casebook export<TAB>records:N<TAB>format:jsonl<TAB>redacted:no<TAB>head:HEX<TAB>timestamp:UNIX<TAB>file:NAME
struct ExportComment {
    std::size_t records = 0;
    std::string format;
    bool redacted = false;
    std::string head; // the database's head hash when it was exported
    long long timestamp = 0;
    std::string file; // the file's name (no folder)
};

std::string export_trusted_comment(const std::string& path, std::size_t records, const std::string& format, bool redacted,
                                   const std::string& head);
std::optional<ExportComment> parse_export_comment(std::string_view comment);

} // namespace casebook::crypto
