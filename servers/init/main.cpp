// servers/init — the first user process (kernel-abi.md §1.3 steps 5–8).
//
// Boot: read the cpio initrd through its mapping, parse every
// services/*.service, make the boot plan (any error is a boot error: every
// diagnostic is printed with DEBUG_PUTSTR, init exits with status 1),
// pre-create one endpoint per service, spawn the PreProcmgr services (and
// procmgr) itself, the rest through procmgr (PM_SPAWN suspended,
// PM_INJECT_CAP, PM_RESUME), hand the remaining root untypeds to rsrcsrv
// (RES_ADOPT_UNTYPED over an endpoint minted with badge 1), then spawn the
// first program and wait for it. See init/README.md ("Boot").
//
// The initrd: the kernel maps it at the VA in boot-info word 1 (size in
// word 2). `--initrd-at <address> <size>` overrides that (the simulator,
// whose programs cannot dereference simulated VAs, passes a host copy of
// the mapping this way: sim/programs run_init).
#include "init/boot_plan.h"
#include "init/cpio.h"
#include "init/rsrcsrv_handoff.h"
#include "lib/debug_put.h"
#include "lib/diagnostics.h"
#include "lib/format.h"
#include "trona/image.h"
#include "trona/procmgr_client.h"
#include "trona/program.h"
#include "trona/rsrcsrv_client.h"
#include "trona/syscall.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

