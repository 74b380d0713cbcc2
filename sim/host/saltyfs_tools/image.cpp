#include "sim/host/saltyfs_tools/image.h"

#include <set>
#include <sstream>

#include "fs/saltyfs/format/node.h"

namespace saltyfs_tools {

bool ImageFile::open(const std::string& path, bool writable, std::string* error) {
  f_.open(path, std::ios::binary | std::ios::in | (writable ? std::ios::out : std::ios::openmode{}));
  if (!f_) {
    *error = "cannot open " + path;
    return false;
  }
  f_.seekg(0, std::ios::end);
  size_ = static_cast<std::uint64_t>(f_.tellg());
  return true;
}

bool ImageFile::read_block(std::uint64_t n, std::uint8_t* out) {
  if (n >= blocks()) return false;
  f_.seekg(static_cast<std::streamoff>(n * saltyfs::kBlockSize));
  f_.read(reinterpret_cast<char*>(out), saltyfs::kBlockSize);
  return static_cast<bool>(f_);
}

bool ImageFile::write_block(std::uint64_t n, const std::uint8_t* in) {
  if (n >= blocks()) return false;
  f_.seekp(static_cast<std::streamoff>(n * saltyfs::kBlockSize));
  f_.write(reinterpret_cast<const char*>(in), saltyfs::kBlockSize);
  f_.flush();
  return static_cast<bool>(f_);
}

std::string describe_key(const saltyfs::Key& k) {
  static const char* names[] = {"?", "INODE_ITEM", "INODE_REF", "DIR_ITEM", "DIR_INDEX", "EXTENT_DATA", "EXTENT_REF",
                                "XATTR_ITEM"};
  std::ostringstream o;
  o << "(" << k.object_id << " " << (k.type < 8 ? names[k.type] : "?") << " " << k.offset << ")";
  return o.str();
}

namespace {

struct Walker {
  ImageFile& img;
  std::uint64_t total;
  std::vector<TreeNode>* nodes;
  std::vector<Item>* items;
  std::vector<std::string>* problems;
  std::set<std::uint64_t> seen;

  void problem(const std::string& s) { problems->push_back(s); }

  // `lo`/`hi`: the key range the parent allows (hi exclusive; has_hi false: none).
  void visit(std::uint64_t block, int expect_level, const saltyfs::Key* first, const saltyfs::Key* hi, int depth) {
    if (depth > 16) return problem("tree deeper than 16 levels at block " + std::to_string(block));
    if (block >= total) return problem("node pointer to block " + std::to_string(block) + " past the end");
    if (!seen.insert(block).second) return problem("block " + std::to_string(block) + " is in the tree twice");
    std::uint8_t b[saltyfs::kBlockSize];
    if (!img.read_block(block, b)) return problem("cannot read block " + std::to_string(block));
    saltyfs::NodeView v;
    if (saltyfs::FormatError e = v.open(b, block); e != saltyfs::FormatError::kOk)
      return problem("node at block " + std::to_string(block) + ": " + saltyfs::describe(e));
    nodes->push_back({block, v.header().level, v.count()});
    if (expect_level >= 0 && v.header().level != expect_level)
      problem("node at block " + std::to_string(block) + ": level " + std::to_string(v.header().level) +
              ", expected " + std::to_string(expect_level));
    if (v.count() == 0) return;
    if (first && saltyfs::compare(v.key(0), *first) != 0)
      problem("node at block " + std::to_string(block) + ": first key " + describe_key(v.key(0)) +
              " is not its pointer's " + describe_key(*first));
    if (hi && saltyfs::compare(v.key(v.count() - 1), *hi) >= 0)
      problem("node at block " + std::to_string(block) + ": key " + describe_key(v.key(v.count() - 1)) +
              " beyond the next pointer's");
    if (v.leaf()) {
      for (std::uint32_t i = 0; i < v.count(); ++i) {
        std::uint32_t size = 0;
        const std::uint8_t* d = v.data(i, &size);
        items->push_back({v.key(i), std::vector<std::uint8_t>(d, d + size), block});
      }
      return;
    }
    for (std::uint32_t i = 0; i < v.count(); ++i) {
      const saltyfs::Key k = v.key(i);
      saltyfs::Key next;
      if (i + 1 < v.count()) next = v.key(i + 1);
      visit(v.child(i), v.header().level - 1, &k, i + 1 < v.count() ? &next : hi, depth + 1);
    }
  }
};

}  // namespace

void walk_tree(ImageFile& img, std::uint64_t root, std::uint64_t total_blocks, std::vector<TreeNode>* nodes,
               std::vector<Item>* items, std::vector<std::string>* problems) {
  Walker w{img, total_blocks, nodes, items, problems, {}};
  w.visit(root, -1, nullptr, nullptr, 0);
}

}  // namespace saltyfs_tools
