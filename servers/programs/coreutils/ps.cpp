// programs/coreutils — ps [-e|-A] [-f] [-p PID]: every process procmgr
// lists (PM_LIST_PIDS, PM_GET_PROC_INFO), one line each:
//     PID    PPID   UID S CMD
// S: R running, Z zombie, T stopped or spawned suspended. CMD is the
// image path procmgr records. There is no notion of "the processes of
// this terminal" to filter on, so plain `ps` lists every process too; -f
// adds the user name column. Unknown options: procps's message, status 1.
#include "programs/coreutils/util.h"
#include "trona/clients/procmgr_client.h"

namespace cu {

int ps_main(Prog& p, int argc, char** argv) {
  bool full = false;
  uint64_t only = 0;
  Opts o(argc, argv, "eAfp:");
  for (int c; (c = o.next()) != 0;) {
    if (c == 'e' || c == 'A') continue;
    if (c == 'f') {
      full = true;
    } else if (c == 'p') {
      if (!parse_uint(Str(o.arg()), &only) || only == 0) {
        p.err.put("error: process ID list syntax error\n");
        return 1;
      }
    } else {
      p.out.flush();
      p.err.put("error: unsupported option (BSD syntax)\n\nUsage:\n ps [options]\n");
      return 1;
    }
  }
  if (o.operand_count() > 0) {
    p.err.put("error: garbage option\n\nUsage:\n ps [options]\n");
    return 1;
  }
  trona::ProcmgrClient pm;
  if (full) p.out.put("UID          PID    PPID S CMD\n");
  else p.out.put("    PID    PPID   UID S CMD\n");
  uint64_t cursor = 0;
  bool found = false;
  for (;;) {
    uint64_t pids[30];
    size_t n = 0;
    uint64_t next = 0;
    if (pm.list_pids(cursor, pids, 30, &n, &next) != 0) break;
    for (size_t i = 0; i < n; ++i) {
      if (only != 0 && pids[i] != only) continue;
      trona::ProcInfo info;
      if (pm.get_proc_info(pids[i], &info) != 0) continue;
      found = true;
      const char state = info.state == 1 ? 'Z' : info.state == 0 ? 'R' : 'T';
      if (full) {
        PwEntry w;
        char num[24];
        Str user = pw_by_uid(static_cast<uint32_t>(info.uid), &w) ? Str(w.name) : Str(num, utoa(info.uid, num));
        p.out.pad(user, 8, true).put(' ').padnum(info.pid, 7).put(' ').padnum(info.ppid, 7).put(' ');
      } else {
        p.out.padnum(info.pid, 7).put(' ').padnum(info.ppid, 7).put(' ').padnum(info.uid, 5).put(' ');
      }
      p.out.put(state).put(' ').put(info.path_len > 0 ? Str(info.path, info.path_len) : Str("?")).put('\n');
    }
    if (next == 0) break;
    cursor = next;
  }
  return only != 0 && !found ? 1 : 0;
}

}  // namespace cu
