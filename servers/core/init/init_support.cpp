// init/init_support.cpp — see init_support.h.
#include "core/init/init_support.h"

#include "uapi/linux_numbers.h"

#include "trona/core/debug_put.h"
#include "lib/format.h"
#include "trona/core/syscall.h"

namespace init {

uint64_t inv(uint64_t cap, uint64_t label, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3) {
  return trona::invoke(cap, label, a0, a1, a2, a3).error;
}

uint64_t retype(uint64_t type, uint64_t size_bits, uint64_t dest) {
  uint64_t st = uapi::TRONA_OUT_OF_MEMORY;
  for (uint64_t u = kRootUntypedBase; u < kRootUntypedEnd; ++u) {
    st = inv(u, uapi::UNTYPED_RETYPE, type, size_bits, dest);
    if (st == uapi::TRONA_OK) return st;
  }
  return st;
}

void clear_slot(uint64_t slot) {
  inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_REVOKE, slot);
  inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_DELETE, slot);
}

void log_line(lib::Str a, lib::Str b) {
  char buf[160];
  lib::Formatter f(buf, sizeof buf);
  f.put("init: ").put(a).put(b).put('\n');
  lib::debug_put(f.str());
}

void log_status(lib::Str what, lib::Str name, uint64_t status) {
  char buf[160];
  lib::Formatter f(buf, sizeof buf);
  f.put("init: ").put(what).put(name).put(" (status ").dec(status).put(")\n");
  lib::debug_put(f.str());
}

void log_exit(lib::Str what, lib::Str name, int wait_status) {
  char buf[160];
  lib::Formatter f(buf, sizeof buf);
  f.put("init: ").put(what).put(name);
  if (uapi::w_ifsignaled(wait_status)) f.put(" (killed by signal ").dec(static_cast<uint64_t>(uapi::w_termsig(wait_status)));
  else f.put(" (status ").dec(static_cast<uint64_t>(uapi::w_exitstatus(wait_status)));
  f.put(")\n");
  lib::debug_put(f.str());
}

}  // namespace init
