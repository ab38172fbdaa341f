#include "schema.hpp"

#include <array>

namespace followup::schema {

namespace {

constexpr std::string_view version_1 = R"sql(
CREATE TABLE prospects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    company TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    preferred_channel TEXT,
    stage TEXT NOT NULL DEFAULT 'lead' CHECK (stage IN ('lead', 'engaged', 'proposal')),
    value INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),
    top_priority TEXT NOT NULL DEFAULT '',
    cadence TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_on TEXT NOT NULL,
    first_touch_on TEXT,
    outcome TEXT CHECK (outcome IN ('won', 'lost')),
    closed_on TEXT,
    close_note TEXT NOT NULL DEFAULT '',
    cooling_since TEXT,
    cooling_until TEXT,
    next_on TEXT,
    next_reason TEXT
) STRICT;
CREATE UNIQUE INDEX prospects_identity ON prospects (name COLLATE NOCASE, company COLLATE NOCASE);
CREATE INDEX prospects_next_on ON prospects (next_on) WHERE next_on IS NOT NULL;
CREATE INDEX prospects_email ON prospects (email COLLATE NOCASE) WHERE email <> '';
CREATE INDEX prospects_cooling ON prospects (cooling_until) WHERE cooling_until IS NOT NULL;

CREATE TABLE tags (
    prospect_id INTEGER NOT NULL REFERENCES prospects (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (prospect_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX tags_by_tag ON tags (tag);

CREATE TABLE touches (
    id INTEGER PRIMARY KEY,
    prospect_id INTEGER NOT NULL REFERENCES prospects (id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
    channel TEXT NOT NULL,
    purpose TEXT,
    note TEXT NOT NULL DEFAULT '',
    next_step_on TEXT,
    out_of_office INTEGER NOT NULL DEFAULT 0,
    away_until TEXT,
    logged_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX touches_by_prospect ON touches (prospect_id, on_date, id);

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
)sql";

// `due` and `stats` read each prospect's touches in order but never their
// notes: with every other column in the index they never visit the table,
// and a prospect's touches sit together in a few index pages. Shell
// completion lists the names of open prospects, in order, from an index of
// just those.
constexpr std::string_view version_2 = R"sql(
DROP INDEX touches_by_prospect;
CREATE INDEX touches_by_prospect ON touches (prospect_id, on_date, id, direction, channel,
    purpose, next_step_on, out_of_office, away_until);
CREATE INDEX prospects_open_names ON prospects (name COLLATE NOCASE) WHERE outcome IS NULL;
)sql";

// `due` and `stats` read no touches. Each open prospect keeps, beside its
// next action, the day-independent rest of its assessment and the suggested
// next touch (empty here: the next write stores them all, and until then
// commands read histories, as after a change of config). Each
// outbound touch knows whether it was answered: the next touch of that
// prospect, out-of-office replies aside, is a reply. touch_tally sums touches
// by day and kind, so `stats` reads a few thousand rows: Store::add_touch,
// the one way touches are added, counts each (a trigger frame per insert
// cost 20,000 instructions); triggers take back deleted and changed ones.
// The prospects table is rebuilt (foreign keys are off while migrating) to
// add the columns and to write the CHECKs as comparisons: for `IN (...)`
// SQLite builds a temporary table on every insert, a quarter of an import.
// prospects_due replaces prospects_next_on and holds every column `due`
// shows or ranks by: the rows due on a day sit together in a few pages of
// it, however large the table (at 1M prospects, 300 rows of the table are
// 300 pages; of this index, about 15).
constexpr std::string_view version_3 = R"sql(
CREATE TABLE prospects_v3 (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    company TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    preferred_channel TEXT,
    stage TEXT NOT NULL DEFAULT 'lead'
        CHECK (stage = 'lead' OR stage = 'engaged' OR stage = 'proposal'),
    value INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),
    top_priority TEXT NOT NULL DEFAULT '',
    cadence TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_on TEXT NOT NULL,
    first_touch_on TEXT,
    outcome TEXT CHECK (outcome = 'won' OR outcome = 'lost'),
    closed_on TEXT,
    close_note TEXT NOT NULL DEFAULT '',
    cooling_since TEXT,
    cooling_until TEXT,
    next_on TEXT,
    next_reason TEXT,
    next_channel TEXT,
    next_purpose TEXT,
    last_touch_on TEXT,
    last_reply_on TEXT,
    breakup_ready INTEGER NOT NULL DEFAULT 0,
    nurture_from TEXT
) STRICT;
INSERT INTO prospects_v3 (id, name, company, email, phone, preferred_channel, stage, value,
                          top_priority, cadence, notes, created_on, first_touch_on, outcome,
                          closed_on, close_note, cooling_since, cooling_until, next_on,
                          next_reason)
SELECT id, name, company, email, phone, preferred_channel, stage, value, top_priority, cadence,
       notes, created_on, first_touch_on, outcome, closed_on, close_note, cooling_since,
       cooling_until, next_on, next_reason
FROM prospects;
DROP TABLE prospects;
ALTER TABLE prospects_v3 RENAME TO prospects;
CREATE UNIQUE INDEX prospects_identity ON prospects (name COLLATE NOCASE, company COLLATE NOCASE);
CREATE INDEX prospects_due ON prospects (next_on, id, outcome, name, company, stage, value,
    top_priority, cooling_until, next_reason, last_touch_on, last_reply_on, breakup_ready,
    nurture_from, next_channel, next_purpose) WHERE next_on IS NOT NULL;
CREATE INDEX prospects_email ON prospects (email COLLATE NOCASE) WHERE email <> '';
CREATE INDEX prospects_cooling ON prospects (cooling_until) WHERE cooling_until IS NOT NULL;
CREATE INDEX prospects_open_names ON prospects (name COLLATE NOCASE) WHERE outcome IS NULL;

ALTER TABLE touches ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
UPDATE touches SET answered = 1
FROM (SELECT id, lead(direction) OVER (PARTITION BY prospect_id ORDER BY on_date, id) IS 'in'
                 AS replied
      FROM touches WHERE direction = 'out' OR out_of_office = 0) AS later
WHERE touches.id = later.id AND touches.direction = 'out' AND later.replied;

CREATE TABLE touch_tally (
    on_date TEXT NOT NULL,
    direction TEXT NOT NULL,
    channel TEXT NOT NULL,
    purpose TEXT NOT NULL, -- '' for none
    out_of_office INTEGER NOT NULL,
    touches INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    with_next_step INTEGER NOT NULL,
    PRIMARY KEY (on_date, direction, channel, purpose, out_of_office)
) STRICT, WITHOUT ROWID;
INSERT INTO touch_tally
SELECT on_date, direction, channel, coalesce(purpose, ''), out_of_office, count(*), sum(answered),
       count(next_step_on)
FROM touches GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER touch_tally_remove AFTER DELETE ON touches BEGIN
    UPDATE touch_tally
    SET touches = touches - 1, answered = answered - OLD.answered,
        with_next_step = with_next_step - (OLD.next_step_on IS NOT NULL)
    WHERE on_date = OLD.on_date AND direction = OLD.direction AND channel = OLD.channel
      AND purpose = coalesce(OLD.purpose, '') AND out_of_office = OLD.out_of_office;
    DELETE FROM touch_tally
    WHERE on_date = OLD.on_date AND direction = OLD.direction AND channel = OLD.channel
      AND purpose = coalesce(OLD.purpose, '') AND out_of_office = OLD.out_of_office
      AND touches = 0;
END;
CREATE TRIGGER touch_tally_change
AFTER UPDATE OF on_date, direction, channel, purpose, out_of_office, answered, next_step_on
ON touches BEGIN
    UPDATE touch_tally
    SET touches = touches - 1, answered = answered - OLD.answered,
        with_next_step = with_next_step - (OLD.next_step_on IS NOT NULL)
    WHERE on_date = OLD.on_date AND direction = OLD.direction AND channel = OLD.channel
      AND purpose = coalesce(OLD.purpose, '') AND out_of_office = OLD.out_of_office;
    INSERT INTO touch_tally
    VALUES (NEW.on_date, NEW.direction, NEW.channel, coalesce(NEW.purpose, ''), NEW.out_of_office,
            1, NEW.answered, NEW.next_step_on IS NOT NULL)
    ON CONFLICT DO UPDATE SET touches = touches + 1, answered = answered + excluded.answered,
                              with_next_step = with_next_step + excluded.with_next_step;
    DELETE FROM touch_tally
    WHERE on_date = OLD.on_date AND direction = OLD.direction AND channel = OLD.channel
      AND purpose = coalesce(OLD.purpose, '') AND out_of_office = OLD.out_of_office
      AND touches = 0;
END;
)sql";

// Conversations (direction 'both': a call that got through, a meeting held)
// count as answered attempts: touches is rebuilt to let its CHECK admit them
// (SQLite cannot change a CHECK in place), with the channel a booked step is
// to happen on, and its triggers and covering index made again. Prospects
// learn where else they can be reached (a postal address, a social profile,
// a referrer) and keep a snooze. The rules that turn histories into
// standings changed with this version, so the stored ones are marked stale:
// the next write works them all out again, and reads compute them until then.
constexpr std::string_view version_4 = R"sql(
ALTER TABLE prospects ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE prospects ADD COLUMN social TEXT NOT NULL DEFAULT '';
ALTER TABLE prospects ADD COLUMN referrer TEXT NOT NULL DEFAULT '';
ALTER TABLE prospects ADD COLUMN snoozed_on TEXT;
ALTER TABLE prospects ADD COLUMN snooze_until TEXT;

CREATE TABLE touches_v4 (
    id INTEGER PRIMARY KEY,
    prospect_id INTEGER NOT NULL REFERENCES prospects (id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction = 'out' OR direction = 'in' OR direction = 'both'),
    channel TEXT NOT NULL,
    purpose TEXT,
    note TEXT NOT NULL DEFAULT '',
    next_step_on TEXT,
    out_of_office INTEGER NOT NULL DEFAULT 0,
    away_until TEXT,
    logged_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    answered INTEGER NOT NULL DEFAULT 0,
    next_step_channel TEXT
) STRICT;
INSERT INTO touches_v4 (id, prospect_id, on_date, direction, channel, purpose, note, next_step_on,
                        out_of_office, away_until, logged_at, answered)
SELECT id, prospect_id, on_date, direction, channel, purpose, note, next_step_on, out_of_office,
       away_until, logged_at, answered
FROM touches;
DROP TABLE touches;
ALTER TABLE touches_v4 RENAME TO touches;
CREATE INDEX touches_by_prospect ON touches (prospect_id, on_date, id, direction, channel,
    purpose, next_step_on, out_of_office, away_until, next_step_channel);

CREATE TRIGGER touch_tally_remove AFTER DELETE ON touches BEGIN
    UPDATE touch_tally
    SET touches = touches - 1, answered = answered - OLD.answered,
        with_next_step = with_next_step - (OLD.next_step_on IS NOT NULL)
    WHERE on_date = OLD.on_date AND direction = OLD.direction AND channel = OLD.channel
      AND purpose = coalesce(OLD.purpose, '') AND out_of_office = OLD.out_of_office;
    DELETE FROM touch_tally
    WHERE on_date = OLD.on_date AND direction = OLD.direction AND channel = OLD.channel
      AND purpose = coalesce(OLD.purpose, '') AND out_of_office = OLD.out_of_office
      AND touches = 0;
END;
CREATE TRIGGER touch_tally_change
AFTER UPDATE OF on_date, direction, channel, purpose, out_of_office, answered, next_step_on
ON touches BEGIN
    UPDATE touch_tally
    SET touches = touches - 1, answered = answered - OLD.answered,
        with_next_step = with_next_step - (OLD.next_step_on IS NOT NULL)
    WHERE on_date = OLD.on_date AND direction = OLD.direction AND channel = OLD.channel
      AND purpose = coalesce(OLD.purpose, '') AND out_of_office = OLD.out_of_office;
    INSERT INTO touch_tally
    VALUES (NEW.on_date, NEW.direction, NEW.channel, coalesce(NEW.purpose, ''), NEW.out_of_office,
            1, NEW.answered, NEW.next_step_on IS NOT NULL)
    ON CONFLICT DO UPDATE SET touches = touches + 1, answered = answered + excluded.answered,
                              with_next_step = with_next_step + excluded.with_next_step;
    DELETE FROM touch_tally
    WHERE on_date = OLD.on_date AND direction = OLD.direction AND channel = OLD.channel
      AND purpose = coalesce(OLD.purpose, '') AND out_of_office = OLD.out_of_office
      AND touches = 0;
END;

DELETE FROM meta WHERE key = 'next_action_config' OR key = 'standing_config';
)sql";

