// MM_FILE_MMAP and the sync labels over real IPC: a segment stands for a
// file's bytes (as the VFS keeps a mapped file); shared mappings see each
// other's writes at the right file offset, private ones copy on write and
// still show the file where they did not write, the sync labels answer
// which file range a mapping stands for.
#include "mm_harness.h"

namespace mmt {
namespace {

using trona::MmFileRange;
using trona::MmsrvClient;
using namespace uapi;

constexpr Word kBadgeA = 0x2001;
constexpr Word kBadgeB = 0x2002;
constexpr Word kFile = 0x5348'0000'0001;  // a segment the "VFS" made

TEST(MmsrvFile, SharedAndPrivateFileMappingsAtAnOffset) {
  MmOs os;
  Word file_va = 0;  // the "VFS"'s view of the file's bytes (client b)
  bool private_checked = false;
  os.client("vfs", kBadgeB, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 2), 0);
    ASSERT_EQ(mm.shm_create(kFile, 4), 0);
    uint64_t va = 0;
    ASSERT_EQ(mm.shm_map(kFile, 0, 0, kRW, &va), 0);
    os.k.store<std::uint64_t>(va + kPage, 0xF11E);      // file byte 4096
    os.k.store<std::uint64_t>(va + 2 * kPage, 0x2222);  // file byte 8192
    file_va = va;
    while (!private_checked) trona::yield();
    EXPECT_EQ(os.k.load<std::uint64_t>(va + kPage + 8), 0x5EEDu);  // what a's shared mapping wrote
    EXPECT_EQ(os.k.load<std::uint64_t>(va + 2 * kPage), 0x2222u);  // a's private write stayed a's
  });
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    ASSERT_EQ(register_self(mm, 1), 0);
    while (file_va == 0) trona::yield();
    uint64_t shared = 0, priv = 0;
    // Two pages from file byte 4096, shared.
    ASSERT_EQ(mm.file_mmap(0, 2 * kPage, kRW, kMAP_SHARED, kPage, kFile, &shared), 0);
    EXPECT_EQ(os.k.load<std::uint64_t>(shared), 0xF11Eu);
    EXPECT_EQ(os.k.load<std::uint64_t>(shared + kPage), 0x2222u);
    os.k.store<std::uint64_t>(shared + 8, 0x5EED);
    // A private one of the same range: the file's bytes until written.
    ASSERT_EQ(mm.file_mmap(0, 2 * kPage, kRW, kMAP_PRIVATE, kPage, kFile, &priv), 0);
    EXPECT_NE(priv, shared);
    EXPECT_EQ(os.k.load<std::uint64_t>(priv + 8), 0x5EEDu);
    os.k.store<std::uint64_t>(priv + kPage, 0x7777);  // copy on write: its own page now
    EXPECT_EQ(os.k.load<std::uint64_t>(shared + kPage), 0x2222u);
    EXPECT_EQ(os.k.load<std::uint64_t>(priv + kPage), 0x7777u);
    // A page it did not write still shows later changes to the file (Linux).
    os.k.store<std::uint64_t>(shared + 16, 0xABCD);
    EXPECT_EQ(os.k.load<std::uint64_t>(priv + 16), 0xABCDu);
    // Which file range each stands for.
    MmFileRange r;
    ASSERT_EQ(mm.file_range(shared + kPage + 100, 0, &r), 0);  // the whole mapping
    EXPECT_EQ(r.backing, kFile);
    EXPECT_EQ(r.offset, kPage);
    EXPECT_EQ(r.length, 2 * kPage);
    EXPECT_TRUE(r.shared);
    ASSERT_EQ(mm.file_range(shared + kPage, 10, &r), 0);  // msync of part of it
    EXPECT_EQ(r.offset, 2 * kPage);
    EXPECT_EQ(r.length, kPage);
    ASSERT_EQ(mm.file_range(priv, kPage, &r), 0);
    EXPECT_FALSE(r.shared);
    EXPECT_EQ(mm.file_range(shared + kPage, 2 * kPage, &r), kENOENT);  // runs past the mapping
    // munmap of part of a file mapping keeps the rest at its file offset.
    ASSERT_EQ(mm.munmap(shared, kPage), 0);
    ASSERT_EQ(mm.file_range(shared + kPage, 0, &r), 0);
    EXPECT_EQ(r.offset, 2 * kPage);
    EXPECT_EQ(r.length, kPage);
    EXPECT_EQ(mm.file_range(shared, 0, &r), kENOENT);  // nothing mapped there now
    uint64_t anon = 0;
    ASSERT_EQ(mm.mmap(0, kPage, kRW, kAnon, &anon), 0);
    ASSERT_EQ(mm.file_range(anon, kPage, &r), 0);  // other memory: nothing to write back
    EXPECT_EQ(r.backing, 0u);
    EXPECT_EQ(r.length, 0u);
    EXPECT_EQ(mm.shm_destroy(kFile), kEBUSY);  // still mapped
    private_checked = true;
  });
  EXPECT_TRUE(os.run());
}

TEST(MmsrvFile, FileMmapRefusesWhatItCannotMap) {
  MmOs os;
  os.client("a", kBadgeA, [&] {
    MmsrvClient mm;
    uint64_t va = 0;
    EXPECT_EQ(mm.file_mmap(0, kPage, kRW, kMAP_SHARED, 0, kFile, &va), kENOENT);  // not registered
    ASSERT_EQ(register_self(mm, 1), 0);
    EXPECT_EQ(mm.file_mmap(0, kPage, kRW, kMAP_SHARED, 0, kFile, &va), kENOENT);  // no such segment
    ASSERT_EQ(mm.shm_create(kFile, 2), 0);
    EXPECT_EQ(mm.file_mmap(0, kPage, kRW, kMAP_SHARED | kMAP_ANONYMOUS, 0, kFile, &va), kEINVAL);
    EXPECT_EQ(mm.file_mmap(0, kPage, kRW, kMAP_SHARED | kMAP_PRIVATE, 0, kFile, &va), kEINVAL);
    EXPECT_EQ(mm.file_mmap(0, kPage, kRW, 0, 0, kFile, &va), kEINVAL);
    EXPECT_EQ(mm.file_mmap(0, kPage, kRW, kMAP_SHARED, 100, kFile, &va), kEINVAL);        // offset unaligned
    EXPECT_EQ(mm.file_mmap(0, 2 * kPage, kRW, kMAP_SHARED, kPage, kFile, &va), kEINVAL);  // past the segment
    EXPECT_EQ(mm.file_mmap(0, 0, kRW, kMAP_SHARED, 0, kFile, &va), kEINVAL);
    EXPECT_EQ(mm.file_mmap(0, kPage, kPROT_WRITE | kPROT_EXEC, kMAP_SHARED, 0, kFile, &va), kEINVAL);
    ASSERT_EQ(mm.file_mmap(kMmapBase, kPage, kPROT_READ, kMAP_SHARED | kMAP_FIXED, 0, kFile, &va), 0);
    EXPECT_EQ(va, kMmapBase);
    EXPECT_EQ(mm.file_mmap(kMmapBase, kPage, kPROT_READ, kMAP_SHARED | kMAP_FIXED, 0, kFile, &va), kEEXIST);
    trona::MmFileRange r;
    EXPECT_EQ(mm.file_range(kMmapBase + 1, 5, &r), kEINVAL);  // msync's address is page aligned
    ASSERT_EQ(mm.munmap(kMmapBase, kPage), 0);
    EXPECT_EQ(mm.shm_destroy(kFile), 0);  // nothing maps it any more
  });
  EXPECT_TRUE(os.run());
}

}  // namespace
}  // namespace mmt
