// Stable storage behind a disk: an in-memory image (shareable between
// machines, e.g. to reboot onto the same disk) or a host image file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hw {

constexpr std::uint64_t kSectorSize = 512;

class DiskImage {
 public:
  virtual ~DiskImage() = default;
  virtual std::uint64_t size() const = 0;  // bytes
  virtual bool read(std::uint64_t offset, void* dst, std::size_t len) = 0;
  virtual bool write(std::uint64_t offset, const void* src, std::size_t len) = 0;
  virtual bool sync() { return true; }
};

class MemoryDisk final : public DiskImage {
 public:
  explicit MemoryDisk(std::uint64_t bytes) : bytes_(bytes) {}
  explicit MemoryDisk(std::vector<std::uint8_t> bytes) : bytes_(std::move(bytes)) {}
  std::uint64_t size() const override { return bytes_.size(); }
  bool read(std::uint64_t offset, void* dst, std::size_t len) override;
  bool write(std::uint64_t offset, const void* src, std::size_t len) override;
  std::vector<std::uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

class FileDisk final : public DiskImage {
 public:
  // Opens an existing image; with `create_size` > 0 creates/extends it.
  // Throws std::runtime_error when the file cannot be opened.
  static std::shared_ptr<FileDisk> open(const std::string& path, bool read_only = false, std::uint64_t create_size = 0);
  ~FileDisk() override;
  std::uint64_t size() const override { return size_; }
  bool read(std::uint64_t offset, void* dst, std::size_t len) override;
  bool write(std::uint64_t offset, const void* src, std::size_t len) override;
  bool sync() override;

 private:
  FileDisk(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  int fd_;
  std::uint64_t size_;
};

}  // namespace hw
