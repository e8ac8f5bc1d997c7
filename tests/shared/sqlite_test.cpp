#include <doctest/doctest.h>
#include <lp/shared/sqlite.hpp>

using lp::db::Database;

TEST_CASE("statements bind by name and read back every column type") {
    Database db(":memory:");
    db.exec("CREATE TABLE t(i INTEGER, d REAL, s TEXT, b BLOB)");
    auto ins = db.prepare("INSERT INTO t VALUES(:i, :d, :s, :b)");
    ins.bind(":i", std::int64_t{42}).bind(":d", 1.5).bind(":s", std::string("héllo")).bind(":b", lp::db::Blob{1, 2, 3});
    ins.run();
    auto q = db.prepare("SELECT i, d, s, b FROM t");
    REQUIRE(q.step());
    CHECK(q.column_int64(0) == 42);
    CHECK(q.column_double(1) == 1.5);
    CHECK(q.column_text(2) == "héllo");
    CHECK(q.column_blob(3) == lp::db::Blob{1, 2, 3});
    CHECK_FALSE(q.step());
}

TEST_CASE("binding an unknown parameter name throws") {
    Database db(":memory:");
    auto st = db.prepare("SELECT :a");
    CHECK_THROWS_AS(st.bind(":b", 1), lp::db::Error);
}

TEST_CASE("a transaction rolls back unless committed") {
    Database db(":memory:");
    db.exec("CREATE TABLE t(x)");
    {
        lp::db::Transaction tx(db);
        db.exec("INSERT INTO t VALUES(1)");
    }
    CHECK(db.scalar_int("SELECT count(*) FROM t") == 0);
    {
        lp::db::Transaction tx(db);
        db.exec("INSERT INTO t VALUES(1)");
        tx.commit();
    }
    CHECK(db.scalar_int("SELECT count(*) FROM t") == 1);
}

TEST_CASE("migrations run once and stop at a failing step") {
    Database db(":memory:");
    lp::db::migrate(db, {"CREATE TABLE a(x)", "CREATE TABLE b(x)"});
    CHECK(db.user_version() == 2);
    lp::db::migrate(db, {"CREATE TABLE a(x)", "CREATE TABLE b(x)"});  // no-op, would fail if re-run
    CHECK(db.user_version() == 2);
    CHECK_THROWS_AS(lp::db::migrate(db, {"CREATE TABLE a(x)", "CREATE TABLE b(x)", "NOT SQL"}), lp::db::Error);
    CHECK(db.user_version() == 2);
}

TEST_CASE("opening a database in a missing directory fails with a message naming the path") {
    try {
        Database db("/nonexistent-dir-lp/x.db");
        FAIL("expected an error");
    } catch (const lp::db::Error& e) {
        CHECK(std::string(e.what()).find("/nonexistent-dir-lp/x.db") != std::string::npos);
    }
}
