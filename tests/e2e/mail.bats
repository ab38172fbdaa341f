#!/usr/bin/env bats
# `followup mail sync` from Maildir folders: outbound emails, replies,
# out-of-office replies in four languages, bounces, RFC 2047 text, Cc,
# exactly-once (two folders, re-runs, a kill mid-sync), hand-logged touches,
# undo, --dry-run, -o json, cron output, and hostile messages. All people
# and mail are made up.

load helpers

setup() {
    fu_setup
    TODAY=2026-11-20
    MAIL="$BATS_TEST_TMPDIR/Mail"
    mkdir -p "$MAIL"/{INBOX,Sent,Archive}/{new,cur,tmp} "$HOME/.config/followup"
    cat >"$HOME/.config/followup/config.toml" <<EOF
[mail]
me = ["alex@seller.example", "Alex.Seller@Seller.example"]
maildir = ["~/../Mail/INBOX", "$MAIL/Sent"]
EOF
    fu add "Dana Whitfield" --company "Brightwater Tools" --email dana@brightwater.example >/dev/null
    fu add "Marco Ilves" --company "Northfield Labs" --email Marco.Ilves@Northfield.example >/dev/null
    fu add "Priya Castellanos" --company "Oakline" --email priya@oakline.example --phone "+1 555 0142" >/dev/null
}

# msg FOLDER/new/NAME, the message on standard input.
msg() {
    cat >"$MAIL/$1"
}

sql() {
    fu_sql "$1"
}

@test "mail sync: outbound, reply, Cc and RFC 2047 text from a Maildir" {
    msg Sent/cur/1000.a.host:2,S <<'EOF'
Message-ID: <out1@seller.example>
Date: Mon, 16 Nov 2026 10:00:00 +0000
From: Alex Seller <alex@seller.example>
To: =?UTF-8?Q?Dana_Whitfi=C3=A9ld?= <Dana@Brightwater.example>
Cc: Marco <marco.ilves@northfield.example>, someone@else.example
Subject: An idea for your plans at Brightwater Tools

Hello
EOF
    msg INBOX/new/1001.b.host <<'EOF'
Message-ID: <in1@brightwater.example>
Date: Tue, 17 Nov 2026 09:30:00 -0500
From: =?ISO-8859-1?Q?Dana_Whitfi=E9ld?= <dana@brightwater.example>
To: alex@seller.example
Subject: =?UTF-8?B?UmU6IEFuIGlkZWEg4oCUIG1lcmNp?=

Thanks
EOF
    run --separate-stderr fu mail sync
    assert_status 0
    assert_equal "$output" "Mail: 2 emails, 1 reply logged from 2 sources (2 messages read)." "summary when piped and something was logged"
    run --separate-stderr fu show Dana -o json
    assert_status 0
    assert_equal "$(jq -c '[.touches[] | [.date, .direction, .channel, .purpose, .purpose_inferred, .note, .message_id]]' <<<"$output")" \
        '[["2026-11-16","out","email","value",false,"An idea for your plans at Brightwater Tools","out1@seller.example"],["2026-11-17","in","email",null,false,"Re: An idea — merci","in1@brightwater.example"]]' "Dana's timeline"
    assert_equal "$(sql "SELECT draft_variant FROM touches WHERE message_id = 'out1@seller.example' AND prospect_id = 1")" 0 "the draft it was written from"
    # Marco was on Cc: the email is a touch of his too; its subject matches no
    # draft of his, so its purpose is the day's suggestion, marked inferred.
    run --separate-stderr fu show Marco -o json
    assert_equal "$(jq -c '[.touches[] | [.date, .direction, .purpose, .purpose_inferred]]' <<<"$output")" \
        '[["2026-11-16","out","value",true]]' "Marco's timeline"
    run --separate-stderr fu show Marco
    assert_contains "$output" "value (inferred)" "show marks an inferred purpose"
    assert_equal "$(fu export | jq '[.prospects[].touches[] | select(.purpose_inferred)] | length')" 1 "export keeps purpose_inferred"
    # Its own JSON export brings the ids and the marks back.
    fu export >"$BATS_TEST_TMPDIR/export.json"
    local copy
    copy=$(fu_new_db copy)
    "$FOLLOWUP_BIN" --db "$copy" --today "$TODAY" import "$BATS_TEST_TMPDIR/export.json" >/dev/null
    assert_equal "$(DB=$copy fu_sql 'SELECT prospect_id, message_id, purpose_inferred FROM touches ORDER BY 1, 2')" \
        "$(sql 'SELECT prospect_id, message_id, purpose_inferred FROM touches ORDER BY 1, 2')" "an export imported again"
    # Strangers and Priya (not on the message) got nothing.
    assert_equal "$(sql 'SELECT count(*) FROM touches')" 3 "touches"
    # A re-run reads nothing new and, piped, says nothing.
    run --separate-stderr fu mail sync
    assert_status 0
    assert_equal "$output" "" "a re-run"
    assert_equal "$(sql 'SELECT count(*) FROM touches')" 3 "touches after a re-run"
}

