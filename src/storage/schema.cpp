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

constexpr std::array<Migration, 2> all = {{{1, version_1}, {2, version_2}}};

} // namespace

std::span<const Migration> migrations() {
    return all;
}

} // namespace followup::schema
