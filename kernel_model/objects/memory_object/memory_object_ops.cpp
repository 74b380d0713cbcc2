// MemoryObject operations: commit (from an untyped or the kernel pool),
// decommit, resize, clone (a copy of the committed pages), byte read and
// write through the caller's IPC-buffer page.
#include <cstring>

#include "kernel_model/kernel_context.h"
#include "kernel_model/objects/memory_object/memory_object.h"
#include "kernel_model/objects/memory_object/memory_object_ops.h"
#include "kernel_model/objects/tcb/tcb.h"
#include "kernel_model/objects/untyped/untyped.h"

namespace kmodel {

namespace {
constexpr Word kMaxMoPages = Word{1} << 20;  // RESIZE limit (MO retype: size_bits <= 20)
Err range_ok(const MemoryObject& mo, Word off, Word count) {
  return off > mo.pages.size() || count > mo.pages.size() - off ? abi::OUT_OF_RANGE : abi::OK;
}
}  // namespace

Frame* mo_page(Kernel& k, MemoryObject& mo, Word index, Untyped* ut, Err& err) {
  if (Frame* f = mo.pages[index]) return f;
  Frame* f = nullptr;
  if (ut) {
    if (ut->device) {
      err = abi::INVALID_ARGUMENT;
      return nullptr;
    }
    Word off = (ut->watermark + abi::kPageSize - 1) / abi::kPageSize * abi::kPageSize;
    if (off + abi::kPageSize > ut->size()) {
      err = abi::OUT_OF_MEMORY;
      return nullptr;
    }
    f = &k.make_object<Frame>(ut->base + off, false, false);
    std::memset(k.frame_bytes(*f), 0, abi::kPageSize);
    ut->watermark = off + abi::kPageSize;
    ++ut->live_children;
    k.retain(*ut);
    f->source = ut;
    f->bytes = abi::kPageSize;
  } else {
    if (k.phys().pool_pages_in_use() >= k.options().kernel_pool_pages) {
      err = abi::OUT_OF_MEMORY;
      return nullptr;
    }
    f = &k.pool_frame();
  }
  k.retain(*f);
  mo.pages[index] = f;
  return f;
}

SysResult mo_commit(Kernel& k, MemoryObject& mo, Word off, Word count, Untyped* ut) {
  if (Err e = range_ok(mo, off, count); e != abi::OK) return fail(e);
  Word n = 0;
  for (Word i = off; i < off + count; ++i) {
    if (mo.pages[i]) continue;
    Err e = abi::OK;
    if (!mo_page(k, mo, i, ut, e)) return n ? okv(n) : fail(e);
    ++n;
  }
  return okv(n);
}

SysResult mo_decommit(Kernel& k, MemoryObject& mo, Word off, Word count) {
  if (Err e = range_ok(mo, off, count); e != abi::OK) return fail(e);
  Word n = 0;
  for (Word i = off; i < off + count; ++i)
    if (Frame* f = std::exchange(mo.pages[i], nullptr)) {
      k.release(*f);
      ++n;
    }
  return okv(n);
}

SysResult mo_resize(Kernel& k, MemoryObject& mo, Word pages) {
  if (pages == 0 || pages > kMaxMoPages) return fail(abi::OUT_OF_RANGE);
  if (pages < mo.pages.size()) mo_decommit(k, mo, pages, mo.pages.size() - pages);
  mo.pages.resize(pages, nullptr);
  return okv(pages);
}

SysResult mo_clone(Kernel& k, MemoryObject& parent, MemoryObject& child) {
  if (&parent == &child || !child.pristine()) return fail(abi::INVALID_ARGUMENT);
  child.pages.assign(parent.pages.size(), nullptr);
  for (Word i = 0; i < parent.pages.size(); ++i) {
    if (!parent.pages[i]) continue;
    Err e = abi::OK;
    Frame* f = mo_page(k, child, i, nullptr, e);
    if (!f) return fail(e);  // kernel pool exhausted: the child keeps what it got
    std::memcpy(k.frame_bytes(*f), k.frame_bytes(*parent.pages[i]), abi::kPageSize);
  }
  return okv(child.pages.size());
}

SysResult mo_rw(Kernel& k, Tcb& self, MemoryObject& mo, Word off, Word count, bool write) {
  if (count > abi::kPageSize) return fail(abi::OUT_OF_RANGE);
  Word size = mo.pages.size() * abi::kPageSize;
  if (off > size || count > size - off) return fail(abi::OUT_OF_RANGE);
  auto* buf = reinterpret_cast<std::uint8_t*>(k.ipc_buffer(self));
  if (!buf) return fail(abi::BAD_ADDRESS);
  for (Word done = 0; done < count;) {
    Word pos = off + done;
    Word idx = pos / abi::kPageSize, in = pos % abi::kPageSize;
    Word chunk = std::min(count - done, abi::kPageSize - in);
    Frame* f = mo.pages[idx];
    if (write) {
      Err e = abi::OK;
      f = mo_page(k, mo, idx, nullptr, e);
      if (!f) return done ? okv(done) : fail(e);  // kernel pool exhausted
      std::memcpy(k.frame_bytes(*f) + in, buf + done, chunk);
    } else if (f) {
      std::memcpy(buf + done, k.frame_bytes(*f) + in, chunk);
    } else {
      std::memset(buf + done, 0, chunk);
    }
    done += chunk;
  }
  return okv(count);
}

}  // namespace kmodel
