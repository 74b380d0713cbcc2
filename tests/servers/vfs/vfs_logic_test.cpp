// The VFS logic (servers/fs/vfs) driven directly, without IPC: a counting
// host allocator (every block back at the end), a fake Ops that records the
// answers to deferred calls. Behaviour checked against Linux's rules.
#include <gtest/gtest.h>

#include "counting_heap.h"

#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "fs/vfs/vfs.h"
#include "uapi/linux_numbers.h"
#include "uapi/termios.h"

namespace {

using namespace vfs;

struct FakeOps final : Ops {
  int64_t t = 1'000'000'000;
  uint64_t next_slot = 100;
  bool callers_alive = true;
  std::map<uint64_t, lib::Reply> answers;  // slot -> the reply
  std::vector<uint64_t> dropped;
  std::string console;
  int64_t now_ns() override { return t += 1000; }
  uint64_t mono = 5'000'000'000;
  uint64_t monotonic_ns() override { return mono; }
  bool save_caller(uint64_t* slot) override {
    *slot = next_slot++;
    return true;
  }
  bool reply_saved(uint64_t slot, const lib::Reply& rp) override {
    if (!callers_alive) return false;
    answers[slot] = rp;
    return true;
  }
  void drop_saved(uint64_t slot) override { dropped.push_back(slot); }
  void random_bytes(char* out, size_t n) override {
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<char>(i * 7 + 1);
  }
  void console_write(const char* d, size_t n) override { console.append(d, n); }
  std::vector<uint64_t> masters_closed, slaves_closed;
  void pty_closed(uint64_t pty, bool master) override { (master ? masters_closed : slaves_closed).push_back(pty); }
  // Bulk windows: host buffers standing for the segments, at fake addresses.
  std::map<uint64_t, std::string> windows;  // va -> bytes
  std::map<uint64_t, uint64_t> va_of;  // segment -> where it was mapped
  uint64_t next_va = uint64_t{1} << 32;
  bool map_window(uint64_t shm_id, uint64_t* va) override {
    if (shm_id == 404) return false;
    *va = next_va;
    next_va += uint64_t{1} << 24;
    va_of[shm_id] = *va;
    windows[*va].resize(256 * 4096);
    return true;
  }
  void drop_window(uint64_t, uint64_t va) override { windows.erase(va); }
  // A file-system server behind slot 999: / (1) holds hello.txt (2) and
  // sub/ (3) with deep (4).
  std::vector<uint64_t> released;
  int fs_mount(uint64_t slot, uint64_t* root) override {
    if (slot != 999) return uapi::kEIO;
    *root = 1;
    return 0;
  }
  struct Ent {
    uint64_t dir;
    std::string name;
    uint64_t ino, type;
    std::string data;
  };
  std::vector<Ent> fs = {{1, "hello.txt", 2, uapi::kDT_REG, "from the server"},
                         {1, "sub", 3, uapi::kDT_DIR, ""},
                         {3, "deep", 4, uapi::kDT_REG, "deeper"}};
  uint64_t next_ino = 10;
  Ent* by_ino(uint64_t ino) {
    for (Ent& e : fs)
      if (e.ino == ino) return &e;
    return nullptr;
  }
  static FsAttrs attrs_of(const Ent& e) {
    return FsAttrs{e.ino, e.type == uapi::kDT_DIR ? 0755u : 0644u, 1, e.data.size(), 0, 0, 0, e.type};
  }
  int fs_lookup(uint64_t, uint64_t dir, lib::Str name, FsAttrs* out) override {
    for (const Ent& e : fs)
      if (e.dir == dir && name.equals(e.name.c_str())) {
        *out = attrs_of(e);
        return 0;
      }
    return uapi::kENOENT;
  }
  int fs_read(uint64_t, uint64_t ino, uint64_t off, char* out, size_t count, size_t* got) override {
    Ent* e = by_ino(ino);
    if (!e) return uapi::kENOENT;
    *got = off < e->data.size() ? std::min(count, e->data.size() - off) : 0;
    std::memcpy(out, e->data.data() + std::min<size_t>(off, e->data.size()), *got);
    return 0;
  }
  int fs_readdir(uint64_t, uint64_t dir, uint64_t cookie, uint64_t* next, uint64_t* ino, uint32_t* type, char* name,
                 size_t, size_t* len) override {
    uint64_t i = 0;
    for (const Ent& e : fs)
      if (e.dir == dir && i++ == cookie) {
        *next = cookie + 1;
        *ino = e.ino;
        *type = static_cast<uint32_t>(e.type);
        *len = e.name.size();
        std::memcpy(name, e.name.data(), *len);
        return 0;
      }
    *len = 0;
    return 0;
  }
  int fs_create(uint64_t, uint64_t dir, lib::Str name, bool directory, uint32_t, uint32_t, uint32_t,
                FsAttrs* out) override {
    for (const Ent& e : fs)
      if (e.dir == dir && name.equals(e.name.c_str())) return uapi::kEEXIST;
    fs.push_back({dir, std::string(name.data, name.size), next_ino++, directory ? uint64_t(uapi::kDT_DIR) : uint64_t(uapi::kDT_REG), ""});
    *out = attrs_of(fs.back());
    return 0;
  }
  int fs_remove(uint64_t, uint64_t dir, lib::Str name, bool) override {
    for (size_t i = 0; i < fs.size(); ++i)
      if (fs[i].dir == dir && name.equals(fs[i].name.c_str())) {
        fs.erase(fs.begin() + static_cast<long>(i));
        return 0;
      }
    return uapi::kENOENT;
  }
  int fs_write(uint64_t, uint64_t ino, uint64_t off, const char* data, size_t n, size_t* written,
               uint64_t* size) override {
    Ent* e = by_ino(ino);
    if (!e) return uapi::kENOENT;
    if (e->data.size() < off + n) e->data.resize(off + n);
    std::memcpy(e->data.data() + off, data, n);
    *written = n;
    *size = e->data.size();
    return 0;
  }
  int fs_truncate(uint64_t, uint64_t ino, uint64_t length) override {
    Ent* e = by_ino(ino);
    if (!e) return uapi::kENOENT;
    e->data.resize(length);
    return 0;
  }
  int fs_symlink(uint64_t, uint64_t dir, lib::Str name, lib::Str target, uint32_t, uint32_t, FsAttrs* out) override {
    fs.push_back({dir, std::string(name.data, name.size), next_ino++, uint64_t(uapi::kDT_LNK), std::string(target.data, target.size)});
    *out = attrs_of(fs.back());
    return 0;
  }
  int fs_readlink(uint64_t, uint64_t ino, char* out, size_t cap, size_t* len) override {
    Ent* e = by_ino(ino);
    if (!e || e->type != uint64_t(uapi::kDT_LNK) || e->data.size() > cap) return uapi::kEINVAL;
    std::memcpy(out, e->data.data(), e->data.size());
    *len = e->data.size();
    return 0;
  }
  int fs_rename(uint64_t, uint64_t from_dir, lib::Str from, uint64_t to_dir, lib::Str to) override {
    for (Ent& e : fs)
      if (e.dir == from_dir && from.equals(e.name.c_str())) {
        for (size_t i = 0; i < fs.size(); ++i)
          if (fs[i].dir == to_dir && to.equals(fs[i].name.c_str())) fs.erase(fs.begin() + static_cast<long>(i));
        for (Ent& m : fs)
          if (m.dir == from_dir && from.equals(m.name.c_str())) m.dir = to_dir, m.name.assign(to.data, to.size);
        return 0;
      }
    return uapi::kENOENT;
  }
  int fs_link(uint64_t, uint64_t ino, uint64_t dir, lib::Str name) override {
    Ent* e = by_ino(ino);
    if (!e) return uapi::kENOENT;
    Ent copy = *e;  // (a second entry sharing the data is enough here)
    copy.dir = dir;
    copy.name.assign(name.data, name.size);
    fs.push_back(copy);
    return 0;
  }
  std::map<std::pair<uint64_t, std::string>, std::string> xattrs;
  int fs_xattr(uint64_t, uint64_t ino, int op, lib::Str name, char* buf, size_t cap, size_t* len, uint64_t) override {
    const auto key = std::make_pair(ino, std::string(name.data, name.size));
    switch (op) {
      case 0: {
        auto it = xattrs.find(key);
        if (it == xattrs.end()) return uapi::kENODATA;
        if (it->second.size() > cap) return uapi::kERANGE;
        std::memcpy(buf, it->second.data(), it->second.size());
        *len = it->second.size();
        return 0;
      }
      case 1: xattrs[key].assign(buf, *len); return 0;
      case 2: return xattrs.erase(key) ? 0 : uapi::kENODATA;
      default: *len = 0; return 0;
    }
  }
  std::vector<std::pair<uint64_t, uint32_t>> chmods;
  int fs_setattr(uint64_t, uint64_t ino, uint32_t mode, uint32_t, uint32_t) override {
    chmods.emplace_back(ino, mode);
    return 0;
  }
  uint64_t window_va = 0;  // the mount's window, as the server would map it
  int fs_shm_setup(uint64_t, uint64_t shm_id, uint64_t) override {
    window_va = va_of[shm_id];
    return 0;
  }
  size_t bulk_calls = 0;
  int fs_bulk(uint64_t slot, bool write, uint64_t ino, uint64_t off, size_t count, uint64_t shm_off, size_t* done,
              uint64_t* size) override {
    ++bulk_calls;
    if (write) return fs_write(slot, ino, off, at(window_va + shm_off), count, done, size);
    return fs_read(slot, ino, off, at(window_va + shm_off), count, done);
  }
  void fs_release(uint64_t slot) override { released.push_back(slot); }
  size_t segments = 0;
  bool create_segment(uint64_t, uint64_t) override { return ++segments <= 16; }
  char* at(uint64_t va) {
    auto it = windows.upper_bound(va);
    --it;
    return it->second.data() + (va - it->first);
  }
  void copy_in(void* dst, uint64_t va, size_t n) override { std::memcpy(dst, at(va), n); }
  void copy_out(uint64_t va, const void* src, size_t n) override { std::memcpy(at(va), src, n); }
};

constexpr int kRd = uapi::kO_RDONLY, kWr = uapi::kO_WRONLY, kRw = uapi::kO_RDWR;
constexpr int kCreat = uapi::kO_CREAT, kExcl = uapi::kO_EXCL;

class VfsLogic : public ::testing::Test {
 protected:
  void SetUp() override {
    v = new Vfs(heap.allocator(), ops);
    ASSERT_EQ(v->init(), 0);
    root = v->client(1);  // procmgr's badge: root
    ASSERT_NE(root, nullptr);
    Creds nobody_creds;
    nobody_creds.uid = nobody_creds.euid = nobody_creds.gid = nobody_creds.egid = 65534;
    ASSERT_EQ(v->register_client(1, 0x10002, 2, nobody_creds, 0, 022), 0);
    nobody = v->client(0x10002);
  }
  void TearDown() override {
    delete v;
    EXPECT_EQ(heap.blocks, 0) << "blocks leaked";
    EXPECT_EQ(heap.bytes, 0);
  }
  int open(Client* c, const char* path, uint64_t flags, uint32_t mode = 0644) {
    int fd = -1;
    int e = v->open(*c, kAtFdcwd, path, flags, mode, &fd);
    return e == 0 ? fd : -e;
  }
  long write(Client* c, int fd, const std::string& s) {
    size_t done = 0;
    int e = v->write(*c, fd, s.data(), s.size(), -1, &done);
    return e == 0 ? static_cast<long>(done) : (e == kDeferred ? 1000000 : -e);
  }
  std::string read(Client* c, int fd, size_t n, int* err = nullptr) {
    std::string out(n, '\0');
    size_t got = 0;
    int e = v->read(*c, fd, out.data(), n, -1, &got);
    if (err) *err = e;
    out.resize(e == 0 ? got : 0);
    return out;
  }
  StatInfo stat(Client* c, const char* path, int* err, bool follow = true) {
    StatInfo st{};
    *err = v->stat(*c, kAtFdcwd, path, follow, false, &st);
    return st;
  }

