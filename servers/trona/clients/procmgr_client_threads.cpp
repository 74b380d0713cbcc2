// trona/procmgr_client_threads.cpp — the procmgr stubs of PM_THREAD_* and
// PM_GET_THREAD_CAPS: facades over proto/procmgr_client.h (wire formats:
// uapi/proto/procmgr.idl).
#include "trona/clients/procmgr_client.h"

#include "proto/procmgr_client.h"

namespace trona {

using namespace uapi::procmgr;
using namespace proto::procmgr;

int ProcmgrClient::thread_create(const EntryPoint& entry, uint64_t stack_pages, uint64_t* tid) const {
  PmThreadCreate::Reply r;
  int e = call(ep_,
               PmThreadCreate::Request{.rip = entry.rip, .stack0 = entry.stack[0], .stack1 = entry.stack[1],
                                       .stack_pages = stack_pages},
               &r);
  if (e == 0 && tid != nullptr) *tid = r.tid;
  return e;
}

int ProcmgrClient::thread_exit(uint64_t tid, uint64_t value) const {
  return call(ep_, PmThreadExit::Request{.tid = tid, .value = value});
}

// procmgr forgets a join whose caller was interrupted, so resending it is
// right (pthread_join never fails with EINTR; idempotent in the .idl).
int ProcmgrClient::thread_join(uint64_t tid, uint64_t self_tid, uint64_t* value) const {
  PmThreadJoin::Reply r;
  int e = call(ep_, PmThreadJoin::Request{.tid = tid, .self = self_tid}, &r);
  if (e == 0 && value != nullptr) *value = r.value;
  return e;
}

int ProcmgrClient::thread_detach(uint64_t tid) const { return call(ep_, PmThreadDetach::Request{.tid = tid}); }

// At most `max` ids; a cut list's next cursor is the last id taken.
int ProcmgrClient::thread_list(uint64_t cursor, uint64_t* tids, size_t max, size_t* n, uint64_t* next) const {
  PmThreadList::Reply r;
  int e = call(ep_, PmThreadList::Request{.cursor = cursor}, &r);
  if (e != 0) return e;
  size_t k = 0;
  for (; k < r.count && k < max; ++k) tids[k] = k < r.tids_count ? r.tids[k] : 0;
  if (n != nullptr) *n = k;
  if (next != nullptr) *next = k < r.count ? (k == 0 ? 0 : tids[k - 1]) : r.next;
  return 0;
}

int ProcmgrClient::get_thread_caps(uint64_t tid, uint64_t receive_slot, size_t* count) const {
  PmGetThreadCaps::Reply r;
  int e = call(ep_, PmGetThreadCaps::Request{.tid = tid, .receive_slot = receive_slot}, &r);
  if (e == 0 && count != nullptr) *count = r.count;
  return e;
}

}  // namespace trona
