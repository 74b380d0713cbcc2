// uapi/abi/boot.h — §1.3 what the kernel hands the root task (init): its
// CSpace slots beyond the §2.9 ones, the I/O ports and IRQs behind them,
// its address-space layout and the boot-info page.
//
// Freestanding: only <stdint.h>/<stddef.h>.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uapi/abi/slots.h"

namespace uapi {

// init's CSpace: a 2^kInitCNodeBits-slot CNode; slots 0..2 as §2.9.
inline constexpr unsigned kInitCNodeBits = 12;
inline constexpr uint64_t INIT_SLOT_KBD_IOPORT = 6;
inline constexpr uint64_t INIT_SLOT_KBD_IRQ = 7;
inline constexpr uint64_t INIT_SLOT_COM1_IOPORT = SLOT_COM1_IOPORT;
inline constexpr uint64_t INIT_SLOT_COM1_IRQ = 9;
inline constexpr uint64_t INIT_SLOT_COM1_NTFN = 10;
inline constexpr uint64_t INIT_SLOT_IRQ_CONTROL = 11;
inline constexpr uint64_t INIT_SLOT_INITRD_UNTYPED = 12;
inline constexpr uint64_t INIT_SLOT_FB_UNTYPED = 13;
inline constexpr uint64_t INIT_SLOT_PCI_IOPORT = SLOT_PCI_IOPORT;
inline constexpr uint64_t INIT_SLOT_UNTYPED_BASE = SLOT_UNTYPED_BASE;
inline constexpr uint64_t kInitMaxUntypeds = 64;

// The devices behind those slots.
inline constexpr uint16_t kKbdPortBase = 0x60, kKbdPortCount = 5;
inline constexpr uint16_t kCom1PortBase = 0x3F8, kCom1PortCount = 8;
inline constexpr uint16_t kPciPortBase = 0xCF8, kPciPortCount = 8;
inline constexpr unsigned kKbdIrq = 1;
inline constexpr unsigned kCom1Irq = 4;
inline constexpr unsigned kMaxIrq = 256;

// init's address space.
inline constexpr uint64_t kBootInfoVa = 0x001F'F000;
inline constexpr uint64_t kInitIpcBufferVa = 0x0020'0000;
inline constexpr uint64_t kInitCodeVa = 0x0040'0000;
inline constexpr uint64_t kInitStackVa = 0x0080'0000;
inline constexpr uint64_t kInitStackPages = 8;
inline constexpr uint64_t kInitrdVa = 0x0100'0000;
inline constexpr uint64_t kScratchVa = 0x0200'0000;
// init's SchedContext.
inline constexpr uint64_t kInitScBudgetUs = 10'000;
inline constexpr uint64_t kInitScPeriodUs = 100'000;

// The boot-info page at kBootInfoVa: word 0 the magic, then these words.
inline constexpr uint64_t kBootInfoMagic = 0x534C5459424F4F54ULL;  // "SLTYBOOT"
inline constexpr size_t kBootInfoWordInitrdVa = 1;
inline constexpr size_t kBootInfoWordInitrdSize = 2;
inline constexpr size_t kBootInfoWordRamBytes = 7;

}  // namespace uapi
