// The VFS stubs the POSIX layer does not use yet (*at family, links,
// times, bulk), checked on the wire: the fake VFS keeps each request, the
// layouts are those of kernel-abi.md §3.2. Labels the fake does not
// implement answer INVALID_OPERATION (EPERM); the others fail on the
// made-up dirfds (EBADF), which is fine here.
#include <gtest/gtest.h>

#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "posix_world.h"
#include "trona/clients/vfs_client.h"
#include "uapi/linux_numbers.h"
#include "uapi/posix.h"
#include "uapi/vfs.h"

namespace {

using namespace uapi::vfs;
using vfstest::PosixWorld;

constexpr std::uint64_t kCwd = 0xFFFFFF9C;

std::string bytes(const lib::Request& rq, std::size_t first, std::size_t n) {
  std::string s(n, '\0');
  std::memcpy(s.data(), &rq.mr[first], n);
  return s;
}

const lib::Request& find(const PosixWorld& w, std::uint64_t label) {
  for (const lib::Request& rq : w.vfs.requests)
    if (rq.label == label) return rq;
  static lib::Request none;
  ADD_FAILURE() << "no request with label " << label;
  return none;
}

// Every request with `label`, in order.
std::vector<const lib::Request*> find_all(const PosixWorld& w, std::uint64_t label) {
  std::vector<const lib::Request*> out;
  for (const lib::Request& rq : w.vfs.requests)
    if (rq.label == label) out.push_back(&rq);
  return out;
}

// A request of fixed words: exactly `words`.
void expect_mrs(const lib::Request& rq, std::initializer_list<std::uint64_t> words) {
  EXPECT_EQ(rq.length, words.size()) << rq.label;
  std::size_t i = 0;
  for (std::uint64_t want : words) EXPECT_EQ(rq.mr[i++], want) << rq.label << " MR" << i - 1;
}

TEST(VfsClientWire, AtFamilyLayouts) {
  PosixWorld w;
  w.client("client", [&] {
    trona::VfsClient vfs;
    uapi::TronaStat st{};
    EXPECT_EQ(vfs.fstatat(5, "rel", uapi::kAT_SYMLINK_NOFOLLOW, &st), uapi::kEBADF);  // no such dirfd
    EXPECT_EQ(vfs.unlinkat(uapi::kAT_FDCWD, "gone", uapi::kAT_REMOVEDIR), uapi::kENOENT);
    EXPECT_EQ(vfs.renameat(6, "old", 7, "new-name"), uapi::kEBADF);
    EXPECT_EQ(vfs.mkdirat(8, "dir", 0700), uapi::kEBADF);
    EXPECT_EQ(vfs.faccessat(9, "acc", uapi::kW_OK, uapi::kAT_EMPTY_PATH), uapi::kEBADF);
    EXPECT_EQ(vfs.fchmodat(10, "mod", 0600, 0), uapi::kEPERM);
    EXPECT_EQ(vfs.fchownat(11, "own", 1000, 100, uapi::kAT_SYMLINK_NOFOLLOW), uapi::kEPERM);
    EXPECT_EQ(vfs.linkat(12, "from", 13, "to", uapi::kAT_SYMLINK_FOLLOW), uapi::kEPERM);
    EXPECT_EQ(vfs.symlinkat("target", uapi::kAT_FDCWD, "link"), uapi::kEPERM);
    trona::VfsTimes t{1, 2, 3, uapi::kUTIME_OMIT};
    EXPECT_EQ(vfs.utimensat(14, "times", &t, 0), uapi::kEPERM);
    EXPECT_EQ(vfs.utimensat(14, "now", nullptr, 0), uapi::kEPERM);
    EXPECT_EQ(vfs.symlinkat(std::string(65, 't').c_str(), 1, "l"), uapi::kENAMETOOLONG);  // > 64
  });
  ASSERT_TRUE(w.run());

  const lib::Request& fa = find(w, VFS_POSIX_FSTATAT);
  EXPECT_EQ(fa.mr[0], 5u);
  EXPECT_EQ(fa.mr[1], static_cast<std::uint64_t>(uapi::kAT_SYMLINK_NOFOLLOW));
  EXPECT_EQ(fa.mr[2], 3u);
  EXPECT_EQ(bytes(fa, 3, 3), "rel");
  const lib::Request& ul = find(w, VFS_POSIX_UNLINKAT);
  EXPECT_EQ(ul.mr[0], kCwd);
  EXPECT_EQ(ul.mr[1], static_cast<std::uint64_t>(uapi::kAT_REMOVEDIR));
  const lib::Request& rn = find(w, VFS_POSIX_RENAMEAT);
  EXPECT_EQ(rn.mr[0], 6u);
  EXPECT_EQ(rn.mr[1], 7u);
  EXPECT_EQ(rn.mr[2], 3u);
  EXPECT_EQ(rn.mr[3], 8u);
  EXPECT_EQ(bytes(rn, 4, 3), "old");
  EXPECT_EQ(bytes(rn, 5, 8), "new-name");  // the second path starts at the next word
  EXPECT_EQ(rn.length, 6u);
  const lib::Request& md = find(w, VFS_POSIX_MKDIRAT);
  EXPECT_EQ(md.mr[1], 0700u);
  EXPECT_EQ(bytes(md, 3, 3), "dir");
  const lib::Request& ac = find(w, VFS_POSIX_FACCESSAT);
  EXPECT_EQ(ac.mr[1], static_cast<std::uint64_t>(uapi::kW_OK));
  EXPECT_EQ(ac.mr[2], static_cast<std::uint64_t>(uapi::kAT_EMPTY_PATH));
  EXPECT_EQ(bytes(ac, 4, 3), "acc");
  const lib::Request& ch = find(w, VFS_POSIX_FCHOWNAT);
  EXPECT_EQ(ch.mr[1], 1000u);
  EXPECT_EQ(ch.mr[2], 100u);
  EXPECT_EQ(ch.mr[4], 3u);
  const lib::Request& ln = find(w, VFS_POSIX_LINKAT);
  EXPECT_EQ(ln.mr[2], static_cast<std::uint64_t>(uapi::kAT_SYMLINK_FOLLOW));
  EXPECT_EQ(ln.mr[3], 4u);
  EXPECT_EQ(ln.mr[4], 2u);
  EXPECT_EQ(bytes(ln, 5, 4), "from");
  EXPECT_EQ(bytes(ln, 6, 2), "to");
  const lib::Request& sl = find(w, VFS_POSIX_SYMLINKAT);
  EXPECT_EQ(sl.length, 19u);
  EXPECT_EQ(sl.mr[0], kCwd);
  EXPECT_EQ(sl.mr[1], 6u);
  EXPECT_EQ(bytes(sl, 2, 6), "target");
  EXPECT_EQ(sl.mr[10], 4u);
  EXPECT_EQ(bytes(sl, 11, 4), "link");
  EXPECT_EQ(w.vfs.count(VFS_POSIX_SYMLINKAT), 1u);  // the long target never left
  const std::vector<const lib::Request*> times = find_all(w, VFS_POSIX_UTIMENSAT);
  ASSERT_EQ(times.size(), 2u);
  EXPECT_EQ(times[0]->mr[2], 1u);
  EXPECT_EQ(times[0]->mr[3], 2u);
  EXPECT_EQ(times[0]->mr[4], 3u);
  EXPECT_EQ(times[0]->mr[5], static_cast<std::uint64_t>(uapi::kUTIME_OMIT));
  EXPECT_EQ(bytes(*times[0], 7, 5), "times");
  EXPECT_EQ(times[1]->mr[3], static_cast<std::uint64_t>(uapi::kUTIME_NOW));
  EXPECT_EQ(times[1]->mr[5], static_cast<std::uint64_t>(uapi::kUTIME_NOW));
}

TEST(VfsClientWire, ReadlinkAndBulk) {
  PosixWorld w;
  std::string link;
  std::size_t got = 0, truncated = 0, bulk_read = 0, bulk_written = 0;
  char small[4];
  w.client("client", [&] {
    trona::VfsClient vfs;
    char buf[64];
    ASSERT_EQ(vfs.readlinkat(uapi::kAT_FDCWD, "l", buf, sizeof buf, &got), 0);
    link.assign(buf, got);
    ASSERT_EQ(vfs.readlinkat(uapi::kAT_FDCWD, "l", small, sizeof small, &truncated), 0);  // readlink truncates
    EXPECT_EQ(vfs.bulk_setup(0x42'0000'0007, 256), 0);
    EXPECT_EQ(vfs.bulk_read(3, 4096, 8192, &bulk_read), 0);
    EXPECT_EQ(vfs.bulk_pwrite(3, 5000, 100, 0, &bulk_written), 0);
  });
  ASSERT_TRUE(w.run());
  EXPECT_EQ(link, "/real/target");
  EXPECT_EQ(truncated, 4u);
  EXPECT_EQ(std::string(small, 4), "/rea");
  EXPECT_EQ(bulk_read, 100u);
  EXPECT_EQ(bulk_written, 5000u);
  const lib::Request& setup = find(w, VFS_BULK_SETUP);
  EXPECT_EQ(setup.mr[0], 0x42'0000'0007u);
  EXPECT_EQ(setup.mr[1], 256u);
  const lib::Request& br = find(w, VFS_BULK_READ);
  EXPECT_EQ(br.mr[1], 4096u);
  EXPECT_EQ(br.mr[2], 8192u);
  const lib::Request& bw = find(w, VFS_BULK_PWRITE);
  EXPECT_EQ(bw.mr[1], 5000u);
  EXPECT_EQ(bw.mr[2], 100u);
  EXPECT_EQ(bw.mr[3], 0u);
}

// The fd-table, cwd and fd-metadata stubs (vfs_client_fds.cpp): each
// label's registers; the fake answers PIPE/DUP*/FCNTL/GETCWD and refuses
// the rest (EPERM).
TEST(VfsClientWire, FdTableLayouts) {
  PosixWorld w;
  w.vfs.add_file("/f", "x");
  int rd = -1, wr = -1, dup = -1, dup2 = -1, dup3 = -1;
  std::string cwd;
  w.client("client", [&] {
    trona::VfsClient vfs;
    int fd = -1;
    ASSERT_EQ(vfs.open("/f", uapi::kO_RDONLY, 0, &fd), 0);
    EXPECT_EQ(vfs.pipe(uapi::kO_NONBLOCK | uapi::kO_CLOEXEC, &rd, &wr), 0);
    EXPECT_EQ(vfs.dup(fd, &dup), 0);
    EXPECT_EQ(vfs.dup2(fd, 12, &dup2), 0);
    EXPECT_EQ(vfs.dup3(fd, 13, uapi::kO_CLOEXEC, &dup3), 0);
    EXPECT_EQ(vfs.dup(99, &dup), uapi::kEBADF);  // unchanged on failure
    std::uint64_t res = 1;
    EXPECT_EQ(vfs.fcntl(fd, uapi::kF_GETFD, 0, &res), 0);
    EXPECT_EQ(res, 0u);
    EXPECT_EQ(vfs.fcntl(99, uapi::kF_SETFL, uapi::kO_APPEND, &res), uapi::kEBADF);
    bool tty = true;
    EXPECT_EQ(vfs.isatty(fd, &tty), uapi::kEPERM);
    EXPECT_EQ(vfs.mkfifo("fifo", 0640), uapi::kEPERM);
    EXPECT_EQ(vfs.chdir(uapi::kAT_FDCWD, "sub/dir"), uapi::kEPERM);
    EXPECT_EQ(vfs.chdir(fd, ""), uapi::kEPERM);
    char buf[16];
    std::size_t len = 0;
    ASSERT_EQ(vfs.getcwd(buf, sizeof buf, &len), 0);
    cwd.assign(buf, len);
    EXPECT_EQ(buf[len], '\0');
    char small[10];  // "/home/user" + NUL needs 11
    EXPECT_EQ(vfs.getcwd(small, sizeof small, &len), uapi::kERANGE);
    EXPECT_EQ(vfs.fchmod(fd, 0604), uapi::kEPERM);
    EXPECT_EQ(vfs.fchown(fd, 0xFFFFFFFF, 100), uapi::kEPERM);
    EXPECT_EQ(vfs.mkfifo(std::string(129, 'p').c_str(), 0600), uapi::kENAMETOOLONG);
    EXPECT_EQ(vfs.chdir(uapi::kAT_FDCWD, std::string(129, 'c').c_str()), uapi::kENAMETOOLONG);
  });
  ASSERT_TRUE(w.run());
  EXPECT_EQ(rd, 7);
  EXPECT_EQ(wr, 8);
  EXPECT_EQ(dup, 9);
  EXPECT_EQ(dup2, 12);
  EXPECT_EQ(dup3, 13);
  EXPECT_EQ(cwd, "/home/user");
  const std::uint64_t fd = 3;  // the fake's first fd
  const auto u = [](std::int64_t v) { return static_cast<std::uint64_t>(v); };
  expect_mrs(find(w, VFS_POSIX_PIPE), {u(uapi::kO_NONBLOCK | uapi::kO_CLOEXEC)});
  expect_mrs(find(w, VFS_POSIX_DUP), {fd});
  expect_mrs(find(w, VFS_POSIX_DUP2), {fd, 12});
  expect_mrs(find(w, VFS_POSIX_DUP3), {fd, 13, u(uapi::kO_CLOEXEC)});
  expect_mrs(find(w, uapi::posix::VFS_POSIX_FCNTL), {fd, u(uapi::kF_GETFD), 0});
  expect_mrs(find(w, uapi::posix::VFS_POSIX_ISATTY), {fd});
  expect_mrs(find(w, VFS_POSIX_GETCWD), {});
  expect_mrs(find(w, VFS_POSIX_FCHMOD), {fd, 0604});
  expect_mrs(find(w, VFS_POSIX_FCHOWN), {fd, 0xFFFFFFFF, 100});
  const lib::Request& ff = find(w, VFS_POSIX_MKFIFO);
  EXPECT_EQ(ff.mr[0], 0640u);
  EXPECT_EQ(ff.mr[1], 4u);
  EXPECT_EQ(bytes(ff, 2, 4), "fifo");
  EXPECT_EQ(w.vfs.count(VFS_POSIX_MKFIFO), 1u);  // the long path never left
  const std::vector<const lib::Request*> chdirs = find_all(w, VFS_POSIX_CHDIR);
  ASSERT_EQ(chdirs.size(), 2u);
  EXPECT_EQ(chdirs[0]->mr[0], kCwd);
  EXPECT_EQ(chdirs[0]->mr[1], 7u);
  EXPECT_EQ(bytes(*chdirs[0], 2, 7), "sub/dir");
  EXPECT_EQ(chdirs[1]->mr[0], fd);  // fchdir: the fd and an empty path
  EXPECT_EQ(chdirs[1]->mr[1], 0u);
  EXPECT_EQ(chdirs[1]->length, 2u);
}

}  // namespace
