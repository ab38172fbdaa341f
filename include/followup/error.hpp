#pragma once

#include <stdexcept>
#include <string>

namespace followup {

// A failure that is not the user's typing: not found, ambiguous, bad file,
// database problem. main() prints it as one "followup: ..." line, exit 1.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What was typed on the command line is wrong (bad date, bad value): exit 2.
class UsageError : public Error {
public:
    using Error::Error;
};

} // namespace followup