  CountingHeap heap;
  FakeOps ops;
  Vfs* v = nullptr;
  Client* root = nullptr;
  Client* nobody = nullptr;
};

TEST_F(VfsLogic, FilesWriteReadStatAndUnlinkWhileOpen) {
  int fd = open(root, "/tmp/a", kCreat | kRw, 0640);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(write(root, fd, "hello"), 5);
  int64_t pos = -1;
  ASSERT_EQ(v->lseek(*root, fd, 0, uapi::kSEEK_SET, &pos), 0);
  EXPECT_EQ(read(root, fd, 100), "hello");
  int e = 0;
  StatInfo st = stat(root, "/tmp/a", &e);
  ASSERT_EQ(e, 0);
  EXPECT_EQ(st.size, 5u);
  EXPECT_EQ(st.mode, static_cast<uint64_t>(uapi::kS_IFREG | 0640));
  EXPECT_EQ(st.nlink, 1u);
  ASSERT_EQ(v->unlink(*root, kAtFdcwd, "/tmp/a", 0), 0);
  stat(root, "/tmp/a", &e);
  EXPECT_EQ(e, uapi::kENOENT);
  ASSERT_EQ(v->lseek(*root, fd, 1, uapi::kSEEK_SET, &pos), 0);
  EXPECT_EQ(read(root, fd, 100), "ello");  // still there while open
  EXPECT_EQ(v->close(*root, fd), 0);
  EXPECT_EQ(v->close(*root, fd), uapi::kEBADF);
}

TEST_F(VfsLogic, OpenFlagsFollowLinux) {
  ASSERT_GE(open(root, "/tmp/f", kCreat | kWr), 0);
  EXPECT_EQ(open(root, "/tmp/f", kCreat | kExcl | kWr), -uapi::kEEXIST);
  EXPECT_EQ(open(root, "/tmp/nope", kRd), -uapi::kENOENT);
  EXPECT_EQ(open(root, "/tmp/f", kRd | uapi::kO_DIRECTORY), -uapi::kENOTDIR);
  EXPECT_EQ(open(root, "/tmp", kWr), -uapi::kEISDIR);
  EXPECT_EQ(open(root, "/tmp/f/x", kRd), -uapi::kENOTDIR);
  EXPECT_EQ(open(root, "/tmp/new/", kCreat | kWr), -uapi::kEISDIR);
  ASSERT_EQ(v->symlink(*root, "f", kAtFdcwd, "/tmp/l"), 0);
  EXPECT_EQ(open(root, "/tmp/l", kRd | uapi::kO_NOFOLLOW), -uapi::kELOOP);
  EXPECT_GE(open(root, "/tmp/l", kRd), 0);
  // A dangling symlink with O_CREAT creates its target; with O_EXCL it is EEXIST.
  ASSERT_EQ(v->symlink(*root, "target", kAtFdcwd, "/tmp/d"), 0);
  EXPECT_EQ(open(root, "/tmp/d", kCreat | kExcl | kWr), -uapi::kEEXIST);
  EXPECT_GE(open(root, "/tmp/d", kCreat | kWr), 0);
  int e = 0;
  stat(root, "/tmp/target", &e);
  EXPECT_EQ(e, 0);
  // O_TRUNC empties; O_APPEND writes at the end.
  int fd = open(root, "/tmp/f", kWr | uapi::kO_TRUNC);
  EXPECT_EQ(write(root, fd, "abc"), 3);
  int afd = open(root, "/tmp/f", kWr | uapi::kO_APPEND);
  EXPECT_EQ(write(root, fd, "X"), 1);  // at offset 3
  EXPECT_EQ(write(root, afd, "YZ"), 2);
  int rfd = open(root, "/tmp/f", kRd);
  EXPECT_EQ(read(root, rfd, 100), "abcXYZ");
}

TEST_F(VfsLogic, SymlinkLoopIsEloopAndFortyHopsAreFine) {
  ASSERT_EQ(v->symlink(*root, "b", kAtFdcwd, "/tmp/a"), 0);
  ASSERT_EQ(v->symlink(*root, "a", kAtFdcwd, "/tmp/b"), 0);
  EXPECT_EQ(open(root, "/tmp/a", kRd), -uapi::kELOOP);
  ASSERT_GE(open(root, "/tmp/l0", kCreat | kWr), 0);
  for (int i = 1; i <= 41; ++i) {
    std::string link = "/tmp/l" + std::to_string(i), to = "l" + std::to_string(i - 1);
    ASSERT_EQ(v->symlink(*root, to.c_str(), kAtFdcwd, link.c_str()), 0);
  }
  EXPECT_GE(open(root, "/tmp/l40", kRd), 0);  // 40 hops
  EXPECT_EQ(open(root, "/tmp/l41", kRd), -uapi::kELOOP);
}

TEST_F(VfsLogic, DirectoriesRmdirRenameAndLinkCounts) {
  ASSERT_EQ(v->mkdir(*root, kAtFdcwd, "/tmp/d", 0755), 0);
  EXPECT_EQ(v->mkdir(*root, kAtFdcwd, "/tmp/d", 0755), uapi::kEEXIST);
  ASSERT_EQ(v->mkdir(*root, kAtFdcwd, "/tmp/d/e", 0755), 0);
  int e = 0;
  EXPECT_EQ(stat(root, "/tmp/d", &e).nlink, 3u);
  EXPECT_EQ(v->unlink(*root, kAtFdcwd, "/tmp/d", uapi::kAT_REMOVEDIR), uapi::kENOTEMPTY);
  EXPECT_EQ(v->unlink(*root, kAtFdcwd, "/tmp/d", 0), uapi::kEISDIR);
  EXPECT_EQ(v->unlink(*root, kAtFdcwd, "/tmp/d/.", uapi::kAT_REMOVEDIR), uapi::kEINVAL);
  EXPECT_EQ(v->rename(*root, kAtFdcwd, "/tmp/d", kAtFdcwd, "/tmp/d/e/f"), uapi::kEINVAL);
  ASSERT_GE(open(root, "/tmp/file", kCreat | kWr), 0);
  EXPECT_EQ(v->rename(*root, kAtFdcwd, "/tmp/file", kAtFdcwd, "/tmp/d"), uapi::kEISDIR);
  EXPECT_EQ(v->rename(*root, kAtFdcwd, "/tmp/d", kAtFdcwd, "/tmp/file"), uapi::kENOTDIR);
  ASSERT_EQ(v->link(*root, kAtFdcwd, "/tmp/file", kAtFdcwd, "/tmp/d/hard", 0), 0);
  EXPECT_EQ(stat(root, "/tmp/file", &e).nlink, 2u);
  EXPECT_EQ(v->link(*root, kAtFdcwd, "/tmp/d", kAtFdcwd, "/tmp/dl", 0), uapi::kEPERM);
  ASSERT_EQ(v->rename(*root, kAtFdcwd, "/tmp/d/e", kAtFdcwd, "/tmp/e2"), 0);
  EXPECT_EQ(stat(root, "/tmp/d", &e).nlink, 2u);
  ASSERT_EQ(v->chdir(*root, kAtFdcwd, "/tmp/e2"), 0);
  char cwd[152];
  size_t len = 0;
  ASSERT_EQ(v->getcwd(*root, cwd, sizeof cwd, &len), 0);
  EXPECT_EQ(std::string(cwd, len), "/tmp/e2");
  ASSERT_EQ(v->unlink(*root, kAtFdcwd, "/tmp/e2", uapi::kAT_REMOVEDIR), 0);
  EXPECT_EQ(v->getcwd(*root, cwd, sizeof cwd, &len), uapi::kENOENT);
}

TEST_F(VfsLogic, PermissionsForAnUnprivilegedClient) {
  ASSERT_EQ(v->mkdir(*root, kAtFdcwd, "/tmp/private", 0700), 0);
  ASSERT_GE(open(root, "/tmp/private/f", kCreat | kWr, 0644), 0);
  EXPECT_EQ(open(nobody, "/tmp/private/f", kRd), -uapi::kEACCES);  // no search permission
  ASSERT_GE(open(root, "/tmp/ro", kCreat | kWr, 0644), 0);
  EXPECT_EQ(open(nobody, "/tmp/ro", kWr), -uapi::kEACCES);
  EXPECT_GE(open(nobody, "/tmp/ro", kRd), 0);
  EXPECT_EQ(v->chmod(*nobody, kAtFdcwd, "/tmp/ro", 0777, 0), uapi::kEPERM);
  EXPECT_EQ(v->chown(*nobody, kAtFdcwd, "/tmp/ro", 65534, ~0u, 0), uapi::kEPERM);
  // Sticky /tmp: nobody may not remove root's file, but its own.
  EXPECT_EQ(v->unlink(*nobody, kAtFdcwd, "/tmp/ro", 0), uapi::kEPERM);
  ASSERT_GE(open(nobody, "/tmp/mine", kCreat | kWr, 0600), 0);
  int e = 0;
  StatInfo st = stat(root, "/tmp/mine", &e);
  EXPECT_EQ(st.uid, 65534u);
  EXPECT_EQ(v->access(*nobody, kAtFdcwd, "/tmp/mine", uapi::kR_OK | uapi::kW_OK, 0), 0);
  EXPECT_EQ(v->access(*nobody, kAtFdcwd, "/tmp/mine", uapi::kX_OK, 0), uapi::kEACCES);
  EXPECT_EQ(v->unlink(*nobody, kAtFdcwd, "/tmp/mine", 0), 0);
  EXPECT_EQ(v->mkdir(*nobody, kAtFdcwd, "/x", 0755), uapi::kEACCES);
}

TEST_F(VfsLogic, SparseFilesReadZerosAndSeekDataHole) {
  int fd = open(root, "/tmp/s", kCreat | kRw);
  ASSERT_EQ(v->ftruncate(*root, fd, 3 * kPageBytes), 0);
  size_t done = 0;
  ASSERT_EQ(v->write(*root, fd, "x", 1, static_cast<int64_t>(2 * kPageBytes), &done), 0);
  std::string buf(16, 'q');
  size_t got = 0;
  ASSERT_EQ(v->read(*root, fd, buf.data(), 16, 100, &got), 0);
  EXPECT_EQ(got, 16u);
  EXPECT_EQ(buf, std::string(16, '\0'));
  int64_t pos = 0;
  ASSERT_EQ(v->lseek(*root, fd, 0, 3 /*SEEK_DATA*/, &pos), 0);
  EXPECT_EQ(pos, static_cast<int64_t>(2 * kPageBytes));
  ASSERT_EQ(v->lseek(*root, fd, static_cast<int64_t>(2 * kPageBytes), 4 /*SEEK_HOLE*/, &pos), 0);
  EXPECT_EQ(pos, static_cast<int64_t>(3 * kPageBytes));
  EXPECT_EQ(v->tree().stats().pages, 0u + v->tree().stats().pages);  // (pages counted by the tree)
  ASSERT_EQ(v->ftruncate(*root, fd, 1), 0);
  ASSERT_EQ(v->ftruncate(*root, fd, 10), 0);
  ASSERT_EQ(v->read(*root, fd, buf.data(), 16, 0, &got), 0);
  EXPECT_EQ(got, 10u);
}

TEST_F(VfsLogic, DupAndForkShareTheOffset) {
  int fd = open(root, "/tmp/o", kCreat | kRw);
  int d = -1;
  ASSERT_EQ(v->dup(*root, fd, 0, false, &d), 0);
  EXPECT_EQ(write(root, fd, "ab"), 2);
  EXPECT_EQ(write(root, d, "cd"), 2);
  int64_t pos = 0;
  ASSERT_EQ(v->lseek(*root, fd, 0, uapi::kSEEK_CUR, &pos), 0);
  EXPECT_EQ(pos, 4);
  ASSERT_EQ(v->clone_fds(1, 1, 0x10003, 3), 0);
  Client* child = v->client(0x10003);
  EXPECT_EQ(write(child, fd, "ef"), 2);
  ASSERT_EQ(v->lseek(*root, fd, 0, uapi::kSEEK_CUR, &pos), 0);
  EXPECT_EQ(pos, 6);
  EXPECT_EQ(v->clone_fds(0x10003, 1, 0x10004, 4), uapi::kEPERM);  // only procmgr
  int out = -1;
  EXPECT_EQ(v->dup2(*root, fd, fd, false, true, &out), uapi::kEINVAL);  // dup3 same fd
  EXPECT_EQ(v->dup2(*root, fd, fd, false, false, &out), 0);
  EXPECT_EQ(out, fd);
  uint64_t r = 0;
  ASSERT_EQ(v->fcntl(*root, fd, uapi::kF_DUPFD_CLOEXEC, 10, &r), 0);
  EXPECT_EQ(r, 10u);
  ASSERT_EQ(v->fcntl(*root, 10, uapi::kF_GETFD, 0, &r), 0);
  EXPECT_EQ(r, static_cast<uint64_t>(uapi::kFD_CLOEXEC));
  ASSERT_EQ(v->client_exit(1, 0x10003), 0);
}

TEST_F(VfsLogic, PipesDeferReadersAndWritersAndSeeEofAndEpipe) {
  int r = -1, w = -1;
  ASSERT_EQ(v->pipe(*root, 0, &r, &w), 0);
  int e = 0;
  read(root, r, 10, &e);
  ASSERT_EQ(e, kDeferred);  // empty: the reader waits
  EXPECT_EQ(v->stats().waiters, 1u);
  EXPECT_EQ(write(root, w, "hi"), 2);
  ASSERT_EQ(ops.answers.size(), 1u);
  const lib::Reply& rp = ops.answers.begin()->second;
  EXPECT_EQ(rp.label, uapi::TRONA_OK);
  ASSERT_GE(rp.length, 2u);
  EXPECT_EQ(rp.mr[0], 2u);  // length word, then "hi"
  EXPECT_EQ(rp.mr[1] & 0xFFFF, static_cast<uint64_t>('h' | ('i' << 8)));
  // Fill to 64 KiB: the next write waits, a read lets it in.
  std::string chunk(128, 'z');
  size_t total = 0;
  while (total + chunk.size() <= kPipeCapacity) total += static_cast<size_t>(write(root, w, chunk));
  EXPECT_EQ(total, kPipeCapacity);
  EXPECT_EQ(write(root, w, chunk), 1000000);  // deferred
  read(root, r, 128, &e);
  EXPECT_EQ(e, 0);
  EXPECT_EQ(ops.answers.size(), 2u);  // the writer was answered
  // Last writer closes: a waiting reader sees EOF once the data is gone.
  ASSERT_EQ(v->close(*root, w), 0);
  std::string rest;
  for (;;) {
    std::string s = read(root, r, 152, &e);
    ASSERT_EQ(e, 0);
    if (s.empty()) break;
    rest += s;
  }
  EXPECT_EQ(rest.size(), kPipeCapacity);
  // EPIPE with no reader.
  ASSERT_EQ(v->pipe(*root, uapi::kO_NONBLOCK, &r, &w), 0);
  read(root, r, 10, &e);
  EXPECT_EQ(e, uapi::kEAGAIN);
  ASSERT_EQ(v->close(*root, r), 0);
  EXPECT_EQ(write(root, w, "x"), -uapi::kEPIPE);
}

TEST_F(VfsLogic, AnExitingClientReleasesEverythingAndItsWaitersAreDropped) {
  const VfsStats before = v->stats();
  int r = -1, w = -1;
  ASSERT_EQ(v->pipe(*nobody, 0, &r, &w), 0);
  ASSERT_GE(open(nobody, "/tmp/n", kCreat | kWr), 0);
  int e = 0;
  read(nobody, r, 10, &e);
  ASSERT_EQ(e, kDeferred);
  ASSERT_EQ(v->client_exit(1, 0x10002), 0);
  EXPECT_EQ(ops.dropped.size(), 1u);
  const VfsStats after = v->stats();
  EXPECT_EQ(after.open_files, before.open_files);
  EXPECT_EQ(after.pipes, 0u);
  EXPECT_EQ(after.waiters, 0u);
  EXPECT_EQ(after.clients, before.clients - 1);
}

TEST_F(VfsLogic, FifoOpenWaitsForThePeer) {
  ASSERT_EQ(v->mkfifo(*root, kAtFdcwd, "/tmp/fifo", 0666), 0);
  int e = 0;
  EXPECT_EQ(stat(root, "/tmp/fifo", &e).mode, static_cast<uint64_t>(uapi::kS_IFIFO | 0666));
  EXPECT_EQ(open(root, "/tmp/fifo", kWr | uapi::kO_NONBLOCK), -uapi::kENXIO);
  int fd = -1;
  ASSERT_EQ(v->open(*root, kAtFdcwd, "/tmp/fifo", kRd, 0, &fd), kDeferred);
  EXPECT_TRUE(ops.answers.empty());
  int wfd = open(nobody, "/tmp/fifo", kWr);
  ASSERT_GE(wfd, 0);
  ASSERT_EQ(ops.answers.size(), 1u);  // the reader's open answered with its fd
  EXPECT_EQ(ops.answers.begin()->second.mr[0], static_cast<uint64_t>(fd));
  EXPECT_EQ(write(nobody, wfd, "via fifo"), 8);
  EXPECT_EQ(read(root, fd, 100), "via fifo");
}

TEST_F(VfsLogic, Devices) {
  int z = open(root, "/dev/zero", kRd);
  EXPECT_EQ(read(root, z, 4), std::string(4, '\0'));
  int n = open(root, "/dev/null", kRw);
  EXPECT_EQ(read(root, n, 4), "");
  EXPECT_EQ(write(root, n, "gone"), 4);
  int f = open(root, "/dev/full", kWr);
  EXPECT_EQ(write(root, f, "x"), -uapi::kENOSPC);
  int c = open(root, "/dev/console", kWr);
  EXPECT_EQ(write(root, c, "boot\n"), 5);
  EXPECT_EQ(ops.console, "boot\n");
  bool tty = false;
  ASSERT_EQ(v->isatty(*root, c, &tty), 0);
  EXPECT_TRUE(tty);
  ASSERT_EQ(v->isatty(*root, n, &tty), 0);
  EXPECT_FALSE(tty);
  EXPECT_EQ(open(nobody, "/dev/console", kWr), -uapi::kEACCES);
}

TEST_F(VfsLogic, PtmxFilesAreBoundToAMasterOnceAndEachPtySideIsClosedAtItsLastClose) {
  v->serve_ttys_elsewhere();
  int m = open(root, "/dev/ptmx", kRw);
  ASSERT_GE(m, 0);
  bool tty = false;
  uint64_t id = 0, flags = 0, out = 0;
  ASSERT_EQ(v->isatty(*root, m, &tty, &id, &flags), 0);
  EXPECT_TRUE(tty);
  EXPECT_EQ(id, uapi::termios::kTtyPtmxUnbound);
  int err = 0;
  read(root, m, 4, &err);
  EXPECT_EQ(err, uapi::kEREMOTEIO);
  EXPECT_EQ(v->fcntl(*root, m, uapi::termios::kF_SALTY_BIND_PTY, 0x42, &out), uapi::kEINVAL);  // not a master id
  ASSERT_EQ(v->fcntl(*root, m, uapi::termios::kF_SALTY_BIND_PTY, 0x103, &out), 0);
  EXPECT_EQ(v->fcntl(*root, m, uapi::termios::kF_SALTY_BIND_PTY, 0x104, &out), uapi::kEBUSY);
  ASSERT_EQ(v->isatty(*root, m, &tty, &id, &flags), 0);
  EXPECT_EQ(id, 0x103u);
  int n = open(root, "/dev/null", kRw);
  EXPECT_EQ(v->fcntl(*root, n, uapi::termios::kF_SALTY_BIND_PTY, 0x105, &out), uapi::kEINVAL);
  // poll: a terminal posix_ttysrv serves is never ready here (trona/posix asks ttysrv).
  uint64_t q[1] = {static_cast<uint32_t>(m) | (uint64_t{uapi::kPOLLIN | uapi::kPOLLOUT} << 32)};
  uint64_t rev[1] = {}, ready = 9;
  ASSERT_EQ(v->poll(*root, q, 1, 0, rev, &ready), 0);
  EXPECT_EQ(ready, 0u);
  int copy = -1;
  ASSERT_EQ(v->dup(*root, m, 0, false, &copy), 0);
  ASSERT_EQ(v->close(*root, m), 0);
  EXPECT_TRUE(ops.masters_closed.empty());  // the copy still holds the open file
  ASSERT_EQ(v->close(*root, copy), 0);
  EXPECT_EQ(ops.masters_closed, std::vector<uint64_t>{0x103});
  int unbound = open(root, "/dev/ptmx", kRw);
  ASSERT_EQ(v->close(*root, unbound), 0);
  EXPECT_EQ(ops.masters_closed.size(), 1u);  // never bound: nothing to hang up
  // The slave side: told when its last open file goes.
  int s1 = open(root, "/dev/pts/3", kRw), s2 = open(root, "/dev/pts/3", kRw);
  ASSERT_EQ(v->close(*root, s1), 0);
  EXPECT_TRUE(ops.slaves_closed.empty());
  ASSERT_EQ(v->close(*root, s2), 0);
  EXPECT_EQ(ops.slaves_closed, std::vector<uint64_t>{uapi::termios::kTtyFirstPtySlave + 3});
}

TEST_F(VfsLogic, ReaddirIsStableWhileEntriesComeAndGo) {
  ASSERT_EQ(v->mkdir(*root, kAtFdcwd, "/tmp/r", 0755), 0);
  for (const char* n : {"b", "d", "f"}) {
    std::string p = std::string("/tmp/r/") + n;
    ASSERT_GE(open(root, p.c_str(), kCreat | kWr), 0);
  }
  int d = open(root, "/tmp/r", kRd | uapi::kO_DIRECTORY);
  auto next = [&]() {
    uint64_t ino = 0;
    uint32_t type = 0;
    char name[128];
    size_t len = 0;
    EXPECT_EQ(v->readdir(*root, d, &ino, &type, name, sizeof name, &len), 0);
    return std::string(name, len);
  };
  EXPECT_EQ(next(), ".");
  EXPECT_EQ(next(), "..");
  EXPECT_EQ(next(), "b");
  ASSERT_EQ(v->unlink(*root, kAtFdcwd, "/tmp/r/b", 0), 0);  // the current one goes
  ASSERT_GE(open(root, "/tmp/r/a", kCreat | kWr), 0);       // before the cursor: not seen
  ASSERT_GE(open(root, "/tmp/r/e", kCreat | kWr), 0);       // after it: seen
  EXPECT_EQ(next(), "d");
  EXPECT_EQ(next(), "e");
  EXPECT_EQ(next(), "f");
  EXPECT_EQ(next(), "");
}

TEST_F(VfsLogic, PollSeesPipeReadinessAndWaitsUntilDataOrTimeout) {
  int r = -1, w = -1;
  ASSERT_EQ(v->pipe(*root, 0, &r, &w), 0);
  auto word = [](int fd, uint64_t ev) { return static_cast<uint32_t>(fd) | (ev << 32); };
  uint64_t q[3] = {word(r, uapi::kPOLLIN), word(w, uapi::kPOLLOUT), word(77, uapi::kPOLLIN)};
  uint64_t rev[3] = {};
  uint64_t ready = 0;
  ASSERT_EQ(v->poll(*root, q, 3, 0, rev, &ready), 0);
  EXPECT_EQ(ready, 2u);
  EXPECT_EQ(rev[0], 0u);
  EXPECT_EQ(rev[1], static_cast<uint64_t>(uapi::kPOLLOUT));
  EXPECT_EQ(rev[2], static_cast<uint64_t>(uapi::kPOLLNVAL));
  // Only the read end, no limit: waits; a write answers it.
  ASSERT_EQ(v->poll(*root, q, 1, -1, rev, &ready), kDeferred);
  EXPECT_EQ(write(root, w, "x"), 1);
  ASSERT_EQ(ops.answers.size(), 1u);
  const lib::Reply& rp = ops.answers.begin()->second;
  EXPECT_EQ(rp.mr[0], 1u);  // one ready
  EXPECT_EQ(rp.mr[2], static_cast<uint64_t>(uapi::kPOLLIN));
  // A timeout on virtual time: nothing ready after 50 ms.
  read(root, r, 10);
  ASSERT_EQ(v->poll(*root, q, 1, 50, rev, &ready), kDeferred);
  EXPECT_EQ(v->next_deadline(), ops.mono + 50'000'000);
  v->expire(ops.mono + 49'000'000);
  EXPECT_EQ(ops.answers.size(), 1u);
  v->expire(ops.mono + 50'000'000);
  ASSERT_EQ(ops.answers.size(), 2u);
  EXPECT_EQ(ops.answers.rbegin()->second.mr[0], 0u);
  // The writer goes: POLLHUP.
  ASSERT_EQ(v->close(*root, w), 0);
  ASSERT_EQ(v->poll(*root, q, 1, 0, rev, &ready), 0);
  EXPECT_EQ(rev[0], static_cast<uint64_t>(uapi::kPOLLHUP));
}

TEST_F(VfsLogic, EpollLevelEdgeOneshotAndAThousandFds) {
  int ep = -1;
  ASSERT_EQ(v->epoll_create(*root, 0, &ep), 0);
  int r = -1, w = -1;
  ASSERT_EQ(v->pipe(*root, 0, &r, &w), 0);
  int f = open(root, "/tmp/plain", kCreat | kRw);
  EXPECT_EQ(v->epoll_ctl(*root, ep, uapi::kEPOLL_CTL_ADD, f, uapi::kEPOLLIN, 0), uapi::kEPERM);
  EXPECT_EQ(v->epoll_ctl(*root, ep, uapi::kEPOLL_CTL_ADD, ep, uapi::kEPOLLIN, 0), uapi::kEINVAL);
  EXPECT_EQ(v->epoll_ctl(*root, f, uapi::kEPOLL_CTL_ADD, r, uapi::kEPOLLIN, 0), uapi::kEINVAL);
  ASSERT_EQ(v->epoll_ctl(*root, ep, uapi::kEPOLL_CTL_ADD, r, uapi::kEPOLLIN, 42), 0);
  EXPECT_EQ(v->epoll_ctl(*root, ep, uapi::kEPOLL_CTL_ADD, r, uapi::kEPOLLIN, 42), uapi::kEEXIST);
  uint64_t out[18] = {};
  uint64_t n = 0;
  ASSERT_EQ(v->epoll_wait(*root, ep, 9, 0, out, &n), 0);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(write(root, w, "ab"), 2);
  // Level-triggered: reported while readable.
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(v->epoll_wait(*root, ep, 9, 0, out, &n), 0);
    ASSERT_EQ(n, 1u);
    EXPECT_EQ(out[0], static_cast<uint64_t>(uapi::kEPOLLIN));
    EXPECT_EQ(out[1], 42u);
  }
  // Edge-triggered: once per change.
  const uint64_t et = uint64_t{1} << 31;
  ASSERT_EQ(v->epoll_ctl(*root, ep, uapi::kEPOLL_CTL_MOD, r, uapi::kEPOLLIN | et, 7), 0);
  ASSERT_EQ(v->epoll_wait(*root, ep, 9, 0, out, &n), 0);
  EXPECT_EQ(n, 1u);
  ASSERT_EQ(v->epoll_wait(*root, ep, 9, 0, out, &n), 0);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(write(root, w, "c"), 1);
  ASSERT_EQ(v->epoll_wait(*root, ep, 9, 0, out, &n), 0);
  EXPECT_EQ(n, 1u);
  // One-shot: once until MOD.
  const uint64_t oneshot = uint64_t{1} << 30;
  ASSERT_EQ(v->epoll_ctl(*root, ep, uapi::kEPOLL_CTL_MOD, r, uapi::kEPOLLIN | oneshot, 8), 0);
  ASSERT_EQ(v->epoll_wait(*root, ep, 9, 0, out, &n), 0);
  EXPECT_EQ(n, 1u);
  ASSERT_EQ(v->epoll_wait(*root, ep, 9, 0, out, &n), 0);
  EXPECT_EQ(n, 0u);
  // A blocked wait is answered by a write; a closed watched fd leaves the set.
  ASSERT_EQ(v->epoll_ctl(*root, ep, uapi::kEPOLL_CTL_MOD, r, uapi::kEPOLLIN, 9), 0);
  read(root, r, 10);
  ASSERT_EQ(v->epoll_wait(*root, ep, 9, -1, out, &n), kDeferred);
  EXPECT_EQ(write(root, w, "d"), 1);
  ASSERT_EQ(ops.answers.size(), 1u);
  EXPECT_EQ(ops.answers.begin()->second.mr[0], 1u);
  // 1000 pipes in one set: the ready ones come back, at most 9 per call.
  std::vector<int> writers;
  for (int i = 0; i < 500; ++i) {
    int a = -1, b = -1;
    ASSERT_EQ(v->pipe(*root, 0, &a, &b), 0);
    ASSERT_EQ(v->epoll_ctl(*root, ep, uapi::kEPOLL_CTL_ADD, a, uapi::kEPOLLIN, static_cast<uint64_t>(1000 + i)), 0);
    ASSERT_EQ(v->epoll_ctl(*root, ep, uapi::kEPOLL_CTL_ADD, b, uapi::kEPOLLOUT | et, static_cast<uint64_t>(5000 + i)), 0);
    writers.push_back(b);
  }
  ASSERT_EQ(v->close(*root, r), 0);  // leaves the set
  read(root, r, 1);
  size_t outs = 0;
  for (int round = 0; round < 60; ++round) {
    ASSERT_EQ(v->epoll_wait(*root, ep, 9, 0, out, &n), 0);
    for (uint64_t i = 0; i < n; ++i) EXPECT_GE(out[2 * i + 1], 5000u);  // only the edge-triggered write ends
    outs += n;
    if (n == 0) break;
  }
  EXPECT_EQ(outs, 500u);  // each write end once
  EXPECT_EQ(write(root, writers[123], "z"), 1);
  ASSERT_EQ(v->epoll_wait(*root, ep, 9, 0, out, &n), 0);
  ASSERT_GE(n, 1u);
  EXPECT_EQ(out[1], 1123u);  // the read end of pipe 123 (and its write end again: its generation moved)
}

