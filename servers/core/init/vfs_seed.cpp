// init/vfs_seed.cpp — see vfs_seed.h.
#include "core/init/vfs_seed.h"

#include "core/init/cpio.h"
#include "core/init/init_support.h"
#include "lib/format.h"
#include "trona/clients/vfs_client.h"
#include "trona/core/debug_put.h"
#include "uapi/linux_numbers.h"

namespace init {

namespace {

// The scratch slot the minted VFS endpoint sits in while init copies.
inline constexpr uint64_t kSeedVfsSlot = kScratch + 15;
inline constexpr uint64_t kVfsRootBadge = 1;

bool seeded(lib::Str name) {
  const lib::Str tops[] = {"etc", "bin", "root", "home"};
  for (lib::Str top : tops)
    if (name.equals(top) || (name.starts_with(top) && name.size > top.size && name[top.size] == '/')) return true;
  return false;
}

// Decimal field of a passwd line.
bool number(lib::Str s, uint64_t* v) {
  *v = 0;
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    *v = *v * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

// Each account's home directory under /home belongs to it (the cpio
// entries are root's).
void give_homes(const trona::VfsClient& vfs, lib::Str initrd) {
  lib::Str passwd;
  if (!cpio::find_file(initrd, "etc/passwd", &passwd)) return;
  size_t start = 0;
  while (start < passwd.size) {
    size_t end = passwd.find('\n', start);
    if (end == lib::Str::npos) end = passwd.size;
    lib::Str line = passwd.sub(start, end - start);
    start = end + 1;
    lib::Str f[7];
    size_t n = 0, from = 0;
    for (size_t i = 0; i <= line.size && n < 7; ++i)
      if (i == line.size || line[i] == ':') {
        f[n++] = line.sub(from, i - from);
        from = i + 1;
      }
    uint64_t uid = 0, gid = 0;
    if (n < 7 || !number(f[2], &uid) || !number(f[3], &gid) || !f[5].starts_with("/home/")) continue;
    char path[trona::kVfsPathMax + 1];
    if (f[5].size > trona::kVfsPathMax) continue;
    for (size_t i = 0; i < f[5].size; ++i) path[i] = f[5][i];
    path[f[5].size] = '\0';
    vfs.fchownat(uapi::kAT_FDCWD, path, uid, gid, 0);
  }
}

void log_failure(lib::Str path, int e) {
  char buf[160];
  lib::Formatter f(buf, sizeof buf);
  f.put("init: cannot seed /").put(path).put(" (errno ").dec(static_cast<uint64_t>(e)).put(")\n");
  lib::debug_put(f.str());
}

int copy_file(const trona::VfsClient& vfs, const char* path, lib::Str data, uint32_t perm) {
  int fd = -1;
  int e = vfs.open(path, uapi::kO_WRONLY | uapi::kO_CREAT | uapi::kO_TRUNC, perm, &fd);
  if (e != 0) return e;
  while (e == 0 && !data.empty()) {
    size_t done = 0;
    e = vfs.write(fd, data.data, data.size, &done);
    if (e == 0 && done == 0) e = uapi::kEIO;
    data = data.tail_from(done);
  }
  vfs.fchmod(fd, perm);  // the umask of the VFS's root client must not narrow it
  vfs.close(fd);
  return e;
}

// /var/log/messages: what init knows of the boot, one line per service.
// (The file is made by the time the boot ends; later lines are not added.)
void write_boot_log(const trona::VfsClient& vfs, const Boot& b) {
  vfs.mkdir("/var", 0755);
  vfs.mkdir("/var/log", 0755);
  int fd = -1;
  if (vfs.open("/var/log/messages", uapi::kO_WRONLY | uapi::kO_CREAT | uapi::kO_TRUNC, 0644, &fd) != 0) return;
  for (size_t i = 0; i < b.plan.services.size(); ++i) {
    char buf[128];
    lib::Formatter f(buf, sizeof buf);
    f.put("init: ").put(b.plan.services[i].unit->name.str());
    if (b.run[i].failed) f.put(" failed");
    else if (b.run[i].started && b.run[i].pid != 0) f.put(" started, pid ").dec(b.run[i].pid);
    else if (b.run[i].started) f.put(" started");
    else f.put(" not started");
    f.put('\n');
    size_t done = 0;
    vfs.write(fd, f.str().data, f.size(), &done);
  }
  vfs.close(fd);
}

}  // namespace

// The VFS's endpoint minted with its root identity into kSeedVfsSlot;
// false when the VFS did not start.
bool vfs_endpoint(const Boot& b) {
  const int vfs_index = b.plan.find("vfs");
  if (vfs_index < 0 || b.run[vfs_index].failed) return false;
  clear_slot(kSeedVfsSlot);
  return inv(uapi::SLOT_SELF_CNODE, uapi::CNODE_MINT, b.plan.services[static_cast<size_t>(vfs_index)].endpoint_slot,
             uapi::SLOT_SELF_CNODE, kSeedVfsSlot, kVfsRootBadge) == uapi::TRONA_OK;
}

size_t seed_vfs(const Boot& b) {
  if (!vfs_endpoint(b)) return 0;
  trona::VfsClient vfs(kSeedVfsSlot);
  cpio::Reader r(b.initrd);
  cpio::Entry e;
  size_t copied = 0;
  while (r.next(&e)) {
    if (!seeded(e.name) || e.name.size + 2 > trona::kVfsPathMax) continue;
    char path[trona::kVfsPathMax + 1];
    path[0] = '/';
    for (size_t i = 0; i < e.name.size; ++i) path[1 + i] = e.name[i];
    path[1 + e.name.size] = '\0';
    const uint32_t perm = e.mode & 07777;
    int err = 0;
    if ((e.mode & 0170000) == 0040000) {
      err = vfs.mkdir(path, perm);
      if (err == uapi::kEEXIST) err = 0;
      if (err == 0) vfs.fchmodat(uapi::kAT_FDCWD, path, perm, 0);
    } else if (e.is_file()) {
      err = copy_file(vfs, path, e.data, perm);
    } else {
      continue;
    }
    if (err != 0) {
      log_failure(e.name, err);
      continue;
    }
    ++copied;
  }
  give_homes(vfs, b.initrd);
  clear_slot(kSeedVfsSlot);
  char buf[96];
  lib::Formatter f(buf, sizeof buf);
  f.put("init: seeded the VFS with ").dec(copied).put(" entries from the initrd\n");
  lib::debug_put(f.str());
  return copied;
}

void write_boot_log(const Boot& b) {
  if (!vfs_endpoint(b)) return;
  write_boot_log(trona::VfsClient(kSeedVfsSlot), b);
  clear_slot(kSeedVfsSlot);
}

}  // namespace init
