// trona/procmgr_client_signals.cpp — the procmgr stubs of sigaction,
// itimers, PM_DUMP_PENDING and the personality providers: facades over
// proto/procmgr_client.h (wire formats: uapi/proto/procmgr.idl).
#include "trona/clients/procmgr_client.h"

#include "proto/procmgr_client.h"
#include "uapi/linux_numbers.h"

namespace trona {

using namespace uapi::procmgr;
using namespace proto::procmgr;

// PM_SIGACTION is client=raw (procmgr.idl): a query is the signal word
// alone, so the encoded request is cut to one word — the message length is
// what the language cannot say. Resent after INTERRUPTED (sigaction never
// fails with EINTR); the old action then reads as the new one.
int ProcmgrClient::sigaction(int sig, const SigActionWords* act, SigActionWords* old) const {
  PmSigaction::Request m{.sig = static_cast<uint64_t>(sig)};
  if (act != nullptr) {
    m.handler = act->handler;
    m.flags = act->flags;
    m.mask = act->mask;
    m.dispatcher = act->dispatcher;
  }
  ClientRequest rq(PM_SIGACTION);
  rq.idempotent = PmSigaction::kIdempotent;
  if (!encode(m, rq.mr, &rq.length, rq.caps, &rq.cap_count)) return uapi::kEINVAL;
  if (act == nullptr) rq.length = 1;
  ClientReply rp;
  int e = raw_call(ep_, rq, &rp);
  if (e != 0) return e;
  PmSigaction::Reply r;
  if (!decode(rp.mr, rp.length, &r)) return uapi::kEIO;
  if (old != nullptr) *old = SigActionWords{r.handler, r.flags, r.mask, 0};
  return 0;
}

int ProcmgrClient::setitimer(int which, const ItimerNs& value, ItimerNs* old) const {
  PmSetitimer::Reply r;
  int e = call(ep_,
               PmSetitimer::Request{.which = static_cast<uint64_t>(which), .value = value.value_ns,
                                    .interval = value.interval_ns},
               &r);
  if (e == 0 && old != nullptr) *old = ItimerNs{r.remaining, r.interval};
  return e;
}

int ProcmgrClient::getitimer(int which, ItimerNs* cur) const {
  PmGetitimer::Reply r;
  int e = call(ep_, PmGetitimer::Request{.which = static_cast<uint64_t>(which)}, &r);
  if (e == 0 && cur != nullptr) *cur = ItimerNs{r.remaining, r.interval};
  return e;
}

int ProcmgrClient::dump_pending(uint64_t skip, PendingWaiter* out, size_t max, size_t* n, uint64_t* left) const {
  PmDumpPending::Reply r;
  int e = call(ep_, PmDumpPending::Request{.skip = skip}, &r);
  if (e != 0) return e;
  auto word = [&r](size_t i) { return i < r.entries_count ? r.entries[i] : 0; };
  size_t k = 0;
  for (; k < r.count && k < max; ++k) out[k] = PendingWaiter{word(3 * k), word(3 * k + 1), word(3 * k + 2)};
  if (n != nullptr) *n = k;
  if (left != nullptr) *left = r.left + (r.count - k);
  return 0;
}

int ProcmgrClient::register_personality_provider(uint64_t subsystem, uint64_t endpoint_slot) const {
  return call(ep_, PmRegisterPersonalityProvider::Request{.subsystem = subsystem, .endpoint = endpoint_slot});
}

}  // namespace trona
