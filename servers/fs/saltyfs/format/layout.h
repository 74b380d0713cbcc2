// fs/saltyfs/format/layout.h — the SaltyFS on-disk format of
// kernel-abi.md §4.1, bit for bit: block layout, the superblock, B-tree keys
// and node headers, and the item payloads (inode, directory entry, extent,
// xattr), each with explicit little-endian encode/decode so the host tools
// (mkfs, fsck, dumpfs) and the server read and write the same bytes.
//
//   uint8_t block[saltyfs::kBlockSize];
//   saltyfs::Superblock sb = saltyfs::Superblock::fresh(total_blocks);
//   saltyfs::encode(sb, block);                       // CRC32C at 0xFFC
//   saltyfs::Superblock back;
//   saltyfs::FormatError e = saltyfs::decode(block, &back);
//
// Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace saltyfs {

inline constexpr uint32_t kBlockSize = 4096;
inline constexpr uint32_t kSectorSize = 512;
inline constexpr uint64_t kPrimarySuperblock = 0, kBackupSuperblock = 1, kFirstBitmapBlock = 2;
inline constexpr uint64_t kMinBlocks = 16;
inline constexpr uint64_t kRootIno = 1;
inline constexpr uint64_t kFirstFreeIno = 2;
inline constexpr uint32_t kVersion = 1;
inline constexpr uint64_t kMaxLogBlocks = (64ull << 20) / kBlockSize;
inline constexpr uint32_t kCasefoldUnicode151 = 15001000;
inline constexpr size_t kInlineMax = 256;  // files this small (and every symlink target) live in the tree
inline constexpr size_t kNameMax = 255;

enum : uint32_t { kIncompatXattr = 1u << 0, kIncompatCasefold = 1u << 1 };
inline constexpr uint32_t kKnownIncompat = kIncompatXattr | kIncompatCasefold;
inline constexpr uint32_t kKnownCompatRo = 0;

enum class FormatError : uint8_t {
  kOk,
  kBadMagic,
  kBadChecksum,
  kBadVersion,
  kUnknownIncompat,  // refuse to mount
  kBadGeometry,      // block size, total blocks, region positions
  kBadNode,          // a node's header, item table or block number
};
const char* describe(FormatError e);

// Bitmap blocks for `total_blocks` (one bit a block, 32768 a bitmap block).
constexpr uint64_t bitmap_blocks(uint64_t total_blocks) { return (total_blocks + 32767) / 32768; }
constexpr uint64_t log_blocks(uint64_t total_blocks) {
  return total_blocks / 8 < kMaxLogBlocks ? total_blocks / 8 : kMaxLogBlocks;
}

struct Superblock {
  uint32_t version = kVersion;
  uint32_t incompat_flags = 0;
  uint8_t fs_uuid[16] = {};
  uint8_t dev_uuid[16] = {};
  uint64_t block_size = kBlockSize, total_blocks = 0, used_blocks = 0, reserved_blocks = 0;
  uint64_t root_tree = 0, extent_tree = 0, checksum_tree = 0, snapshot_tree = 0;
  uint64_t log_start = 0, log_size = 0, log_head = 0, log_tail = 0;
  uint64_t generation = 0, last_mount_time = 0, last_write_time = 0, mount_count = 0;
  uint64_t root_inode = kRootIno;
  uint32_t checksum_type = 0;  // CRC32C
  char label[64] = {};
  uint32_t compat_flags = 0, compat_ro_flags = 0, casefold_version = kCasefoldUnicode151;

  // The geometry mkfs gives an image of `total_blocks`: bitmap, log and
  // where the tree starts (first_tree_block).
  static Superblock fresh(uint64_t total_blocks);
  uint64_t first_tree_block() const { return kFirstBitmapBlock + bitmap_blocks(total_blocks) + log_size; }
};

void encode(const Superblock& sb, uint8_t* block);           // a whole block; the CRC at 0xFFC
FormatError decode(const uint8_t* block, Superblock* out);  // magic, CRC, version, flags, geometry

// --- the B-tree -----------------------------------------------------------

