// mmsrv/memory.h — the memory manager's state and policy: clients,
// regions (brk heap, anonymous mmap, SHM mappings, windows), the pages
// mmsrv has mapped for them and the frames behind those pages, SHM
// segments, and the record of faults it refused (SIGSEGV reports).
//
// Pure: every operation returns a TRONA_* status, and the kernel work it
// orders (retype a frame, map / unmap / protect a page, copy-on-write,
// page copies, VSpace and observer caps) goes through the Ops interface
// (ops.h; the trona implementation: trona_ops.{h,cpp}). The methods are
// defined by job: clients.cpp (clients, quota, stats), regions.cpp
// (layout, brk/mmap/munmap/mprotect, windows), pages.cpp (frames, page
// records, faults, demand paging, copy-on-write, copies between clients),
// shm.cpp (SHM segments, shared regions), fork.cpp (MM_FORK_REGIONS).
// Freestanding: no STL, no exceptions, no heap; the whole state is one
// object on mmsrv's stack. Wire formats: servers/uapi/README.md ("mmsrv").
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "core/mmsrv/ops.h"
#include "uapi/kernel_abi.h"

namespace mmsrv {

inline constexpr uint64_t kPage = uapi::kPageSize;
inline constexpr uint64_t kUserVaLimit = uint64_t{1} << 47;
inline constexpr uint64_t kPfWrite = 1u << 1;  // x86 page-fault error code bit W

inline constexpr size_t kMaxClients = 32;
inline constexpr size_t kMaxRegions = 256;
inline constexpr size_t kMaxPages = 2048;    // resident page records (client, page) -> frame
inline constexpr size_t kMaxFrames = 2048;   // frames mmsrv holds (slots kFrameSlotBase + i)
inline constexpr size_t kMaxShm = 64;  // bulk windows (one per process using the VFS's bulk path) and /dev/shm objects share them
inline constexpr size_t kMaxShmPages = 256;  // the bulk-I/O window (§3.2) is 256 pages
inline constexpr size_t kMaxFaultRecords = 32;
inline constexpr uint64_t kPrivilegedBadge = 1;  // init / procmgr

enum class RegionKind : uint8_t { None, Heap, Anon, Shm, Window };

struct Region {
  RegionKind kind = RegionKind::None;
  uint8_t client = 0;
  uint8_t shm = 0;       // Shm: segment index
  bool shared = false;   // Anon MAP_SHARED / Shm: fork shares frames instead of COW
  uint32_t prot = 0;     // PROT_* bits
  uint64_t start = 0;    // page aligned
  uint64_t end = 0;      // page aligned, exclusive
  uint64_t shm_first = 0;  // Shm: segment page at `start`
  bool file = false;       // Shm: a file mapping (MM_FILE_MMAP); private ones (shared false) copy on write
};

// MM_SYNC_FILE_BACKING / MM_SYNC_MMAP_WRITE: what a range of a file mapping
// stands for in its file (the segment the VFS named, bytes from offset).
struct FileRange {
  uint64_t backing = 0, offset = 0, length = 0;
  bool shared = false;
};

struct Client {
  bool used = false;
  uint64_t badge = 0;
  uint64_t pid = 0;
  uint64_t heap_base = 0;
  uint64_t brk = 0;        // byte-exact break
  uint64_t mmap_base = 0;
  uint64_t quota_pages = 0;  // reserved (virtual) pages allowed; 0 = unlimited
  uint64_t reserved_pages = 0;
  uint64_t resident_pages = 0;
  uint64_t faults = 0;      // faults resolved
  uint64_t cow_copies = 0;  // pages copied on write
};

struct Page {
  bool used = false;
  bool mapped = false;  // false: kept but unmapped (PROT_NONE)
  uint8_t client = 0;
  uint16_t frame = 0;
  uint64_t va = 0;
};

struct Frame {
  enum State : uint8_t { Empty, Idle, Used };  // Idle: cap held, content stale
  State state = Empty;
  uint16_t refs = 0;
};

struct Shm {
  bool used = false;
  uint64_t id = 0;
  uint64_t pages = 0;
  uint16_t frame[kMaxShmPages] = {};  // kNoFrame: not touched yet
};

inline constexpr uint16_t kNoFrame = 0xFFFF;

// A fault mmsrv did not resolve: the thread stays stopped (the fault reply
// has a non-zero label) until procmgr delivers SIGSEGV.
struct FaultRecord {
  uint64_t pid = 0;
  uint64_t badge = 0;
  uint64_t addr = 0;
  uint64_t pc = 0;
  uint64_t code = 0;  // x86 error code | reason << 32
};

enum SegvReason : uint64_t { kSegvMapErr = 1, kSegvAccErr = 2, kSegvNoMemory = 3, kSegvUnknownClient = 4 };

struct Stats {
  uint64_t resident_pages, reserved_pages, brk, regions, quota_pages, pid, faults, cow_copies;
};

class Memory {
 public:
  explicit Memory(Ops& ops) : ops_(ops) {}

