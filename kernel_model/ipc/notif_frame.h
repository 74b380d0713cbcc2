// The notification frame (§2.4). On the real kernel it is pushed on the
// user stack; in the simulator it is an object handed to the dispatcher
// function registered for the TCB's dispatcher address, with the same
// fields.
#pragma once

#include <array>
#include <cstdint>

#include "kernel_model/abi.h"

namespace kmodel {

struct NotifFrame {
  // General registers of the interrupted thread, x86_64 order: rax, rbx,
  // rcx, rdx, rsi, rdi, rbp, rsp, r8..r15 (the syscall's arguments sit in
  // rax = number, rdi = cap, rsi = msginfo, rdx/r10/r8/r9 = MR0..MR3).
  std::array<std::uint64_t, 16> gprs{};
  std::uint64_t rip = 0;
  std::uint64_t rflags = 0;
  std::uint64_t bits = 0;          // notification bits (consumed)
  std::uint64_t syscall = 0;       // interrupted syscall number
  std::uint64_t cap = 0;
  std::uint64_t msginfo = 0;
  std::uint64_t restart = 0;       // 1: never delivered, the syscall is re-issued after NOTIF_RETURN
  std::uint64_t magic = abi::kNotifFrameMagic;
  std::array<std::uint8_t, abi::kNotifFrameFpuBytesX86> fpu{};
  bool returned = false;           // set by NOTIF_RETURN
};

}  // namespace kmodel
