#include "commands.hpp"
#include "followup/error.hpp"
#include "followup/exchange.hpp"

#include <fmt/format.h>
#include <ostream>

namespace followup {

int run_export(const Context& context, const ExportOptions& options) {
    const Format format = format_option(options.format);
    if (format != Format::json && format != Format::csv) {
        throw UsageError(
            "export writes json (everything) or csv (prospects): use -o json or -o csv");
    }
    const Store store = context.open(Access::read);
    if (format == Format::json) {
        nlohmann::json prospects = nlohmann::json::array();
        store.for_each_history([&](const Prospect& prospect, std::span<const Touch> touches) {
            prospects.push_back(export_record(prospect, touches));
        });
        const nlohmann::json document = {{"format", export_format_name},
                                         {"version", export_format_version},
                                         {"exported_on", context.today.iso()},
                                         {"prospects", std::move(prospects)}};
        context.out << dump_json(document) << '\n';
        return 0;
    }
    nlohmann::json rows = nlohmann::json::array();
    for_each_view(store, context, Notes::read,
                  [&](ProspectView&& view) { rows.push_back(prospect_json(view)); });
    const std::vector<Column> columns = {
        {"id", ""},
        {"name", ""},
        {"company", ""},
        {"email", ""},
        {"phone", ""},
        {"stage", ""},
        {"value", ""},
        {"tags", ""},
        {"top_priority", ""},
        {"notes", ""},
        {"state", ""},
        {"outcome", ""},
        {"last_touch_on", ""},
        {"due_on", ""},
        {"reason", ""},
        {"address", ""},
        {"social", ""},
        {"referrer", ""},
        {"closed_on", ""},
        {"close_note", ""},
    };
    // Data for a spreadsheet, guarded against formulas: written to a file or
    // a pipe as stored, neutralised only when it lands on a terminal.
    Style style;
    style.terminal = context.style.terminal;
    write_list(context.out, Format::csv, columns, rows, style);
    return 0;
}

} // namespace followup
