// trona/procmgr_client_threads.cpp — the procmgr stubs of PM_THREAD_* and
// PM_GET_THREAD_CAPS (wire formats: servers/uapi/README.md, "procmgr").
#include "trona/clients/procmgr_call.h"
#include "trona/clients/procmgr_client.h"
#include "uapi/procmgr.h"
#include "uapi/status.h"

namespace trona {

using namespace uapi::procmgr;
using detail::procmgr_words;

int ProcmgrClient::thread_create(const EntryPoint& entry, uint64_t stack_pages, uint64_t* tid) const {
  const uint64_t w[] = {entry.rip, entry.stack[0], entry.stack[1], stack_pages};
  ClientReply rp;
  int e = procmgr_words(ep_, PM_THREAD_CREATE, w, 4, false, &rp);
  if (e == 0 && tid != nullptr) *tid = rp.get(0);
  return e;
}

int ProcmgrClient::thread_exit(uint64_t tid, uint64_t value) const {
  const uint64_t w[] = {tid, value};
  ClientReply rp;
  return procmgr_words(ep_, PM_THREAD_EXIT, w, 2, false, &rp);
}

// procmgr forgets a join whose caller was interrupted, so resending it is
// right (pthread_join never fails with EINTR).
int ProcmgrClient::thread_join(uint64_t tid, uint64_t self_tid, uint64_t* value) const {
  const uint64_t w[] = {tid, self_tid};
  ClientReply rp;
  int e = procmgr_words(ep_, PM_THREAD_JOIN, w, 2, true, &rp);
  if (e == 0 && value != nullptr) *value = rp.get(0);
  return e;
}

int ProcmgrClient::thread_detach(uint64_t tid) const {
  ClientReply rp;
  return procmgr_words(ep_, PM_THREAD_DETACH, &tid, 1, false, &rp);
}

int ProcmgrClient::thread_list(uint64_t cursor, uint64_t* tids, size_t max, size_t* n, uint64_t* next) const {
  ClientReply rp;
  int e = procmgr_words(ep_, PM_THREAD_LIST, &cursor, 1, true, &rp);
  if (e == 0) detail::unpack_id_list(rp, tids, max, n, next);
  return e;
}

int ProcmgrClient::get_thread_caps(uint64_t tid, uint64_t receive_slot, size_t* count) const {
  ClientRequest rq(PM_GET_THREAD_CAPS);
  rq.push(tid);
  rq.receive_slot = receive_slot;
  rq.idempotent = true;
  ClientReply rp;
  int e = detail::procmgr_call(ep_, rq, &rp);
  if (e == 0 && count != nullptr) *count = rp.get(0);
  return e;
}

}  // namespace trona