namespace {

using uapi::SLOT_SELF_CNODE;

// init's CSpace beyond the plan's ranges (boot_plan.h): 3 procmgr's
// endpoint minted with badge 1 (init's own badge), 4 rsrcsrv's (badge 1),
// 80..95 scratch slots.
inline constexpr uint64_t kInitProcmgrSlot = uapi::SLOT_PROCMGR_EP;
inline constexpr uint64_t kInitRsrcsrvSlot = 4;
inline constexpr uint64_t kInitBadge = 1;
inline constexpr uint64_t kScratch = 80;
// procmgr's slots for the pager's endpoint (procmgr/main.cpp kMmsrvSlot).
inline constexpr uint64_t kProcmgrPagerSlot = 64;
inline constexpr uint64_t kRootUntypedBase = 16;
inline constexpr uint64_t kRootUntypedEnd = 16 + 64;
inline constexpr uint64_t kBootInfoVa = 0x001F'F000;
// Window of an init-spawned child (window_base + ...).
inline constexpr uint64_t kWinTcb = 0, kWinVSpace = 1, kWinCNode = 2, kWinSc = 3, kWinStack = 4, kWinIpc = 6,
                          kWinImage = 7, kWinUntyped = 8;
// Default untyped budget of an init-spawned child (MemoryKB=0): 4 MiB.
inline constexpr uint64_t kDefaultChildUntypedBits = 22;
inline constexpr size_t kMaxUnits = init::kMaxServices;
inline constexpr size_t kMaxArgv = 3 * 32 + 2;

// Boot state: large (units, plan), so static; reset at every start.
struct Boot {
  init::Unit units[kMaxUnits];
  size_t unit_count = 0;
  uint64_t pid[kMaxUnits] = {};       // procmgr-spawned services: their pid (by boot index)
  uint32_t restarts[kMaxUnits] = {};  // how often each was restarted
  init::BootPlan plan;
  lib::Diagnostics diag;
};
Boot g_boot;

void put(lib::Str s) { lib::debug_put(s); }

uint64_t inv(uint64_t cap, uint64_t label, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0) {
  return trona::invoke(cap, label, a0, a1, a2, a3).error;
}

void log2(lib::Str a, lib::Str b) {
  char buf[160];
  lib::Formatter f(buf, sizeof buf);
  f.put("init: ").put(a).put(b).put('\n');
  put(f.str());
}

void log_status(lib::Str what, lib::Str name, uint64_t status) {
  char buf[160];
  lib::Formatter f(buf, sizeof buf);
  f.put("init: ").put(what).put(name).put(" (status ").dec(status).put(")\n");
  put(f.str());
}

bool parse_u64(const char* s, uint64_t* out) {
  uint64_t v = 0;
  unsigned base = 10;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, s += 2;
  if (*s == '\0') return false;
  for (; *s != '\0'; ++s) {
    unsigned d;
    if (*s >= '0' && *s <= '9') d = static_cast<unsigned>(*s - '0');
    else if (base == 16 && *s >= 'a' && *s <= 'f') d = static_cast<unsigned>(*s - 'a' + 10);
    else if (base == 16 && *s >= 'A' && *s <= 'F') d = static_cast<unsigned>(*s - 'A' + 10);
    else return false;
    v = v * base + d;
  }
  *out = v;
  return true;
}

bool str_eq(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

lib::Str find_initrd(int argc, char** argv) {
  for (int i = 1; i + 2 < argc; ++i) {
    uint64_t at = 0, size = 0;
    if (str_eq(argv[i], "--initrd-at") && parse_u64(argv[i + 1], &at) && parse_u64(argv[i + 2], &size))
      return lib::Str(reinterpret_cast<const char*>(static_cast<uintptr_t>(at)), size);
  }
  const auto* bi = reinterpret_cast<const volatile uint64_t*>(kBootInfoVa);
  return lib::Str(reinterpret_cast<const char*>(static_cast<uintptr_t>(bi[1])), bi[2]);
}

// One object from the root untypeds into init's slot `dest`.
uint64_t retype(uint64_t type, uint64_t size_bits, uint64_t dest) {
  uint64_t st = uapi::TRONA_OUT_OF_MEMORY;
  for (uint64_t u = kRootUntypedBase; u < kRootUntypedEnd; ++u) {
    st = inv(u, uapi::UNTYPED_RETYPE, type, size_bits, dest);
    if (st == uapi::TRONA_OK) return st;
  }
  return st;
}

// The service's own endpoint goes to the slot its program serves.
uint64_t own_endpoint_slot(lib::Str name) {
  if (name.equals("procmgr")) return uapi::SLOT_PROCMGR_EP;
  if (name.equals("namesrv")) return uapi::SLOT_NAMESRV_EP;
  if (name.equals("rsrcsrv")) return uapi::SLOT_RSRCSRV_EP;
  if (name.equals("mmsrv")) return uapi::SLOT_INJECTED_BASE;  // mmsrv::Layout::service_ep
  return uapi::SLOT_BOOTSTRAP_PRIVATE_BASE;
}

// argv of an init-spawned child: argv[0] = Binary, then Args; procmgr also
// gets `--image <path> <bytes>` for every image in the initrd (its image
// table until the VFS exists). NUL-packed into `buf`.
size_t child_argv(const init::Unit& u, lib::Str initrd, char* buf, size_t cap, size_t* argc) {
  size_t len = 0;
  *argc = 0;
  auto add = [&](lib::Str s) {
    if (len + s.size + 1 > cap) return false;
    for (size_t i = 0; i < s.size; ++i) buf[len++] = s[i];
    buf[len++] = '\0';
    ++*argc;
    return true;
  };
  add(u.binary.str());
  for (size_t i = 0; i < u.argc; ++i) add(u.arg(i));
  if (u.name.str().equals(init::kProcmgrName)) {
    init::cpio::Reader r(initrd);
    init::cpio::Entry e;
    while (r.next(&e))
      if (e.is_file() && e.data.starts_with(trona::image::kMagic) && e.data.find('\0') == lib::Str::npos)
        if (!add("--image") || !add(e.name) || !add(e.data)) return 0;
  }
  return len;
}

uint64_t mo_write(uint64_t mo_slot, uint64_t off, const uint8_t* data, size_t n) {
  auto* buf = reinterpret_cast<uint8_t*>(trona::ipc_buffer());
  for (size_t i = 0; i < n; ++i) buf[i] = data[i];
  return inv(mo_slot, uapi::MO_WRITE, off, n);
}

// Executes the plan's capability steps of child `index` through `put_cap`
// (init slot, child slot) -> status.
template <typename PutCap>
uint64_t cap_steps(const init::BootPlan& plan, size_t index, PutCap put_cap) {
  for (const init::CapStep& s : plan.cap_steps) {
    if (s.child != index) continue;
    uint64_t st = uapi::TRONA_OK;
    inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, kScratch);
    switch (s.kind) {
      case init::CapStepKind::kCreateEp:
        st = retype(uapi::OBJ_ENDPOINT, 0, kScratch);
        if (st == uapi::TRONA_OK) st = put_cap(kScratch, s.dst);
        break;
      case init::CapStepKind::kCopyCap:
        st = put_cap(s.src, s.dst);
        break;
      case init::CapStepKind::kNeedEp:
      case init::CapStepKind::kInjectEp: {
        const uint64_t badge = s.badged ? init::kChildBadgeBase + index : 0;
        st = s.badged ? inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, s.src, SLOT_SELF_CNODE, kScratch, badge)
                      : inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, s.src, SLOT_SELF_CNODE, kScratch, uapi::RIGHTS_ALL);
        if (st == uapi::TRONA_OK) st = put_cap(kScratch, s.dst);
        break;
      }
    }
    inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, kScratch);
    if (st != uapi::TRONA_OK) return st;
  }
  return uapi::TRONA_OK;
}

