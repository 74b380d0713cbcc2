// The capability-flow record of a run: every cap that lived in a CNode slot
// (where it came from, who made it, the IPC that carried it, when and how
// it ended), the processes and threads, which CNode is whose CSpace root,
// and which process served which endpoint. Built by CapsRecorder, saved
// with `saltysim run --caps-record FILE` in the line format of README.md
// ("The capability record") and read back for `saltysim caps`.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <limits>
#include <string>
#include <vector>

#include "sim/runtime/time/virtual_clock.h"

namespace sim::inspect::caps {

using Word = std::uint64_t;
inline constexpr VTime kForever = std::numeric_limits<VTime>::max();

// How a cap came into its slot. Created: by the kernel or the host with
// no cap operation of its own (boot, host install, IRQ handler issue).
enum class How : std::uint8_t { Created, Retype, Copy, Mint, Move, Mutate, Transfer, SaveCaller };
// How it left. Live: still there at the end of the run.
enum class End : std::uint8_t { Live, Delete, Revoke, MovedOut, TransferFailed };
const char* to_string(How h);
const char* to_string(End e);

struct ProcessRec {
  int pid = 0;  // from 1, in order of first sight
  int machine = 0;
  Word vspace = 0;
  std::string name;
};

struct ThreadRec {
  int tid = 0;  // from 1, in order of first sight
  int pid = 0;
  Word tcb = 0;
  std::string name;
};

// An IPC that carried caps.
struct IpcRec {
  int id = 0;  // from 1
  VTime t = 0;
  std::string kind;  // "call", "send", "receive", "reply"
  int from_tid = 0, to_tid = 0;
  Word endpoint = 0;  // 0 for a reply
  Word label = 0;
  std::string name;  // label name ("VFS_POSIX_OPEN"), reply status name
};

struct CapRec {
  int id = 0;  // from 1, in order of creation
  int machine = 0;
  Word obj = 0;
  std::string type;  // "endpoint", "cnode", ...
  Word badge = 0;
  std::uint32_t rights = 0;
  Word cnode = 0, slot = 0;
  int parent = 0;  // derivation-tree parent (cap id; 0: a root)
  VTime t_made = 0;
  How how = How::Created;
  int actor = 0;       // tid of the thread that made it (0: kernel/host)
  int ipc = 0;         // the IPC that carried it (How::Transfer)
  int moved_from = 0;  // How::Move / Mutate: the cap it was in its old slot
  VTime t_end = kForever;
  End end = End::Live;
  int end_actor = 0;
  int revoke_root = 0;  // End::Revoke: the cap whose revoke deleted it
  int moved_to = 0;     // End::MovedOut: the cap in its new slot
  bool live_at(VTime t) const { return t_made <= t && t < t_end; }
};

// CNode `cnode` of `machine` is the CSpace root of process `pid`, seen at `t`.
struct CSpaceRec {
  int machine = 0;
  Word cnode = 0;
  int pid = 0;
  VTime t = 0;
};

// Process `pid` received on endpoint `endpoint` (first seen at `t`).
struct ServeRec {
  int machine = 0;
  Word endpoint = 0;
  int pid = 0;
  VTime t = 0;
};

struct Record {
  std::string command;                // how to reproduce the run ("" when unknown)
  VTime end = 0;                      // virtual time the record ends
  std::vector<std::string> machines;  // by index
  std::vector<ProcessRec> processes;  // [pid - 1]
  std::vector<ThreadRec> threads;     // [tid - 1]
  std::vector<IpcRec> ipcs;           // [id - 1]
  std::vector<CapRec> caps;           // [id - 1]
  std::vector<CSpaceRec> cspaces;
  std::vector<ServeRec> serves;

  const CapRec* cap(int id) const { return id >= 1 && id <= static_cast<int>(caps.size()) ? &caps[id - 1] : nullptr; }
  const ProcessRec* process(int pid) const {
    return pid >= 1 && pid <= static_cast<int>(processes.size()) ? &processes[pid - 1] : nullptr;
  }
  const ThreadRec* thread(int tid) const {
    return tid >= 1 && tid <= static_cast<int>(threads.size()) ? &threads[tid - 1] : nullptr;
  }
  // The process whose CSpace root the cap's CNode is at `t` (the latest
  // binding seen by `t`, else the first one seen later; 0: nobody's).
  int holder(const CapRec& c, VTime t) const;
  // "vfs" or "vfs (pid 7)" when several processes have that name.
  std::string process_label(int pid) const;
  std::string thread_label(int tid) const;

  void save(std::ostream& out) const;
  // Throws std::runtime_error with the line number on a malformed file.
  static Record load(std::istream& in);
};

// "RSCG..." for a rights mask (R read, W write, G grant, S send, C call,
// V recv, K revoke, P reply; '-' when none).
std::string rights_string(std::uint32_t rights);

}  // namespace sim::inspect::caps
