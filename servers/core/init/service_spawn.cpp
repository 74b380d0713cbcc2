// init/service_spawn.cpp — see service_spawn.h.
#include "core/init/service_spawn.h"

#include "core/init/cpio.h"
#include "core/init/init_support.h"
#include "core/init/service_readiness.h"
#include "trona/core/image.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

namespace init {

namespace {

using uapi::SLOT_SELF_CNODE;

// Default untyped budget of an init-spawned child (MemoryKB=0): 4 MiB.
inline constexpr uint64_t kDefaultChildUntypedBits = 22;
// What a child may do with its readiness notification: signal it (and the
// copy init hands procmgr for PM_INJECT_CAP must be grantable).
inline constexpr uint64_t kReadinessRights = uapi::RIGHT_WRITE | uapi::RIGHT_GRANT;

// The service's own endpoint goes to the slot its program serves.
uint64_t own_endpoint_slot(lib::Str name) {
  if (name.equals("procmgr")) return uapi::SLOT_PROCMGR_EP;
  if (name.equals("namesrv")) return uapi::SLOT_NAMESRV_EP;
  if (name.equals("rsrcsrv")) return uapi::SLOT_RSRCSRV_EP;
  if (name.equals("mmsrv")) return uapi::SLOT_INJECTED_BASE;  // mmsrv::Layout::service_ep
  return uapi::SLOT_BOOTSTRAP_PRIVATE_BASE;
}

// argv of an init-spawned child: argv[0] = Binary, then Args; procmgr also
// gets `--image <path> <bytes>` for the images in the initrd (its table
// for the boot: at most kProcmgrImageArgs of them, the units' Binary=
// images first, then the others in archive order; procmgr reads any other
// image from the VFS, where init seeds bin/, vfs_seed.h). NUL-packed into
// `buf`.
inline constexpr size_t kProcmgrImageArgs = 32;  // procmgr's kMaxImages

size_t child_argv(const BootPlan& plan, const Unit& u, lib::Str initrd, char* buf, size_t cap, size_t* argc) {
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
  if (u.name.str().equals(kProcmgrName)) {
    auto is_binary = [&](lib::Str name) {
      for (const PlannedService& ps : plan.services)
        if (ps.unit->binary.str().equals(name)) return true;
      return false;
    };
    size_t images = 0;
    for (int pass = 0; pass < 2; ++pass) {
      cpio::Reader r(initrd);
      cpio::Entry e;
      while (r.next(&e) && images < kProcmgrImageArgs)
        if (e.is_file() && e.data.starts_with(trona::image::kMagic) && e.data.find('\0') == lib::Str::npos &&
            is_binary(e.name) == (pass == 0)) {
          if (!add("--image") || !add(e.name) || !add(e.data)) return 0;
          ++images;
        }
    }
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
uint64_t cap_steps(const BootPlan& plan, size_t index, PutCap put_cap) {
  for (const CapStep& s : plan.cap_steps) {
    if (s.child != index) continue;
    uint64_t st = uapi::TRONA_OK;
    inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, kScratch);
    switch (s.kind) {
      case CapStepKind::kCreateEp:
        st = retype(uapi::OBJ_ENDPOINT, 0, kScratch);
        if (st == uapi::TRONA_OK) st = put_cap(kScratch, s.dst);
        break;
      case CapStepKind::kCopyCap:
        st = put_cap(s.src, s.dst);
        break;
      case CapStepKind::kNeedEp:
      case CapStepKind::kInjectEp: {
        const uint64_t badge = s.badged ? kChildBadgeBase + index : 0;
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

// The child's CSpace of an init-spawned service (objects already in the
// window): itself, procmgr, its endpoint, untyped, readiness, cap steps.
uint64_t fill_direct_cspace(const BootPlan& plan, size_t index) {
  const PlannedService& ps = plan.services[index];
  const lib::Str name = ps.unit->name.str();
  const uint64_t b = ps.window_base, cn = b + kWinCNode;
  uint64_t st;
  const struct {
    uint64_t from, to;
  } copies[] = {{b + kWinTcb, uapi::SLOT_SELF_TCB},
                {b + kWinVSpace, uapi::SLOT_SELF_VSPACE},
                {cn, uapi::SLOT_SELF_CNODE},
                {ps.endpoint_slot, own_endpoint_slot(name)}};
  for (const auto& c : copies)
    if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, c.from, cn, c.to, uapi::RIGHTS_ALL))) return st;
  if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, b + kWinReady, cn, uapi::SLOT_READINESS_NTFN, kReadinessRights)))
    return st;
  if ((st = inv(cn, uapi::CNODE_MOVE, uapi::SLOT_CHILD_UNTYPED, SLOT_SELF_CNODE, b + kWinUntyped))) return st;
  // procmgr's endpoint (pre-created: procmgr may not run yet) minted with
  // the child's badge: its PM_EXIT reaches procmgr once init registered it.
  const int procmgr = plan.find(kProcmgrName);
  if (procmgr >= 0 && static_cast<size_t>(procmgr) != index &&
      (st = inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, plan.services[static_cast<size_t>(procmgr)].endpoint_slot, cn,
                uapi::SLOT_PROCMGR_EP, ps.badge)))
    return st;
  st = cap_steps(plan, index, [cn](uint64_t from, uint64_t to) {
    return inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, from, cn, to, uapi::RIGHTS_ALL);
  });
  if (st != uapi::TRONA_OK) return st;
  // procmgr gets the pager's endpoint (when another service is the pager):
  // at 64 minted with badge 1 (privileged at mmsrv), at 65 unbadged with
  // GRANT (procmgr mints every child's copy from it).
  if (name.equals(kProcmgrName) && plan.pager < plan.services.size() && plan.pager != index) {
    const uint64_t pager_ep = plan.services[plan.pager].endpoint_slot;
    if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, pager_ep, cn, kProcmgrPagerSlot, kInitBadge))) return st;
    if ((st = inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, pager_ep, cn, kProcmgrPagerSlot + 1, uapi::RIGHTS_ALL)))
      return st;
  }
  return uapi::TRONA_OK;
}

}  // namespace

