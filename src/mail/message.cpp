// What `mail sync` reads of a message without GMime: the header fields it
// asks for, and the day a Date falls on. In the formats layer, with the
// followup binary; the parsing itself (headers.cpp) is in the mail module.

#include "followup/mail.hpp"

#include <array>
#include <ctime>

namespace followup::mail {

std::span<const std::string_view> header_fields() {
    static constexpr std::array<std::string_view, 15> fields = {"Message-ID",
                                                                "Date",
                                                                "From",
                                                                "To",
                                                                "Cc",
                                                                "Subject",
                                                                "Auto-Submitted",
                                                                "X-Autoreply",
                                                                "X-Autorespond",
                                                                "Precedence",
                                                                "Content-Type",
                                                                "In-Reply-To",
                                                                "References",
                                                                "Return-Path",
                                                                "X-Failed-Recipients"};
    return fields;
}

std::optional<Date> local_day(std::int64_t seconds) {
    // Beyond 9999-12-31: no calendar day followup stores.
    if (seconds > 253402300799LL || seconds < -62135596800LL) {
        return std::nullopt;
    }
    const auto time = static_cast<std::time_t>(seconds);
    std::tm local{};
    if (!localtime_r(&time, &local)) {
        return std::nullopt;
    }
    return Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

} // namespace followup::mail