@test "mail sync: out-of-office replies in English, German, French and Spanish hold follow-ups" {
    local n=0 subject
    for subject in "Out of Office: Re: hello" "Abwesenheitsnotiz: Re: hello" \
        "=?UTF-8?Q?R=C3=A9ponse_automatique?= : hello" "=?ISO-8859-1?Q?Respuesta_autom=E1tica?=: hola"; do
        n=$((n + 1))
        msg INBOX/new/200$n.x.host <<EOF
Message-ID: <ooo$n@northfield.example>
Date: Wed, 1$n Nov 2026 08:00:00 +0000
From: Marco <marco.ilves@northfield.example>
To: alex@seller.example
Subject: $subject

I am away.
EOF
    done
    msg INBOX/new/2010.x.host <<'EOF'
Message-ID: <ooo-header@oakline.example>
Date: Mon, 16 Nov 2026 08:00:00 +0000
From: priya@oakline.example
To: alex@seller.example
Subject: Re: hello
X-Autoreply: yes

Away.
EOF
    run --separate-stderr fu mail sync -o json
    assert_status 0
    assert_equal "$(jq -c '[.[] | [.kind, .on, .away_until]]' <<<"$output")" \
        '[["auto-reply","2026-11-11","2026-11-18"],["auto-reply","2026-11-12","2026-11-19"],["auto-reply","2026-11-13","2026-11-20"],["auto-reply","2026-11-14","2026-11-20"],["auto-reply","2026-11-16","2026-11-23"]]' "auto-replies with a 5-business-day hold"
    assert_equal "$(sql "SELECT count(*) FROM touches WHERE direction = 'in' AND out_of_office = 1")" 5 "stored as out-of-office"
    run --separate-stderr fu_on 2026-11-20 due -o json
    assert_equal "$(jq -r '.[] | select(.name == "Priya Castellanos") | .due_on' <<<"$output")" "" "Priya is held"
}

@test "mail sync: a bounce marks the address; show and due --explain say so; edit --email clears it" {
    fu log Dana --channel email --purpose value --date 2026-11-10 >/dev/null
    msg INBOX/new/3001.x.host <<'EOF'
Message-ID: <bounce1@mx.example>
Date: Tue, 10 Nov 2026 10:05:00 +0000
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

Final-Recipient: rfc822; DANA@brightwater.example
Action: failed
Status: 5.1.1

--B--
EOF
    run --separate-stderr fu mail sync -o json
    assert_status 0
    assert_equal "$(jq -c '[.[] | [.kind, .name]]' <<<"$output")" '[["bounce","Dana Whitfield"]]' "the bounce"
    assert_equal "$(sql 'SELECT email_bouncing FROM prospects WHERE id = 1')" 1 "marked"
    run --separate-stderr fu show Dana
    assert_contains "$output" "bouncing" "show"
    run --separate-stderr fu_on 2026-11-30 due --explain
    assert_contains "$output" "bounced" "due --explain"
    [[ "$(fu_on 2026-11-30 due -o json | jq -r '.[] | select(.id == 1) | .suggested_channel')" != email ]] || fail "email still suggested"
    run --separate-stderr fu edit Dana --email dana.w@brightwater.example
    assert_status 0
    assert_equal "$(sql 'SELECT email_bouncing FROM prospects WHERE id = 1')" 0 "cleared by edit --email"
    # The same bounce from another folder does not mark the new address.
    cp "$MAIL/INBOX/new/3001.x.host" "$MAIL/Sent/new/3001.copy.host"
    run --separate-stderr fu mail sync
    assert_equal "$(sql 'SELECT email_bouncing FROM prospects WHERE id = 1')" 0 "still cleared"
}

