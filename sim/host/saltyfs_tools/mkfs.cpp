// saltyfs_tools::mkfs (tools.h): an image of exactly the requested size,
// optionally filled from a host directory, laid out as kernel-abi.md §4.1
// says the original generator does: superblock and backup, bitmap, a zero
// intent log, the root B-tree (leaves filled greedily, internal nodes
// after, the root last), then one extent of data blocks per large file.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "fs/saltyfs/format/checksums.h"
#include "fs/saltyfs/format/node.h"
#include "sim/host/saltyfs_tools/tools.h"

namespace saltyfs_tools {

namespace {

namespace fs = std::filesystem;
using saltyfs::kBlockSize;

struct PendingItem {
  saltyfs::Key key;
  std::vector<std::uint8_t> data;
  std::uint64_t data_ino = 0;  // a regular extent still to be placed (its file's ino)
};

struct FileData {
  std::uint64_t ino = 0;
  std::string path;
  std::uint64_t size = 0;
  std::uint64_t first_block = 0;
};

std::uint64_t ns_of(const struct timespec& t) {
  return static_cast<std::uint64_t>(t.tv_sec) * 1'000'000'000ull + static_cast<std::uint64_t>(t.tv_nsec);
}

struct Builder {
  std::vector<PendingItem> items;
  std::vector<FileData> files;
  std::uint64_t next_ino = saltyfs::kFirstFreeIno;
  std::string error;

  void add(std::uint64_t obj, std::uint8_t type, std::uint64_t off, std::vector<std::uint8_t> data,
           std::uint64_t data_ino = 0) {
    items.push_back({{obj, type, off}, std::move(data), data_ino});
  }

  std::vector<std::uint8_t> inode_bytes(const saltyfs::Inode& i) {
    std::vector<std::uint8_t> b(saltyfs::kInodeSize);
    saltyfs::encode(i, b.data());
    return b;
  }

  std::vector<std::uint8_t> inline_extent(const std::string& bytes) {
    saltyfs::Extent e;
    e.type = saltyfs::kExtentInline;
    e.ram_bytes = e.num_bytes = bytes.size();
    std::vector<std::uint8_t> b(saltyfs::kExtentHeaderSize + bytes.size());
    saltyfs::encode(e, b.data());
    std::memcpy(b.data() + saltyfs::kExtentHeaderSize, bytes.data(), bytes.size());
    return b;
  }

  saltyfs::Inode inode_of(const struct stat& st, std::uint32_t mode) {
    saltyfs::Inode i;
    i.generation = 1;
    i.uid = st.st_uid, i.gid = st.st_gid, i.mode = mode;
    i.atime = i.mtime = ns_of(st.st_mtim);
    i.ctime = i.crtime = ns_of(st.st_ctim);
    return i;
  }

  // The directory entry of `name` (→ child) in `parent`: DIR_ITEM at the
  // name's hash (+1 on a collision, up to 16), INODE_REF back.
  void link(std::uint64_t parent, const std::string& name, std::uint64_t child, std::uint8_t type,
            std::map<std::pair<std::uint64_t, std::uint64_t>, bool>& taken) {
    std::uint64_t h = saltyfs::fnv1a64(name.data(), name.size());
    int tries = 0;
    while (taken.count({parent, h}) && tries < 16) ++h, ++tries;
    if (tries == 16) {
      error = "too many name-hash collisions in one directory at '" + name + "'";
      return;
    }
    taken[{parent, h}] = true;
    std::vector<std::uint8_t> d(saltyfs::kDirEntryHeader + name.size());
    saltyfs::encode(saltyfs::DirEntry{child, static_cast<std::uint16_t>(name.size()), type}, d.data());
    std::memcpy(d.data() + saltyfs::kDirEntryHeader, name.data(), name.size());
    add(parent, saltyfs::kDirItem, h, std::move(d));
    add(child, saltyfs::kInodeRef, parent, std::vector<std::uint8_t>(name.begin(), name.end()));
  }