// A booked next step can have a local time ('HH:MM'), a length in minutes
// and the UID of its calendar event (a random UUID, kept so a re-export
// updates the same event); so can a first touch (`add --next DATE TIME`). Both covering indexes are
// made again with the new columns: touches_by_prospect so histories without notes still never visit
// the table, prospects_due with the next action's time (next_time) so `due` ranks a day's meetings
// by time from the index alone. calendar_events remembers what `followup calendar` last wrote for
// each event (booked steps, and due follow-ups with --due) so that the next export raises SEQUENCE
// only for events that changed, and writes an event that is gone (fulfilled, cancelled) once as
// STATUS:CANCELLED.
constexpr std::string_view version_5 = R"sql(
CREATE TABLE calendar_events (
    uid TEXT PRIMARY KEY,
    prospect_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind = 'booked' OR kind = 'due'),
    sequence INTEGER NOT NULL DEFAULT 0,
    start TEXT NOT NULL, -- YYYY-MM-DD or YYYY-MM-DDTHH:MM (local)
    minutes INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status = 'confirmed' OR status = 'cancelled')
) STRICT, WITHOUT ROWID;

ALTER TABLE touches ADD COLUMN next_step_time TEXT;
ALTER TABLE touches ADD COLUMN next_step_minutes INTEGER;
ALTER TABLE touches ADD COLUMN next_step_uid TEXT;
DROP INDEX touches_by_prospect;
CREATE INDEX touches_by_prospect ON touches (prospect_id, on_date, id, direction, channel,
    purpose, next_step_on, out_of_office, away_until, next_step_channel, next_step_time,
    next_step_minutes, next_step_uid);

