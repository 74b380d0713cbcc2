#include "sim/host/inspect/backtrace.h"

#include <link.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>

#include "sim/runtime/fiber/fiber.h"

namespace sim::inspect {

namespace {

struct Text {
  std::uintptr_t base = 0;  // load address of the executable (PIE)
  std::vector<std::pair<std::uintptr_t, std::uintptr_t>> ranges;  // executable segments
};

int note_main_program(dl_phdr_info* info, std::size_t, void* out) {
  auto* t = static_cast<Text*>(out);
  if (info->dlpi_name && info->dlpi_name[0] != '\0') return 0;  // the main program has no name
  t->base = info->dlpi_addr;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const auto& ph = info->dlpi_phdr[i];
    if (ph.p_type == PT_LOAD && (ph.p_flags & PF_X))
      t->ranges.emplace_back(info->dlpi_addr + ph.p_vaddr, info->dlpi_addr + ph.p_vaddr + ph.p_memsz);
  }
  return 1;
}

const Text& text() {
  static const Text t = [] {
    Text x;
    dl_iterate_phdr(&note_main_program, &x);
    return x;
  }();
  return t;
}

bool in_text(std::uintptr_t a) {
  for (auto [lo, hi] : text().ranges)
    if (a >= lo + 8 && a < hi) return true;
  return false;
}

// The bytes before `ret` end a call: E8 rel32, or FF /2 (register,
// [reg], [reg+disp8], [reg+disp32], [rip+disp32], with or without SIB).
bool after_call(std::uintptr_t ret) {
  const auto* p = reinterpret_cast<const unsigned char*>(ret);
  if (p[-5] == 0xE8) return true;
  for (int len : {2, 3, 4, 6, 7})
    if (p[-len] == 0xFF && ((p[-len + 1] >> 3) & 7) == 2) return true;
  return false;
}

// Reads another fiber's stack: its words are not this frame's, so the
// sanitizers must not judge the loads.
__attribute__((no_sanitize("address", "thread"))) std::vector<std::uintptr_t> scan(const Fiber& f, std::size_t max) {
  std::vector<std::uintptr_t> out;
  auto lo = reinterpret_cast<std::uintptr_t>(f.saved_context());
  auto hi = reinterpret_cast<std::uintptr_t>(f.stack().top());
  auto bottom = reinterpret_cast<std::uintptr_t>(f.stack().usable_bottom());
  if (lo < bottom || lo >= hi) return out;
  for (std::uintptr_t at = lo & ~std::uintptr_t{7}; at + 8 <= hi && out.size() < max; at += 8) {
    // A plain load (not memcpy: the sanitizers intercept that one).
    const std::uintptr_t w = *reinterpret_cast<const volatile std::uintptr_t*>(at);
    if (in_text(w) && after_call(w)) out.push_back(w);
  }
  return out;
}

std::string hex(std::uintptr_t v) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%jx", static_cast<std::uintmax_t>(v));
  return b;
}

}  // namespace

std::vector<std::uintptr_t> scan_stack(const Fiber& f, std::size_t max_frames) {
  if (f.is_host() || f.status() != Fiber::Status::Suspended || !f.stack()) return {};
  return scan(f, max_frames);
}

std::vector<std::string> symbolize(const std::vector<std::uintptr_t>& addrs) {
  std::vector<std::string> out(addrs.size());
  if (addrs.empty()) return out;
  // Appends, not "literal" + string: GCC 12's -Wrestrict false positive in release.
  std::string cmd = "addr2line -C -f -p -s -e /proc/";
  cmd += std::to_string(getpid());
  cmd += "/exe";
  for (std::uintptr_t r : addrs) {
    cmd += ' ';
    cmd += hex(r - 1 - text().base);
  }
  cmd += " 2>/dev/null";
  std::vector<std::string> names;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    while (names.size() < addrs.size() && std::fgets(buf, sizeof buf, p)) {
      std::string s(buf);
      while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
      names.push_back(s);
    }
    pclose(p);
  }
  for (std::size_t i = 0; i < addrs.size(); ++i) {
    const std::string n = i < names.size() ? names[i] : std::string();
    if (n.empty() || n.rfind("??", 0) == 0) {
      out[i] = "exe+";
      out[i] += hex(addrs[i] - text().base);
      continue;
    }
    std::string name = n;
    if (name.size() > 8 && name.compare(name.size() - 8, 8, " at ??:?") == 0) name.resize(name.size() - 8);  // no line info
    bool noise = false;
    for (const char* prefix : {"std::", "__gnu_cxx::", "sim::inspect::", "void std::", "bool std::", "bool __gnu_cxx::"})
      noise = noise || n.rfind(prefix, 0) == 0;
    if (!noise) out[i] = name;
  }
  return out;
}

}  // namespace sim::inspect
