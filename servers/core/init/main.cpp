// servers/core/init — the first user process (kernel-abi.md §1.3 steps 5–9).
//
// Boot: read the cpio initrd through its mapping, parse every
// services/*.service, make the boot plan (any error is a boot error: every
// diagnostic is printed with DEBUG_PUTSTR, init exits with status 1),
// pre-create one endpoint per service, start the PreProcmgr services (and
// procmgr) itself, hand them over to procmgr (PM_REGISTER, service
// definitions, providers), start the rest through procmgr (PM_SPAWN
// suspended, PM_INJECT_CAP, PM_RESUME) — each waited for when Type=notify
// —, hand the remaining root untypeds to rsrcsrv (RES_ADOPT_UNTYPED over an
// endpoint minted with badge 1), spawn the first program, then monitor the
// children for the life of the system. See init/README.md ("Boot").
//
// The initrd: the kernel maps it at the VA in boot-info word 1 (size in
// word 2). `--initrd-at <address> <size>` overrides that (the simulator,
// whose programs cannot dereference simulated VAs, passes a host copy of
// the mapping this way: sim/host/programs run_init).
#include "core/init/boot_plan.h"
#include "core/init/boot_state.h"
#include "core/init/cpio.h"
#include "core/init/init_support.h"
#include "core/init/monitor.h"
#include "core/init/procmgr_handover.h"
#include "core/init/rsrcsrv_handoff.h"
#include "core/init/service_start.h"
#include "core/init/vfs_seed.h"
#include "trona/core/debug_put.h"
#include "lib/format.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/program.h"
#include "trona/clients/rsrcsrv_client.h"
#include "trona/core/syscall.h"

namespace {

using namespace init;
using uapi::SLOT_SELF_CNODE;

inline constexpr uint64_t kBootInfoVa = 0x001F'F000;

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

// Reads and plans the units; false (diagnostics printed) on a boot error.
bool plan_boot(Boot& b) {
  cpio::Reader r(b.initrd);
  cpio::Entry e;
  bool ok = true;
  while (r.next(&e)) {
    if (!e.is_file() || !e.name.starts_with("services/") || !e.name.ends_with(".service")) continue;
    if (b.unit_count == kMaxServices) {
      b.diag.error(kBootOrigin, 0).put("more than ").dec(kMaxServices).put(" units");
      ok = false;
      break;
    }
    lib::Str file = e.name.tail_from(sizeof "services/" - 1);
    b.units[b.unit_count] = Unit{};
    if (!parse_unit(file, e.data, Arch::kX86_64, &b.units[b.unit_count], &b.diag)) ok = false;
    ++b.unit_count;
  }
  if (r.error()) {
    b.diag.error("initrd", 0).put("malformed cpio archive");
    ok = false;
  }
  if (ok && b.unit_count == 0) {
    b.diag.error(kBootOrigin, 0).put("no services/*.service in the initrd");
    ok = false;
  }
  if (ok) ok = make_boot_plan(b.units, b.unit_count, &b.plan, &b.diag);
  for (size_t i = 0; i < b.diag.size(); ++i)
    log_line(b.diag[i].error ? lib::Str("boot error: ") : lib::Str("warning: "), b.diag[i].str());
  return ok;
}

// The first service that service i Requires= (bare, or the svc:slot alias =
// NeedEP) that failed or was skipped, or -1. Like systemd: a unit whose
// requirement failed is not started; the others go on.
int failed_requirement(const Boot& b, size_t index) {
  const Unit& u = *b.plan.services[index].unit;
  auto failed = [&](lib::Str name) {
    const int j = b.plan.find(name);
    return j >= 0 && b.run[j].failed;
  };
  for (const NameRef& r : u.requires_)
    if (failed(r.name.str())) return b.plan.find(r.name.str());
  for (const NeedEp& n : u.need_ep)
    if (failed(n.service.str())) return b.plan.find(n.service.str());
  return -1;
}

// Starts services [from, to) of the plan in order. false on a boot error
// (logged): a spawn that failed, or procmgr not ready.
bool start_group(Boot& b, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    const lib::Str name = b.plan.services[i].unit->name.str();
    if (int dep = failed_requirement(b, i); dep >= 0) {
      char buf[128];
      lib::Formatter f(buf, sizeof buf);
      f.put("init: ").put(name).put(" not started: it requires ")
          .put(b.plan.services[static_cast<size_t>(dep)].unit->name.str()).put('\n');
      lib::debug_put(f.str());
      b.run[i].failed = true;
      continue;
    }
    const bool is_procmgr = name.equals(kProcmgrName);
    uint64_t error = 0;
    const StartOutcome out = start_service(b, i, &error);
    if (out == StartOutcome::kSpawnFailed) {
      log_status(b.plan.services[i].pre_procmgr ? "boot error: cannot start " : "boot error: procmgr cannot start ",
                 name, error);
      return false;
    }
    if (is_procmgr && out != StartOutcome::kReady) {
      lib::debug_put("init: boot error: procmgr is not ready\n");
      return false;
    }
    if (is_procmgr && inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, b.plan.services[i].endpoint_slot, SLOT_SELF_CNODE,
                          kInitProcmgrSlot, kInitBadge) != uapi::TRONA_OK) {
      lib::debug_put("init: boot error: cannot mint procmgr's endpoint\n");
      return false;
    }
    if (is_procmgr) b.procmgr_up = true;
    if (name.equals("vfs") && out == StartOutcome::kReady) seed_vfs(b);  // /bin and /etc for what follows
  }
  return true;
}

