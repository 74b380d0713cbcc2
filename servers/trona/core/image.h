// trona/core/image.h — program images of the simulated OS and the initial stack
// of a new process (kernel-abi.md §1.5; format: servers/uapi/README.md,
// "Program images").
//
// An image is a small text file naming a registered C++ entry point:
//
//   #!trona-image v1
//   entry=hello
//   stack_pages=2        (optional, 1..kMaxStackPages, default 1)
//   # comment
//
// The loader (procmgr) maps the image bytes read-only at kImageVa of the
// child and starts the child's TCB there; the simulator registers one
// start routine at kImageVa (sim/host/programs) which reads the header back from
// the child's memory, finds the entry point by name, reads argc/argv/envp
// from the initial stack and calls it. Freestanding, header-only.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"
#include "uapi/kernel_abi.h"

namespace trona::image {

inline constexpr char kMagic[] = "#!trona-image v1";
inline constexpr size_t kMaxImageBytes = 4096;  // one page
inline constexpr size_t kMaxEntryName = 48;
inline constexpr uint64_t kMaxStackPages = 16;

// Child address-space layout (kernel-abi.md §7).
inline constexpr uint64_t kIpcBufferVa = 0x0020'0000;
inline constexpr uint64_t kImageVa = 0x0040'0000;    // image bytes, read + execute; the TCB's rip
inline constexpr uint64_t kStackTopVa = 0x0080'0000;  // stack pages end here

enum class Error : uint8_t { kOk, kNoMagic, kBadLine, kUnknownKey, kNoEntry, kBadEntry, kBadStackPages, kTooBig };

struct Header {
  lib::Str entry;              // points into the image bytes
  uint64_t stack_pages = 1;
};

constexpr bool entry_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.' || c == '/';
}

// Parses an image. Lines end with '\n' (a '\r' before it is dropped); the
// first line must be kMagic; then `key=value` lines, '#' comments and
// empty lines. Keys: entry (required), stack_pages. Anything else is an
// error (a typo must not start a different program).
constexpr Error parse(lib::Str bytes, Header* out) {
  if (bytes.size > kMaxImageBytes) return Error::kTooBig;
  Header h;
  bool have_entry = false;
  size_t pos = 0;
  bool first = true;
  while (pos < bytes.size) {
    size_t nl = bytes.find('\n', pos);
    lib::Str line = bytes.sub(pos, nl == lib::Str::npos ? lib::Str::npos : nl - pos);
    pos = nl == lib::Str::npos ? bytes.size : nl + 1;
    if (!line.empty() && line[line.size - 1] == '\r') line = line.head(line.size - 1);
    if (first) {
      if (!line.equals(kMagic)) return Error::kNoMagic;
      first = false;
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    size_t eq = line.find('=');
    if (eq == lib::Str::npos) return Error::kBadLine;
    lib::Str key = line.head(eq), value = line.tail_from(eq + 1);
    if (key.equals("entry")) {
      if (value.empty() || value.size > kMaxEntryName) return Error::kBadEntry;
      for (char c : value)
        if (!entry_char(c)) return Error::kBadEntry;
      h.entry = value;
      have_entry = true;
    } else if (key.equals("stack_pages")) {
      uint64_t n = 0;
      if (value.empty() || value.size > 2) return Error::kBadStackPages;
      for (char c : value) {
        if (c < '0' || c > '9') return Error::kBadStackPages;
        n = n * 10 + static_cast<uint64_t>(c - '0');
      }
      if (n == 0 || n > kMaxStackPages) return Error::kBadStackPages;
      h.stack_pages = n;
    } else {
      return Error::kUnknownKey;
    }
  }
  if (first) return Error::kNoMagic;
  if (!have_entry) return Error::kNoEntry;
  *out = h;
  return Error::kOk;
}

// ---------------------------------------------------------------- initial stack
// Built in a host-side copy of the stack's top page (page_va = its VA,
// bytes = its 4096 bytes), top down: the argv strings, then the envp
// strings (NUL-terminated), padding, then the words
//   argc, argv[0..argc), NULL, envp[0..envc), NULL, auxv pairs, AT_NULL 0
// with argc at [rsp] and rsp ≡ 8 (mod 16) (§1.5). Strings are given as
// one buffer of NUL-separated strings (`argv_bytes`, `argc` of them).
struct StackSpec {
  const char* argv_bytes = nullptr;
  size_t argv_len = 0;  // bytes incl. every NUL
  size_t argc = 0;
  const char* envp_bytes = nullptr;
  size_t envp_len = 0;
  size_t envc = 0;
  const uint64_t* auxv = nullptr;  // (key, value) pairs, without AT_NULL
  size_t auxv_pairs = 0;
};

inline void put_word(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
inline uint64_t get_word(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

// Returns the rsp, or 0 when it does not fit one page.
inline uint64_t build_stack(const StackSpec& s, uint8_t* page, uint64_t page_va) {
  const size_t kPage = uapi::kPageSize;
  size_t strings = s.argv_len + s.envp_len;
  size_t words = 1 + s.argc + 1 + s.envc + 1 + 2 * (s.auxv_pairs + 1);
  if (strings + words * 8 + 32 > kPage) return 0;
  for (size_t i = 0; i < kPage; ++i) page[i] = 0;
  size_t str_off = kPage - strings;
  for (size_t i = 0; i < s.argv_len; ++i) page[str_off + i] = static_cast<uint8_t>(s.argv_bytes[i]);
  for (size_t i = 0; i < s.envp_len; ++i) page[str_off + s.argv_len + i] = static_cast<uint8_t>(s.envp_bytes[i]);
  size_t top = str_off & ~size_t{15};
  size_t rsp_off = top - words * 8;
  if (rsp_off % 16 != 8) rsp_off -= 8;  // argc at rsp ≡ 8 (mod 16)
  uint8_t* w = page + rsp_off;
  size_t k = 0;
  put_word(w + 8 * k++, s.argc);
  size_t off = str_off;
  auto push_strings = [&](const char* bytes, size_t len, size_t count) {
    size_t at = 0;
    for (size_t i = 0; i < count; ++i) {
      put_word(w + 8 * k++, page_va + off + at);
      while (at < len && bytes[at] != '\0') ++at;
      ++at;
    }
    put_word(w + 8 * k++, 0);
    off += len;
  };
  push_strings(s.argv_bytes, s.argv_len, s.argc);
  push_strings(s.envp_bytes, s.envp_len, s.envc);
  for (size_t i = 0; i < s.auxv_pairs; ++i) {
    put_word(w + 8 * k++, s.auxv[2 * i]);
    put_word(w + 8 * k++, s.auxv[2 * i + 1]);
  }
  put_word(w + 8 * k++, uapi::kAT_NULL);
  put_word(w + 8 * k++, 0);
  return page_va + rsp_off;
}

}  // namespace trona::image
