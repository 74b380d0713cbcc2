// init/boot_plan.h — from the parsed unit files to the plan init executes
// (kernel-abi.md §1.3 steps 5–7): dependency check, deterministic boot
// order, the PreProcmgr split, the pager check, and the capability steps
// (CreateEP / NeedEP / InjectEP / CopyCap) as data.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/init/unit_file.h"
#include "lib/diagnostics.h"
#include "lib/fixed_vector.h"

namespace init {

inline constexpr size_t kMaxServices = 48;
inline constexpr size_t kMaxCapSteps = 512;
// Init's CSpace layout for the plan (init CNode = 4096 slots, §1.3): the
// pre-created service endpoints ("socket activation") at 100 + i, i = boot
// order index; PreProcmgr child i gets the cap window 200 + 128*i and badge
// 0x1000 + i (§1.3 step 7).
inline constexpr uint64_t kServiceEndpointBase = 100;
inline constexpr uint64_t kChildWindowBase = 200;
inline constexpr uint64_t kChildWindowSize = 128;
inline constexpr uint64_t kChildBadgeBase = 0x1000;
inline constexpr uint64_t kMaxPreProcmgr = (kInitCNodeSlots - kChildWindowBase) / kChildWindowSize;
// The service procmgr itself is always spawned by init (§1.3 step 7).
inline constexpr const char* kProcmgrName = "procmgr";
// Diagnostics that concern the set of units rather than one file.
inline constexpr const char* kBootOrigin = "services";

struct PlannedService {
  const Unit* unit = nullptr;
  uint64_t endpoint_slot = 0;  // init's slot of the pre-created service endpoint
  bool pre_procmgr = false;    // spawned by init itself
  uint64_t window_base = 0;    // PreProcmgr only: init's cap window for the child
  uint64_t badge = 0;          // PreProcmgr only: the child's badge
};

enum class CapStepKind : uint8_t {
  kCreateEp,  // create a private endpoint in child slot dst
  kCopyCap,   // copy init slot src into child slot dst
  kNeedEp,    // copy (or mint with the child badge) provider's endpoint into child slot dst
  kInjectEp,  // provider's InjectEP: its endpoint into child slot dst
};

// One capability step, executed when `child` (index into BootPlan::services)
// is spawned: before resume for PreProcmgr children, via PM_INJECT_CAP for
// the others.
struct CapStep {
  CapStepKind kind = CapStepKind::kCopyCap;
  bool badged = false;     // kNeedEp with :badge
  uint16_t child = 0;
  uint16_t provider = 0;   // kNeedEp / kInjectEp: the service whose endpoint
  uint32_t src = 0;        // init slot (kCopyCap; endpoint slot for kNeedEp / kInjectEp)
  uint32_t dst = 0;        // child slot
  uint32_t line = 0;       // origin line (in the unit that declared the step)
};

struct BootPlan {
  // Boot order: services[0..pre_procmgr_count) are spawned by init (procmgr
  // among them), the rest through procmgr, each group in dependency order.
  lib::FixedVector<PlannedService, kMaxServices> services;
  size_t pre_procmgr_count = 0;
  size_t pager = 0;  // index of the Role=pager service
  lib::FixedVector<CapStep, kMaxCapSteps> cap_steps;  // grouped by child, in boot order

  // Index of the service named `name`, or -1.
  int find(lib::Str name) const;
};

// Builds the plan for units[0..count). Errors (with unit file and line):
// duplicate names, a dependency (After/Before/Requires/NeedEP/InjectEP) on
// an unknown service, a dependency cycle (the cycle is named), a PreProcmgr
// service ordered after one spawned through procmgr, zero or two
// Role=pager services, InjectEP slot conflicts. Returns true if none.
bool make_boot_plan(const Unit* units, size_t count, BootPlan* plan, lib::Diagnostics* diag);

}  // namespace init
