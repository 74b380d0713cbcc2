// The host column: FsOps over the host kernel, and the row loop that
// gives each row a fresh directory under a mkdtemp scratch tree.
//
// Identities: rows that act as nobody run, when the test is root, in a
// forked child that drops its groups (setgroups(0)) and switches with
// setresgid/setresuid(65534, 65534, 0) — real and effective nobody, the
// saved id root, so an `as root:` step can switch back; the outcome comes
// back through a pipe. When the test is not root, nobody rows run in the
// test process as the current (unprivileged) user, and rows that need
// root (`needs root`, or with an `as root:` step) are skipped.
// SIGPIPE is ignored while the rows run (EPIPE rows).
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "columns.h"

namespace vfs_table {

namespace {

long ret(long r) { return r < 0 ? -errno : r; }

void fill(const struct ::stat& s, FsStat* st) {
  *st = {s.st_mode, s.st_nlink, static_cast<unsigned long>(s.st_size), s.st_uid, s.st_gid, s.st_ino};
}

long stat_ret(int r, const struct ::stat& s, FsStat* st) {
  if (r < 0) return -errno;
  fill(s, st);
  return 0;
}

struct HostFs final : FsOps {
  explicit HostFs(std::string root) : root_(std::move(root)), privileged_(::geteuid() == 0) {}

  long become(Who who) override {
    if (!privileged_) return who == Who::kNobody ? 0 : -EPERM;  // unprivileged: as we are
    const uid_t id = who == Who::kNobody ? kNobodyId : 0;
    if (who == Who::kNobody) {  // groups while still root
      if (::setresgid(id, id, 0) < 0 || ::setresuid(id, id, 0) < 0) return -errno;
    } else if (::setresuid(0, 0, 0) < 0 || ::setresgid(0, 0, 0) < 0) {
      return -errno;
    }
    return 0;
  }
  unsigned uid() override { return ::geteuid(); }
  unsigned gid() override { return ::getegid(); }
  std::string scratch_root() override { return root_; }

  long open(const std::string& p, long fl, long m) override { return ret(::open(p.c_str(), int(fl), mode_t(m))); }
  long openat(long d, const std::string& p, long fl, long m) override {
    return ret(::openat(int(d), p.c_str(), int(fl), mode_t(m)));
  }
  long close(long fd) override { return ret(::close(int(fd))); }
  long read(long fd, std::string* out, long n) override {
    out->assign(static_cast<size_t>(n > 0 ? n : 0), '\0');
    long r = ret(::read(int(fd), out->data(), out->size()));
    out->resize(r > 0 ? static_cast<size_t>(r) : 0);
    return r;
  }
  long write(long fd, const std::string& d) override { return ret(::write(int(fd), d.data(), d.size())); }
  long pread(long fd, std::string* out, long n, long off) override {
    out->assign(static_cast<size_t>(n > 0 ? n : 0), '\0');
    long r = ret(::pread(int(fd), out->data(), out->size(), off));
    out->resize(r > 0 ? static_cast<size_t>(r) : 0);
    return r;
  }
  long pwrite(long fd, const std::string& d, long off) override {
    return ret(::pwrite(int(fd), d.data(), d.size(), off));
  }
  long lseek(long fd, long off, long wh) override { return ret(::lseek(int(fd), off, int(wh))); }
  long ftruncate(long fd, long len) override { return ret(::ftruncate(int(fd), len)); }
  long truncate(const std::string& p, long len) override { return ret(::truncate(p.c_str(), len)); }
  long fsync(long fd) override { return ret(::fsync(int(fd))); }

  long stat(const std::string& p, FsStat* st) override {
    struct ::stat s {};
    return stat_ret(::stat(p.c_str(), &s), s, st);
  }
  long lstat(const std::string& p, FsStat* st) override {
    struct ::stat s {};
    return stat_ret(::lstat(p.c_str(), &s), s, st);
  }
  long fstat(long fd, FsStat* st) override {
    struct ::stat s {};
    return stat_ret(::fstat(int(fd), &s), s, st);
  }
  long fstatat(long d, const std::string& p, FsStat* st, long fl) override {
    struct ::stat s {};
    return stat_ret(::fstatat(int(d), p.c_str(), &s, int(fl)), s, st);
  }
  long access(const std::string& p, long m) override { return ret(::access(p.c_str(), int(m))); }
  long faccessat(long d, const std::string& p, long m, long fl) override {
    return ret(::faccessat(int(d), p.c_str(), int(m), int(fl)));
  }
  long chmod(const std::string& p, long m) override { return ret(::chmod(p.c_str(), mode_t(m))); }
  long fchmod(long fd, long m) override { return ret(::fchmod(int(fd), mode_t(m))); }
  long fchmodat(long d, const std::string& p, long m, long fl) override {
    return ret(::fchmodat(int(d), p.c_str(), mode_t(m), int(fl)));
  }
  long chown(const std::string& p, long u, long g) override { return ret(::chown(p.c_str(), uid_t(u), gid_t(g))); }
  long fchown(long fd, long u, long g) override { return ret(::fchown(int(fd), uid_t(u), gid_t(g))); }
  long lchown(const std::string& p, long u, long g) override { return ret(::lchown(p.c_str(), uid_t(u), gid_t(g))); }
  long utimensat(long d, const std::string& p, long an, long mn, long fl) override {
    const struct timespec t[2] = {{0, an}, {0, mn}};
    return ret(::utimensat(int(d), p.c_str(), t, int(fl)));
  }
  long umask(long m) override { return ::umask(mode_t(m)); }