// §1.5 for an init-spawned child: objects in its window, CSpace (0/1/2
// itself, its own endpoint, 7 its untyped, the plan's cap steps), the image
// at kImageVa, stack with argv, then TCB/SC set-up and TCB_RESUME.
uint64_t spawn_direct(const init::BootPlan& plan, size_t index, lib::Str initrd) {
  using namespace trona::image;
  const init::PlannedService& ps = plan.services[index];
  const init::Unit& u = *ps.unit;
  lib::Str bytes;
  if (!init::cpio::find_file(initrd, u.binary.str(), &bytes)) return uapi::TRONA_NOT_FOUND;
  Header h;
  if (parse(bytes, &h) != Error::kOk) return uapi::TRONA_INVALID_ARGUMENT;
  const uint64_t b = ps.window_base;
  const uint64_t tcb = b + kWinTcb, vs = b + kWinVSpace, cn = b + kWinCNode, sc = b + kWinSc, stack = b + kWinStack,
                 ipcf = b + kWinIpc, img = b + kWinImage, ut = b + kWinUntyped;
  uint64_t stack_bits = 0;
  while ((uint64_t{1} << stack_bits) < h.stack_pages) ++stack_bits;
  const uint64_t untyped_bits = u.memory_bits != 0 ? u.memory_bits : kDefaultChildUntypedBits;
  struct {
    uint64_t type, bits, slot;
  } const objs[] = {{uapi::OBJ_TCB, 0, tcb},
                    {uapi::OBJ_VSPACE, 0, vs},
                    {uapi::OBJ_CNODE, u.cnode_bits, cn},
                    {uapi::OBJ_SCHED_CONTEXT, 0, sc},
                    {uapi::OBJ_MEMORY_OBJECT, stack_bits, stack},
                    {uapi::OBJ_FRAME, uapi::kFrameSizeBits, ipcf},
                    {uapi::OBJ_MEMORY_OBJECT, 0, img},
                    {uapi::OBJ_UNTYPED, untyped_bits, ut}};
  uint64_t st;
  for (const auto& o : objs)
    if ((st = retype(o.type, o.bits, o.slot))) return st;
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, tcb, cn, uapi::SLOT_SELF_TCB, uapi::RIGHTS_ALL))) return st;
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, vs, cn, uapi::SLOT_SELF_VSPACE, uapi::RIGHTS_ALL))) return st;
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, cn, cn, uapi::SLOT_SELF_CNODE, uapi::RIGHTS_ALL))) return st;
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, ps.endpoint_slot, cn, own_endpoint_slot(u.name.str()),
                uapi::RIGHTS_ALL)))
    return st;
  if ((st = inv(cn, uapi::CNODE_MOVE, uapi::SLOT_CHILD_UNTYPED, SLOT_SELF_CNODE, ut))) return st;
  st = cap_steps(plan, index, [cn](uint64_t from, uint64_t to) {
    return inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, from, cn, to, uapi::RIGHTS_ALL);
  });
  if (st != uapi::TRONA_OK) return st;
  // procmgr gets the pager's endpoint (when another service is the pager):
  // at 64 minted with badge 1 (privileged at mmsrv), at 65 unbadged with
  // GRANT (procmgr mints every child's copy from it).
  if (u.name.str().equals(init::kProcmgrName) && plan.pager < plan.services.size() && plan.pager != index) {
    const uint64_t pager_ep = plan.services[plan.pager].endpoint_slot;
    if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, pager_ep, cn, kProcmgrPagerSlot, kInitBadge))) return st;
    if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, pager_ep, cn, kProcmgrPagerSlot + 1, uapi::RIGHTS_ALL)))
      return st;
  }
  uint8_t page[uapi::kPageSize];
  for (size_t i = 0; i < bytes.size; ++i) page[i] = static_cast<uint8_t>(bytes[i]);
  if ((st = mo_write(img, 0, page, bytes.size))) return st;
  if ((st = inv(vs, uapi::VSPACE_MAP_MO, img, kImageVa, 0,
                (uint64_t{1} << 32) | uapi::VSPACE_USER | uapi::VSPACE_EXECUTABLE)))
    return st;
  if ((st = inv(vs, uapi::VSPACE_MAP, ipcf, kIpcBufferVa, uapi::VSPACE_USER | uapi::VSPACE_WRITABLE))) return st;
  const uint64_t stack_base = kStackTopVa - h.stack_pages * uapi::kPageSize;
  if ((st = inv(vs, uapi::VSPACE_MAP_MO, stack, stack_base, 0,
                (h.stack_pages << 32) | uapi::VSPACE_USER | uapi::VSPACE_WRITABLE)))
    return st;
  char argv_buf[3072];
  size_t argc = 0;
  const size_t argv_len = child_argv(u, initrd, argv_buf, sizeof argv_buf, &argc);
  if (argv_len == 0) return uapi::TRONA_OUT_OF_RANGE;
  const uint64_t auxv[] = {
      uapi::kAT_PAGESZ,           uapi::kPageSize,
      uapi::kAT_ENTRY,            kImageVa,
      uapi::AT_TRONA_UNTYPED,     uapi::SLOT_CHILD_UNTYPED,
      uapi::AT_TRONA_VSPACE,      uapi::SLOT_SELF_VSPACE,
      uapi::AT_TRONA_IPC_BUFFER,  kIpcBufferVa,
  };
  StackSpec spec;
  spec.argv_bytes = argv_buf;
  spec.argv_len = argv_len;
  spec.argc = argc;
  spec.auxv = auxv;
  spec.auxv_pairs = sizeof auxv / sizeof auxv[0] / 2;
  uint64_t rsp = build_stack(spec, page, kStackTopVa - uapi::kPageSize);
  if (rsp == 0) return uapi::TRONA_OUT_OF_RANGE;
  if ((st = mo_write(stack, (h.stack_pages - 1) * uapi::kPageSize, page, uapi::kPageSize))) return st;
  if ((st = inv(tcb, uapi::TCB_SET_SPACE, cn, vs, 0))) return st;
  if ((st = inv(tcb, uapi::TCB_CONFIGURE, kImageVa, rsp, kIpcBufferVa))) return st;
  if ((st = inv(tcb, uapi::TCB_SET_IPC_BUFFER, kIpcBufferVa))) return st;
  if ((st = inv(sc, uapi::SC_CONFIGURE, 10000, 100000))) return st;
  if ((st = inv(sc, uapi::SC_BIND, tcb))) return st;
  return inv(tcb, uapi::TCB_RESUME);
}

