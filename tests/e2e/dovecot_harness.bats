#!/usr/bin/env bats
# The private Dovecot the mail tests use (tests/mail/dovecot, dovecot.bash,
# make-messages): it serves the generated mail on its loopback port, changes
# a folder's UIDVALIDITY on demand, and goes away without a trace.

load helpers
load ../mail/dovecot

setup_file() { dovecot_setup_file; }
teardown_file() { dovecot_teardown_file; }
setup() {
    fu_setup
    dovecot_require
}

# An IMAP exchange with the server (python3's imaplib): prints what it answers.
imap() {
    python3 - "$DOVECOT_PORT" "$DOVECOT_USER" "$DOVECOT_PASSWORD" "$@" <<'PY'
import imaplib, sys
port, user, password, folder, *command = sys.argv[1:]
m = imaplib.IMAP4("127.0.0.1", int(port))
m.login(user, password)
typ, _ = m.select(folder, readonly=True)
assert typ == "OK", typ
print("UIDVALIDITY", m.untagged_responses.get("UIDVALIDITY", [b"?"])[0].decode())
print("EXISTS", m.untagged_responses.get("EXISTS", [b"?"])[0].decode())
if command:
    typ, data = m.uid(*command)
    for item in data:
        if isinstance(item, tuple):
            print(item[1].decode(errors="replace"), end="")
        elif item:
            print(item.decode(errors="replace"))
m.logout()
PY
}

@test "the server listens on 127.0.0.1 only, on the port it printed, with the user it made" {
    [[ $DOVECOT_URL == "imap://ana%40example.org@127.0.0.1:$DOVECOT_PORT" ]] || fail "$DOVECOT_URL"
    grep -q "^listen = 127.0.0.1$" "$DOVECOT_DIR/dovecot.conf" || fail "$(cat "$DOVECOT_DIR/dovecot.conf")"
    run imap INBOX
    assert_status 0
    [[ $output == *"EXISTS 0"* ]] || fail "$output"
}

@test "make-messages: made-up mail that the server serves, header fields first" {
    "$MAIL_TOOLS/make-messages" "$DOVECOT_MAILDIR/.Harness" 12 --seed 5
    run imap Harness FETCH 12 "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID SUBJECT)])"
    assert_status 0
    [[ $output == *"EXISTS 12"* ]] || fail "$output"
    [[ $output == *"Message-ID: <msg-12.5@followup.test>"* ]] || fail "$output"
    [[ $output == *"Subject: Message 12: "* ]] || fail "$output"
    [[ $output != *"BODY-TEXT"* ]] || fail "$output"
    # Every address is under a reserved domain.
    run grep -rhoE '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+' "$DOVECOT_MAILDIR/.Harness/cur" \
        "$DOVECOT_MAILDIR/.Harness/new"
    [[ -n $output ]] || fail "no addresses"
    run grep -vE '@(example\.(com|org|net)|followup\.test|mail\.example\.org)$' <<<"$output"
    [[ -z $output ]] || fail "addresses outside the reserved domains:" "$output"
}

@test "new-uidvalidity: the folder's UIDVALIDITY goes up, and IMAP reports it" {
    "$MAIL_TOOLS/make-messages" "$DOVECOT_MAILDIR/.Renumbered" 3
    run imap Renumbered
    assert_status 0
    local before=${lines[0]#UIDVALIDITY }
    run "$MAIL_TOOLS/dovecot" new-uidvalidity "$DOVECOT_DIR" Renumbered
    assert_status 0
    local after=$output
    ((after > before)) || fail "before $before, after $after"
    run imap Renumbered
    [[ ${lines[0]} == "UIDVALIDITY $after" ]] || fail "$output"
    [[ ${lines[1]} == "EXISTS 3" ]] || fail "$output"
}

@test "lose-index: a new UIDVALIDITY and the same messages numbered again from 1" {
    "$MAIL_TOOLS/make-messages" "$DOVECOT_MAILDIR/.Lost" 4 --first 7
    run imap Lost SEARCH ALL
    assert_status 0
    local before=${lines[0]#UIDVALIDITY }
    [[ ${lines[2]} == "1 2 3 4" ]] || fail "$output"
    # A message delivered since makes the renumbering visible: 5 files, UIDs 1-5.
    "$MAIL_TOOLS/make-messages" "$DOVECOT_MAILDIR/.Lost" 1 --first 11
    run "$MAIL_TOOLS/dovecot" lose-index "$DOVECOT_DIR" Lost
    assert_status 0
    run imap Lost SEARCH ALL
    local after=${lines[0]#UIDVALIDITY }
    ((after > before)) || fail "before $before, after $after"
    [[ ${lines[1]} == "EXISTS 5" && ${lines[2]} == "1 2 3 4 5" ]] || fail "$output"
    run "$MAIL_TOOLS/dovecot" uidvalidity "$DOVECOT_DIR" Lost
    [[ $output == "$after" ]] || fail "$output"
}

@test "stop: no process is left, and a second stop is harmless" {
    # The harness needs a folder every user can reach.
    local dir
    dir=$(mktemp -d /tmp/followup-dovecot-stop.XXXXXX)
    chmod 755 "$dir"
    run "$MAIL_TOOLS/dovecot" start "$dir/server"
    assert_status 0
    local pid
    pid=$(cat "$dir/server/run/master.pid")
    run "$MAIL_TOOLS/dovecot" stop "$dir/server"
    assert_status 0
    local state
    state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
    [[ -z $state || $state == Z ]] || fail "master $pid still running ($state)"
    run "$MAIL_TOOLS/dovecot" stop "$dir/server"
    assert_status 0
    rm -rf "$dir"
}

@test "start refuses a folder other users cannot reach, and leaves nothing running" {
    local private
    private=$(mktemp -d)
    chmod 700 "$private"
    if [[ $(id -u) -ne 0 ]]; then
        skip "only root's Dovecot helpers run as other users"
    fi
    run "$MAIL_TOOLS/dovecot" start "$private/server"
    [[ $status -ne 0 ]] || fail "started in a private folder"
    [[ $output == *"is not open to other users"* ]] || fail "$output"
    [[ ! -e $private/server/run/master.pid ]] || fail "a server was left"
    rm -rf "$private"
}
