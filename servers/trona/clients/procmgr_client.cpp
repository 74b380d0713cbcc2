#include "trona/clients/procmgr_client.h"

#include "lib/inline_string.h"
#include "trona/core/client.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"
#include "uapi/status.h"

namespace trona {

namespace {

using namespace uapi::procmgr;

// server_call with procmgr's NOT_FOUND meaning `not_found` (ESRCH, ECHILD,
// ENOENT).
int pm_call(uint64_t ep, const ClientRequest& rq, ClientReply* rp, int not_found = uapi::kESRCH) {
  int e = server_call(ep, rq, rp);
  if (e != 0 && rp->status == uapi::TRONA_NOT_FOUND) return not_found;
  return e;
}

int get1(uint64_t ep, uint64_t label, uint64_t* out, bool with_arg = false, uint64_t arg = 0) {
  ClientRequest rq(label);
  if (with_arg) rq.push(arg);
  rq.idempotent = true;
  ClientReply rp;
  int e = pm_call(ep, rq, &rp);
  if (e == 0 && out != nullptr) *out = rp.get(0);
  return e;
}

int simple(uint64_t ep, uint64_t label, const uint64_t* args, size_t n, bool idempotent = false) {
  ClientRequest rq(label);
  for (size_t i = 0; i < n; ++i) rq.push(args[i]);
  rq.idempotent = idempotent;
  ClientReply rp;
  return pm_call(ep, rq, &rp);
}

void unpack(const ClientReply& rp, size_t k, char* buf, size_t size, size_t* len) {
  size_t n = 0;
  size_t declared = rp.get(k);
  for (size_t i = 0; i < declared && i + 1 < size; ++i, ++n)
    buf[i] = static_cast<char>(rp.get(k + 1 + i / 8) >> (8 * (i % 8)));
  if (size != 0) buf[n] = '\0';
  if (len != nullptr) *len = n;
}

}  // namespace

int ProcmgrClient::spawn(lib::Str path, const char* const* args, size_t nargs, uint64_t* pid,
                         const SpawnOptions& opt) const {
  ClientRequest rq(PM_SPAWN);
  rq.push(path.size);
  rq.push(opt.policy);
  rq.push(opt.timeout_ns);
  rq.push(opt.flags);
  size_t args_len = 0;
  for (size_t i = 0; i < nargs; ++i) args_len += lib::c_strlen(args[i]) + 1;
  rq.push(args_len);
  if (path.empty()) return uapi::kEINVAL;
  // name bytes, then the NUL-separated args from the next word
  auto push_bytes = [&rq](auto byte_at, size_t n) {
    for (size_t w = 0; w < lib::inline_words(n); ++w) {
      uint64_t v = 0;
      for (size_t i = 0; i < 8 && 8 * w + i < n; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(byte_at(8 * w + i))) << (8 * i);
      if (!rq.push(v)) return false;
    }
    return true;
  };
  if (!push_bytes([&](size_t i) { return path[i]; }, path.size)) return uapi::kEINVAL;
  auto arg_byte = [&](size_t pos) -> char {
    for (size_t i = 0; i < nargs; ++i) {
      size_t l = lib::c_strlen(args[i]) + 1;
      if (pos < l) return args[i][pos];
      pos -= l;
    }
    return '\0';
  };
  if (!push_bytes(arg_byte, args_len)) return uapi::kE2BIG;
  if ((opt.flags & kSpawnFlagUsePreEp) != 0 && opt.service_ep_slot != ~uint64_t{0}) rq.push_cap(opt.service_ep_slot);
  ClientReply rp;
  int e = pm_call(ep_, rq, &rp, uapi::kENOENT);
  if (e == uapi::kEINVAL) return uapi::kENOEXEC;
  if (e == 0 && pid != nullptr) *pid = rp.get(0);
  return e;
}

int ProcmgrClient::exit(int status) const {
  const uint64_t a[] = {static_cast<uint64_t>(status) & 0xFF};
  return simple(ep_, PM_EXIT, a, 1);
}

int ProcmgrClient::wait(int32_t pid, uint64_t options, int* status, uint64_t* child) const {
  ClientRequest rq(PM_WAIT);
  rq.push(static_cast<uint32_t>(pid));
  rq.push(options);
  ClientReply rp;
  int e = pm_call(ep_, rq, &rp, uapi::kECHILD);
  if (e != 0) return e;
  if (status != nullptr) *status = static_cast<int>(rp.get(0));
  if (child != nullptr) *child = rp.get(1);
  return 0;
}

int ProcmgrClient::getpid(uint64_t* v) const { return get1(ep_, PM_GETPID, v); }
int ProcmgrClient::getppid(uint64_t* v) const { return get1(ep_, PM_GETPPID, v); }
int ProcmgrClient::getuid(uint64_t* v) const { return get1(ep_, PM_GETUID, v); }
int ProcmgrClient::getgid(uint64_t* v) const { return get1(ep_, PM_GETGID, v); }
int ProcmgrClient::geteuid(uint64_t* v) const { return get1(ep_, PM_GETEUID, v); }
int ProcmgrClient::getegid(uint64_t* v) const { return get1(ep_, PM_GETEGID, v); }

int ProcmgrClient::kill(int32_t pid, int sig) const {
  const uint64_t a[] = {static_cast<uint32_t>(pid), static_cast<uint64_t>(sig)};
  int e = simple(ep_, PM_KILL, a, 2);
  return e == uapi::kEINTR ? 0 : e;  // INTERRUPTED: delivered (§3.5)
}
int ProcmgrClient::kill_pgrp(uint64_t pgid, int sig) const {
  const uint64_t a[] = {pgid, static_cast<uint64_t>(sig)};
  int e = simple(ep_, PM_KILL_PGID, a, 2);
  return e == uapi::kEINTR ? 0 : e;
}
int ProcmgrClient::setpgid(uint64_t pid, uint64_t pgid) const {
  const uint64_t a[] = {pid, pgid};
  return simple(ep_, PM_SETPGID, a, 2, true);
}
int ProcmgrClient::getpgid(uint64_t pid, uint64_t* pgid) const { return get1(ep_, PM_GETPGID, pgid, true, pid); }
int ProcmgrClient::setsid(uint64_t* sid) const {
  ClientRequest rq(PM_SETSID);
  ClientReply rp;
  int e = pm_call(ep_, rq, &rp);
  if (e == 0 && sid != nullptr) *sid = rp.get(0);
  return e;
}
int ProcmgrClient::getsid(uint64_t pid, uint64_t* sid) const { return get1(ep_, PM_GETSID, sid, true, pid); }
int ProcmgrClient::getpgid_by_badge(uint64_t badge, uint64_t* pgid) const {
  return get1(ep_, PM_GETPGID_BADGE, pgid, true, badge);
}
int ProcmgrClient::getsid_by_badge(uint64_t badge, uint64_t* sid) const {
  return get1(ep_, PM_GETSID_BADGE, sid, true, badge);
}

int ProcmgrClient::inject_cap(uint64_t pid, uint64_t dest_slot, uint64_t cap_slot) const {
  ClientRequest rq(PM_INJECT_CAP);
  rq.push(pid);
  rq.push(dest_slot);
  rq.push_cap(cap_slot);
  ClientReply rp;
  return pm_call(ep_, rq, &rp);
}
int ProcmgrClient::resume(uint64_t pid) const {
  const uint64_t a[] = {pid};
  return simple(ep_, PM_RESUME, a, 1, true);
}
int ProcmgrClient::register_process(uint64_t badge, uint64_t cnode_slot, uint64_t* pid) const {
  ClientRequest rq(PM_REGISTER);
  rq.push(badge);
  rq.push_cap(cnode_slot);
  ClientReply rp;
  int e = pm_call(ep_, rq, &rp);
  if (e == 0 && pid != nullptr) *pid = rp.get(0);
  return e;
}

int ProcmgrClient::setuid(uint64_t uid) const { return simple(ep_, PM_SETUID, &uid, 1, true); }
int ProcmgrClient::setgid(uint64_t gid) const { return simple(ep_, PM_SETGID, &gid, 1, true); }
int ProcmgrClient::seteuid(uint64_t uid) const { return simple(ep_, PM_SETEUID, &uid, 1, true); }
int ProcmgrClient::setegid(uint64_t gid) const { return simple(ep_, PM_SETEGID, &gid, 1, true); }
int ProcmgrClient::setreuid(uint64_t r, uint64_t e) const {
  const uint64_t a[] = {r, e};
  return simple(ep_, PM_SETREUID, a, 2, true);
}
int ProcmgrClient::setregid(uint64_t r, uint64_t e) const {
  const uint64_t a[] = {r, e};
  return simple(ep_, PM_SETREGID, a, 2, true);
}
int ProcmgrClient::setresuid(uint64_t r, uint64_t e, uint64_t s) const {
  const uint64_t a[] = {r, e, s};
  return simple(ep_, PM_SETRESUID, a, 3, true);
}
int ProcmgrClient::setresgid(uint64_t r, uint64_t e, uint64_t s) const {
  const uint64_t a[] = {r, e, s};
  return simple(ep_, PM_SETRESGID, a, 3, true);
}

static int get3(uint64_t ep, uint64_t label, uint64_t* a, uint64_t* b, uint64_t* c) {
  ClientRequest rq(label);
  rq.idempotent = true;
  ClientReply rp;
  int e = server_call(ep, rq, &rp);
  if (e != 0) return e == uapi::kENOENT ? uapi::kESRCH : e;
  if (a) *a = rp.get(0);
  if (b) *b = rp.get(1);
  if (c) *c = rp.get(2);
  return 0;
}
int ProcmgrClient::getresuid(uint64_t* r, uint64_t* e, uint64_t* s) const { return get3(ep_, PM_GETRESUID, r, e, s); }
int ProcmgrClient::getresgid(uint64_t* r, uint64_t* e, uint64_t* s) const { return get3(ep_, PM_GETRESGID, r, e, s); }

int ProcmgrClient::setgroups(const uint64_t* gids, size_t n) const {
  ClientRequest rq(PM_SETGROUPS);
  rq.push(n);
  for (size_t i = 0; i < n; ++i)
    if (!rq.push(gids[i])) return uapi::kEINVAL;
  rq.idempotent = true;
  ClientReply rp;
  return pm_call(ep_, rq, &rp);
}
int ProcmgrClient::getgroups(uint64_t* gids, size_t max, size_t* n) const {
  ClientRequest rq(PM_GETGROUPS);
  rq.idempotent = true;
  ClientReply rp;
  int e = pm_call(ep_, rq, &rp);
  if (e != 0) return e;
  size_t count = rp.get(0);
  if (max != 0 && count > max) return uapi::kEINVAL;
  for (size_t i = 0; i < count && i < max; ++i) gids[i] = rp.get(1 + i);
  if (n) *n = count;
  return 0;
}
int ProcmgrClient::get_creds_by_badge(uint64_t badge, ProcCreds* out) const {
  ClientRequest rq(PM_GET_CREDS_BY_BADGE);
  rq.push(badge);
  rq.idempotent = true;
  ClientReply rp;
  int e = pm_call(ep_, rq, &rp);
  if (e == 0 && out != nullptr) *out = {rp.get(0), rp.get(1), rp.get(2), rp.get(3), rp.get(4)};
  return e;
}
int ProcmgrClient::umask(uint64_t mask, uint64_t* old) const {
  ClientRequest rq(PM_UMASK);
  rq.push(mask);
  ClientReply rp;
  int e = pm_call(ep_, rq, &rp);
  if (e == 0 && old != nullptr) *old = rp.get(0);
  return e;
}
int ProcmgrClient::getrlimit(uint64_t resource, uint64_t* cur, uint64_t* max) const {
  ClientRequest rq(PM_GETRLIMIT);
  rq.push(resource);
  rq.idempotent = true;
  ClientReply rp;
  int e = pm_call(ep_, rq, &rp);
  if (e != 0) return e;
  if (cur) *cur = rp.get(0);
  if (max) *max = rp.get(1);
  return 0;
}
int ProcmgrClient::setrlimit(uint64_t resource, uint64_t cur, uint64_t max) const {
  const uint64_t a[] = {resource, cur, max};
  return simple(ep_, PM_SETRLIMIT, a, 3, true);
}
int ProcmgrClient::set_session_tty(uint64_t tty) const { return simple(ep_, PM_SET_SESSION_TTY, &tty, 1, true); }
int ProcmgrClient::clear_session_tty() const { return simple(ep_, PM_CLEAR_SESSION_TTY, nullptr, 0, true); }
int ProcmgrClient::set_session_tty_pgrp(uint64_t pgrp) const {
  return simple(ep_, PM_SET_SESSION_TTY_PGRP, &pgrp, 1, true);
}

int ProcmgrClient::list_pids(uint64_t cursor, uint64_t* pids, size_t max, size_t* n, uint64_t* next) const {
  ClientRequest rq(PM_LIST_PIDS);
  rq.push(cursor);
  rq.idempotent = true;
  ClientReply rp;
  int e = pm_call(ep_, rq, &rp);
  if (e != 0) return e;
  size_t count = rp.get(0);
  if (count > max) return uapi::kEINVAL;
  for (size_t i = 0; i < count; ++i) pids[i] = rp.get(2 + i);
  if (n) *n = count;
  if (next) *next = rp.get(1);
  return 0;
}

int ProcmgrClient::get_proc_info(uint64_t pid, ProcInfo* out) const {
  ClientRequest rq(PM_GET_PROC_INFO);
  rq.push(pid);
  rq.idempotent = true;
  ClientReply rp;
  int e = pm_call(ep_, rq, &rp);
  if (e != 0 || out == nullptr) return e;
  out->pid = rp.get(0);
  out->ppid = rp.get(1);
  out->pgid = rp.get(2);
  out->sid = rp.get(3);
  out->uid = rp.get(4);
  out->euid = rp.get(5);
  out->gid = rp.get(6);
  out->egid = rp.get(7);
  out->state = rp.get(8);
  out->pending_signals = rp.get(9);
  out->umask = rp.get(10);
  unpack(rp, 11, out->path, sizeof out->path, &out->path_len);
  return 0;
}

int ProcmgrClient::get_exe_path(uint64_t pid, char* buf, size_t size, size_t* len) const {
  ClientRequest rq(PM_GET_EXE_PATH);
  rq.push(pid);
  rq.idempotent = true;
  ClientReply rp;
  int e = pm_call(ep_, rq, &rp);
  if (e != 0) return e;
  if (rp.get(0) + 1 > size) return uapi::kERANGE;
  unpack(rp, 0, buf, size, len);
  return 0;
}

int ProcmgrClient::register_service_def(uint64_t policy, lib::Str name, lib::Str binary) const {
  ClientRequest rq(PM_REGISTER_SERVICE_DEFS);
  rq.push(policy);
  if (!rq.push_inline(name) || !rq.push_inline(binary)) return uapi::kEINVAL;
  ClientReply rp;
  return pm_call(ep_, rq, &rp);
}

int ProcmgrClient::register_provider(lib::Str name, uint64_t endpoint_slot) const {
  ClientRequest rq(PM_REGISTER_PROVIDER);
  if (!rq.push_inline(name)) return uapi::kEINVAL;
  rq.push_cap(endpoint_slot);
  ClientReply rp;
  return pm_call(ep_, rq, &rp);
}

}  // namespace trona
