// TraceWriter: a Sink that streams the run as a Trace Event Format file
// (the JSON array form Perfetto's UI and chrome://tracing open). Each event
// is written when it is complete; nothing but the per-process/thread
// "metadata written" flags is kept.
//
//   pid  = a simulated process (one VSpace), named "<machine>: <process>"
//          and sorted by machine; each machine also has a "kernel" process
//          (interrupts, signals from the kernel); host threads without a TCB
//          are under "host: scheduler"
//   tid  = a simulated thread (TCB), named by its TCB name
//   ts   = virtual time in microseconds (ns precision)
//   X "ipc"        the caller's part of a call: CALL to reply (args: status)
//   X "ipc.serve"  the server's part: receive to reply (or to the point it
//                  saved the reply cap / received again: args.deferred)
//   X "fault", "fault.serve"  the same for a fault and its handler
//   s/f "ipc.flow" caller -> server at the receive, replier -> caller at
//                  the reply (both ends written together, so they pair)
//   i              sends, receives of sends, faults, notifications
//                  (signal, wait, interrupt), IRQs, timeouts, and with
//                  --trace-sched every scheduling decision
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "sim/host/inspect/run_observer.h"

namespace sim::inspect {

class TraceWriter final : public Sink {
 public:
  // `filter`: keep only what involves a process of one of these names or a
  // call of one of these protocol families (empty: everything).
  // `max_bytes`: 0 = no bound; else the file is closed, still valid JSON,
  // before it would grow past it.
  TraceWriter(std::ostream& out, std::vector<std::string> filter, std::uint64_t max_bytes);
  // Opens `path` for writing; throws std::runtime_error when it cannot.
  static std::unique_ptr<TraceWriter> open(const std::string& path, std::vector<std::string> filter,
                                           std::uint64_t max_bytes);
  ~TraceWriter() override;

  void call_received(const Call&) override;
  void service_ended(const Call&, VTime t) override;
  void call_ended(const Call&) override;
  void instant(const Instant&) override;
  void finish(VTime end) override;

  std::uint64_t events_written() const { return written_; }
  std::uint64_t events_dropped() const { return dropped_; }
  std::uint64_t bytes_written() const { return bytes_; }
  bool truncated() const { return truncated_; }
  VTime truncated_at() const { return truncated_at_; }

 private:
  bool keep(const ThreadInfo* a, const ThreadInfo* b, const std::string* family) const;
  void meta(const ThreadInfo& t);  // appends metadata for t's process/thread not yet written
  void begin(const char* ph, const char* cat, const std::string& name, const ThreadInfo& t, VTime ts);
  void commit(VTime t);            // writes unit_ (or closes the trace when it would not fit)
  void close();

  std::unique_ptr<std::ostream> owned_;
  std::ostream& out_;
  std::vector<std::string> filter_;
  std::uint64_t max_bytes_;
  std::string unit_;  // the events being assembled (one or a few, written together)
  std::uint64_t unit_events_ = 0;
  std::unordered_set<int> pids_done_, tids_done_;
  std::uint64_t bytes_ = 0, written_ = 0, dropped_ = 0;
  bool first_ = true, closed_ = false, truncated_ = false;
  VTime truncated_at_ = 0;
};

}  // namespace sim::inspect
