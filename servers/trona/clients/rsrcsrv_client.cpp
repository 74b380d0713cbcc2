#include "trona/clients/rsrcsrv_client.h"

#include "trona/core/client.h"
#include "uapi/linux_numbers.h"

namespace trona {

using namespace uapi::rsrcsrv;

int RsrcsrvClient::alloc_object(uint64_t owner, uint64_t type, uint64_t size_bits, uint64_t dest_slot,
                                uint64_t* handle, uint64_t flags) const {
  ClientRequest rq(RES_ALLOC_OBJECT);
  rq.push(owner);
  rq.push(type);
  rq.push(size_bits);
  rq.push(flags);
  rq.receive_slot = dest_slot;
  ClientReply rp;
  int e = server_call(ep_, rq, &rp);
  if (e == 0 && handle) *handle = rp.get(0);
  return e;
}

int RsrcsrvClient::alloc_batch(uint64_t owner, const ResBatchEntry* entries, size_t count, uint64_t first_dest_slot,
                               uint64_t* handles) const {
  ClientRequest rq(RES_ALLOC_BATCH);
  rq.push(owner);
  rq.push(count);
  for (size_t i = 0; i < count; ++i)
    if (!rq.push(batch_entry(entries[i].type, entries[i].size_bits))) return uapi::kEINVAL;
  rq.receive_slot = first_dest_slot;
  ClientReply rp;
  int e = server_call(ep_, rq, &rp);
  if (e == 0 && handles)
    for (size_t i = 0; i < count; ++i) handles[i] = rp.get(i);
  return e;
}

int RsrcsrvClient::free_handle(uint64_t owner, uint64_t handle) const {
  ClientRequest rq(RES_FREE_HANDLE);
  rq.push(owner);
  rq.push(handle);
  ClientReply rp;
  return server_call(ep_, rq, &rp);
}

int RsrcsrvClient::reclaim_owner(uint64_t owner, uint64_t* freed) const {
  ClientRequest rq(RES_RECLAIM_OWNER);
  rq.push(owner);
  ClientReply rp;
  int e = server_call(ep_, rq, &rp);
  if (e == 0 && freed) *freed = rp.get(1);
  return e;
}

int RsrcsrvClient::query_usage(uint64_t owner, ResUsage* usage) const {
  ClientRequest rq(RES_QUERY_USAGE);
  rq.push(owner);
  rq.idempotent = true;
  ClientReply rp;
  int e = server_call(ep_, rq, &rp);
  if (e == 0 && usage) *usage = ResUsage{rp.get(1), rp.get(2)};
  return e;
}

int RsrcsrvClient::set_quota(uint64_t owner, uint64_t max_bytes, uint64_t max_handles, bool promote) const {
  if ((max_handles & RES_QUOTA_FLAG_PROMOTE_PRIVILEGED) != 0) return uapi::kEINVAL;
  ClientRequest rq(RES_SET_QUOTA);
  rq.push(owner);
  rq.push(max_bytes);
  rq.push(max_handles | (promote ? RES_QUOTA_FLAG_PROMOTE_PRIVILEGED : 0));
  rq.idempotent = true;  // sets absolute values
  ClientReply rp;
  return server_call(ep_, rq, &rp);
}

int RsrcsrvClient::adopt_untyped(uint64_t untyped_slot) const {
  ClientRequest rq(RES_ADOPT_UNTYPED);
  rq.push_cap(untyped_slot);
  ClientReply rp;
  return server_call(ep_, rq, &rp);
}

}  // namespace trona