TEST_F(VfsLogic, SocketsStreamShutdownPollAndAcceptWaitersLeaveNothingBehind) {
  int a = -1, b = -1;
  ASSERT_EQ(v->socketpair(*root, uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0, &a, &b), 0);
  size_t sent = 0;
  ASSERT_EQ(v->sendmsg(*root, a, 0, nullptr, 0, "ping", 4, &sent), 0);
  EXPECT_EQ(read(root, b, 10), "ping");
  auto word = [](int fd, uint64_t ev) { return static_cast<uint32_t>(fd) | (ev << 32); };
  uint64_t q[1] = {word(b, uapi::kPOLLIN | uapi::kPOLLOUT)};
  uint64_t rev[1] = {};
  uint64_t ready = 0;
  ASSERT_EQ(v->poll(*root, q, 1, 0, rev, &ready), 0);
  EXPECT_EQ(rev[0], static_cast<uint64_t>(uapi::kPOLLOUT));
  ASSERT_EQ(v->shutdown(*root, a, uapi::kSHUT_WR), 0);
  EXPECT_EQ(read(root, b, 10), "");  // EOF after the peer's SHUT_WR
  EXPECT_EQ(v->sendmsg(*root, a, 0, nullptr, 0, "x", 1, &sent), uapi::kEPIPE);
  ASSERT_EQ(v->close(*root, b), 0);
  EXPECT_EQ(v->sendmsg(*root, a, 0, nullptr, 0, "x", 1, &sent), uapi::kEPIPE);
  ASSERT_EQ(v->close(*root, a), 0);
  // A listener (nobody's, so root may connect) with a waiting accept, then
  // closed: the waiter gets EBADF.
  int l = -1;
  ASSERT_EQ(v->socket(*nobody, uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0, &l), 0);
  ASSERT_EQ(v->bind(*nobody, l, "/tmp/l.sock"), 0);  // 0777 & ~022: others may not connect
  ASSERT_EQ(v->listen(*nobody, l, 1), 0);
  int got = -1;
  ASSERT_EQ(v->accept(*nobody, l, 0, &got), kDeferred);
  int s1 = -1, s2 = -1;
  ASSERT_EQ(v->socket(*root, uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0, &s1), 0);
  ASSERT_EQ(v->connect(*root, s1, "/tmp/l.sock"), 0);  // the accept is answered
  ASSERT_EQ(ops.answers.size(), 1u);
  ASSERT_EQ(v->socket(*root, uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0, &s2), 0);
  ASSERT_EQ(v->connect(*root, s2, "/tmp/l.sock"), 0);   // queued
  EXPECT_EQ(v->connect(*root, s2, "/tmp/l.sock"), uapi::kEISCONN);
  ASSERT_EQ(v->accept(*nobody, l, 0, &got), 0);
  ASSERT_EQ(v->accept(*nobody, l, 0, &got), kDeferred);
  ASSERT_EQ(v->close(*nobody, l), 0);
  ASSERT_EQ(ops.answers.size(), 2u);
  EXPECT_EQ(ops.answers.rbegin()->second.label, uapi::TRONA_INVALID_CAPABILITY);  // EBADF
  EXPECT_EQ(v->connect(*root, s2, "/tmp/nothing"), uapi::kEISCONN);
  int s3 = -1;
  ASSERT_EQ(v->socket(*root, uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0, &s3), 0);
  EXPECT_EQ(v->connect(*root, s3, "/tmp/l.sock"), uapi::kECONNREFUSED);  // nobody listens any more
  EXPECT_EQ(v->stats().waiters, 0u);
}