@test "mail sync: the same message in two folders is logged once; a flag change is no new message" {
    local message='Message-ID: <twice@seller.example>
Date: Mon, 16 Nov 2026 10:00:00 +0000
From: alex@seller.example
To: priya@oakline.example
Subject: Proposal for Oakline

Attached.'
    printf '%s\n' "$message" >"$MAIL/Sent/cur/4001.a.host:2,S"
    printf '%s\n' "$message" >"$MAIL/INBOX/cur/4001.b.host:2,S"
    run --separate-stderr fu mail sync
    assert_status 0
    assert_equal "$(sql 'SELECT count(*) FROM touches WHERE message_id IS NOT NULL')" 1 "one touch"
    mv "$MAIL/Sent/cur/4001.a.host:2,S" "$MAIL/Sent/cur/4001.a.host:2,RS"
    printf '%s\n' "$message" | sed 's/twice@/third@/' >"$MAIL/Archive/cur/4002.c.host:2,S"
    run --separate-stderr fu mail sync
    assert_equal "$output" "" "nothing new"
    assert_equal "$(sql 'SELECT count(*) FROM touches WHERE message_id IS NOT NULL')" 1 "still one touch"
    # A message without a Message-ID is keyed by From, Date and Subject.
    printf '%s\n' "$message" | grep -v Message-ID >"$MAIL/Sent/new/4003.d.host"
    printf '%s\n' "$message" | grep -v Message-ID >"$MAIL/INBOX/new/4003.e.host"
    run --separate-stderr fu mail sync
    assert_equal "$(sql "SELECT count(*) FROM touches WHERE message_id LIKE 'hash:%'")" 1 "one touch without a Message-ID"
}

@test "mail sync: a hand-logged touch is merged; an undone synced touch stays undone" {
    fu log Dana --channel email --purpose proposal --note "sent the quote" --date 2026-11-16 >/dev/null
    msg Sent/cur/5001.a.host:2,S <<'EOF'
Message-ID: <quote@seller.example>
Date: Mon, 16 Nov 2026 15:00:00 +0000
From: alex@seller.example
To: dana@brightwater.example
Subject: Your quote

Attached.
EOF
    run --separate-stderr fu mail sync -o json
    assert_status 0
    assert_equal "$(jq -c '[.[] | [.kind, .merged]]' <<<"$output")" '[["outbound",true]]' "merged"
    assert_equal "$(sql "SELECT purpose || ' ' || note || ' ' || message_id FROM touches WHERE prospect_id = 1")" \
        "proposal sent the quote quote@seller.example" "the hand-logged touch keeps its fields and gains the id"
    # A synced touch undone is not brought back, from any folder.
    msg INBOX/new/5002.b.host <<'EOF'
Message-ID: <reply@brightwater.example>
Date: Tue, 17 Nov 2026 15:00:00 +0000
From: dana@brightwater.example
To: alex@seller.example
Subject: Re: Your quote

Looks good.
EOF
    run --separate-stderr fu mail sync
    assert_equal "$(sql "SELECT count(*) FROM touches WHERE direction = 'in'")" 1 "the reply"
    run --separate-stderr fu log Dana --undo
    assert_status 0
    cp "$MAIL/INBOX/new/5002.b.host" "$MAIL/Sent/new/5002.copy.host"
    run --separate-stderr fu mail sync
    assert_equal "$(sql "SELECT count(*) FROM touches WHERE direction = 'in'")" 0 "undone stays undone"
    assert_equal "$(sql 'SELECT count(*) FROM mail_ignored')" 1 "remembered as ignored"
}

@test "mail sync --dry-run lists and writes nothing; -o json lists what was logged" {
    msg Sent/new/6001.a.host <<'EOF'
Message-ID: <dry@seller.example>
Date: Mon, 16 Nov 2026 10:00:00 +0000
From: alex@seller.example
To: dana@brightwater.example
Subject: Hello

Hi.
EOF
    local before
    before=$(fu_dump)
    run --separate-stderr fu mail sync --dry-run
    assert_status 0
    assert_contains "$output" "Dana Whitfield" "listed"
    assert_contains "$output" "would be logged" "the summary"
    assert_equal "$(fu_dump)" "$before" "nothing written"
    run --separate-stderr fu mail sync --dry-run -o json
    assert_equal "$(jq length <<<"$output")" 1 "dry-run json"
    run --separate-stderr fu mail sync -o json
    assert_equal "$(jq -r '.[0].message_id' <<<"$output")" "dry@seller.example" "json"
    run --separate-stderr fu mail sync -o json
    assert_equal "$output" "[]" "json when nothing is new"
}

