#include "trona/clients/rsrcsrv_client.h"

#include "proto/rsrcsrv_client.h"
#include "trona/core/client.h"
#include "uapi/linux_numbers.h"

namespace trona {

using namespace uapi::rsrcsrv;
using namespace proto::rsrcsrv;

int RsrcsrvClient::alloc_object(uint64_t owner, uint64_t type, uint64_t size_bits, uint64_t dest_slot,
                                uint64_t* handle, uint64_t flags) const {
  ResAllocObject::Reply out;
  int e = call(ep_, {.owner = owner, .type = type, .size_bits = size_bits, .flags = flags, .receive_slot = dest_slot},
               &out);
  if (e == 0 && handle) *handle = out.handle;
  return e;
}

// RES_ALLOC_BATCH's reply (n handles, then a status word) is read by hand:
// its length comes from the request (uapi/proto/rsrcsrv.idl).
int RsrcsrvClient::alloc_batch(uint64_t owner, const ResBatchEntry* entries, size_t count, uint64_t first_dest_slot,
                               uint64_t* handles) const {
  ResAllocBatch::Request m{.owner = owner, .entries_count = count};
  if (count > kMaxBatch) return uapi::kEINVAL;
  for (size_t i = 0; i < count; ++i) m.entries[i] = batch_entry(entries[i].type, entries[i].size_bits);
  ClientRequest rq(RES_ALLOC_BATCH);
  if (!encode(m, rq.mr, &rq.length, rq.caps, &rq.cap_count)) return uapi::kEINVAL;
  rq.receive_slot = first_dest_slot;
  ClientReply rp;
  int e = server_call(ep_, rq, &rp);
  if (e == 0 && handles)
    for (size_t i = 0; i < count; ++i) handles[i] = rp.get(i);
  return e;
}

int RsrcsrvClient::free_handle(uint64_t owner, uint64_t handle) const {
  return call(ep_, ResFreeHandle::Request{.owner = owner, .handle = handle});
}

int RsrcsrvClient::reclaim_owner(uint64_t owner, uint64_t* freed) const {
  ResReclaimOwner::Reply out;
  int e = call(ep_, ResReclaimOwner::Request{.owner = owner}, &out);
  if (e == 0 && freed) *freed = out.freed;
  return e;
}

int RsrcsrvClient::query_usage(uint64_t owner, ResUsage* usage) const {
  ResQueryUsage::Reply out;
  int e = call(ep_, ResQueryUsage::Request{.owner = owner}, &out);
  if (e == 0 && usage) *usage = ResUsage{out.bytes, out.handles};
  return e;
}

int RsrcsrvClient::set_quota(uint64_t owner, uint64_t max_bytes, uint64_t max_handles, bool promote) const {
  if ((max_handles & RES_QUOTA_FLAG_PROMOTE_PRIVILEGED) != 0) return uapi::kEINVAL;
  return call(ep_, ResSetQuota::Request{.owner = owner, .max_bytes = max_bytes,
                                        .max_handles = max_handles | (promote ? RES_QUOTA_FLAG_PROMOTE_PRIVILEGED : 0)});
}

int RsrcsrvClient::adopt_untyped(uint64_t untyped_slot) const {
  return call(ep_, ResAdoptUntyped::Request{.untyped = untyped_slot});
}

}  // namespace trona
