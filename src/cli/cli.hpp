#pragma once

#include <iosfwd>

namespace followup {

// Parses the command line, runs the command and returns the exit code:
// 0 success, 2 bad command line, 1 anything else. Errors are printed to
// `err` as one "followup: ..." line.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

} // namespace followup
