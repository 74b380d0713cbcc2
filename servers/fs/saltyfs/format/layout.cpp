// The SaltyFS encoders and decoders (fs/saltyfs/format/layout.h), at the
// offsets of kernel-abi.md §4.1.
#include "fs/saltyfs/format/endian.h"
#include "fs/saltyfs/format/layout.h"

#include "fs/saltyfs/format/checksums.h"

namespace saltyfs {

namespace {

using namespace le;

void copy(uint8_t* dst, const void* src, size_t n) {
  const auto* s = static_cast<const uint8_t*>(src);
  for (size_t i = 0; i < n; ++i) dst[i] = s[i];
}
void zero(uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) p[i] = 0;
}

constexpr char kMagic[8] = {'S', 'A', 'L', 'T', 'Y', 'F', 'S', 0};
constexpr char kNodeMagic[4] = {'B', 'T', 'N', 'D'};
constexpr size_t kSuperCrcAt = 0xFFC, kNodeCrcAt = 4;

}  // namespace

const char* describe(FormatError e) {
  switch (e) {
    case FormatError::kOk: return "ok";
    case FormatError::kBadMagic: return "bad magic (not a SaltyFS superblock)";
    case FormatError::kBadChecksum: return "checksum mismatch";
    case FormatError::kBadVersion: return "unsupported version";
    case FormatError::kUnknownIncompat: return "unknown incompatible feature flags";
    case FormatError::kBadGeometry: return "impossible geometry (block size, block count or region positions)";
    case FormatError::kBadNode: return "bad B-tree node";
  }
  return "?";
}

Superblock Superblock::fresh(uint64_t total_blocks) {
  Superblock sb;
  sb.total_blocks = total_blocks;
  sb.log_start = kFirstBitmapBlock + bitmap_blocks(total_blocks);
  sb.log_size = log_blocks(total_blocks);
  const char def[] = "saltyfs";
  for (size_t i = 0; i < sizeof def - 1; ++i) sb.label[i] = def[i];
  return sb;
}

void encode(const Superblock& sb, uint8_t* b) {
  zero(b, kBlockSize);
  copy(b, kMagic, 8);
  put32(b + 0x008, sb.version);
  put32(b + 0x00C, sb.incompat_flags);
  copy(b + 0x010, sb.fs_uuid, 16);
  copy(b + 0x020, sb.dev_uuid, 16);
  const uint64_t words[] = {sb.block_size,      sb.total_blocks,    sb.used_blocks,   sb.reserved_blocks,
                            sb.root_tree,       sb.extent_tree,     sb.checksum_tree, sb.snapshot_tree,
                            sb.log_start,       sb.log_size,        sb.log_head,      sb.log_tail,
                            sb.generation,      sb.last_mount_time, sb.last_write_time, sb.mount_count,
                            sb.root_inode};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; ++i) put64(b + 0x030 + 8 * i, words[i]);
  put32(b + 0x0B8, sb.checksum_type);
  copy(b + 0x0C0, sb.label, 64);
  put32(b + 0x100, sb.compat_flags);
  put32(b + 0x104, sb.compat_ro_flags);
  put32(b + 0x108, sb.casefold_version);
  put32(b + kSuperCrcAt, crc32c(b, kBlockSize));
}

FormatError decode(const uint8_t* b, Superblock* sb) {
  for (size_t i = 0; i < 8; ++i)
    if (b[i] != static_cast<uint8_t>(kMagic[i])) return FormatError::kBadMagic;
  uint8_t copy_block[kBlockSize];
  copy(copy_block, b, kBlockSize);
  put32(copy_block + kSuperCrcAt, 0);
  if (crc32c(copy_block, kBlockSize) != get32(b + kSuperCrcAt)) return FormatError::kBadChecksum;
  Superblock s;
  s.version = get32(b + 0x008);
  s.incompat_flags = get32(b + 0x00C);
  copy(s.fs_uuid, b + 0x010, 16);
  copy(s.dev_uuid, b + 0x020, 16);
  uint64_t* words[] = {&s.block_size,      &s.total_blocks,    &s.used_blocks,   &s.reserved_blocks,
                       &s.root_tree,       &s.extent_tree,     &s.checksum_tree, &s.snapshot_tree,
                       &s.log_start,       &s.log_size,        &s.log_head,      &s.log_tail,
                       &s.generation,      &s.last_mount_time, &s.last_write_time, &s.mount_count,
                       &s.root_inode};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; ++i) *words[i] = get64(b + 0x030 + 8 * i);
  s.checksum_type = get32(b + 0x0B8);
  copy(reinterpret_cast<uint8_t*>(s.label), b + 0x0C0, 64);
  s.label[63] = 0;
  s.compat_flags = get32(b + 0x100);
  s.compat_ro_flags = get32(b + 0x104);
  s.casefold_version = get32(b + 0x108);
  *sb = s;
  if (s.version != kVersion) return FormatError::kBadVersion;
  if (s.incompat_flags & ~kKnownIncompat) return FormatError::kUnknownIncompat;
  if (s.block_size != kBlockSize || s.total_blocks < kMinBlocks || s.used_blocks > s.total_blocks ||
      s.log_start != kFirstBitmapBlock + bitmap_blocks(s.total_blocks) || s.log_size > s.total_blocks ||
      s.root_tree < s.first_tree_block() || s.root_tree >= s.total_blocks || s.checksum_type != 0)
    return FormatError::kBadGeometry;
  return FormatError::kOk;
}