@test "mail sync: a missing folder is a one-line error; the other sources are still synced" {
    cat >"$HOME/.config/followup/config.toml" <<EOF
[mail]
me = ["alex@seller.example"]
maildir = ["$MAIL/Nowhere", "$MAIL/Sent"]
EOF
    msg Sent/new/7001.a.host <<'EOF'
Message-ID: <ok@seller.example>
Date: Mon, 16 Nov 2026 10:00:00 +0000
From: alex@seller.example
To: dana@brightwater.example
Subject: Hello

Hi.
EOF
    run --separate-stderr fu mail sync
    assert_status 1
    assert_equal "$stderr" "followup: maildir $MAIL/Nowhere: not a Maildir folder (no new/ and cur/ in it)" "the error"
    assert_equal "$(sql 'SELECT count(*) FROM touches WHERE message_id IS NOT NULL')" 1 "the other source"
    # Without sources or without `me`: an error saying what to set.
    echo '[mail]' >"$HOME/.config/followup/config.toml"
    run --separate-stderr fu mail sync
    assert_status 1
    assert_contains "$stderr" "no mail sources" "no sources"
}

@test "mail sync: hostile messages are skipped with a warning naming them; the good ones commit" {
    msg INBOX/new/8001.good.host <<'EOF'
Message-ID: <good@brightwater.example>
Date: Mon, 16 Nov 2026 10:00:00 +0000
From: dana@brightwater.example
To: alex@seller.example
Subject: Fine

Fine.
EOF
    # Year 9999, no date, an unreadable date.
    printf 'Message-ID: <y9999@brightwater.example>\nDate: Fri, 31 Dec 9999 23:59:59 +0000\nFrom: dana@brightwater.example\nSubject: far\n\nx\n' >"$MAIL/INBOX/new/8002.future.host"
    printf 'Message-ID: <nodate@brightwater.example>\nFrom: dana@brightwater.example\nSubject: when\n\nx\n' >"$MAIL/INBOX/new/8003.nodate.host"
    printf 'Message-ID: <baddate@brightwater.example>\nDate: someday soon\nFrom: dana@brightwater.example\n\nx\n' >"$MAIL/INBOX/new/8004.baddate.host"
    # Malformed headers and invalid encodings.
    printf 'From dana@brightwater.example\n::::\n\x00\x01\nFrom: <<<@>>>\nTo: ,,,\n\nx\n' >"$MAIL/INBOX/new/8005.malformed.host"
    printf 'Message-ID: <enc@brightwater.example>\nDate: Mon, 16 Nov 2026 11:00:00 +0000\nFrom: =?UTF-8?B?////?= <dana@brightwater.example>\nSubject: =?X-UNKNOWN?Q?=FF=FE?= \xff\xfe caf\xe9\n\nx\n' >"$MAIL/INBOX/new/8006.encoding.host"
    # A 1 MB header line, and a header block over the limit.
    { printf 'Message-ID: <long@brightwater.example>\nDate: Mon, 16 Nov 2026 12:00:00 +0000\nFrom: dana@brightwater.example\nSubject: '; head -c 1048576 /dev/zero | tr '\0' 'a'; printf '\n\nx\n'; } >"$MAIL/INBOX/new/8007.long.host"
    { printf 'From: dana@brightwater.example\nX-Junk: '; head -c 5000000 /dev/zero | tr '\0' 'b'; printf '\n\nx\n'; } >"$MAIL/INBOX/new/8008.huge.host"
    # 10,000 recipients, two of them prospects.
    { printf 'Message-ID: <many@seller.example>\nDate: Mon, 16 Nov 2026 13:00:00 +0000\nFrom: alex@seller.example\nTo: priya@oakline.example'
      for i in $(seq 1 9998); do printf ',\n person%d@crowd.example' "$i"; done
      printf ',\n Marco.Ilves@northfield.example\nSubject: To everyone\n\nx\n'; } >"$MAIL/Sent/new/8009.many.host"
    run --separate-stderr fu mail sync -o json
    assert_status 0
    assert_equal "$(jq -c '[.[] | [.message, .kind, .name]] | sort' <<<"$output")" \
        '[["8001.good.host","reply","Dana Whitfield"],["8006.encoding.host","reply","Dana Whitfield"],["8007.long.host","reply","Dana Whitfield"],["8009.many.host","outbound","Marco Ilves"],["8009.many.host","outbound","Priya Castellanos"]]' "what was logged"
    assert_contains "$stderr" "message 8002.future.host <y9999@brightwater.example>: skipped: its Date is in the future" "year 9999"
    assert_contains "$stderr" "message 8003.nodate.host <nodate@brightwater.example>: skipped: it has no Date header" "no date"
    assert_contains "$stderr" "message 8004.baddate.host <baddate@brightwater.example>: skipped: its Date header cannot be read" "bad date"
    assert_contains "$stderr" "message 8008.huge.host: skipped: its header is over 4 MB" "huge header"
    assert_equal "$(sql 'SELECT CASE WHEN max(length(note)) <= 503 THEN 1 ELSE 0 END FROM touches')" 1 "notes are cut"
    [[ $FOLLOWUP_TEST_BACKEND != sqlite ]] || assert_equal "$(sql 'PRAGMA integrity_check')" ok "integrity"
    # Skipped messages are not read again.
    run --separate-stderr fu mail sync
    assert_equal "$stderr" "" "no warnings on a re-run"
}

