#include "pg_test_support.hpp"

#include "aggregator_test_support.hpp"

#include <pqxx/pqxx>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <sys/statvfs.h>
#include <unistd.h>

namespace lp::test {

std::string pg_script() { return std::string(LP_SOURCE_DIR) + "/tools/deploy/pg.sh"; }

namespace {

// At least 1 GiB free: a container's default 64 MiB /dev/shm would not hold two servers.
bool shm_has_room() {
    struct statvfs st {};
    if (statvfs("/dev/shm", &st) != 0) return false;
    return static_cast<unsigned long long>(st.f_bavail) * st.f_frsize >= (1ull << 30);
}

}  // namespace

PgServer* PgServer::shared() {
    static std::once_flag once;
    static std::unique_ptr<PgServer> server;
    std::call_once(once, [] {
        if (run({"/bin/bash", pg_script(), "available"}) != 0) {
            std::cerr << "SKIP: PostgreSQL 15 is not installed (apt-get install postgresql-15); "
                         "PostgreSQL store tests do nothing\n";
            return;
        }
        // /dev/shm or /tmp, not $TMPDIR: the unprivileged server user must reach it, and socket
        // paths are short. Memory-backed /dev/shm when it has room makes starting a server and
        // creating a database several times faster than on disk (no journal, no writeback).
        std::string tmpl = shm_has_room() ? "/dev/shm/lp-pg-XXXXXX" : "/tmp/lp-pg-XXXXXX";
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        std::unique_ptr<PgServer> s(new PgServer());
        s->dir_ = tmpl;
        std::string out;
        // A cluster template in the build dir saves every later test process the initdb.
        const std::string exe = aggregator_exe();  // <build>/sync/lp-aggregator
        const std::string tmpl_dir = exe.substr(0, exe.rfind("/sync/")) + "/tests/pg-template";
        if (run({"/bin/bash", pg_script(), "start", s->dir_, "--watch", std::to_string(getpid()), "--fsync", "off",
                 "--template", tmpl_dir},
                &out) != 0)
            throw std::runtime_error("could not start PostgreSQL in " + s->dir_ + ": " + out);
        server = std::move(s);
    });
    return server.get();
}

PgServer& PgServer::shared_or_skip() {
    PgServer* pg = shared();
    if (!pg) {
        std::cout << "SKIP: PostgreSQL 15 is not installed, so this test cannot run (apt-get install postgresql-15)"
                  << std::endl;
        std::exit(0);
    }
    return *pg;
}

PgServer::~PgServer() { run({"/bin/bash", pg_script(), "kill", dir_}); }

std::string PgServer::url(const std::string& db) const {
    return "postgresql://lp@/" + db + "?host=" + dir_ + "&port=5432";
}

std::string PgServer::fresh_database() {
    static std::mutex m;
    std::lock_guard<std::mutex> lock(m);
    const std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(++next_db_);
    pqxx::connection c(url("postgres"));
    pqxx::nontransaction w(c);
    w.exec("CREATE DATABASE " + name);
    return url(name);
}

void PgServer::restart() {
    if (run({"/bin/bash", pg_script(), "restart", dir_}) != 0) throw std::runtime_error("PostgreSQL restart failed");
}

}  // namespace lp::test
