// saltyfs_tools::fsck (tools.h): every CRC, the tree's shape and key order,
// the bitmap against the blocks reachable from the superblock, link counts,
// directory entries that name no inode and inodes no entry names. --repair
// rewrites what it can without guessing: a bad primary superblock from the
// backup, the bitmap and used_blocks from what is reachable.
#include <map>
#include <set>

#include "fs/saltyfs/format/checksums.h"
#include "fs/saltyfs/format/node.h"
#include "sim/host/saltyfs_tools/image.h"
#include "sim/host/saltyfs_tools/tools.h"

namespace saltyfs_tools {

namespace {

using saltyfs::kBlockSize;

struct Checker {
  std::vector<std::string> errors, fixable;
  void error(const std::string& s) { errors.push_back(s); }
};

}  // namespace

int fsck(const std::string& path, bool repair, std::string* report) {
  ImageFile img;
  std::string why;
  if (!img.open(path, repair, &why)) {
    *report = "fsck.saltyfs: " + why + "\n";
    return 8;
  }
  Checker c;
  std::uint8_t block[kBlockSize];
  saltyfs::Superblock sb;
  saltyfs::FormatError primary = img.read_block(saltyfs::kPrimarySuperblock, block) ? saltyfs::decode(block, &sb)
                                                                                     : saltyfs::FormatError::kBadMagic;
  if (primary != saltyfs::FormatError::kOk) {
    saltyfs::Superblock backup;
    saltyfs::FormatError b = img.read_block(saltyfs::kBackupSuperblock, block) ? saltyfs::decode(block, &backup)
                                                                               : saltyfs::FormatError::kBadMagic;
    if (b != saltyfs::FormatError::kOk) {
      *report = "fsck.saltyfs: " + path + ": no usable superblock (primary: " + saltyfs::describe(primary) +
                "; backup: " + saltyfs::describe(b) + ")\n";
      return primary == saltyfs::FormatError::kBadMagic && b == saltyfs::FormatError::kBadMagic ? 8 : 4;
    }
    sb = backup;
    c.fixable.push_back(std::string("primary superblock: ") + saltyfs::describe(primary) + " (the backup is good)");
  }
  if (sb.total_blocks > img.blocks())
    c.error("superblock: " + std::to_string(sb.total_blocks) + " blocks, the image holds " +
            std::to_string(img.blocks()));

  std::vector<TreeNode> nodes;
  std::vector<Item> items;
  walk_tree(img, sb.root_tree, sb.total_blocks, &nodes, &items, &c.errors);

  // What is reachable: the fixed regions, the tree, every regular extent.
  std::vector<bool> reach(sb.total_blocks);
  const std::uint64_t fixed_end = sb.first_tree_block();
  for (std::uint64_t n = 0; n < fixed_end && n < sb.total_blocks; ++n) reach[n] = true;
  for (const TreeNode& n : nodes) reach[n.block] = true;

  std::map<std::uint64_t, saltyfs::Inode> inodes;
  std::map<std::uint64_t, std::uint32_t> names, subdirs;
  std::vector<std::pair<std::uint64_t, std::string>> entries;  // child, where
  for (const Item& it : items) {
    const std::string where = describe_key(it.key);
    switch (it.key.type) {
      case saltyfs::kInodeItem:
        if (it.data.size() < saltyfs::kInodeSize) c.error(where + ": inode item of " + std::to_string(it.data.size()) + " bytes");
        else inodes[it.key.object_id] = saltyfs::decode_inode(it.data.data());
        break;
      case saltyfs::kDirItem: {
        if (it.data.size() < saltyfs::kDirEntryHeader) {
          c.error(where + ": short directory entry");
          break;
        }
        saltyfs::DirEntry d = saltyfs::decode_dir_entry(it.data.data());
        if (saltyfs::kDirEntryHeader + d.name_len != it.data.size()) {
          c.error(where + ": name length " + std::to_string(d.name_len) + " does not match the item");
          break;
        }
        const std::uint64_t h = saltyfs::fnv1a64(it.data.data() + saltyfs::kDirEntryHeader, d.name_len);
        if (it.key.offset - h >= 16) c.error(where + ": not at its name's hash (or the 15 slots after)");
        entries.push_back({d.child, where});
        ++names[d.child];
        if (d.type == saltyfs::kEntryDir) ++subdirs[it.key.object_id];
        break;
      }
      case saltyfs::kExtentData: {
        if (it.data.size() < saltyfs::kExtentHeaderSize) {
          c.error(where + ": short extent");
          break;
        }
        saltyfs::Extent e = saltyfs::decode_extent(it.data.data());
        if (e.type == saltyfs::kExtentInline) {
          if (saltyfs::kExtentHeaderSize + e.num_bytes != it.data.size()) c.error(where + ": inline size mismatch");
          break;
        }
        const std::uint64_t first = e.disk_bytenr / kBlockSize, count = e.disk_num_bytes / kBlockSize;
        if (e.disk_bytenr % kBlockSize || first < fixed_end || first + count > sb.total_blocks || count == 0) {
          c.error(where + ": extent outside the data area");
          break;
        }
        for (std::uint64_t n = first; n < first + count; ++n) {
          if (reach[n]) c.error(where + ": block " + std::to_string(n) + " is used twice");
          reach[n] = true;
        }
        break;
      }
      default: break;
    }
  }
  for (const auto& [child, where] : entries)
    if (!inodes.count(child)) c.error(where + ": names inode " + std::to_string(child) + ", which does not exist");
  for (const auto& [ino, i] : inodes) {
    const bool dir = (i.mode & 0170000) == 040000;
    if (ino != saltyfs::kRootIno && !(i.flags & saltyfs::kInodeHidden) && names[ino] == 0)
      c.error("inode " + std::to_string(ino) + ": no directory entry names it");
    const std::uint32_t want = dir ? 2 + subdirs[ino] : names[ino];
    const bool generator_dir_count = dir && ino != saltyfs::kRootIno && i.nlink == 2;  // accepted (§4.1)
    if (i.nlink != want && !generator_dir_count && !(i.flags & saltyfs::kInodeHidden))
      c.error("inode " + std::to_string(ino) + ": link count " + std::to_string(i.nlink) + ", counted " +
              std::to_string(want));
  }
  if (!inodes.count(saltyfs::kRootIno)) c.error("the root inode (1) is missing");

  // The bitmap against what is reachable.
  const std::uint64_t bitmap = saltyfs::bitmap_blocks(sb.total_blocks);
  std::vector<std::uint8_t> bits(bitmap * kBlockSize);
  for (std::uint64_t i = 0; i < bitmap; ++i)
    if (!img.read_block(saltyfs::kFirstBitmapBlock + i, bits.data() + i * kBlockSize)) c.error("cannot read the bitmap");
  std::uint64_t set = 0, leaked = 0, lost = 0;
  for (std::uint64_t n = 0; n < sb.total_blocks; ++n) {
    const bool on = bits[n / 8] >> (n % 8) & 1;
    set += on;
    if (reach[n] && !on) ++lost;
    if (!reach[n] && on) ++leaked;
  }
  if (lost) c.fixable.push_back(std::to_string(lost) + " blocks in use are marked free in the bitmap");
  if (leaked) c.fixable.push_back(std::to_string(leaked) + " blocks marked used are not reachable");
  if (set != sb.used_blocks)
    c.fixable.push_back("used_blocks " + std::to_string(sb.used_blocks) + ", the bitmap has " + std::to_string(set));

  std::string out;
  for (const std::string& e : c.errors) out += "error: " + e + "\n";
  const bool can_fix = c.errors.empty();  // repairs only on a tree that read cleanly
  if (repair && can_fix && !c.fixable.empty()) {
    std::uint64_t used = 0;
    std::fill(bits.begin(), bits.end(), 0);
    for (std::uint64_t n = 0; n < sb.total_blocks; ++n)
      if (reach[n]) bits[n / 8] |= static_cast<std::uint8_t>(1u << (n % 8)), ++used;
    for (std::uint64_t i = 0; i < bitmap; ++i) img.write_block(saltyfs::kFirstBitmapBlock + i, bits.data() + i * kBlockSize);
    sb.used_blocks = used;
    saltyfs::encode(sb, block);
    img.write_block(saltyfs::kPrimarySuperblock, block);
    img.write_block(saltyfs::kBackupSuperblock, block);
    for (const std::string& f : c.fixable) out += "fixed: " + f + "\n";
    *report = out + "fsck.saltyfs: " + path + ": repaired\n";
    return 1;
  }
  for (const std::string& f : c.fixable) out += "error: " + f + (repair ? "" : " (--repair fixes it)") + "\n";
  const std::size_t total_errors = c.errors.size() + c.fixable.size();
  *report = out + "fsck.saltyfs: " + path + ": " + std::to_string(inodes.size()) + " inodes, " +
            std::to_string(nodes.size()) + " tree blocks, " + std::to_string(set) + "/" +
            std::to_string(sb.total_blocks) + " blocks used: " +
            (total_errors ? std::to_string(total_errors) + " problems" : std::string("clean")) + "\n";
  return total_errors ? 4 : 0;
}

}  // namespace saltyfs_tools