@test "mail sync: SIGKILL after the first batch committed, then a clean re-run logs the rest once" {
    sqlite_only "restores the database file between kill attempts and checks its integrity"
    local rows=${FOLLOWUP_E2E_MAIL_ROWS:-3000}
    rm -rf "$MAIL/INBOX" "$MAIL/Sent"
    "$FOLLOWUP_SOURCE_DIR/tests/mail/generate-maildir" "$MAIL/INBOX" --messages "$rows" \
        --prospects 40 --correspondents 200 --csv "$BATS_TEST_TMPDIR/prospects.csv"
    mkdir -p "$MAIL/Sent"/{new,cur,tmp}
    fu import "$BATS_TEST_TMPDIR/prospects.csv" >/dev/null 2>&1
    cp "$DB" "$BATS_TEST_TMPDIR/seed.db"
    # The whole sync in one go: what the interrupted one must end up with.
    run --separate-stderr fu mail sync
    assert_status 0
    local whole
    whole=$(sql 'SELECT prospect_id, message_id, direction, on_date FROM touches WHERE message_id IS NOT NULL ORDER BY 1, 2')
    [[ -n "$whole" ]] || fail "nothing synced"
    # Killed once the first batch (500 messages) is committed, before the
    # last; on a machine so busy that a whole sync slipped between two looks,
    # again.
    local attempt pid seen=0
    for attempt in 1 2 3 4 5; do
        rm -f "$DB" "$DB-wal" "$DB-shm"
        cp "$BATS_TEST_TMPDIR/seed.db" "$DB"
        # The binary itself in the background (not the fu function's subshell), so the kill reaches it.
        "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" mail sync >/dev/null 2>&1 &
        pid=$!
        seen=0
        while kill -0 "$pid" 2>/dev/null; do
            seen=$(sqlite3 "$DB" 'SELECT count(*) FROM maildir_seen' 2>/dev/null || echo 0)
            if ((seen >= 500)); then
                kill -9 "$pid" 2>/dev/null || true
                break
            fi
        done
        wait "$pid" || true
        seen=$(sqlite3 "$DB" 'SELECT count(*) FROM maildir_seen')
        ((seen >= 500 && seen < rows)) && break
    done
    ((seen >= 500 && seen < rows)) || fail "no kill landed between the first and the last batch in 5 tries (last: $seen seen)"
    echo "# killed with $seen of $rows messages committed (attempt $attempt)" >&3
    assert_equal "$(sql 'PRAGMA integrity_check')" ok "integrity after the kill"
    run --separate-stderr fu mail sync
    assert_status 0
    assert_equal "$(sql 'SELECT prospect_id, message_id, direction, on_date FROM touches WHERE message_id IS NOT NULL ORDER BY 1, 2')" \
        "$whole" "the same touches as one uninterrupted sync"
}

@test "mail sync --help, and the config shows the [mail] keys" {
    run --separate-stderr fu mail sync --help
    assert_status 0
    assert_contains "$output" "--dry-run" "help"
    run --separate-stderr fu config -o json
    assert_equal "$(jq -r '.[] | select(.key == "mail.ooo_hold") | .value' <<<"$output")" 5 "ooo_hold default"
    assert_equal "$(jq -r '.[] | select(.key == "mail.maildir") | .value' <<<"$output")" \
        "[\"$HOME/../Mail/INBOX\", \"$MAIL/Sent\"]" "maildir with ~ expanded"
    run --separate-stderr fu mail
    assert_status 2
}

@test "mail sync on a terminal: one summary line, also when nothing is new" {
    command -v script >/dev/null || skip "script(1) is not installed"
    local command
    command=$(printf '%q ' "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" mail sync)
    script -qec "$command" /dev/null </dev/null >"$BATS_TEST_TMPDIR/tty.out" || fail "mail sync on a terminal failed"
    assert_equal "$(tr -d '\r' <"$BATS_TEST_TMPDIR/tty.out")" \
        "Mail: nothing new to log from 2 sources (0 messages read)." "the line on a terminal"
}
