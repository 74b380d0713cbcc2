#include "hw_model/boot/cpio.h"

#include <cstdio>
#include <stdexcept>

namespace hw {

namespace {
std::string normalize(std::string path) {
  while (!path.empty() && path.front() == '/') path.erase(path.begin());
  return path;
}

void pad4(std::vector<std::uint8_t>& out) {
  while (out.size() % 4) out.push_back(0);
}

void put_entry(std::vector<std::uint8_t>& out, std::uint32_t ino, const std::string& name, std::uint32_t mode,
               std::uint32_t mtime, std::span<const std::uint8_t> data) {
  char hdr[cpio::kHeaderSize + 1];
  const std::uint32_t nlink = (mode & cpio::kTypeMask) == cpio::kDirectory ? 2 : 1;
  std::snprintf(hdr, sizeof hdr, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", ino, mode, 0u, 0u,
                nlink, mtime, static_cast<std::uint32_t>(data.size()), 0u, 0u, 0u, 0u,
                static_cast<std::uint32_t>(name.size() + 1), 0u);
  out.insert(out.end(), hdr, hdr + cpio::kHeaderSize);
  out.insert(out.end(), name.begin(), name.end());
  out.push_back(0);
  pad4(out);
  out.insert(out.end(), data.begin(), data.end());
  pad4(out);
}

std::uint32_t hex_field(std::span<const std::uint8_t> a, std::size_t off) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    const char c = static_cast<char>(a[off + i]);
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
    else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
    else throw std::runtime_error("cpio: bad hex digit at offset " + std::to_string(off + i));
  }
  return v;
}
}  // namespace

CpioBuilder& CpioBuilder::add_file(std::string path, std::span<const std::uint8_t> data, std::uint32_t perm) {
  entries_.push_back({normalize(std::move(path)), cpio::kRegular | (perm & 07777), {data.begin(), data.end()}, 0});
  return *this;
}

CpioBuilder& CpioBuilder::add_file(std::string path, std::string_view text, std::uint32_t perm) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(text.data());
  return add_file(std::move(path), std::span(p, text.size()), perm);
}

CpioBuilder& CpioBuilder::add_dir(std::string path, std::uint32_t perm) {
  entries_.push_back({normalize(std::move(path)), cpio::kDirectory | (perm & 07777), {}, 0});
  return *this;
}

CpioBuilder& CpioBuilder::add_symlink(std::string path, std::string_view target) {
  entries_.push_back({normalize(std::move(path)), cpio::kSymlink | 0777, {target.begin(), target.end()}, 0});
  return *this;
}

std::vector<std::uint8_t> CpioBuilder::build() const {
  std::vector<std::uint8_t> out;
  std::uint32_t ino = 1;
  for (const auto& e : entries_) put_entry(out, ino++, e.path, e.mode, e.mtime, e.data);
  put_entry(out, 0, std::string(cpio::kTrailer), 0, 0, {});
  return out;
}

std::vector<CpioEntry> parse_cpio(std::span<const std::uint8_t> a) {
  std::vector<CpioEntry> out;
  std::size_t off = 0;
  for (;;) {
    if (off + cpio::kHeaderSize > a.size()) throw std::runtime_error("cpio: truncated header at offset " + std::to_string(off));
    if (std::string_view(reinterpret_cast<const char*>(&a[off]), 6) != cpio::kMagic)
      throw std::runtime_error("cpio: bad magic at offset " + std::to_string(off));
    CpioEntry e;
    e.mode = hex_field(a, off + 14);
    e.mtime = hex_field(a, off + 46);
    const std::uint32_t filesize = hex_field(a, off + 54);
    const std::uint32_t namesize = hex_field(a, off + 94);
    const std::size_t name_off = off + cpio::kHeaderSize;
    if (namesize == 0 || name_off + namesize > a.size())
      throw std::runtime_error("cpio: truncated name at offset " + std::to_string(name_off));
    e.path.assign(reinterpret_cast<const char*>(&a[name_off]), namesize - 1);
    const std::size_t data_off = (name_off + namesize + 3) & ~std::size_t{3};
    if (e.path == cpio::kTrailer) return out;
    if (data_off + filesize > a.size()) throw std::runtime_error("cpio: truncated data at offset " + std::to_string(data_off));
    e.data.assign(a.begin() + static_cast<std::ptrdiff_t>(data_off), a.begin() + static_cast<std::ptrdiff_t>(data_off + filesize));
    out.push_back(std::move(e));
    off = (data_off + filesize + 3) & ~std::size_t{3};
  }
}

}  // namespace hw
