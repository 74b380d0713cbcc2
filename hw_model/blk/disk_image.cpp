#include "hw_model/blk/disk_image.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace hw {

bool MemoryDisk::read(std::uint64_t offset, void* dst, std::size_t len) {
  if (offset > bytes_.size() || len > bytes_.size() - offset) return false;
  std::memcpy(dst, bytes_.data() + offset, len);
  return true;
}

bool MemoryDisk::write(std::uint64_t offset, const void* src, std::size_t len) {
  if (offset > bytes_.size() || len > bytes_.size() - offset) return false;
  std::memcpy(bytes_.data() + offset, src, len);
  return true;
}

std::shared_ptr<FileDisk> FileDisk::open(const std::string& path, bool read_only, std::uint64_t create_size) {
  const int flags = read_only ? O_RDONLY : (O_RDWR | (create_size ? O_CREAT : 0));
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("disk image " + path + ": " + std::strerror(errno));
  struct stat st{};
  ::fstat(fd, &st);
  auto size = static_cast<std::uint64_t>(st.st_size);
  if (create_size > size) {
    if (::ftruncate(fd, static_cast<off_t>(create_size)) != 0) {
      ::close(fd);
      throw std::runtime_error("disk image " + path + ": cannot resize");
    }
    size = create_size;
  }
  return std::shared_ptr<FileDisk>(new FileDisk(fd, size - size % 512));
}

FileDisk::~FileDisk() { ::close(fd_); }

bool FileDisk::read(std::uint64_t offset, void* dst, std::size_t len) {
  if (offset > size_ || len > size_ - offset) return false;
  return ::pread(fd_, dst, len, static_cast<off_t>(offset)) == static_cast<ssize_t>(len);
}

bool FileDisk::write(std::uint64_t offset, const void* src, std::size_t len) {
  if (offset > size_ || len > size_ - offset) return false;
  return ::pwrite(fd_, src, len, static_cast<off_t>(offset)) == static_cast<ssize_t>(len);
}

bool FileDisk::sync() { return ::fdatasync(fd_) == 0; }

}  // namespace hw