ALTER TABLE prospects ADD COLUMN first_touch_time TEXT;
ALTER TABLE prospects ADD COLUMN next_time TEXT;
DROP INDEX prospects_due;
CREATE INDEX prospects_due ON prospects (next_on, id, outcome, name, company, stage, value,
    top_priority, cooling_until, next_reason, last_touch_on, last_reply_on, breakup_ready,
    nurture_from, next_channel, next_purpose, next_time) WHERE next_on IS NOT NULL;
)sql";

// Which built-in variant of a draft each attempt was written from, so the next
// draft of the same purpose in the streak takes the one after it. Not in
// touches_by_prospect: only drafting reads it, with the notes.
constexpr std::string_view version_6 = R"sql(
ALTER TABLE touches ADD COLUMN draft_variant INTEGER CHECK (draft_variant >= 0);
)sql";

// Mail (`followup mail sync`). A synced touch keeps its message's Message-ID
// (or "hash:..." of From, Date and Subject for a message without one); one
// message is at most one touch per prospect (an email to two prospects is a
// touch of each), so the unique index is on both. purpose_inferred: the
// purpose was the day's suggestion, not a matching draft. A prospect's email
// can be marked bouncing (cleared when the email is edited). mail_ignored
// holds the messages a sync must not log again for a prospect: synced
// touches undone with `log --undo`, and bounces already applied.
// mail_sources keeps each source's position: for IMAP the folder's
// UIDVALIDITY and the last UID read, for a Maildir the modification times
// (ns) of its new/ and cur/ folders when last read, so a sync with nothing
// new costs two stat calls; maildir_seen holds the base names (before ':')
// of the Maildir files already read.
constexpr std::string_view version_7 = R"sql(
ALTER TABLE touches ADD COLUMN message_id TEXT;
ALTER TABLE touches ADD COLUMN purpose_inferred INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX touches_by_message ON touches (message_id, prospect_id)
    WHERE message_id IS NOT NULL;
