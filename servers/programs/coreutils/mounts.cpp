// programs/coreutils — mount, umount, df.
//
// The VFS does not report its mount table (no label lists mounts), so
// these keep one the way mount(8) did before /proc/mounts: /etc/mtab,
// "SOURCE TARGET TYPE OPTIONS 0 0" lines that mount appends after a
// successful mount(2) and umount removes after umount(2). Mounts made
// without these programs are not in it. The root (the VFS's tmpfs) is
// always listed first. df has no statfs label to ask either: it shows the
// one number the VFS reports, the data pages of all its tmpfs files
// (VFS_DUMP_PENDING), as the "Used" of the root, and "-" for what is not
// known (size, available, use%), and the mtab entries with "-" too.
// util-linux's messages and statuses: 32 for a failed mount/umount, 1 for
// usage and permission errors.
#include "programs/coreutils/util.h"
#include "proto/vfs_client.h"
#include "trona/posix/errno.h"
#include "trona/posix/mount.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

constexpr const char* kMtab = "/etc/mtab";
constexpr const char* kRootLine = "tmpfs / tmpfs rw 0 0";

// The mtab lines (root first), into b.
void read_mtab(Buf* b) {
  b->append(kRootLine);
  b->push('\n');
  int fd = px::open(kMtab, uapi::kO_RDONLY);
  if (fd < 0) return;
  read_all(fd, b);
  px::close(fd);
}

// Field k (0-based, space-separated) of a line.
Str field(Str line, int k) {
  size_t i = 0;
  for (int f = 0;; ++f) {
    while (i < line.size && line[i] == ' ') ++i;
    size_t s = i;
    while (i < line.size && line[i] != ' ') ++i;
    if (f == k) return line.sub(s, i - s);
    if (i >= line.size) return Str();
  }
}

// Rewrites /etc/mtab without the last line whose target is `target`.
void mtab_remove(Str target) {
  Buf b;
  int fd = px::open(kMtab, uapi::kO_RDONLY);
  if (fd < 0) return;
  read_all(fd, &b);
  px::close(fd);
  Lines lines;
  if (!lines.split(b.str())) return;
  size_t drop = lines.count;
  for (size_t i = 0; i < lines.count; ++i)
    if (field(lines.at[i], 1) == target) drop = i;
  Buf out;
  for (size_t i = 0; i < lines.count; ++i)
    if (i != drop) {
      out.append(lines.at[i]);
      out.push('\n');
    }
  fd = px::open(kMtab, uapi::kO_WRONLY | uapi::kO_TRUNC);
  if (fd < 0) return;
  write_all(fd, out.str());
  px::close(fd);
}

}  // namespace