  long unlink(const std::string& p) override { return ret(::unlink(p.c_str())); }
  long unlinkat(long d, const std::string& p, long fl) override { return ret(::unlinkat(int(d), p.c_str(), int(fl))); }
  long mkdir(const std::string& p, long m) override { return ret(::mkdir(p.c_str(), mode_t(m))); }
  long mkdirat(long d, const std::string& p, long m) override { return ret(::mkdirat(int(d), p.c_str(), mode_t(m))); }
  long rmdir(const std::string& p) override { return ret(::rmdir(p.c_str())); }
  long rename(const std::string& a, const std::string& b) override { return ret(::rename(a.c_str(), b.c_str())); }
  long renameat(long da, const std::string& a, long db, const std::string& b) override {
    return ret(::renameat(int(da), a.c_str(), int(db), b.c_str()));
  }
  long link(const std::string& a, const std::string& b) override { return ret(::link(a.c_str(), b.c_str())); }
  long linkat(long da, const std::string& a, long db, const std::string& b, long fl) override {
    return ret(::linkat(int(da), a.c_str(), int(db), b.c_str(), int(fl)));
  }
  long symlink(const std::string& t, const std::string& l) override { return ret(::symlink(t.c_str(), l.c_str())); }
  long symlinkat(const std::string& t, long d, const std::string& l) override {
    return ret(::symlinkat(t.c_str(), int(d), l.c_str()));
  }
  long readlink(const std::string& p, std::string* out) override {
    char buf[PATH_MAX];
    long r = ret(::readlink(p.c_str(), buf, sizeof buf));
    if (r >= 0) out->assign(buf, static_cast<size_t>(r));
    return r;
  }
  long mkfifo(const std::string& p, long m) override { return ret(::mkfifo(p.c_str(), mode_t(m))); }
  long readdir_all(const std::string& p, std::vector<std::string>* names) override {
    DIR* d = ::opendir(p.c_str());
    if (!d) return -errno;
    while (struct dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names->push_back(n);
    }
    ::closedir(d);
    std::sort(names->begin(), names->end());
    return 0;
  }

  long dup(long fd) override { return ret(::dup(int(fd))); }
  long dup2(long a, long b) override { return ret(::dup2(int(a), int(b))); }
  long dup3(long a, long b, long fl) override { return ret(::dup3(int(a), int(b), int(fl))); }
  long pipe(long fl, long fds[2]) override {
    int p[2];
    if (::pipe2(p, int(fl)) < 0) return -errno;
    fds[0] = p[0];
    fds[1] = p[1];
    return 0;
  }
  // F_GETFL without the kernel's O_LARGEFILE (0100000; a 64-bit kernel
  // sets it on every open file, glibc defines O_LARGEFILE 0; SaltyOS has
  // no such flag).
  long fcntl(long fd, long cmd, long arg) override {
    long r = ret(::fcntl(int(fd), int(cmd), arg));
    return cmd == F_GETFL && r > 0 ? r & ~long{0100000} : r;
  }
  long chdir(const std::string& p) override { return ret(::chdir(p.c_str())); }
  long fchdir(long fd) override { return ret(::fchdir(int(fd))); }
  long getcwd(std::string* out) override {
    char buf[PATH_MAX];
    if (!::getcwd(buf, sizeof buf)) return -errno;
    *out = buf;
    return 0;
  }

