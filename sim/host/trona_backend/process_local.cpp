// The simulator backend of trona::process_local (trona/core/process_local.h):
// the bytes hang off the calling thread's kernel-model VSpace, the object
// that is "the process" — its threads share it, a new VSpace (another
// process, or the same one after exec) starts from zero, and the blocks
// die with it.
#include <cstddef>
#include <memory>
#include <stdexcept>

#include "kernel_model/kernel.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/vspace/vspace.h"
#include "sim/runtime/sched/thread.h"
#include "trona/core/process_local.h"

static_assert(__STDCPP_DEFAULT_NEW_ALIGNMENT__ >= trona::detail::kProcessLocalMaxAlign);

extern "C" void* trona_backend_process_local(const void* key, size_t size) {
  sim::Thread* th = sim::Thread::current();
  kmodel::Tcb* t = th ? kmodel::Kernel::tcb_of(*th) : nullptr;
  if (t == nullptr || t->vspace == nullptr)
    throw std::logic_error("trona::process_local outside a simulated thread with an address space");
  auto& blocks = t->vspace->process_local;
  auto it = blocks.find(key);
  if (it == blocks.end()) {
    kmodel::VSpace::ProcessLocalBlock block = kmodel::VSpace::ProcessLocalBlock::zeroed(size);
    it = blocks.emplace(key, std::move(block)).first;
  }
  if (it->second.size != size) throw std::logic_error("trona::process_local: one key, two sizes");
  return it->second.bytes.get();
}
