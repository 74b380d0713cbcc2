// The SaltyFS on-disk format (servers/fs/saltyfs/format) and the host
// tools (sim/host/saltyfs_tools): golden bytes of a superblock and a leaf
// checked against kernel-abi.md §4.1 by hand-computed offsets, the hashes'
// published check values, an image made from a host directory read back
// byte for byte through the format code, and fsck on corrupted images.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "fs/saltyfs/format/checksums.h"
#include "fs/saltyfs/format/node.h"
#include "sim/host/saltyfs_tools/image.h"
#include "sim/host/saltyfs_tools/tools.h"

namespace {

namespace fs = std::filesystem;
using saltyfs::kBlockSize;

uint32_t le32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | uint32_t{p[3]} << 24; }
uint64_t le64(const uint8_t* p) { return le32(p) | uint64_t{le32(p + 4)} << 32; }

TEST(SaltyfsHashes, MatchTheirPublishedCheckValues) {
  EXPECT_EQ(saltyfs::crc32c("123456789", 9), 0xE3069283u);  // CRC-32C/iSCSI check value
  EXPECT_EQ(saltyfs::crc32c("", 0), 0u);
  EXPECT_EQ(saltyfs::crc32c("6789", 4, saltyfs::crc32c("12345", 5)), 0xE3069283u);  // continued
  EXPECT_EQ(saltyfs::fnv1a64("", 0), 0xcbf29ce484222325ull);
  EXPECT_EQ(saltyfs::fnv1a64("a", 1), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(saltyfs::fnv1a64("foobar", 6), 0x85944171f73967e8ull);
}

TEST(SaltyfsFormat, SuperblockBytesSitAtTheDigestsOffsets) {
  saltyfs::Superblock sb = saltyfs::Superblock::fresh(16384);
  sb.used_blocks = 77, sb.root_tree = 2051, sb.generation = 5, sb.mount_count = 1;
  uint8_t b[kBlockSize];
  saltyfs::encode(sb, b);
  EXPECT_EQ(std::memcmp(b, "SALTYFS\0", 8), 0);
  EXPECT_EQ(le32(b + 0x008), 1u);       // version
  EXPECT_EQ(le64(b + 0x030), 4096u);    // block_size
  EXPECT_EQ(le64(b + 0x038), 16384u);   // total_blocks
  EXPECT_EQ(le64(b + 0x040), 77u);      // used_blocks
  EXPECT_EQ(le64(b + 0x050), 2051u);    // root_tree
  EXPECT_EQ(le64(b + 0x070), 3u);       // log_start: blocks 0, 1 superblocks, 2 the one bitmap block
  EXPECT_EQ(le64(b + 0x078), 2048u);    // log_size = total / 8
  EXPECT_EQ(le64(b + 0x090), 5u);       // generation
  EXPECT_EQ(le64(b + 0x0A8), 1u);       // mount_count
  EXPECT_EQ(le64(b + 0x0B0), 1u);       // root_inode
  EXPECT_EQ(std::memcmp(b + 0x0C0, "saltyfs", 8), 0);  // label, NUL-padded
  EXPECT_EQ(le32(b + 0x108), 15001000u);               // casefold_version
  const uint32_t stored = le32(b + 0xFFC);
  std::memset(b + 0xFFC, 0, 4);
  EXPECT_EQ(saltyfs::crc32c(b, kBlockSize), stored);
  std::memcpy(b + 0xFFC, &stored, 4);
  saltyfs::Superblock back;
  ASSERT_EQ(saltyfs::decode(b, &back), saltyfs::FormatError::kOk);
  EXPECT_EQ(back.root_tree, 2051u);
  b[0x40] ^= 1;
  EXPECT_EQ(saltyfs::decode(b, &back), saltyfs::FormatError::kBadChecksum);
  b[0x40] ^= 1;
  sb.incompat_flags = 1u << 7;  // a feature this reader does not know: refuse
  saltyfs::encode(sb, b);
  EXPECT_EQ(saltyfs::decode(b, &back), saltyfs::FormatError::kUnknownIncompat);
}

TEST(SaltyfsFormat, LeafBytesSitAtTheDigestsOffsets) {
  const saltyfs::Key keys[2] = {{1, saltyfs::kInodeItem, 0}, {1, saltyfs::kDirItem, 0x1122334455667788}};
  const uint8_t a[3] = {0xA1, 0xA2, 0xA3}, c[2] = {0xC1, 0xC2};
  const uint8_t* data[2] = {a, c};
  const uint32_t sizes[2] = {3, 2};
  uint8_t b[kBlockSize];
  ASSERT_TRUE(saltyfs::build_leaf(b, 42, 9, keys, data, sizes, 2));
  EXPECT_EQ(std::memcmp(b, "BTND", 4), 0);
  EXPECT_EQ(le64(b + 8), 0u);    // owner
  EXPECT_EQ(le64(b + 16), 9u);   // generation
  EXPECT_EQ(le64(b + 24), 42u);  // block_nr
  EXPECT_EQ(le32(b + 32), 2u);   // num_items
  EXPECT_EQ(b[36] | b[37] << 8, 0);  // level 0
  // Item 1 at 64 + 25: key (u64 object, u8 type, u64 offset), u32 data offset, u32 size.
  const uint8_t* it = b + 64 + 25;
  EXPECT_EQ(le64(it), 1u);
  EXPECT_EQ(it[8], saltyfs::kDirItem);
  EXPECT_EQ(le64(it + 9), 0x1122334455667788u);
  EXPECT_EQ(le32(b + 64 + 17), 64u + 2 * 25);      // item 0's data right after the item array
  EXPECT_EQ(le32(it + 17), 64u + 2 * 25 + 3);      // item 1's after item 0's
  EXPECT_EQ(le32(it + 21), 2u);
  EXPECT_EQ(b[64 + 50], 0xA1);
  EXPECT_EQ(b[64 + 53], 0xC1);
  const uint32_t crc = le32(b + 4);
  uint8_t z[kBlockSize];
  std::memcpy(z, b, kBlockSize);
  std::memset(z + 4, 0, 4);
  EXPECT_EQ(saltyfs::crc32c(z, kBlockSize), crc);
  saltyfs::NodeView v;
  ASSERT_EQ(v.open(b, 42), saltyfs::FormatError::kOk);
  EXPECT_EQ(v.open(b, 43), saltyfs::FormatError::kBadNode);  // a node elsewhere than it says
  const saltyfs::Key unsorted[2] = {keys[1], keys[0]};
  ASSERT_TRUE(saltyfs::build_leaf(b, 42, 9, unsorted, data, sizes, 2));
  EXPECT_EQ(v.open(b, 42), saltyfs::FormatError::kBadNode);  // keys out of order
}

struct Scratch : ::testing::Test {
  fs::path dir;
  void SetUp() override {
    dir = fs::temp_directory_path() / ("saltyfs_test_" + std::to_string(getpid()) + "_" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir / "src" / "a" / "b");
    fs::create_directories(dir / "src" / "empty");
    big.resize(10u << 20);  // 10 MiB of a fixed pseudo-random pattern
    uint64_t x = 7;
    for (size_t i = 0; i + 8 <= big.size(); i += 8) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      std::memcpy(&big[i], &x, 8);
    }
    write(dir / "src" / "big.bin", big);
    write(dir / "src" / "a" / "hi.txt", "hello\n");
    write(dir / "src" / "a" / "b" / "three_hundred", std::string(300, 'x'));
    write(dir / "src" / "zero", "");
    fs::create_symlink("a/hi.txt", dir / "src" / "link");
  }
  void TearDown() override { fs::remove_all(dir); }
  static void write(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }
  std::string img() const { return (dir / "t.img").string(); }
  std::string big;
};

