#include "followup/draft.hpp"

#include "commands.hpp"
#include "followup/advice.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <ostream>
#include <pwd.h>
#include <sstream>
#include <unistd.h>

namespace followup {

namespace fs = std::filesystem;

namespace {

std::string sender_name(const Config& config) {
    if (!config.sender_name.empty()) {
        return config.sender_name;
    }
    if (const passwd* user = getpwuid(getuid()); user && user->pw_gecos && *user->pw_gecos) {
        std::string gecos = user->pw_gecos;
        return gecos.substr(0, gecos.find(','));
    }
    return "";
}

// A template is an email: one this long is not one.
constexpr std::size_t max_template_bytes = std::size_t{1} << 20;

UserTemplate read_template(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw Error(fmt::format("cannot read template {}", path));
    }
    // Bounded: --template /dev/zero stops at once, an endless text at the limit.
    BoundedRead read = read_bounded(file, max_template_bytes);
    if (read.end == ReadEnd::too_long) {
        throw Error(fmt::format("template {} is over 1 MiB", path));
    }
    if (file.bad() || (!file.eof() && read.end == ReadEnd::whole)) {
        throw Error(fmt::format("cannot read template {}", path));
    }
    if (read.end == ReadEnd::nul_byte || !is_valid_utf8(read.data)) {
        throw Error(fmt::format("{}: not a text file in UTF-8", path));
    }
    return {std::move(read.data), path};
}

// $XDG_CONFIG_HOME/followup/templates (else ~/.config/followup/templates).
std::optional<fs::path> templates_folder() {
    if (const char* config_home = std::getenv("XDG_CONFIG_HOME"); config_home && *config_home) {
        return fs::path(config_home) / "followup" / "templates";
    }
    if (const char* home = std::getenv("HOME"); home && *home) {
        return fs::path(home) / ".config" / "followup" / "templates";
    }
    return std::nullopt;
}

// The user's template for a purpose on a channel: --template, else
// PURPOSE.CHANNEL.txt, else PURPOSE.txt in the templates folder, else (for
// the reversing email) the config's breakup.template; none: the built-in one.
std::optional<UserTemplate> user_template(const Context& context, Channel channel, Purpose purpose,
                                          const std::string& template_path) {
    if (!template_path.empty()) {
        return read_template(template_path);
    }
    if (const auto folder = templates_folder()) {
        for (const std::string& name :
             {fmt::format("{}.{}.txt", to_string(purpose), to_string(channel)),
              fmt::format("{}.txt", to_string(purpose))}) {
            std::error_code error;
            const fs::path path = *folder / name;
            if (fs::exists(path, error)) {
                return read_template(path.string());
            }
        }
    }
    if (purpose == Purpose::reversing && channel == Channel::email &&
        !context.config.template_path.empty()) {
        return read_template(context.config.template_path);
    }
    return std::nullopt;
}

} // namespace

std::string draft_text(const ProspectView& view, const Context& context, Channel channel,
                       Purpose purpose, const std::string& template_path) {
    // A bare check-in gives them nothing to answer: drafted as a value touch.
    const Purpose drafted = purpose == Purpose::checkin ? Purpose::value : purpose;
    const std::optional<UserTemplate> user =
        user_template(context, channel, drafted, template_path);
    const Draft draft =
        draft_touch(view.prospect, view.touches, view.assessment, channel, drafted,
                    sender_name(context.config), context.today, user ? &*user : nullptr);
    if (const std::size_t limit = draft_limit(channel);
        limit != 0 && count_characters(trim(draft.text)) > limit) {
        context.warn(fmt::format("the draft is {} characters; a {} message holds {}",
                                 count_characters(trim(draft.text)), to_string(channel), limit));
    }
    // A draft shows strangers' text (names, notes): on a terminal it must
    // not be able to drive it; piped to a mailer it stays as stored.
    return context.style.terminal ? neutralise_lines(draft.text) : draft.text;
}

std::optional<int> drafted_variant(const ProspectView& view, const Context& context,
                                   Channel channel, Purpose purpose) {
    const Purpose drafted = purpose == Purpose::checkin ? Purpose::value : purpose;
    try {
        if (user_template(context, channel, drafted, "")) {
            return std::nullopt;
        }
    } catch (const Error&) {
        // An unreadable template fails `draft`, which says why; a touch is
        // still logged, with nothing known of its text.
        return std::nullopt;
    }
    return draft_touch(view.prospect, view.touches, view.assessment, channel, drafted,
                       sender_name(context.config), context.today)
        .variant;
}

int run_draft(const Context& context, const DraftOptions& options) {
    check_typed_text("PROSPECT", options.prospect);
    std::optional<Channel> channel;
    std::optional<Purpose> purpose;
    if (!options.channel.empty()) {
        channel = channel_option("--channel", options.channel);
    }
    if (!options.purpose.empty()) {
        purpose = purpose_option("--purpose", options.purpose);
    }
    const Store store = context.open(Access::read);
    const ProspectView view = view_of(store, store.resolve(options.prospect), context);
    const Suggestion suggestion = suggest(view.prospect, view.touches, view.assessment);
    const Channel drafted_channel = channel.value_or(suggestion.channel);
    const Purpose drafted_purpose = purpose.value_or(suggestion.purpose);
    if (view.prospect.outcome) {
        context.warn(fmt::format("{} is closed ({})", display_name(view.prospect),
                                 to_string(*view.prospect.outcome)));
    }
    if (!reachable(view.prospect, drafted_channel)) {
        context.warn(fmt::format("{} cannot be reached by {} with what is stored",
                                 display_name(view.prospect), to_string(drafted_channel)));
    }
    if (drafted_purpose == Purpose::checkin) {
        context.warn("a bare check-in gives them nothing to answer: drafted as a value touch");
    }
    context.out << draft_text(view, context, drafted_channel, drafted_purpose,
                              options.template_path);
    return 0;
}

} // namespace followup