// PM_SPAWN (suspended), the own endpoint and the cap steps with
// PM_INJECT_CAP, PM_RESUME. Returns 0 or an errno.
int spawn_via_procmgr(const init::BootPlan& plan, size_t index, uint64_t* pid) {
  const init::PlannedService& ps = plan.services[index];
  const init::Unit& u = *ps.unit;
  trona::ProcmgrClient pm(kInitProcmgrSlot);
  const char* args[init::kMaxArgs] = {};
  char arg_buf[init::kMaxArgsBytes];
  for (size_t i = 0, at = 0; i < u.argc; ++i) {
    lib::Str a = u.arg(i);
    args[i] = arg_buf + at;
    for (size_t j = 0; j < a.size; ++j) arg_buf[at++] = a[j];
    arg_buf[at++] = '\0';
  }
  trona::SpawnOptions opt;
  opt.policy = uapi::procmgr::spawn_policy(uapi::procmgr::kSpawnReadinessImmediate, u.cnode_bits,
                                           u.memory_kb > 0xFFFF ? 0 : u.memory_kb);
  opt.flags = uapi::procmgr::kSpawnFlagStartSuspended;
  int e = pm.spawn(u.binary.str(), args, u.argc, pid, opt);
  if (e != 0) return e;
  const uint64_t p = *pid;
  int inject_err = 0;
  auto inject = [&](uint64_t from, uint64_t to) -> uint64_t {
    inject_err = pm.inject_cap(p, to, from);
    return inject_err == 0 ? uapi::TRONA_OK : uapi::TRONA_INVALID_ARGUMENT;
  };
  // A copy of the own endpoint: init keeps it for a restart.
  inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, kScratch + 1);
  if (inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, ps.endpoint_slot, SLOT_SELF_CNODE, kScratch + 1, uapi::RIGHTS_ALL) !=
      uapi::TRONA_OK)
    return uapi::kEIO;
  if (inject(kScratch + 1, own_endpoint_slot(u.name.str())) != uapi::TRONA_OK) return inject_err;
  if (cap_steps(plan, index, inject) != uapi::TRONA_OK) return inject_err != 0 ? inject_err : uapi::kEIO;
  return pm.resume(p);
}