TEST_F(VfsLogic, NofileSetgidDirectoriesAndOPath) {
  // RLIMIT_NOFILE from procmgr: the fourth fd of a client limited to 3 is EMFILE.
  Creds cr;
  cr.uid = cr.euid = cr.gid = cr.egid = 1000;
  ASSERT_EQ(v->register_client(1, 0x10009, 9, cr, 3, 022), 0);
  Client* small = v->client(0x10009);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(open(small, "/dev/null", kRd), i);
  EXPECT_EQ(open(small, "/dev/null", kRd), -uapi::kEMFILE);
  int d = -1;
  EXPECT_EQ(v->dup(*small, 0, 0, false, &d), uapi::kEMFILE);
  // A setgid directory gives new entries its group; new directories stay setgid.
  ASSERT_EQ(v->mkdir(*root, kAtFdcwd, "/tmp/g", 0777), 0);
  ASSERT_EQ(v->chown(*root, kAtFdcwd, "/tmp/g", 0, 50, 0), 0);
  ASSERT_EQ(v->chmod(*root, kAtFdcwd, "/tmp/g", 02777, 0), 0);
  ASSERT_GE(open(nobody, "/tmp/g/f", kCreat | kWr, 0644), 0);
  ASSERT_EQ(v->mkdir(*nobody, kAtFdcwd, "/tmp/g/sub", 0755), 0);
  int e = 0;
  EXPECT_EQ(stat(root, "/tmp/g/f", &e).gid, 50u);
  StatInfo sub = stat(root, "/tmp/g/sub", &e);
  EXPECT_EQ(sub.gid, 50u);
  EXPECT_EQ(sub.mode & 02000, 02000u);
  // O_PATH: no permission needed on the file, no reading through it.
  ASSERT_GE(open(root, "/tmp/secret", kCreat | kWr, 0000), 0);
  int p = open(nobody, "/tmp/secret", uapi::kO_PATH);
  ASSERT_GE(p, 0);
  std::string buf(4, 0);
  size_t got = 0;
  EXPECT_EQ(v->read(*nobody, p, buf.data(), 4, -1, &got), uapi::kEBADF);
  StatInfo st{};
  EXPECT_EQ(v->fstat(*nobody, p, &st), 0);
  EXPECT_EQ(st.mode & 07777, 0u);
  EXPECT_EQ(open(nobody, "/tmp/secret", kRd), -uapi::kEACCES);
}

