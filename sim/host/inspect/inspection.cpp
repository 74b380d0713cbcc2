#include "sim/host/inspect/inspection.h"

#include <fstream>
#include <ostream>
#include <stdexcept>

#include "sim/runtime/sched/scheduler.h"
#include "sim/runtime/time/virtual_clock.h"

namespace sim::inspect {

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

namespace {
std::uint64_t max_bytes(const InspectOptions& o) { return o.trace_max_mb << 20; }
}  // namespace

Inspection::Inspection(const InspectOptions& o) : opts_(o) {
  if (!o.trace_path.empty()) trace_ = TraceWriter::open(o.trace_path, split_list(o.trace_filter), max_bytes(o));
  wire();
}

Inspection::Inspection(const InspectOptions& o, std::ostream& trace_out) : opts_(o) {
  trace_ = std::make_unique<TraceWriter>(trace_out, split_list(o.trace_filter), max_bytes(o));
  wire();
}

void Inspection::wire() {
  if (opts_.stats) stats_ = std::make_unique<ServerStats>();
  if (opts_.caps || !opts_.caps_record_path.empty()) {
    caps_ = std::make_unique<CapsRecorder>();
    caps_->record().command = opts_.command;
    observer_.add_listener(caps_.get());
  }
  if (opts_.post_mortem) {
    post_mortem_ = std::make_unique<PostMortem>();
    observer_.add_listener(post_mortem_.get());
  }
  if (trace_) observer_.add_sink(trace_.get());
  if (stats_) observer_.add_sink(stats_.get());
}

std::function<void(kmodel::Kernel&, const std::string&)> Inspection::on_kernel() {
  return [this](kmodel::Kernel& k, const std::string& machine) { observer_.attach(k, machine); };
}

void Inspection::watch(Scheduler& s) {
  if (trace_ && opts_.trace_sched) observer_.watch_scheduler(s);
}

void Inspection::finish(VTime end) {
  if (caps_) caps_->finish(end);
  observer_.finish(end);
  if (caps_ && !opts_.caps_record_path.empty()) {
    std::ofstream f(opts_.caps_record_path, std::ios::binary);
    if (f) caps_->record().save(f);
    if (!f) throw std::runtime_error("--caps-record: cannot write " + opts_.caps_record_path);
  }
}

void Inspection::report(std::ostream& out, std::ostream& err) const {
  if (stats_) stats_->print(out);
  if (trace_ && trace_->truncated())
    err << "saltysim: --trace: the trace reached the --trace-max-mb " << opts_.trace_max_mb << " bound at t="
        << format_vtime(trace_->truncated_at()) << " and was closed there (valid JSON: " << trace_->events_written()
        << " events written, " << trace_->events_dropped() << " later events dropped)\n";
  else if (trace_)
    out << "saltysim: trace written to " << (opts_.trace_path.empty() ? "(stream)" : opts_.trace_path) << " ("
        << trace_->events_written() << " events, " << trace_->bytes_written() << " bytes)\n";
  if (caps_ && !opts_.caps_record_path.empty())
    out << "saltysim: capability record written to " << opts_.caps_record_path << " (" << caps_->record().caps.size()
        << " caps, " << caps_->record().ipcs.size() << " IPCs carrying caps)\n";
}

}  // namespace sim::inspect
