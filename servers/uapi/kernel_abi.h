// uapi/kernel_abi.h — the era-B SaltyOS kernel ABI the servers need
// (spec/kernel-abi.md §1.3, §1.5, §2): syscall numbers, the message-info
// word, the IPC buffer, error codes, rights, object types, invoke labels,
// VSpace flags, fault labels, well-known CSpace slots, the root task's
// layout and auxv keys.
//
// Every number lives once, in uapi/abi/ (one header per topic, see
// uapi/abi/README.md); the kernel model includes the same headers. This
// header only gathers them.
//
// Freestanding: only <stdint.h>/<stddef.h>.
#pragma once

#include "uapi/abi/auxv.h"
#include "uapi/abi/boot.h"
#include "uapi/abi/errors.h"
#include "uapi/abi/faults.h"
#include "uapi/abi/invoke_labels.h"
#include "uapi/abi/ipc_buffer.h"
#include "uapi/abi/msginfo.h"
#include "uapi/abi/objects.h"
#include "uapi/abi/rights.h"
#include "uapi/abi/slots.h"
#include "uapi/abi/syscalls.h"
#include "uapi/abi/vspace.h"
