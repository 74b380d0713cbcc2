// procmgr/trona_child_objects.h — the one builder of a child's kernel
// objects: the steps spawn (TronaOps::build), fork (build_fork), exec
// (build_exec_space / exec) and thread creation (build_thread) compose, so
// each object is made, wired and mapped by one piece of code. Each step is
// a fixed sequence of invocations on procmgr's CSpace; a caller's order of
// steps is its kernel-call sequence (trona_ops.cpp, trona_fork_exec.cpp,
// trona_threads.cpp). Where the objects come from (procmgr's untypeds or
// rsrcsrv, charged to the child): TronaOps::alloc_child_objects
// (trona_memory.cpp). Built with the program, not the logic library.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/procmgr/state.h"
#include "lib/span.h"
#include "trona/core/image.h"

namespace procmgr {

// A kernel object of a child: OBJ_* type, size bits, procmgr's slot for it.
struct ChildObject {
  uint64_t type = 0, size_bits = 0, slot = 0;
};

namespace child {

// procmgr's slots of one child's objects (a process window, a thread
// window or exec's scratch slots); 0 = the child has none of that kind.
struct Slots {
  uint64_t tcb = 0, vs = 0, cn = 0, sc = 0, stack = 0, ipc = 0, image = 0;
};
// The objects in window(index) (state.h, namespace win).
Slots of_window(size_t index);

// log2 of `pages` rounded up: the size bits of a memory object of `pages` pages.
uint64_t pages_bits(uint64_t pages);

// The objects of a new process in the order they are allocated: TCB,
// VSpace, CNode (2^cnode_bits slots), SC, stack MO (2^stack_bits pages),
// IPC frame, and (with_image) the image MO. Returns how many (<= 7).
inline constexpr size_t kMaxProcessObjects = 7;
size_t process_objects(const Slots& s, uint64_t cnode_bits, uint64_t stack_bits, bool with_image, ChildObject* out);

// The child's CSpace: slots 0/1/2 itself (TCB, VSpace, CNode) and 3
// procmgr's endpoint minted with `badge`.
uint64_t give_self_caps(const Slots& s, uint64_t badge);
// Slot 7 (SLOT_MMSRV_EP) of CNode `cn`: mmsrv's endpoint minted with `badge`.
uint64_t give_mmsrv_endpoint(uint64_t cn, uint64_t badge);
// mmsrv's endpoint minted with `badge` as the fault handler of `tcb`
// (through procmgr's scratch slot, emptied before and after).
uint64_t set_pager(uint64_t tcb, uint64_t badge);

// Writes `n` bytes (<= one page) at byte `off` of the memory object in
// `mo`, through the IPC-buffer page (MO_WRITE).
uint64_t mo_write(uint64_t mo, uint64_t off, const uint8_t* data, size_t n);
// The image bytes into image MO `img` (through `page`, one page of scratch).
uint64_t write_image(uint64_t img, lib::Str image, uint8_t* page);
// The prepared top page of a stack MO of `pages` pages.
uint64_t write_stack_top(uint64_t stack, uint64_t pages, const uint8_t* page);

// Mappings in VSpace `vs`: memory object `mo` (`pages` pages) at `va`
// with `flags`; the image read-only + executable at kImageVa; the IPC
// frame writable at kIpcBufferVa; memory object `mo` of `pages` pages
// writable at `va`; the stack MO below kStackTopVa.
uint64_t map_mo(uint64_t vs, uint64_t mo, uint64_t va, uint64_t pages, uint64_t flags);
uint64_t map_image(uint64_t vs, uint64_t img);
uint64_t map_ipc_frame(uint64_t vs, uint64_t frame);
uint64_t map_rw(uint64_t vs, uint64_t mo, uint64_t va, uint64_t pages);
uint64_t stack_base(uint64_t pages);
uint64_t map_stack(uint64_t vs, uint64_t stack, uint64_t pages);

// The thread (§1.5 order): its CSpace and VSpace, entry and stack, IPC
// buffer; then its scheduling context configured and bound (it runs once
// resumed).
uint64_t configure_thread(uint64_t tcb, uint64_t cn, uint64_t vs, uint64_t rip, uint64_t rsp, uint64_t ipc_va);
uint64_t bind_sched_context(uint64_t sc, uint64_t tcb);

// The stack of a new image: argv (and envp) as the spec's.
trona::image::StackSpec stack_spec(const char* argv_bytes, size_t argv_len, size_t argc);

}  // namespace child
}  // namespace procmgr
