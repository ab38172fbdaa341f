// The entry point of mail.so (see module.hpp).

#include "mail/module.hpp"

namespace followup::mail {

namespace {

class Connection final : public ImapConnection {
public:
    Connection(const ImapUrl& url, const std::string& password) : session_(url, password) {}

    FolderState examine(const std::string& folder) override { return session_.examine(folder); }
    void fetch_headers(std::uint32_t first_uid, const std::vector<std::string>& fields,
                       const std::function<void(const FetchedHeaders&)>& each) override {
        session_.fetch_headers(first_uid, fields, each);
    }
    std::string fetch_section(std::uint32_t uid, const std::string& section,
                              std::size_t max_bytes) override {
        return session_.fetch_section(uid, section, max_bytes);
    }

private:
    ImapSession session_;
};

const MailModule table = {
    {module_abi, FOLLOWUP_MODULE_VERSION},
    [](std::string_view block) { return parse_headers(block); },
    [](std::string_view message) { return final_recipients(message); },
    [](std::string_view url) { return parse_imap_url(url); },
    [](const std::string& command) { return run_password_command(command); },
    [](const ImapUrl& url, const std::string& password) -> std::unique_ptr<ImapConnection> {
        return std::make_unique<Connection>(url, password);
    },
};

} // namespace

} // namespace followup::mail

extern "C" __attribute__((visibility("default"))) const followup::ModuleHeader*
followup_module_mail() {
    return &followup::mail::table.header;
}