// Reads a regular file's bytes back out of the image through the format code.
std::map<std::string, std::string> read_back(const std::string& image) {
  saltyfs_tools::ImageFile f;
  std::string why;
  EXPECT_TRUE(f.open(image, false, &why)) << why;
  uint8_t b[kBlockSize];
  saltyfs::Superblock sb;
  EXPECT_TRUE(f.read_block(0, b));
  EXPECT_EQ(saltyfs::decode(b, &sb), saltyfs::FormatError::kOk);
  std::vector<saltyfs_tools::TreeNode> nodes;
  std::vector<saltyfs_tools::Item> items;
  std::vector<std::string> problems;
  saltyfs_tools::walk_tree(f, sb.root_tree, sb.total_blocks, &nodes, &items, &problems);
  EXPECT_TRUE(problems.empty());
  std::map<uint64_t, std::string> name_of, content;
  for (const auto& it : items) {
    if (it.key.type == saltyfs::kInodeRef) name_of[it.key.object_id] = std::string(it.data.begin(), it.data.end());
    if (it.key.type != saltyfs::kExtentData) continue;
    saltyfs::Extent e = saltyfs::decode_extent(it.data.data());
    std::string bytes;
    if (e.type == saltyfs::kExtentInline) {
      bytes.assign(it.data.begin() + saltyfs::kExtentHeaderSize, it.data.end());
    } else {
      for (uint64_t off = 0; off < e.num_bytes; off += kBlockSize) {
        EXPECT_TRUE(f.read_block(e.disk_bytenr / kBlockSize + off / kBlockSize, b));
        bytes.append(reinterpret_cast<char*>(b), std::min<uint64_t>(kBlockSize, e.num_bytes - off));
      }
    }
    content[it.key.object_id] = bytes;
  }
  std::map<std::string, std::string> out;
  for (auto& [ino, bytes] : content) out[name_of[ino]] = bytes;
  return out;
}

