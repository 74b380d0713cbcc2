// fs/saltyfs/format/node.h — one B-tree node block (kernel-abi.md §4.1):
// reading with every check a reader must make (magic, CRC32C, its block
// number, the item table inside the block, keys in order), and laying out
// a leaf (items after the header, their data packed after the item array)
// or an internal node (child pointers). Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "fs/saltyfs/format/layout.h"

namespace saltyfs {

class NodeView {
 public:
  // kBadChecksum, kBadNode (magic, block number, item table, key order) or kOk.
  FormatError open(const uint8_t* block, uint64_t block_nr);
  const NodeHeader& header() const { return h_; }
  bool leaf() const { return h_.level == 0; }
  uint32_t count() const { return h_.num_items; }
  Key key(uint32_t i) const;
  const uint8_t* data(uint32_t i, uint32_t* size) const;  // a leaf's item payload
  uint64_t child(uint32_t i) const;                       // an internal node's pointer
  uint64_t child_generation(uint32_t i) const;

 private:
  const uint8_t* b_ = nullptr;
  NodeHeader h_;
};

// The bytes `n` leaf items with payloads of these sizes take in a block.
size_t leaf_bytes(const uint32_t* sizes, uint32_t n);
// Writes a sealed leaf; false when the items do not fit (nothing written).
bool build_leaf(uint8_t* block, uint64_t block_nr, uint64_t generation, const Key* keys, const uint8_t* const* data,
                const uint32_t* sizes, uint32_t n);
// Writes a sealed internal node at `level` (≥ 1); n ≤ kMaxNodePtrs.
bool build_internal(uint8_t* block, uint64_t block_nr, uint64_t generation, uint16_t level, const Key* keys,
                    const uint64_t* children, const uint64_t* child_generations, uint32_t n);

}  // namespace saltyfs
