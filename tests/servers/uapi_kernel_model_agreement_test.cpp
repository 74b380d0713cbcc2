// The kernel model's spellings of the ABI are right: the numbers live once
// in servers/uapi/abi/ (servers see them through uapi/kernel_abi.h), and
// kernel_model/abi.h gives them the kernel model's names (enums built from
// the shared lists, using-declarations, aliases). Every syscall number,
// object type, right, invoke label, fault label and kernel error of the
// uapi lists must have the same value under its kernel-model name —
// checked at compile time, name by name, from the uapi X-macro lists (a new
// uapi entry without a kernel-model name fails to compile).
#include <gtest/gtest.h>

#include "kernel_model/abi.h"
#include "uapi/kernel_abi.h"

namespace {

namespace ka = kmodel::abi;

#define SALTYSIM_SAME(name, value)                                                        \
  static_assert(static_cast<std::uint64_t>(ka::name) == static_cast<std::uint64_t>(value), \
                "kernel_model/abi.h disagrees with uapi on " #name);
UAPI_SYSCALLS(SALTYSIM_SAME)
UAPI_OBJECT_TYPES(SALTYSIM_SAME)
UAPI_RIGHTS(SALTYSIM_SAME)
UAPI_INVOKE_LABELS(SALTYSIM_SAME)
UAPI_FAULT_LABELS(SALTYSIM_SAME)
#undef SALTYSIM_SAME

// Kernel errors: uapi spells them TRONA_<name>, the kernel model <name>.
#define SALTYSIM_SAME_ERROR(name) \
  static_assert(uapi::TRONA_##name == static_cast<std::uint64_t>(ka::name), "error " #name " disagrees");
SALTYSIM_SAME_ERROR(OK)
SALTYSIM_SAME_ERROR(INVALID_CAPABILITY)
SALTYSIM_SAME_ERROR(INVALID_OPERATION)
SALTYSIM_SAME_ERROR(INSUFFICIENT_RIGHTS)
SALTYSIM_SAME_ERROR(INVALID_ARGUMENT)
SALTYSIM_SAME_ERROR(OUT_OF_MEMORY)
SALTYSIM_SAME_ERROR(NOT_FOUND)
SALTYSIM_SAME_ERROR(BUSY)
SALTYSIM_SAME_ERROR(ALREADY_EXISTS)
SALTYSIM_SAME_ERROR(WOULD_BLOCK)
SALTYSIM_SAME_ERROR(BAD_ADDRESS)
SALTYSIM_SAME_ERROR(OUT_OF_RANGE)
SALTYSIM_SAME_ERROR(CANCELLED)
SALTYSIM_SAME_ERROR(RESTART)
SALTYSIM_SAME_ERROR(DEADLOCK)
SALTYSIM_SAME_ERROR(INTERRUPTED)
SALTYSIM_SAME_ERROR(IN_PROGRESS)
SALTYSIM_SAME_ERROR(SLOT_OCCUPIED)
SALTYSIM_SAME_ERROR(ALREADY_MAPPED)
SALTYSIM_SAME_ERROR(ALREADY_BOUND)
#undef SALTYSIM_SAME_ERROR

// The kernel errors are all there: the uapi list has exactly the ones above.
#define SALTYSIM_COUNT(name, value) +1
static_assert(0 UAPI_KERNEL_ERRORS(SALTYSIM_COUNT) == 20, "a kernel error was added: check it here");
#undef SALTYSIM_COUNT

TEST(UapiKernelModelAgreement, IpcBufferAndFrameLayoutsMatch) {
  EXPECT_EQ(offsetof(uapi::IpcBuffer, badge), ka::kIpcOffBadge);
  EXPECT_EQ(offsetof(uapi::IpcBuffer, caps), ka::kIpcOffCaps);
  EXPECT_EQ(offsetof(uapi::IpcBuffer, receive_cnode), ka::kIpcOffRecvCnode);
  EXPECT_EQ(offsetof(uapi::IpcBuffer, receive_index), ka::kIpcOffRecvIndex);
  EXPECT_EQ(offsetof(uapi::IpcBuffer, receive_depth), ka::kIpcOffRecvDepth);
  EXPECT_EQ(offsetof(uapi::IpcBuffer, timeout_ns), ka::kIpcOffTimeout);
  EXPECT_EQ(offsetof(uapi::IpcBuffer, reserved), ka::kIpcOffReserved);
  EXPECT_EQ(uapi::kNotifFrameMagic, ka::kNotifFrameMagic);
  EXPECT_EQ(sizeof(uapi::NotifFrame::fpu), ka::kNotifFrameFpuBytesX86);
}

}  // namespace
