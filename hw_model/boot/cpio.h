// The initrd format: cpio "newc" (magic 070701, 110-byte ASCII-hex
// headers, name and data padded to 4 bytes, "TRAILER!!!" last). The
// builder is deterministic (inode numbers in order, mtime 0, uid/gid 0).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hw {

namespace cpio {
constexpr std::uint32_t kTypeMask = 0170000;
constexpr std::uint32_t kRegular = 0100000;
constexpr std::uint32_t kDirectory = 0040000;
constexpr std::uint32_t kSymlink = 0120000;
constexpr std::size_t kHeaderSize = 110;
constexpr std::string_view kMagic = "070701";
constexpr std::string_view kTrailer = "TRAILER!!!";
}  // namespace cpio

struct CpioEntry {
  std::string path;  // without a leading "/"
  std::uint32_t mode = cpio::kRegular | 0644;
  std::vector<std::uint8_t> data;  // file contents or symlink target
  std::uint32_t mtime = 0;

  bool is_file() const { return (mode & cpio::kTypeMask) == cpio::kRegular; }
  bool is_dir() const { return (mode & cpio::kTypeMask) == cpio::kDirectory; }
  bool operator==(const CpioEntry&) const = default;
};

class CpioBuilder {
 public:
  CpioBuilder& add_file(std::string path, std::span<const std::uint8_t> data, std::uint32_t perm = 0644);
  CpioBuilder& add_file(std::string path, std::string_view text, std::uint32_t perm = 0644);
  CpioBuilder& add_dir(std::string path, std::uint32_t perm = 0755);
  CpioBuilder& add_symlink(std::string path, std::string_view target);
  const std::vector<CpioEntry>& entries() const { return entries_; }
  std::vector<std::uint8_t> build() const;

 private:
  std::vector<CpioEntry> entries_;
};

// Every entry before the trailer. Throws std::runtime_error naming the
// offset on a bad magic, bad hex, or truncated archive.
std::vector<CpioEntry> parse_cpio(std::span<const std::uint8_t> archive);

}  // namespace hw
