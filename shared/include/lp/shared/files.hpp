#pragma once
// Whole-file reads and crash-safe writes.
#include <lp/shared/result.hpp>

#include <string>

namespace lp {

/// Reads a whole file; not_found when missing, io_error otherwise.
Result<std::string> read_file(const std::string& path);
/// Writes via a temp file + fsync + rename, so readers see the old or the new file, never half.
/// mode is applied before any byte is written (0600 for secrets). disk_full when the disk is full.
Status write_file_atomic(const std::string& path, const std::string& content, unsigned mode = 0644);
/// Creates a directory and its parents; io_error naming the path on failure.
Status make_dirs(const std::string& path, unsigned mode = 0755);
bool file_exists(const std::string& path);

}  // namespace lp
