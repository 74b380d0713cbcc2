// CapsRecorder: builds the capability-flow record (caps_record.h) of a run
// from the kernel model's events. Every cap that enters a CNode slot does
// so through the derivation tree's primitives, which emit SlotFilled /
// SlotEmptied; the operation's own event right after (CapCopy, CapMint,
// CapMove, CapMutate, CapTransfer, CapSaveCaller, Retype, CapRevoke)
// says how, and the IPC event that follows a CapTransfer says which
// message carried it. It reads the kernel (the filled slot's rights and
// derivation parent, a thread's CSpace root) and never acts on it.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sim/host/inspect/caps_record.h"
#include "sim/host/inspect/run_observer.h"

namespace sim::inspect {

class CapsRecorder : public EventListener {
 public:
  void machine_attached(kmodel::Kernel& k, int machine, const std::string& name) override;
  void kernel_event(kmodel::Kernel& k, int machine, const kmodel::KernelEvent& e) override;
  // At the end of the run, while the kernels live: binds the CSpace roots
  // of threads never seen acting and closes the record at `end`.
  void finish(VTime end);

  caps::Record& record() { return rec_; }
  const caps::Record& record() const { return rec_; }

 private:
  struct Machine {
    kmodel::Kernel* kernel = nullptr;
    std::unordered_map<Word, int> tids;      // TCB id -> tid
    std::unordered_map<Word, int> pids;      // VSpace id -> pid
    std::unordered_map<Word, Word> cspace;   // TCB id -> CSpace root id last bound
    std::unordered_map<Word, int> live;      // (CNode id << 16 | slot) -> cap id
    std::unordered_set<Word> served;         // (endpoint id << 20 | pid) seen
  };
  int thread(Machine& m, int machine, Word tcb_id, VTime t);
  int pid_of(int tid) const;
  void filled(Machine& m, int machine, const kmodel::KernelEvent& e);
  void emptied(Machine& m, const kmodel::KernelEvent& e);
  void revoke_started(Machine& m, int machine, const kmodel::KernelEvent& e);
  void ipc(Machine& m, int machine, const kmodel::KernelEvent& e);
  void serve(Machine& m, int machine, Word endpoint, int tid, VTime t);
  caps::CapRec* last(int id, Word obj);
  bool descends(int id, int root) const;

  caps::Record rec_;
  std::vector<Machine> machines_;
  int last_filled_ = 0, last_emptied_ = 0;
  std::vector<int> pending_transfer_;  // caps copied by CapTransfer whose IPC event is next
  int revoking_ = 0;                   // the cap being revoked (-1: unknown), while its deletions come
  int revoke_actor_ = 0;
  bool in_revoke_ = false;
  bool finished_ = false;
};

}  // namespace sim::inspect
