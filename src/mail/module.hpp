#pragma once

// The mail module (mail.so): what `mail sync` needs of the libraries only it
// uses, GMime (headers.cpp) and libetpan with GnuTLS (imap.cpp). The followup
// binary loads it when `mail sync` runs (src/module/module.hpp), so that
// other commands start without them.

#include "followup/mail.hpp"
#include "mail/imap.hpp"
#include "module/module.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace followup::mail {

// An ImapSession (imap.hpp) behind the module's border.
class ImapConnection {
public:
    ImapConnection() = default;
    ImapConnection(const ImapConnection&) = delete;
    ImapConnection& operator=(const ImapConnection&) = delete;
    virtual ~ImapConnection() = default; // LOGOUT, close

    virtual FolderState examine(const std::string& folder) = 0;
    virtual void fetch_headers(std::uint32_t first_uid, const std::vector<std::string>& fields,
                               const std::function<void(const FetchedHeaders&)>& each) = 0;
    virtual std::string fetch_section(std::uint32_t uid, const std::string& section,
                                      std::size_t max_bytes) = 0;
};

// The module's table: the functions of mail.hpp and imap.hpp of the same names.
struct MailModule {
    ModuleHeader header;
    Headers (*parse_headers)(std::string_view block);
    std::vector<std::string> (*final_recipients)(std::string_view message);
    ImapUrl (*parse_imap_url)(std::string_view url);
    std::string (*run_password_command)(const std::string& command);
    // A new ImapSession(url, password).
    std::unique_ptr<ImapConnection> (*connect_imap)(const ImapUrl& url,
                                                    const std::string& password);
};

} // namespace followup::mail

extern "C" const followup::ModuleHeader* followup_module_mail();
