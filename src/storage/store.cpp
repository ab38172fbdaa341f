#include "followup/store.hpp"

#include "followup/advice.hpp"
#include "followup/error.hpp"
#include "followup/schedule.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <random>
#include <thread>

namespace followup {

namespace {

// The fingerprints of the config that made the stored next actions, and the
// stored standings (schema 3 on; a file migrated from 2 has only the first).
constexpr std::string_view fingerprint_key = "next_action_config";
constexpr std::string_view standing_fingerprint_key = "standing_config";

// A write that keeps losing races gives up after this many runs rather than
// hang a terminal or a cron job.
constexpr int max_write_attempts = 8;

// Before run `attempt` + 1: 10 ms, 20 ms, ... up to 640 ms, each with up to
// as much again at random, so writers that collided do not collide again.
void back_off(int attempt) {
    static std::minstd_rand jitter(std::random_device{}());
    const int base_ms = 10 << std::min(attempt - 1, 6);
    std::uniform_int_distribution<int> extra(0, base_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(base_ms + extra(jitter)));
}

std::map<std::string, std::string> by_key(const std::vector<TeamSetting>& settings) {
    std::map<std::string, std::string> values;
    for (const TeamSetting& setting : settings) {
        values.emplace(setting.key, setting.value);
    }
    return values;
}

} // namespace

Store::Store(std::unique_ptr<StoreBackend> backend, StoreNotices notices)
    : backend_(std::move(backend)), notices_(std::move(notices)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

void Store::write(const Config& config, Date today, const std::function<void()>& body,
                  Commit commit) {
    for (int attempt = 1;; ++attempt) {
        touched_.clear();
        try {
            backend_->in_write_transaction(
                [&] {
                    bool standings_left_stale = false;
                    if (!next_actions_current(config) || !standings_current(config)) {
                        if (backend_->sees_every_prospect()) {
                            recompute_all(config, today);
                        } else {
                            // Storing the fingerprint after working out
                            // only its own would hide everyone else's.
                            standings_left_stale = true;
                            if (notices_.cannot_recompute) {
                                notices_.cannot_recompute();
                            }
                        }
                    }
                    body();
                    settle(config, today);
                    // After the standings are stored and their prospects
                    // locked: a change committed before this read is seen
                    // (each statement of a server's write sees what was
                    // committed before it); one after it waits for this
                    // write's locks and works these standings out again.
                    if (settings_expected_ &&
                        by_key(backend_->team_settings()) != *settings_expected_) {
                        throw Error("the team settings changed while this command ran "
                                    "(`followup config --set`); nothing was written, run it again");
                    }
                    if (!standings_left_stale) {
                        for (const std::string_view key :
                             {fingerprint_key, standing_fingerprint_key}) {
                            backend_->save_fingerprint(key, config.fingerprint());
                        }
                    }
                },
                commit);
            touched_.clear();
            return;
        } catch (const WriteConflict& conflict) {
            touched_.clear();
            if (attempt == max_write_attempts) {
                throw Error(fmt::format("gave up after {} attempts: other writers kept changing "
                                        "the same rows ({}); nothing was written, try again",
                                        max_write_attempts, conflict.what()));
            }
            back_off(attempt);
        } catch (...) {
            touched_.clear();
            throw;
        }
    }
}

std::vector<TeamSetting> Store::team_settings() const {
    std::vector<TeamSetting> settings = backend_->team_settings();
    settings_expected_ = by_key(settings);
    return settings;
}

std::optional<NextAction> Store::next_action(ProspectId id) const {
    const std::optional<Standing> standing = backend_->standing(id);
    return standing ? standing->next : std::nullopt;
}

bool Store::next_actions_current(const Config& config) const {
    return stored_under(fingerprint_key, config);
}

bool Store::standings_current(const Config& config) const {
    return !backend_->exists() ||
           (backend_->keeps_standings() && stored_under(standing_fingerprint_key, config));
}

bool Store::stored_under(std::string_view key, const Config& config) const {
    if (!backend_->exists()) {
        return true;
    }
    const std::optional<std::string> stored = backend_->fingerprint(key);
    // Nothing stored yet is current only while there is nothing to store.
    return stored ? *stored == config.fingerprint() : !backend_->has_prospects();
}

void Store::recompute_all(const Config& config, Date today) {
    const std::vector<ProspectId> ids = backend_->open_prospects(OwnerScope::everyone());
    if (notices_.recomputing) {
        notices_.recomputing(ids.size());
    }
    // One ordered pass over every history: cheaper than a lookup per open
    // prospect when most of them are.
    backend_->for_each_history(
        [&](const Prospect& prospect, std::span<const Touch> history) {
            if (!prospect.outcome) {
                backend_->set_standing(
                    prospect.id,
                    standing_of(prospect, history, assess(prospect, history, config, today)));
            }
        },
        Notes::skip, OwnerScope::everyone());
}

void Store::settle(const Config& config, Date today) {
    if (touched_.empty()) {
        return;
    }
    std::vector<ProspectId> ids = touched_;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    backend_->for_each_history_of(
        ids,
        [&](const Prospect& prospect, std::span<const Touch> history) {
            backend_->set_standing(
                prospect.id,
                standing_of(prospect, history, assess(prospect, history, config, today)));
        },
        Notes::skip);
    touched_.clear();
}

void Store::touched(ProspectId id) {
    if (touched_.empty() || touched_.back() != id) {
        touched_.push_back(id);
    }
}

ProspectId Store::add_prospect(const Prospect& prospect) {
    const ProspectId id = backend_->add_prospect(prospect, Standing{});
    touched(id);
    return id;
}

ProspectId Store::add_history(const Prospect& prospect, std::span<Touch> touches,
                              const Standing& standing) {
    const ProspectId id = backend_->add_prospect(prospect, standing);
    for (Touch& touch : touches) {
        touch.prospect_id = id;
        touch.id = backend_->add_touch(touch, Placement::anywhere);
    }
    return id;
}

std::int64_t Store::add_touch(const Touch& touch, Placement placement) {
    const std::int64_t id = backend_->add_touch(touch, placement);
    touched(touch.prospect_id);
    return id;
}

void Store::set_stage(ProspectId id, Stage stage) {
    backend_->set_stage(id, stage);
    touched(id);
}

void Store::update_prospect(const Prospect& prospect) {
    backend_->update_prospect(prospect);
    touched(prospect.id);
}

void Store::set_outcome(ProspectId id, std::optional<Outcome> outcome, std::optional<Date> on,
                        const std::string& note) {
    backend_->set_outcome(id, outcome, on, note);
    touched(id);
}

void Store::delete_prospect(ProspectId id) {
    backend_->delete_prospect(id);
    std::erase(touched_, id);
}

void Store::delete_touch(std::int64_t touch_id) {
    if (const std::optional<ProspectId> prospect = backend_->delete_touch(touch_id)) {
        touched(*prospect);
    }
}

void Store::set_cooling(ProspectId id, std::optional<Date> since, std::optional<Date> until) {
    backend_->set_cooling(id, since, until);
    touched(id);
}

void Store::set_snooze(ProspectId id, std::optional<Date> on, std::optional<Date> until) {
    backend_->set_snooze(id, on, until);
    touched(id);
}

void Store::set_email_bouncing(ProspectId id, bool bouncing) {
    backend_->set_email_bouncing(id, bouncing);
    touched(id);
}

void Store::set_standing(ProspectId id, const Standing& standing) {
    backend_->set_standing(id, standing);
    std::erase(touched_, id);
}

namespace {

// %XX decoded, as libpq decodes a URL's user name, password and query.
std::string percent_decoded(std::string_view text) {
    std::string decoded;
    for (std::size_t at = 0; at < text.size(); ++at) {
        const auto hex = [](char c) {
            return c >= '0' && c <= '9'   ? c - '0'
                   : c >= 'a' && c <= 'f' ? c - 'a' + 10
                   : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                          : -1;
        };
        if (text[at] == '%' && at + 2 < text.size() && hex(text[at + 1]) >= 0 &&
            hex(text[at + 2]) >= 0) {
            decoded += static_cast<char>(hex(text[at + 1]) * 16 + hex(text[at + 2]));
            at += 2;
        } else {
            decoded += text[at];
        }
    }
    return decoded;
}

struct Redacted {
    std::string shown;
    std::vector<std::string> secrets; // as written, and decoded
};

Redacted redact(std::string_view url) {
    Redacted result{std::string(url), {}};
    std::string& shown = result.shown;
    const auto keep_secret = [&](std::string_view secret) {
        if (!secret.empty()) {
            result.secrets.emplace_back(secret);
            result.secrets.push_back(percent_decoded(secret));
        }
    };
    // postgresql://user:PASSWORD@host/...: libpq ends the user and host part
    // at the first '/' only (a password may hold '?' or '#').
    const auto scheme = shown.find("://");
    if (scheme != std::string::npos) {
        const auto start = scheme + 3;
        const auto end = std::min(shown.find('/', start), shown.size());
        const auto at = shown.rfind('@', end - 1);
        if (at != std::string::npos && at >= start && at < end) {
            const auto colon = shown.find(':', start);
            if (colon != std::string::npos && colon < at) {
                keep_secret(std::string_view(shown).substr(colon + 1, at - colon - 1));
                shown.replace(colon + 1, at - colon - 1, "***");
            }
        }
    }
    // ...?password=...&sslpassword=...: key names decoded, as libpq does.
    const auto query = shown.find('?', scheme == std::string::npos ? 0 : scheme + 3);
    if (query == std::string::npos) {
        return result;
    }
    std::string rebuilt = shown.substr(0, query + 1);
    std::string_view rest = std::string_view(shown).substr(query + 1);
    bool first = true;
    while (true) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        const auto equals = pair.find('=');
        const std::string key = percent_decoded(pair.substr(0, equals));
        rebuilt += first ? "" : "&";
        first = false;
        if (equals != std::string_view::npos && (key == "password" || key == "sslpassword")) {
            keep_secret(pair.substr(equals + 1));
            rebuilt += std::string(pair.substr(0, equals + 1)) + "***";
        } else {
            rebuilt += pair;
        }
        if (amp == std::string_view::npos) {
            break;
        }
        rest = rest.substr(amp + 1);
    }
    shown = std::move(rebuilt);
    return result;
}

} // namespace

std::string redacted_database_url(std::string_view url) {
    return redact(url).shown;
}

std::string without_database_secrets(std::string text, std::string_view url) {
    for (const std::string& secret : redact(url).secrets) {
        if (secret.empty()) {
            continue;
        }
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
            text.replace(at, secret.size(), "***");
        }
    }
    return text;
}

std::string shown_location(const DatabaseLocation& location) {
    const std::string& text = location.path.native();
    return text.starts_with("postgresql://") || text.starts_with("postgres://")
               ? redacted_database_url(text)
               : location.path.string();
}

} // namespace followup