TEST_F(VfsLogic, TmpfsMountsCrossingDotDotExdevAndBusyUmount) {
  ASSERT_EQ(v->mkdir(*root, kAtFdcwd, "/mnt", 0755), 0);
  ASSERT_GE(open(root, "/mnt/under", kCreat | kWr), 0);  // hidden by the mount
  EXPECT_EQ(v->mount(*nobody, 0, "tmpfs", "/mnt"), uapi::kEPERM);
  EXPECT_EQ(v->mount(*root, 0, "ext4", "/mnt"), uapi::kENODEV);
  EXPECT_EQ(v->mount(*root, 0, "tmpfs", "/mnt/under"), uapi::kENOTDIR);
  ASSERT_EQ(v->mount(*root, 0, "tmpfs", "/mnt"), 0);
  EXPECT_EQ(v->mount(*root, 0, "tmpfs", "/mnt"), uapi::kEBUSY);
  int e = 0;
  stat(root, "/mnt/under", &e);
  EXPECT_EQ(e, uapi::kENOENT);
  EXPECT_EQ(stat(root, "/mnt", &e).mode & 07777, 01777u);
  ASSERT_EQ(v->mkdir(*root, kAtFdcwd, "/mnt/d", 0755), 0);
  ASSERT_EQ(v->close(*root, open(root, "/mnt/d/f", kCreat | kWr)), 0);
  EXPECT_EQ(stat(root, "/mnt/d/../../tmp", &e).mode & 07777, 01777u);  // ".." leaves the mount
  EXPECT_EQ(e, 0);
  ASSERT_GE(open(root, "/tmp/t", kCreat | kWr), 0);
  EXPECT_EQ(v->rename(*root, kAtFdcwd, "/tmp/t", kAtFdcwd, "/mnt/t"), uapi::kEXDEV);
  EXPECT_EQ(v->link(*root, kAtFdcwd, "/mnt/d/f", kAtFdcwd, "/tmp/l", 0), uapi::kEXDEV);
  EXPECT_EQ(v->unlink(*root, kAtFdcwd, "/mnt", uapi::kAT_REMOVEDIR), uapi::kEBUSY);
  EXPECT_EQ(v->rename(*root, kAtFdcwd, "/mnt", kAtFdcwd, "/mnt2"), uapi::kEBUSY);
  // Busy while a working directory or an fd is inside.
  ASSERT_EQ(v->chdir(*nobody, kAtFdcwd, "/mnt/d"), 0);
  char cwd[64];
  size_t len = 0;
  ASSERT_EQ(v->getcwd(*nobody, cwd, sizeof cwd, &len), 0);
  EXPECT_EQ(std::string(cwd, len), "/mnt/d");
  EXPECT_EQ(v->umount(*root, 0, "/mnt"), uapi::kEBUSY);
  ASSERT_EQ(v->chdir(*nobody, kAtFdcwd, "/"), 0);
  int fd = open(root, "/mnt/d/f", kRd);
  EXPECT_EQ(v->umount(*root, 0, "/mnt"), uapi::kEBUSY);
  ASSERT_EQ(v->close(*root, fd), 0);
  EXPECT_EQ(v->umount(*root, 0, "/tmp"), uapi::kEINVAL);  // not a mounted root
  const uint64_t nodes = v->tree().stats().nodes;
  ASSERT_EQ(v->umount(*root, 0, "/mnt"), 0);
  EXPECT_EQ(v->tree().stats().nodes, nodes - 3);  // its root, d and f are gone
  EXPECT_EQ(stat(root, "/mnt/under", &e).size, 0u);  // the old contents are back
  EXPECT_EQ(e, 0);
}