TEST_F(Scratch, AnImageFromAHostDirectoryHoldsItByteForByteAndChecksClean) {
  saltyfs_tools::MkfsOptions o;
  o.image = img(), o.size_bytes = (16ull << 20) + 1000, o.from = (dir / "src").string(), o.label = "data";
  std::string report;
  ASSERT_EQ(saltyfs_tools::mkfs(o, &report), 0) << report;
  EXPECT_EQ(fs::file_size(img()), (16ull << 20) + 1000);  // exactly the size asked for
  std::map<std::string, std::string> files = read_back(img());
  EXPECT_EQ(files["big.bin"], big);
  EXPECT_EQ(files["hi.txt"], "hello\n");                 // inline (≤ 256 bytes)
  EXPECT_EQ(files["three_hundred"], std::string(300, 'x'));  // a regular extent
  EXPECT_EQ(files["zero"], "");                           // a bare inline extent
  EXPECT_EQ(files["link"], "a/hi.txt");                   // the symlink's target, inline
  EXPECT_EQ(saltyfs_tools::fsck(img(), false, &report), 0) << report;
  EXPECT_NE(report.find("clean"), std::string::npos);
  EXPECT_EQ(saltyfs_tools::dumpfs(img(), &report), 0);
  EXPECT_NE(report.find("label \"data\""), std::string::npos);
  EXPECT_NE(report.find("type 7 \"link\""), std::string::npos);
  EXPECT_NE(report.find("mode 040755 nlink 4"), std::string::npos);  // the root: 2 + a, empty
  // The same input gives the same image.
  const std::string first = img() + ".first";
  fs::copy_file(img(), first);
  ASSERT_EQ(saltyfs_tools::mkfs(o, &report), 0);
  auto slurp = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::string s(fs::file_size(p), '\0');
    in.read(s.data(), static_cast<std::streamsize>(s.size()));
    return s;
  };
  EXPECT_TRUE(slurp(first) == slurp(img()));
}

TEST_F(Scratch, ManyFilesMakeATreeOfThreeLevels) {
  fs::create_directories(dir / "many");
  for (int i = 0; i < 3000; ++i) write(dir / "many" / ("file" + std::to_string(i)), std::to_string(i));
  saltyfs_tools::MkfsOptions o;
  o.image = img(), o.size_bytes = 32ull << 20, o.from = (dir / "many").string();
  std::string report;
  ASSERT_EQ(saltyfs_tools::mkfs(o, &report), 0) << report;
  EXPECT_EQ(saltyfs_tools::fsck(img(), false, &report), 0) << report;
  ASSERT_EQ(saltyfs_tools::dumpfs(img(), &report), 0);
  EXPECT_NE(report.find("level 2"), std::string::npos);  // leaves, one internal level, the root
  std::map<std::string, std::string> files = read_back(img());
  EXPECT_EQ(files.size(), 3000u);
  EXPECT_EQ(files["file2999"], "2999");
}