// Reads and plans the units; false (diagnostics printed) on a boot error.
bool plan_boot(lib::Str initrd) {
  Boot& b = g_boot;
  init::cpio::Reader r(initrd);
  init::cpio::Entry e;
  bool ok = true;
  while (r.next(&e)) {
    if (!e.is_file() || !e.name.starts_with("services/") || !e.name.ends_with(".service")) continue;
    if (b.unit_count == kMaxUnits) {
      b.diag.error(init::kBootOrigin, 0).put("more than ").dec(kMaxUnits).put(" units");
      ok = false;
      break;
    }
    lib::Str file = e.name.tail_from(sizeof "services/" - 1);
    b.units[b.unit_count] = init::Unit{};
    if (!init::parse_unit(file, e.data, init::Arch::kX86_64, &b.units[b.unit_count], &b.diag)) ok = false;
    ++b.unit_count;
  }
  if (r.error()) {
    b.diag.error("initrd", 0).put("malformed cpio archive");
    ok = false;
  }
  if (ok && b.unit_count == 0) {
    b.diag.error(init::kBootOrigin, 0).put("no services/*.service in the initrd");
    ok = false;
  }
  if (ok) ok = init::make_boot_plan(b.units, b.unit_count, &b.plan, &b.diag);
  for (size_t i = 0; i < b.diag.size(); ++i)
    log2(b.diag[i].error ? lib::Str("boot error: ") : lib::Str("warning: "), b.diag[i].str());
  return ok;
}

// Restart=: always, or on-failure when the wait status is not a clean exit 0.
bool wants_restart(const init::Unit& u, int status) {
  if (u.restart == init::RestartPolicy::kAlways) return true;
  return u.restart == init::RestartPolicy::kOnFailure && status != 0;
}

// While the first program runs, init reaps every child (PM_WAIT -1): a
// procmgr-spawned service that ended is restarted as its Restart= says
// (at most kMaxRestarts times); the first program's end ends init (so a
// healthy system still ends idle: only servers blocked in Recv remain).
int monitor(const init::BootPlan& plan, lib::Str first, uint64_t first_pid) {
  constexpr uint32_t kMaxRestarts = 5;
  trona::ProcmgrClient pm(kInitProcmgrSlot);
  for (;;) {
    int status = 0;
    uint64_t child = 0;
    int e = pm.wait(-1, 0, &status, &child);
    if (e != 0) {
      log_status("cannot wait for ", first, static_cast<uint64_t>(e));
      return 1;
    }
    if (child == first_pid) {
      log_status("exited: ", first, static_cast<uint64_t>(status));
      return 0;
    }
    for (size_t i = plan.pre_procmgr_count; i < plan.services.size(); ++i) {
      if (g_boot.pid[i] != child) continue;
      const init::Unit& u = *plan.services[i].unit;
      const lib::Str name = u.name.str();
      log_status("service exited: ", name, static_cast<uint64_t>(status));
      g_boot.pid[i] = 0;
      if (!wants_restart(u, status) || g_boot.restarts[i] >= kMaxRestarts) break;
      ++g_boot.restarts[i];
      uint64_t pid = 0;
      if (int err = spawn_via_procmgr(plan, i, &pid); err != 0) {
        log_status("cannot restart ", name, static_cast<uint64_t>(err));
        break;
      }
      g_boot.pid[i] = pid;
      log2("restarted ", name);
      break;
    }
  }
}