TEST_F(VfsLogic, BulkWindowMovesFileDataAndIsDroppedWithTheClient) {
  EXPECT_EQ(v->bulk_setup(*nobody, 404, 4), uapi::kENOENT);  // no such segment
  EXPECT_EQ(v->bulk_setup(*nobody, 7, 0), uapi::kEINVAL);
  ASSERT_EQ(v->bulk_setup(*nobody, 7, 8), 0);  // 32 KiB
  const uint64_t va = ops.va_of[7];
  std::string data(10000, 'q');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>('a' + i % 23);
  std::memcpy(ops.at(va), data.data(), data.size());
  int fd = open(nobody, "/tmp/bulk", kCreat | kRw);
  size_t done = 0;
  ASSERT_EQ(v->bulk_pwrite(*nobody, fd, data.size(), 100, 0, &done), 0);
  EXPECT_EQ(done, data.size());
  int64_t pos = 0;
  ASSERT_EQ(v->lseek(*nobody, fd, 100, uapi::kSEEK_SET, &pos), 0);
  ASSERT_EQ(v->bulk_read(*nobody, fd, 4 * 4096, 8192, &done), 0);
  EXPECT_EQ(done, data.size());  // short: the end of the file
  EXPECT_EQ(std::string(ops.at(va + 8192), data.size()), data);
  EXPECT_EQ(v->bulk_read(*nobody, fd, 8 * 4096 + 1, 0, &done), uapi::kEINVAL);  // past the window
  int r = -1, w = -1;
  ASSERT_EQ(v->pipe(*nobody, 0, &r, &w), 0);
  EXPECT_EQ(v->bulk_read(*nobody, r, 10, 0, &done), uapi::kEINVAL);  // pipes stay inline
  EXPECT_EQ(v->bulk_read(*root, fd, 10, 0, &done), uapi::kEBADF);      // root has no such fd
  ASSERT_EQ(v->client_exit(1, 0x10002), 0);
  EXPECT_TRUE(ops.windows.empty());  // dropped with its client
}

TEST_F(VfsLogic, ShmObjectsKeepTheirBytesInASegmentThatGoesWithTheNode) {
  int fd = -1;
  EXPECT_EQ(v->shm_open(*root, "no-slash", kCreat | kRw, 0600, &fd), uapi::kEINVAL);
  EXPECT_EQ(v->shm_open(*root, "/a/b", kCreat | kRw, 0600, &fd), uapi::kEINVAL);
  ASSERT_EQ(v->shm_open(*root, "/seg", kCreat | kRw, 0600, &fd), 0);
  uint64_t r = 0;
  ASSERT_EQ(v->fcntl(*root, fd, uapi::kF_GETFD, 0, &r), 0);
  EXPECT_EQ(r, static_cast<uint64_t>(uapi::kFD_CLOEXEC));
  ASSERT_EQ(v->ftruncate(*root, fd, 8192), 0);
  uint64_t kind = 0, id = 0, size = 0;
  ASSERT_EQ(v->resolve_backing(*root, fd, true, &kind, &id, &size), 0);
  EXPECT_EQ(kind, 1u);
  EXPECT_EQ(size, 8192u);
  // What a mapping writes (here: straight into the segment) read() sees.
  const uint64_t va = ops.va_of[id];
  std::memcpy(ops.at(va + 100), "mapped", 6);
  std::string got(6, '\0');
  size_t n = 0;
  ASSERT_EQ(v->read(*root, fd, got.data(), 6, 100, &n), 0);
  EXPECT_EQ(got, "mapped");
  EXPECT_EQ(write(root, fd, "via write"), 9);
  EXPECT_EQ(std::string(ops.at(va), 9), "via write");
  EXPECT_EQ(v->ftruncate(*root, fd, uint64_t{2} << 20), uapi::kEFBIG);
  // A tmpfs file moves into a segment when first mapped, bytes and all.
  int plain = open(root, "/tmp/plain", kCreat | kRw);
  EXPECT_EQ(write(root, plain, "kept across"), 11);
  ASSERT_EQ(v->resolve_backing(*root, plain, true, &kind, &id, &size), 0);
  EXPECT_EQ(size, 11u);
  EXPECT_EQ(std::string(ops.at(ops.va_of[id]), 11), "kept across");
  EXPECT_EQ(read(root, plain, 100), "");  // (the offset is at the end)
  ASSERT_EQ(v->read(*root, plain, got.data(), 4, 0, &n), 0);
  EXPECT_EQ(got.substr(0, 4), "kept");
  v->close(*root, plain);
  int dev = open(root, "/dev/zero", kRd);
  EXPECT_EQ(v->resolve_backing(*root, dev, false, &kind, &id, &size), uapi::kENODEV);
  int e = 0;
  stat(root, "/dev/shm/seg", &e);
  EXPECT_EQ(e, 0);
  ASSERT_EQ(v->shm_unlink(*root, "/seg"), 0);
  EXPECT_EQ(ops.windows.size(), 2u);  // still open (and /tmp/plain's)
  ASSERT_EQ(v->close(*root, fd), 0);
  EXPECT_EQ(ops.windows.size(), 1u);  // the segment went with the last close
  ASSERT_EQ(v->unlink(*root, kAtFdcwd, "/tmp/plain", 0), 0);
  EXPECT_TRUE(ops.windows.empty());   // and the promoted file's with its last name
}

