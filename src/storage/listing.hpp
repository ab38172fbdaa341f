#pragma once

#include "followup/store_backend.hpp"

#include <string>
#include <string_view>
#include <unordered_set>

// What both backends' SQL for listings shares: the same fold, the same
// filters, so completion lists the same names whichever holds them.
namespace followup::listing {

// Names in case-blind (ASCII) order, each let through once: names equal
// but for ASCII case are neighbours, so only the current run is remembered.
class DistinctNames {
public:
    bool first_time(const std::string& name) {
        std::string folded = name;
        for (char& c : folded) {
            if (c >= 'A' && c <= 'Z') {
                c = static_cast<char>(c - 'A' + 'a');
            }
        }
        if (folded != run_) {
            run_ = std::move(folded);
            seen_.clear();
        }
        return seen_.insert(name).second;
    }

private:
    std::string run_;
    std::unordered_set<std::string> seen_;
};

// The condition `among` adds to a WHERE clause, with its leading AND.
inline std::string_view among_sql(Among among) {
    switch (among) {
    case Among::open:
        return " AND outcome IS NULL";
    case Among::closed:
        return " AND outcome IS NOT NULL";
    case Among::all:
        break;
    }
    return "";
}

} // namespace followup::listing
