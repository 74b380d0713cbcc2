// trona/procmgr_client_image.cpp — ProcmgrClient::fork / exec (PM_FORK 5,
// PM_EXEC 6; wire formats: uapi/proto/procmgr.idl): facades over
// proto/procmgr_client.h.
#include "lib/inline_string.h"
#include "proto/procmgr_client.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

namespace trona {

using namespace uapi::procmgr;
using namespace proto::procmgr;

namespace {

// Copies the strings of a NULL-terminated array (null = none) to `out`
// from byte `at`, each with its NUL; false when they pass `cap` bytes.
bool pack_strings(const char* const* list, char* out, size_t cap, size_t* at, size_t* count) {
  for (size_t i = 0; list != nullptr && list[i] != nullptr; ++i, ++*count) {
    size_t n = lib::c_strlen(list[i]) + 1;
    if (n > cap - *at) return false;
    for (size_t k = 0; k < n; ++k) out[*at + k] = list[i][k];
    *at += n;
  }
  return true;
}

}  // namespace

// The callee-saved registers and the TLS base are not modelled in the
// simulator (sent as 0); the child's entry gets what it needs through its
// stack words.
int ProcmgrClient::fork(uint64_t entry_rip, uint64_t entry_rsp, uint64_t* pid) const {
  PmFork::Reply r;
  int e = call(ep_, PmFork::Request{.rsp = entry_rsp, .rip = entry_rip}, &r);
  if (e == 0 && pid != nullptr) *pid = r.pid;
  return e;
}

// E2BIG / ENOEXEC for PM_EXEC's OUT_OF_RANGE / INVALID_ARGUMENT: procmgr.idl.
int ProcmgrClient::exec(lib::Str path, const char* const* argv, const char* const* envp) const {
  if (path.empty()) return uapi::kENOENT;
  if (path.size > kMaxPath) return uapi::kENAMETOOLONG;
  // The strings go to the IPC buffer's reserved area; the kernel copies
  // them to procmgr's with the message (§2.4).
  IpcBuffer* ipc = ipc_buffer();
  char* payload = reinterpret_cast<char*>(ipc->reserved);
  size_t total = 0, argc = 0, envc = 0;
  if (!pack_strings(argv, payload, sizeof ipc->reserved, &total, &argc)) return uapi::kE2BIG;
  if (!pack_strings(envp, payload, sizeof ipc->reserved, &total, &envc)) return uapi::kE2BIG;
  return call(ep_, PmExec::Request{.path = path, .counts = (uint64_t{argc} << 32) | envc, .total = total});
}

}  // namespace trona
