// The POSIX calls of trona/posix/fd.h against the fake VFS: the checks
// made before any message (Linux's order), the wire gaps filled on the
// client (dup2(fd, fd), truncate, futimens, mkfifoat), errno.
#include <gtest/gtest.h>

#include <string>

#include "posix_world.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "uapi/linux_numbers.h"
#include "uapi/posix.h"
#include "uapi/vfs.h"

namespace {

namespace px = trona::posix;
using namespace uapi::vfs;
using vfstest::errno_of;
using vfstest::PosixWorld;

TEST(PosixFd, LocalChecksSendNothing) {
  PosixWorld w;
  w.client("client", [&] {
    int p[2];
    EXPECT_EQ(errno_of([&] { return px::pipe2(p, uapi::kO_APPEND); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([&] { return px::pipe(nullptr); }), uapi::kEFAULT);
    EXPECT_EQ(errno_of([] { return px::dup(-1); }), uapi::kEBADF);
    EXPECT_EQ(errno_of([] { return px::dup2(3, -1); }), uapi::kEBADF);
    EXPECT_EQ(errno_of([] { return px::dup3(4, 4, 0); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([] { return px::dup3(4, 5, uapi::kO_NONBLOCK); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([] { return px::fcntl(3, 12345); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([] { return px::fcntl(3, uapi::kF_DUPFD, -1); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([] { return px::chdir(""); }), uapi::kENOENT);
    EXPECT_EQ(errno_of([] { return px::chmod(nullptr, 0); }), uapi::kEFAULT);
    EXPECT_EQ(errno_of([] { return px::symlink("", "l"); }), uapi::kENOENT);
    EXPECT_EQ(errno_of([] { return px::truncate("f", -1); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([] { return px::mkfifoat(5, "rel", 0600); }), uapi::kENOSYS);
    EXPECT_EQ(errno_of([] { return px::fchownat(-5, "x", 0, 0, 0); }), uapi::kEBADF);
    px::timespec bad[2] = {{0, 1'000'000'000}, {0, 0}};
    EXPECT_EQ(errno_of([&] { return px::utimensat(uapi::kAT_FDCWD, "f", bad, 0); }), uapi::kEINVAL);
    char buf[4];
    px::errno_ref() = 0;
    EXPECT_EQ(px::getcwd(buf, 0), nullptr);
    EXPECT_EQ(px::errno_ref(), uapi::kEINVAL);
  });
  ASSERT_TRUE(w.run());
  EXPECT_TRUE(w.vfs.requests.empty()) << w.vfs.requests.front().label;
}

TEST(PosixFd, ClientSideFillsOfTheWireGaps) {
  PosixWorld w;
  w.vfs.add_file("/f", "0123456789");
  w.client("client", [&] {
    int fd = px::open("/f", uapi::kO_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(px::dup2(fd, fd), fd);  // asks F_GETFD, sends no DUP2
    EXPECT_EQ(errno_of([] { return px::dup2(99, 99); }), uapi::kEBADF);
    EXPECT_EQ(px::truncate("/f", 4), 0);  // OPEN + FTRUNCATE + CLOSE
    char cwd[32];
    EXPECT_EQ(px::getcwd(cwd, sizeof cwd), cwd);
    EXPECT_EQ(std::string(cwd), "/home/user");
    char small[4];
    px::errno_ref() = 0;
    EXPECT_EQ(px::getcwd(small, sizeof small), nullptr);
    EXPECT_EQ(px::errno_ref(), uapi::kERANGE);
    int p[2] = {-1, -1};
    EXPECT_EQ(px::pipe(p), 0);
    EXPECT_EQ(p[0], 7);
    EXPECT_EQ(p[1], 8);
    EXPECT_EQ(px::isatty(fd), 0);  // the fake refuses ISATTY: its errno
    EXPECT_EQ(px::errno_ref(), uapi::kEPERM);
    EXPECT_EQ(errno_of([&] { return px::futimens(fd, nullptr); }), uapi::kEPERM);
  });
  ASSERT_TRUE(w.run());
  EXPECT_EQ(w.vfs.count(VFS_POSIX_DUP2), 0u);
  EXPECT_EQ(w.vfs.count(uapi::posix::VFS_POSIX_FCNTL), 2u);
  EXPECT_EQ(w.vfs.nodes["/f"].data, "0123");
  EXPECT_EQ(w.vfs.count(VFS_POSIX_FTRUNCATE), 1u);
  EXPECT_EQ(w.vfs.count(VFS_CLOSE), 1u);  // the truncate's own fd
  const lib::Request* ut = nullptr;
  for (const lib::Request& rq : w.vfs.requests)
    if (rq.label == VFS_POSIX_UTIMENSAT) ut = &rq;
  ASSERT_NE(ut, nullptr);
  EXPECT_EQ(ut->mr[1], static_cast<std::uint64_t>(uapi::kAT_EMPTY_PATH));  // futimens: fd, "", AT_EMPTY_PATH
  EXPECT_EQ(ut->mr[6], 0u);
}

}  // namespace
