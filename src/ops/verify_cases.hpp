// verify's check of the cases table: every case row read on the calling
// thread, its derived columns checked (against its version's derived hash, or
// by parsing and deriving its document) on worker threads, in blocks.
#pragma once

#include <functional>
#include <string>

#include "ops/verify.hpp"
#include "store/store.hpp"

namespace casebook::ops {

// A case row as the workers leave it: its document parsed and derived.
// hash_disagrees: its columns are its document's, its version's derived hash is not.
enum class DocVerdict { agrees, disagrees, hash_disagrees, missing };

struct CaseVerdict {
    store::CaseRow row;
    DocVerdict doc = DocVerdict::missing;
    std::string wrong_type; // CaseCheckRow::wrong_type
    bool created_at_agrees = true; // CaseCheckRow::created_at_agrees
    bool updated_at_agrees = true; // CaseCheckRow::updated_at_agrees
};

// Calls judge with each case row's verdict in id order whatever
// options.jobs is, and orphan with each id of case_values or case_dims that
// cases has no row for.
void check_cases(const store::Store& store, const VerifyOptions& options, const std::function<void(const CaseVerdict&)>& judge,
                 const std::function<void(store::Orphaned, const std::string&)>& orphan);

} // namespace casebook::ops
