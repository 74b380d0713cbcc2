// trona/clients/mmsrv_client.h — typed IPC stubs of the memory manager, one per
// implemented MM_* label (kernel-abi.md §3.6; wire formats in
// servers/uapi/proto/mmsrv.idl, PROTOCOLS.md "mmsrv"; the bodies are
// facades over the generated proto::mmsrv::call).
//
//   trona::MmsrvClient mm;                                  // SLOT_MMSRV_EP
//   int e = mm.register_self(0x1000'0000, 0x4000'0000, pid, SLOT_SELF_VSPACE);
//   uint64_t va;
//   e = mm.mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, &va);
//
// The client is the badge of the endpoint cap; `badge` arguments of 0 mean
// the caller, another badge needs a privileged caller (init/procmgr, badge
// 1). Every call returns 0 or a Linux errno (trona/core/client.h): EINVAL,
// ENOMEM (quota, no memory, range not mapped for mprotect), EEXIST
// (overlap with MAP_FIXED, SHM id taken, already registered), ENOENT
// (unknown client / SHM id / window), EFAULT (address outside the user
// half), EACCES (not privileged, or the protection forbids it), EBUSY (SHM
// still mapped, a page still copy-on-write), EBADF (no cap).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/kernel_abi.h"
#include "uapi/mmsrv.h"

namespace trona {

struct MmStats {
  uint64_t resident_pages = 0;  // pages mmsrv has backed with frames
  uint64_t reserved_pages = 0;  // pages of heap, mmap and SHM regions (what the quota counts)
  uint64_t brk = 0;
  uint64_t regions = 0;
  uint64_t quota_pages = 0;  // 0 = unlimited
  uint64_t pid = 0;
  uint64_t faults = 0;      // faults resolved
  uint64_t cow_copies = 0;  // pages copied on write
};

// What a file mapping (or part of one) stands for: the segment holding the
// file's bytes, the file offset and length, whether MAP_SHARED.
struct MmFileRange {
  uint64_t backing = 0, offset = 0, length = 0;
  bool shared = false;
};

// Why mmsrv refused a fault (MmFaultReport::reason()).
inline constexpr uint64_t kMmSegvMapErr = 1;         // no region there
inline constexpr uint64_t kMmSegvAccErr = 2;         // the region's protection forbids the access
inline constexpr uint64_t kMmSegvNoMemory = 3;       // no frame / page record left
inline constexpr uint64_t kMmSegvUnknownClient = 4;  // the faulting badge is not registered

// A fault mmsrv refused (the thread stays stopped): MM_DUMP_PENDING.
struct MmFaultReport {
  uint64_t pid = 0;
  uint64_t badge = 0;
  uint64_t addr = 0;
  uint64_t pc = 0;
  uint64_t code = 0;  // x86 page-fault error code | reason << 32 (kMmSegv*)

  uint64_t reason() const { return code >> 32 & 0xFFFF; }
  bool write() const { return (code & 2) != 0; }
};

struct MmMapRequest {
  uint64_t addr = 0;
  uint64_t length = 0;
  uint64_t prot = 0;
  uint64_t flags = 0;
};

class MmsrvClient {
 public:
  explicit constexpr MmsrvClient(uint64_t endpoint = uapi::SLOT_MMSRV_EP) : ep_(endpoint) {}

