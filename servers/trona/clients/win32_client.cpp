#include "trona/clients/win32_client.h"

#include "lib/inline_string.h"
#include "trona/core/client.h"
#include "trona/clients/stub_util.h"
#include "uapi/linux_numbers.h"
#include "uapi/win32.h"

namespace trona {

namespace {

bool console_handle(uint64_t h) {
  return h == uapi::win32::kConsoleHandleInput || h == uapi::win32::kConsoleHandleOutput;
}

}  // namespace

int Win32Client::resolve_import(lib::Str name, uint64_t ordinal_hint, uint64_t* rva) const {
  if (name.empty()) return uapi::kEINVAL;
  ClientRequest rq(uapi::win32::W32_RESOLVE_IMPORT);
  // MR0 name_len, MR1 ordinal hint, MR2.. the bytes: pack_inline's layout
  // (length word, then the bytes) one word further, then MR0/MR1 set.
  size_t end = lib::pack_inline(rq.mr, uapi::kMaxMessageRegisters, 1, name);
  if (end == 0) return uapi::kEINVAL;
  rq.mr[0] = name.size;
  rq.mr[1] = ordinal_hint;
  rq.length = end;
  rq.idempotent = true;
  ClientReply rp;
  int e = server_call(ep_, rq, &rp);
  if (e == 0) *rva = rp.get(0);
  return e;
}

int Win32Client::console_write(const void* data, size_t len, size_t* written) const {
  return stub::chunked_write(ep_, uapi::win32::W32_CONSOLE_WRITE, nullptr, 0, data, len, written);
}

int Win32Client::console_read(void* buf, size_t max, size_t* got) const {
  if (max > kConsoleChunk) max = kConsoleChunk;
  const uint64_t in[] = {max};
  ClientReply rp;
  int e = stub::words(ep_, uapi::win32::W32_CONSOLE_READ, in, 1, false, &rp);
  return e != 0 ? e : stub::inline_reply(rp, 0, buf, max, got);
}

int Win32Client::get_console_mode(uint64_t handle, uint64_t* mode) const {
  if (!console_handle(handle)) return uapi::kEINVAL;
  ClientRequest rq(uapi::win32::W32_GET_CONSOLE_MODE);
  rq.push(handle);
  rq.idempotent = true;
  ClientReply rp;
  int e = server_call(ep_, rq, &rp);
  if (e == 0) *mode = rp.get(0);
  return e;
}

int Win32Client::set_console_mode(uint64_t handle, uint64_t mode) const {
  if (!console_handle(handle)) return uapi::kEINVAL;
  ClientRequest rq(uapi::win32::W32_SET_CONSOLE_MODE);
  rq.push(handle);
  rq.push(mode);
  rq.idempotent = true;
  ClientReply rp;
  return server_call(ep_, rq, &rp);
}

int Win32Client::client_register() const {
  ClientRequest rq(uapi::win32::W32_CLIENT_REGISTER);
  ClientReply rp;
  return server_call(ep_, rq, &rp);
}

int Win32Client::client_exit(uint32_t exit_code) const {
  ClientRequest rq(uapi::win32::W32_CLIENT_EXIT);
  rq.push(exit_code);
  ClientReply rp;
  return server_call(ep_, rq, &rp);
}

}  // namespace trona
