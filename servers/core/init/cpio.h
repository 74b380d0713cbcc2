// init/cpio.h — a tiny reader of cpio "newc" archives (the initrd format,
// kernel-abi.md §1.3: 110-byte ASCII headers "070701" + 13 eight-digit hex
// fields, the name (namesize bytes incl. NUL) padded to 4, the data padded
// to 4, terminated by "TRAILER!!!"). Freestanding, header-only, no copies:
// names and data point into the archive.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"

namespace init::cpio {

struct Entry {
  lib::Str name;  // without the NUL; a leading "./" is dropped
  lib::Str data;
  uint32_t mode = 0;
  bool is_file() const { return (mode & 0170000) == 0100000; }
};

inline constexpr size_t kHeaderSize = 110;

class Reader {
 public:
  constexpr explicit Reader(lib::Str archive) : a_(archive) {}

  // The next entry; false at the trailer, at the end, or on a malformed
  // header (then error() is true).
  bool next(Entry* out) {
    if (done_) return false;
    if (pos_ + kHeaderSize > a_.size) return fail(pos_ != a_.size);
    const char* h = a_.data + pos_;
    const char kMagic[] = "070701";
    for (size_t i = 0; i < 6; ++i)
      if (h[i] != kMagic[i]) return fail(true);
    uint32_t f[13] = {};
    for (size_t i = 0; i < 13; ++i)
      if (!hex8(h + 6 + 8 * i, &f[i])) return fail(true);
    const uint32_t mode = f[1], filesize = f[6], namesize = f[11];
    size_t name_at = pos_ + kHeaderSize;
    if (namesize == 0 || name_at + namesize > a_.size) return fail(true);
    lib::Str name(a_.data + name_at, namesize - 1);
    size_t data_at = align4(name_at + namesize);
    if (data_at + filesize > a_.size) return fail(true);
    pos_ = align4(data_at + filesize);
    if (name.equals("TRAILER!!!")) return fail(false);
    while (name.starts_with("./")) name = name.tail_from(2);
    out->name = name;
    out->data = lib::Str(a_.data + data_at, filesize);
    out->mode = mode;
    return true;
  }

  bool error() const { return error_; }

 private:
  lib::Str a_;
  size_t pos_ = 0;
  bool done_ = false;
  bool error_ = false;

  bool fail(bool error) {
    done_ = true;
    error_ = error;
    return false;
  }
  static constexpr size_t align4(size_t v) { return (v + 3) & ~size_t{3}; }
  static bool hex8(const char* p, uint32_t* out) {
    uint32_t v = 0;
    for (size_t i = 0; i < 8; ++i) {
      char c = p[i];
      uint32_t d;
      if (c >= '0' && c <= '9') d = static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') d = static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = static_cast<uint32_t>(c - 'A' + 10);
      else return false;
      v = (v << 4) | d;
    }
    *out = v;
    return true;
  }
};

// The data of the regular file `path` in `archive` (false if absent).
inline bool find_file(lib::Str archive, lib::Str path, lib::Str* data) {
  Reader r(archive);
  Entry e;
  while (r.next(&e))
    if (e.is_file() && e.name.equals(path)) {
      *data = e.data;
      return true;
    }
  return false;
}

}  // namespace init::cpio