  // MM_REGISTER: registers `badge` (0 = the caller) with its heap and mmap
  // bases (page aligned) and pid; the VSpace cap in `vspace_slot` is
  // transferred (needs GRANT). `quota_pages` (0 = unlimited) bounds the
  // reserved pages.
  int register_client(uint64_t badge, uint64_t heap_base, uint64_t mmap_base, uint64_t pid, uint64_t vspace_slot,
                      uint64_t quota_pages = 0) const;
  // MM_DEREGISTER: unmaps and frees everything of `badge` (0 = caller).
  int deregister(uint64_t badge = 0) const;
  // MM_BRK: sets the break (0 queries it); *now = the break afterwards.
  int brk(uint64_t new_break, uint64_t* now = nullptr) const;
  // MM_SBRK: moves the break by `increment`; *previous = the old break.
  int sbrk(int64_t increment, uint64_t* previous = nullptr) const;
  // MM_MMAP (anonymous): *addr_out = the mapping.
  int mmap(uint64_t addr, uint64_t length, uint64_t prot, uint64_t flags, uint64_t* addr_out) const;
  int munmap(uint64_t addr, uint64_t length) const;
  int mprotect(uint64_t addr, uint64_t length, uint64_t prot) const;
  // MM_MAP_BATCH: 1..10 anonymous mappings, all or none; out[i] = VA.
  int map_batch(const MmMapRequest* requests, size_t count, uint64_t* out) const;
  // MM_MAP_WINDOW / MM_UNMAP_WINDOW: a reserved VA range nothing is mapped
  // in (a touch is a SIGSEGV); `addr` is a hint (0 = from the mmap base).
  int map_window(uint64_t length, uint64_t addr, uint64_t* addr_out) const;
  int unmap_window(uint64_t addr) const;
  // SHM: segments named by id; pages 1..256; frames appear on first touch.
  int shm_create(uint64_t shm_id, uint64_t pages) const;
  // MM_SHM_MAP into `target` (0 = caller) at `addr` (0 = auto).
  int shm_map(uint64_t shm_id, uint64_t target, uint64_t addr, uint64_t prot, uint64_t* addr_out) const;
  // MM_SHM_UNMAP: the mapping at `addr` (0 = every mapping of the segment) in `target`.
  int shm_unmap(uint64_t shm_id, uint64_t target, uint64_t addr) const;
  // MM_FILE_MMAP: `length` bytes from file byte `offset` of the segment the
  // VFS named for the fd (VfsClient::resolve_backing); MAP_SHARED or MAP_PRIVATE.
  int file_mmap(uint64_t addr, uint64_t length, uint64_t prot, uint64_t flags, uint64_t offset, uint64_t backing,
                uint64_t* addr_out) const;
  // MM_SYNC_MMAP_WRITE (length > 0: that part of one file mapping) or
  // MM_SYNC_FILE_BACKING (length 0: the whole mapping `addr` lies in).
  int file_range(uint64_t addr, uint64_t length, MmFileRange* out) const;
  // MM_SHM_DESTROY: EBUSY while mapped anywhere.
  int shm_destroy(uint64_t shm_id) const;
  // MM_SHM_RESIZE: EBUSY when shrinking under a mapping.
  int shm_resize(uint64_t shm_id, uint64_t pages) const;
  // MM_REGISTER_SHARED_REGION: publishes the caller's whole anonymous
  // region [addr, addr + length) as shared object `object_id` (the SHM id
  // namespace; pages ≤ 256): from now on it is shared memory, also across fork.
  // EINVAL not exactly one anonymous region, EFAULT no region, EEXIST id
  // taken, EBUSY a page is still copy-on-write with a fork relative.
  int register_shared_region(uint64_t object_id, uint64_t addr, uint64_t length) const;
  // MM_MAP_OBJECT_REGION: maps object (or SHM segment) `object_id` into
  // `target` (0 = caller) at `addr` (0 = auto): the same frames.
  int map_object_region(uint64_t object_id, uint64_t target, uint64_t addr, uint64_t prot,
                        uint64_t* addr_out) const;
  // MM_FORK_REGIONS: clones the caller's regions into a new client
  // `child_badge` whose VSpace cap is in `child_vspace_slot`; private pages
  // become copy-on-write in both, shared ones stay shared. The parent is
  // the caller, or (privileged callers: procmgr) the client `parent_badge`.
  int fork_regions(uint64_t child_badge, uint64_t child_pid, uint64_t child_vspace_slot,
                   uint64_t parent_badge = 0) const;
  // MM_GET_CLIENT_STATS of `badge` (0 = caller).
  int stats(uint64_t badge, MmStats* out) const;
  // MM_PAGER_REQUEST: resolve the page at `addr` now (as its first touch would).
  int pager_request(uint64_t addr, bool write) const;
  // MM_PAGER_WRITE_REQUEST: resolve the page at `addr` for writing now: a
  // demand-zero frame on first touch, a private copy of a copy-on-write
  // page (EACCES in a read-only region or a window, EFAULT outside regions).
  int pager_write_request(uint64_t addr) const;
  // MM_ALLOC_PRIVATE_REGION: a private demand-zero region of `length` bytes
  // with `prot` at exactly `addr` (page aligned, non-zero) in `target`
  // (0 = caller; another client: privileged); EEXIST on overlap.
  int alloc_private_region(uint64_t target, uint64_t addr, uint64_t length, uint64_t prot,
                           uint64_t* addr_out = nullptr) const;
  // MM_ALLOC_PRIVATE_WINDOW: a window (reserved, never backed) at exactly
  // `addr` in `target`, same rules.
  int alloc_private_window(uint64_t target, uint64_t addr, uint64_t length, uint64_t* addr_out = nullptr) const;
  // MM_COPY_FROM_CLIENT_REGION: copies whole pages (addresses page aligned,
  // `length` rounded up) of `src` (0 = caller) at `src_addr` into the
  // writable region of `dst` (0 = caller) at `dst_addr`; another client
  // than the caller: privileged. Not atomic: pages before an error stay copied.
  int copy_from_client_region(uint64_t src, uint64_t src_addr, uint64_t dst, uint64_t dst_addr,
                              uint64_t length) const;
  // MM_ALLOC_PRIVATE_COPY_FROM_CLIENT_REGION: a new private region with
  // `prot` (not PROT_NONE) at exactly `dst_addr` in `dst`, filled from
  // `src` (whatever `prot`); all or nothing.
  int alloc_private_copy_from_client_region(uint64_t src, uint64_t src_addr, uint64_t dst, uint64_t dst_addr,
                                            uint64_t length, uint64_t prot, uint64_t* addr_out = nullptr) const;
  // MM_ALLOC_INITRD_COPY / MM_ALLOC_BOOTINFO_COPY (privileged): mmsrv holds
  // neither the initrd nor the boot info, so these answer ENOENT
  // (EACCES unprivileged); see PROTOCOLS.md.
  int alloc_initrd_copy(uint64_t target, uint64_t addr) const;
  int alloc_bootinfo_copy(uint64_t target, uint64_t addr) const;
  // MM_REGISTER_PAGER_EP kind 0 (privileged): the notification in `slot`
  // is signalled (bit 0) whenever mmsrv refuses a fault.
  int register_fault_observer(uint64_t notification_slot) const;
  // MM_DUMP_PENDING (privileged): pops up to 6 refused faults (`max` must be
  // >= 6: the server pops 6 at a time, EINVAL otherwise);
  // *count = how many, *remaining = still queued.
  int dump_pending(MmFaultReport* out, size_t max, size_t* count, size_t* remaining = nullptr) const;

  uint64_t endpoint() const { return ep_; }

 private:
  uint64_t ep_;
};

}  // namespace trona