// rsrcsrv hand-over (§1.3 step 8): what is left of the root untypeds.
void hand_untypeds_to_rsrcsrv(const BootPlan& plan, int rsrcsrv) {
  if (rsrcsrv < 0 || inv(SLOT_SELF_CNODE, uapi::CNODE_MINT, plan.services[static_cast<size_t>(rsrcsrv)].endpoint_slot,
                         SLOT_SELF_CNODE, kInitRsrcsrvSlot, kInitBadge) != uapi::TRONA_OK)
    return;
  trona::RsrcsrvClient rs(kInitRsrcsrvSlot);
  uint64_t n = 0;
  for (uint64_t u = kRootUntypedBase; u < kRootUntypedEnd; ++u)
    if (rs.adopt_untyped(u) == 0) ++n;
  char buf[96];
  lib::Formatter f(buf, sizeof buf);
  f.put("init: ").dec(n).put(" root untypeds handed to rsrcsrv\n");
  lib::debug_put(f.str());
  init::hand_rsrcsrv_to_procmgr(plan, static_cast<size_t>(rsrcsrv), kInitRsrcsrvSlot, kWinCNode);
}

// The first program: `etc/init/first` in the initrd (a path), default bin/hello.
lib::Str first_program(lib::Str initrd) {
  lib::Str configured;
  if (!cpio::find_file(initrd, "etc/init/first", &configured)) return "bin/hello";
  while (!configured.empty() && (configured[configured.size - 1] == '\n' || configured[configured.size - 1] == ' '))
    configured = configured.head(configured.size - 1);
  return configured.empty() ? lib::Str("bin/hello") : configured;
}

int run(int argc, char** argv, char** /*envp*/) {
  reset_boot_state();
  Boot& b = boot_state();
  b.initrd = find_initrd(argc, argv);
  if (b.initrd.data == nullptr || b.initrd.size == 0) {
    lib::debug_put("init: boot error: no initrd\n");
    return 1;
  }
  if (!plan_boot(b)) {
    lib::debug_put("init: boot failed\n");
    return 1;
  }
  const BootPlan& plan = b.plan;
  // Socket activation: every service's endpoint exists before any runs.
  for (const PlannedService& s : plan.services) {
    uint64_t st = retype(uapi::OBJ_ENDPOINT, 0, s.endpoint_slot);
    if (st != uapi::TRONA_OK) {
      log_status("boot error: cannot create the endpoint of ", s.unit->name.str(), st);
      return 1;
    }
  }
  if (!start_group(b, 0, plan.pre_procmgr_count)) return 1;
  hand_over_to_procmgr(b);
  if (!start_group(b, plan.pre_procmgr_count, plan.services.size())) return 1;
  const int rsrcsrv = plan.find("rsrcsrv");
  hand_untypeds_to_rsrcsrv(plan, rsrcsrv >= 0 && b.run[rsrcsrv].failed ? -1 : rsrcsrv);
  write_boot_log(b);  // /var/log/messages (vfs_seed.h)
  const lib::Str first = first_program(b.initrd);
  uint64_t pid = 0;
  if (int e = trona::ProcmgrClient(kInitProcmgrSlot).spawn(first, nullptr, 0, &pid); e != 0) {
    log_status("cannot spawn ", first, static_cast<uint64_t>(e));
    pid = 0;  // the services are still monitored
  } else {
    log_line("spawned ", first);
  }
  return monitor(b, first, pid);
}

}  // namespace

TRONA_PROGRAM(init, run)
