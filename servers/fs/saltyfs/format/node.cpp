// saltyfs::NodeView and the node builders (fs/saltyfs/format/node.h).
#include "fs/saltyfs/format/endian.h"
#include "fs/saltyfs/format/node.h"

namespace saltyfs {

namespace {

using namespace le;

void clear(uint8_t* p) {
  for (size_t i = 0; i < kBlockSize; ++i) p[i] = 0;
}

}  // namespace

FormatError NodeView::open(const uint8_t* block, uint64_t block_nr) {
  b_ = block;
  if (!decode(block, &h_)) return FormatError::kBadNode;
  if (node_crc(block) != h_.crc) return FormatError::kBadChecksum;
  if (h_.block_nr != block_nr) return FormatError::kBadNode;
  const size_t entry = h_.level == 0 ? kLeafItemSize : kNodePtrSize;
  if (h_.num_items > (kBlockSize - kNodeHeaderSize) / entry) return FormatError::kBadNode;
  if (h_.level > 0 && h_.num_items == 0) return FormatError::kBadNode;
  const size_t table_end = kNodeHeaderSize + entry * h_.num_items;
  for (uint32_t i = 0; i < h_.num_items; ++i) {
    if (i > 0 && compare(key(i - 1), key(i)) >= 0) return FormatError::kBadNode;
    if (h_.level == 0) {
      const uint8_t* it = b_ + kNodeHeaderSize + kLeafItemSize * i;
      const uint64_t off = get32(it + kKeySize), size = get32(it + kKeySize + 4);
      if (off < table_end || off + size > kBlockSize) return FormatError::kBadNode;
    }
  }
  return FormatError::kOk;
}

Key NodeView::key(uint32_t i) const {
  const size_t entry = h_.level == 0 ? kLeafItemSize : kNodePtrSize;
  return decode_key(b_ + kNodeHeaderSize + entry * i);
}

const uint8_t* NodeView::data(uint32_t i, uint32_t* size) const {
  const uint8_t* it = b_ + kNodeHeaderSize + kLeafItemSize * i;
  *size = get32(it + kKeySize + 4);
  return b_ + get32(it + kKeySize);
}

uint64_t NodeView::child(uint32_t i) const { return get64(b_ + kNodeHeaderSize + kNodePtrSize * i + kKeySize); }

uint64_t NodeView::child_generation(uint32_t i) const {
  return get64(b_ + kNodeHeaderSize + kNodePtrSize * i + kKeySize + 8);
}

size_t leaf_bytes(const uint32_t* sizes, uint32_t n) {
  size_t total = kNodeHeaderSize + kLeafItemSize * size_t{n};
  for (uint32_t i = 0; i < n; ++i) total += sizes[i];
  return total;
}

bool build_leaf(uint8_t* block, uint64_t block_nr, uint64_t generation, const Key* keys, const uint8_t* const* data,
                const uint32_t* sizes, uint32_t n) {
  if (leaf_bytes(sizes, n) > kBlockSize) return false;
  clear(block);
  NodeHeader h;
  h.generation = generation, h.block_nr = block_nr, h.num_items = n, h.level = 0;
  encode(h, block);
  uint32_t at = static_cast<uint32_t>(kNodeHeaderSize + kLeafItemSize * size_t{n});
  for (uint32_t i = 0; i < n; ++i) {
    uint8_t* it = block + kNodeHeaderSize + kLeafItemSize * i;
    encode(keys[i], it);
    put32(it + kKeySize, at);
    put32(it + kKeySize + 4, sizes[i]);
    for (uint32_t k = 0; k < sizes[i]; ++k) block[at + k] = data[i][k];
    at += sizes[i];
  }
  seal_node(block);
  return true;
}

bool build_internal(uint8_t* block, uint64_t block_nr, uint64_t generation, uint16_t level, const Key* keys,
                    const uint64_t* children, const uint64_t* child_generations, uint32_t n) {
  if (level == 0 || n == 0 || n > kMaxNodePtrs) return false;
  clear(block);
  NodeHeader h;
  h.generation = generation, h.block_nr = block_nr, h.num_items = n, h.level = level;
  encode(h, block);
  for (uint32_t i = 0; i < n; ++i) {
    uint8_t* p = block + kNodeHeaderSize + kNodePtrSize * i;
    encode(keys[i], p);
    put64(p + kKeySize, children[i]);
    put64(p + kKeySize + 8, child_generations[i]);
  }
  seal_node(block);
  return true;
}

}  // namespace saltyfs
