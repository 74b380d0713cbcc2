#include "hw_model/virtio/virtqueue.h"

#include <cstring>

#include "hw_model/virtio/virtio_regs.h"

namespace hw {

void SplitVirtqueue::reset() {
  size_ = max_size_;
  desc_ = avail_ = used_ = 0;
  enabled_ = false;
  legacy_pfn_ = 0;
  last_avail_ = used_idx_ = 0;
}

void SplitVirtqueue::set_size(std::uint16_t n) {
  if (n != 0 && n <= max_size_ && (n & (n - 1)) == 0) size_ = n;
}

void SplitVirtqueue::set_legacy_pfn(std::uint32_t pfn) {
  legacy_pfn_ = pfn;
  if (pfn == 0) {
    enabled_ = false;
    return;
  }
  const PAddr desc = PAddr{pfn} * virtio::kLegacyQueueAlign;
  const PAddr avail = desc + 16ull * size_;
  const PAddr used = (avail + 6 + 2ull * size_ + virtio::kLegacyQueueAlign - 1) & ~PAddr{virtio::kLegacyQueueAlign - 1};
  set_addresses(desc, avail, used);
  last_avail_ = used_idx_ = 0;
  enabled_ = true;
}

bool SplitVirtqueue::read_desc(PAddr table, std::uint32_t count, std::uint16_t i, VqChain& out,
                               std::uint16_t& flags, std::uint16_t& next, bool& seen_writable) {
  if (i >= count) return false;
  std::uint8_t raw[16];
  if (!mem_.read(table + 16ull * i, raw, sizeof raw)) return false;
  VqBuffer b;
  std::memcpy(&b.addr, raw, 8);
  std::memcpy(&b.len, raw + 8, 4);
  std::memcpy(&flags, raw + 12, 2);
  std::memcpy(&next, raw + 14, 2);
  b.writable = flags & virtio::kDescWrite;
  if (!b.writable && seen_writable) return false;  // readable after writable
  seen_writable |= b.writable;
  (b.writable ? out.writable : out.readable) += b.len;
  out.bufs.push_back(b);
  return true;
}

SplitVirtqueue::Pop SplitVirtqueue::pop(VqChain& out) {
  if (!enabled_) return Pop::Empty;
  std::uint16_t avail_idx;
  if (!mem_.load(avail_ + 2, avail_idx)) return Pop::Error;
  if (avail_idx == last_avail_) return Pop::Empty;
  if (static_cast<std::uint16_t>(avail_idx - last_avail_) > size_) return Pop::Error;
  std::uint16_t head;
  if (!mem_.load(avail_ + 4 + 2ull * (last_avail_ % size_), head)) return Pop::Error;
  ++last_avail_;
  out.head = head;
  out.bufs.clear();
  out.readable = out.writable = 0;
  bool seen_writable = false;
  std::uint16_t i = head, flags = 0, next = 0;
  for (unsigned n = 0;; ++n) {
    if (n >= size_ || !read_desc(desc_, size_, i, out, flags, next, seen_writable)) return Pop::Error;
    if (flags & virtio::kDescIndirect) {
      // An indirect table stands in for this descriptor (VIRTIO_F_INDIRECT_DESC).
      const VqBuffer table = out.bufs.back();
      out.bufs.pop_back();
      out.readable -= table.writable ? 0 : table.len;
      out.writable -= table.writable ? table.len : 0;
      if (table.len % 16 || (flags & virtio::kDescNext)) return Pop::Error;
      const std::uint32_t count = table.len / 16;
      std::uint16_t j = 0, iflags = 0, inext = 0;
      for (unsigned m = 0;; ++m) {
        if (m >= count || !read_desc(table.addr, count, j, out, iflags, inext, seen_writable)) return Pop::Error;
        if (iflags & virtio::kDescIndirect) return Pop::Error;
        if (!(iflags & virtio::kDescNext)) break;
        j = inext;
      }
      break;
    }
    if (!(flags & virtio::kDescNext)) break;
    i = next;
  }
  ++popped_;
  return Pop::Ok;
}

void SplitVirtqueue::push(std::uint16_t head, std::uint32_t written) {
  const std::uint32_t elem[2] = {head, written};
  mem_.write(used_ + 4 + 8ull * (used_idx_ % size_), elem, sizeof elem);
  ++used_idx_;
  mem_.store(used_ + 2, used_idx_);
}

bool SplitVirtqueue::interrupt_suppressed() {
  std::uint16_t flags = 0;
  mem_.load(avail_, flags);
  return flags & virtio::kAvailNoInterrupt;
}

bool chain_segments(PhysMem& mem, const VqChain& chain, bool writable, std::uint64_t skip, std::uint64_t len,
                    const std::function<void(std::uint8_t*, std::size_t)>& fn) {
  for (const auto& b : chain.bufs) {
    if (b.writable != writable) continue;
    if (skip >= b.len) {
      skip -= b.len;
      continue;
    }
    const std::uint64_t n = std::min<std::uint64_t>(len, b.len - skip);
    std::uint8_t* p = mem.translate(b.addr + skip, n);
    if (!p) return false;
    fn(p, static_cast<std::size_t>(n));
    len -= n;
    skip = 0;
    if (len == 0) return true;
  }
  return len == 0;
}

bool chain_read(PhysMem& mem, const VqChain& chain, std::uint64_t skip, void* dst, std::size_t len) {
  auto* out = static_cast<std::uint8_t*>(dst);
  return chain_segments(mem, chain, false, skip, len, [&](std::uint8_t* p, std::size_t n) {
    std::memcpy(out, p, n);
    out += n;
  });
}

bool chain_write(PhysMem& mem, const VqChain& chain, std::uint64_t skip, const void* src, std::size_t len) {
  const auto* in = static_cast<const std::uint8_t*>(src);
  return chain_segments(mem, chain, true, skip, len, [&](std::uint8_t* p, std::size_t n) {
    std::memcpy(p, in, n);
    in += n;
  });
}

}  // namespace hw
