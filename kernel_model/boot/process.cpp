// Host-side construction of processes and threads, and of the root task
// with the era-B well-known slots (§1.3).
#include <algorithm>

#include "hw_model/machine_bus.h"
#include "kernel_model/ipc/notification.h"
#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/cnode/cnode.h"
#include "kernel_model/objects/device/device.h"
#include "kernel_model/objects/device/device_ops.h"
#include "kernel_model/objects/sched_context/sched_context.h"
#include "kernel_model/objects/sched_context/sched_context_ops.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/objects/tcb/tcb_ops.h"
#include "kernel_model/objects/untyped/untyped.h"

namespace kmodel {

namespace {
void give_spaces(Tcb& t, CNode& cn, VSpace& vs) {
  tcb_set_spaces(t, &cn, &vs);
  t.cspace_depth = 0;
}
unsigned bits_for(Word bytes) {
  unsigned b = abi::kFrameBits;
  while ((Word{1} << b) < bytes && b < 47) ++b;
  return b;
}
}  // namespace

Process Kernel::create_process(std::function<void()> body, ProcessOptions opts) {
  CNode& cn = new_cnode(opts.cnode_bits);
  VSpace& vs = new_vspace();
  Tcb& t = new_tcb(opts.name);
  install(cn, abi::SLOT_TCB, t);
  install(cn, abi::SLOT_VSPACE, vs);
  install(cn, abi::SLOT_CNODE, cn);
  give_spaces(t, cn, vs);
  if (opts.ipc_buffer_va) {
    map_host(vs, opts.ipc_buffer_va, new_frame(), abi::VM_WRITABLE | abi::VM_USER);
    t.ipc_buffer_va = opts.ipc_buffer_va;
  }
  t.body = std::move(body);
  t.priority = opts.priority;
  t.configured = true;
  if (opts.start) start(t);
  return Process{&cn, &vs, &t};
}

Tcb& Kernel::create_thread(const Process& p, std::function<void()> body, ThreadOptions opts) {
  Tcb& t = new_tcb(opts.name);
  give_spaces(t, *p.cnode, *p.vspace);
  if (opts.ipc_buffer_va) {
    map_host(*p.vspace, opts.ipc_buffer_va, new_frame(), abi::VM_WRITABLE | abi::VM_USER);
    t.ipc_buffer_va = opts.ipc_buffer_va;
  }
  if (opts.tcb_slot) install(*p.cnode, opts.tcb_slot, t);
  t.body = std::move(body);
  t.priority = opts.priority;
  t.configured = true;
  if (opts.start) start(t);
  return t;
}

Process Kernel::create_root_task(std::function<void()> body, RootTaskOptions opts) {
  ProcessOptions po;
  po.name = opts.name;
  po.cnode_bits = abi::kInitCNodeBits;
  po.ipc_buffer_va = abi::kInitIpcBufferVa;
  po.priority = opts.priority;
  po.start = false;
  Process p = create_process(std::move(body), po);
  CNode& cn = *p.cnode;
  VSpace& vs = *p.vspace;
  Tcb& t = *p.tcb;

  // Hardware caps.
  install(cn, abi::INIT_SLOT_KBD_IOPORT, make_object<IoPort>(abi::kKbdPortBase, abi::kKbdPortCount));
  install(cn, abi::INIT_SLOT_COM1_IOPORT, make_object<IoPort>(abi::kCom1PortBase, abi::kCom1PortCount));
  install(cn, abi::INIT_SLOT_PCI_IOPORT, make_object<IoPort>(abi::kPciPortBase, abi::kPciPortCount));
  const std::uint32_t handler_rights = abi::RIGHTS_ALL & ~static_cast<std::uint32_t>(abi::RIGHT_CONFIGURE);
  auto handler = [&](unsigned irq, Word slot) -> IrqHandler& {
    auto& h = make_object<IrqHandler>(irq, false);
    irq_handlers_[irq] = &h;
    install(cn, slot, h, handler_rights);
    return h;
  };
  handler(abi::kKbdIrq, abi::INIT_SLOT_KBD_IRQ);
  IrqHandler& com1 = handler(abi::kCom1Irq, abi::INIT_SLOT_COM1_IRQ);
  Notification& com1_ntfn = new_notification();
  install(cn, abi::INIT_SLOT_COM1_NTFN, com1_ntfn);
  irq_set_notification(*this, com1, &com1_ntfn, 0);
  install(cn, abi::INIT_SLOT_IRQ_CONTROL, make_object<IrqHandler>(abi::kMaxIrq, true));

  // Memory: device untypeds for initrd and framebuffer, RAM untypeds from 16.
  Word total_ram = 0;
  Word slot = abi::INIT_SLOT_UNTYPED_BASE;
  auto add_ram = [&](Word base, Word size) {
    while (size >= abi::kPageSize && slot < abi::INIT_SLOT_UNTYPED_BASE + abi::kInitMaxUntypeds) {
      unsigned b = abi::kFrameBits;
      while (b < 47 && base % (Word{1} << (b + 1)) == 0 && (Word{1} << (b + 1)) <= size) ++b;
      install(cn, slot++, make_object<Untyped>(base, b, false));
      base += Word{1} << b;
      size -= Word{1} << b;
      total_ram += Word{1} << b;
    }
  };
  const hw::BootInfo* bi = bus_ ? &bus_->boot_info() : nullptr;
  if (bi) {
    for (const auto& r : bi->memory_map)
      if (r.kind == hw::RegionKind::Ram) add_ram(r.base, r.size);
    if (bi->initrd_size) {
      install(cn, abi::INIT_SLOT_INITRD_UNTYPED, make_object<Untyped>(bi->initrd_base, bits_for(bi->initrd_size), true));
      for (Word off = 0; off < bi->initrd_size; off += abi::kPageSize) {
        auto& f = make_object<Frame>(bi->initrd_base + off, true, false);
        vs_insert(vs, abi::kInitrdVa + off, &f, abi::VM_USER, true);
      }
    }
    if (bi->framebuffer.base) {
      Word fb_bytes = Word{bi->framebuffer.pitch} * bi->framebuffer.height;
      install(cn, abi::INIT_SLOT_FB_UNTYPED, make_object<Untyped>(bi->framebuffer.base, bits_for(fb_bytes), true));
    }
  } else {
    Word base = phys_.alloc_pool_range(opts_.ram_bytes, Word{1} << bits_for(opts_.ram_bytes));
    add_ram(base, opts_.ram_bytes);
  }

  // Boot-info page (read-only) and an 8-page demand-zero stack.
  Frame& boot = new_frame();
  auto* w = reinterpret_cast<Word*>(frame_bytes(boot));
  w[0] = abi::kBootInfoMagic;
  w[abi::kBootInfoWordInitrdVa] = bi && bi->initrd_size ? abi::kInitrdVa : 0;
  w[abi::kBootInfoWordInitrdSize] = bi ? bi->initrd_size : 0;
  w[abi::kBootInfoWordRamBytes] = total_ram;
  map_host(vs, abi::kBootInfoVa, boot, abi::VM_USER);
  vs_map_demand(vs, abi::kInitStackVa, abi::kInitStackPages, abi::VM_WRITABLE | abi::VM_USER, true);
  t.rip = abi::kInitCodeVa;
  t.rsp = abi::kInitStackVa + abi::kInitStackPages * abi::kPageSize;

  // SchedContext 10 ms / 100 ms.
  auto& sc = make_object<SchedCtx>();
  retain(sc);  // held by the root task for the whole run
  op_sc_configure(*this, sc, abi::kInitScBudgetUs, abi::kInitScPeriodUs);
  op_sc_bind(*this, sc, t);
  t.priority = opts.priority;
  start(t);
  if (t.thread) sched_.set_priority(*t.thread, opts.priority);
  return p;
}

}  // namespace kmodel
