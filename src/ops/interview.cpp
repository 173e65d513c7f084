// Guided entry (interview.hpp): the interview itself is interview::Interview
// (interview_session.hpp); this file holds what callers use.
#include "ops/interview.hpp"

#include <istream>
#include <ostream>

#include "ops/answer_input.hpp"
#include "ops/interview_session.hpp"

namespace casebook::ops {

std::atomic<bool> interview_interrupted{false};

InterviewResult run_interview(AnswerInput& in, std::ostream& out, const InterviewOptions& options)
{
    return interview::Interview(in, out, options).run();
}

InterviewResult run_interview(std::istream& in, std::ostream& out, const InterviewOptions& options)
{
    StreamInput lines(in);
    return run_interview(lines, out, options);
}

} // namespace casebook::ops
