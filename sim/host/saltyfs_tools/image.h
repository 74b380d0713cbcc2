// sim/host/saltyfs_tools/image.h — a SaltyFS image file on the host, read
// through the format code the server uses (servers/fs/saltyfs/format):
// the superblock, the whole B-tree walked and checked, every item in key
// order. mkfs, fsck and dumpfs are built on it.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "fs/saltyfs/format/layout.h"

namespace saltyfs_tools {

struct Item {
  saltyfs::Key key;
  std::vector<std::uint8_t> data;
  std::uint64_t leaf = 0;  // the block it is in
};

struct TreeNode {
  std::uint64_t block = 0;
  std::uint16_t level = 0;
  std::uint32_t items = 0;
};

class ImageFile {
 public:
  // False with *error set when the file cannot be opened.
  bool open(const std::string& path, bool writable, std::string* error);
  std::uint64_t size_bytes() const { return size_; }
  std::uint64_t blocks() const { return size_ / saltyfs::kBlockSize; }
  bool read_block(std::uint64_t n, std::uint8_t* out);
  bool write_block(std::uint64_t n, const std::uint8_t* in);

 private:
  std::fstream f_;
  std::uint64_t size_ = 0;
};

// The tree under `root`: every node (problems appended to *problems, one
// line each: a bad CRC, a wrong block number, keys out of order, a child
// whose first key is not its pointer's, a block used twice) and the items
// of the leaves that could be read, in key order.
void walk_tree(ImageFile& img, std::uint64_t root, std::uint64_t total_blocks, std::vector<TreeNode>* nodes,
               std::vector<Item>* items, std::vector<std::string>* problems);

std::string describe_key(const saltyfs::Key& k);

}  // namespace saltyfs_tools