int mount_main(Prog& p, int argc, char** argv) {
  const char* type = nullptr;
  Opts o(argc, argv, "t:o:nv");
  for (int c; (c = o.next()) != 0;) {
    if (c == 't') type = o.arg();
    else if (c == 'o' || c == 'n' || c == 'v') continue;
    else if (c == ':') return p.missing_arg('t', 1);
    else if (c == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    else return p.bad_option(o.bad(), 1);
  }
  int n = o.operand_count();
  if (n == 0) {
    Buf b;
    read_mtab(&b);
    Lines lines;
    if (!lines.split(b.str())) return 1;
    for (size_t i = 0; i < lines.count; ++i) {
      Str l = lines.at[i];
      if (l.empty()) continue;
      if (type != nullptr && field(l, 2) != Str(type)) continue;
      p.out.put(field(l, 0)).put(" on ").put(field(l, 1)).put(" type ").put(field(l, 2));
      p.out.put(" (").put(field(l, 3)).put(")\n");
    }
    return 0;
  }
  if (n != 2) {
    p.say("bad usage");
    p.err.put("Try 'mount --help' for more information.\n");
    return 1;
  }
  const char* source = o.operand(0);
  const char* target = o.operand(1);
  if (type == nullptr) type = Str(source) == Str("tmpfs") ? "tmpfs" : nullptr;
  if (type == nullptr) {
    p.say(target, ": can't find in /etc/fstab.");
    return 1;
  }
  if (px::mount(source, target, type, 0, nullptr) != 0) {
    int e = px::errno_ref();
    switch (e) {
      case uapi::kEPERM: p.say(target, ": must be superuser to use mount."); return 1;
      case uapi::kENOENT: p.say(target, ": mount point does not exist."); break;
      case uapi::kENOTDIR: p.say(target, ": mount point is not a directory."); break;
      case uapi::kEBUSY: p.say(target, ": ", source, " already mounted or mount point busy."); break;
      case uapi::kENODEV: p.say(target, ": unknown filesystem type '", type, "'."); break;
      default: p.say_errno(e, target); break;
    }
    return 32;
  }
  // Canonical form of the target for the table: as given (absolute paths
  // are what the tests and users pass).
  int fd = px::open(kMtab, uapi::kO_WRONLY | uapi::kO_CREAT | uapi::kO_APPEND, 0644);
  if (fd >= 0) {
    Buf line;
    line.append(source);
    line.push(' ');
    line.append(target);
    line.push(' ');
    line.append(type);
    line.append(" rw 0 0\n");
    write_all(fd, line.str());
    px::close(fd);
  }
  return 0;
}

int umount_main(Prog& p, int argc, char** argv) {
  Opts o(argc, argv, "flnv");
  for (int c; (c = o.next()) != 0;) {
    if (c == 'f' || c == 'l' || c == 'n' || c == 'v') continue;
    if (c == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    return p.bad_option(o.bad(), 1);
  }
  if (o.operand_count() == 0) {
    p.say("bad usage");
    p.err.put("Try 'umount --help' for more information.\n");
    return 1;
  }
  int status = 0;
  for (int i = 0; i < o.operand_count(); ++i) {
    const char* target = o.operand(i);
    if (px::umount(target) == 0) {
      mtab_remove(Str(target));
      continue;
    }
    int e = px::errno_ref();
    switch (e) {
      case uapi::kEPERM: p.say(target, ": must be superuser to unmount."); break;
      case uapi::kEINVAL: p.say(target, ": not mounted."); break;
      case uapi::kEBUSY: p.say(target, ": target is busy."); break;
      case uapi::kENOENT: p.say(target, ": no mount point specified."); break;
      default: p.say_errno(e, target); break;
    }
    status = 32;
  }
  return status;
}

int df_main(Prog& p, int argc, char** argv) {
  Opts o(argc, argv, "hkaT");
  for (int c; (c = o.next()) != 0;) {
    if (c == 'h' || c == 'k' || c == 'a' || c == 'T') continue;
    if (c == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    return p.bad_option(o.bad(), 1);
  }
  int status = 0;
  for (int i = 0; i < o.operand_count(); ++i) {
    px::Stat st;
    if (px::stat(o.operand(i), &st) != 0) {
      p.say_errno(px::errno_ref(), Quoted(o.operand(i)));
      status = 1;
    }
  }
  proto::vfs::VfsDumpPending::Reply r{};
  bool have = proto::vfs::call(uapi::SLOT_VFS_EP, proto::vfs::VfsDumpPending::Request{}, &r) == 0;
  Buf b;
  read_mtab(&b);
  Lines lines;
  if (!lines.split(b.str())) return 1;
  p.out.put("Filesystem     1K-blocks    Used Available Use% Mounted on\n");
  for (size_t i = 0; i < lines.count; ++i) {
    Str l = lines.at[i];
    if (l.empty()) continue;
    p.out.pad(field(l, 0), 14, true).put(' ').pad("-", 9).put(' ');
    if (i == 0 && have) {
      char num[24];
      p.out.pad(Str(num, utoa(r.pages * 4, num)), 7);
    } else {
      p.out.pad("-", 7);
    }
    p.out.put(' ').pad("-", 9).put(' ').pad("-", 4).put(' ').put(field(l, 1)).put('\n');
  }
  return status;
}

}  // namespace cu
