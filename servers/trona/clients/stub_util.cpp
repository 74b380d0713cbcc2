#include "trona/clients/stub_util.h"

#include "lib/inline_string.h"
#include "uapi/linux_numbers.h"

namespace trona::stub {

int words(uint64_t ep, uint64_t label, const uint64_t* in, size_t n, bool idempotent, ClientReply* rp) {
  ClientRequest rq(label);
  for (size_t i = 0; i < n; ++i)
    if (!rq.push(in[i])) return uapi::kEINVAL;
  rq.idempotent = idempotent;
  return server_call(ep, rq, rp);
}

int with_bytes(uint64_t ep, uint64_t label, const uint64_t* head, size_t n, const void* data, size_t len,
               ClientReply* rp) {
  ClientRequest rq(label);
  for (size_t i = 0; i < n; ++i)
    if (!rq.push(head[i])) return uapi::kEINVAL;
  if (!rq.push_inline(lib::Str(static_cast<const char*>(data), len))) return uapi::kEINVAL;
  return server_call(ep, rq, rp);
}

int chunked_write(uint64_t ep, uint64_t label, const uint64_t* head, size_t n, const void* data, size_t len,
                  size_t* written) {
  const char* p = static_cast<const char*>(data);
  size_t done = 0;
  while (done < len) {
    size_t piece = len - done < kChunk ? len - done : kChunk;
    ClientReply rp;
    int e = with_bytes(ep, label, head, n, p + done, piece, &rp);
    if (e != 0) {
      *written = done;
      return done != 0 ? 0 : e;
    }
    size_t took = rp.get(0) < piece ? rp.get(0) : piece;
    done += took;
    if (took < piece) break;
  }
  *written = done;
  return 0;
}

int inline_reply(const ClientReply& rp, size_t k, void* buf, size_t max, size_t* got) {
  size_t n = 0;
  if (lib::unpack_inline(rp.mr, rp.length, k, static_cast<char*>(buf), max, &n) != lib::UnpackError::kOk)
    return uapi::kEIO;
  *got = n;
  return 0;
}

}  // namespace trona::stub
