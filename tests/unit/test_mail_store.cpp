#include "builders.hpp"
#include "followup/store.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace followup;
using namespace followup::test;

TEST_CASE("store: what mail sync keeps (schema 7)", "[store][mail]") {
    Store store = Store::open_in_memory();
    const Config config;
    const Date today = d("2026-11-20");
    ProspectId id = 0;
    std::int64_t hand = 0;
    store.write(config, today, [&] {
        Prospect p = prospect("Dana Whitfield");
        p.id = 0;
        p.email = "Dana@Brightwater.example";
        id = store.add_prospect(p);
        Touch synced = out("2026-11-16");
        synced.prospect_id = id;
        synced.message_id = "m1@seller.example";
        synced.purpose_inferred = true;
        store.add_touch(synced);
        Touch by_hand = reply("2026-11-17");
        by_hand.prospect_id = id;
        hand = store.add_touch(by_hand);
    });
    const std::vector<Touch> touches = store.touches(id);
    REQUIRE(touches.size() == 2);
    CHECK(touches[0].message_id == "m1@seller.example");
    CHECK(touches[0].purpose_inferred);
    CHECK(touches[1].message_id.empty());
    // Without notes the mail fields are not read (they are not in the index).
    CHECK(store.touches(id, Notes::skip)[0].message_id.empty());

    CHECK(store.message_known("m1@seller.example", id));
    CHECK_FALSE(store.message_known("m1@seller.example", id + 1));
    CHECK_FALSE(store.message_known("m2@seller.example", id));
    CHECK(store.unsynced_email_touch(id, d("2026-11-17"), Direction::in, false) == hand);
    CHECK_FALSE(store.unsynced_email_touch(id, d("2026-11-17"), Direction::in, true));
    CHECK_FALSE(store.unsynced_email_touch(id, d("2026-11-16"), Direction::out, false));

    std::vector<std::string> emails;
    store.for_each_open_email(
        [&](ProspectId, const std::string& email) { emails.push_back(email); });
    CHECK(emails == std::vector<std::string>{"Dana@Brightwater.example"});

    store.write(config, today, [&] {
        store.set_touch_message_id(hand, "r1@brightwater.example");
        store.ignore_message("undone@seller.example", id);
        store.set_email_bouncing(id, true);
        store.save_mail_source("/mail/INBOX", {true, 0, 0, 11, 22});
        store.add_maildir_seen("/mail/INBOX", "1000.a.host");
        store.add_maildir_seen("/mail/INBOX", "1000.a.host");
        store.save_mail_source("imap://a@h/INBOX", {true, 7, 42, 0, 0});
    });
    CHECK(store.message_known("r1@brightwater.example", id));
    CHECK(store.message_known("undone@seller.example", id));
    CHECK(store.prospect(id).email_bouncing);
    const MailSourcePosition maildir = store.mail_source("/mail/INBOX");
    CHECK(maildir.known);
    CHECK(maildir.new_mtime == 11);
    CHECK(maildir.cur_mtime == 22);
    const MailSourcePosition imap = store.mail_source("imap://a@h/INBOX");
    CHECK(imap.uidvalidity == 7);
    CHECK(imap.last_uid == 42);
    CHECK_FALSE(store.mail_source("/elsewhere").known);
    std::vector<std::string> seen;
    store.for_each_maildir_seen("/mail/INBOX",
                                [&](std::string_view name) { seen.emplace_back(name); });
    CHECK(seen == std::vector<std::string>{"1000.a.host"});

    store.write(config, today, [&] { store.forget_mail_source("/mail/INBOX"); });
    CHECK_FALSE(store.mail_source("/mail/INBOX").known);
    // Editing the prospect keeps the mark unless the caller clears it
    // (edit --email does); deleting the prospect drops its ignored messages.
    store.write(config, today, [&] {
        Prospect p = store.prospect(id);
        p.email_bouncing = false;
        store.update_prospect(p);
    });
    CHECK_FALSE(store.prospect(id).email_bouncing);
    store.write(config, today, [&] { store.delete_prospect(id); });
    CHECK_FALSE(store.message_known("undone@seller.example", id));
}