TEST_F(VfsLogic, MappingNeedsTheAccessModeMmapDoesAndPagerWriteTouchesTheFile) {
  int wo = open(root, "/tmp/m", kCreat | uapi::kO_WRONLY);
  EXPECT_EQ(write(root, wo, "abc"), 3);
  uint64_t kind = 0, id = 0, size = 0;
  EXPECT_EQ(v->resolve_backing(*root, wo, false, &kind, &id, &size), uapi::kEACCES);  // not readable
  int ro = open(root, "/tmp/m", kRd);
  EXPECT_EQ(v->resolve_backing(*root, ro, true, &kind, &id, &size), uapi::kEACCES);  // shared + write
  ASSERT_EQ(v->resolve_backing(*root, ro, false, &kind, &id, &size), 0);  // private, or shared read-only
  int path = open(root, "/tmp/m", uapi::kO_PATH);
  EXPECT_EQ(v->resolve_backing(*root, path, false, &kind, &id, &size), uapi::kEBADF);
  EXPECT_EQ(v->resolve_backing(*root, 99, false, &kind, &id, &size), uapi::kEBADF);
  // The write-back of a written range: the file's times move on.
  int e = 0;
  const uint64_t before = stat(root, "/tmp/m", &e).mtime_ns;
  EXPECT_EQ(v->pager_write(*root, id, 0, 0), 0);  // nothing written: nothing changes
  EXPECT_EQ(stat(root, "/tmp/m", &e).mtime_ns, before);
  ASSERT_EQ(v->pager_write(*root, id, 0, 4096), 0);
  EXPECT_GT(stat(root, "/tmp/m", &e).mtime_ns, before);
  EXPECT_EQ(v->pager_write(*root, id, 1u << 20, 4096), uapi::kEINVAL);  // past the segment
  EXPECT_EQ(v->pager_write(*root, id + 1000, 0, 4096), uapi::kENOENT);   // no file's segment
  v->close(*root, wo);
  v->close(*root, ro);
  v->close(*root, path);
  ASSERT_EQ(v->unlink(*root, kAtFdcwd, "/tmp/m", 0), 0);
  EXPECT_EQ(v->pager_write(*root, id, 0, 4096), uapi::kENOENT);  // gone with the file
}

TEST_F(VfsLogic, UnshareGivesAClientItsOwnMounts) {
  ASSERT_EQ(v->mkdir(*root, kAtFdcwd, "/m1", 0755), 0);
  ASSERT_EQ(v->mkdir(*root, kAtFdcwd, "/m2", 0755), 0);
  ASSERT_EQ(v->mount(*root, 0, "tmpfs", "/m1"), 0);
  Creds cr;  // a second root process (uid 0)
  ASSERT_EQ(v->register_client(1, 0x10007, 7, cr, 0, 022), 0);
  Client* other = v->client(0x10007);
  EXPECT_EQ(v->unshare(*nobody, uapi::kCLONE_NEWNS), uapi::kEPERM);
  EXPECT_EQ(v->unshare(*other, 0x40000000), uapi::kEINVAL);
  ASSERT_EQ(v->unshare(*other, uapi::kCLONE_NEWNS), 0);
  // The copy has /m1 mounted too; a mount made there is not seen outside.
  int e = 0;
  EXPECT_EQ(stat(other, "/m1", &e).mode & 07777, 01777u);
  ASSERT_EQ(v->mount(*other, 0, "tmpfs", "/m2"), 0);
  EXPECT_EQ(stat(other, "/m2", &e).mode & 07777, 01777u);
  EXPECT_EQ(stat(root, "/m2", &e).mode & 07777, 0755u);
  // A umount outside leaves the copy's mount of the same tree.
  ASSERT_EQ(v->close(*root, open(root, "/m1/shared", kCreat | kWr)), 0);
  ASSERT_EQ(v->umount(*root, 0, "/m1"), 0);
  stat(root, "/m1/shared", &e);
  EXPECT_EQ(e, uapi::kENOENT);
  stat(other, "/m1/shared", &e);
  EXPECT_EQ(e, 0);
  // The namespace (and its mounts) go with the last client using it.
  const uint64_t nodes = v->tree().stats().nodes;
  ASSERT_EQ(v->client_exit(1, 0x10007), 0);
  EXPECT_EQ(v->tree().stats().nodes, nodes - 3);  // both mounted roots and "shared"
}

TEST_F(VfsLogic, PivotRootInAnUnsharedNamespace) {
  Creds cr;
  ASSERT_EQ(v->register_client(1, 0x10008, 8, cr, 0, 022), 0);
  Client* box = v->client(0x10008);
  ASSERT_EQ(v->unshare(*box, uapi::kCLONE_NEWNS), 0);
  ASSERT_EQ(v->mkdir(*box, kAtFdcwd, "/newroot", 0755), 0);
  ASSERT_EQ(v->mount(*box, 0, "tmpfs", "/newroot"), 0);
  ASSERT_EQ(v->mkdir(*box, kAtFdcwd, "/newroot/old", 0755), 0);
  ASSERT_EQ(v->close(*box, open(box, "/newroot/inside", kCreat | kWr)), 0);
  EXPECT_EQ(v->pivot_root(*nobody, "/newroot", "/newroot/old"), uapi::kEPERM);
  EXPECT_EQ(v->pivot_root(*box, "/tmp", "/tmp"), uapi::kEINVAL);        // not a mounted root
  EXPECT_EQ(v->pivot_root(*box, "/newroot", "/tmp"), uapi::kEINVAL);    // put_old not below it
  ASSERT_EQ(v->pivot_root(*box, "/newroot", "/newroot/old"), 0);
  int e = 0;
  stat(box, "/inside", &e);
  EXPECT_EQ(e, 0);  // the new "/"
  stat(box, "/old/tmp", &e);
  EXPECT_EQ(e, 0);  // the old root at put_old
  EXPECT_EQ(stat(box, "/..", &e).ino, stat(box, "/", &e).ino);  // ".." of "/" is "/"
  char cwd[64];
  size_t len = 0;
  ASSERT_EQ(v->getcwd(*box, cwd, sizeof cwd, &len), 0);
  EXPECT_EQ(std::string(cwd, len), "/");  // moved from the old root to the new one
  stat(root, "/inside", &e);
  EXPECT_EQ(e, uapi::kENOENT);  // the other namespace is untouched
  ASSERT_EQ(v->umount(*box, 0, "/old"), 0);  // detaches the old root
  stat(box, "/old/tmp", &e);
  EXPECT_EQ(e, uapi::kENOENT);
  ASSERT_EQ(v->client_exit(1, 0x10008), 0);
}

