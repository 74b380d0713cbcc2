// IrqHandler/IrqControl and IoPort operations (device_ops.cpp) and their
// invocation decoders (device_decode.cpp): free functions on the kernel
// context. Only forward declarations here; the definitions include
// kernel_context.h. Interrupt delivery (Kernel::irq_raised, the machine
// bus's sink) stays in Kernel.
#pragma once

#include "kernel_model/types.h"

namespace kmodel {

SysResult decode_irq(Kernel& k, Invocation& inv);
SysResult decode_ioport(Kernel& k, Invocation& inv);

// `control`: the invoked IrqControl cap's slot (the new cap's CDT parent).
SysResult irq_control_get(Kernel& k, unsigned irq, Slot& dst, Slot& control);
SysResult irq_set_notification(Kernel& k, IrqHandler& h, Notification* n, Word badge);
SysResult irq_ack(Kernel& k, IrqHandler& h);
SysResult device_untyped_create(Kernel& k, Word phys, unsigned size_bits, Slot& dst, Slot& control);
SysResult ioport_create(Kernel& k, Word base, Word count, Slot& dst, Slot& control);
SysResult ioport_io(Kernel& k, IoPort& p, Word label, Word offset, Word value);

}  // namespace kmodel
