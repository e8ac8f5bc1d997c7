// lp-kiosk: the feedback kiosk. Thin: picks a subcommand from the table and runs it.
#include <cstdio>
#include <cstring>
#include <lp/kiosk/sync/commands.hpp>
#include <lp/kiosk/sync/sync_worker.hpp>
#include <lp/shared/version.hpp>

#include "commands.hpp"

namespace {

struct Command {
    const char* name;
    const char* summary;
    int (*run)(int argc, char** argv);
};

// One line per subcommand. Sync adds "enrol", "sync" and "export" here (implemented in their
// own files). Sync also registers its SyncControl for staff mode with
// lp::kiosk::set_sync_factory() (kiosk/include/lp/kiosk/sync_status.hpp) at the top of main().
const Command commands[] = {
    {"status", "print counts, question set and device id as JSON (--data DIR)", lp::kiosk::app::cmd_status},
    {"simulate", "record N synthetic responses (--data DIR --count N [--seed S])", lp::kiosk::app::cmd_simulate},
    {"set-pin", "set the staff PIN, read from stdin (--data DIR)", lp::kiosk::app::cmd_set_pin},
    {"salvage", "copy readable answers from a damaged old database back (--data DIR [--from FILE])",
     lp::kiosk::app::cmd_salvage},
    {"enrol", "join an aggregator (--data DIR --server URL --code CODE [--ca FILE])", lp::kiosk::cmd_enrol},
    {"sync", "send waiting answers once; exit 0 when none are left (--data DIR)", lp::kiosk::cmd_sync},
    {"export", "write waiting answers to a file for USB import (--data DIR --to FILE)", lp::kiosk::cmd_export},
};

void usage(std::FILE* out) {
    std::fprintf(out,
                 "usage: lp-kiosk [--data DIR] [--windowed WxH] [--assets DIR]   run the kiosk (fullscreen)\n"
                 "       lp-kiosk COMMAND [options]\n\ncommands:\n");
    for (const auto& c : commands) std::fprintf(out, "  %-9s %s\n", c.name, c.summary);
    std::fprintf(out, "\noptions: --help, --version\n");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc > 1 && std::strcmp(argv[1], "--version") == 0) {
        std::printf("lp-kiosk %s\n", lp::version());
        return 0;
    }
    if (argc > 1 && argv[1][0] != '-') {
        for (const auto& c : commands)
            if (std::strcmp(argv[1], c.name) == 0) return c.run(argc, argv);
        std::fprintf(stderr, "lp-kiosk: unknown command '%s' (try --help)\n", argv[1]);
        return 2;
    }
    lp::kiosk::install_sync_worker();  // the touch-screen UI syncs in the background
    return lp::kiosk::app::cmd_run(argc, argv);
}
