// The POSIX file layer (trona/posix/file.h) against a fake VFS over real
// IPC: chunking, short transfers, EOF, errno mapping, RESTART/INTERRUPTED,
// stat fields, directory streams, umask on create.
#include <gtest/gtest.h>

#include <string>

#include "posix_world.h"
#include "trona/posix/errno.h"
#include "trona/posix/file.h"
#include "uapi/linux_numbers.h"
#include "uapi/vfs.h"

namespace {

namespace px = trona::posix;
using namespace uapi::vfs;
using vfstest::errno_of;
using vfstest::PosixWorld;

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i * 7 % 26);
  return s;
}

TEST(PosixFile, AThousandBytesGoOutAndComeBackInChunks) {
  PosixWorld w;
  const std::string data = pattern(1000);
  std::string back(1000, '\0'), middle(10, '\0');
  std::size_t writes = 0, reads = 0, pwrites = 0;
  w.client("writer", [&] {
    int fd = px::open("/data", uapi::kO_CREAT | uapi::kO_RDWR, 0666);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(px::write(fd, data.data(), 1000), 1000);
    writes = w.vfs.count(VFS_WRITE);
    EXPECT_EQ(px::lseek(fd, 0, uapi::kSEEK_SET), 0);
    EXPECT_EQ(px::read(fd, back.data(), 1000), 1000);
    reads = w.vfs.count(VFS_READ);
    EXPECT_EQ(px::read(fd, back.data(), 1000), 0);  // EOF
    EXPECT_EQ(px::pread(fd, middle.data(), 10, 500), 10);
    EXPECT_EQ(px::lseek(fd, 0, uapi::kSEEK_CUR), 1000);  // pread leaves the offset
    EXPECT_EQ(px::pwrite(fd, data.data(), 300, 100), 300);
    pwrites = w.vfs.count(VFS_PWRITE);
    EXPECT_EQ(px::close(fd), 0);
  });
  ASSERT_TRUE(w.run());
  EXPECT_EQ(writes, 7u);  // ceil(1000 / 144)
  EXPECT_EQ(reads, 7u);   // ceil(1000 / 152)
  EXPECT_EQ(pwrites, 3u);  // ceil(300 / 136)
  EXPECT_EQ(back, data);
  EXPECT_EQ(middle, data.substr(500, 10));
  EXPECT_EQ(w.vfs.nodes["/data"].data, data.substr(0, 100) + data.substr(0, 300) + data.substr(400));
  for (const lib::Request& rq : w.vfs.requests) EXPECT_LE(rq.length, 20u) << rq.label;
  // Each WRITE: MR0 fd, MR1 count, data from MR2; the last one carries 136 bytes.
  const lib::Request* last_write = nullptr;
  for (const lib::Request& rq : w.vfs.requests)
    if (rq.label == VFS_WRITE) last_write = &rq;
  ASSERT_NE(last_write, nullptr);
  EXPECT_EQ(last_write->mr[1], 1000u - 6 * 144);
  EXPECT_EQ(last_write->length, 2 + (1000u - 6 * 144 + 7) / 8);
}

TEST(PosixFile, AShortReadOrWriteEndsTheLoop) {
  PosixWorld w;
  w.vfs.add_file("/slow", pattern(100));
  w.vfs.add_file("/small", "").capacity = 50;
  w.vfs.max_read_reply = 10;
  w.client("reader", [&] {
    char buf[100];
    int fd = px::open("/slow", uapi::kO_RDONLY);
    EXPECT_EQ(px::read(fd, buf, 100), 10);  // the first chunk came back short
    EXPECT_EQ(w.vfs.count(VFS_READ), 1u);
    EXPECT_EQ(std::string(buf, 10), pattern(100).substr(0, 10));
    int small = px::open("/small", uapi::kO_WRONLY);
    EXPECT_EQ(px::write(small, pattern(300).data(), 300), 50);  // room for 50 only
    EXPECT_EQ(w.vfs.count(VFS_WRITE), 1u);
    EXPECT_EQ(px::read(px::open("/small", uapi::kO_RDONLY), buf, 0), 0);  // zero count: still one message
    EXPECT_EQ(w.vfs.count(VFS_READ), 2u);
  });
  ASSERT_TRUE(w.run());
}