void encode(const Key& k, uint8_t* out) {
  put64(out, k.object_id);
  out[8] = k.type;
  put64(out + 9, k.offset);
}

Key decode_key(const uint8_t* in) { return Key{get64(in), in[8], get64(in + 9)}; }

void encode(const NodeHeader& h, uint8_t* b) {
  copy(b, kNodeMagic, 4);
  put32(b + 4, h.crc);
  put64(b + 8, h.owner);
  put64(b + 16, h.generation);
  put64(b + 24, h.block_nr);
  put32(b + 32, h.num_items);
  put16(b + 36, h.level);
  put16(b + 38, h.flags);
  zero(b + 40, 24);
}

bool decode(const uint8_t* b, NodeHeader* h) {
  for (size_t i = 0; i < 4; ++i)
    if (b[i] != static_cast<uint8_t>(kNodeMagic[i])) return false;
  h->crc = get32(b + 4);
  h->owner = get64(b + 8);
  h->generation = get64(b + 16);
  h->block_nr = get64(b + 24);
  h->num_items = get32(b + 32);
  h->level = get16(b + 36);
  h->flags = get16(b + 38);
  return true;
}

uint32_t node_crc(const uint8_t* block) {
  uint32_t c = crc32c(block, kNodeCrcAt);
  const uint8_t zeros[4] = {};
  c = crc32c(zeros, 4, c);
  return crc32c(block + kNodeCrcAt + 4, kBlockSize - kNodeCrcAt - 4, c);
}

void seal_node(uint8_t* block) { put32(block + kNodeCrcAt, node_crc(block)); }

void encode(const Inode& i, uint8_t* o) {
  zero(o, kInodeSize);
  put64(o, i.generation);
  put64(o + 8, i.size);
  put64(o + 16, i.blocks);
  put64(o + 24, i.block_group);
  put32(o + 32, i.nlink);
  put32(o + 36, i.uid);
  put32(o + 40, i.gid);
  put32(o + 44, i.mode);
  put64(o + 48, i.atime);
  put64(o + 56, i.mtime);
  put64(o + 64, i.ctime);
  put64(o + 72, i.crtime);
  put32(o + 80, i.flags);
  put32(o + 84, i.sequence);
}

Inode decode_inode(const uint8_t* p) {
  Inode i;
  i.generation = get64(p), i.size = get64(p + 8), i.blocks = get64(p + 16), i.block_group = get64(p + 24);
  i.nlink = get32(p + 32), i.uid = get32(p + 36), i.gid = get32(p + 40), i.mode = get32(p + 44);
  i.atime = get64(p + 48), i.mtime = get64(p + 56), i.ctime = get64(p + 64), i.crtime = get64(p + 72);
  i.flags = get32(p + 80), i.sequence = get32(p + 84);
  return i;
}

void encode(const DirEntry& d, uint8_t* o) {
  put64(o, d.child);
  put16(o + 8, d.name_len);
  o[10] = d.type;
  o[11] = 0;
}

DirEntry decode_dir_entry(const uint8_t* p) { return DirEntry{get64(p), get16(p + 8), p[10]}; }

void encode(const Extent& e, uint8_t* o) {
  put64(o, e.generation);
  put64(o + 8, e.ram_bytes);
  o[16] = e.compression;
  o[17] = e.encryption;
  put16(o + 18, e.other_encoding);
  o[20] = e.type;
  o[21] = o[22] = o[23] = 0;
  put64(o + 24, e.disk_bytenr);
  put64(o + 32, e.disk_num_bytes);
  put64(o + 40, e.offset);
  put64(o + 48, e.num_bytes);
}

Extent decode_extent(const uint8_t* p) {
  Extent e;
  e.generation = get64(p), e.ram_bytes = get64(p + 8);
  e.compression = p[16], e.encryption = p[17], e.other_encoding = get16(p + 18), e.type = p[20];
  e.disk_bytenr = get64(p + 24), e.disk_num_bytes = get64(p + 32), e.offset = get64(p + 40);
  e.num_bytes = get64(p + 48);
  return e;
}

void encode(const XattrHeader& x, uint8_t* o) {
  put16(o, x.name_len);
  put16(o + 2, x.flags);
  put32(o + 4, x.value_len);
}

XattrHeader decode_xattr(const uint8_t* p) { return XattrHeader{get16(p), get16(p + 2), get32(p + 4)}; }

}  // namespace saltyfs
