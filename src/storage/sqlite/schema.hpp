#pragma once

#include <span>
#include <string_view>

namespace followup::schema {

// Marks the file as ours (PRAGMA application_id): "FlwU".
inline constexpr int application_id = 0x466c7755;

// Migration N takes a database from user_version N-1 to N. Never edit one
// that has shipped; add the next, with a fixture of the version before it.
struct Migration {
    int version;
    std::string_view sql;
};

std::span<const Migration> migrations();

} // namespace followup::schema
