// A virtual address space: page-table root, 4 KiB mappings with rights
// flags, demand-zero and copy-on-write entries, intermediate tables given
// with VSPACE_MAP_PT, and the kernel COW frame pool.
#pragma once

#include <cstddef>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <vector>
#include <utility>

#include "kernel_model/objects/object.h"

namespace kmodel {

struct Pte {
  Frame* frame = nullptr;  // nullptr: demand-zero entry not touched yet
  Word flags = 0;          // abi::VM_* bits
  bool owns_ref = false;   // the mapping keeps the frame alive (kernel-pool, COW-pool, MO pages)
  Word map_id = 0;         // made by VSPACE_MAP through the frame cap with this `Cap::map_id`
};

class VSpace final : public KObject {
 public:
  VSpace() : KObject(abi::OBJ_VSPACE) {}
  std::vector<Tcb*> tcb_links;  // TCBs running in it: weak links, cleared at teardown
  std::map<Word, Pte> ptes;                          // by virtual page number
  std::map<std::pair<Word, Word>, Frame*> tables;    // (level, va >> span) -> table frame
  Word generation = 1;  // bumped by every unmap/remap/protect (IPC-buffer cache)

  // COW fast path (VSPACE_SET_COW_POOL / SET_COW_NOTIF / REPLENISH_COW_POOL)
  std::deque<Frame*> cow_pool;  // the vspace holds a reference to each
  Frame* cow_ring = nullptr;
  Notification* cow_ntfn = nullptr;
  Word cow_ntfn_badge = 0;

  // Host bytes private to the process of this address space
  // (trona::process_local, sim/host/trona_backend/process_local.cpp): zeroed
  // blocks by key, freed with the VSpace. A forked child inherits a copy
  // (the first page forked into it copies them, as fork copies memory).
  struct ProcessLocalBlock {
    // Large blocks (procmgr's process table is megabytes) come from an
    // anonymous mapping, zero until touched, so a boot does not clear
    // memory it never uses; small ones from the heap, zeroed.
    struct Release {
      std::size_t mapped = 0;  // the mapping's length (0: heap)
      void operator()(std::byte* p) const;
    };
    std::unique_ptr<std::byte[], Release> bytes;
    std::size_t size = 0;
    static ProcessLocalBlock zeroed(std::size_t size);
  };
  std::map<const void*, ProcessLocalBlock> process_local;

  void inherit_process_local(const VSpace& parent) {
    if (!process_local.empty() || &parent == this) return;
    for (const auto& [key, block] : parent.process_local) {
      ProcessLocalBlock copy = ProcessLocalBlock::zeroed(block.size);
      std::memcpy(copy.bytes.get(), block.bytes.get(), block.size);
      process_local.emplace(key, std::move(copy));
    }
  }

  // The host bytes of the trona heap of this address space's process
  // (sim/host/trona_backend/heap_bytes.cpp): opaque here, freed with the
  // VSpace, not copied by fork (a forked child starts a fresh heap).
  std::shared_ptr<void> host_heap;

  Pte* find(Word va) {
    auto it = ptes.find(va / abi::kPageSize);
    return it == ptes.end() ? nullptr : &it->second;
  }
};

}  // namespace kmodel
