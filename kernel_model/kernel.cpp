// Kernel construction, object lifetime (teardown of every type), thread
// lifecycle and the event hook.
#include "kernel_model/ipc/endpoint.h"
#include "kernel_model/ipc/ipc_buffer.h"
#include "kernel_model/ipc/notif_frame.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/device/device.h"
#include "kernel_model/objects/memory_object/memory_object.h"
#include "kernel_model/objects/sched_context/sched_context.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/objects/tcb/tcb_ops.h"
#include "kernel_model/objects/untyped/untyped.h"

#include <algorithm>
#include <stdexcept>

#include "hw_model/machine_bus.h"
#include "sim/runtime/log/log.h"

namespace kmodel {

Kernel::Kernel(sim::Scheduler& sched, hw::MachineBus* bus, KernelOptions opts)
    : sched_(sched),
      bus_(bus),
      opts_(opts),
      log_(sim::log::get("kernel")),
      phys_(bus),
      random_(sched.seeds().stream("kernel.getrandom")) {
  objects_.set_teardown([this](KObject& o) { teardown(o); });
  irq_handlers_.assign(abi::kMaxIrq, nullptr);
  irq_undelivered_.assign(abi::kMaxIrq, 0);
  if (opts_.install_end_hook) sched_.set_end_hook([this](sim::Thread& t) { on_thread_end(t); });
  if (bus_) bus_->set_irq_sink([this](unsigned irq) { irq_raised(irq); });
}

Kernel::~Kernel() {
  tearing_down_ = true;
  // Unwind our fibers while the kernel still exists (they sit in kernel code).
  for (auto& [id, obj] : objects_.all()) {
    if (obj->type() != abi::OBJ_TCB) continue;
    auto& t = static_cast<Tcb&>(*obj);
    if (t.thread && t.thread->alive() && t.thread != sched_.current()) {
      sim::Thread* th = t.thread;
      th->set_user(nullptr);
      t.thread = nullptr;
      sched_.kill(*th);
    }
  }
  if (opts_.install_end_hook) sched_.set_end_hook({});
  if (bus_) bus_->set_irq_sink([](unsigned) {});
  objects_.clear();
}

// ---------------------------------------------------------------- events

void Kernel::emit(KernelEvent::Kind k, Word thread, Word peer, Word object, Word badge, Word label, Word detail) {
  if (!hook_) return;
  KernelEvent e{k, sched_.now(), thread, peer, object, badge, label, detail};
  hook_(e);
}

// ---------------------------------------------------------------- host-side objects

Endpoint& Kernel::new_endpoint() { return make_object<Endpoint>(); }
Notification& Kernel::new_notification() { return make_object<Notification>(); }
CNode& Kernel::new_cnode(unsigned size_bits) {
  if (size_bits < abi::kCNodeMinBits || size_bits > abi::kCNodeMaxBits)
    throw std::invalid_argument("CNode size_bits must be 4..16");
  return make_object<CNode>(size_bits);
}
VSpace& Kernel::new_vspace() { return make_object<VSpace>(); }

Untyped& Kernel::new_untyped(unsigned size_bits, bool device, Word phys) {
  if (phys == 0) phys = phys_.alloc_pool_range(Word{1} << size_bits, Word{1} << size_bits);
  return make_object<Untyped>(phys, size_bits, device);
}

Frame& Kernel::new_frame() { return make_object<Frame>(phys_.alloc_pool_page(), false, true); }

Frame& Kernel::pool_frame() { return new_frame(); }

Slot& Kernel::install(CNode& cnode, Word slot, KObject& obj, std::uint32_t rights, Word badge) {
  if (slot >= cnode.num_slots()) throw std::out_of_range("install: slot out of range");
  Slot& s = cnode.slot(slot);
  if (!s.cap.empty()) throw std::logic_error("install: slot occupied");
  Cap c;
  c.obj = &obj;
  c.rights = rights;
  c.badge = badge;
  cdt_insert(s, c, nullptr);
  return s;
}

void Kernel::map_host(VSpace& vs, Word va, Frame& f, Word flags) {
  if (vs.find(va)) vs_remove(vs, va / abi::kPageSize);
  vs_insert(vs, va, &f, flags, true);
}

void Kernel::register_entry(Word va, std::function<void()> fn) { entries_[va] = std::move(fn); }
void Kernel::register_dispatcher(Word va, std::function<void(NotifFrame&)> fn) { dispatchers_[va] = std::move(fn); }

Word Kernel::intern_entry(const void* key, const std::function<std::function<void()>()>& make) {
  auto [it, fresh] = interned_.try_emplace(key, kInternedCodeBase + 16 * interned_.size());
  if (fresh) register_entry(it->second, make());
  return it->second;
}

Word Kernel::intern_dispatcher(const void* key, const std::function<std::function<void(NotifFrame&)>()>& make) {
  auto [it, fresh] = interned_.try_emplace(key, kInternedCodeBase + 16 * interned_.size());
  if (fresh) register_dispatcher(it->second, make());
  return it->second;
}

// ---------------------------------------------------------------- teardown

void Kernel::teardown(KObject& o) {
  switch (o.type()) {
    case abi::OBJ_ENDPOINT: {
      auto& ep = static_cast<Endpoint&>(o);
      tcb_drop_links(*this, ep.tcb_links, o, false);  // threads it was the fault endpoint of
      std::vector<Tcb*> waiters(ep.senders.begin(), ep.senders.end());
      waiters.insert(waiters.end(), ep.receivers.begin(), ep.receivers.end());
      for (Tcb* t : waiters) {
        dequeue(*t);
        complete(*t, abi::INVALID_CAPABILITY, 0);
      }
      ep.ring.clear();
      break;
    }
    case abi::OBJ_NOTIFICATION: {
      auto& n = static_cast<Notification&>(o);
      if (n.bound) {  // unbound, as seL4's finalisation does
        n.bound->bound_ntfn = nullptr;
        n.bound = nullptr;
      }
      for (IrqHandler* h : irq_handlers_) {
        if (!h || h->ntfn != &n) continue;
        h->ntfn = nullptr;  // as IRQ_HANDLER_CLEAR: the next raise leaves the line masked
        h->ntfn_badge = 0;
      }
      std::vector<Tcb*> waiters(n.waiters.begin(), n.waiters.end());
      for (Tcb* t : waiters) {
        dequeue(*t);
        complete(*t, abi::INVALID_CAPABILITY, 0);
      }
      break;
    }
    case abi::OBJ_TCB: kill_tcb(static_cast<Tcb&>(o)); break;
    case abi::OBJ_CNODE: {
      auto& cn = static_cast<CNode&>(o);
      tcb_drop_links(*this, cn.tcb_links, o, !tearing_down_);
      cn.for_each_slot([this](Slot& s) { cap_delete(s); });
      break;
    }
    case abi::OBJ_VSPACE: {
      auto& vs = static_cast<VSpace&>(o);
      tcb_drop_links(*this, vs.tcb_links, o, !tearing_down_);
      while (!vs.ptes.empty()) vs_remove(vs, vs.ptes.begin()->first);
      for (auto& [key, f] : vs.tables) {
        f->table_owner = nullptr;
        f->used_as_table_level = 0;
      }
      vs.tables.clear();
      std::vector<KObject*> refs(vs.cow_pool.begin(), vs.cow_pool.end());
      vs.cow_pool.clear();
      if (vs.cow_ring) refs.push_back(vs.cow_ring);
      if (vs.cow_ntfn) refs.push_back(vs.cow_ntfn);
      vs.cow_ring = nullptr;
      vs.cow_ntfn = nullptr;
      for (KObject* r : refs) release(*r);
      break;
    }
    case abi::OBJ_FRAME: {
      auto& f = static_cast<Frame&>(o);
      while (!f.mappings.empty()) {
        auto [vs, vpn] = f.mappings.back();
        vs_remove(*vs, vpn);
      }
      if (f.table_owner) {
        for (auto it = f.table_owner->tables.begin(); it != f.table_owner->tables.end();)
          it = it->second == &f ? f.table_owner->tables.erase(it) : std::next(it);
        f.table_owner = nullptr;
      }
      if (f.kernel_owned) phys_.free_pool_page(f.paddr);
      break;
    }
    case abi::OBJ_IRQ_HANDLER: {
      auto& h = static_cast<IrqHandler&>(o);
      if (h.irq < irq_handlers_.size() && irq_handlers_[h.irq] == &h) irq_handlers_[h.irq] = nullptr;
      h.ntfn = nullptr;
      break;
    }
    case abi::OBJ_SCHED_CONTEXT: {
      auto& sc = static_cast<SchedCtx&>(o);
      if (sc.bound) {
        if (sc.bound->thread) sched_.bind_sched_context(*sc.bound->thread, nullptr);
        sc.bound->sc = nullptr;
        sc.bound = nullptr;
      }
      break;
    }
    case abi::OBJ_MEMORY_OBJECT: {
      auto& mo = static_cast<MemoryObject&>(o);
      std::vector<Frame*> pages;
      for (Frame*& f : mo.pages)
        if (f) pages.push_back(std::exchange(f, nullptr));
      for (Frame* f : pages) release(*f);
      break;
    }
    default: break;
  }
  if (Untyped* ut = o.source) {
    o.source = nullptr;
    if (ut->live_children > 0) --ut->live_children;
    release(*ut);
  }
}

}  // namespace kmodel
