// trona/clients/win32_client.h — typed IPC stubs of the Win32 console subsystem
// (win32_csrss; labels 0x100–0x106 of win32.rs). Wire formats are the
// protocol file's (spec/trona-protocol-labels.txt, "win32"); the choices it
// leaves open are in servers/uapi/proto/win32.idl (PROTOCOLS.md, "win32").
//
//   trona::Win32Client csrss(slot);                 // no well-known slot
//   uint64_t rva; int e = csrss.resolve_import("ExitProcess", 0, &rva);
//   size_t n; e = csrss.console_write("hi\r\n", 4, &n);
//
// Every call returns 0 or a Linux errno (trona/core/client.h).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"
#include "trona/clients/stub_util.h"

namespace trona {

class Win32Client {
 public:
  explicit constexpr Win32Client(uint64_t endpoint) : ep_(endpoint) {}

  // W32_RESOLVE_IMPORT: kernel32 export RVA of `name` (ordinal hint as
  // given); *rva = 0 when csrss does not know it (not an error, as on
  // the wire). EINVAL: empty name or one that does not fit a message.
  int resolve_import(lib::Str name, uint64_t ordinal_hint, uint64_t* rva) const;
  // W32_CONSOLE_WRITE: the bytes in chunks of kConsoleChunk; stops at a
  // short write. *written = bytes csrss took.
  int console_write(const void* data, size_t len, size_t* written) const;
  // W32_CONSOLE_READ: at most `max` bytes in one message (≤ kConsoleChunk,
  // a larger `max` is clamped); *got = 0 at end of input.
  int console_read(void* buf, size_t max, size_t* got) const;
  // W32_GET_CONSOLE_MODE / W32_SET_CONSOLE_MODE: handle kConsoleHandleInput
  // or kConsoleHandleOutput (uapi/win32.h); EINVAL for another handle
  // without a call.
  int get_console_mode(uint64_t handle, uint64_t* mode) const;
  int set_console_mode(uint64_t handle, uint64_t mode) const;
  // W32_CLIENT_REGISTER (empty) / W32_CLIENT_EXIT (exit code).
  int client_register() const;
  int client_exit(uint32_t exit_code) const;

  // Data bytes one console message carries (MR0 the count, then 8 per MR).
  static constexpr size_t kConsoleChunk = stub::kChunk;

  uint64_t endpoint() const { return ep_; }

 private:
  uint64_t ep_;
};

}  // namespace trona
