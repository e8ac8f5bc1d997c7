#pragma once
// A real PostgreSQL 15 for tests: one throwaway server per test process (tools/deploy/pg.sh,
// unix socket in a private dir under /dev/shm or /tmp, run as an unprivileged user), a fresh
// database per test.
// A watchdog started with the server stops it and deletes its directory when the test process
// exits, even when it crashes.
#include <string>

namespace lp::test {

class PgServer {
public:
    /// The process-wide server, started on first use; nullptr (with the reason printed once)
    /// when PostgreSQL is not installed.
    static PgServer* shared();
    /// The process-wide server; when PostgreSQL is missing, "SKIP: PostgreSQL …" is printed and
    /// the test process ends with success, so CTest reports the test skipped (its
    /// SKIP_REGULAR_EXPRESSION, set for every test labelled pg), never passed with nothing tested.
    static PgServer& shared_or_skip();

    /// CREATE DATABASE with a new name; returns its libpq URL.
    std::string fresh_database();
    /// Stops (fast) and starts the server again on the same socket.
    void restart();
    /// The server's directory (socket, data, log).
    const std::string& dir() const { return dir_; }
    /// A libpq URL for database db.
    std::string url(const std::string& db) const;

    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;
    ~PgServer();

private:
    PgServer() = default;
    std::string dir_;
    int next_db_ = 0;
};

/// Path of tools/deploy/pg.sh in the source tree.
std::string pg_script();

}  // namespace lp::test
