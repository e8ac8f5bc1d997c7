#include <lp/shared/files.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace lp {

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (!file_exists(path)) return Result<std::string>::fail(Errc::not_found, "file not found: " + path);
        return Result<std::string>::fail(Errc::io_error, "cannot read " + path + ": " + std::strerror(errno));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Status write_file_atomic(const std::string& path, const std::string& content, unsigned mode) {
    std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    auto fail = [&](const char* what) {
        int e = errno;
        if (fd >= 0) ::close(fd);
        ::unlink(tmp.c_str());
        return Status::fail(e == ENOSPC || e == EDQUOT ? Errc::disk_full : Errc::io_error,
                            std::string(what) + " " + path + ": " + std::strerror(e));
    };
    if (fd < 0) return fail("cannot create");
    ::fchmod(fd, mode);
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail("cannot write");
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) return fail("cannot sync");
    if (::close(fd) != 0) {
        fd = -1;
        return fail("cannot close");
    }
    fd = -1;
    if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("cannot rename into");
    return ok_status();
}

Status make_dirs(const std::string& path, unsigned mode) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return Status::fail(Errc::io_error, "cannot create directory " + path + ": " + ec.message());
    ::chmod(path.c_str(), mode);
    return ok_status();
}

bool file_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

}  // namespace lp
