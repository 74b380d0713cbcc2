// trona/procmgr_client_image.cpp — ProcmgrClient::fork / exec (PM_FORK 5,
// PM_EXEC 6; kernel-abi.md §3.5, servers/uapi/README.md "procmgr").
#include "lib/inline_string.h"
#include "trona/core/client.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

namespace trona {

namespace {

constexpr size_t kForkLength = 10;  // §3.5: rsp, entry, 7 callee-saved registers, TLS base

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

int ProcmgrClient::fork(uint64_t entry_rip, uint64_t entry_rsp, uint64_t* pid) const {
  ClientRequest rq(uapi::procmgr::PM_FORK);
  rq.push(entry_rsp);
  rq.push(entry_rip);
  // The callee-saved registers and the TLS base are not modelled in the
  // simulator; the child's entry gets what it needs through its stack words.
  while (rq.length < kForkLength) rq.push(0);
  ClientReply rp;
  int e = server_call(ep_, rq, &rp);
  if (e == uapi::kENOENT) return uapi::kESRCH;  // not a process procmgr knows
  if (e == 0 && pid != nullptr) *pid = rp.get(0);
  return e;
}

int ProcmgrClient::exec(lib::Str path, const char* const* argv, const char* const* envp) const {
  if (path.empty()) return uapi::kENOENT;
  if (path.size > 64) return uapi::kENAMETOOLONG;
  // The strings go to the IPC buffer's reserved area; the kernel copies
  // them to procmgr's with the message (§2.4).
  IpcBuffer* ipc = ipc_buffer();
  char* payload = reinterpret_cast<char*>(ipc->reserved);
  size_t total = 0, argc = 0, envc = 0;
  if (!pack_strings(argv, payload, sizeof ipc->reserved, &total, &argc)) return uapi::kE2BIG;
  if (!pack_strings(envp, payload, sizeof ipc->reserved, &total, &envc)) return uapi::kE2BIG;
  ClientRequest rq(uapi::procmgr::PM_EXEC);
  if (!rq.push_inline(path) || !rq.push((uint64_t{argc} << 32) | envc) || !rq.push(total)) return uapi::kENAMETOOLONG;
  ClientReply rp;
  int e = server_call(ep_, rq, &rp);
  if (rp.status == uapi::TRONA_OUT_OF_RANGE) return uapi::kE2BIG;        // §2.8: PM_EXEC's OUT_OF_RANGE
  if (rp.status == uapi::TRONA_INVALID_ARGUMENT) return uapi::kENOEXEC;  // a malformed image
  return e;
}

}  // namespace trona