 private:
  std::string root_;
  bool privileged_;  // root when made (the saved id stays root after become)
};

// Removes `path` and everything below it, making directories searchable
// and writable first (rows leave 0000 directories behind).
void remove_tree(const std::string& path) {
  struct ::stat s {};
  if (::lstat(path.c_str(), &s) != 0) return;
  if (S_ISDIR(s.st_mode)) {
    ::chmod(path.c_str(), 0700);
    if (DIR* d = ::opendir(path.c_str())) {
      std::vector<std::string> names;
      while (struct dirent* e = ::readdir(d))
        if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") names.push_back(e->d_name);
      ::closedir(d);
      for (const std::string& n : names) remove_tree(path + "/" + n);
    }
    ::rmdir(path.c_str());
  } else {
    ::unlink(path.c_str());
  }
}

// The scratch tree: made at the start, removed at the end (also when a
// row throws), the working directory restored.
struct Scratch {
  Scratch() {
    const char* tmp = std::getenv("TMPDIR");
    std::string base = std::string(tmp && *tmp ? tmp : "/tmp") + "/vfs_table.XXXXXX";
    if (!::mkdtemp(base.data())) throw std::runtime_error("mkdtemp " + base + ": " + std::to_string(errno));
    char real[PATH_MAX];
    root = ::realpath(base.c_str(), real) ? real : base;
    ::chmod(root.c_str(), 0755);  // nobody's rows must reach their directories
    char cwd[PATH_MAX];
    old_cwd = ::getcwd(cwd, sizeof cwd) ? cwd : "/";
    old_umask = ::umask(022);
    old_pipe = ::signal(SIGPIPE, SIG_IGN);
  }
  ~Scratch() {
    (void)::chdir(old_cwd.c_str());
    ::umask(old_umask);
    ::signal(SIGPIPE, old_pipe);
    remove_tree(root);
  }
  std::string root, old_cwd;
  mode_t old_umask;
  void (*old_pipe)(int);
};

// The outcome through the child's pipe: four length-prefixed fields.
std::string encode(const RowOutcome& o) {
  std::string s;
  for (const std::string& f : {o.name, std::string(o.passed ? "1" : "0"), o.status, o.observed})
    s += std::to_string(f.size()) + ":" + f;
  return s;
}

RowOutcome decode(const std::string& s, const std::string& name) {
  std::vector<std::string> f;
  size_t i = 0;
  while (i < s.size() && f.size() < 4) {
    size_t colon = s.find(':', i);
    if (colon == std::string::npos) break;
    size_t n = std::stoul(s.substr(i, colon - i));
    f.push_back(s.substr(colon + 1, n));
    i = colon + 1 + n;
  }
  RowOutcome o;
  o.name = name;
  if (f.size() != 4) {
    o.status = "the row's child process died before reporting";
    return o;
  }
  o.passed = f[1] == "1";
  o.status = f[2];
  o.observed = f[3];
  return o;
}

// The row in a forked child (root switching identities), reported back.
RowOutcome run_in_child(const Row& row, const std::string& dir) {
  int p[2];
  if (::pipe(p) != 0) return {row.name, false, false, "pipe failed", ""};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(p[0]);
    std::string msg;
    if (::chdir(dir.c_str()) != 0 || ::setgroups(0, nullptr) != 0) {
      msg = encode({row.name, false, false, "child setup failed: " + std::to_string(errno), ""});
    } else {
      HostFs fs(dir);
      msg = encode(run_row(fs, row));
    }
    for (size_t off = 0; off < msg.size();) {
      ssize_t w = ::write(p[1], msg.data() + off, msg.size() - off);
      if (w <= 0) break;
      off += static_cast<size_t>(w);
    }
    ::_exit(0);
  }
  ::close(p[1]);
  std::string got;
  char buf[4096];
  for (ssize_t n; (n = ::read(p[0], buf, sizeof buf)) > 0;) got.append(buf, static_cast<size_t>(n));
  ::close(p[0]);
  int status = 0;
  if (pid > 0) ::waitpid(pid, &status, 0);
  return decode(got, row.name);
}

}  // namespace

std::vector<RowOutcome> run_rows_on_host(const std::vector<Row>& rows) {
  Scratch scratch;
  const bool root = ::geteuid() == 0;
  std::vector<RowOutcome> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    if (!root && (row.needs_root || row.has_root_steps())) {
      out.push_back({row.name, true, false, "skipped: needs root", ""});
      continue;
    }
    const std::string dir = scratch.root + "/r" + std::to_string(i);
    if (::mkdir(dir.c_str(), 0755) != 0) throw std::runtime_error("mkdir " + dir);
    if (root && row.switches_user()) {
      ::chmod(dir.c_str(), 0777);
      out.push_back(run_in_child(row, dir));
      continue;
    }
    if (::chdir(dir.c_str()) != 0) throw std::runtime_error("chdir " + dir);
    HostFs fs(dir);
    out.push_back(run_row(fs, row));
    (void)::chdir(scratch.root.c_str());
  }
  return out;
}

}  // namespace vfs_table