  // Boot: the zero page (Ops::make_zero_page). Returns a TRONA_* status.
  uint64_t init() { return ops_.make_zero_page(); }

  int find_client(uint64_t badge) const;
  bool privileged(uint64_t badge) const { return badge == kPrivilegedBadge; }

  // MM_REGISTER: the VSpace cap is at `vspace_cap_slot` (kept by Ops::adopt_vspace on success).
  uint64_t register_client(uint64_t badge, uint64_t heap_base, uint64_t mmap_base, uint64_t pid,
                           uint64_t quota_pages, uint64_t vspace_cap_slot);
  uint64_t deregister(int c);
  uint64_t brk(int c, uint64_t new_brk, uint64_t* now);
  uint64_t sbrk(int c, int64_t increment, uint64_t* previous);
  uint64_t mmap(int c, uint64_t addr, uint64_t length, uint64_t prot, uint64_t flags, uint64_t* out);
  uint64_t munmap(int c, uint64_t addr, uint64_t length);
  uint64_t mprotect(int c, uint64_t addr, uint64_t length, uint64_t prot);
  uint64_t map_window(int c, uint64_t addr, uint64_t length, uint64_t* out);
  uint64_t unmap_window(int c, uint64_t addr);
  // MM_ALLOC_PRIVATE_REGION / _WINDOW: a private demand-zero region / a
  // window at exactly `addr` (page aligned, non-zero), what procmgr lays
  // out in a child before it runs.
  uint64_t alloc_private_region(int c, uint64_t addr, uint64_t length, uint64_t prot, uint64_t* out);
  uint64_t alloc_private_window(int c, uint64_t addr, uint64_t length, uint64_t* out);
  // MM_COPY_FROM_CLIENT_REGION: copies whole pages of client `src` at
  // `src_addr` over the pages of `dst` at `dst_addr` (a writable region;
  // copy-on-write pages get their private copy first).
  uint64_t copy_region(int src, uint64_t src_addr, int dst, uint64_t dst_addr, uint64_t length);
  // MM_ALLOC_PRIVATE_COPY_FROM_CLIENT_REGION: alloc_private_region at
  // `dst_addr` with `prot`, filled from `src` whatever `prot` says; all or nothing.
  uint64_t alloc_private_copy(int src, uint64_t src_addr, int dst, uint64_t dst_addr, uint64_t length,
                              uint64_t prot, uint64_t* out);
  uint64_t shm_create(uint64_t id, uint64_t pages);
  uint64_t shm_map(int c, uint64_t id, uint64_t addr, uint64_t prot, uint64_t* out);
  uint64_t shm_unmap(int c, uint64_t id, uint64_t addr);
  uint64_t shm_destroy(uint64_t id);
  uint64_t shm_resize(uint64_t id, uint64_t pages);
  // MM_REGISTER_SHARED_REGION: turns `c`'s whole anonymous region
  // [addr, addr + length) into SHM segment `id` (its pages, resident or
  // not, become the segment's), so MM_MAP_OBJECT_REGION (= shm_map) can map
  // the same frames into another client.
  uint64_t register_shared_region(int c, uint64_t id, uint64_t addr, uint64_t length);
  // MM_FILE_MMAP: `length` bytes of segment `backing` (a file's bytes, as
  // VFS_BACKEND_RESOLVE_BACKING named it) from byte `offset` (page aligned),
  // MAP_SHARED (the segment's frames) or MAP_PRIVATE (its frames copy on
  // write: pages not written still show the file's later changes, as Linux).
  uint64_t file_mmap(int c, uint64_t addr, uint64_t length, uint64_t prot, uint64_t flags, uint64_t offset,
                     uint64_t backing, uint64_t* out);
  // MM_SYNC_FILE_BACKING (the whole mapping at `addr`, length 0) and
  // MM_SYNC_MMAP_WRITE (the range, which one file mapping must cover):
  // where it lies in its file. NOT_FOUND: no file mapping there.
  uint64_t file_range(int c, uint64_t addr, uint64_t length, FileRange* out) const;
  uint64_t fork_regions(int parent, uint64_t child_badge, uint64_t child_pid, uint64_t vspace_cap_slot);
  Stats stats(int c) const;

