// followup-bench-generate: deterministic data for the benchmarks (bench/run).
//
//   followup-bench-generate db PATH PROSPECTS [--today DATE] [--due 300]
//                              [--touches-per 10] [--batch 20000] [--seed 1]
//       A followup database of PROSPECTS prospects and exactly touches-per ×
//       PROSPECTS touches, written through followup's own Store API in large
//       write() transactions, with a realistic mix of states and EXACTLY --due
//       prospects due on --today (next action on or before it). Next actions
//       are computed with assess() and stored with add_prospect(), so the
//       file is what followup itself would have written under the config that
//       load_config() finds (bench/run points it at no config: the defaults).
//       Every id divisible by 97 is an open prospect (targets for `log`).
//   followup-bench-generate csv PATH ROWS [--today DATE] [--seed 2]
//       A CRM-style CSV export (HubSpot-like header) for `followup import`.
//   followup-bench-generate tasks PATH COUNT [--today DATE] [--seed 3]
//       Taskwarrior JSON (one object per line) of COUNT pending tasks with due
//       dates, for `task import`.
//   followup-bench-generate check PATH [--today DATE]
//       Exit 1 when the stored next actions of a sample of PATH's prospects
//       (every prospect due on DATE, and an even spread of the rest)
//       differ from what this build's assess() computes: the data was made by
//       an older state model and must be generated again.
//   followup-bench-generate version
//       "data D schema S": bench/run regenerates its cached data when either
//       changes. Bump data_version whenever the generated data changes.
//
// Everything is a pure function of the arguments: the same command makes the
// same data on any machine.

#include "followup/advice.hpp"
#include "followup/config_file.hpp"
#include "followup/date.hpp"
#include "followup/error.hpp"
#include "followup/schedule.hpp"
#include "followup/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fu = followup;

