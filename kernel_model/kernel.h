// kmodel::Kernel — the simulated era-B SaltyOS microkernel.
//
// One Kernel per simulated machine, on top of a sim::Scheduler. Simulated
// threads are sim::Threads (fibers) bound to TCBs; they enter the kernel
// through `syscall()` with the era-B register convention and touch user
// memory only through `read`/`write`/atomics, which go through their
// VSpace and raise VM faults as fault IPC.
//
//   sim::Scheduler sched;
//   kmodel::Kernel k(sched, &machine_bus);          // bus optional
//   auto init = k.create_root_task([&] {            // runs as a fiber
//     auto r = k.syscall(abi::SYS_INVOKE, abi::SLOT_CNODE, abi::CNODE_GET_INFO);
//     k.write<std::uint64_t>(0x800000 - 8, 42);      // faults if unmapped
//   });
//   sched.run();
//
// This header is for embedders and tests: it gathers the kernel context
// (kernel_context.h, the class) and every object type. kernel_model's own
// files include kernel_context.h and only the object headers they use.
#pragma once

#include "kernel_model/abi.h"
#include "kernel_model/cspace/cap.h"
#include "kernel_model/invocations/invocation.h"
#include "kernel_model/ipc/endpoint.h"
#include "kernel_model/ipc/ipc_buffer.h"
#include "kernel_model/ipc/notif_frame.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/cnode/cnode_ops.h"
#include "kernel_model/objects/device/device.h"
#include "kernel_model/objects/device/device_ops.h"
#include "kernel_model/objects/memory_object/memory_object.h"
#include "kernel_model/objects/memory_object/memory_object_ops.h"
#include "kernel_model/objects/object_table.h"
#include "kernel_model/objects/sched_context/sched_context.h"
#include "kernel_model/objects/sched_context/sched_context_ops.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/objects/tcb/tcb_ops.h"
#include "kernel_model/objects/untyped/untyped.h"
#include "kernel_model/objects/untyped/untyped_ops.h"
#include "kernel_model/types.h"
#include "kernel_model/vspace/frame.h"
#include "kernel_model/vspace/phys_mem.h"
#include "kernel_model/vspace/vspace.h"
#include "kernel_model/vspace/vspace_decode.h"