int run(int argc, char** argv, char** /*envp*/) {
  g_boot.unit_count = 0;
  for (size_t i = 0; i < kMaxUnits; ++i) g_boot.pid[i] = 0, g_boot.restarts[i] = 0;
  g_boot.plan = init::BootPlan{};
  g_boot.diag.clear();
  const lib::Str initrd = find_initrd(argc, argv);
  if (initrd.data == nullptr || initrd.size == 0) {
    put("init: boot error: no initrd\n");
    return 1;
  }
  if (!plan_boot(initrd)) {
    put("init: boot failed\n");
    return 1;
  }
  const init::BootPlan& plan = g_boot.plan;
  // Socket activation: every service's endpoint exists before any runs.
  for (const init::PlannedService& s : plan.services) {
    uint64_t st = retype(uapi::OBJ_ENDPOINT, 0, s.endpoint_slot);
    if (st != uapi::TRONA_OK) {
      log_status("boot error: cannot create the endpoint of ", s.unit->name.str(), st);
      return 1;
    }
  }
  int rsrcsrv = -1;
  for (size_t i = 0; i < plan.services.size(); ++i) {
    const lib::Str name = plan.services[i].unit->name.str();
    if (i < plan.pre_procmgr_count) {
      uint64_t st = spawn_direct(plan, i, initrd);
      if (st != uapi::TRONA_OK) {
        log_status("boot error: cannot start ", name, st);
        return 1;
      }
      if (name.equals(init::kProcmgrName) &&
          inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, plan.services[i].endpoint_slot, SLOT_SELF_CNODE, kInitProcmgrSlot,
              kInitBadge) != uapi::TRONA_OK) {
        put("init: boot error: cannot mint procmgr's endpoint\n");
        return 1;
      }
    } else {
      uint64_t pid = 0;
      int e = spawn_via_procmgr(plan, i, &pid);
      if (e != 0) {
        log_status("boot error: procmgr cannot start ", name, static_cast<uint64_t>(e));
        return 1;
      }
      g_boot.pid[i] = pid;
    }
    log2("started ", name);
    if (name.equals("rsrcsrv")) rsrcsrv = static_cast<int>(i);
  }
  // rsrcsrv hand-over (§1.3 step 8): what is left of the root untypeds.
  if (rsrcsrv >= 0 && inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, plan.services[static_cast<size_t>(rsrcsrv)].endpoint_slot,
                          SLOT_SELF_CNODE, kInitRsrcsrvSlot, kInitBadge) == uapi::TRONA_OK) {
    trona::RsrcsrvClient rs(kInitRsrcsrvSlot);
    uint64_t n = 0;
    for (uint64_t u = kRootUntypedBase; u < kRootUntypedEnd; ++u)
      if (rs.adopt_untyped(u) == 0) ++n;
    char buf[96];
    lib::Formatter f(buf, sizeof buf);
    f.put("init: ").dec(n).put(" root untypeds handed to rsrcsrv\n");
    put(f.str());
    init::hand_rsrcsrv_to_procmgr(plan, static_cast<size_t>(rsrcsrv), kInitRsrcsrvSlot, kWinCNode);
  }
  // The first program.
  lib::Str first = "bin/hello";
  lib::Str configured;
  if (init::cpio::find_file(initrd, "etc/init/first", &configured)) {
    while (!configured.empty() && (configured[configured.size - 1] == '\n' || configured[configured.size - 1] == ' '))
      configured = configured.head(configured.size - 1);
    if (!configured.empty()) first = configured;
  }
  trona::ProcmgrClient pm(kInitProcmgrSlot);
  uint64_t pid = 0;
  int e = pm.spawn(first, nullptr, 0, &pid);
  if (e != 0) {
    log_status("cannot spawn ", first, static_cast<uint64_t>(e));
    return 1;
  }
  log2("spawned ", first);
  return monitor(plan, first, pid);
}

}  // namespace

TRONA_PROGRAM(init, run)
