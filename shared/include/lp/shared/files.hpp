#pragma once
// Whole-file reads and crash-safe writes.
#include <lp/shared/result.hpp>

#include <string>

namespace lp {

/// Reads a whole file; not_found when missing, io_error otherwise.
Result<std::string> read_file(const std::string& path);
/// A whole file turned into a T by parse (std::string → Result<T>); a parse error keeps its code
/// and names the file.
template <class Parse>
auto parse_file(const std::string& path, Parse parse) -> decltype(parse(std::string())) {
    auto text = read_file(path);
    if (!text) return text.error();
    auto parsed = parse(*text);
    if (!parsed) return Error{parsed.error().code, path + ": " + parsed.error().message};
    return parsed;
}
/// Writes via a temp file + fsync + rename, so readers see the old or the new file, never half.
/// mode is applied before any byte is written (0600 for secrets). disk_full when the disk is full.
Status write_file_atomic(const std::string& path, const std::string& content, unsigned mode = 0644);
/// Creates a directory and its parents; io_error naming the path on failure.
Status make_dirs(const std::string& path, unsigned mode = 0755);
bool file_exists(const std::string& path);

}  // namespace lp
