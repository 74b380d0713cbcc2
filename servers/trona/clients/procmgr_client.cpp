// trona/clients/procmgr_client.cpp — ProcmgrClient: facades over the generated
// stubs (proto/procmgr_client.h, from uapi/proto/procmgr.idl, which also
// holds the status → errno exceptions). What stays here is semantic:
// argv arrays to bytes, out-params, the stubs' own errno choices.
#include "trona/clients/procmgr_client.h"

#include "lib/inline_string.h"
#include "proto/procmgr_client.h"
#include "uapi/linux_numbers.h"

namespace trona {

using namespace uapi::procmgr;
using namespace proto::procmgr;

namespace {

// A label whose reply is one word: *out = that word.
template <class L, uint64_t L::Reply::*Field>
int get_word(uint64_t ep, const typename L::Request& m, uint64_t* out) {
  typename L::Reply r;
  int e = call(ep, m, &r);
  if (e == 0 && out != nullptr) *out = r.*Field;
  return e;
}

// A reply string into a NUL-terminated buffer of `size` (truncated).
void copy_str(const char* s, size_t n, char* buf, size_t size, size_t* len) {
  size_t k = 0;
  for (; k < n && k + 1 < size; ++k) buf[k] = s[k];
  if (size != 0) buf[k] = '\0';
  if (len != nullptr) *len = k;
}

}  // namespace

// A path that does not fit a message is EINVAL, args that do not E2BIG
// (the stub answers EINVAL for both; PM_SPAWN's server EINVAL is ENOEXEC).
int ProcmgrClient::spawn(lib::Str path, const char* const* args, size_t nargs, uint64_t* pid,
                         const SpawnOptions& opt) const {
  if (path.empty()) return uapi::kEINVAL;
  PmSpawn::Request m{
      .policy = opt.policy, .timeout_ns = opt.timeout_ns, .flags = opt.flags, .path = path, .args = lib::Str()};
  {
    uint64_t mr[lib::kMaxMrs], caps[uapi::kMaxExtraCaps];
    size_t len = 0, ncaps = 0;
    if (!encode(m, mr, &len, caps, &ncaps)) return uapi::kEINVAL;
  }
  char argbuf[lib::kMaxMrs * 8];  // the NUL-separated args; more never fits a message
  size_t args_len = 0;
  for (size_t i = 0; i < nargs; ++i) {
    size_t l = lib::c_strlen(args[i]) + 1;
    if (l > sizeof argbuf - args_len) return uapi::kE2BIG;
    for (size_t k = 0; k < l; ++k) argbuf[args_len + k] = args[i][k];
    args_len += l;
  }
  m.args = lib::Str(argbuf, args_len);
  if ((opt.flags & kSpawnFlagUsePreEp) != 0) m.pre_ep = opt.service_ep_slot;  // ~0: none sent
  PmSpawn::Reply out;
  int e = call(ep_, m, &out);
  if (e == uapi::kEINVAL) return uapi::kE2BIG;
  if (e == 0 && pid != nullptr) *pid = out.pid;
  return e;
}

int ProcmgrClient::exit(int status) const {
  return call(ep_, PmExit::Request{.code = static_cast<uint64_t>(status) & 0xFF});
}

int ProcmgrClient::wait(int32_t pid, uint64_t options, int* status, uint64_t* child) const {
  PmWait::Reply out;
  int e = call(ep_, PmWait::Request{.pid = static_cast<uint32_t>(pid), .options = options}, &out);
  if (e != 0) return e;
  if (status != nullptr) *status = static_cast<int>(out.wstatus);
  if (child != nullptr) *child = out.pid;
  return 0;
}

int ProcmgrClient::getpid(uint64_t* v) const { return get_word<PmGetpid, &PmGetpid::Reply::pid>(ep_, {}, v); }
int ProcmgrClient::getppid(uint64_t* v) const { return get_word<PmGetppid, &PmGetppid::Reply::ppid>(ep_, {}, v); }
int ProcmgrClient::getuid(uint64_t* v) const { return get_word<PmGetuid, &PmGetuid::Reply::uid>(ep_, {}, v); }
int ProcmgrClient::getgid(uint64_t* v) const { return get_word<PmGetgid, &PmGetgid::Reply::gid>(ep_, {}, v); }
int ProcmgrClient::geteuid(uint64_t* v) const { return get_word<PmGeteuid, &PmGeteuid::Reply::euid>(ep_, {}, v); }
int ProcmgrClient::getegid(uint64_t* v) const { return get_word<PmGetegid, &PmGetegid::Reply::egid>(ep_, {}, v); }

// INTERRUPTED: delivered (a signal to oneself, §3.5).
int ProcmgrClient::kill(int32_t pid, int sig) const {
  int e = call(ep_, PmKill::Request{.pid = static_cast<uint32_t>(pid), .sig = static_cast<uint64_t>(sig)});
  return e == uapi::kEINTR ? 0 : e;
}
int ProcmgrClient::kill_pgrp(uint64_t pgid, int sig) const {
  int e = call(ep_, PmKillPgid::Request{.pgid = pgid, .sig = static_cast<uint64_t>(sig)});
  return e == uapi::kEINTR ? 0 : e;
}
int ProcmgrClient::setpgid(uint64_t pid, uint64_t pgid) const {
  return call(ep_, PmSetpgid::Request{.pid = pid, .pgid = pgid});
}
int ProcmgrClient::getpgid(uint64_t pid, uint64_t* pgid) const {
  return get_word<PmGetpgid, &PmGetpgid::Reply::pgid>(ep_, {.pid = pid}, pgid);
}
int ProcmgrClient::setsid(uint64_t* sid) const { return get_word<PmSetsid, &PmSetsid::Reply::sid>(ep_, {}, sid); }
int ProcmgrClient::getsid(uint64_t pid, uint64_t* sid) const {
  return get_word<PmGetsid, &PmGetsid::Reply::sid>(ep_, {.pid = pid}, sid);
}
int ProcmgrClient::getpgid_by_badge(uint64_t badge, uint64_t* pgid) const {
  return get_word<PmGetpgidBadge, &PmGetpgidBadge::Reply::pgid>(ep_, {.badge = badge}, pgid);
}
int ProcmgrClient::getsid_by_badge(uint64_t badge, uint64_t* sid) const {
  return get_word<PmGetsidBadge, &PmGetsidBadge::Reply::sid>(ep_, {.badge = badge}, sid);
}

int ProcmgrClient::inject_cap(uint64_t pid, uint64_t dest_slot, uint64_t cap_slot) const {
  return call(ep_, PmInjectCap::Request{.pid = pid, .dest = dest_slot, .object = cap_slot});
}
int ProcmgrClient::resume(uint64_t pid) const { return call(ep_, PmResume::Request{.pid = pid}); }
int ProcmgrClient::register_process(uint64_t badge, uint64_t cnode_slot, uint64_t* pid) const {
  return get_word<PmRegister, &PmRegister::Reply::pid>(ep_, {.badge = badge, .cnode = cnode_slot}, pid);
}

int ProcmgrClient::setuid(uint64_t uid) const { return call(ep_, PmSetuid::Request{.uid = uid}); }
int ProcmgrClient::setgid(uint64_t gid) const { return call(ep_, PmSetgid::Request{.gid = gid}); }
int ProcmgrClient::seteuid(uint64_t uid) const { return call(ep_, PmSeteuid::Request{.uid = uid}); }
int ProcmgrClient::setegid(uint64_t gid) const { return call(ep_, PmSetegid::Request{.gid = gid}); }
int ProcmgrClient::setreuid(uint64_t r, uint64_t e) const {
  return call(ep_, PmSetreuid::Request{.real = r, .effective = e});
}
int ProcmgrClient::setregid(uint64_t r, uint64_t e) const {
  return call(ep_, PmSetregid::Request{.real = r, .effective = e});
}
int ProcmgrClient::setresuid(uint64_t r, uint64_t e, uint64_t s) const {
  return call(ep_, PmSetresuid::Request{.real = r, .effective = e, .saved = s});
}
int ProcmgrClient::setresgid(uint64_t r, uint64_t e, uint64_t s) const {
  return call(ep_, PmSetresgid::Request{.real = r, .effective = e, .saved = s});
}

namespace {

template <class L>
int get3(uint64_t ep, uint64_t* a, uint64_t* b, uint64_t* c) {
  typename L::Reply r;
  int e = call(ep, typename L::Request{}, &r);
  if (e != 0) return e;
  if (a) *a = r.real;
  if (b) *b = r.effective;
  if (c) *c = r.saved;
  return 0;
}

}  // namespace

int ProcmgrClient::getresuid(uint64_t* r, uint64_t* e, uint64_t* s) const { return get3<PmGetresuid>(ep_, r, e, s); }
int ProcmgrClient::getresgid(uint64_t* r, uint64_t* e, uint64_t* s) const { return get3<PmGetresgid>(ep_, r, e, s); }

// More than kMaxGroups: the count still says n, procmgr refuses it (EINVAL).
int ProcmgrClient::setgroups(const uint64_t* gids, size_t n) const {
  PmSetgroups::Request m{.gids_count = n};
  for (size_t i = 0; i < n && i < kMaxGroups; ++i) m.gids[i] = gids[i];
  return call(ep_, m);
}
int ProcmgrClient::getgroups(uint64_t* gids, size_t max, size_t* n) const {
  PmGetgroups::Reply r;
  int e = call(ep_, PmGetgroups::Request{}, &r);
  if (e != 0) return e;
  if (max != 0 && r.gids_count > max) return uapi::kEINVAL;
  for (size_t i = 0; i < r.gids_count && i < max; ++i) gids[i] = r.gids[i];
  if (n) *n = r.gids_count;
  return 0;
}
int ProcmgrClient::get_creds_by_badge(uint64_t badge, ProcCreds* out) const {
  PmGetCredsByBadge::Reply r;
  int e = call(ep_, PmGetCredsByBadge::Request{.badge = badge}, &r);
  if (e == 0 && out != nullptr) *out = {r.uid, r.euid, r.gid, r.egid, r.pid};
  return e;
}
int ProcmgrClient::umask(uint64_t mask, uint64_t* old) const {
  return get_word<PmUmask, &PmUmask::Reply::old>(ep_, {.mask = mask}, old);
}
int ProcmgrClient::getrlimit(uint64_t resource, uint64_t* cur, uint64_t* max) const {
  PmGetrlimit::Reply r;
  int e = call(ep_, PmGetrlimit::Request{.resource = resource}, &r);
  if (e != 0) return e;
  if (cur) *cur = r.soft;
  if (max) *max = r.hard;
  return 0;
}
int ProcmgrClient::setrlimit(uint64_t resource, uint64_t cur, uint64_t max) const {
  return call(ep_, PmSetrlimit::Request{.resource = resource, .soft = cur, .hard = max});
}
int ProcmgrClient::set_session_tty(uint64_t tty) const { return call(ep_, PmSetSessionTty::Request{.tty = tty}); }
int ProcmgrClient::clear_session_tty() const { return call(ep_, PmClearSessionTty::Request{}); }
int ProcmgrClient::set_session_tty_pgrp(uint64_t pgrp) const {
  return call(ep_, PmSetSessionTtyPgrp::Request{.pgrp = pgrp});
}

int ProcmgrClient::list_pids(uint64_t cursor, uint64_t* pids, size_t max, size_t* n, uint64_t* next) const {
  PmListPids::Reply r;
  int e = call(ep_, PmListPids::Request{.cursor = cursor}, &r);
  if (e != 0) return e;
  if (r.count > max) return uapi::kEINVAL;
  for (size_t i = 0; i < r.count; ++i) pids[i] = i < r.pids_count ? r.pids[i] : 0;
  if (n) *n = r.count;
  if (next) *next = r.next;
  return 0;
}

int ProcmgrClient::get_proc_info(uint64_t pid, ProcInfo* out) const {
  PmGetProcInfo::Reply r;
  int e = call(ep_, PmGetProcInfo::Request{.pid = pid}, &r);
  if (e != 0 || out == nullptr) return e;
  out->pid = r.pid;
  out->ppid = r.ppid;
  out->pgid = r.pgid;
  out->sid = r.sid;
  out->uid = r.uid;
  out->euid = r.euid;
  out->gid = r.gid;
  out->egid = r.egid;
  out->state = r.state;
  out->pending_signals = r.pending;
  out->umask = r.umask;
  copy_str(r.path_buf, r.path_len, out->path, sizeof out->path, &out->path_len);
  return 0;
}

int ProcmgrClient::get_exe_path(uint64_t pid, char* buf, size_t size, size_t* len) const {
  PmGetExePath::Reply r;
  int e = call(ep_, PmGetExePath::Request{.pid = pid}, &r);
  if (e != 0) return e;
  if (r.path_len + 1 > size) return uapi::kERANGE;
  copy_str(r.path_buf, r.path_len, buf, size, len);
  return 0;
}

int ProcmgrClient::register_service_def(uint64_t policy, lib::Str name, lib::Str binary) const {
  return call(ep_, PmRegisterServiceDefs::Request{.policy = policy, .name = name, .binary = binary});
}

int ProcmgrClient::register_provider(lib::Str name, uint64_t endpoint_slot) const {
  return call(ep_, PmRegisterProvider::Request{.name = name, .endpoint = endpoint_slot});
}

}  // namespace trona
