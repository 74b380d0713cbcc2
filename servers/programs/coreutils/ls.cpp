// programs/coreutils — ls [-l] [-a] [-R] [-d] [FILE...], one name per line
// (GNU's format when stdout is not a terminal; columns are not done),
// names in LC_ALL=C order. -l: mode, links, owner and group names from
// /etc/passwd and /etc/group (numbers when absent), size, GNU's date
// format ("%b %e %H:%M", "%b %e  %Y" for times over six months from now),
// "-> target" for links, and a "total" of 1 KiB blocks per directory.
// Statuses as GNU: 2 when an operand cannot be accessed, 1 for a
// directory met while recursing that cannot be read.
#include "programs/coreutils/listing.h"
#include "lib/new.h"
#include "trona/core/heap.h"
#include "trona/core/syscall.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

struct Ls {
  Prog& p;
  bool all = false, long_fmt = false, recursive = false, dirs_as_files = false;
  int status = 0;
  int64_t now = 0;
  bool printed = false;  // something was written (for the blank line before a header)

  struct Item {
    const char* name;  // as shown
    const char* path;  // to stat
    px::Stat st;
    bool ok;
  };

  void owner(Out& o, uint32_t uid, bool group, size_t width) {
    char buf[40];
    Str s;
    if (group) {
      GrEntry g;
      s = gr_by_gid(uid, &g) ? Str(buf, copy(buf, g.name)) : Str(buf, utoa(uid, buf));
    } else {
      PwEntry w;
      s = pw_by_uid(uid, &w) ? Str(buf, copy(buf, w.name)) : Str(buf, utoa(uid, buf));
    }
    o.pad(s, width, true);
  }
  static size_t copy(char* out, const char* in) {
    size_t n = 0;
    for (; in[n] != '\0' && n < 39; ++n) out[n] = in[n];
    return n;
  }
  size_t owner_width(uint32_t id, bool group) {
    char buf[40];
    if (group) {
      GrEntry g;
      return gr_by_gid(id, &g) ? copy(buf, g.name) : utoa(id, buf);
    }
    PwEntry w;
    return pw_by_uid(id, &w) ? copy(buf, w.name) : utoa(id, buf);
  }

  void date(int64_t t) {
    Tm tm = gmtime(t);
    const int64_t six_months = 31556952 / 2;
    p.out.put(kMonths[tm.mon]).put(' ').padnum(static_cast<uint64_t>(tm.mday), 2).put(' ');
    if (t > now - six_months && t <= now + 60) {
      p.out.padnum(static_cast<uint64_t>(tm.hour), 2, '0').put(':').padnum(static_cast<uint64_t>(tm.min), 2, '0');
    } else {
      p.out.put(' ').padnum(static_cast<uint64_t>(tm.year), 4);
    }
  }

  // Prints items (the stat'ed entries of one directory, or the file operands).
  void print(Item* items, size_t n, bool total) {
    if (!long_fmt) {
      for (size_t i = 0; i < n; ++i) p.out.put(items[i].name).put('\n');
      return;
    }
    size_t wl = 1, wo = 1, wg = 1, ws = 1;
    uint64_t blocks = 0;
    char b[24];
    for (size_t i = 0; i < n; ++i) {
      if (!items[i].ok) continue;
      const px::Stat& s = items[i].st;
      wl = utoa(s.st_nlink, b) > wl ? utoa(s.st_nlink, b) : wl;
      size_t x = owner_width(s.st_uid, false);
      wo = x > wo ? x : wo;
      x = owner_width(s.st_gid, true);
      wg = x > wg ? x : wg;
      x = utoa(static_cast<uint64_t>(s.st_size), b);
      ws = x > ws ? x : ws;
      blocks += static_cast<uint64_t>(s.st_blocks) / 2;
    }
    if (total) p.out.put("total ").dec(blocks).put('\n');
    for (size_t i = 0; i < n; ++i) {
      const Item& it = items[i];
      if (!it.ok) {  // lstat failed after readdir: GNU prints '?' fields
        p.out.put("l????????? ? ? ? ?            ? ").put(it.name).put('\n');
        continue;
      }
      char m[11];
      mode_string(it.st.st_mode, m);
      p.out.put(m).put(' ').padnum(it.st.st_nlink, wl).put(' ');
      owner(p.out, it.st.st_uid, false, wo);
      p.out.put(' ');
      owner(p.out, it.st.st_gid, true, wg);
      p.out.put(' ').padnum(static_cast<uint64_t>(it.st.st_size), ws).put(' ');
      date(static_cast<int64_t>(it.st.st_mtim.tv_sec));
      p.out.put(' ').put(it.name);
      if ((it.st.st_mode & uapi::kS_IFMT) == uapi::kS_IFLNK) {
        char target[256];
        long len = px::readlink(it.path, target, sizeof target - 1);
        if (len >= 0) p.out.put(" -> ").put(Str(target, static_cast<size_t>(len)));
      }
      p.out.put('\n');
    }
  }