TEST_F(VfsLogic, AFileSystemServerBehindTheMountTableIsReadOnly) {
  ASSERT_EQ(v->mkdir(*root, kAtFdcwd, "/srv", 0755), 0);
  const uint64_t keep = v->take_backend_slot();
  EXPECT_EQ(v->mount(*root, 0, "saltyfs", "/srv"), uapi::kENODEV);       // no server endpoint
  EXPECT_EQ(v->mount(*root, 0, "saltyfs", "/srv", 555, keep), uapi::kEIO);  // not a file-system server
  ASSERT_EQ(v->mount(*root, 0, "saltyfs", "/srv", 999, keep), 0);
  int e = 0;
  StatInfo st = stat(root, "/srv/hello.txt", &e);
  ASSERT_EQ(e, 0);
  EXPECT_EQ(st.size, 15u);
  EXPECT_EQ(st.mode, static_cast<uint64_t>(uapi::kS_IFREG | 0644));
  int fd = open(root, "/srv/hello.txt", kRd);
  EXPECT_EQ(read(root, fd, 100), "from the server");
  EXPECT_EQ(read(root, open(root, "/srv/sub/deep", kRd), 100), "deeper");
  stat(root, "/srv/nothing", &e);
  EXPECT_EQ(e, uapi::kENOENT);
  // Listing: ".", "..", then the server's names.
  int d = open(root, "/srv", kRd | uapi::kO_DIRECTORY);
  std::vector<std::string> names;
  for (;;) {
    uint64_t ino = 0;
    uint32_t type = 0;
    char name[128];
    size_t len = 0;
    ASSERT_EQ(v->readdir(*root, d, &ino, &type, name, sizeof name, &len), 0);
    if (len == 0) break;
    names.emplace_back(name, len);
  }
  EXPECT_EQ(names, (std::vector<std::string>{".", "..", "hello.txt", "sub"}));
  // The basic changes go to the server; the others are EROFS.
  int w = open(root, "/srv/hello.txt", kWr);
  ASSERT_GE(w, 0);
  EXPECT_EQ(write(root, w, "FROM"), 4);
  EXPECT_EQ(ops.fs[0].data, "FROM the server");
  int nf = open(root, "/srv/new", kCreat | kRw);
  ASSERT_GE(nf, 0);
  EXPECT_EQ(write(root, nf, std::string(300, 'n')), 300);  // one message through the mount's window
  EXPECT_EQ(ops.bulk_calls, 1u);
  std::string big(300, '\0');
  size_t got = 0;
  ASSERT_EQ(v->read(*root, nf, big.data(), big.size(), 0, &got), 0);  // and back the same way
  EXPECT_EQ(got, 300u);
  EXPECT_EQ(big, std::string(300, 'n'));
  EXPECT_EQ(ops.bulk_calls, 2u);
  EXPECT_EQ(stat(root, "/srv/new", &e).size, 300u);
  ASSERT_EQ(v->ftruncate(*root, nf, 10), 0);
  EXPECT_EQ(ops.fs.back().data, std::string(10, 'n'));
  ASSERT_EQ(v->mkdir(*root, kAtFdcwd, "/srv/d", 0755), 0);
  EXPECT_EQ(stat(root, "/srv/d", &e).mode & uapi::kS_IFMT, static_cast<uint64_t>(uapi::kS_IFDIR));
  EXPECT_EQ(v->unlink(*root, kAtFdcwd, "/srv/d", 0), uapi::kEISDIR);
  ASSERT_EQ(v->unlink(*root, kAtFdcwd, "/srv/d", uapi::kAT_REMOVEDIR), 0);
  stat(root, "/srv/d", &e);
  EXPECT_EQ(e, uapi::kENOENT);
  ASSERT_EQ(v->chmod(*root, kAtFdcwd, "/srv/hello.txt", 0600, 0), 0);
  EXPECT_EQ(ops.chmods, (std::vector<std::pair<uint64_t, uint32_t>>{{2, 0600}}));
  EXPECT_EQ(stat(root, "/srv/hello.txt", &e).mode & 07777, 0600u);
  ASSERT_EQ(v->setxattr(*root, kAtFdcwd, "/srv/hello.txt", 0, "user.k", "v", 0), 0);
  char xv[8];
  size_t xl = 0;
  ASSERT_EQ(v->getxattr(*root, kAtFdcwd, "/srv/hello.txt", 0, "user.k", xv, sizeof xv, &xl), 0);
  EXPECT_EQ(std::string(xv, xl), "v");
  EXPECT_EQ(ops.xattrs.size(), 1u);  // kept by the server
  EXPECT_EQ(v->setxattr(*root, kAtFdcwd, "/srv/hello.txt", 0, "bogus.k", "v", 0), uapi::kEOPNOTSUPP);  // the VFS's rules
  ASSERT_EQ(v->symlink(*root, "hello.txt", kAtFdcwd, "/srv/link"), 0);
  EXPECT_EQ(stat(root, "/srv/link", &e).size, 15u);  // followed to hello.txt
  ASSERT_EQ(v->rename(*root, kAtFdcwd, "/srv/new", kAtFdcwd, "/srv/sub/moved"), 0);
  stat(root, "/srv/new", &e);
  EXPECT_EQ(e, uapi::kENOENT);
  EXPECT_EQ(stat(root, "/srv/sub/moved", &e).size, 10u);  // asked again: the server's new name
  EXPECT_EQ(e, 0);
  EXPECT_EQ(v->rename(*root, kAtFdcwd, "/srv/sub/moved", kAtFdcwd, "/tmp/out"), uapi::kEXDEV);
  ASSERT_EQ(v->link(*root, kAtFdcwd, "/srv/sub/moved", kAtFdcwd, "/srv/new", 0), 0);
  EXPECT_EQ(stat(root, "/srv/new", &e).size, 10u);
  EXPECT_EQ(v->link(*root, kAtFdcwd, "/srv/sub", kAtFdcwd, "/srv/subl", 0), uapi::kEPERM);
  ASSERT_EQ(v->unlink(*root, kAtFdcwd, "/srv/sub/moved", 0), 0);
  for (int f : {w, nf}) v->close(*root, f);
  ASSERT_EQ(v->unlink(*root, kAtFdcwd, "/srv/new", 0), 0);
  ASSERT_EQ(v->unlink(*root, kAtFdcwd, "/srv/link", 0), 0);
  EXPECT_EQ(ops.fs.size(), 3u);
  EXPECT_EQ(v->umount(*root, 0, "/srv"), uapi::kEBUSY);  // fds are open
  for (int f : {fd, d, fd + 1}) v->close(*root, f);  // (the listing's fd and the two reads')
  ASSERT_EQ(v->umount(*root, 0, "/srv"), 0);
  EXPECT_EQ(ops.released, std::vector<uint64_t>{keep});  // its endpoint went with the mount
}

TEST_F(VfsLogic, PollOnAMixOfPipesSocketsAndFiles) {
  int r = -1, w = -1, a = -1, b = -1;
  ASSERT_EQ(v->pipe(*root, 0, &r, &w), 0);
  ASSERT_EQ(v->socketpair(*root, uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0, &a, &b), 0);
  int f = open(root, "/tmp/pf", kCreat | kRw);
  auto word = [](int fd, uint64_t ev) { return static_cast<uint32_t>(fd) | (ev << 32); };
  const uint64_t in = uapi::kPOLLIN, out = uapi::kPOLLOUT;
  uint64_t q[4] = {word(r, in), word(b, in), word(a, out), word(f, in | out)};
  uint64_t rev[4] = {};
  uint64_t ready = 0;
  ASSERT_EQ(v->poll(*root, q, 4, 0, rev, &ready), 0);
  EXPECT_EQ(ready, 2u);  // the socket is writable, the file always ready
  EXPECT_EQ(rev[0], 0u);
  EXPECT_EQ(rev[1], 0u);
  EXPECT_EQ(rev[2], out);
  EXPECT_EQ(rev[3], in | out);
  // Waiting on the pipe and the socket: data on the socket answers it.
  ASSERT_EQ(v->poll(*root, q, 2, -1, rev, &ready), kDeferred);
  size_t sent = 0;
  ASSERT_EQ(v->sendmsg(*root, a, 0, nullptr, 0, "s", 1, &sent), 0);
  ASSERT_EQ(ops.answers.size(), 1u);
  const lib::Reply& rp = ops.answers.begin()->second;
  EXPECT_EQ(rp.mr[0], 1u);   // one ready
  EXPECT_EQ(rp.mr[2], 0u);   // the pipe: nothing
  EXPECT_EQ(rp.mr[3], in);   // the socket: readable
  // The peer closes: POLLIN (EOF) and POLLRDHUP-style readiness, then POLLHUP once both ways are done.
  ASSERT_EQ(v->close(*root, a), 0);
  ASSERT_EQ(v->poll(*root, q + 1, 1, 0, rev, &ready), 0);
  EXPECT_EQ(rev[0] & in, in);
  EXPECT_EQ(rev[0] & uapi::kPOLLHUP, static_cast<uint64_t>(uapi::kPOLLHUP));
}

TEST_F(VfsLogic, TheTmpfsSizeLimitIsEnospcNotAnOutOfMemoryServer) {
  int fd = open(root, "/tmp/huge", kCreat | kWr);
  std::string block(64 * 1024, 'b');
  size_t done = 0;
  uint64_t total = 0;
  int e = 0;
  for (;;) {
    e = v->write(*root, fd, block.data(), block.size(), -1, &done);
    total += done;
    if (e != 0 || done < block.size()) break;
  }
  if (e == 0) e = v->write(*root, fd, block.data(), block.size(), -1, &done);  // after a short write: the error
  EXPECT_EQ(e, uapi::kENOSPC);
  EXPECT_EQ(total, kMaxDataPages * kPageBytes);
  int other = open(root, "/tmp/other", kCreat | kWr);
  EXPECT_EQ(v->write(*root, other, "x", 1, -1, &done), uapi::kENOSPC);
  ASSERT_EQ(v->ftruncate(*root, fd, 0), 0);  // room again
  EXPECT_EQ(v->write(*root, other, "x", 1, -1, &done), 0);
}

TEST_F(VfsLogic, ConnectWaitsForRoomInTheBacklog) {
  int l = -1;
  ASSERT_EQ(v->socket(*nobody, uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0, &l), 0);
  ASSERT_EQ(v->bind(*nobody, l, "/tmp/b.sock"), 0);
  ASSERT_EQ(v->listen(*nobody, l, 1), 0);
  int a = -1, b = -1, c = -1, d = -1;
  for (int* s : {&a, &b, &c}) ASSERT_EQ(v->socket(*root, uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0, s), 0);
  ASSERT_EQ(v->socket(*root, uapi::kAF_UNIX, uapi::kSOCK_STREAM | 0x800 /*SOCK_NONBLOCK*/, 0, &d), 0);
  ASSERT_EQ(v->connect(*root, a, "/tmp/b.sock"), 0);         // queued
  EXPECT_EQ(v->connect(*root, d, "/tmp/b.sock"), uapi::kEAGAIN);  // full, non-blocking
  ASSERT_EQ(v->connect(*root, b, "/tmp/b.sock"), kDeferred);  // full: waits
  int got = -1;
  ASSERT_EQ(v->accept(*nobody, l, 0, &got), 0);              // a's; room for b
  ASSERT_EQ(ops.answers.size(), 1u);
  EXPECT_EQ(ops.answers.begin()->second.label, uapi::TRONA_OK);
  ASSERT_EQ(v->accept(*nobody, l, 0, &got), 0);              // b's
  size_t sent = 0;
  ASSERT_EQ(v->sendmsg(*root, b, 0, nullptr, 0, "hi", 2, &sent), 0);
  EXPECT_EQ(read(nobody, got, 10), "hi");
  // A connect still waiting when the listener goes: ECONNREFUSED.
  ASSERT_EQ(v->connect(*root, c, "/tmp/b.sock"), 0);  // fills it again
  int e2 = -1;
  ASSERT_EQ(v->socket(*root, uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0, &e2), 0);
  ASSERT_EQ(v->connect(*root, e2, "/tmp/b.sock"), kDeferred);
  ASSERT_EQ(v->close(*nobody, l), 0);
  ASSERT_EQ(ops.answers.size(), 2u);
  EXPECT_EQ(ops.answers.rbegin()->second.label, 0x5F00u + uapi::kECONNREFUSED);
  EXPECT_EQ(v->stats().waiters, 0u);
}

}  // namespace
