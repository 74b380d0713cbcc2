// The *at family of the POSIX file layer against the fake VFS: relative
// paths resolved from a directory fd or AT_FDCWD, flags, errors.
#include <gtest/gtest.h>

#include <string>

#include "posix_world.h"
#include "trona/posix/errno.h"
#include "trona/posix/file.h"
#include "uapi/linux_numbers.h"

namespace {

namespace px = trona::posix;
using vfstest::errno_of;
using vfstest::PosixWorld;

constexpr int kCwd = static_cast<int>(uapi::kAT_FDCWD);

TEST(PosixAt, RelativePathsFollowTheDirectoryFd) {
  PosixWorld w(022);
  w.vfs.add_dir("/d");
  w.vfs.add_file("/d/f", "12345", 0640);
  w.vfs.add_dir("/d/sub");
  px::Stat st{};
  std::uint64_t made_mode = 0;
  std::string link;
  w.client("client", [&] {
    int d = px::open("/d", uapi::kO_RDONLY);
    ASSERT_GE(d, 0);
    EXPECT_EQ(px::fstatat(d, "f", &st, 0), 0);
    EXPECT_EQ(px::faccessat(d, "f", uapi::kR_OK | uapi::kW_OK, 0), 0);
    EXPECT_EQ(errno_of([&] { return px::faccessat(d, "f", uapi::kX_OK, 0); }), uapi::kEACCES);
    EXPECT_EQ(px::mkdirat(d, "new", 0777), 0);
    made_mode = w.vfs.last_create_mode;
    EXPECT_EQ(px::renameat(d, "f", kCwd, "moved"), 0);  // into the working directory (/)
    EXPECT_EQ(px::unlinkat(kCwd, "moved", 0), 0);
    EXPECT_EQ(px::unlinkat(d, "new", uapi::kAT_REMOVEDIR), 0);
    EXPECT_EQ(errno_of([&] { return px::unlinkat(d, "sub", 0); }), uapi::kEISDIR);  // a directory needs AT_REMOVEDIR
    char buf[64];
    px::ssize_t n = px::readlink("/d/anything", buf, sizeof buf);
    ASSERT_GT(n, 0);
    link.assign(buf, static_cast<std::size_t>(n));
  });
  ASSERT_TRUE(w.run());
  EXPECT_EQ(st.st_size, 5);
  EXPECT_EQ(st.st_mode, uapi::kS_IFREG | 0640);
  EXPECT_EQ(made_mode, 0755u);  // umask 022
  EXPECT_FALSE(w.vfs.nodes.count("/d/f"));
  EXPECT_FALSE(w.vfs.nodes.count("/moved"));
  EXPECT_FALSE(w.vfs.nodes.count("/d/new"));
  EXPECT_TRUE(w.vfs.nodes.count("/d/sub"));
  EXPECT_EQ(link, "/real/target");
}

TEST(PosixAt, BadDirfdsFlagsAndArgumentsFailWithoutAMessage) {
  PosixWorld w;
  w.client("client", [&] {
    px::Stat st{};
    char buf[4];
    EXPECT_EQ(errno_of([&] { return px::fstatat(-7, "x", &st, 0); }), uapi::kEBADF);  // no message
    EXPECT_EQ(errno_of([&] { return px::fstatat(kCwd, "x", &st, 0x4); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([&] { return px::fstatat(kCwd, "x", nullptr, 0); }), uapi::kEFAULT);
    EXPECT_EQ(errno_of([&] { return px::unlinkat(kCwd, "x", uapi::kAT_SYMLINK_NOFOLLOW); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([&] { return px::mkdirat(-2, "x", 0755); }), uapi::kEBADF);
    EXPECT_EQ(errno_of([&] { return px::renameat(kCwd, "a", -3, "b"); }), uapi::kEBADF);
    EXPECT_EQ(errno_of([&] { return px::faccessat(kCwd, "x", 16, 0); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([&] { return px::readlinkat(kCwd, "x", buf, 0); }), uapi::kEINVAL);
    EXPECT_EQ(errno_of([&] { return px::readlinkat(kCwd, nullptr, buf, 4); }), uapi::kEFAULT);
  });
  ASSERT_TRUE(w.run());
  EXPECT_TRUE(w.vfs.requests.empty());
}

TEST(PosixAt, TheServerJudgesWhatItKnows) {
  PosixWorld w;
  w.client("client", [&] {
    px::Stat st{};
    EXPECT_EQ(errno_of([&] { return px::fstatat(42, "x", &st, 0); }), uapi::kEBADF);  // no such open dirfd
    EXPECT_EQ(errno_of([&] { return px::fstatat(kCwd, "none", &st, 0); }), uapi::kENOENT);
  });
  ASSERT_TRUE(w.run());
  EXPECT_EQ(w.vfs.requests.size(), 2u);
}

}  // namespace
