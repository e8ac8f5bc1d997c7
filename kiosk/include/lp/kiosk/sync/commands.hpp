#pragma once
// `lp-kiosk enrol | sync | export`: argv[1] is the subcommand, options follow. Each returns the
// process exit code (0 ok, 1 failure, 2 usage error with one line on stderr).
namespace lp::kiosk {

/// lp-kiosk enrol --data DIR --server URL --code CODE [--ca FILE] [--name NAME]
int cmd_enrol(int argc, char** argv);
/// lp-kiosk sync --data DIR [--attempts N] [...]: 0 when nothing is left pending, 1 otherwise.
int cmd_sync(int argc, char** argv);
/// lp-kiosk export --data DIR --to FILE: pending sealed rows as one batch body (USB import).
int cmd_export(int argc, char** argv);

}  // namespace lp::kiosk