TEST(PosixFile, ServerErrorsBecomeErrno) {
  PosixWorld w;
  w.vfs.add_file("/secret", "x", 0);
  w.vfs.add_file("/readonly", "x", 0444);
  w.vfs.add_dir("/d");
  w.vfs.add_file("/d/f", "x");
  w.client("prober", [&] {
    EXPECT_EQ(errno_of([] { return px::open("/missing", uapi::kO_RDONLY); }), uapi::kENOENT);
    EXPECT_EQ(errno_of([] { return px::open("/secret", uapi::kO_RDONLY); }), uapi::kEACCES);
    EXPECT_EQ(errno_of([] { return px::open("/readonly", uapi::kO_RDWR); }), uapi::kEACCES);
    EXPECT_EQ(errno_of([] { return px::open("/d", uapi::kO_WRONLY); }), uapi::kEISDIR);
    EXPECT_EQ(errno_of([] { return px::open("/d/f", uapi::kO_CREAT | uapi::kO_EXCL | uapi::kO_RDWR, 0644); }),
              uapi::kEEXIST);
    EXPECT_EQ(errno_of([] { return px::access("/secret", uapi::kR_OK); }), uapi::kEACCES);
    EXPECT_EQ(px::access("/readonly", uapi::kR_OK), 0);
    EXPECT_EQ(px::access("/readonly", uapi::kF_OK), 0);
    EXPECT_EQ(errno_of([] { return px::access("/readonly", 8); }), uapi::kEINVAL);  // not R/W/X
    char buf[8];
    EXPECT_EQ(errno_of([&] { return px::read(99, buf, 8); }), uapi::kEBADF);  // the server does not know it
    EXPECT_EQ(errno_of([] { return px::close(99); }), uapi::kEBADF);
    int ro = px::open("/readonly", uapi::kO_RDONLY);
    EXPECT_EQ(errno_of([&] { return px::write(ro, "x", 1); }), uapi::kEBADF);
    EXPECT_EQ(errno_of([&] { return px::lseek(ro, 0, 7); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([&] { return px::lseek(ro, -5, uapi::kSEEK_SET); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([] { return px::mkdir("/d", 0755); }), uapi::kEEXIST);
    EXPECT_EQ(errno_of([] { return px::mkdir("/nope/sub", 0755); }), uapi::kENOENT);
    EXPECT_EQ(errno_of([] { return px::rmdir("/d"); }), uapi::kENOTEMPTY);
    EXPECT_EQ(errno_of([] { return px::rmdir("/d/f"); }), uapi::kENOTDIR);
    EXPECT_EQ(errno_of([] { return px::unlink("/d"); }), uapi::kEISDIR);
    EXPECT_EQ(errno_of([] { return px::unlink("/missing"); }), uapi::kENOENT);
    EXPECT_EQ(errno_of([] { return px::rename("/missing", "/x"); }), uapi::kENOENT);
    EXPECT_EQ(errno_of([] { return px::fsync(99); }), uapi::kEBADF);
    EXPECT_EQ(errno_of([&] { return px::ftruncate(ro, -1); }), uapi::kEINVAL);
  });
  ASSERT_TRUE(w.run());
}

TEST(PosixFile, BadArgumentsFailWithoutAMessage) {
  PosixWorld w;
  w.client("prober", [&] {
    char buf[8];
    const std::string long_path = "/" + std::string(200, 'p');
    EXPECT_EQ(errno_of([&] { return px::read(-1, buf, 8); }), uapi::kEBADF);
    EXPECT_EQ(errno_of([&] { return px::write(-3, buf, 8); }), uapi::kEBADF);
    EXPECT_EQ(errno_of([&] { return px::read(3, nullptr, 8); }), uapi::kEFAULT);
    EXPECT_EQ(errno_of([] { return px::open(nullptr, 0); }), uapi::kEFAULT);
    EXPECT_EQ(errno_of([&] { return px::pread(3, buf, 8, -1); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([&] { return px::pwrite(3, buf, 8, -1); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([&] { return px::open(long_path.c_str(), 0); }), uapi::kENAMETOOLONG);
    EXPECT_EQ(errno_of([&] { return px::rename("/a", long_path.substr(0, 70).c_str()); }), uapi::kENAMETOOLONG);
    EXPECT_EQ(errno_of([] { return px::openat(-5, "x", 0); }), uapi::kEBADF);
    EXPECT_EQ(errno_of([] { return px::stat("/x", nullptr); }), uapi::kEFAULT);
  });
  ASSERT_TRUE(w.run());
  EXPECT_TRUE(w.vfs.requests.empty());
}

TEST(PosixFile, RestartIsResentAndInterruptedOnlyWhenSafe) {
  PosixWorld w;
  w.vfs.add_file("/f", "0123456789");
  std::size_t stats_sent = 0;
  px::ssize_t partial = 0, interrupted = 0;
  int interrupted_errno = 0, stat_result = -1;
  w.client("client", [&] {
    px::Stat st{};
    w.vfs.restart_replies = 2;
    stat_result = px::stat("/f", &st);
    stats_sent = w.vfs.count(VFS_POSIX_STAT);
    int fd = px::open("/f", uapi::kO_WRONLY);
    w.vfs.restart_replies = 1;  // a non-idempotent write is resent too: the server did nothing
    EXPECT_EQ(px::write(fd, "AB", 2), 2);
    w.vfs.interrupt_after = 1;  // the second chunk is interrupted: the first one counts
    w.vfs.interrupted_replies = 1;
    partial = px::write(fd, pattern(300).data(), 300);
    w.vfs.interrupted_replies = 1;
    px::errno_ref() = 0;
    interrupted = px::write(fd, "x", 1);
    interrupted_errno = px::errno_ref();
  });
  ASSERT_TRUE(w.run());
  EXPECT_EQ(stat_result, 0);
  EXPECT_EQ(stats_sent, 3u);
  EXPECT_EQ(partial, 144);
  EXPECT_EQ(interrupted, -1);
  EXPECT_EQ(interrupted_errno, uapi::kEINTR);
  EXPECT_EQ(w.vfs.nodes["/f"].data.substr(0, 2), "AB");
  EXPECT_EQ(w.vfs.nodes["/f"].data.size(), 2u + 144u);
}

TEST(PosixFile, StatFillsStructStat) {
  PosixWorld w;
  w.vfs.add_file("/f", pattern(1000), 0640);
  w.vfs.add_dir("/d", 0711);
  px::Stat st{}, fst{}, dst{};
  w.client("stat", [&] {
    EXPECT_EQ(px::stat("/f", &st), 0);
    int fd = px::open("/f", uapi::kO_RDONLY);
    EXPECT_EQ(px::fstat(fd, &fst), 0);
    EXPECT_EQ(px::lstat("/d", &dst), 0);
    EXPECT_EQ(errno_of([] { px::Stat s; return px::stat("/none", &s); }), uapi::kENOENT);
    EXPECT_EQ(errno_of([] { px::Stat s; return px::fstat(42, &s); }), uapi::kEBADF);
  });
  ASSERT_TRUE(w.run());
  EXPECT_EQ(st.st_mode, uapi::kS_IFREG | 0640);
  EXPECT_EQ(st.st_size, 1000);
  EXPECT_EQ(st.st_ino, w.vfs.nodes["/f"].ino);
  EXPECT_EQ(st.st_nlink, 1u);
  EXPECT_EQ(st.st_uid, 1000u);
  EXPECT_EQ(st.st_gid, 100u);
  EXPECT_EQ(st.st_mtim.tv_sec, 1'700'000'000u);
  EXPECT_EQ(st.st_mtim.tv_nsec, 123'456'789u);
  EXPECT_EQ(st.st_atim.tv_sec, st.st_mtim.tv_sec);
  EXPECT_EQ(st.st_blocks, 2);
  EXPECT_EQ(st.st_blksize, 4096);
  EXPECT_EQ(fst.st_ino, st.st_ino);
  EXPECT_EQ(fst.st_size, st.st_size);
  EXPECT_EQ(dst.st_mode, uapi::kS_IFDIR | 0711);
}

TEST(PosixFile, StatTypeBitsComeFromTheTypeWordWhenTheModeLacksThem) {
  uapi::TronaStat w{7, 0755, 2, 0, 0, 0, 0, static_cast<std::uint64_t>(uapi::kDT_DIR)};
  EXPECT_EQ(px::stat_from_wire(w).st_mode, uapi::kS_IFDIR | 0755);
  w.type = uapi::kDT_LNK;
  EXPECT_EQ(px::stat_from_wire(w).st_mode, uapi::kS_IFLNK | 0755);
  w.mode = uapi::kS_IFREG | 0600;  // the mode's own type wins
  EXPECT_EQ(px::stat_from_wire(w).st_mode, uapi::kS_IFREG | 0600);
}

TEST(PosixFile, ReaddirWalksToTheEnd) {
  PosixWorld w;
  w.vfs.add_dir("/d");
  w.vfs.add_file("/d/a", "");
  w.vfs.add_file("/d/bb", "");
  w.vfs.add_dir("/d/c");
  w.vfs.add_file("/d/c/deeper", "");
  std::vector<std::pair<std::string, int>> seen;
  int end_errno = -1;
  w.client("lister", [&] {
    px::DIR* d = px::opendir("/d");
    ASSERT_NE(d, nullptr);
    while (px::dirent* e = px::readdir(d)) {
      EXPECT_EQ(e->d_namlen, std::string(e->d_name).size());
      seen.emplace_back(e->d_name, e->d_type);
    }
    end_errno = px::errno_ref();
    EXPECT_EQ(px::readdir(d), nullptr);  // stays at the end
    EXPECT_EQ(px::closedir(d), 0);
    EXPECT_EQ(errno_of([&] { return px::closedir(d); }), uapi::kEBADF);
    px::errno_ref() = 0;
    EXPECT_EQ(px::readdir(d), nullptr);
    EXPECT_EQ(px::errno_ref(), uapi::kEBADF);
    EXPECT_EQ(px::opendir("/d/a"), nullptr);
    EXPECT_EQ(px::errno_ref(), uapi::kENOTDIR);
    EXPECT_EQ(px::opendir("/none"), nullptr);
    EXPECT_EQ(px::errno_ref(), uapi::kENOENT);
  });
  ASSERT_TRUE(w.run());
  std::vector<std::pair<std::string, int>> want = {
      {"a", uapi::kDT_REG}, {"bb", uapi::kDT_REG}, {"c", uapi::kDT_DIR}};
  EXPECT_EQ(seen, want);
  EXPECT_EQ(end_errno, 0);  // the end is not an error
}

TEST(PosixFile, DirStreamsRunOutAtTheTableSize) {
  PosixWorld w;
  w.vfs.add_dir("/d");
  w.client("hoarder", [&] {
    px::DIR* dirs[px::kMaxDirStreams];
    for (auto& d : dirs) ASSERT_NE(d = px::opendir("/d"), nullptr);
    EXPECT_EQ(px::opendir("/d"), nullptr);
    EXPECT_EQ(px::errno_ref(), uapi::kEMFILE);
    EXPECT_EQ(px::closedir(dirs[3]), 0);
    EXPECT_NE(px::opendir("/d"), nullptr);  // a slot is free again
  });
  ASSERT_TRUE(w.run());
}

TEST(PosixFile, CreateModesAreUmasked) {
  PosixWorld w(027);
  std::uint64_t file_mode = 0, dir_mode = 0, plain_open_mode = 1;
  w.client("creator", [&] {
    ASSERT_GE(px::open("/new", uapi::kO_CREAT | uapi::kO_WRONLY, 0666), 0);
    file_mode = w.vfs.last_create_mode;
    ASSERT_EQ(px::mkdir("/newdir", 0777), 0);
    dir_mode = w.vfs.last_create_mode;
    ASSERT_GE(px::open("/new", uapi::kO_RDONLY, 0777), 0);
    plain_open_mode = w.vfs.requests.back().mr[0];  // no O_CREAT: mode 0 on the wire
  });
  ASSERT_TRUE(w.run());
  EXPECT_EQ(file_mode, 0640u);
  EXPECT_EQ(dir_mode, 0750u);
  EXPECT_EQ(plain_open_mode, 0u);
}

TEST(PosixFile, WithoutProcmgrTheDefaultUmaskApplies) {
  PosixWorld w(0);
  w.procmgr_present = false;
  std::uint64_t mode = 0;
  w.client("creator", [&] {
    ASSERT_GE(px::open("/new", uapi::kO_CREAT | uapi::kO_WRONLY, 0666), 0);
    mode = w.vfs.last_create_mode;
  });
  ASSERT_TRUE(w.run());
  EXPECT_EQ(mode, 0644u);
}

TEST(PosixFile, OpenatResolvesAgainstTheDirectoryFd) {
  PosixWorld w;
  w.vfs.add_dir("/d");
  w.client("client", [&] {
    ASSERT_GE(px::openat(uapi::kAT_FDCWD, "top", uapi::kO_CREAT | uapi::kO_WRONLY, 0644), 0);
    int dfd = px::open("/d", uapi::kO_RDONLY);
    ASSERT_GE(dfd, 0);
    ASSERT_GE(px::openat(dfd, "inner", uapi::kO_CREAT | uapi::kO_WRONLY, 0644), 0);
    EXPECT_EQ(errno_of([] { return px::openat(77, "x", uapi::kO_RDONLY); }), uapi::kEBADF);
  });
  ASSERT_TRUE(w.run());
  EXPECT_TRUE(w.vfs.nodes.count("/top"));
  EXPECT_TRUE(w.vfs.nodes.count("/d/inner"));
  const lib::Request* first = nullptr;
  for (const lib::Request& rq : w.vfs.requests)
    if (rq.label == VFS_POSIX_OPENAT && !first) first = &rq;
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->mr[0], 0xFFFFFF9Cu);  // AT_FDCWD as u32
}

TEST(PosixFile, TruncateSyncRenameUnlink) {
  PosixWorld w;
  w.vfs.add_file("/f", pattern(100));
  w.client("client", [&] {
    int fd = px::open("/f", uapi::kO_RDWR);
    EXPECT_EQ(px::ftruncate(fd, 10), 0);
    EXPECT_EQ(px::fsync(fd), 0);
    EXPECT_EQ(px::close(fd), 0);
    EXPECT_EQ(px::rename("/f", "/g"), 0);
    EXPECT_EQ(px::mkdir("/e", 0755), 0);
    EXPECT_EQ(px::rmdir("/e"), 0);
  });
  ASSERT_TRUE(w.run());
  ASSERT_TRUE(w.vfs.nodes.count("/g"));
  EXPECT_FALSE(w.vfs.nodes.count("/f"));
  EXPECT_FALSE(w.vfs.nodes.count("/e"));
  EXPECT_EQ(w.vfs.nodes["/g"].data, pattern(10));
}

}  // namespace