  // The tree under host directory `dir` as inode `ino` (parent `parent`).
  void directory(const fs::path& dir, std::uint64_t ino, std::map<std::pair<std::uint64_t, std::uint64_t>, bool>& taken,
                 const struct stat& self) {
    std::vector<fs::path> children;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) children.push_back(e.path());
    if (ec) error = "cannot read " + dir.string() + ": " + ec.message();
    std::sort(children.begin(), children.end());  // a deterministic image
    std::uint32_t subdirs = 0;
    for (const fs::path& p : children) {
      if (!error.empty()) return;
      const std::string name = p.filename().string();
      if (name.size() > saltyfs::kNameMax) {
        error = "name longer than 255 bytes: " + p.string();
        return;
      }
      struct stat st {};
      if (lstat(p.c_str(), &st) != 0) {
        error = "cannot stat " + p.string() + ": " + std::strerror(errno);
        return;
      }
      const std::uint64_t child = next_ino++;
      const std::uint32_t perm = st.st_mode & 07777;
      if (S_ISDIR(st.st_mode)) {
        ++subdirs;
        link(ino, name, child, saltyfs::kEntryDir, taken);
        directory(p, child, taken, st);
      } else if (S_ISLNK(st.st_mode)) {
        std::error_code lec;
        const std::string target = fs::read_symlink(p, lec).string();
        saltyfs::Inode i = inode_of(st, 0120777);
        i.size = target.size(), i.nlink = 1;
        add(child, saltyfs::kInodeItem, 0, inode_bytes(i));
        add(child, saltyfs::kExtentData, 0, inline_extent(target));
        link(ino, name, child, saltyfs::kEntrySymlink, taken);
      } else if (S_ISREG(st.st_mode)) {
        saltyfs::Inode i = inode_of(st, 0100000 | perm);
        i.size = static_cast<std::uint64_t>(st.st_size), i.nlink = 1;
        i.blocks = (i.size + kBlockSize - 1) / kBlockSize;
        add(child, saltyfs::kInodeItem, 0, inode_bytes(i));
        if (i.size <= saltyfs::kInlineMax) {
          std::ifstream in(p, std::ios::binary);
          std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
          if (bytes.size() != i.size) {
            error = "cannot read " + p.string();
            return;
          }
          add(child, saltyfs::kExtentData, 0, inline_extent(bytes));
        } else {
          add(child, saltyfs::kExtentData, 0, std::vector<std::uint8_t>(saltyfs::kExtentHeaderSize), child);
          files.push_back({child, p.string(), i.size, 0});
        }
        link(ino, name, child, saltyfs::kEntryFile, taken);
      } else {
        error = "not a file, directory or symlink (not supported): " + p.string();
        return;
      }
    }
    saltyfs::Inode d = inode_of(self, 040000 | (self.st_mode & 07777));
    d.nlink = 2 + subdirs;
    add(ino, saltyfs::kInodeItem, 0, inode_bytes(d));
  }
};

}  // namespace

