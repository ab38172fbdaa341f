#pragma once

#include "followup/date.hpp"
#include "followup/model.hpp"

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace followup {

// Everything the timing rules and suggestions depend on. Defaults are
// PRODUCT.md's; a config file overrides any of them.
struct Config {
    std::map<std::string, std::vector<int>> cadences = {{"default", {2, 3, 5, 7, 10}}};
    std::map<std::string, std::string> cadence_by_tag;
    bool business_days = true;
    int first_touch = 0;
    int after_reply = 2;
    int nurture_every = 60;
    int nurture_after_reversing = 10;
    std::set<Date> holidays;
    int daily_capacity = 0;
    int breakup_after = 5;
    std::set<Stage> invested = {Stage::engaged, Stage::proposal};
    std::string template_path;
    Duration cooldown_default{30, Duration::Unit::days};
    int overheat_touches = 3;
    Duration overheat_within{7, Duration::Unit::days};
    std::string sender_name;
    // [mail]: personal settings for `followup mail sync`. They never feed next
    // actions, so fingerprint() leaves them out.
    std::vector<std::string> mail_me;      // the user's own addresses
    std::vector<std::string> mail_maildir; // Maildir folders (~ expanded when loaded)
    std::vector<std::string> mail_imap;    // IMAP folder URLs
    std::string mail_password_command;
    int mail_ooo_hold = 5; // business days an automatic reply holds follow-ups

    BusinessCalendar calendar() const { return BusinessCalendar(business_days, holidays); }

    // The cadence a prospect follows: its own, else the first of its tags
    // named in cadence_by_tag, else "default". Unknown names fall back to default.
    const std::vector<int>& cadence_for(const Prospect& prospect) const;

    // Changes whenever a value that feeds next_action changes, so stored next
    // actions can be recognised as stale.
    std::string fingerprint() const;
};

// A team setting as the database keeps it (schema 8, `followup config
// --set`): its key ("schedule.after_reply"), its value as config.toml would
// hold it ("3"), who set it and on which day (YYYY-MM-DD).
struct TeamSetting {
    std::string key;
    std::string value;
    std::string set_by;
    std::string set_on;
    bool operator==(const TeamSetting&) const = default;
};

} // namespace followup
