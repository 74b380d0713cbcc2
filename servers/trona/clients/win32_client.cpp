#include "trona/clients/win32_client.h"

#include "proto/win32_client.h"
#include "trona/clients/stub_util.h"
#include "uapi/linux_numbers.h"
#include "uapi/win32.h"

namespace trona {

using namespace proto::win32;

namespace {

bool console_handle(uint64_t h) {
  return h == uapi::win32::kConsoleHandleInput || h == uapi::win32::kConsoleHandleOutput;
}

}  // namespace

int Win32Client::resolve_import(lib::Str name, uint64_t ordinal_hint, uint64_t* rva) const {
  if (name.empty()) return uapi::kEINVAL;
  W32ResolveImport::Reply out;
  int e = call(ep_, W32ResolveImport::Request{.ordinal_hint = ordinal_hint, .name = name}, &out);
  if (e == 0) *rva = out.rva;
  return e;
}

int Win32Client::console_write(const void* data, size_t len, size_t* written) const {
  return stub::chunked_write(data, len, written, [this](lib::Str piece, uint64_t* taken) {
    W32ConsoleWrite::Reply out;
    int e = call(ep_, W32ConsoleWrite::Request{.data = piece}, &out);
    *taken = out.taken;
    return e;
  });
}

int Win32Client::console_read(void* buf, size_t max, size_t* got) const {
  if (max > kConsoleChunk) max = kConsoleChunk;
  W32ConsoleRead::Reply out;
  int e = call(ep_, W32ConsoleRead::Request{.max = max}, &out);
  return e != 0 ? e : stub::copy_reply(out.data_buf, out.data_len, buf, max, got);
}

int Win32Client::get_console_mode(uint64_t handle, uint64_t* mode) const {
  if (!console_handle(handle)) return uapi::kEINVAL;
  W32GetConsoleMode::Reply out;
  int e = call(ep_, W32GetConsoleMode::Request{.handle = handle}, &out);
  if (e == 0) *mode = out.mode;
  return e;
}

int Win32Client::set_console_mode(uint64_t handle, uint64_t mode) const {
  if (!console_handle(handle)) return uapi::kEINVAL;
  return call(ep_, W32SetConsoleMode::Request{.handle = handle, .mode = mode});
}

int Win32Client::client_register() const { return call(ep_, W32ClientRegister::Request{}); }

int Win32Client::client_exit(uint32_t exit_code) const {
  return call(ep_, W32ClientExit::Request{.exit_code = exit_code});
}

}  // namespace trona
