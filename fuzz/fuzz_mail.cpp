// parse_headers + classify: a raw mail header block (what a Maildir file or an
// IMAP server gives `mail sync`) through GMime 3 to the touch it maps to.
//
// Input: a message; the bytes before its first empty line are the header
// block, the whole input is what final_recipients() reads for a bounce. No
// input may crash, throw, or break what mail.hpp promises: text is UTF-8, a
// classified message names prospects exactly when it is not ignored, each
// once, and only prospects the lookup knows.
#include "common.hpp"
#include "followup/mail.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <set>

namespace {

std::vector<followup::ProspectId> lookup(const std::string& folded) {
    if (folded == "dana@brightwater.example") {
        return {1};
    }
    if (folded == "priya@oakline.example") {
        return {3, 4};
    }
    if (!folded.empty() && folded.back() == 'x') {
        return {static_cast<followup::ProspectId>(folded.size())};
    }
    return {};
}

const std::vector<std::string> me = {"alex@seller.example"};

} // namespace

// GMime registers its GTypes once per process, on first use; doing that here
// keeps them out of the leak check of the first input.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    const std::string warm_up =
        "From: Group: a@b.example, c@d.example;\nTo: x@y.example\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=B\n"
        "MIME-Version: 1.0\n\n--B\nContent-Type: message/delivery-status\n\n"
        "Final-Recipient: rfc822; a@b.example\n\n--B\nContent-Type: message/rfc822\n\n"
        "Subject: x\n\nx\n--B--\n";
    (void)followup::mail::parse_headers(warm_up);
    (void)followup::mail::final_recipients(warm_up);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace followup::mail;
    const std::string_view input = fuzz::as_text(data, size);
    fuzz::expect_only_followup_errors([&] {
        const std::size_t end = input.find("\n\n");
        const std::string_view block = end == std::string_view::npos ? input : input.substr(0, end);
        const Headers headers = parse_headers(block);
        fuzz::check(followup::is_valid_utf8(headers.subject), "the subject is UTF-8");
        for (const auto* list : {&headers.from, &headers.to, &headers.cc}) {
            for (const Address& address : *list) {
                fuzz::check(followup::is_valid_utf8(address.name), "names are UTF-8");
                fuzz::check(followup::is_valid_utf8(address.email), "addresses are UTF-8");
            }
        }
        std::vector<std::string> failed;
        if (is_bounce(headers)) {
            failed = final_recipients(input);
        }
        const Classified classified = classify(headers, me, lookup, failed);
        fuzz::check((classified.kind == Kind::ignore) == classified.prospects.empty(),
                    "prospects exactly when not ignored");
        std::set<followup::ProspectId> seen(classified.prospects.begin(),
                                            classified.prospects.end());
        fuzz::check(seen.size() == classified.prospects.size(), "each prospect once");
        fuzz::check(
            std::all_of(seen.begin(), seen.end(), [](followup::ProspectId id) { return id > 0; }),
            "only known prospects");
        fuzz::check(!message_key(headers).empty(), "every message has a key");
        (void)subject_key(headers.subject);
        if (headers.date) {
            if (auto day = local_day(*headers.date)) {
                fuzz::check(day->iso().size() == 10, "a day is YYYY-MM-DD");
            }
        }
    });
    return 0;
}
