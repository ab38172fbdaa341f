#pragma once

// Private modules: the code that needs big libraries only some commands use
// (libpq for a postgresql:// database; GMime, libetpan and GnuTLS for `mail
// sync`) is built into small shared objects that the followup binary loads
// with dlopen() when such a command runs, so that every other command
// starts without those libraries (ARCHITECTURE.md, "Private modules").
//
// A module exports one function, followup_module_NAME, returning its table
// of functions; every table starts with a ModuleHeader, which load_module
// checks against this binary's before handing the table out.

namespace followup {

// Bumped whenever a module's table or a type that crosses it changes.
inline constexpr int module_abi = 1;

struct ModuleHeader {
    int abi;
    const char* version; // followup's version (FOLLOWUP_MODULE_VERSION)
};

// Loads the module `name` (postgres.so, mail.so) from followup's private
// library folder, found from this executable's own path: DIR/FOLLOWUP_MODULE_DIR
// for an installed binary, else DIR/FOLLOWUP_BUILD_MODULE_DIR in a build tree.
// Returns its table, once per process (never unloaded). Throws Error, one line
// naming the file and what to do, when it is missing, cannot be loaded or
// comes from another build; `what` names what needs it ("PostgreSQL").
const ModuleHeader& load_module(const char* name, const char* what);

} // namespace followup
