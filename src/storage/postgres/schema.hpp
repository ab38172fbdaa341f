#pragma once

#include <span>
#include <string_view>

namespace followup::pg_schema {

// Migration N takes a PostgreSQL database from schema N-1 to N, numbered in
// step with SQLite's (current_schema_version()). PostgreSQL databases start
// at 6: its script makes the whole schema of that version. Never edit one
// that has shipped; add the next.
struct Migration {
    int version;
    std::string_view sql;
};

std::span<const Migration> migrations();

// SQL for the ASCII-only case fold followup compares names, companies and
// emails with (see schema.cpp).
#define FOLLOWUP_PG_FOLD(column)                                                                   \
    "translate(" column ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"

} // namespace followup::pg_schema
