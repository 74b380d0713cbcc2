// fs/saltyfs/format/checksums.h — the two hashes of the SaltyFS format
// (kernel-abi.md §4.1): CRC32C (Castagnoli, reflected 0x82F63B78, init and
// final xor 0xFFFFFFFF) over superblocks and B-tree nodes, and FNV-1a-64
// over directory entry names. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace saltyfs {

uint32_t crc32c(const void* data, size_t n, uint32_t crc = 0);  // crc: a previous result to continue from
uint64_t fnv1a64(const void* data, size_t n);

}  // namespace saltyfs