uint64_t readiness_slot(const BootPlan& plan, size_t index) {
  const PlannedService& ps = plan.services[index];
  return ps.pre_procmgr ? ps.window_base + kWinReady : kReadinessBase + index;
}

uint64_t make_readiness(const BootPlan& plan, size_t index) {
  const uint64_t slot = readiness_slot(plan, index);
  clear_slot(slot);
  return retype(uapi::OBJ_NOTIFICATION, 0, slot);
}

uint64_t spawn_direct(const BootPlan& plan, size_t index, lib::Str initrd) {
  using namespace trona::image;
  const PlannedService& ps = plan.services[index];
  const Unit& u = *ps.unit;
  lib::Str bytes;
  if (!cpio::find_file(initrd, u.binary.str(), &bytes)) return uapi::TRONA_NOT_FOUND;
  Header h;
  if (parse(bytes, &h) != Error::kOk) return uapi::TRONA_INVALID_ARGUMENT;
  const uint64_t b = ps.window_base;
  const uint64_t tcb = b + kWinTcb, vs = b + kWinVSpace, cn = b + kWinCNode, sc = b + kWinSc, stack = b + kWinStack,
                 ipcf = b + kWinIpc, img = b + kWinImage;
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
                    {uapi::OBJ_UNTYPED, untyped_bits, b + kWinUntyped}};
  uint64_t st;
  for (const auto& o : objs)
    if ((st = retype(o.type, o.bits, o.slot))) return st;
  if ((st = fill_direct_cspace(plan, index))) return st;
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
  const size_t argv_len = child_argv(plan, u, initrd, argv_buf, sizeof argv_buf, &argc);
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
  return inv(sc, uapi::SC_BIND, tcb);
}

uint64_t resume_direct(const BootPlan& plan, size_t index) {
  return inv(plan.services[index].window_base + kWinTcb, uapi::TCB_RESUME);
}

void destroy_direct(const BootPlan& plan, size_t index) {
  const uint64_t b = plan.services[index].window_base;
  inv(b + kWinTcb, uapi::TCB_SUSPEND);
  // The TCB last: nothing of the old child runs while its space goes.
  for (uint64_t off = kWinSlotsUsed; off-- > 0;) clear_slot(b + off);
}

int spawn_via_procmgr(const BootPlan& plan, size_t index, uint64_t* pid) {
  const PlannedService& ps = plan.services[index];
  const Unit& u = *ps.unit;
  trona::ProcmgrClient pm(kInitProcmgrSlot);
  const char* args[kMaxArgs] = {};
  char arg_buf[kMaxArgsBytes];
  for (size_t i = 0, at = 0; i < u.argc; ++i) {
    lib::Str a = u.arg(i);
    args[i] = arg_buf + at;
    for (size_t j = 0; j < a.size; ++j) arg_buf[at++] = a[j];
    arg_buf[at++] = '\0';
  }
  // procmgr accepts the readiness bits and the timeout and leaves the
  // waiting to init (init/README.md "Readiness").
  const bool notify = u.type == ServiceType::kNotify;
  trona::SpawnOptions opt;
  opt.policy = uapi::procmgr::spawn_policy(
      notify ? uapi::procmgr::kSpawnReadinessNotify : uapi::procmgr::kSpawnReadinessImmediate, u.cnode_bits,
      u.memory_kb > 0xFFFF ? 0 : u.memory_kb);
  opt.timeout_ns = notify ? readiness_timeout_ns(u) : 0;
  opt.flags = uapi::procmgr::kSpawnFlagStartSuspended;
  int e = pm.spawn(u.binary.str(), args, u.argc, pid, opt);
  if (e != 0) return e;
  const uint64_t p = *pid;
  int inject_err = 0;
  auto inject = [&](uint64_t from, uint64_t to) -> uint64_t {
    inject_err = pm.inject_cap(p, to, from);
    return inject_err == 0 ? uapi::TRONA_OK : uapi::TRONA_INVALID_ARGUMENT;
  };
  // Copies travel (init keeps its endpoint and notification for a restart).
  const struct {
    uint64_t from, rights, to;
  } own[] = {{ps.endpoint_slot, uapi::RIGHTS_ALL, own_endpoint_slot(u.name.str())},
             {readiness_slot(plan, index), kReadinessRights, uapi::SLOT_READINESS_NTFN}};
  for (const auto& c : own) {
    inv(SLOT_SELF_CNODE, uapi::CNODE_DELETE, kScratch + 1);
    if (inv(SLOT_SELF_CNODE, uapi::CNODE_COPY, c.from, SLOT_SELF_CNODE, kScratch + 1, c.rights) != uapi::TRONA_OK)
      return uapi::kEIO;
    if (inject(kScratch + 1, c.to) != uapi::TRONA_OK) return inject_err;
  }
  if (cap_steps(plan, index, inject) != uapi::TRONA_OK) return inject_err != 0 ? inject_err : uapi::kEIO;
  return pm.resume(p);
}

}  // namespace init
