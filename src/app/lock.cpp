#include "app/lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "core/file_system.h"

namespace sa::app {

Result<JobLock> JobLock::acquire(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return fs::errno_status("cannot open lock file '" + path + "'", errno);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        char buf[32] = {0};
        ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
        ::close(fd);
        if (err == EWOULDBLOCK) {
            std::string holder = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
            while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' '))
                holder.pop_back();
            return Status::busy("another sa-batch job holds the lock '" + path + "'" +
                                (holder.empty() ? "" : " (pid " + holder + ")") +
                                "; try again when it has finished");
        }
        return fs::errno_status("cannot lock '" + path + "'", err);
    }
    std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) == 0) {
        ssize_t ignored = ::pwrite(fd, pid.data(), pid.size(), 0);
        (void)ignored;  // the pid is a courtesy for the error message above
    }
    return JobLock(fd);
}

JobLock::~JobLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace sa::app