TEST_F(Scratch, MkfsRefusesWhatCannotBeMade) {
  saltyfs_tools::MkfsOptions o;
  o.image = img();
  std::string report;
  o.size_bytes = 15 * kBlockSize;
  EXPECT_EQ(saltyfs_tools::mkfs(o, &report), 2);
  o.size_bytes = 1 << 20, o.from = (dir / "src").string();  // 10 MiB of data in 1 MiB
  EXPECT_EQ(saltyfs_tools::mkfs(o, &report), 1);
  EXPECT_NE(report.find("too small"), std::string::npos);
  o.from = (dir / "nope").string();
  EXPECT_EQ(saltyfs_tools::mkfs(o, &report), 2);
  o.from.clear(), o.size_bytes = 1 << 20;
  ASSERT_EQ(saltyfs_tools::mkfs(o, &report), 0);
  EXPECT_EQ(saltyfs_tools::fsck(img(), false, &report), 0) << report;
}

void flip(const std::string& image, uint64_t offset) {
  std::fstream f(image, std::ios::binary | std::ios::in | std::ios::out);
  f.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(offset));
  f.put(static_cast<char>(c ^ 0x10));
}

TEST_F(Scratch, FsckFindsCorruptionAndRepairsOnlyWhatItSafelyCan) {
  saltyfs_tools::MkfsOptions o;
  o.image = img(), o.size_bytes = 16 << 20, o.from = (dir / "src").string();
  std::string report;
  ASSERT_EQ(saltyfs_tools::mkfs(o, &report), 0) << report;
  saltyfs::Superblock sb;
  {
    saltyfs_tools::ImageFile f;
    ASSERT_TRUE(f.open(img(), false, &report));
    uint8_t b[kBlockSize];
    ASSERT_TRUE(f.read_block(0, b));
    ASSERT_EQ(saltyfs::decode(b, &sb), saltyfs::FormatError::kOk);
  }
  // A block in use marked free: found, repaired (1), then clean (0).
  flip(img(), saltyfs::kFirstBitmapBlock * kBlockSize + 1);  // blocks 12 (bit 4 of byte 1) off
  EXPECT_EQ(saltyfs_tools::fsck(img(), false, &report), 4);
  EXPECT_NE(report.find("marked free"), std::string::npos) << report;
  EXPECT_EQ(saltyfs_tools::fsck(img(), true, &report), 1) << report;
  EXPECT_EQ(saltyfs_tools::fsck(img(), false, &report), 0) << report;
  // A bad primary superblock: the backup is used, --repair rewrites it.
  flip(img(), 0x40);
  EXPECT_EQ(saltyfs_tools::fsck(img(), false, &report), 4);
  EXPECT_NE(report.find("primary superblock"), std::string::npos) << report;
  EXPECT_EQ(saltyfs_tools::fsck(img(), true, &report), 1);
  EXPECT_EQ(saltyfs_tools::fsck(img(), false, &report), 0) << report;
  // A damaged tree node: a checksum error fsck cannot repair.
  flip(img(), sb.root_tree * kBlockSize + 200);
  EXPECT_EQ(saltyfs_tools::fsck(img(), true, &report), 4);
  EXPECT_NE(report.find("checksum mismatch"), std::string::npos) << report;
  EXPECT_EQ(saltyfs_tools::dumpfs(img(), &report), 4);
  // Not an image at all, or no file.
  write(dir / "junk", std::string(1 << 16, 'j'));
  EXPECT_EQ(saltyfs_tools::fsck((dir / "junk").string(), false, &report), 8);
  EXPECT_EQ(saltyfs_tools::fsck((dir / "missing").string(), false, &report), 8);
  EXPECT_EQ(saltyfs_tools::dumpfs((dir / "missing").string(), &report), 8);
}

}  // namespace
