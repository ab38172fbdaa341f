// Times fetching every message's header fields through ImapSession (what
// `followup mail sync` does on a first IMAP sync): connect, log in, EXAMINE,
// UID SEARCH and batched UID FETCH BODY.PEEK[HEADER.FIELDS (...)].
//   followup-bench-imap URL RUNS
// The password is read from FOLLOWUP_BENCH_IMAP_PASSWORD. Prints one line per
// run (milliseconds, messages, header bytes) and the median; the first run is
// also shown apart, as the server builds its cache then.

#include "followup/error.hpp"
#include "followup/mail.hpp"
#include "mail/imap.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 3) {
        fmt::print(stderr, "usage: followup-bench-imap URL RUNS\n");
        return 2;
    }
    const char* password = std::getenv("FOLLOWUP_BENCH_IMAP_PASSWORD");
    if (password == nullptr) {
        fmt::print(stderr, "followup-bench-imap: set FOLLOWUP_BENCH_IMAP_PASSWORD\n");
        return 2;
    }
    const int runs = std::max(1, std::atoi(argv[2]));
    // What `mail sync` asks for.
    const std::vector<std::string> fields(followup::mail::header_fields().begin(),
                                          followup::mail::header_fields().end());
    try {
        const followup::mail::ImapUrl url = followup::mail::parse_imap_url(argv[1]);
        std::vector<double> times;
        for (int run = 1; run <= runs; ++run) {
            const auto start = std::chrono::steady_clock::now();
            std::size_t messages = 0;
            std::size_t bytes = 0;
            {
                followup::mail::ImapSession session(url, password);
                session.examine(url.folder);
                session.fetch_headers(1, fields, [&](const followup::mail::FetchedHeaders& h) {
                    ++messages;
                    bytes += h.header_block.size();
                });
            }
            const std::chrono::duration<double, std::milli> took =
                std::chrono::steady_clock::now() - start;
            times.push_back(took.count());
            fmt::print("run {}: {:.1f} ms, {} messages, {} header bytes\n", run, took.count(),
                       messages, bytes);
        }
        const double first = times.front();
        std::vector<double> sorted = times;
        std::sort(sorted.begin(), sorted.end());
        const double median = sorted.size() % 2 == 1
                                  ? sorted[sorted.size() / 2]
                                  : (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]) / 2;
        fmt::print("first run {:.1f} ms; median of {} runs {:.1f} ms\n", first, times.size(),
                   median);
        if (times.size() > 1) {
            std::vector<double> rest(times.begin() + 1, times.end());
            std::sort(rest.begin(), rest.end());
            const double rest_median =
                rest.size() % 2 == 1 ? rest[rest.size() / 2]
                                     : (rest[rest.size() / 2 - 1] + rest[rest.size() / 2]) / 2;
            fmt::print("median of the {} runs after the first {:.1f} ms\n", rest.size(),
                       rest_median);
        }
    } catch (const followup::Error& e) {
        fmt::print(stderr, "followup-bench-imap: {}\n", e.what());
        return 1;
    }
    return 0;
}
