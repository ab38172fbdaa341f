#pragma once

#include <optional>
#include <string>

namespace followup {

// The terminal on standard input, for `due --interactive`: keys are read one
// at a time without Enter (non-canonical, no echo), text a line at a time as
// the terminal edits it. The settings it found are put back when it is
// destroyed, while an editor runs, and at once by the handler of a signal
// that ends the walk (INT, TERM, HUP, QUIT); Ctrl-Z puts them back while
// stopped. Only one may exist at a time.
class Terminal {
public:
    // Throws UsageError when standard input is not a terminal.
    Terminal();
    ~Terminal();
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    // Switches to reading keys now, before the prompt is shown, so that a
    // key typed as soon as it shows is neither echoed nor held for Enter.
    void keys_on();
    // One key: the bytes of one character; "\x1b" for an escape sequence
    // (an arrow key, say). None at the end: end of input (Ctrl-D), a lost
    // terminal, or a signal that ends the walk.
    std::optional<std::string> key();
    // One line typed with the terminal's own editing and echo, without its
    // newline; none at the end, as for key().
    std::optional<std::string> line();
    // The signal that ended the walk; 0 when none did.
    int signal() const;
    // Runs `editor` (a shell command line, as $VISUAL and $EDITOR are) on
    // `path` with the terminal as it was found, Ctrl-C and Ctrl-\ left to
    // the editor. Only the path is passed: `sh -c 'EDITOR "$@"' EDITOR PATH`.
    // Returns the editor's exit status, or -1 when it did not exit normally.
    int run_editor(const std::string& editor, const std::string& path);
};

// After the walk ended on a signal and the terminal is restored: dies of
// that signal, as the shell expects of a program it interrupted.
[[noreturn]] void die_of_signal(int signal);

} // namespace followup
