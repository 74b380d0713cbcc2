// SimFs: FsOps over trona::posix, for rows running in a simulated
// process (sim_runner.cpp). Each call is the trona::posix function;
// failures return -errno. Identities go through procmgr
// (PM_SETRESGID/SETRESUID/SETGROUPS, as the host: real and effective
// 65534, the saved id root).
#include <algorithm>

#include "columns.h"
#include "trona/clients/procmgr_client.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "trona/posix/file.h"
#include "trona/posix/process.h"

namespace vfs_table {

namespace {

namespace px = trona::posix;

long ret(long r) { return r < 0 ? -static_cast<long>(px::errno_ref()) : r; }

long stat_ret(int r, const px::Stat& s, FsStat* st) {
  if (r < 0) return ret(r);
  *st = {s.st_mode, s.st_nlink, static_cast<unsigned long>(s.st_size), s.st_uid, s.st_gid, s.st_ino};
  return 0;
}

const char* c(const std::string& s) { return s.c_str(); }
int i(long v) { return static_cast<int>(v); }
px::mode_t m(long v) { return static_cast<px::mode_t>(v); }

struct SimFs final : FsOps {
  explicit SimFs(std::string root) : root_(std::move(root)) {}

  long become(Who who) override {
    trona::ProcmgrClient pm;
    const uint64_t id = who == Who::kNobody ? kNobodyId : 0;
    if (who == Who::kNobody) {
      if (int e = pm.setgroups(nullptr, 0); e != 0) return -e;
      if (int e = pm.setresgid(id, id, 0); e != 0) return -e;
      if (int e = pm.setresuid(id, id, 0); e != 0) return -e;
      return 0;
    }
    if (int e = pm.setresuid(0, 0, 0); e != 0) return -e;
    if (int e = pm.setresgid(0, 0, 0); e != 0) return -e;
    return 0;
  }
  unsigned uid() override { return px::geteuid(); }
  unsigned gid() override { return px::getegid(); }
  std::string scratch_root() override { return root_; }

  long open(const std::string& p, long fl, long md) override { return ret(px::open(c(p), i(fl), m(md))); }
  long openat(long d, const std::string& p, long fl, long md) override {
    return ret(px::openat(i(d), c(p), i(fl), m(md)));
  }
  long close(long fd) override { return ret(px::close(i(fd))); }
  long read(long fd, std::string* out, long n) override {
    out->assign(static_cast<size_t>(std::max(n, 0L)), '\0');
    long r = ret(px::read(i(fd), out->data(), out->size()));
    out->resize(r > 0 ? static_cast<size_t>(r) : 0);
    return r;
  }
  long write(long fd, const std::string& d) override { return ret(px::write(i(fd), d.data(), d.size())); }
  long pread(long fd, std::string* out, long n, long off) override {
    out->assign(static_cast<size_t>(std::max(n, 0L)), '\0');
    long r = ret(px::pread(i(fd), out->data(), out->size(), off));
    out->resize(r > 0 ? static_cast<size_t>(r) : 0);
    return r;
  }
  long pwrite(long fd, const std::string& d, long off) override {
    return ret(px::pwrite(i(fd), d.data(), d.size(), off));
  }
  long lseek(long fd, long off, long wh) override { return ret(px::lseek(i(fd), off, i(wh))); }
  long ftruncate(long fd, long len) override { return ret(px::ftruncate(i(fd), len)); }
  long truncate(const std::string& p, long len) override { return ret(px::truncate(c(p), len)); }
  long fsync(long fd) override { return ret(px::fsync(i(fd))); }

