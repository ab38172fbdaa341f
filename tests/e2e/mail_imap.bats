#!/usr/bin/env bats
# `followup mail sync` from IMAP folders on a private Dovecot (tests/mail/dovecot,
# from the IMAP client's work): outbound, reply, auto-reply, bounce, RFC 2047
# text, a Cc thread, a message in two folders, a re-run, a kill mid-sync and
# a UIDVALIDITY change. Skipped where the harness or dovecot is missing. All
# people and mail are made up.

load helpers
if [[ -f "$FOLLOWUP_SOURCE_DIR/tests/mail/dovecot.bash" ]]; then
    load ../mail/dovecot
    setup_file() { dovecot_setup_file; }
    teardown_file() { dovecot_teardown_file; }
fi

setup() {
    fu_setup
    [[ -f "$FOLLOWUP_SOURCE_DIR/tests/mail/dovecot.bash" ]] || skip "no IMAP test harness in this tree"
    dovecot_require
    TODAY=2026-11-20
    # A fresh mailbox for each test: INBOX and Sent emptied, positions new.
    rm -rf "$DOVECOT_MAILDIR"/{new,cur}/* "$DOVECOT_MAILDIR/.Sent"
    mkdir -p "$DOVECOT_MAILDIR"/.Sent/{new,cur,tmp}
    fix_owner
    printf '%s\n' "$DOVECOT_PASSWORD" >"$BATS_TEST_TMPDIR/password"
    mkdir -p "$HOME/.config/followup"
    cat >"$HOME/.config/followup/config.toml" <<EOF
[mail]
me = ["alex@seller.example"]
imap = ["$DOVECOT_URL/INBOX", "$DOVECOT_URL/Sent"]
password_command = "cat '$BATS_TEST_TMPDIR/password'"
EOF
    fu add "Dana Whitfield" --company "Brightwater Tools" --email dana@brightwater.example >/dev/null
    fu add "Marco Ilves" --company "Northfield Labs" --email marco.ilves@northfield.example >/dev/null
    fu add "Priya Castellanos" --company "Oakline" --email priya@oakline.example --phone "+1 555 0142" >/dev/null
}

# Dovecot's processes run as the Maildir's owner: files written as root go to it.
fix_owner() {
    if [[ $(id -u) == 0 ]]; then
        chown -R --reference="$DOVECOT_MAILDIR" "$DOVECOT_MAILDIR"
    fi
}

# put FOLDER NAME: the message on standard input lands in INBOX or Sent.
put() {
    local dir=$DOVECOT_MAILDIR
    [[ $1 == INBOX ]] || dir="$DOVECOT_MAILDIR/.$1"
    cat >"$dir/new/$2"
    fix_owner
}

sql() {
    fu_sql "$1"
}

@test "imap: outbound, reply with an RFC 2047 name, Cc, auto-reply and bounce; a re-run logs nothing" {
    put Sent 1000.a.host <<'EOF'
Message-ID: <out1@seller.example>
Date: Mon, 16 Nov 2026 10:00:00 +0000
From: Alex Seller <alex@seller.example>
To: =?UTF-8?Q?Dana_Whitfi=C3=A9ld?= <Dana@Brightwater.example>
Cc: Marco <marco.ilves@northfield.example>
Subject: An idea for your plans at Brightwater Tools

Hello BODY-TEXT
EOF
    put INBOX 1001.b.host <<'EOF'
Message-ID: <in1@brightwater.example>
Date: Tue, 17 Nov 2026 09:30:00 +0000
From: =?ISO-8859-1?Q?Dana_Whitfi=E9ld?= <dana@brightwater.example>
To: alex@seller.example
Subject: =?UTF-8?Q?Re:_An_idea_=E2=80=94_merci?=

Thanks
EOF
    put INBOX 1002.c.host <<'EOF'
Message-ID: <ooo1@northfield.example>
Date: Tue, 17 Nov 2026 10:00:00 +0000
From: marco.ilves@northfield.example
To: alex@seller.example
Subject: Abwesenheitsnotiz: Re: An idea
Auto-Submitted: auto-replied

Away
EOF
    put INBOX 1003.d.host <<'EOF'
Message-ID: <bounce1@mx.example>
Date: Tue, 17 Nov 2026 11:00:00 +0000
From: Mail Delivery System <MAILER-DAEMON@mx.example>
To: alex@seller.example
Subject: Undelivered Mail Returned to Sender
Content-Type: multipart/report; report-type=delivery-status; boundary="B"
MIME-Version: 1.0

--B
Content-Type: text/plain

Your message could not be delivered.
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example

Final-Recipient: rfc822; priya@oakline.example
Action: failed
Status: 5.1.1

--B--
EOF
    run --separate-stderr fu mail sync -o json
    assert_status 0
    assert_equal "$(jq -c '[.[] | [.kind, .name, .on, .note]] | sort' <<<"$output")" \
        '[["auto-reply","Marco Ilves","2026-11-17","Abwesenheitsnotiz: Re: An idea"],["bounce","Priya Castellanos",null,"priya@oakline.example bounced"],["outbound","Dana Whitfield","2026-11-16","An idea for your plans at Brightwater Tools"],["outbound","Marco Ilves","2026-11-16","An idea for your plans at Brightwater Tools"],["reply","Dana Whitfield","2026-11-17","Re: An idea — merci"]]' \
        "what was logged"
    assert_equal "$(sql 'SELECT email_bouncing FROM prospects WHERE id = 3')" 1 "Priya bouncing"
    assert_equal "$(sql "SELECT purpose || ' ' || purpose_inferred FROM touches WHERE message_id = 'out1@seller.example' ORDER BY prospect_id")" \
        "$(printf 'value 0\nvalue 1')" "a draft's subject, and an inferred purpose"
    # Nothing was marked read: every message is still in new/.
    assert_equal "$(find "$DOVECOT_MAILDIR/cur" "$DOVECOT_MAILDIR/.Sent/cur" -type f | wc -l)" 0 "messages moved to cur/"
    assert_equal "$(sql "SELECT count(*) FROM mail_sources WHERE uidvalidity > 0 AND last_uid > 0")" 2 "positions"
    run --separate-stderr fu mail sync
    assert_status 0
    assert_equal "$output" "" "a re-run"
    assert_equal "$(sql 'SELECT count(*) FROM touches')" 4 "touches after a re-run"
}

@test "imap: the same message in two folders is logged once; a new UIDVALIDITY rescans without doubling" {
    local message='Message-ID: <twice@seller.example>
Date: Mon, 16 Nov 2026 10:00:00 +0000
From: alex@seller.example
To: priya@oakline.example
Subject: Proposal for Oakline

Attached.'
    printf '%s\n' "$message" | put Sent 2001.a.host
    printf '%s\n' "$message" | put INBOX 2001.b.host
    run --separate-stderr fu mail sync
    assert_status 0
    assert_equal "$(sql 'SELECT count(*) FROM touches WHERE message_id IS NOT NULL')" 1 "one touch"
    local before
    before=$(sql 'SELECT uidvalidity FROM mail_sources ORDER BY source')
    "$MAIL_TOOLS/dovecot" new-uidvalidity "$DOVECOT_DIR" INBOX >/dev/null
    printf '%s\n' "$message" | sed 's/twice@/later@/; s/16 Nov/18 Nov/' | put INBOX 2002.c.host
    run --separate-stderr fu mail sync -o json
    assert_status 0
    assert_equal "$(jq -c '[.[] | .message_id]' <<<"$output")" '["later@seller.example"]' "only the new message"
    [[ "$(sql 'SELECT uidvalidity FROM mail_sources ORDER BY source')" != "$before" ]] || fail "UIDVALIDITY not stored"
    assert_equal "$(sql 'SELECT count(*) FROM touches WHERE message_id IS NOT NULL')" 2 "no doubles"
}

@test "imap: a wrong password or an unreachable server is one line naming the folder; the others still sync" {
    printf 'Message-ID: <x@seller.example>\nDate: Mon, 16 Nov 2026 10:00:00 +0000\nFrom: alex@seller.example\nTo: dana@brightwater.example\nSubject: hi\n\nx\n' |
        put Sent 3001.a.host
    cat >>"$HOME/.config/followup/config.toml" <<EOF
EOF
    sed -i "s|imap = \[|imap = [\"imap://nobody@127.0.0.1:1/INBOX\", |" "$HOME/.config/followup/config.toml"
    run --separate-stderr fu mail sync
    assert_status 1
    assert_contains "$stderr" "followup: imap imap://nobody@127.0.0.1:1/INBOX: " "the error"
    assert_equal "$(wc -l <<<"$stderr")" 1 "one line"
    assert_equal "$(sql 'SELECT count(*) FROM touches WHERE message_id IS NOT NULL')" 1 "the other folders"
    echo wrong >"$BATS_TEST_TMPDIR/password"
    run --separate-stderr fu mail sync
    assert_status 1
    [[ "$stderr" != *wrong* ]] || fail "the password was printed: $stderr"
}

@test "imap: SIGKILL after the first batch committed, then a clean re-run logs the rest once" {
    sqlite_only "restores the database file between kill attempts and checks its integrity"
    local rows=${FOLLOWUP_E2E_MAIL_ROWS:-3000}
    "$FOLLOWUP_SOURCE_DIR/tests/mail/generate-maildir" "$BATS_TEST_TMPDIR/gen" --messages "$rows" \
        --prospects 40 --correspondents 200 --csv "$BATS_TEST_TMPDIR/prospects.csv"
    cp "$BATS_TEST_TMPDIR"/gen/new/* "$BATS_TEST_TMPDIR"/gen/cur/* "$DOVECOT_MAILDIR/new/"
    fix_owner
    fu import "$BATS_TEST_TMPDIR/prospects.csv" >/dev/null 2>&1
    cp "$DB" "$BATS_TEST_TMPDIR/seed.db"
    run --separate-stderr fu mail sync
    assert_status 0
    local whole
    whole=$(sql 'SELECT prospect_id, message_id, direction, on_date FROM touches WHERE message_id IS NOT NULL ORDER BY 1, 2')
    [[ -n "$whole" ]] || fail "nothing synced"
    local last
    last=$(sql "SELECT max(last_uid) FROM mail_sources")
    # Killed once the first batch (500 UIDs) is committed, before the last; on
    # a machine so busy that a whole sync slipped between two looks, again.
    local attempt pid uid=0
    for attempt in 1 2 3 4 5; do
        rm -f "$DB" "$DB-wal" "$DB-shm"
        cp "$BATS_TEST_TMPDIR/seed.db" "$DB"
        # The binary itself in the background (not the fu function's subshell), so the kill reaches it.
        "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" mail sync >/dev/null 2>&1 &
        pid=$!
        uid=0
        while kill -0 "$pid" 2>/dev/null; do
            uid=$(sqlite3 "$DB" "SELECT coalesce(max(last_uid), 0) FROM mail_sources" 2>/dev/null || echo 0)
            if ((uid >= 500)); then
                kill -9 "$pid" 2>/dev/null || true
                break
            fi
        done
        wait "$pid" || true
        uid=$(sqlite3 "$DB" "SELECT coalesce(max(last_uid), 0) FROM mail_sources")
        ((uid > 0 && uid < last)) && break
    done
    ((uid > 0 && uid < last)) || fail "no kill landed between the first and the last batch in 5 tries (last: UID $uid of $last)"
    echo "# killed after UID $uid of $last (attempt $attempt)" >&3
    assert_equal "$(sql 'PRAGMA integrity_check')" ok "integrity after the kill"
    run --separate-stderr fu mail sync
    assert_status 0
    assert_equal "$(sql 'SELECT prospect_id, message_id, direction, on_date FROM touches WHERE message_id IS NOT NULL ORDER BY 1, 2')" \
        "$whole" "the same touches as one uninterrupted sync"
}
