// The numbers of the era-B ABI (§2.1–2.3, 2.5–2.8, 2.11) and the
// message-info word.
#include "km_fixture.h"

namespace kt {
namespace {

TEST(AbiSyscalls, NumbersZeroToTwentyEight) {
  EXPECT_EQ(SYS_SEND, 0u);
  EXPECT_EQ(SYS_RECV, 1u);
  EXPECT_EQ(SYS_CALL, 2u);
  EXPECT_EQ(SYS_REPLY_RECV, 3u);
  EXPECT_EQ(SYS_NBSEND, 4u);
  EXPECT_EQ(SYS_SIGNAL, 5u);
  EXPECT_EQ(SYS_WAIT, 6u);
  EXPECT_EQ(SYS_POLL, 7u);
  EXPECT_EQ(SYS_YIELD, 8u);
  EXPECT_EQ(SYS_INVOKE, 9u);
  EXPECT_EQ(SYS_CLOCK_GETTIME, 12u);
  EXPECT_EQ(SYS_NANOSLEEP, 13u);
  EXPECT_EQ(SYS_SET_INVOKE_DEPTHS, 17u);
  EXPECT_EQ(SYS_FUTEX, 18u);
  EXPECT_EQ(SYS_GETRANDOM, 19u);
  EXPECT_EQ(SYS_SHUTDOWN, 20u);
  EXPECT_EQ(SYS_SEND_TIMED, 21u);
  EXPECT_EQ(SYS_RECV_TIMED, 22u);
  EXPECT_EQ(SYS_RECV_ANY, 23u);
  EXPECT_EQ(SYS_REPLY_RECV_ANY, 24u);
  EXPECT_EQ(SYS_RECV_ANY_TIMED, 25u);
  EXPECT_EQ(SYS_REPLY_RECV_ANY_TIMED, 26u);
  EXPECT_EQ(SYS_NOTIF_RETURN, 27u);
  EXPECT_EQ(SYS_THREAD_EXIT, 28u);
  EXPECT_EQ(kSyscallCount, 29u);
}

TEST(AbiErrors, CodesMatchSpec) {
  const std::pair<Word, Word> table[] = {
      {OK, 0}, {INVALID_CAPABILITY, 1}, {INVALID_OPERATION, 2}, {INSUFFICIENT_RIGHTS, 3}, {INVALID_ARGUMENT, 4},
      {OUT_OF_MEMORY, 5}, {NOT_FOUND, 6}, {BUSY, 7}, {ALREADY_EXISTS, 8}, {WOULD_BLOCK, 9}, {BAD_ADDRESS, 10},
      {OUT_OF_RANGE, 11}, {CANCELLED, 12}, {RESTART, 13}, {DEADLOCK, 14}, {INTERRUPTED, 15}, {IN_PROGRESS, 0x10},
      {SLOT_OCCUPIED, 0x18}, {ALREADY_MAPPED, 0x19}, {ALREADY_BOUND, 0x1A}, {PENDING, 0x80}};
  for (auto [got, want] : table) EXPECT_EQ(got, want);
}

TEST(AbiObjects, TypeIds) {
  EXPECT_EQ(OBJ_UNTYPED, 1u);
  EXPECT_EQ(OBJ_ENDPOINT, 2u);
  EXPECT_EQ(OBJ_NOTIFICATION, 3u);
  EXPECT_EQ(OBJ_TCB, 4u);
  EXPECT_EQ(OBJ_CNODE, 5u);
  EXPECT_EQ(OBJ_VSPACE, 6u);
  EXPECT_EQ(OBJ_FRAME, 7u);
  EXPECT_EQ(OBJ_IRQ_HANDLER, 8u);
  EXPECT_EQ(OBJ_IO_PORT, 9u);
  EXPECT_EQ(OBJ_SCHED_CONTEXT, 10u);
  EXPECT_EQ(OBJ_MEMORY_OBJECT, 11u);
}

TEST(AbiRights, FifteenBits) {
  EXPECT_EQ(RIGHT_READ, 1u << 0);
  EXPECT_EQ(RIGHT_GRANT, 1u << 3);
  EXPECT_EQ(RIGHT_SEND, 1u << 5);
  EXPECT_EQ(RIGHT_CALL, 1u << 7);
  EXPECT_EQ(RIGHT_REPLY, 1u << 8);
  EXPECT_EQ(RIGHT_CONFIGURE, 1u << 9);
  EXPECT_EQ(RIGHT_MAP, 1u << 12);
  EXPECT_EQ(RIGHT_RETYPE, 1u << 14);
  EXPECT_EQ(RIGHTS_ALL, 0xFFFFFFFFu);
}

TEST(AbiLabels, InvocationLabels) {
  EXPECT_EQ(CNODE_COPY, 0x10u);
  EXPECT_EQ(CNODE_GET_INFO, 0x18u);
  EXPECT_EQ(UNTYPED_RETYPE, 0x20u);
  EXPECT_EQ(SC_CONSUMED, 0x34u);
  EXPECT_EQ(TCB_CONFIGURE, 0x40u);
  EXPECT_EQ(TCB_GET_SPACE_INFO, 0x4Fu);
  EXPECT_EQ(VSPACE_MAP, 0x50u);
  EXPECT_EQ(VSPACE_PROTECT_RANGE, 0x5Fu);
  EXPECT_EQ(VSPACE_MAP_MO, 0x97u);
  EXPECT_EQ(MO_HAS_PAGE, 0x97u);
  EXPECT_EQ(VSPACE_FORK_RANGE, 0x9Au);
  EXPECT_EQ(IRQ_CONTROL_GET, 0x60u);
  EXPECT_EQ(DEVICE_UNTYPED_CREATE, 0x64u);
  EXPECT_EQ(IOPORT_CREATE, 0x77u);
  EXPECT_EQ(IOPORT_CONFIGURE, 0x76u);
  EXPECT_EQ(MO_COMMIT, 0x90u);
}

TEST(AbiIpcBuffer, Offsets) {
  EXPECT_EQ(offsetof(IpcBuffer, msg), 0u);
  EXPECT_EQ(offsetof(IpcBuffer, badge), 0x110u);
  EXPECT_EQ(offsetof(IpcBuffer, caps), 0x118u);
  EXPECT_EQ(offsetof(IpcBuffer, receive_cnode), 0x138u);
  EXPECT_EQ(offsetof(IpcBuffer, receive_index), 0x140u);
  EXPECT_EQ(offsetof(IpcBuffer, receive_depth), 0x148u);
  EXPECT_EQ(offsetof(IpcBuffer, timeout_ns), 0x150u);
  EXPECT_EQ(offsetof(IpcBuffer, reserved), 0x158u);
  EXPECT_EQ(sizeof(IpcBuffer::reserved) / 8, 465u);
}

TEST(AbiMsgInfo, FieldsDecode) {
  Word w = (Word{0xABCDE12345} << 12) | (3u << 7) | 17u;
  MsgInfo m = MsgInfo::decode(w);
  EXPECT_EQ(m.label, 0xABCDE12345u);
  EXPECT_EQ(m.extra_caps, 3u);
  EXPECT_EQ(m.length, 17u);
}

TEST(AbiMsgInfo, LengthClampedTo32) {
  EXPECT_EQ(MsgInfo::decode(127).length, 32u);
  EXPECT_EQ(MsgInfo::decode(33).length, 32u);
  EXPECT_EQ(MsgInfo::decode(32).length, 32u);
}

TEST(AbiMsgInfo, ExtraCapsClampedTo4) {
  EXPECT_EQ(MsgInfo::decode(31u << 7).extra_caps, 4u);
  EXPECT_EQ(MsgInfo::decode(5u << 7).extra_caps, 4u);
  EXPECT_EQ(MsgInfo::decode(4u << 7).extra_caps, 4u);
}

TEST(AbiMsgInfo, LabelIs40BitsAndReservedIgnored) {
  Word w = (Word{0xFFF} << 52) | (Word{1} << 12);
  EXPECT_EQ(MsgInfo::decode(w).label, 1u);
  EXPECT_EQ(MsgInfo::decode(~Word{0}).label, (Word{1} << 40) - 1);
}

TEST(AbiMsgInfo, EncodeRoundTrip) {
  Word w = MsgInfo::encode(0x1234, 9, 2);
  EXPECT_EQ(w, (Word{0x1234} << 12) | (2u << 7) | 9u);
  MsgInfo m = MsgInfo::decode(w);
  EXPECT_EQ(m.label, 0x1234u);
  EXPECT_EQ(m.length, 9u);
  EXPECT_EQ(m.extra_caps, 2u);
}

TEST(AbiFaults, LabelsAndMisc) {
  EXPECT_EQ(FAULT_NULL, 0u);
  EXPECT_EQ(FAULT_CAP, 1u);
  EXPECT_EQ(FAULT_VM, 2u);
  EXPECT_EQ(FAULT_UNKNOWN_SYSCALL, 3u);
  EXPECT_EQ(FAULT_USER_EXCEPTION, 4u);
  EXPECT_EQ(kNotifFrameMagic, 0x5A1753494746524DULL);
  EXPECT_EQ(kNbSendRingDepth, 128u);
  EXPECT_EQ(kRecvAnyNotification, ~Word{0});
}

}  // namespace
}  // namespace kt