  // Lists directory `path` (shown as `shown`); header when asked.
  void list_dir(const char* path, bool header, bool top) {
    DirList d;
    int e = d.read(path);
    if (header) {
      if (printed) p.out.put('\n');
      p.out.put(path).put(":\n");
      printed = true;
    }
    if (e != 0) {
      d.release();
      p.say_errno(e, "cannot open directory ", Quoted(path));
      status = top ? 2 : (status > 1 ? status : 1);
      return;
    }
    d.sort();
    size_t extra = all ? 2 : 0;
    size_t n = 0;
    Item* items = static_cast<Item*>(trona::malloc((d.count + extra + 1) * sizeof(Item)));
    Buf* paths = static_cast<Buf*>(trona::malloc((d.count + extra + 1) * sizeof(Buf)));
    if (items == nullptr || paths == nullptr) {
      p.say("memory exhausted");
      status = 2;
      trona::free(items);
      trona::free(paths);
      return;
    }
    const char* dots[2] = {".", ".."};
    auto add = [&](const char* name) {
      Buf* b = new (&paths[n]) Buf();
      items[n].name = name;
      items[n].path = join_path(b, Str(path), Str(name));
      items[n].ok = px::lstat(items[n].path, &items[n].st) == 0;
      ++n;
    };
    for (size_t i = 0; i < extra; ++i) add(dots[i]);
    for (size_t i = 0; i < d.count; ++i)
      if (all || d.names[i][0] != '.') add(d.names[i]);
    print(items, n, true);
    printed = true;
    if (recursive) {
      for (size_t i = 0; i < n; ++i) {
        if (!items[i].ok || (items[i].st.st_mode & uapi::kS_IFMT) != uapi::kS_IFDIR) continue;
        if (Str(items[i].name) == Str(".") || Str(items[i].name) == Str("..")) continue;
        list_dir(items[i].path, true, false);
      }
    }
    for (size_t i = 0; i < n; ++i) paths[i].release();
    d.release();
    trona::free(items);
    trona::free(paths);
  }
};

}  // namespace

int ls_main(Prog& p, int argc, char** argv) {
  Ls ls{p};
  Opts o(argc, argv, "laRd1");
  for (int c; (c = o.next()) != 0;) {
    switch (c) {
      case 'l': ls.long_fmt = true; break;
      case 'a': ls.all = true; break;
      case 'R': ls.recursive = true; break;
      case 'd': ls.dirs_as_files = true; break;
      case '1': break;
      case Opts::kLong: return p.bad_long_option(o.long_opt(), 2);
      default: return p.bad_option(o.bad(), 2);
    }
  }
  ls.now = static_cast<int64_t>(trona::clock_gettime(uapi::kClockRealtime).value / 1000000000ull);
  int n = o.operand_count();
  char dot[] = ".";
  char* def[1] = {dot};
  char** ops = n == 0 ? def : nullptr;
  if (n == 0) n = 1;
  // Files first (sorted), then directories (sorted), as GNU does.
  Ls::Item* files = static_cast<Ls::Item*>(trona::malloc(static_cast<size_t>(n) * sizeof(Ls::Item)));
  const char** dirs = static_cast<const char**>(trona::malloc(static_cast<size_t>(n) * sizeof(char*)));
  if (files == nullptr || dirs == nullptr) return 2;
  size_t nf = 0, nd = 0;
  for (int i = 0; i < n; ++i) {
    const char* name = ops ? ops[i] : o.operand(i);
    px::Stat st;
    bool follow = !ls.long_fmt && !ls.dirs_as_files;
    int r = follow ? px::stat(name, &st) : px::lstat(name, &st);
    if (r != 0 && follow && px::lstat(name, &st) == 0) r = 0;  // a dangling link lists as itself
    if (r != 0) {
      p.say_errno(px::errno_ref(), "cannot access ", Quoted(name));
      ls.status = 2;
      continue;
    }
    if ((st.st_mode & uapi::kS_IFMT) == uapi::kS_IFDIR && !ls.dirs_as_files) {
      dirs[nd++] = name;
    } else {
      files[nf].name = name;
      files[nf].path = name;
      files[nf].st = st;
      files[nf].ok = true;
      ++nf;
    }
  }
  sort_ptrs(const_cast<void**>(reinterpret_cast<const void**>(dirs)), nd,
            [](const void* a, const void* b, const void*) {
              return name_cmp(static_cast<const char*>(a), static_cast<const char*>(b)) < 0;
            },
            nullptr);
  // Sort the file items by name (a small insertion sort: operands are few).
  for (size_t i = 1; i < nf; ++i)
    for (size_t j = i; j > 0 && name_cmp(files[j].name, files[j - 1].name) < 0; --j) {
      Ls::Item t = files[j];
      files[j] = files[j - 1];
      files[j - 1] = t;
    }
  if (nf > 0) {
    ls.print(files, nf, false);
    ls.printed = true;
  }
  bool headers = ls.recursive || n > 1;
  for (size_t i = 0; i < nd; ++i) ls.list_dir(dirs[i], headers, true);
  trona::free(files);
  trona::free(dirs);
  p.out.flush();
  return ls.status;
}

}  // namespace cu
