# A private Dovecot for a bats suite (see tests/mail/dovecot), started once
# per file and always stopped (bats runs teardown_file even when setup_file
# fails):
#
#   load ../mail/dovecot          # from tests/e2e/X.bats
#   setup_file() { dovecot_setup_file; }      # or: dovecot_setup_file --tls
#   teardown_file() { dovecot_teardown_file; }
#   setup() { fu_setup; dovecot_require; }
#
# Then each test has DOVECOT_PORT, DOVECOT_USER, DOVECOT_PASSWORD,
# DOVECOT_MAILDIR, DOVECOT_URL (imap://user@127.0.0.1:PORT; add /FOLDER),
# DOVECOT_DIR (for `tests/mail/dovecot new-uidvalidity "$DOVECOT_DIR" FOLDER`),
# with --tls also DOVECOT_TLS_PORT and DOVECOT_CA; and MAIL_TOOLS, the folder
# of `dovecot` and `make-messages`. Without dovecot installed the tests are
# skipped, or fail when FOLLOWUP_REQUIRE_DOVECOT=1 (scripts/test sets it).

MAIL_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

dovecot_setup_file() {
    export MAIL_TOOLS
    if ! command -v dovecot >/dev/null 2>&1; then
        if [[ ${FOLLOWUP_REQUIRE_DOVECOT:-} == 1 ]]; then
            echo "dovecot is not installed and FOLLOWUP_REQUIRE_DOVECOT=1" >&2
            return 1
        fi
        export DOVECOT_MISSING=1
        return 0
    fi
    DOVECOT_ROOT=$(mktemp -d /tmp/followup-dovecot.XXXXXX)
    chmod 755 "$DOVECOT_ROOT"
    export DOVECOT_ROOT DOVECOT_DIR="$DOVECOT_ROOT/server"
    local assignments
    assignments=$("$MAIL_TOOLS/dovecot" start "$DOVECOT_DIR" "$@") || return 1
    eval "$assignments"
    export DOVECOT_PORT DOVECOT_USER DOVECOT_PASSWORD DOVECOT_MAILDIR DOVECOT_URL
    export DOVECOT_TLS_PORT="${DOVECOT_TLS_PORT:-}" DOVECOT_CA="${DOVECOT_CA:-}"
}

dovecot_teardown_file() {
    [[ -n ${DOVECOT_ROOT:-} ]] || return 0
    "$MAIL_TOOLS/dovecot" stop "$DOVECOT_DIR"
    rm -rf "$DOVECOT_ROOT"
}

dovecot_require() {
    if [[ -n ${DOVECOT_MISSING:-} ]]; then
        skip "dovecot is not installed (scripts/install-deps --test)"
    fi
}
