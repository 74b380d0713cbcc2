// The simulator's host bytes for the trona heap (trona/core/heap_backend.h):
// one arena per kernel-model VSpace — a host reservation for the break
// (MAP_NORESERVE: pages cost host memory only once touched) whose offset
// mirrors the break's simulated address, and a block per large mapping.
#include <sys/mman.h>

#include <cstddef>
#include <map>
#include <memory>
#include <stdexcept>

#include "kernel_model/kernel.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/vspace/vspace.h"
#include "sim/runtime/sched/thread.h"
#include "trona/core/heap_backend.h"
#include "sim/host/trona_backend/heap_bytes.h"

namespace {

// Past this the break is refused (mmsrv's quota normally says no first).
constexpr std::size_t kBreakReservation = std::size_t{512} << 20;
// A larger mapping is refused too (the heap then reports ENOMEM): whatever
// a simulated program asks for, the simulator never commits host memory
// it has not touched (MAP_NORESERVE) and never tries more than this.
constexpr std::size_t kMapMax = std::size_t{1} << 30;

// Zeroed host memory that costs nothing until touched.
struct HostBlock {
  std::byte* p = nullptr;
  std::size_t n = 0;
  explicit HostBlock(std::size_t bytes) : n(bytes) {
    void* m = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m != MAP_FAILED) p = static_cast<std::byte*>(m);
  }
  ~HostBlock() {
    if (p) munmap(p, n);
  }
  HostBlock(const HostBlock&) = delete;
  HostBlock& operator=(const HostBlock&) = delete;
};

struct HeapArena {
  std::byte* base = nullptr;  // host bytes of the break
  std::uint64_t base_va = 0;  // the break's first simulated address (0: none yet)
  std::map<std::uint64_t, std::unique_ptr<HostBlock>> maps;  // by simulated address
  std::map<const std::byte*, std::uint64_t> map_vas;           // host start -> address

  HeapArena() {
    void* p = mmap(nullptr, kBreakReservation, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error("trona heap: cannot reserve host address space");
    base = static_cast<std::byte*>(p);
  }
  ~HeapArena() { munmap(base, kBreakReservation); }
  HeapArena(const HeapArena&) = delete;
  HeapArena& operator=(const HeapArena&) = delete;
};

kmodel::VSpace& current_vspace() {
  sim::Thread* th = sim::Thread::current();
  kmodel::Tcb* t = th ? kmodel::Kernel::tcb_of(*th) : nullptr;
  if (t == nullptr || t->vspace == nullptr)
    throw std::logic_error("trona heap outside a simulated thread with an address space");
  return *t->vspace;
}

HeapArena* arena() { return static_cast<HeapArena*>(current_vspace().host_heap.get()); }

}  // namespace

extern "C" bool trona_backend_heap_attach() {
  kmodel::VSpace& vs = current_vspace();
  if (vs.host_heap) return false;
  vs.host_heap = std::make_shared<HeapArena>();
  return true;
}

extern "C" bool trona_backend_heap_attached() { return arena() != nullptr; }

extern "C" void* trona_backend_heap_break(std::uint64_t va, std::size_t bytes) {
  HeapArena* a = arena();
  if (a == nullptr) return nullptr;
  if (a->base_va == 0) a->base_va = va;
  if (va < a->base_va || va - a->base_va > kBreakReservation || bytes > kBreakReservation - (va - a->base_va))
    return nullptr;
  return a->base + (va - a->base_va);
}

extern "C" void* trona_backend_heap_map(std::uint64_t va, std::size_t bytes) {
  HeapArena* a = arena();
  if (a == nullptr || a->maps.count(va) || bytes == 0 || bytes > kMapMax) return nullptr;
  auto block = std::make_unique<HostBlock>(bytes);  // zeroed, as fresh anonymous memory
  std::byte* host = block->p;
  if (host == nullptr) return nullptr;
  a->maps.emplace(va, std::move(block));
  a->map_vas.emplace(host, va);
  return host;
}

extern "C" void trona_backend_heap_unmap(std::uint64_t va) {
  HeapArena* a = arena();
  if (a == nullptr) return;
  auto it = a->maps.find(va);
  if (it == a->maps.end()) return;
  a->map_vas.erase(it->second->p);
  a->maps.erase(it);
}

extern "C" std::uint64_t trona_backend_heap_va(const void* host) {
  HeapArena* a = arena();
  if (a == nullptr) return 0;
  auto it = a->map_vas.find(static_cast<const std::byte*>(host));
  return it == a->map_vas.end() ? 0 : it->second;
}

std::size_t saltysim::heap_host_blocks(const kmodel::VSpace& vs) {
  const auto* a = static_cast<const HeapArena*>(vs.host_heap.get());
  return a ? 1 + a->maps.size() : 0;
}
