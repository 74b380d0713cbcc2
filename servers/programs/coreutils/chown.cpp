// programs/coreutils — chown [-R] [-h] OWNER[:[GROUP]] FILE... (also
// ":GROUP", "OWNER." as GNU still takes it): names from /etc/passwd and
// /etc/group, or numbers; "OWNER:" takes the owner's login group. GNU's
// messages, status 1.
#include "programs/coreutils/listing.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

constexpr uint32_t kKeep = 0xFFFFFFFFu;

struct Chown {
  Prog& p;
  uint32_t uid = kKeep, gid = kKeep;
  bool recursive = false, no_deref = false;
  int status = 0;

  void one(const char* path, bool top) {
    px::Stat st;
    int r = no_deref || !top ? px::lstat(path, &st) : px::stat(path, &st);
    if (r != 0) {
      p.say_errno(px::errno_ref(), "cannot access ", Quoted(path));
      status = 1;
      return;
    }
    bool link = (st.st_mode & uapi::kS_IFMT) == uapi::kS_IFLNK;
    int c = (no_deref || (!top && link)) ? px::lchown(path, uid, gid) : px::chown(path, uid, gid);
    if (c != 0) {
      p.say_errno(px::errno_ref(), "changing ownership of ", Quoted(path));
      status = 1;
    }
    if (recursive && (st.st_mode & uapi::kS_IFMT) == uapi::kS_IFDIR) {
      DirList d;
      if (d.read(path) != 0) return;
      for (size_t i = 0; i < d.count; ++i) {
        Buf b;
        join_path(&b, Str(path), Str(d.names[i]));
        one(b.c_str(), false);
        b.release();
      }
      d.release();
    }
  }
};

}  // namespace

int chown_main(Prog& p, int argc, char** argv) {
  Chown c{p};
  Opts o(argc, argv, "Rhfv");
  for (int ch; (ch = o.next()) != 0;) {
    if (ch == 'R') c.recursive = true;
    else if (ch == 'h') c.no_deref = true;
    else if (ch == 'f' || ch == 'v') continue;
    else if (ch == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    else return p.bad_option(o.bad(), 1);
  }
  if (o.operand_count() == 0) return p.usage_error("missing operand", 1);
  if (o.operand_count() == 1) return p.usage_error2("missing operand after", o.operand(0), 1);
  Str spec(o.operand(0));
  size_t sep = spec.find(':');
  if (sep == Str::npos) sep = spec.find('.');
  Str user = sep == Str::npos ? spec : spec.head(sep);
  Str group = sep == Str::npos ? Str() : spec.tail_from(sep + 1);
  if (!user.empty()) {
    PwEntry w;
    uint64_t n = 0;
    if (pw_by_name(user, &w)) {
      c.uid = w.uid;
      if (sep != Str::npos && group.empty()) c.gid = w.gid;
    } else if (parse_uint(user, &n) && n < kKeep) {
      c.uid = static_cast<uint32_t>(n);
    } else {
      Buf u;
      u.append(user);
      p.say("invalid user: ", Quoted(spec));
      return 1;
    }
  }
  if (!group.empty()) {
    GrEntry g;
    uint64_t n = 0;
    if (gr_by_name(group, &g)) {
      c.gid = g.gid;
    } else if (parse_uint(group, &n) && n < kKeep) {
      c.gid = static_cast<uint32_t>(n);
    } else {
      p.say("invalid group: ", Quoted(spec));
      return 1;
    }
  }
  for (int i = 1; i < o.operand_count(); ++i) c.one(o.operand(i), true);
  return c.status;
}

}  // namespace cu
