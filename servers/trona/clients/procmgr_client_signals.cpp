// trona/procmgr_client_signals.cpp — the procmgr stubs of sigaction,
// itimers, PM_DUMP_PENDING and the personality providers (wire formats:
// servers/uapi/README.md, "procmgr").
#include "trona/clients/procmgr_call.h"
#include "trona/clients/procmgr_client.h"
#include "uapi/procmgr.h"
#include "uapi/status.h"

namespace trona {

namespace detail {

int procmgr_call(uint64_t ep, const ClientRequest& rq, ClientReply* rp) {
  int e = server_call(ep, rq, rp);
  if (e != 0 && rp->status == uapi::TRONA_NOT_FOUND) return uapi::kESRCH;
  return e;
}

int procmgr_words(uint64_t ep, uint64_t label, const uint64_t* words, size_t n, bool idempotent, ClientReply* rp) {
  ClientRequest rq(label);
  for (size_t i = 0; i < n; ++i) rq.push(words[i]);
  rq.idempotent = idempotent;
  return procmgr_call(ep, rq, rp);
}

void unpack_id_list(const ClientReply& rp, uint64_t* ids, size_t max, size_t* n, uint64_t* next) {
  size_t count = rp.get(0);
  size_t k = 0;
  for (; k < count && k < max; ++k) ids[k] = rp.get(2 + k);
  if (n != nullptr) *n = k;
  if (next != nullptr) *next = k < count ? (k == 0 ? 0 : ids[k - 1]) : rp.get(1);
}

}  // namespace detail

using namespace uapi::procmgr;
using detail::procmgr_words;

// Setting is idempotent enough to resend after INTERRUPTED (sigaction
// never fails with EINTR); the old action then reads as the new one.
int ProcmgrClient::sigaction(int sig, const SigActionWords* act, SigActionWords* old) const {
  const uint64_t w[] = {static_cast<uint64_t>(sig), act ? act->handler : 0, act ? act->flags : 0,
                        act ? act->mask : 0, act ? act->dispatcher : 0};
  ClientReply rp;
  int e = procmgr_words(ep_, PM_SIGACTION, w, act ? 5 : 1, true, &rp);
  if (e == 0 && old != nullptr) *old = SigActionWords{rp.get(0), rp.get(1), rp.get(2), 0};
  return e;
}

int ProcmgrClient::setitimer(int which, const ItimerNs& value, ItimerNs* old) const {
  const uint64_t w[] = {static_cast<uint64_t>(which), value.value_ns, value.interval_ns};
  ClientReply rp;
  int e = procmgr_words(ep_, PM_SETITIMER, w, 3, true, &rp);
  if (e == 0 && old != nullptr) *old = ItimerNs{rp.get(0), rp.get(1)};
  return e;
}

int ProcmgrClient::getitimer(int which, ItimerNs* cur) const {
  const uint64_t w[] = {static_cast<uint64_t>(which)};
  ClientReply rp;
  int e = procmgr_words(ep_, PM_GETITIMER, w, 1, true, &rp);
  if (e == 0 && cur != nullptr) *cur = ItimerNs{rp.get(0), rp.get(1)};
  return e;
}

int ProcmgrClient::dump_pending(uint64_t skip, PendingWaiter* out, size_t max, size_t* n, uint64_t* left) const {
  ClientReply rp;
  int e = procmgr_words(ep_, PM_DUMP_PENDING, &skip, 1, true, &rp);
  if (e != 0) return e;
  size_t count = rp.get(0), k = 0;
  for (; k < count && k < max; ++k) out[k] = PendingWaiter{rp.get(2 + 3 * k), rp.get(3 + 3 * k), rp.get(4 + 3 * k)};
  if (n != nullptr) *n = k;
  if (left != nullptr) *left = rp.get(1) + (count - k);
  return 0;
}

int ProcmgrClient::register_personality_provider(uint64_t subsystem, uint64_t endpoint_slot) const {
  ClientRequest rq(PM_REGISTER_PERSONALITY_PROVIDER);
  rq.push(subsystem);
  rq.push_cap(endpoint_slot);
  ClientReply rp;
  return detail::procmgr_call(ep_, rq, &rp);
}

}  // namespace trona
