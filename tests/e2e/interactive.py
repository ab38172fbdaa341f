#!/usr/bin/env python3
"""Drives `followup due --interactive` on a real pseudo-terminal (Python's pty).

Run by interactive.bats as `interactive.py SCENARIO`, with FOLLOWUP_BIN, DB
and TODAY set and the demo pipeline in DB. Each scenario types keys and
lines into the walk as a person would, waits for what the walk prints
(bounded by WALK_TIMEOUT seconds, never a sleep), and checks the database
with `followup show -o json` or `followup export -o json` after every key.
Prints what went wrong and exits 1 on the first failure.
"""

import fcntl
import json
import os
import pty
import select
import signal
import stat
import struct
import subprocess
import sys
import termios
import time

BIN = os.environ["FOLLOWUP_BIN"]
DB = os.environ["DB"]
TODAY = os.environ["TODAY"]
TIMEOUT = float(os.environ.get("WALK_TIMEOUT", "60"))
KEYS = "[y,t,r,n,b,s,c,k,e,o,j,u,q,?]? "


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def followup(*args):
    result = subprocess.run(
        [BIN, "--db", DB, "--today", TODAY, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    check(result.returncode == 0, f"followup {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def show(name):
    return json.loads(followup("show", name, "-o", "json"))


def export():
    return json.loads(followup("export", "-o", "json"))


def touches(name):
    return show(name)["touches"]


class Walk:
    """One `followup due -i` on a pty: what it printed, and keys sent to it."""

    def __init__(self, *args, env=None):
        child_env = dict(os.environ)
        child_env["NO_COLOR"] = "1"
        child_env.update(env or {})
        pid, fd = pty.fork()
        if pid == 0:
            try:
                # 100 columns: the card's lines are not cut.
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 100, 0, 0))
                os.execve(BIN, [BIN, "--db", DB, "--today", TODAY, "due", "-i", *args], child_env)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self.screen = ""  # everything printed, CR LF made LF
        self.seen = 0  # how far expect() has read
        self.status = None

    def _read(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([self.fd], [], [], remaining)
        if not ready:
            return None
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        return data

    def expect(self, text):
        """Waits until `text` is printed after what was read so far; returns
        what came before it and moves past it."""
        deadline = time.monotonic() + TIMEOUT
        while text not in self.screen[self.seen:]:
            data = self._read(deadline)
            if data is None:
                raise Failure(f"timed out waiting for {text!r}; it printed:\n{self.screen[self.seen:]}")
            if not data:
                raise Failure(f"the walk ended before {text!r}; it printed:\n{self.screen[self.seen:]}")
            self.screen += data.decode("utf-8", "replace").replace("\r\n", "\n")
        at = self.screen.index(text, self.seen)
        before = self.screen[self.seen:at]
        self.seen = at + len(text)
        return before

    def prompt(self, position, name):
        """Waits for the key prompt of the prospect at `position` (1-based)."""
        return self.expect(f"({position}/6) {name} {KEYS}")

    def send(self, text):
        os.write(self.fd, text.encode())

    def finish(self):
        """Reads to the end and waits for the exit; returns the rest printed."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            data = self._read(deadline)
            if data is None:
                raise Failure(f"the walk did not end; it printed:\n{self.screen[self.seen:]}")
            if not data:
                break
            self.screen += data.decode("utf-8", "replace").replace("\r\n", "\n")
        _, self.status = os.waitpid(self.pid, 0)
        rest = self.screen[self.seen:]
        self.seen = len(self.screen)
        return rest

    def key_mode_off(self):
        """Whether the terminal is back to line mode with echo."""
        lflag = termios.tcgetattr(self.fd)[3]
        return bool(lflag & termios.ICANON) and bool(lflag & termios.ECHO)


def unchanged(before, what):
    check(export() == before, f"{what} changed the database")


def last_touch(name):
    return touches(name)[-1]


# --- scenarios --------------------------------------------------------------


def morning():
    """The demo's 6 due prospects, every key at least once, the database
    checked after each."""
    home = os.environ["HOME"]
    editor_log = os.path.join(home, "editor.log")
    editor = os.path.join(home, "fake-editor")
    # A real editor stand-in: says how it was called, then rewrites the file.
    with open(editor, "w", encoding="utf-8") as script:
        script.write(
            "#!/bin/sh\n"
            f"log='{editor_log}'\n"
            'printf "args=%s\\n" "$#" >"$log"\n'
            'printf "path=%s\\n" "$1" >>"$log"\n'
            'printf "mode=%s\\n" "$(stat -c %a "$1")" >>"$log"\n'
            'printf "draft=%s\\n" "$(grep -c "Sam" "$1")" >>"$log"\n'
            "printf 'Texted Sam the summer menu idea\\n\\n' >\"$1\"\n"
        )
    os.chmod(editor, 0o755)

    walk = Walk(env={"VISUAL": "", "EDITOR": editor})
    start = export()
    card = walk.prompt(1, "Marcus Ohene")
    for shown in ["Marcus Ohene (Blue Harbor Logistics) #2", "stage     engaged, value 12000",
                  "priority  a second warehouse by March", "state     booked, due 2026-11-23 (booked)",
                  "demo went well; call booked", "suggested call meeting:", "Draft (call meeting):",
                  "Voicemail if no one answers"]:
        check(shown in card, f"the first card lacks {shown!r}:\n{card}")

    # ? lists every key; nothing changes.
    walk.send("?")
    help_text = walk.prompt(1, "Marcus Ohene")
    for key in "ytrnbsckeojuq?":
        check(f"\n{key} - " in help_text, f"the help lacks key {key}:\n{help_text}")
    unchanged(start, "?")

    # Another key: a hint, and the same question again.
    walk.send("z")
    hint = walk.prompt(1, "Marcus Ohene")
    check("Press one of y,t,r,n,b,s,c,k,e,o,j,u,q,?" in hint, f"no hint after z:\n{hint}")
    unchanged(start, "z")

    # y: the booked meeting, held.
    walk.send("y")
    walk.expect("Note (Enter for none): ")
    unchanged(start, "y before its note")
    walk.send("walked through the pilot plan\n")
    said = walk.prompt(2, "Lucía Fernández")
    check("Logged the meeting by call (held: a conversation)" in said, said)
    touch = last_touch("Marcus")
    check((touch["direction"], touch["channel"], touch["purpose"], touch["note"], touch["date"])
          == ("both", "call", "meeting", "walked through the pilot plan", TODAY), f"y logged {touch}")

    # u: that touch is gone, and Marcus is asked about again.
    walk.send("u")
    said = walk.prompt(1, "Marcus Ohene")
    check("Removed the conversation by call (meeting) of " + TODAY in said, said)
    check(export() == start, "u did not put the database back as it was")

    # b: a conversation that booked the next step with a time.
    walk.send("b")
    walk.expect("'tomorrow 9:30'): ")
    walk.send("wed 15:00\n")
    walk.expect("Note (Enter for none): ")
    walk.send("\n")
    said = walk.prompt(2, "Lucía Fernández")
    check("Next: 2026-11-25 15:00 (booked)" in said, said)
    touch = last_touch("Marcus")
    check((touch["direction"], touch["next_step_on"], touch["next_step_time"], touch["note"])
          == ("both", "2026-11-25", "15:00", ""), f"b logged {touch}")
    check(show("Marcus")["state"] == "booked", "Marcus is not booked after b")

    # r: their reply.
    count = len(touches("Lucía"))
    walk.send("r")
    walk.expect("Note (Enter for none): ")
    walk.send("asked for the price list\n")
    said = walk.prompt(3, "Dana Whitfield")
    touch = last_touch("Lucía")
    check((touch["direction"], touch["note"]) == ("in", "asked for the price list"), f"r logged {touch}")

    # u again: the reply goes; back to Lucía.
    walk.send("u")
    said = walk.prompt(2, "Lucía Fernández")
    check("Removed the reply by email of" in said, said)
    check(len(touches("Lucía")) == count, "u left the reply")

    # t: a conversation.
    walk.send("t")
    walk.expect("Note (Enter for none): ")
    walk.send("talked about the spring shop\n")
    walk.prompt(3, "Dana Whitfield")
    touch = last_touch("Lucía")
    check((touch["direction"], touch["note"]) == ("both", "talked about the spring shop"), f"t logged {touch}")

    # k: the reversing email's draft; not recorded (n), then a skip (j).
    before = export()
    walk.send("k")
    said = walk.expect("Record the reversing email as sent [y,n]? ")
    check("is ready for a reversing email" in said, said)
    check("Subject: Should I close your file, Dana?" in said, f"no reversing draft:\n{said}")
    unchanged(before, "k before its answer")
    walk.send("n")
    walk.prompt(3, "Dana Whitfield")
    unchanged(before, "k answered n")
    walk.send("j")
    walk.prompt(4, "Priya Raman")
    unchanged(before, "j")

    # u undoes the skip: Dana again; k recorded this time.
    walk.send("u")
    said = walk.prompt(3, "Dana Whitfield")
    check("Back to Dana Whitfield" in said, said)
    unchanged(before, "u of a skip")
    walk.send("k")
    walk.expect("Record the reversing email as sent [y,n]? ")
    walk.send("y")
    said = walk.prompt(4, "Priya Raman")
    check("Recorded the reversing email to Dana Whitfield" in said, said)
    touch = last_touch("Dana")
    check((touch["purpose"], touch["channel"], touch["direction"]) == ("reversing", "email", "out"),
          f"k logged {touch}")

    # s: a snooze, undone, then a cool-down.
    walk.send("s")
    walk.expect("Snooze until (a day or a while: fri, 2026-12-14, 3d, 2w): ")
    walk.send("3d\n")
    walk.prompt(5, "Sam O'Brien")
    priya = show("Priya")
    check((priya["snooze_until"], priya["due_on"]) == ("2026-11-26", "2026-11-26"), f"s left {priya}")
    walk.send("u")
    said = walk.prompt(4, "Priya Raman")
    check("Ended the snooze of Priya Raman" in said, said)
    priya = show("Priya")
    check((priya["snooze_until"], priya["snoozed_on"], priya["due_on"]) == (None, None, "2026-11-20"),
          f"u of the snooze left {priya}")
    walk.send("c")
    walk.expect("Cool down for (Enter: 30d; or a while: 10d, 3w; or until a day): ")
    walk.send("2w\n")
    walk.prompt(5, "Sam O'Brien")
    priya = show("Priya")
    check((priya["cooling_until"], priya["state"]) == ("2026-12-07", "cooling"), f"c left {priya}")

    # n: the attempt, with "no answer"; undone.
    count = len(touches("Sam"))
    walk.send("n")
    walk.expect("Note (Enter: no answer): ")
    walk.send("\n")
    walk.prompt(6, "Tom Becker")
    touch = last_touch("Sam")
    check((touch["direction"], touch["channel"], touch["purpose"], touch["note"])
          == ("out", "text", "value", "no answer"), f"n logged {touch}")
    walk.send("u")
    walk.prompt(5, "Sam O'Brien")
    check(len(touches("Sam")) == count, "u left Sam's attempt")

    # e: another channel, the suggested purpose, a note; undone.
    walk.send("e")
    walk.expect("Channel (Enter: text): ")
    walk.send("call\n")
    walk.expect("Purpose (Enter: value): ")
    walk.send("\n")
    walk.expect("Note (Enter for none): ")
    walk.send("rang about the summer order\n")
    walk.prompt(6, "Tom Becker")
    touch = last_touch("Sam")
    check((touch["channel"], touch["purpose"], touch["note"]) == ("call", "value", "rang about the summer order"),
          f"e logged {touch}")
    walk.send("u")
    walk.prompt(5, "Sam O'Brien")
    check(len(touches("Sam")) == count, "u left Sam's call")

    # o: the draft in the editor; what it wrote is the note.
    walk.send("o")
    walk.prompt(6, "Tom Becker")
    touch = last_touch("Sam")
    check((touch["channel"], touch["purpose"], touch["note"]) == ("text", "value", "Texted Sam the summer menu idea"),
          f"o logged {touch}")
    with open(editor_log, encoding="utf-8") as log:
        called = dict(line.rstrip("\n").split("=", 1) for line in log)
    check(called["args"] == "1", f"the editor got {called['args']} arguments, not only the path")
    check(called["mode"] == "600", f"the draft file had mode {called['mode']}")
    check(called["draft"] != "0", "the file the editor got held no draft for Sam")
    check(not os.path.exists(called["path"]), f"the draft file {called['path']} was left behind")

    # q: the end, with the summary; Tom is left for today.
    before = export()
    walk.send("q")
    rest = walk.finish()
    check(os.WIFEXITED(walk.status) and os.WEXITSTATUS(walk.status) == 0, f"exit status {walk.status}")
    check("Walked 5 of 6: 4 touches logged (2 conversations, 1 booked), 0 snoozed, 1 cooled down, 0 skipped."
          in rest, f"the summary:\n{rest}")
    check("Left for today (1): Tom Becker #5." in rest, f"what is left:\n{rest}")
    check(walk.key_mode_off(), "the terminal was left without line mode or echo")
    unchanged(before, "q")
    check(len(touches("Tom")) == 0, "Tom was touched")


def quit_halfway():
    """q after two prospects keeps their touches; the rest stays due."""
    walk = Walk()
    walk.prompt(1, "Marcus Ohene")
    walk.send("t")
    walk.expect("Note (Enter for none): ")
    walk.send("went well\n")
    walk.prompt(2, "Lucía Fernández")
    walk.send("y")
    walk.expect("Note (Enter for none): ")
    walk.send("\n")
    walk.prompt(3, "Dana Whitfield")
    walk.send("q")
    rest = walk.finish()
    check(os.WIFEXITED(walk.status) and os.WEXITSTATUS(walk.status) == 0, f"exit status {walk.status}")
    check("Walked 2 of 6: 2 touches logged (1 conversation, 0 booked)" in rest, rest)
    check("Left for today (4): Dana Whitfield (Northwind Traders) #1, Priya Raman (Fernwood Clinic) #3, "
          "Sam O'Brien (O'Brien & Sons) #7, Tom Becker #5. `followup due` lists them." in rest, rest)
    check(last_touch("Marcus")["note"] == "went well", "Marcus's conversation is lost")
    check(last_touch("Lucía")["date"] == TODAY, "Lucía's email is lost")
    check(walk.key_mode_off(), "the terminal was left without line mode or echo")


def end_of_input():
    """Ctrl-D at a key ends the walk as q does; at a question, too, with
    nothing logged for it."""
    walk = Walk()
    walk.prompt(1, "Marcus Ohene")
    walk.send("y")
    walk.expect("Note (Enter for none): ")
    walk.send("held\n")
    walk.prompt(2, "Lucía Fernández")
    before = export()
    walk.send("y")
    walk.expect("Note (Enter for none): ")
    walk.send("\x04")
    rest = walk.finish()
    check(os.WIFEXITED(walk.status) and os.WEXITSTATUS(walk.status) == 0, f"exit status {walk.status}")
    check("Walked 1 of 6: 1 touch logged (1 conversation, 0 booked)" in rest, rest)
    unchanged(before, "Ctrl-D at the note")
    check(last_touch("Marcus")["note"] == "held", "Marcus's touch is lost")
    check(walk.key_mode_off(), "the terminal was left without line mode or echo")


def lost_terminal():
    """The terminal goes away (its master side closed: SIGHUP): what was
    done is kept, and followup ends."""
    count = len(touches("Lucía"))
    walk = Walk()
    walk.prompt(1, "Marcus Ohene")
    walk.send("t")
    walk.expect("Note (Enter for none): ")
    walk.send("kept\n")
    walk.prompt(2, "Lucía Fernández")
    os.close(walk.fd)
    # Blocks until it ends; main()'s alarm bounds the wait.
    _, status = os.waitpid(walk.pid, 0)
    check(os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGHUP
          or os.WIFEXITED(status), f"status {status}")
    check(last_touch("Marcus")["note"] == "kept", "the conversation logged before the hang-up is lost")
    check(len(touches("Lucía")) == count, "Lucía got a touch")


def interrupted():
    """Ctrl-C at a key: the walk ends with its summary, the terminal is put
    back, and followup dies of SIGINT as the shell expects."""
    walk = Walk()
    walk.prompt(1, "Marcus Ohene")
    check(not walk.key_mode_off(), "the terminal is not in key mode at the prompt")
    walk.send("\x03")
    rest = walk.finish()
    check(os.WIFSIGNALED(walk.status) and os.WTERMSIG(walk.status) == signal.SIGINT, f"status {walk.status}")
    check("Walked 0 of 6" in rest, rest)
    check(walk.key_mode_off(), "the terminal was left without line mode or echo after Ctrl-C")


def terminated():
    """SIGTERM while a question waits for its line: the terminal is put back."""
    walk = Walk()
    walk.prompt(1, "Marcus Ohene")
    walk.send("s")
    walk.expect("Snooze until")
    before = export()
    os.kill(walk.pid, signal.SIGTERM)
    walk.finish()
    check(os.WIFSIGNALED(walk.status) and os.WTERMSIG(walk.status) == signal.SIGTERM, f"status {walk.status}")
    check(walk.key_mode_off(), "the terminal was left without line mode or echo after SIGTERM")
    unchanged(before, "SIGTERM at a question")


def filtered():
    """--tag, --stage and --limit choose what is walked, as for `due`."""
    walk = Walk("--stage", "lead", "--limit", "2")
    card = walk.expect(f"(1/2) Priya Raman {KEYS}")
    check("Priya Raman (Fernwood Clinic) #3" in card, card)
    walk.send("j")
    walk.expect(f"(2/2) Sam O'Brien {KEYS}")
    walk.send("j")
    rest = walk.finish()
    check("Walked 2 of 2: 0 touches logged (0 conversations, 0 booked), 0 snoozed, 0 cooled down, 2 skipped."
          in rest, rest)
    check("Left for today (3): Priya Raman (Fernwood Clinic) #3, Sam O'Brien (O'Brien & Sons) #7, "
          "Tom Becker #5." in rest, rest)
    walk = Walk("--tag", "vip")
    walk.expect(f"(1/1) Dana Whitfield {KEYS}")
    walk.send("q")
    walk.finish()


def refusals():
    """What a command refuses is said on one line, nothing changes, and the
    same prospect is asked about again; --explain adds the rank."""
    home = os.environ["HOME"]
    failing = os.path.join(home, "failing-editor")
    with open(failing, "w", encoding="utf-8") as script:
        script.write("#!/bin/sh\nprintf 'half written' >\"$1\"\nexit 3\n")
    os.chmod(failing, 0o755)
    emptying = os.path.join(home, "emptying-editor")
    with open(emptying, "w", encoding="utf-8") as script:
        script.write("#!/bin/sh\nprintf '  \\n\\n' >\"$1\"\n")
    os.chmod(emptying, 0o755)
    start = export()
    walk = Walk("--explain", env={"VISUAL": failing})
    card = walk.prompt(1, "Marcus Ohene")
    check("  rank      booked 2026-11-23 > " in card, f"--explain shows no rank:\n{card}")
    again = f"(1/6) Marcus Ohene {KEYS}"

    walk.send("s")
    walk.expect("Snooze until")
    walk.send("someday\n")
    said = walk.expect(again)
    check("followup: " in said and "someday" in said, f"no error for a bad snooze:\n{said}")
    unchanged(start, "a refused snooze")

    walk.send("b")
    walk.expect("'tomorrow 9:30'): ")
    walk.send("\n")
    walk.expect(again)
    unchanged(start, "b with no day")
    walk.send("b")
    walk.expect("'tomorrow 9:30'): ")
    walk.send("2026-11-20\n")
    said = walk.expect(again)
    check("followup: the booked day 2026-11-20 must be after today (2026-11-23)" in said,
          f"no error for a booked day in the past:\n{said}")
    unchanged(start, "b in the past")

    walk.send("e")
    walk.expect("Channel (Enter: call): ")
    walk.send("fax\n")
    walk.expect("Purpose (Enter: meeting): ")
    walk.send("\n")
    walk.expect("Note (Enter for none): ")
    walk.send("-\n")
    said = walk.expect("Note (Enter for none): ")
    check("type more" in said, said)
    walk.send("x\n")
    said = walk.expect(again)
    check("followup: " in said and "fax" in said, f"no error for channel fax:\n{said}")
    unchanged(start, "e with channel fax")

    walk.send("o")
    said = walk.expect(again)
    check("The editor exited with 3; nothing logged." in said, said)
    unchanged(start, "o with an editor that failed")

    walk.send("u")
    said = walk.expect(again)
    check("Nothing to undo in this walk." in said, said)

    walk.send("\x1b[A")  # an arrow key: one hint, not three
    said = walk.expect(again)
    check(said.count("Press one of") == 1, f"an arrow key gave:\n{said}")
    walk.send("q")
    rest = walk.finish()
    check("Walked 0 of 6" in rest, rest)
    unchanged(start, "the refusals")

    walk = Walk("--tag", "vip", env={"VISUAL": "", "EDITOR": emptying})
    walk.expect(f"(1/1) Dana Whitfield {KEYS}")
    walk.send("o")
    said = walk.expect(f"(1/1) Dana Whitfield {KEYS}")
    check("The draft was left empty; nothing logged." in said, said)
    walk.send("q")
    walk.finish()
    unchanged(start, "o with an emptied draft")


def strangers():
    """Names, priorities and notes that arrived by import with escape
    sequences and bidi overrides are shown escaped on the card, in the
    draft and in the prompt; nothing reaches the terminal raw."""
    walk = Walk("--tag", "odd")
    card = walk.expect(f"{KEYS}")
    for raw in ["\x1b[", "\u202e", "\x07"]:
        check(raw not in card, f"the card holds {raw!r} raw:\n{card!r}")
    check("Eve \\x1b[31mRed" in card, f"the name is not shown escaped:\n{card}")
    check("\\u202e" in card, f"the priority's bidi override is not shown escaped:\n{card}")
    walk.send("q")
    rest = walk.finish()
    check("\x1b[" not in rest, f"the summary holds an escape sequence raw:\n{rest!r}")


def suspended():
    """Ctrl-Z stops the walk with the terminal put back; after SIGCONT keys
    work again without Enter."""
    walk = Walk()
    walk.prompt(1, "Marcus Ohene")
    walk.send("\x1a")
    _, status = os.waitpid(walk.pid, os.WUNTRACED)
    check(os.WIFSTOPPED(status), f"Ctrl-Z did not stop followup: status {status}")
    check(walk.key_mode_off(), "the terminal stayed in key mode while followup was stopped")
    os.kill(walk.pid, signal.SIGCONT)
    walk.send("j")
    walk.prompt(2, "Lucía Fernández")
    walk.send("q")
    walk.finish()
    check(os.WIFEXITED(walk.status) and os.WEXITSTATUS(walk.status) == 0, f"exit status {walk.status}")


def capacity():
    """Past the config's daily_capacity the walk takes the best N, says on
    stderr how many more wait, and --all walks them too."""
    config = os.path.join(os.environ["HOME"], "capacity.toml")
    with open(config, "w", encoding="utf-8") as file:
        file.write("[schedule]\ndaily_capacity = 2\n")
    if os.environ.get("FOLLOWUP_TEST_BACKEND") == "postgresql":
        # A team database keeps the team's settings (helpers.bash's fu_team_config).
        followup("config", "-q", "--set", "schedule.daily_capacity", "2")
    walk = Walk(env={"FOLLOWUP_CONFIG": config})
    said = walk.expect(f"(1/2) Marcus Ohene {KEYS}")
    check("4 more due past your daily capacity of 2" in said, said)
    walk.send("q")
    rest = walk.finish()
    check("Left for today (6):" in rest, rest)
    walk = Walk("--all", env={"FOLLOWUP_CONFIG": config})
    walk.expect(f"(1/6) Marcus Ohene {KEYS}")
    walk.send("q")
    walk.finish()


def transcript_block(path):
    """The README's walk: the ```text block that starts with `$ followup due -i`."""
    with open(path, encoding="utf-8") as readme:
        text = readme.read()
    for block in text.split("```text\n")[1:]:
        block = block.split("```", 1)[0]
        if block.startswith("$ followup due -i\n"):
            return block.split("\n", 1)[1].rstrip("\n").split("\n")
    raise Failure(f"{path} has no ```text block starting with `$ followup due -i`")


def matches(want, got):
    """Whether the lines `got` are `want`, trailing blanks aside, where a
    line "..." in `want` stands for any lines."""
    want = [line.rstrip() for line in want]
    got = [line.rstrip() for line in got]
    w = g = 0
    while w < len(want):
        if want[w] == "...":
            w += 1
            if w == len(want):
                return True
            while g < len(got) and got[g] != want[w]:
                g += 1
        if g >= len(got) or got[g] != want[w]:
            return False
        w += 1
        g += 1
    return g == len(got)


def readme():
    """The README's transcript of a walk is what the walk prints when typed
    into as it shows."""
    path = os.environ.get("WALK_README") or os.path.join(os.environ["FOLLOWUP_SOURCE_DIR"], "README.md")
    lines = transcript_block(path)
    walk = Walk()
    for line in lines:
        # A key after a key prompt, a line after a question.
        if line.endswith(KEYS[:-1]) or KEYS in line:
            at = line.index(KEYS) + len(KEYS)
            walk.expect(line[:at])
            walk.send(line[at:])
        elif "): " in line and line.split("): ", 1)[0].split(" (", 1)[0] in (
                "Note", "Booked for", "Snooze until", "Cool down for", "Channel", "Purpose"):
            prompt, answer = line.split("): ", 1)
            walk.expect(prompt + "): ")
            walk.send(answer + "\n")
    walk.finish()
    printed = walk.screen.rstrip("\n").split("\n")
    if os.environ.get("WALK_PRINT"):
        print("\n".join(printed))
    check(matches(lines, printed), "the README's walk differs; it printed:\n" + "\n".join(printed))


SCENARIOS = {
    "readme": readme,
    "morning": morning,
    "quit_halfway": quit_halfway,
    "end_of_input": end_of_input,
    "lost_terminal": lost_terminal,
    "interrupted": interrupted,
    "terminated": terminated,
    "filtered": filtered,
    "refusals": refusals,
    "strangers": strangers,
    "suspended": suspended,
    "capacity": capacity,
}


def main():
    name = sys.argv[1]
    # A walk that hangs fails the test rather than the whole run.
    signal.alarm(int(TIMEOUT * 4))
    try:
        SCENARIOS[name]()
    except Failure as failure:
        print(f"{name}: {failure}", file=sys.stderr)
        sys.exit(1)
    print(f"{name}: ok")


if __name__ == "__main__":
    main()
