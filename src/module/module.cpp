#include "module/module.hpp"

#include "followup/error.hpp"

#include <cerrno>
#include <cstring>
#include <dlfcn.h>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <string>
#include <unistd.h>

namespace followup {

namespace {

// The folder holding this executable (symbolic links resolved).
std::string executable_dir() {
    std::string path(4096, '\0');
    const ssize_t length = readlink("/proc/self/exe", path.data(), path.size());
    if (length <= 0 || static_cast<std::size_t>(length) >= path.size()) {
        throw Error(fmt::format("cannot find followup's own folder to load its modules from "
                                "(/proc/self/exe: {}); is /proc mounted?",
                                length < 0 ? std::strerror(errno) : "too long"));
    }
    path.resize(static_cast<std::size_t>(length));
    return path.substr(0, path.rfind('/'));
}

bool exists(const std::string& path) {
    return access(path.c_str(), F_OK) == 0;
}

const ModuleHeader& load(const char* name, const char* what) {
    const std::string dir = executable_dir();
    const std::string file = fmt::format("{}.so", name);
    // The folder has no symbolic links in it, so ".." can be taken away as text.
    const std::string installed =
        (std::filesystem::path(dir) / FOLLOWUP_MODULE_DIR / file).lexically_normal().native();
    const std::string built =
        (std::filesystem::path(dir) / FOLLOWUP_BUILD_MODULE_DIR / file).lexically_normal().native();
    // An installed binary's folder first; a build tree's only when that is missing.
    const std::string& path = exists(installed) || !exists(built) ? installed : built;
    const auto fail = [&](std::string_view why) {
        return Error(fmt::format("{} support is missing: cannot load {}: {}; reinstall followup",
                                 what, path, why));
    };
    // Never closed: its code may run until exit (atexit handlers included).
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        if (!exists(path)) {
            throw fail("no such file");
        }
        const char* error = dlerror();
        throw fail(error ? error : "dlopen failed");
    }
    const std::string symbol = fmt::format("followup_module_{}", name);
    using Entry = const ModuleHeader* (*)();
    const auto entry = reinterpret_cast<Entry>(dlsym(handle, symbol.c_str()));
    if (!entry) {
        throw fail(fmt::format("it has no {}", symbol));
    }
    const ModuleHeader* header = entry();
    if (!header || header->abi != module_abi ||
        std::strcmp(header->version, FOLLOWUP_MODULE_VERSION) != 0) {
        throw fail(fmt::format("it comes from another build of followup ({}, this is {})",
                               header ? header->version : "unknown", FOLLOWUP_MODULE_VERSION));
    }
    return *header;
}

} // namespace

const ModuleHeader& load_module(const char* name, const char* what) {
    static std::mutex mutex;
    static std::map<std::string, const ModuleHeader*> loaded;
    const std::lock_guard lock(mutex);
    const ModuleHeader*& header = loaded[name];
    if (!header) {
        header = &load(name, what);
    }
    return *header;
}

} // namespace followup