namespace {

constexpr int data_version = 1;

// ---------------------------------------------------------------- randomness

// splitmix64: tiny, fast, and the same everywhere.
class Rng {
public:
    explicit Rng(std::uint64_t seed)
        : state_(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Inclusive range.
    int uniform(int lo, int hi) {
        return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
    template <typename T, std::size_t N>
    const T& pick(const std::array<T, N>& items) {
        return items[next() % N];
    }

private:
    std::uint64_t state_;
};

// ---------------------------------------------------------------- vocabulary

constexpr std::array<std::string_view, 100> first_names = {
    "Ann",    "Ben",     "Carla",   "David",  "Elena",  "Farid",  "Grace",   "Hiro",    "Ines",
    "Jonas",  "Kara",    "Liam",    "Maria",  "Nadia",  "Omar",   "Priya",   "Quentin", "Rosa",
    "Sam",    "Tariq",   "Uma",     "Victor", "Wen",    "Ximena", "Yusuf",   "Zoe",     "Aaron",
    "Bianca", "Chen",    "Dana",    "Emil",   "Fatima", "Gustav", "Hana",    "Ivan",    "Julia",
    "Kenji",  "Lena",    "Marco",   "Nora",   "Oscar",  "Paula",  "Rafael",  "Sofia",   "Tom",
    "Ursula", "Valeria", "Walter",  "Yara",   "Zeynep", "Adele",  "Bruno",   "Clara",   "Dmitri",
    "Eva",    "Felix",   "Greta",   "Hugo",   "Irene",  "Jakob",  "Katja",   "Luis",    "Mona",
    "Nils",   "Olga",    "Pedro",   "Rita",   "Stefan", "Tina",   "Ulrich",  "Vera",    "Wim",
    "Yasmin", "Amara",   "Boris",   "Celine", "Diego",  "Esther", "Frank",   "Gloria",  "Henrik",
    "Isabel", "Joao",    "Kofi",    "Lucia",  "Mateo",  "Nina",   "Otto",    "Pia",     "Ravi",
    "Sara",   "Theo",    "Vanessa", "Xavier", "Yann",   "Aiko",   "Bastian", "Chloe",   "Dario",
    "Elif"};

constexpr std::array<std::string_view, 100> last_names = {
    "Lee",      "Garcia",   "Muller",   "Rossi",    "Nakamura", "Okafor",      "Silva",
    "Novak",    "Jensen",   "Kowalski", "Haddad",   "Dubois",   "Schmidt",     "Costa",
    "Ivanova",  "Park",     "Singh",    "Patel",    "Nguyen",   "Yilmaz",      "Andersen",
    "Fischer",  "Moreau",   "Bianchi",  "Tanaka",   "Mensah",   "Pereira",     "Horvat",
    "Nielsen",  "Nowak",    "Khalil",   "Laurent",  "Weber",    "Ferreira",    "Petrova",
    "Kim",      "Sharma",   "Shah",     "Tran",     "Demir",    "Berg",        "Wagner",
    "Lambert",  "Romano",   "Suzuki",   "Owusu",    "Santos",   "Kovac",       "Larsen",
    "Wojcik",   "Mansour",  "Girard",   "Becker",   "Almeida",  "Smirnova",    "Choi",
    "Gupta",    "Mehta",    "Pham",     "Kaya",     "Lund",     "Hoffmann",    "Fontaine",
    "Greco",    "Watanabe", "Boateng",  "Oliveira", "Blazevic", "Hansen",      "Kaminski",
    "Nasser",   "Bonnet",   "Schulz",   "Ribeiro",  "Volkova",  "Jung",        "Reddy",
    "Desai",    "Le",       "Celik",    "Holm",     "Koch",     "Mercier",     "Marino",
    "Ito",      "Asante",   "Carvalho", "Babic",    "Pedersen", "Lewandowski", "Saleh",
    "Rousseau", "Richter",  "Gomes",    "Morozova", "Kang",     "Iyer",        "Joshi",
    "Vu",       "Aydin"};

constexpr std::array<std::string_view, 40> company_words = {
    "Northwind",  "Contoso",   "Acme",     "Globex",   "Initech",    "Umbrella",  "Stark",
    "Wayne",      "Hooli",     "Vandelay", "Soylent",  "Tyrell",     "Cyberdyne", "Aperture",
    "Black Mesa", "Gringotts", "Monarch",  "Oscorp",   "Pied Piper", "Prestige",  "Sirius",
    "Wonka",      "Zorg",      "Blue Sun", "Gekko",    "Lacuna",     "Massive",   "Nakatomi",
    "Octan",      "Virtucon",  "Weyland",  "Yoyodyne", "Axiom",      "Bluth",     "Cobalt",
    "Dunder",     "Ecto",      "Fjord",    "Helio",    "Ironwood"};

constexpr std::array<std::string_view, 25> company_suffixes = {
    "Labs",     "Logistics", "Foods",    "Health",    "Capital",    "Systems",  "Media",
    "Robotics", "Energy",    "Partners", "Software",  "Retail",     "Holdings", "Analytics",
    "Studios",  "Biotech",   "Freight",  "Insurance", "Consulting", "Dynamics", "Networks",
    "Textiles", "Farms",     "Aviation", "Security"};

constexpr std::array<std::string_view, 12> priorities = {"cutting churn before renewal season",
                                                         "hiring two engineers by Q1",
                                                         "replacing their legacy ERP",
                                                         "SOC 2 audit in March",
                                                         "opening the Lisbon office",
                                                         "getting the board deck out",
                                                         "lower cloud spend",
                                                         "launching the new product line",
                                                         "faster month-end close",
                                                         "reducing support tickets",
                                                         "expanding into Germany",
                                                         "onboarding a new CFO"};

constexpr std::array<std::string_view, 8> tag_words = {
    "vip", "partner", "conference", "inbound", "referral", "enterprise", "smb", "renewal"};

constexpr std::array<std::string_view, 10> out_notes = {"",
                                                        "",
                                                        "sent the case study",
                                                        "left a voicemail",
                                                        "shared the pricing page",
                                                        "asked about their timeline",
                                                        "intro to our customer in their industry",
                                                        "followed up on the demo",
                                                        "sent the ROI calculator",
                                                        "commented on their post"};

constexpr std::array<std::string_view, 8> in_notes = {"",
                                                      "interested, busy this month",
                                                      "asked for references",
                                                      "wants a proposal",
                                                      "forwarded to their manager",
                                                      "budget approved next quarter",
                                                      "liked the case study",
                                                      "asked for a call"};

// --------------------------------------------------------------------- dates

fu::Date parse_day(std::string_view text) {
    auto date = fu::parse_iso_date(text);
    if (!date) {
        throw std::runtime_error("bad date: " + std::string(text));
    }
    return *date;
}

// A weekday on or after `day` (meetings are not booked on weekends).
fu::Date weekday_on_or_after(fu::Date day) {
    while (day.weekday() >= 5) {
        day = day.plus_days(1);
    }
    return day;
}

// ------------------------------------------------------------ database plans

enum class Kind {
    cadence,           // active, in a streak of unanswered touches
    after_reply,       // they replied; our move
    booked,            // a next step was agreed for a day
    cooling,           // in a cool-down (reheat when it ends)
    nurture_lead,      // a lead that never answered a whole cadence
    nurture_reversing, // invested, reversing email sent, now on the slow cadence
    breakup,           // invested, streak long enough: reversing email due
    first_touch,       // added, never touched
    closed,            // won or lost
    ooo,               // an out-of-office auto-reply holds follow-ups
};

int min_touches(Kind kind) {
    switch (kind) {
    case Kind::first_touch:
    case Kind::closed:
        return 0;
    case Kind::cadence:
    case Kind::after_reply:
    case Kind::booked:
    case Kind::cooling:
        return 1;
    case Kind::ooo:
        return 2;
    case Kind::nurture_lead:
    case Kind::breakup:
        return 6;
    case Kind::nurture_reversing:
        return 7;
    }
    return 0;
}

int max_touches(Kind kind) {
    return kind == Kind::first_touch ? 0 : 60;
}

// The mix of prospects that are not due today, in percent.
Kind pick_not_due_kind(Rng& rng) {
    const int roll = rng.uniform(0, 99);
    constexpr std::array<std::pair<int, Kind>, 10> mix = {{
        {40, Kind::cadence},
        {6, Kind::after_reply},
        {7, Kind::booked},
        {8, Kind::cooling},
        {10, Kind::nurture_lead},
        {4, Kind::nurture_reversing},
        {3, Kind::breakup},
        {2, Kind::first_touch},
        {17, Kind::closed},
        {3, Kind::ooo},
    }};
    int upto = 0;
    for (const auto& [percent, kind] : mix) {
        upto += percent;
        if (roll < upto) {
            return kind;
        }
    }
    return Kind::cadence;
}

// The kinds of the due prospects (scaled to `due`; 300 by default).
std::vector<Kind> due_kinds(int due, Rng& rng) {
    constexpr std::array<std::pair<int, Kind>, 9> mix = {{
        {110, Kind::cadence},
        {35, Kind::after_reply},
        {45, Kind::booked},
        {25, Kind::cooling},
        {25, Kind::breakup},
        {30, Kind::first_touch},
        {12, Kind::nurture_lead},
        {8, Kind::nurture_reversing},
        {10, Kind::ooo},
    }};
    std::vector<Kind> kinds;
    for (const auto& [count, kind] : mix) {
        for (int i = 0; i < count * due / 300; ++i) {
            kinds.push_back(kind);
        }
    }
    while (static_cast<int>(kinds.size()) < due) {
        kinds.push_back(Kind::cadence);
    }
    for (std::size_t i = kinds.size(); i > 1; --i) {
        std::swap(kinds[i - 1], kinds[rng.next() % i]);
    }
    return kinds;
}

// Draws a touch count with a long tail: many prospects have a few touches,
// some have dozens (mean ≈ 10).
int draw_touch_count(Rng& rng) {
    const int roll = rng.uniform(0, 99);
    if (roll < 30) {
        return rng.uniform(1, 5);
    }
    if (roll < 70) {
        return rng.uniform(6, 12);
    }
    if (roll < 95) {
        return rng.uniform(13, 20);
    }
    return rng.uniform(21, 40);
}

struct Plan {
    fu::Prospect prospect;
    std::vector<fu::Touch> touches;
    std::optional<fu::NextAction> next;
    fu::Standing standing;
};

class Planner {
public:
    Planner(const fu::Config& config, fu::Date today) : config_(config), today_(today) {}

    // Builds prospect `id` of `kind` with `count` touches; due (next action on
    // or before today) exactly when `due` says so.
    Plan plan(std::int64_t id, Kind kind, int count, bool due, Rng& rng, const std::string& name,
              const std::string& company, const std::string& email) {
        for (int attempt = 0;; ++attempt) {
            Plan p = draft(id, kind, count, rng, name, company, email);
            if (place(p, kind, due, rng)) {
                return p;
            }
            if (attempt > 50) {
                throw std::runtime_error("could not place prospect " + std::to_string(id));
            }
        }
    }

private:
    const fu::Config& config_;
    fu::Date today_;

    fu::Touch outbound(fu::Date on, Rng& rng, const fu::Prospect& p) {
        fu::Touch t;
        t.on = on;
        t.direction = fu::Direction::out;
        static constexpr std::array<fu::Channel, 10> channels = {
            fu::Channel::email, fu::Channel::email,     fu::Channel::email,  fu::Channel::call,
            fu::Channel::call,  fu::Channel::voicemail, fu::Channel::social, fu::Channel::text,
            fu::Channel::video, fu::Channel::mail};
        t.channel = rng.pick(channels);
        if (p.email.empty() && t.channel == fu::Channel::email) {
            t.channel = fu::Channel::call;
        }
        static constexpr std::array<fu::Purpose, 6> purposes = {
            fu::Purpose::checkin, fu::Purpose::value, fu::Purpose::value,
            fu::Purpose::intro,   fu::Purpose::value, fu::Purpose::checkin};
        t.purpose = rng.pick(purposes);
        t.note = std::string(rng.pick(out_notes));
        return t;
    }

    fu::Touch reply(fu::Date on, Rng& rng, const fu::Prospect& p) {
        fu::Touch t;
        t.on = on;
        t.direction = fu::Direction::in;
        t.channel = p.email.empty() || rng.chance(0.3) ? fu::Channel::call : fu::Channel::email;
        t.note = std::string(rng.pick(in_notes));
        return t;
    }

    // A history laid out forwards from day 0; place() moves it in time.
    Plan draft(std::int64_t id, Kind kind, int count, Rng& rng, const std::string& name,
               const std::string& company, const std::string& email) {
        Plan plan;
        fu::Prospect& p = plan.prospect;
        p.id = id;
        p.name = name;
        p.company = company;
        p.email = email;
        if (rng.chance(0.6)) {
            p.phone = "+1 555 " + std::to_string(1000000 + rng.uniform(0, 8999999));
        }
        if (rng.chance(0.2)) {
            static constexpr std::array<fu::Channel, 5> preferred = {
                fu::Channel::email, fu::Channel::call, fu::Channel::video, fu::Channel::social,
                fu::Channel::text};
            p.preferred_channel = rng.pick(preferred);
            if (p.email.empty() && p.preferred_channel == fu::Channel::email) {
                p.preferred_channel = fu::Channel::call;
            }
        }
        const int tag_count = rng.chance(0.55) ? 0 : rng.uniform(1, 2);
        for (int i = 0; i < tag_count; ++i) {
            std::string tag(rng.pick(tag_words));
            if (std::find(p.tags.begin(), p.tags.end(), tag) == p.tags.end()) {
                p.tags.push_back(std::move(tag));
            }
        }
        std::sort(p.tags.begin(), p.tags.end());
        if (rng.chance(0.6)) {
            p.top_priority = std::string(rng.pick(priorities));
        }
        if (rng.chance(0.15)) {
            p.notes = "met at " + std::string(rng.pick(company_words)) + " summit";
        }

        // How the touches split into a prefix of answered rounds and a tail
        // that decides the state.
        bool lead_only = false; // no real reply anywhere: a lead
        int tail = 0;
        switch (kind) {
        case Kind::cadence:
            if (count <= 5 && (count == 1 || rng.chance(0.6))) {
                lead_only = true;
                tail = count;
            } else {
                tail = rng.uniform(1, std::min(4, count - 1));
            }
            break;
        case Kind::after_reply:
        case Kind::booked:
            tail = 0;
            break;
        case Kind::cooling:
            lead_only = rng.chance(0.4);
            tail = lead_only ? count : rng.uniform(0, std::min(4, count - 1));
            break;
        case Kind::nurture_lead:
            lead_only = true;
            tail = count;
            break;
        case Kind::nurture_reversing:
            tail = rng.uniform(6, std::min(8, count - 1));
            break;
        case Kind::breakup:
            tail = rng.chance(0.8) ? 5 : 6;
            tail = std::min(tail, count - 1);
            break;
        case Kind::first_touch:
            tail = 0;
            break;
        case Kind::closed:
            lead_only = count <= 3 && rng.chance(0.5);
            tail = lead_only ? count : 0;
            break;
        case Kind::ooo:
            tail = std::min(count - (count > 3 ? 1 : 0), rng.uniform(2, 4));
            lead_only = tail == count;
            break;
        }
        const int prefix = count - tail;

        // The prefix: rounds of outbound touches, each ended by a real reply.
        int day = 0;
        std::optional<int> booked_for; // the next touch lands on a booked day
        const auto step = [&](int lo, int hi) {
            if (booked_for) {
                day = *booked_for;
                booked_for.reset();
                return true;
            }
            day += rng.uniform(lo, hi);
            return false;
        };
        int left = prefix;
        while (left > 0) {
            const int outs = std::min(left - 1, rng.uniform(0, 3));
            for (int i = 0; i < outs; ++i) {
                const bool meeting = step(3, 14);
                fu::Touch t = outbound(fu::Date::from_days(day), rng, p);
                if (meeting) {
                    t.purpose = fu::Purpose::meeting;
                    t.channel = rng.chance(0.5) ? fu::Channel::video : fu::Channel::call;
                    t.note = "meeting held";
                } else if (rng.chance(0.1)) {
                    t.purpose = fu::Purpose::proposal;
                }
                plan.touches.push_back(std::move(t));
            }
            step(1, 8);
            fu::Touch r = reply(fu::Date::from_days(day), rng, p);
            --left;
            left -= outs;
            // Some replies book a meeting, held at the next touch.
            if ((left > 0 || tail > 0) && rng.chance(0.15)) {
                const fu::Date on =
                    weekday_on_or_after(fu::Date::from_days(day + rng.uniform(2, 10)));
                r.next_step_on = on;
                booked_for = on.days();
            }
            plan.touches.push_back(std::move(r));
        }

        // The tail.
        const auto streak = [&](int touches, bool hot) {
            for (int i = 0; i < touches; ++i) {
                const std::vector<int>& cadence = config_.cadence_for(p);
                const int gap =
                    cadence[std::min<std::size_t>(static_cast<std::size_t>(i), cadence.size() - 1)];
                const bool meeting = hot ? step(1, 2) : step(gap + gap / 2, gap + gap / 2 + 2);
                fu::Touch t = outbound(fu::Date::from_days(day), rng, p);
                if (meeting) {
                    t.purpose = fu::Purpose::meeting;
                    t.note = "meeting held";
                }
                plan.touches.push_back(std::move(t));
            }
        };
        switch (kind) {
        case Kind::cadence:
        case Kind::nurture_lead:
        case Kind::breakup:
        case Kind::closed:
            streak(tail, false);
            break;
        case Kind::cooling:
            streak(tail, rng.chance(0.5)); // often cooled because it overheated
            break;
        case Kind::nurture_reversing: {
            streak(5, false);
            step(3, 7);
            fu::Touch reversing = outbound(fu::Date::from_days(day), rng, p);
            reversing.channel = p.email.empty() ? fu::Channel::call : fu::Channel::email;
            reversing.purpose = fu::Purpose::reversing;
            reversing.note = "reversing email";
            plan.touches.push_back(std::move(reversing));
            for (int i = 6; i < tail; ++i) {
                step(45, 70);
                fu::Touch t = outbound(fu::Date::from_days(day), rng, p);
                t.purpose = fu::Purpose::value;
                plan.touches.push_back(std::move(t));
            }
            break;
        }
        case Kind::ooo: {
            streak(tail - 1, false);
            step(0, 1);
            fu::Touch auto_reply;
            auto_reply.on = fu::Date::from_days(day);
            auto_reply.direction = fu::Direction::in;
            auto_reply.channel = fu::Channel::email;
            auto_reply.out_of_office = true;
            auto_reply.away_until = fu::Date::from_days(day + rng.uniform(10, 24));
            auto_reply.note = "auto-reply";
            plan.touches.push_back(std::move(auto_reply));
            break;
        }
        case Kind::booked: {
            // The last touch agreed the next step.
            fu::Touch& last = plan.touches.back();
            last.next_step_on = weekday_on_or_after(last.on.plus_days(rng.uniform(1, 21)));
            break;
        }
        case Kind::after_reply:
        case Kind::first_touch:
            break;
        }

        const bool replied =
            std::any_of(plan.touches.begin(), plan.touches.end(), [](const fu::Touch& t) {
                return t.direction == fu::Direction::in && !t.out_of_office;
            });
        if (replied && !lead_only) {
            p.stage = rng.chance(0.35) ? fu::Stage::proposal : fu::Stage::engaged;
        }
        const int value_scale = p.stage == fu::Stage::lead ? 5000 : 40000;
        p.value = rng.chance(0.3) ? 0 : rng.uniform(1, 20) * value_scale / 4;

        const int first_day = plan.touches.empty() ? day : plan.touches.front().on.days();
        const bool came_to_us =
            !plan.touches.empty() && plan.touches.front().direction == fu::Direction::in;
        p.created_on = fu::Date::from_days(first_day - (came_to_us ? 0 : rng.uniform(0, 30)));

        if (kind == Kind::cooling) {
            const int last = plan.touches.empty() ? p.created_on.days() : day;
            p.cooling_since = fu::Date::from_days(last + rng.uniform(0, 1));
            static constexpr std::array<int, 4> lengths = {30, 30, 14, 21};
            p.cooling_until = p.cooling_since->plus_days(rng.pick(lengths));
        }
        if (kind == Kind::closed) {
            const bool won = p.stage != fu::Stage::lead && rng.chance(0.35);
            p.outcome = won ? fu::Outcome::won : fu::Outcome::lost;
            p.closed_on = fu::Date::from_days(day + rng.uniform(0, 10));
            p.close_note = won ? "signed" : (rng.chance(0.5) ? "went with a competitor" : "");
        }
        return plan;
    }

    static void shift(Plan& plan, int days) {
        fu::Prospect& p = plan.prospect;
        const auto move = [days](std::optional<fu::Date>& date) {
            if (date) {
                date = date->plus_days(days);
            }
        };
        p.created_on = p.created_on.plus_days(days);
        move(p.first_touch_on);
        move(p.closed_on);
        move(p.cooling_since);
        move(p.cooling_until);
        for (fu::Touch& t : plan.touches) {
            t.on = t.on.plus_days(days);
            move(t.next_step_on);
            move(t.away_until);
        }
    }

    // The latest day something in the plan happened: never after today.
    static fu::Date latest_event(const Plan& plan) {
        fu::Date latest = plan.prospect.created_on;
        const auto see = [&](const std::optional<fu::Date>& date) {
            if (date && latest < *date) {
                latest = *date;
            }
        };
        see(plan.prospect.cooling_since);
        see(plan.prospect.closed_on);
        for (const fu::Touch& t : plan.touches) {
            see(t.on);
        }
        return latest;
    }

    std::optional<fu::NextAction> assess(const Plan& plan) const {
        return fu::assess(plan.prospect, plan.touches, config_, today_).next;
    }

    // Moves the plan in time so that its next action falls on or before today
    // exactly when `due`, with nothing in the future that has not happened.
    bool place(Plan& plan, Kind kind, bool due, Rng& rng) {
        if (kind == Kind::first_touch) {
            if (due) {
                plan.prospect.created_on = today_.plus_days(-overdue(rng));
            } else {
                plan.prospect.created_on = today_.plus_days(-rng.uniform(0, 5));
                plan.prospect.first_touch_on = today_.plus_days(rng.uniform(1, 30));
            }
            plan.next = assess(plan);
            return due == (plan.next && plan.next->due_on <= today_);
        }
        // Start with the latest event on today.
        shift(plan, days_between(latest_event(plan), today_));
        if (kind == Kind::closed) {
            shift(plan, -rng.uniform(0, 540));
            plan.next = assess(plan);
            return !plan.next;
        }
        auto next = assess(plan);
        if (!next) {
            return false;
        }
        if (due) {
            const fu::Date target = today_.plus_days(-overdue(rng));
            if (next->due_on > target) {
                shift(plan, days_between(next->due_on, target));
                next = assess(plan);
            }
            for (int guard = 0; next && next->due_on > target && guard < 30; ++guard) {
                shift(plan, -1);
                next = assess(plan);
            }
            plan.next = next;
            return next && next->due_on <= today_ && latest_event(plan) <= today_;
        }
        // Not due: anywhere between tomorrow and as late as the history allows.
        const int lag = days_between(today_, next->due_on);
        if (lag <= 0) {
            return false;
        }
        shift(plan, -rng.uniform(0, lag - 1));
        next = assess(plan);
        for (int guard = 0; next && next->due_on <= today_ && guard < 30; ++guard) {
            shift(plan, 1);
            next = assess(plan);
        }
        plan.next = next;
        return next && next->due_on > today_ && latest_event(plan) <= today_;
    }

    // Days overdue for a due prospect: half of them due today.
    static int overdue(Rng& rng) {
        if (rng.chance(0.5)) {
            return 0;
        }
        int days = 1;
        while (days < 14 && rng.chance(0.6)) {
            ++days;
        }
        return days;
    }
};

// Unique (name, company) pairs, well mixed: 10,000 names × 1,000 companies.
class Identities {
public:
    explicit Identities(std::uint64_t seed) : rng_(seed), used_(space, false) {}

    struct Identity {
        std::string name;
        std::string company;
        std::string email;
    };

    Identity next(bool with_email) {
        std::uint64_t code = rng_.next() % space;
        while (used_[code]) {
            code = (code + 7919) % space;
        }
        used_[code] = true;
        const std::size_t person = code % (first_names.size() * last_names.size());
        const std::size_t firm = code / (first_names.size() * last_names.size());
        const std::string_view first = first_names[person % first_names.size()];
        const std::string_view last = last_names[person / first_names.size()];
        const std::string_view word = company_words[firm % company_words.size()];
        const std::string_view suffix = company_suffixes[firm / company_words.size()];
        Identity identity;
        identity.name = std::string(first) + " " + std::string(last);
        identity.company = std::string(word) + " " + std::string(suffix);
        if (with_email) {
            identity.email =
                lower(first) + "." + lower(last) + "@" + slug(word) + slug(suffix) + ".example";
        }
        return identity;
    }

private:
    static constexpr std::uint64_t space =
        first_names.size() * last_names.size() * company_words.size() * company_suffixes.size();

    static std::string lower(std::string_view text) {
        std::string out;
        for (char c : text) {
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        return out;
    }
    static std::string slug(std::string_view text) {
        std::string out;
        for (char c : lower(text)) {
            if (c != ' ') {
                out += c;
            }
        }
        return out;
    }

    Rng rng_;
    std::vector<bool> used_;
};

// ---------------------------------------------------------------- the modes

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Options {
    std::string mode;
    std::string path;
    long long count = 0;
    fu::Date today = parse_day("2026-11-23");
    int due = 300;
    int touches_per = 10;
    int batch = 20000;
    std::uint64_t seed = 0;
};

int generate_db(const Options& options) {
    const long long n = options.count;
    if (n < options.due || n < 1000) {
        throw std::runtime_error("need at least 1000 prospects and more than --due");
    }
    if (std::filesystem::exists(options.path)) {
        throw std::runtime_error(options.path + " exists; generate into a new file");
    }
    const fu::Config config = fu::load_config();
    const fu::Date today = options.today;
    Rng kinds_rng(options.seed + 1);
    const std::vector<Kind> due_mix = due_kinds(options.due, kinds_rng);
    Identities identities(options.seed + 2);
    Planner planner(config, today);

    fu::Store store = fu::Store::open({options.path, true}, fu::Access::write);

    const long long total_touches = n * options.touches_per;
    long long touches_so_far = 0;
    long long due_index = 0;
    long long due_count = 0;
    std::array<long long, 6> by_state{};
    double plan_seconds = 0;
    double write_seconds = 0;
    const auto start = Clock::now();
    std::vector<Plan> batch;
    for (long long first = 1; first <= n; first += options.batch) {
        const long long last = std::min(n, first + options.batch - 1);
        const auto plan_start = Clock::now();
        batch.clear();
        for (long long id = first; id <= last; ++id) {
            Rng rng(options.seed * 1000003ULL + static_cast<std::uint64_t>(id));
            // Due slots are spread evenly through the ids.
            const bool due = due_index < options.due && id == 1 + due_index * n / options.due;
            Kind kind = due ? due_mix[static_cast<std::size_t>(due_index)] : pick_not_due_kind(rng);
            if (due) {
                ++due_index;
            }
            // Log targets stay open; the last few soak up the touch count.
            const bool tail_end = id > n - 20;
            if (!due && (tail_end || id % 97 == 0)) {
                kind = tail_end ? Kind::closed : (kind == Kind::closed ? Kind::cadence : kind);
            }
            const long long behind = (id - 1) * options.touches_per - touches_so_far;
            long long want = (tail_end ? options.touches_per : draw_touch_count(rng)) + behind;
            if (id == n) {
                want = total_touches - touches_so_far;
            }
            const int count =
                static_cast<int>(std::clamp<long long>(want, min_touches(kind), max_touches(kind)));
            if (id == n && count != want) {
                throw std::runtime_error("touch count does not add up; use a larger N");
            }
            const auto identity = identities.next(rng.chance(0.92));
            Plan plan = planner.plan(id, kind, count, due, rng, identity.name, identity.company,
                                     identity.email);
            touches_so_far += static_cast<long long>(plan.touches.size());
            const fu::Assessment a = fu::assess(plan.prospect, plan.touches, config, today);
            plan.standing = fu::standing_of(plan.prospect, plan.touches, a);
            ++by_state[static_cast<std::size_t>(a.state)];
            if (plan.next && plan.next->due_on <= today) {
                ++due_count;
            }
            batch.push_back(std::move(plan));
        }
        plan_seconds += seconds_since(plan_start);

        const auto write_start = Clock::now();
        store.write(config, today, [&] {
            for (Plan& plan : batch) {
                fu::Prospect prospect = plan.prospect;
                const fu::ProspectId planned = prospect.id;
                prospect.id = 0;
                // With the standing worked out above: not worked out again.
                const fu::ProspectId id = store.add_history(prospect, plan.touches, plan.standing);
                if (id != planned) {
                    throw std::runtime_error("the database was not empty");
                }
            }
        });
        write_seconds += seconds_since(write_start);
        if (n >= 100000) {
            std::cerr << "\r  " << last << " / " << n << " prospects" << std::flush;
        }
    }
    if (n >= 100000) {
        std::cerr << '\n';
    }
    const double total_seconds = seconds_since(start);
    if (due_count != options.due || touches_so_far != total_touches) {
        throw std::runtime_error("generated " + std::to_string(due_count) + " due and " +
                                 std::to_string(touches_so_far) + " touches");
    }
    std::cout << "generated " << options.path << ": " << n << " prospects, " << touches_so_far
              << " touches, " << due_count << " due on " << today.iso() << '\n';
    std::cout << "  states as of " << today.iso() << ":";
    for (std::size_t s = 0; s < by_state.size(); ++s) {
        std::cout << ' ' << fu::to_string(static_cast<fu::State>(s)) << '=' << by_state[s];
    }
    std::cout << '\n';
    std::printf("  time: %.2f s total, %.2f s planning (assess), %.2f s in Store writes "
                "(%.0f prospects/s, %.0f touches/s)\n",
                total_seconds, plan_seconds, write_seconds, static_cast<double>(n) / write_seconds,
                static_cast<double>(touches_so_far) / write_seconds);
    return 0;
}

std::string csv_cell(std::string_view text) {
    if (text.find_first_of(",\"\n") == std::string_view::npos) {
        return std::string(text);
    }
    std::string quoted = "\"";
    for (char c : text) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    return quoted + "\"";
}

int generate_csv(const Options& options) {
    std::ofstream out(options.path, std::ios::binary);
    if (!out) {
        throw std::runtime_error("cannot write " + options.path);
    }
    Rng rng(options.seed);
    Identities identities(options.seed + 7);
    out << "First Name,Last Name,Company Name,Email,Phone Number,Lifecycle Stage,Last Contacted,"
           "Tags,Amount,Top Priority\n";
    static constexpr std::array<std::string_view, 20> stages = {
        "lead",        "lead",        "lead",     "lead",     "lead",
        "lead",        "lead",        "lead",     "lead",     "lead",
        "subscriber",  "MQL",         "MQL",      "SQL",      "SQL",
        "opportunity", "opportunity", "proposal", "customer", "Marketing Qualified Lead"};
    for (long long row = 0; row < options.count; ++row) {
        const auto identity = identities.next(rng.chance(0.95));
        const std::size_t space = identity.name.find(' ');
        std::string company = identity.company;
        if (rng.chance(0.1)) {
            company += ", Inc.";
        }
        out << csv_cell(identity.name.substr(0, space)) << ','
            << csv_cell(identity.name.substr(space + 1)) << ',' << csv_cell(company) << ','
            << identity.email << ',';
        if (rng.chance(0.6)) {
            out << "+1 555 " << 1000000 + rng.uniform(0, 8999999);
        }
        out << ',' << rng.pick(stages) << ',';
        if (rng.chance(0.7)) {
            out << options.today.plus_days(-rng.uniform(1, 120)).iso() << ' '
                << 10 + rng.uniform(0, 8) << ":" << 10 + rng.uniform(0, 49);
        }
        out << ',';
        if (rng.chance(0.3)) {
            out << rng.pick(tag_words);
            if (rng.chance(0.3)) {
                out << ';' << rng.pick(tag_words);
            }
        }
        out << ',';
        if (rng.chance(0.5)) {
            out << rng.uniform(1, 200) * 500;
        }
        out << ',';
        if (rng.chance(0.4)) {
            out << csv_cell(rng.pick(priorities));
        }
        out << '\n';
    }
    std::cout << "generated " << options.path << ": " << options.count << " CSV rows\n";
    return 0;
}

std::string task_date(fu::Date day, int hour) {
    std::string iso = day.iso();
    iso.erase(std::remove(iso.begin(), iso.end(), '-'), iso.end());
    char time[16];
    std::snprintf(time, sizeof time, "T%02d0000Z", hour);
    return iso + time;
}

int generate_tasks(const Options& options) {
    std::ofstream out(options.path, std::ios::binary);
    if (!out) {
        throw std::runtime_error("cannot write " + options.path);
    }
    Rng rng(options.seed);
    Identities identities(options.seed + 11);
    static constexpr std::array<std::string_view, 5> verbs = {
        "Follow up with", "Call", "Email", "Send case study to", "Check in with"};
    static constexpr std::array<std::string_view, 4> priority_letters = {"H", "M", "L", ""};
    for (long long i = 0; i < options.count; ++i) {
        const auto identity = identities.next(false);
        const fu::Date entry = options.today.plus_days(-rng.uniform(1, 300));
        const fu::Date due = options.today.plus_days(rng.uniform(-10, 60));
        out << "{\"status\":\"pending\",\"description\":\"" << rng.pick(verbs) << ' '
            << identity.name << " (" << identity.company << ")\",\"entry\":\""
            << task_date(entry, 9) << "\",\"due\":\"" << task_date(due, 17)
            << "\",\"project\":\"sales\"";
        const std::string_view priority = rng.pick(priority_letters);
        if (!priority.empty()) {
            out << ",\"priority\":\"" << priority << '"';
        }
        if (rng.chance(0.4)) {
            out << ",\"tags\":[\"" << rng.pick(tag_words) << "\"]";
        }
        out << "}\n";
    }
    std::cout << "generated " << options.path << ": " << options.count << " tasks\n";
    return 0;
}

int check_db(const Options& options) {
    const fu::Config config = fu::load_config();
    const fu::Store store = fu::Store::open({options.path, true}, fu::Access::read);
    if (!store.exists()) {
        throw std::runtime_error(options.path + " does not exist");
    }
    if (!store.standings_current(config)) {
        std::cout << options.path << ": stored standings were made under another config\n";
        return 1;
    }
    SQLite::Database db(options.path, SQLite::OPEN_READONLY);
    const long long count = db.execAndGet("SELECT count(*) FROM prospects").getInt64();
    const long long step = std::max(1LL, count / 2000);
    long long checked = 0;
    long long stale = 0;
    // A sample, and every due prospect: what `due` shows comes from these.
    store.for_each_standing([&](const fu::StoredProspect& stored) {
        const fu::Standing& standing = stored.standing;
        const bool due = standing.next && standing.next->due_on <= options.today;
        if (stored.prospect.id % step != 0 && !due) {
            return;
        }
        const fu::ProspectId id = stored.prospect.id;
        const fu::Prospect prospect = store.prospect(id);
        const std::vector<fu::Touch> touches = store.touches(id);
        const fu::Standing fresh = fu::standing_of(
            prospect, touches, fu::assess(prospect, touches, config, options.today));
        if (fresh != standing) {
            if (stale < 3) {
                std::cerr << "  #" << id << ": the stored standing differs from what this build "
                          << "computes\n";
            }
            ++stale;
        }
        ++checked;
    });
    if (stale > 0) {
        std::cout << options.path << ": " << stale << " of " << checked
                  << " sampled standings differ from what this build computes\n";
        return 1;
    }
    std::cout << options.path << ": " << checked << " sampled standings are current\n";
    return 0;
}

[[noreturn]] void usage() {
    std::cerr << "usage: followup-bench-generate db PATH PROSPECTS [--today DATE] [--due N] "
                 "[--touches-per N] [--batch N] [--seed N]\n"
                 "       followup-bench-generate csv PATH ROWS [--today DATE] [--seed N]\n"
                 "       followup-bench-generate tasks PATH COUNT [--today DATE] [--seed N]\n"
                 "       followup-bench-generate check PATH [--today DATE]\n"
                 "       followup-bench-generate version\n";
    std::exit(2);
}

} // namespace

int main(int argc, char** argv) {
    try {
        if (argc >= 3 && std::string_view(argv[1]) == "check") {
            Options options;
            options.path = argv[2];
            if (argc == 5 && std::string_view(argv[3]) == "--today") {
                options.today = parse_day(argv[4]);
            } else if (argc != 3) {
                usage();
            }
            return check_db(options);
        }
        if (argc == 2 && std::string_view(argv[1]) == "version") {
            std::cout << "data " << data_version << " schema " << fu::current_schema_version()
                      << '\n';
            return 0;
        }
        if (argc < 4) {
            usage();
        }
        Options options;
        options.mode = argv[1];
        options.path = argv[2];
        options.count = std::stoll(argv[3]);
        options.seed = options.mode == "db" ? 1 : options.mode == "csv" ? 2 : 3;
        for (int i = 4; i < argc; ++i) {
            const std::string_view arg = argv[i];
            if (i + 1 >= argc) {
                usage();
            }
            const std::string value = argv[++i];
            if (arg == "--today") {
                options.today = parse_day(value);
            } else if (arg == "--due") {
                options.due = std::stoi(value);
            } else if (arg == "--touches-per") {
                options.touches_per = std::stoi(value);
            } else if (arg == "--batch") {
                options.batch = std::stoi(value);
            } else if (arg == "--seed") {
                options.seed = std::stoull(value);
            } else {
                usage();
            }
        }
        if (options.mode == "db") {
            return generate_db(options);
        }
        if (options.mode == "csv") {
            return generate_csv(options);
        }
        if (options.mode == "tasks") {
            return generate_tasks(options);
        }
        usage();
    } catch (const std::exception& e) {
        std::cerr << "followup-bench-generate: " << e.what() << '\n';
        return 1;
    }
}
