// Owners: whose prospects a listing takes (OwnerScope), who may ask for
// others' (check_scope), and handing a prospect over (set_owner), as
// contract tests over both backends; what only a team database does runs
// on PostgreSQL only.
#include "builders.hpp"
#include "followup/error.hpp"
#include "followup/store.hpp"
#include "store_factory.hpp"

#include <catch2/catch.hpp>
#include <libpq-fe.h>
#include <string>
#include <vector>

using namespace followup;
using namespace followup::test;

namespace {

const Config config;
const Date today = d("2026-01-05");

ProspectId add(Store& store, Prospect p) {
    p.id = 0;
    ProspectId id = 0;
    store.write(config, today, [&] { id = store.add_prospect(p); });
    return id;
}

// Runs SQL on the test server as its superuser (PostgreSQL only).
void admin_sql(const std::string& url, const std::string& sql) {
    PGconn* connection = PQconnectdb(url.c_str());
    REQUIRE(PQstatus(connection) == CONNECTION_OK);
    // A GRANT already given says so in a NOTICE: not for the test's output.
    PQsetNoticeProcessor(
        connection, [](void*, const char*) {}, nullptr);
    PGresult* result = PQexec(connection, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    const std::string why = PQerrorMessage(connection);
    PQclear(result);
    PQfinish(connection);
    INFO(why);
    REQUIRE((status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK));
}

std::size_t count_standings(const Store& store, const OwnerScope& scope) {
    std::size_t count = 0;
    store.for_each_standing([&](const StoredProspect&) { ++count; }, scope);
    return count;
}

std::size_t count_histories(const Store& store, const OwnerScope& scope) {
    std::size_t count = 0;
    store.for_each_history([&](const Prospect&, std::span<const Touch>) { ++count; }, Notes::skip,
                           scope);
    return count;
}

} // namespace

TEST_CASE("owners: a prospect's owner is whoever added it, never what the caller says",
          "[store][owners]") {
    Store store = fresh_store();
    Prospect p = prospect("Ann Lee");
    p.owner = "someone-else";
    const ProspectId id = add(store, p);
    const std::string owner = store.prospect(id).owner;
    CHECK_FALSE(owner.empty());
    CHECK(owner != "someone-else");
    // The same owner on every read.
    store.for_each_history(
        [&](const Prospect& read, std::span<const Touch>) { CHECK(read.owner == owner); });
}

TEST_CASE("owners: the caller's own, the caller by name and everyone list the same prospects "
          "when all are the caller's",
          "[store][owners]") {
    Store store = fresh_store();
    const ProspectId ann = add(store, prospect("Ann Lee"));
    const ProspectId bob = add(store, prospect("Bob Ray"));
    const std::string me = store.prospect(ann).owner;
    const std::vector<ProspectId> both = {ann, bob};
    for (const OwnerScope& scope :
         {OwnerScope::mine(), OwnerScope::of(me), OwnerScope::everyone()}) {
        CHECK_NOTHROW(store.check_scope(scope));
        CHECK(store.open_prospects(scope) == both);
        CHECK(store.all_prospects(scope) == both);
        CHECK(store.due_through(d("2026-01-05"), scope) == both);
        CHECK(store.count_due_through(d("2026-01-05"), scope) == 2);
        std::size_t due = 0;
        store.due_standings(
            d("2026-01-05"), [&](StoredProspect&&) { ++due; }, scope);
        CHECK(due == 2);
        CHECK(count_standings(store, scope) == 2);
        CHECK(count_histories(store, scope) == 2);
    }
    // Another owner has none of them.
    const OwnerScope other = OwnerScope::of(me + "-not");
    CHECK(store.open_prospects(other).empty());
    CHECK(store.all_prospects(other).empty());
    CHECK(store.due_through(d("2026-01-05"), other).empty());
    CHECK(store.count_due_through(d("2026-01-05"), other) == 0);
    CHECK(count_standings(store, other) == 0);
    CHECK(count_histories(store, other) == 0);
}

TEST_CASE("owners: a file has one owner", "[store][owners]") {
    if (testing_postgres()) {
        SUCCEED("a team database: see the PostgreSQL cases");
        return;
    }
    Store store = fresh_store();
    const ProspectId ann = add(store, prospect("Ann Lee"));
    const std::string me = store.prospect(ann).owner;
    CHECK_FALSE(store.can(Capability::owners));
    CHECK_THROWS_WITH(store.check_scope(OwnerScope::of("bob")),
                      Catch::Contains("one owner, " + me));
    CHECK_NOTHROW(store.check_scope(OwnerScope::of(me)));
    CHECK_THROWS_WITH(store.init_team(), Catch::Contains("PostgreSQL"));
    CHECK_THROWS_WITH(store.write(config, today, [&] { store.set_owner(ann, "bob"); }),
                      Catch::Contains("one owner"));
    CHECK(store.prospect(ann).owner == me);
}

TEST_CASE("owners: on a team database each listing takes the owner's rows in its SQL",
          "[store][owners][postgres]") {
    const char* admin = postgres_under_test();
    if (admin == nullptr) {
        SUCCEED("PostgreSQL only");
        return;
    }
    const std::string url = create_test_database(admin);
    Store store = Store::open({url, true}, Access::write);
    CHECK(store.can(Capability::owners));
    const ProspectId ann = add(store, prospect("Ann Lee"));
    const ProspectId bob = add(store, prospect("Bob Ray"));
    const ProspectId cy = add(store, prospect("Cy Doe"));
    const std::string me = store.prospect(ann).owner;
    admin_sql(url, "UPDATE prospects SET owner = 'unit_other' WHERE id = " + std::to_string(bob));
    Store reader = Store::open({url, true}, Access::read);
    CHECK(reader.open_prospects(OwnerScope::mine()) == std::vector<ProspectId>{ann, cy});
    CHECK(reader.open_prospects(OwnerScope::of("unit_other")) == std::vector<ProspectId>{bob});
    CHECK(reader.open_prospects(OwnerScope::everyone()) == std::vector<ProspectId>{ann, bob, cy});
    CHECK(reader.due_through(d("2026-01-05"), OwnerScope::of("unit_other")) ==
          std::vector<ProspectId>{bob});
    CHECK(reader.count_due_through(d("2026-01-05"), OwnerScope::mine()) == 2);
    CHECK(count_standings(reader, OwnerScope::of("unit_other")) == 1);
    CHECK(count_histories(reader, OwnerScope::mine()) == 2);
    CHECK(reader.prospect(bob).owner == "unit_other");
    // Before team init there is no row-level security: everyone may list all.
    CHECK_NOTHROW(reader.check_scope(OwnerScope::everyone()));
}

TEST_CASE("owners: team init is idempotent, and assign hands a prospect to a rep",
          "[store][owners][postgres]") {
    const char* admin = postgres_under_test();
    if (admin == nullptr) {
        SUCCEED("PostgreSQL only");
        return;
    }
    const std::string url = create_test_database(admin);
    Store store = Store::open({url, true}, Access::write);
    const TeamInitReport first = store.init_team();
    CHECK_FALSE(first.done.empty());
    const TeamInitReport second = store.init_team();
    CHECK_FALSE(second.done.empty());
    const ProspectId ann = add(store, prospect("Ann Lee"));
    const std::optional<NextAction> before = store.next_action(ann);

    CHECK_THROWS_WITH(store.write(config, today, [&] { store.set_owner(ann, "unit_nobody"); }),
                      Catch::Contains("no role 'unit_nobody'"));
    admin_sql(url, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                   "'unit_outsider') THEN CREATE ROLE unit_outsider NOLOGIN; END IF; IF NOT "
                   "EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'unit_rep') THEN CREATE ROLE "
                   "unit_rep NOLOGIN; END IF; END $$; GRANT followup_rep TO unit_rep");
    CHECK_THROWS_WITH(store.write(config, today, [&] { store.set_owner(ann, "unit_outsider"); }),
                      Catch::Contains("not in the team"));
    store.write(config, today, [&] { store.set_owner(ann, "unit_rep"); });
    CHECK(store.prospect(ann).owner == "unit_rep");
    CHECK(store.next_action(ann) == before);
    CHECK(store.open_prospects(OwnerScope::of("unit_rep")) == std::vector<ProspectId>{ann});
    CHECK(store.open_prospects(OwnerScope::mine()).empty());
}

TEST_CASE("owners: on a team database each role's mail sources are its own",
          "[store][owners][postgres]") {
    const char* admin = postgres_under_test();
    if (admin == nullptr) {
        SUCCEED("PostgreSQL only");
        return;
    }
    const std::string url = create_test_database(admin);
    Store store = Store::open({url, true}, Access::write);
    store.init_team();
    admin_sql(url, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                   "'unit_mail_rep') THEN CREATE ROLE unit_mail_rep LOGIN; END IF; END $$; "
                   "GRANT followup_rep TO unit_mail_rep");
    MailSourcePosition mine;
    mine.uidvalidity = 7;
    mine.last_uid = 70;
    store.write(config, today, [&] {
        store.save_mail_source("imap:INBOX", mine);
        store.add_maildir_seen("maildir:inbox", "a.1");
    });

    Store rep = Store::open({url + "&user=unit_mail_rep", true}, Access::write);
    CHECK_FALSE(rep.mail_source("imap:INBOX").known);
    std::size_t seen = 0;
    rep.for_each_maildir_seen("maildir:inbox", [&](std::string_view) { ++seen; });
    CHECK(seen == 0);
    MailSourcePosition theirs;
    theirs.uidvalidity = 9;
    theirs.last_uid = 3;
    rep.write(config, today, [&] {
        rep.save_mail_source("imap:INBOX", theirs);
        rep.add_maildir_seen("maildir:inbox", "a.1");
    });
    CHECK(rep.mail_source("imap:INBOX").last_uid == 3);
    rep.write(config, today, [&] { rep.forget_mail_source("imap:INBOX"); });
    CHECK_FALSE(rep.mail_source("imap:INBOX").known);
    // The first role's are as it left them.
    CHECK(store.mail_source("imap:INBOX").last_uid == 70);
    CHECK(store.mail_source("imap:INBOX").uidvalidity == 7);
}
