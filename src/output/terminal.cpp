#include "terminal.hpp"

#include "followup/error.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <poll.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

namespace followup {

namespace {

constexpr int input_fd = STDIN_FILENO;

// Shared with the signal handlers, which may only touch these.
termios found_mode{};                         // as the terminal was found
termios key_mode{};                           // non-canonical, no echo
volatile std::sig_atomic_t want_keys = 0;     // key_mode is (to be) in force
volatile std::sig_atomic_t ending_signal = 0; // a signal that ends the walk

constexpr std::array<int, 4> ending_signals = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// Ends the walk: the terminal is put back at once, and the read under way
// returns EINTR (the handlers are installed without SA_RESTART).
extern "C" void on_ending_signal(int signal) {
    ending_signal = signal;
    want_keys = 0;
    tcsetattr(input_fd, TCSANOW, &found_mode);
}

// Ctrl-Z: the shell gets the terminal as it was; on `fg`, keys again.
extern "C" void on_stop_signal(int /*signal*/) {
    const int saved_errno = errno;
    tcsetattr(input_fd, TCSANOW, &found_mode);
    raise(SIGSTOP);
    if (want_keys != 0) {
        tcsetattr(input_fd, TCSANOW, &key_mode);
    }
    errno = saved_errno;
}

struct sigaction previous[ending_signals.size() + 1];

void install(int signal, void (*handler)(int), struct sigaction& old) {
    sigaction(signal, nullptr, &old);
    // An ignored signal stays ignored (nohup, a shell's background job).
    if (old.sa_handler == SIG_IGN) {
        return;
    }
    struct sigaction action {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART: a blocked read returns
    sigaction(signal, &action, nullptr);
}

void set_mode(const termios& mode) {
    while (tcsetattr(input_fd, TCSANOW, &mode) != 0 && errno == EINTR) {
    }
}

// One byte; 0 at the end (end of input, a lost terminal, an ending signal).
// Interrupted by any other signal (Ctrl-Z and `fg`), it reads again.
int read_byte(unsigned char& byte) {
    for (;;) {
        if (ending_signal != 0) {
            return 0;
        }
        const ssize_t got = read(input_fd, &byte, 1);
        if (got == 1) {
            return 1;
        }
        if (got < 0 && errno == EINTR) {
            continue;
        }
        return 0; // 0: end of input; EIO: the terminal hung up
    }
}

// Whether another byte arrives within a few milliseconds: the rest of an
// escape sequence comes with its ESC, a person's next key does not.
bool more_follows() {
    pollfd fd{input_fd, POLLIN, 0};
    return poll(&fd, 1, 25) > 0 && (fd.revents & POLLIN) != 0;
}

} // namespace

Terminal::Terminal() {
    if (isatty(input_fd) == 0 || tcgetattr(input_fd, &found_mode) != 0) {
        throw UsageError("--interactive needs a terminal on standard input; "
                         "use `followup due` in scripts and pipes");
    }
    key_mode = found_mode;
    key_mode.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    key_mode.c_cc[VMIN] = 1;
    key_mode.c_cc[VTIME] = 0;
    ending_signal = 0;
    want_keys = 0;
    for (std::size_t i = 0; i < ending_signals.size(); ++i) {
        install(ending_signals[i], on_ending_signal, previous[i]);
    }
    install(SIGTSTP, on_stop_signal, previous[ending_signals.size()]);
}

Terminal::~Terminal() {
    want_keys = 0;
    set_mode(found_mode);
    for (std::size_t i = 0; i < ending_signals.size(); ++i) {
        sigaction(ending_signals[i], &previous[i], nullptr);
    }
    sigaction(SIGTSTP, &previous[ending_signals.size()], nullptr);
}

void Terminal::keys_on() {
    if (ending_signal == 0) {
        want_keys = 1;
        set_mode(key_mode);
    }
}

std::optional<std::string> Terminal::key() {
    if (ending_signal != 0) {
        return std::nullopt;
    }
    keys_on();
    unsigned char byte = 0;
    std::optional<std::string> key;
    if (read_byte(byte) == 1 && byte != found_mode.c_cc[VEOF]) {
        key = std::string(1, static_cast<char>(byte));
        if (byte == 0x1b) {
            // The rest of the sequence is no key of its own.
            for (int i = 0; i < 16 && more_follows() && read_byte(byte) == 1; ++i) {
            }
        } else if (byte >= 0xc0) {
            // The continuation bytes of a UTF-8 character.
            const int more = byte >= 0xf0 ? 3 : byte >= 0xe0 ? 2 : 1;
            for (int i = 0; i < more && read_byte(byte) == 1; ++i) {
                key->push_back(static_cast<char>(byte));
            }
        }
    }
    want_keys = 0;
    if (ending_signal == 0) {
        set_mode(found_mode);
    }
    return ending_signal != 0 ? std::nullopt : key;
}

std::optional<std::string> Terminal::line() {
    if (ending_signal != 0) {
        return std::nullopt;
    }
    set_mode(found_mode);
    std::string text;
    unsigned char byte = 0;
    // A canonical terminal line holds at most 4095 bytes; the bound is for
    // a terminal that is no such thing.
    while (text.size() < (std::size_t{1} << 16)) {
        if (read_byte(byte) != 1) {
            return std::nullopt;
        }
        if (byte == '\n') {
            break;
        }
        text.push_back(static_cast<char>(byte));
    }
    if (!text.empty() && text.back() == '\r') {
        text.pop_back();
    }
    return text;
}

int Terminal::signal() const {
    return ending_signal;
}

int Terminal::run_editor(const std::string& editor, const std::string& path) {
    set_mode(found_mode);
    // As system() does: Ctrl-C and Ctrl-\ are the editor's while it runs.
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    struct sigaction old_interrupt {};
    struct sigaction old_quit {};
    sigaction(SIGINT, &ignore, &old_interrupt);
    sigaction(SIGQUIT, &ignore, &old_quit);
    const std::string command = editor + " \"$@\"";
    const pid_t child = fork();
    if (child == 0) {
        for (const int signal : {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP}) {
            std::signal(signal, SIG_DFL);
        }
        execl("/bin/sh", "sh", "-c", command.c_str(), editor.c_str(), path.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    pid_t waited = -1;
    if (child > 0) {
        while ((waited = waitpid(child, &status, 0)) < 0 && errno == EINTR) {
        }
    }
    sigaction(SIGINT, &old_interrupt, nullptr);
    sigaction(SIGQUIT, &old_quit, nullptr);
    if (child < 0 || waited != child || !WIFEXITED(status)) {
        return -1;
    }
    return WEXITSTATUS(status);
}

void die_of_signal(int signal) {
    std::signal(signal, SIG_DFL);
    raise(signal);
    // Blocked or ignored after all: the shell's convention for it.
    _exit(128 + signal);
}

} // namespace followup