  // A VM fault of client `c` (or -1: unknown badge). TRONA_OK = resolved
  // (reply label 0, the access re-runs); otherwise a record was queued.
  uint64_t fault(int c, uint64_t badge, uint64_t addr, uint64_t code, uint64_t pc, bool exec);
  // MM_PAGER_REQUEST: resolve as if `c` had faulted (write = prefault for writing).
  uint64_t prefault(int c, uint64_t addr, bool write);

  // Queues a fault record for client `c` (-1: unknown) and signals the observer.
  void report(int c, uint64_t badge, uint64_t addr, uint64_t pc, uint64_t code) {
    record(c < 0 ? 0 : clients_[c].pid, badge, addr, pc, code);
  }
  // MM_REGISTER_PAGER_EP kind 0: the observer cap arrived in `from_slot`;
  // reports queued before it are signalled at once.
  uint64_t register_observer(uint64_t from_slot);
  size_t pending_faults() const { return fault_count_; }
  // Pops the oldest record; false when none.
  bool pop_fault(FaultRecord* out);

 private:
  uint64_t alloc_frame(uint16_t* out);
  void ref_frame(uint16_t f) { ++frames_[f].refs; }
  void unref_frame(uint16_t f);
  int find_region(int c, uint64_t va) const;
  bool range_free(int c, uint64_t start, uint64_t end) const;
  // A fixed placement [addr, addr + len) (len page aligned): EINVAL unaligned,
  // EFAULT past the user half, EEXIST overlapping a region of `c`.
  uint64_t check_fixed(int c, uint64_t addr, uint64_t len) const;
  uint64_t find_gap(int c, uint64_t hint, uint64_t length, uint64_t* out) const;
  int new_region(int c, RegionKind kind, uint64_t start, uint64_t end, uint32_t prot);
  uint64_t split_at(int c, uint64_t va);
  // A region of segment s: pages [first, first + pages) at `start`.
  uint64_t map_segment(int c, int s, uint64_t start, uint64_t first, uint64_t pages, uint64_t prot, bool shared,
                       uint64_t* out);
  int find_page(int c, uint64_t va) const;
  void drop_page(int p, bool unmap);
  void drop_pages(int c, uint64_t start, uint64_t end);
  uint64_t resolve(int c, int region, uint64_t va, bool write, bool exec);
  // The checks both copies share; *len = `length` in whole pages.
  uint64_t check_copy(int src, uint64_t src_addr, int dst, uint64_t dst_addr, uint64_t length, uint64_t* len) const;
  // Page by page: back the source page, back the destination page (for
  // writing when `as_write`) and let the kernel copy the source into its frame.
  uint64_t copy_pages(int src, uint64_t src_addr, int dst, uint64_t dst_addr, uint64_t len, bool as_write);
  uint64_t vm_flags(int c, int region, uint16_t frame) const;
  void record(uint64_t pid, uint64_t badge, uint64_t addr, uint64_t pc, uint64_t code);
  uint64_t reserve(int c, uint64_t pages);
  void release_reservation(int c, uint64_t pages);

  Ops& ops_;
  Client clients_[kMaxClients];
  Region regions_[kMaxRegions];
  Page pages_[kMaxPages];
  Frame frames_[kMaxFrames];
  Shm shm_[kMaxShm];
  FaultRecord faults_[kMaxFaultRecords];
  size_t fault_head_ = 0, fault_count_ = 0;
  bool observer_ = false;
};

}  // namespace mmsrv