ALTER TABLE prospects ADD COLUMN email_bouncing INTEGER NOT NULL DEFAULT 0;

CREATE TABLE mail_ignored (
    message_id TEXT NOT NULL,
    prospect_id INTEGER NOT NULL REFERENCES prospects (id) ON DELETE CASCADE,
    PRIMARY KEY (message_id, prospect_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX mail_ignored_by_prospect ON mail_ignored (prospect_id);

CREATE TABLE mail_sources (
    source TEXT PRIMARY KEY,
    uidvalidity INTEGER NOT NULL DEFAULT 0,
    last_uid INTEGER NOT NULL DEFAULT 0,
    new_mtime INTEGER NOT NULL DEFAULT 0,
    cur_mtime INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE maildir_seen (
    source TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (source, name)
) STRICT, WITHOUT ROWID;
)sql";

// Team settings (cadences, holidays, business days, break-up and cool-down
// rules) kept in the database, set with `followup config --set`: the TOML
// value as config.toml would hold it, who set it and on which day. On a
// shared PostgreSQL database they are the team's; on a file they override
// the user's config.toml.
constexpr std::string_view version_8 = R"sql(
CREATE TABLE team_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_on TEXT NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

constexpr std::array<Migration, 8> all = {{{1, version_1},
                                           {2, version_2},
                                           {3, version_3},
                                           {4, version_4},
                                           {5, version_5},
                                           {6, version_6},
                                           {7, version_7},
                                           {8, version_8}}};

} // namespace

std::span<const Migration> migrations() {
    return all;
}

} // namespace followup::schema
