// Inspection: the observers one run gets from the command line (`saltysim
// run --trace FILE [--trace-sched] [--trace-filter A,B] [--trace-max-mb N]
// --stats --caps-record FILE --caps-query Q --post-mortem FILE`), set up before the scenario, finished before its world goes,
// reported after the run's summary. Also what bench/ and tests use to
// watch a scenario the way `saltysim run` does.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "sim/host/inspect/caps_recorder.h"
#include "sim/host/inspect/post_mortem.h"
#include "sim/host/inspect/run_observer.h"
#include "sim/host/inspect/server_stats.h"
#include "sim/host/inspect/trace_writer.h"

namespace sim::inspect {

struct InspectOptions {
  std::string trace_path;           // --trace: empty = no trace
  bool trace_sched = false;         // --trace-sched
  std::string trace_filter;         // --trace-filter: comma-separated process names / protocol families
  std::uint64_t trace_max_mb = 0;   // --trace-max-mb: 0 = unbounded
  bool stats = false;               // --stats
  std::string caps_record_path;     // --caps-record: empty = none
  bool caps = false;                // keep the capability record (--caps-record, --caps-query)
  bool post_mortem = false;         // keep the per-thread IPC rings for a post-mortem report
  std::string command;              // the command that reproduces the run (saved in the caps record)
  bool any() const { return !trace_path.empty() || stats || caps || !caps_record_path.empty() || post_mortem; }
};

std::vector<std::string> split_list(const std::string& comma_separated);

class Inspection {
 public:
  // Throws std::runtime_error when the trace file cannot be opened.
  explicit Inspection(const InspectOptions& o);
  // Writes the trace into `trace_out` instead of a file (tests).
  Inspection(const InspectOptions& o, std::ostream& trace_out);

  // For ScenarioContext::on_kernel.
  std::function<void(kmodel::Kernel&, const std::string&)> on_kernel();
  // Call with the run's scheduler before it runs (scheduler decisions in
  // the trace with trace_sched).
  void watch(Scheduler& s);
  // At the end of the run, before its kernels and scheduler are destroyed.
  // Saves the capability record (--caps-record); throws std::runtime_error
  // when its file cannot be written.
  void finish(VTime end);
  // The statistics table (with --stats) and the trace's size-bound note.
  void report(std::ostream& out, std::ostream& err) const;

  const ServerStats* stats() const { return stats_.get(); }
  const TraceWriter* trace() const { return trace_.get(); }
  const RunObserver& observer() const { return observer_; }
  const caps::Record* caps_record() const { return caps_ ? &caps_->record() : nullptr; }
  const PostMortem* post_mortem() const { return post_mortem_.get(); }

 private:
  void wire();
  InspectOptions opts_;
  RunObserver observer_;
  std::unique_ptr<TraceWriter> trace_;
  std::unique_ptr<ServerStats> stats_;
  std::unique_ptr<CapsRecorder> caps_;
  std::unique_ptr<PostMortem> post_mortem_;
};

}  // namespace sim::inspect
