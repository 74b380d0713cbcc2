// init/service_spawn.h — starting one service of the boot plan: built by
// init itself (§1.5, PreProcmgr services and procmgr) or spawned through
// procmgr (PM_SPAWN suspended, PM_INJECT_CAP, PM_RESUME), each with its
// own endpoint, the plan's capability steps and a readiness notification
// at its slot 14. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/init/boot_plan.h"
#include "lib/span.h"

namespace init {

// init's slot of service i's readiness notification.
uint64_t readiness_slot(const BootPlan& plan, size_t index);
// A fresh readiness notification for service i (the previous one, if any,
// and every copy of it are gone). TRONA_* status.
uint64_t make_readiness(const BootPlan& plan, size_t index);

// §1.5 for an init-spawned child: objects in its window, CSpace (0/1/2
// itself, 3 procmgr's endpoint minted with its badge — so its PM_EXIT
// reaches procmgr once init registered it —, its own endpoint, 7 its
// untyped, 14 its readiness notification, the plan's cap steps), the image
// at kImageVa, stack with argv, then TCB/SC set-up; resume_direct starts
// it (TCB_RESUME). TRONA_* status.
uint64_t spawn_direct(const BootPlan& plan, size_t index, lib::Str initrd);
uint64_t resume_direct(const BootPlan& plan, size_t index);
// Deletes what spawn_direct built in the window (before a restart).
void destroy_direct(const BootPlan& plan, size_t index);

// PM_SPAWN (suspended; Type=notify sets the readiness bits of the policy
// and the timeout), its own endpoint, slot 14 and the cap steps with
// PM_INJECT_CAP, PM_RESUME. Returns 0 or an errno.
int spawn_via_procmgr(const BootPlan& plan, size_t index, uint64_t* pid);

}  // namespace init
