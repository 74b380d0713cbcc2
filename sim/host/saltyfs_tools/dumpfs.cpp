// saltyfs_tools::dumpfs (tools.h): the superblock's fields and every
// B-tree node with its items decoded, one line each.
#include <iomanip>
#include <sstream>

#include "fs/saltyfs/format/node.h"
#include "sim/host/saltyfs_tools/image.h"
#include "sim/host/saltyfs_tools/tools.h"

namespace saltyfs_tools {

namespace {

std::string printable(const std::uint8_t* p, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += (p[i] >= 0x20 && p[i] < 0x7F && p[i] != '"') ? static_cast<char>(p[i]) : '.';
  return s;
}

std::string item_text(const Item& it) {
  std::ostringstream o;
  const std::uint8_t* d = it.data.data();
  const std::size_t n = it.data.size();
  switch (it.key.type) {
    case saltyfs::kInodeItem:
      if (n >= saltyfs::kInodeSize) {
        saltyfs::Inode i = saltyfs::decode_inode(d);
        o << "mode 0" << std::oct << i.mode << std::dec << " nlink " << i.nlink << " uid " << i.uid << " gid " << i.gid
          << " size " << i.size << " blocks " << i.blocks << " flags " << i.flags;
      }
      break;
    case saltyfs::kInodeRef: o << "name \"" << printable(d, n) << "\""; break;
    case saltyfs::kDirItem:
      if (n >= saltyfs::kDirEntryHeader) {
        saltyfs::DirEntry e = saltyfs::decode_dir_entry(d);
        o << "-> " << e.child << " type " << int{e.type} << " \""
          << printable(d + saltyfs::kDirEntryHeader, n - saltyfs::kDirEntryHeader) << "\"";
      }
      break;
    case saltyfs::kExtentData:
      if (n >= saltyfs::kExtentHeaderSize) {
        saltyfs::Extent e = saltyfs::decode_extent(d);
        if (e.type == saltyfs::kExtentInline)
          o << "inline " << e.num_bytes << " bytes";
        else
          o << (e.type == saltyfs::kExtentRegular ? "regular" : "prealloc") << " disk " << e.disk_bytenr << "+"
            << e.disk_num_bytes << " file offset " << e.offset << " " << e.num_bytes << " bytes";
      }
      break;
    default: o << n << " bytes"; break;
  }
  return o.str();
}

}  // namespace

int dumpfs(const std::string& path, std::string* report) {
  ImageFile img;
  std::string why;
  if (!img.open(path, false, &why)) {
    *report = "dumpfs: " + why + "\n";
    return 8;
  }
  std::uint8_t block[saltyfs::kBlockSize];
  saltyfs::Superblock sb;
  const saltyfs::FormatError e =
      img.read_block(saltyfs::kPrimarySuperblock, block) ? saltyfs::decode(block, &sb) : saltyfs::FormatError::kBadMagic;
  if (e == saltyfs::FormatError::kBadMagic || e == saltyfs::FormatError::kBadChecksum) {
    *report = "dumpfs: " + path + ": superblock: " + saltyfs::describe(e) + "\n";
    return 8;
  }
  std::ostringstream o;
  o << "superblock" << (e == saltyfs::FormatError::kOk ? "" : std::string(" (") + saltyfs::describe(e) + ")") << "\n"
    << "  version " << sb.version << "  incompat 0x" << std::hex << sb.incompat_flags << "  compat 0x"
    << sb.compat_flags << "  compat_ro 0x" << sb.compat_ro_flags << std::dec << "\n"
    << "  label \"" << sb.label << "\"  block_size " << sb.block_size << "  total_blocks " << sb.total_blocks
    << "  used_blocks " << sb.used_blocks << "\n"
    << "  root_tree " << sb.root_tree << "  log " << sb.log_start << "+" << sb.log_size << "  generation "
    << sb.generation << "  mount_count " << sb.mount_count << "  root_inode " << sb.root_inode << "\n";
  std::vector<TreeNode> nodes;
  std::vector<Item> items;
  std::vector<std::string> problems;
  walk_tree(img, sb.root_tree, sb.total_blocks, &nodes, &items, &problems);
  for (const TreeNode& n : nodes)
    o << "node " << n.block << "  level " << n.level << "  items " << n.items << "\n";
  for (const Item& it : items) o << "  " << describe_key(it.key) << "  " << item_text(it) << "\n";
  for (const std::string& p : problems) o << "problem: " << p << "\n";
  *report = o.str();
  return problems.empty() ? 0 : 4;
}

}  // namespace saltyfs_tools