  long stat(const std::string& p, FsStat* st) override {
    px::Stat s{};
    return stat_ret(px::stat(c(p), &s), s, st);
  }
  long lstat(const std::string& p, FsStat* st) override {
    px::Stat s{};
    return stat_ret(px::lstat(c(p), &s), s, st);
  }
  long fstat(long fd, FsStat* st) override {
    px::Stat s{};
    return stat_ret(px::fstat(i(fd), &s), s, st);
  }
  long fstatat(long d, const std::string& p, FsStat* st, long fl) override {
    px::Stat s{};
    return stat_ret(px::fstatat(i(d), c(p), &s, i(fl)), s, st);
  }
  long access(const std::string& p, long md) override { return ret(px::access(c(p), i(md))); }
  long faccessat(long d, const std::string& p, long md, long fl) override {
    return ret(px::faccessat(i(d), c(p), i(md), i(fl)));
  }
  long chmod(const std::string& p, long md) override { return ret(px::chmod(c(p), m(md))); }
  long fchmod(long fd, long md) override { return ret(px::fchmod(i(fd), m(md))); }
  long fchmodat(long d, const std::string& p, long md, long fl) override {
    return ret(px::fchmodat(i(d), c(p), m(md), i(fl)));
  }
  long chown(const std::string& p, long u, long g) override {
    return ret(px::chown(c(p), static_cast<px::uid_t>(u), static_cast<px::gid_t>(g)));
  }
  long fchown(long fd, long u, long g) override {
    return ret(px::fchown(i(fd), static_cast<px::uid_t>(u), static_cast<px::gid_t>(g)));
  }
  long lchown(const std::string& p, long u, long g) override {
    return ret(px::lchown(c(p), static_cast<px::uid_t>(u), static_cast<px::gid_t>(g)));
  }
  long utimensat(long d, const std::string& p, long an, long mn, long fl) override {
    const px::timespec t[2] = {{0, static_cast<uint64_t>(an)}, {0, static_cast<uint64_t>(mn)}};
    return ret(px::utimensat(i(d), c(p), t, i(fl)));
  }
  long umask(long md) override { return px::umask(m(md)); }

  long unlink(const std::string& p) override { return ret(px::unlink(c(p))); }
  long unlinkat(long d, const std::string& p, long fl) override { return ret(px::unlinkat(i(d), c(p), i(fl))); }
  long mkdir(const std::string& p, long md) override { return ret(px::mkdir(c(p), m(md))); }
  long mkdirat(long d, const std::string& p, long md) override { return ret(px::mkdirat(i(d), c(p), m(md))); }
  long rmdir(const std::string& p) override { return ret(px::rmdir(c(p))); }
  long rename(const std::string& a, const std::string& b) override { return ret(px::rename(c(a), c(b))); }
  long renameat(long da, const std::string& a, long db, const std::string& b) override {
    return ret(px::renameat(i(da), c(a), i(db), c(b)));
  }
  long link(const std::string& a, const std::string& b) override { return ret(px::link(c(a), c(b))); }
  long linkat(long da, const std::string& a, long db, const std::string& b, long fl) override {
    return ret(px::linkat(i(da), c(a), i(db), c(b), i(fl)));
  }
  long symlink(const std::string& t, const std::string& l) override { return ret(px::symlink(c(t), c(l))); }
  long symlinkat(const std::string& t, long d, const std::string& l) override {
    return ret(px::symlinkat(c(t), i(d), c(l)));
  }
  long readlink(const std::string& p, std::string* out) override {
    char buf[256];
    long r = ret(px::readlink(c(p), buf, sizeof buf));
    if (r >= 0) out->assign(buf, static_cast<size_t>(r));
    return r;
  }
  long mkfifo(const std::string& p, long md) override { return ret(px::mkfifo(c(p), m(md))); }
  long readdir_all(const std::string& p, std::vector<std::string>* names) override {
    px::DIR* d = px::opendir(c(p));
    if (!d) return ret(-1);
    px::errno_ref() = 0;
    while (px::dirent* e = px::readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names->push_back(n);
    }
    const long err = px::errno_ref();
    px::closedir(d);
    std::sort(names->begin(), names->end());
    return -err;
  }

  long dup(long fd) override { return ret(px::dup(i(fd))); }
  long dup2(long a, long b) override { return ret(px::dup2(i(a), i(b))); }
  long dup3(long a, long b, long fl) override { return ret(px::dup3(i(a), i(b), i(fl))); }
  long pipe(long fl, long fds[2]) override {
    int p[2] = {-1, -1};
    if (px::pipe2(p, i(fl)) < 0) return ret(-1);
    fds[0] = p[0];
    fds[1] = p[1];
    return 0;
  }
  long fcntl(long fd, long cmd, long arg) override { return ret(px::fcntl(i(fd), i(cmd), arg)); }
  long chdir(const std::string& p) override { return ret(px::chdir(c(p))); }
  long fchdir(long fd) override { return ret(px::fchdir(i(fd))); }
  long getcwd(std::string* out) override {
    char buf[256];
    if (!px::getcwd(buf, sizeof buf)) return ret(-1);
    *out = buf;
    return 0;
  }

 private:
  std::string root_;
};

}  // namespace

std::unique_ptr<FsOps> make_sim_fs(std::string scratch_root) { return std::make_unique<SimFs>(std::move(scratch_root)); }

}  // namespace vfs_table
