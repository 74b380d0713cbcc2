// programs/coreutils — id [-u|-g|-G] [-n] [-r] [USER] and whoami: the
// caller's ids from procmgr (or USER's from /etc/passwd and /etc/group),
// names from those files. GNU's format and messages, status 1.
#include "programs/coreutils/util.h"
#include "trona/clients/procmgr_client.h"

namespace cu {

namespace {

void put_user(Out& o, uint32_t uid) {
  o.dec(uid);
  PwEntry w;
  if (pw_by_uid(uid, &w)) o.put('(').put(w.name).put(')');
}

void put_group(Out& o, uint32_t gid) {
  o.dec(gid);
  GrEntry g;
  if (gr_by_gid(gid, &g)) o.put('(').put(g.name).put(')');
}

void put_name_or_number(Out& o, uint32_t id, bool group, bool names) {
  if (names) {
    if (group) {
      GrEntry g;
      if (gr_by_gid(id, &g)) {
        o.put(g.name);
        return;
      }
    } else {
      PwEntry w;
      if (pw_by_uid(id, &w)) {
        o.put(w.name);
        return;
      }
    }
  }
  o.dec(id);
}

}  // namespace

int id_main(Prog& p, int argc, char** argv) {
  char what = 0;
  bool names = false, real = false;
  Opts o(argc, argv, "ugGnr");
  for (int c; (c = o.next()) != 0;) {
    if (c == 'u' || c == 'g' || c == 'G') {
      if (what != 0 && what != c) {
        p.say("cannot print \"only\" of more than one choice");
        return 1;
      }
      what = static_cast<char>(c);
    } else if (c == 'n') {
      names = true;
    } else if (c == 'r') {
      real = true;
    } else if (c == Opts::kLong) {
      return p.bad_long_option(o.long_opt(), 1);
    } else {
      return p.bad_option(o.bad(), 1);
    }
  }
  if (o.operand_count() > 1) return p.usage_error2("extra operand", o.operand(1), 1);
  if ((names || real) && what == 0) {
    p.say("cannot print only names or real IDs in default format");
    return 1;
  }
  uint32_t uid, euid, gid, egid;
  uint32_t groups[32];
  size_t ngroups = 0;
  if (o.operand_count() == 1) {
    PwEntry w;
    if (!pw_by_name(Str(o.operand(0)), &w)) {
      p.say(Quoted(o.operand(0)), ": no such user");
      return 1;
    }
    uid = euid = w.uid;
    gid = egid = w.gid;
    groups[ngroups++] = w.gid;
    uint32_t more[31];
    size_t n = groups_of(Str(w.name), more, 31);
    for (size_t i = 0; i < n; ++i)
      if (more[i] != w.gid) groups[ngroups++] = more[i];
  } else {
    trona::ProcmgrClient pm;
    uint64_t v[4] = {};
    pm.getuid(&v[0]);
    pm.geteuid(&v[1]);
    pm.getgid(&v[2]);
    pm.getegid(&v[3]);
    uid = static_cast<uint32_t>(v[0]);
    euid = static_cast<uint32_t>(v[1]);
    gid = static_cast<uint32_t>(v[2]);
    egid = static_cast<uint32_t>(v[3]);
    uint64_t g[31];
    size_t n = 0;
    pm.getgroups(g, 31, &n);
    groups[ngroups++] = egid;
    for (size_t i = 0; i < n; ++i)
      if (g[i] != egid) groups[ngroups++] = static_cast<uint32_t>(g[i]);
  }
  if (what == 'u') {
    put_name_or_number(p.out, real ? uid : euid, false, names);
  } else if (what == 'g') {
    put_name_or_number(p.out, real ? gid : egid, true, names);
  } else if (what == 'G') {
    for (size_t i = 0; i < ngroups; ++i) {
      if (i > 0) p.out.put(' ');
      put_name_or_number(p.out, groups[i], true, names);
    }
  } else {
    p.out.put("uid=");
    put_user(p.out, uid);
    p.out.put(" gid=");
    put_group(p.out, gid);
    if (euid != uid) {
      p.out.put(" euid=");
      put_user(p.out, euid);
    }
    if (egid != gid) {
      p.out.put(" egid=");
      put_group(p.out, egid);
    }
    p.out.put(" groups=");
    for (size_t i = 0; i < ngroups; ++i) {
      if (i > 0) p.out.put(',');
      put_group(p.out, groups[i]);
    }
  }
  p.out.put('\n');
  return 0;
}

int whoami_main(Prog& p, int argc, char** argv) {
  Opts o(argc, argv, "");
  for (int c; (c = o.next()) != 0;) {
    if (c == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    return p.bad_option(o.bad(), 1);
  }
  if (o.operand_count() > 0) return p.usage_error2("extra operand", o.operand(0), 1);
  uint64_t euid = 0;
  trona::ProcmgrClient().geteuid(&euid);
  PwEntry w;
  if (!pw_by_uid(static_cast<uint32_t>(euid), &w)) {
    char num[24];
    p.say("cannot find name for user ID ", Str(num, utoa(euid, num)));
    return 1;
  }
  p.out.put(w.name).put('\n');
  return 0;
}

}  // namespace cu
