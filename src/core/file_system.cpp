#include "core/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sa::fs {

Status errno_status(const std::string& context, int err) {
    std::string message = context + ": " + std::strerror(err);
    switch (err) {
        case ENOENT:
        case ENOTDIR:
            return Status::not_found(message);
        case EWOULDBLOCK:
            return Status::busy(message);
        default:
            return Status::io(message);
    }
}

Result<FileInfo> stat_path(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return errno_status("cannot stat '" + path + "'", errno);
    FileInfo info;
    info.is_regular = S_ISREG(st.st_mode);
    info.is_directory = S_ISDIR(st.st_mode);
    info.size = static_cast<std::uint64_t>(st.st_size);
    info.mtime = static_cast<UnixTime>(st.st_mtime);
    info.mode = st.st_mode;
    return info;
}

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
    auto file = InputFile::open(path);
    if (!file) return file.status();
    std::string data;
    char buf[65536];
    for (;;) {
        auto n = file->read(buf, sizeof buf);
        if (!n) return n.status();
        if (*n == 0) break;
        if (data.size() + *n > max_bytes) {
            return Status::invalid("'" + path + "' is larger than " + std::to_string(max_bytes) +
                                   " bytes");
        }
        data.append(buf, *n);
    }
    return data;
}

namespace {

Status fsync_path(const std::string& path, int flags) {
    int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return errno_status("cannot open '" + path + "' to sync it", errno);
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0) return errno_status("cannot sync '" + path + "'", err);
    return Status::ok();
}

Status write_all(int fd, const std::string& data, const std::string& path) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno_status("cannot write '" + path + "'", errno);
        }
        done += static_cast<std::size_t>(n);
    }
    return Status::ok();
}

}  // namespace

Status write_file_atomic(const std::string& path, const std::string& data, mode_t mode) {
    std::string tmp = path + ".tmp." + std::to_string(::getpid());
    // A new file, so that it has `mode` (less the umask): a temp file left by a run that
    // died would keep its own mode, and a link in its place would lead elsewhere.
    ::unlink(tmp.c_str());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) return errno_status("cannot create '" + tmp + "'", errno);
    Status s = write_all(fd, data, tmp);
    if (s && ::fsync(fd) != 0) s = errno_status("cannot sync '" + tmp + "'", errno);
    ::close(fd);
    if (s && ::rename(tmp.c_str(), path.c_str()) != 0) {
        s = errno_status("cannot rename '" + tmp + "' to '" + path + "'", errno);
    }
    if (!s) {
        ::unlink(tmp.c_str());
        return s;
    }
    return fsync_path(dirname(path), O_RDONLY | O_DIRECTORY);
}

Status rename_durable(const std::string& from, const std::string& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) {
        return errno_status("cannot move '" + from + "' to '" + to + "'", errno);
    }
    Status s = fsync_path(dirname(to), O_RDONLY | O_DIRECTORY);
    if (!s) return s;
    if (dirname(from) != dirname(to)) return fsync_path(dirname(from), O_RDONLY | O_DIRECTORY);
    return Status::ok();
}

Status make_dirs(const std::string& path, mode_t mode) {
    if (path.empty()) return Status::ok();
    std::string partial;
    std::size_t pos = 0;
    while (pos != std::string::npos) {
        pos = path.find('/', pos + 1);
        partial = path.substr(0, pos);
        if (partial.empty()) continue;
        if (::mkdir(partial.c_str(), mode) != 0 && errno != EEXIST) {
            return errno_status("cannot create directory '" + partial + "'", errno);
        }
    }
    auto info = stat_path(path);
    if (!info) return info.status();
    if (!info->is_directory) return Status::io("'" + path + "' is not a directory");
    return Status::ok();
}

Result<std::vector<std::string>> list_dir(const std::string& dir) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return errno_status("cannot list '" + dir + "'", errno);
    std::vector<std::string> names;
    while (struct dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    return names;
}

std::string join(const std::string& dir, const std::string& name) {
    if (dir.empty()) return name;
    if (dir.back() == '/') return dir + name;
    return dir + "/" + name;
}

std::string dirname(const std::string& path) {
    auto pos = path.find_last_of('/');
    if (pos == std::string::npos) return ".";
    if (pos == 0) return "/";
    return path.substr(0, pos);
}

std::string basename(const std::string& path) {
    auto pos = path.find_last_of('/');
    return pos == std::string::npos ? path : path.substr(pos + 1);
}

Result<InputFile> InputFile::open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno_status("cannot open '" + path + "'", errno);
    return InputFile(fd, path);
}

InputFile::InputFile(InputFile&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
    other.fd_ = -1;
}

InputFile& InputFile::operator=(InputFile&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.fd_;
        path_ = std::move(other.path_);
        other.fd_ = -1;
    }
    return *this;
}

InputFile::~InputFile() {
    if (fd_ >= 0) ::close(fd_);
}

Result<std::size_t> InputFile::read(char* buf, std::size_t n) {
    for (;;) {
        ssize_t got = ::read(fd_, buf, n);
        if (got >= 0) return static_cast<std::size_t>(got);
        if (errno != EINTR) return errno_status("cannot read '" + path_ + "'", errno);
    }
}

Status InputFile::rewind() {
    if (::lseek(fd_, 0, SEEK_SET) < 0) return errno_status("cannot rewind '" + path_ + "'", errno);
    return Status::ok();
}

}  // namespace sa::fs