enum ItemType : uint8_t {
  kInodeItem = 1,
  kInodeRef = 2,
  kDirItem = 3,
  kDirIndex = 4,
  kExtentData = 5,
  kExtentRef = 6,
  kXattrItem = 7,
};

struct Key {
  uint64_t object_id = 0;
  uint8_t type = 0;
  uint64_t offset = 0;
};
inline int compare(const Key& a, const Key& b) {
  if (a.object_id != b.object_id) return a.object_id < b.object_id ? -1 : 1;
  if (a.type != b.type) return a.type < b.type ? -1 : 1;
  if (a.offset != b.offset) return a.offset < b.offset ? -1 : 1;
  return 0;
}

inline constexpr size_t kNodeHeaderSize = 64, kKeySize = 17, kLeafItemSize = 25, kNodePtrSize = 33;
inline constexpr size_t kMaxNodePtrs = (kBlockSize - kNodeHeaderSize) / kNodePtrSize;  // 122

struct NodeHeader {
  uint32_t crc = 0;
  uint64_t owner = 0, generation = 0, block_nr = 0;
  uint32_t num_items = 0;
  uint16_t level = 0, flags = 0;
};

// --- item payloads --------------------------------------------------------

inline constexpr size_t kInodeSize = 120;
inline constexpr uint32_t kInodeCasefold = 1u << 0, kInodeHidden = 1u << 1;
struct Inode {
  uint64_t generation = 0, size = 0, blocks = 0, block_group = 0;
  uint32_t nlink = 0, uid = 0, gid = 0, mode = 0;
  uint64_t atime = 0, mtime = 0, ctime = 0, crtime = 0;  // ns since the epoch
  uint32_t flags = 0, sequence = 0;
};

// Directory entry type codes (not DT_*).
enum : uint8_t { kEntryFile = 1, kEntryDir = 4, kEntrySymlink = 7 };
inline constexpr size_t kDirEntryHeader = 12;  // then the name
struct DirEntry {
  uint64_t child = 0;
  uint16_t name_len = 0;
  uint8_t type = 0;
};

inline constexpr size_t kExtentHeaderSize = 56;
enum : uint8_t { kExtentInline = 0, kExtentRegular = 1, kExtentPrealloc = 2 };
struct Extent {
  uint64_t generation = 0, ram_bytes = 0;
  uint8_t compression = 0, encryption = 0;
  uint16_t other_encoding = 0;
  uint8_t type = kExtentInline;
  uint64_t disk_bytenr = 0, disk_num_bytes = 0, offset = 0, num_bytes = 0;
};

// XATTR_ITEM (key: ino, kXattrItem, fnv1a64(name)); the payload is a
// reconstruction (the digest gives only "header (8) + name + value"):
// u16 name_len, u16 flags (bit0: the value is in hidden inode `value`),
// u32 value_len, the name, then the value or a u64 hidden inode number.
inline constexpr size_t kXattrHeader = 8, kXattrInlineMax = 200;
inline constexpr uint16_t kXattrOutOfLine = 1;
struct XattrHeader {
  uint16_t name_len = 0, flags = 0;
  uint32_t value_len = 0;
};

// Little-endian access to payload bytes (the buffers are the caller's).
void encode(const Key& k, uint8_t* out);  // kKeySize bytes
Key decode_key(const uint8_t* in);
void encode(const NodeHeader& h, uint8_t* block);  // the first kNodeHeaderSize bytes (magic "BTND")
bool decode(const uint8_t* block, NodeHeader* out);  // false: no BTND magic
void encode(const Inode& i, uint8_t* out);  // kInodeSize bytes
Inode decode_inode(const uint8_t* in);
void encode(const DirEntry& d, uint8_t* out);  // kDirEntryHeader bytes
DirEntry decode_dir_entry(const uint8_t* in);
void encode(const Extent& e, uint8_t* out);  // kExtentHeaderSize bytes
Extent decode_extent(const uint8_t* in);
void encode(const XattrHeader& x, uint8_t* out);
XattrHeader decode_xattr(const uint8_t* in);

// The CRC32C of a node (its crc field as 0), and stamping it.
uint32_t node_crc(const uint8_t* block);
void seal_node(uint8_t* block);

}  // namespace saltyfs