int mkfs(const MkfsOptions& o, std::string* report) {
  const std::uint64_t total = o.size_bytes / kBlockSize;
  if (total < saltyfs::kMinBlocks) {
    *report = "mkfs.saltyfs: an image needs at least 16 blocks (64 KiB)\n";
    return 2;
  }
  if (o.label.size() > 63) {
    *report = "mkfs.saltyfs: the label is longer than 63 bytes\n";
    return 2;
  }
  Builder b;
  std::map<std::pair<std::uint64_t, std::uint64_t>, bool> taken;
  struct stat root {};
  root.st_mode = 040755;
  if (!o.from.empty()) {
    if (stat(o.from.c_str(), &root) != 0 || !S_ISDIR(root.st_mode)) {
      *report = "mkfs.saltyfs: --from " + o.from + ": not a directory\n";
      return 2;
    }
    b.directory(o.from, saltyfs::kRootIno, taken, root);
  } else {
    saltyfs::Inode d;
    d.generation = 1, d.mode = 040755, d.nlink = 2;
    b.add(saltyfs::kRootIno, saltyfs::kInodeItem, 0, b.inode_bytes(d));
  }
  if (!b.error.empty()) {
    *report = "mkfs.saltyfs: " + b.error + "\n";
    return 1;
  }
  std::stable_sort(b.items.begin(), b.items.end(),
                   [](const PendingItem& x, const PendingItem& y) { return saltyfs::compare(x.key, y.key) < 0; });

  // Leaves filled greedily, then each level of internal nodes, root last.
  std::vector<std::vector<std::size_t>> leaves(1);
  std::size_t used = saltyfs::kNodeHeaderSize;
  for (std::size_t i = 0; i < b.items.size(); ++i) {
    const std::size_t need = saltyfs::kLeafItemSize + b.items[i].data.size();
    if (used + need > kBlockSize) leaves.emplace_back(), used = saltyfs::kNodeHeaderSize;
    leaves.back().push_back(i);
    used += need;
  }
  std::vector<std::size_t> level_sizes{leaves.size()};
  while (level_sizes.back() > 1)
    level_sizes.push_back((level_sizes.back() + saltyfs::kMaxNodePtrs - 1) / saltyfs::kMaxNodePtrs);
  std::uint64_t tree_blocks = 0;
  for (std::size_t n : level_sizes) tree_blocks += n;

  saltyfs::Superblock sb = saltyfs::Superblock::fresh(total);
  const std::uint64_t tree_start = sb.first_tree_block();
  std::uint64_t next_data = tree_start + tree_blocks;
  for (FileData& f : b.files) {
    f.first_block = next_data;
    next_data += (f.size + kBlockSize - 1) / kBlockSize;
  }
  if (next_data > total) {
    *report = "mkfs.saltyfs: the image is too small: the tree and data need " + std::to_string(next_data) +
              " blocks, it has " + std::to_string(total) + "\n";
    return 1;
  }
  std::map<std::uint64_t, const FileData*> by_ino;
  for (const FileData& f : b.files) by_ino[f.ino] = &f;
  for (PendingItem& it : b.items) {
    if (!it.data_ino) continue;
    const FileData& f = *by_ino[it.data_ino];
    saltyfs::Extent e;
    e.generation = 1, e.type = saltyfs::kExtentRegular;
    e.ram_bytes = e.num_bytes = f.size;
    e.disk_bytenr = f.first_block * kBlockSize;
    e.disk_num_bytes = (f.size + kBlockSize - 1) / kBlockSize * kBlockSize;
    saltyfs::encode(e, it.data.data());
  }

  std::ofstream out(o.image, std::ios::binary | std::ios::trunc);
  if (!out) {
    *report = "mkfs.saltyfs: cannot create " + o.image + "\n";
    return 1;
  }
  std::vector<std::uint8_t> zeros(kBlockSize);
  out.seekp(static_cast<std::streamoff>(o.size_bytes - 1));
  out.put(0);  // exactly the size asked for (the log and free space read as zeros)
  auto put_block = [&](std::uint64_t n, const std::uint8_t* data) {
    out.seekp(static_cast<std::streamoff>(n * kBlockSize));
    out.write(reinterpret_cast<const char*>(data), kBlockSize);
  };

  std::uint8_t block[kBlockSize];
  struct Child {
    saltyfs::Key first;
    std::uint64_t block;
  };
  std::vector<Child> level;
  std::uint64_t at = tree_start;
  for (const auto& leaf : leaves) {
    std::vector<saltyfs::Key> keys;
    std::vector<const std::uint8_t*> data;
    std::vector<std::uint32_t> sizes;
    for (std::size_t i : leaf) {
      keys.push_back(b.items[i].key);
      data.push_back(b.items[i].data.data());
      sizes.push_back(static_cast<std::uint32_t>(b.items[i].data.size()));
    }
    saltyfs::build_leaf(block, at, 1, keys.data(), data.data(), sizes.data(), static_cast<std::uint32_t>(leaf.size()));
    put_block(at, block);
    level.push_back({keys.empty() ? saltyfs::Key{} : keys[0], at});
    ++at;
  }
  for (std::uint16_t lv = 1; level.size() > 1; ++lv) {
    std::vector<Child> up;
    for (std::size_t i = 0; i < level.size(); i += saltyfs::kMaxNodePtrs) {
      const std::size_t n = std::min(level.size() - i, saltyfs::kMaxNodePtrs);
      std::vector<saltyfs::Key> keys;
      std::vector<std::uint64_t> kids, gens(n, 1);
      for (std::size_t k = 0; k < n; ++k) keys.push_back(level[i + k].first), kids.push_back(level[i + k].block);
      saltyfs::build_internal(block, at, 1, lv, keys.data(), kids.data(), gens.data(), static_cast<std::uint32_t>(n));
      put_block(at, block);
      up.push_back({keys[0], at});
      ++at;
    }
    level = std::move(up);
  }
  sb.root_tree = level[0].block;

  for (const FileData& f : b.files) {
    std::ifstream in(f.path, std::ios::binary);
    for (std::uint64_t off = 0, n = f.first_block; off < f.size; off += kBlockSize, ++n) {
      std::fill(std::begin(block), std::end(block), 0);
      in.read(reinterpret_cast<char*>(block), kBlockSize);
      if (in.gcount() <= 0) {
        *report = "mkfs.saltyfs: cannot read " + f.path + "\n";
        return 1;
      }
      put_block(n, block);
    }
  }

  // Every block before the first free one is in use.
  const std::uint64_t bitmap = saltyfs::bitmap_blocks(total);
  std::vector<std::uint8_t> bits(bitmap * kBlockSize);
  for (std::uint64_t n = 0; n < next_data; ++n) bits[n / 8] |= static_cast<std::uint8_t>(1u << (n % 8));
  for (std::uint64_t i = 0; i < bitmap; ++i) put_block(saltyfs::kFirstBitmapBlock + i, bits.data() + i * kBlockSize);

  sb.used_blocks = next_data;
  sb.generation = 1;
  sb.mount_count = 1;
  sb.last_mount_time = sb.last_write_time = o.time_seconds;
  for (std::size_t i = 0; i < 16; ++i) sb.fs_uuid[i] = static_cast<std::uint8_t>(o.uuid_seed >> (8 * (i % 8)) ^ i);
  if (!o.label.empty()) {
    std::fill(std::begin(sb.label), std::end(sb.label), 0);
    std::memcpy(sb.label, o.label.data(), o.label.size());
  }
  saltyfs::encode(sb, block);
  put_block(saltyfs::kPrimarySuperblock, block);
  put_block(saltyfs::kBackupSuperblock, block);
  out.flush();
  if (!out) {
    *report = "mkfs.saltyfs: writing " + o.image + " failed\n";
    return 1;
  }
  *report = "mkfs.saltyfs: " + o.image + ": " + std::to_string(total) + " blocks, " + std::to_string(b.next_ino - 1) +
            " inodes, " + std::to_string(b.items.size()) + " items in " + std::to_string(tree_blocks) +
            " tree blocks, " + std::to_string(next_data) + " blocks used\n";
  return 0;
}

}  // namespace saltyfs_tools
