// casebook verify: walks the chain of custody (casebook/custody.hpp) and the
// cases table against it, and says where anything was rewritten.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace casebook {

class Store;

// One broken link: the row (or case) where the history does not hold together.
struct ChainBreak {
    std::string case_id;
    long long revision = 0; // the case's revision the row claims (0: the case as a whole)
    long long rev = 0;      // its position in the database's history (0: not a history row)
    std::string what;       // a sentence: what does not match
};

struct VerifyOptions {
    std::optional<std::string> since; // a head hash (hex) printed earlier by checkpoint or verify
};

struct VerifyReport {
    long long rows = 0;
    long long cases = 0;
    std::string head; // hex link of the last row; empty for an empty history
    std::vector<ChainBreak> breaks;
    // With --since: the rows after the given head (nullopt when it is not in the chain).
    std::optional<long long> rows_since;
    bool ok() const { return breaks.empty(); }
};

// Verifies every row of the history and every case; throws Error(io) on a database failure only.
VerifyReport verify_store(const Store& store, const VerifyOptions& options = {});

} // namespace casebook
