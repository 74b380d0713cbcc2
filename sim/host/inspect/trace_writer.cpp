#include "sim/host/inspect/trace_writer.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <stdexcept>

#include "sim/host/inspect/label_names.h"

namespace sim::inspect {

namespace {

// What the closing of a trace needs at most: the truncation marker and "]".
constexpr std::uint64_t kCloseReserve = 512;

void append_escaped(std::string& s, std::string_view text) {
  s += '"';
  for (char ch : text) {
    auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      s += '\\';
      s += ch;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      s += buf;
    } else {
      s += ch;
    }
  }
  s += '"';
}

// Virtual nanoseconds as microseconds with three decimals.
void append_us(std::string& s, VTime ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llu.%03llu", static_cast<unsigned long long>(ns / 1000),
                static_cast<unsigned long long>(ns % 1000));
  s += buf;
}

void append_num(std::string& s, std::uint64_t v) { s += std::to_string(v); }

// ,"key":value pairs of an args object (the caller writes the braces).
struct Args {
  std::string& s;
  bool first = true;
  void key(const char* k) {
    if (!first) s += ',';
    first = false;
    append_escaped(s, k);
    s += ':';
  }
  Args& num(const char* k, std::uint64_t v) {
    key(k);
    append_num(s, v);
    return *this;
  }
  Args& str(const char* k, std::string_view v) {
    key(k);
    append_escaped(s, v);
    return *this;
  }
  Args& flag(const char* k, bool v) {
    key(k);
    s += v ? "true" : "false";
    return *this;
  }
};

}  // namespace

TraceWriter::TraceWriter(std::ostream& out, std::vector<std::string> filter, std::uint64_t max_bytes)
    : out_(out), filter_(std::move(filter)), max_bytes_(max_bytes) {
  out_ << "[\n";
  bytes_ = 2;
}

std::unique_ptr<TraceWriter> TraceWriter::open(const std::string& path, std::vector<std::string> filter,
                                               std::uint64_t max_bytes) {
  auto f = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*f) throw std::runtime_error("cannot open '" + path + "' for writing");
  auto w = std::make_unique<TraceWriter>(*f, std::move(filter), max_bytes);
  w->owned_ = std::move(f);
  return w;
}

TraceWriter::~TraceWriter() { close(); }

bool TraceWriter::keep(const ThreadInfo* a, const ThreadInfo* b, const std::string* family) const {
  if (filter_.empty()) return true;
  for (const std::string& f : filter_) {
    if (a && a->process->name == f) return true;
    if (b && b->process->name == f) return true;
    if (family && *family == f) return true;
  }
  return false;
}

void TraceWriter::meta(const ThreadInfo& t) {
  const ProcessInfo& p = *t.process;
  auto event = [&](const char* name, int tid) {
    unit_ += first_ && unit_.empty() ? "" : ",\n";
    unit_ += R"({"ph":"M","name":")";
    unit_ += name;
    unit_ += R"(","pid":)";
    append_num(unit_, static_cast<std::uint64_t>(p.pid));
    unit_ += R"(,"tid":)";
    append_num(unit_, static_cast<std::uint64_t>(tid));
    unit_ += R"(,"args":{)";
    ++unit_events_;
  };
  if (pids_done_.insert(p.pid).second) {
    event("process_name", 0);
    Args{unit_}.str("name", p.machine + ": " + p.name);
    unit_ += "}}";
    event("process_sort_index", 0);
    Args{unit_}.num("sort_index", static_cast<std::uint64_t>(p.pid));
    unit_ += "}}";
  }
  if (tids_done_.insert(t.tid).second) {
    event("thread_name", t.tid);
    Args{unit_}.str("name", t.name);
    unit_ += "}}";
  }
}

void TraceWriter::begin(const char* ph, const char* cat, const std::string& name, const ThreadInfo& t, VTime ts) {
  meta(t);
  unit_ += first_ && unit_.empty() ? "" : ",\n";
  unit_ += R"({"ph":")";
  unit_ += ph;
  unit_ += R"(","cat":")";
  unit_ += cat;
  unit_ += R"(","name":)";
  append_escaped(unit_, name);
  unit_ += R"(,"pid":)";
  append_num(unit_, static_cast<std::uint64_t>(t.process->pid));
  unit_ += R"(,"tid":)";
  append_num(unit_, static_cast<std::uint64_t>(t.tid));
  unit_ += R"(,"ts":)";
  append_us(unit_, ts);
  ++unit_events_;
}

void TraceWriter::commit(VTime t) {
  if (closed_) {
    dropped_ += unit_events_;
  } else if (max_bytes_ && bytes_ + unit_.size() + kCloseReserve > max_bytes_) {
    dropped_ += unit_events_;
    truncated_ = true;
    truncated_at_ = t;
    std::string marker = first_ ? "" : ",\n";
    marker += R"({"ph":"i","s":"g","cat":"trace","name":"trace truncated: size bound reached","pid":0,"tid":0,"ts":)";
    append_us(marker, t);
    marker += R"(,"args":{"max_bytes":)" + std::to_string(max_bytes_) + "}}";
    out_ << marker;
    bytes_ += marker.size();
    ++written_;
    first_ = false;
    close();
  } else {
    out_ << unit_;
    bytes_ += unit_.size();
    written_ += unit_events_;
    if (!unit_.empty()) first_ = false;
  }
  unit_.clear();
  unit_events_ = 0;
}

void TraceWriter::close() {
  if (closed_) return;
  closed_ = true;
  out_ << "\n]\n";
  bytes_ += 3;
  out_.flush();
}

void TraceWriter::call_received(const Call& c) {
  if (!keep(c.caller, c.server, &c.family)) return;
  begin("s", "ipc.flow", c.fault ? "fault" : "call", *c.caller, c.t_call);
  unit_ += R"(,"id":)";
  append_num(unit_, 2 * c.seq);
  unit_ += "}";
  begin("f", "ipc.flow", c.fault ? "fault" : "call", *c.server, c.t_received);
  unit_ += R"(,"bp":"e","id":)";
  append_num(unit_, 2 * c.seq);
  unit_ += "}";
  commit(c.t_received);
}

void TraceWriter::service_ended(const Call& c, VTime t) {
  if (!keep(c.caller, c.server, &c.family)) return;
  begin("X", c.fault ? "fault.serve" : "ipc.serve", c.name, *c.server, c.t_received);
  unit_ += R"(,"dur":)";
  append_us(unit_, t - c.t_received);
  unit_ += R"(,"args":{)";
  Args a{unit_};
  a.num("seq", c.seq).num("label", c.label).str("caller", c.caller->name).num("endpoint", c.endpoint);
  a.num("badge", c.badge).num("request_words", c.request_words);
  a.flag("deferred", c.deferred);
  unit_ += "}}";
  commit(t);
}

void TraceWriter::call_ended(const Call& c) {
  if (!keep(c.caller, c.server, &c.family)) return;
  begin("X", c.fault ? "fault" : "ipc", c.name, *c.caller, c.t_call);
  unit_ += R"(,"dur":)";
  append_us(unit_, c.t_end - c.t_call);
  unit_ += R"(,"args":{)";
  Args a{unit_};
  a.num("seq", c.seq).num("label", c.label).str("family", c.family);
  a.str("server", c.server ? c.server->name : std::string("(not received)"));
  a.num("endpoint", c.endpoint).num("badge", c.badge).num("request_words", c.request_words);
  a.str("end", to_string(c.end));
  if (c.end == Call::End::Replied) {
    a.num("status", c.status);
    if (auto n = status_name(c.status); !n.empty()) a.str("status_name", n);
    a.num("reply_words", c.reply_words);
    if (c.replier && c.replier != c.server) a.str("replier", c.replier->name);
  }
  unit_ += "}}";
  if (c.end == Call::End::Replied && c.replier) {
    begin("s", "ipc.flow", "reply", *c.replier, c.t_end);
    unit_ += R"(,"id":)";
    append_num(unit_, 2 * c.seq + 1);
    unit_ += "}";
    begin("f", "ipc.flow", "reply", *c.caller, c.t_end);
    unit_ += R"(,"bp":"e","id":)";
    append_num(unit_, 2 * c.seq + 1);
    unit_ += "}";
  }
  commit(c.t_end);
}

void TraceWriter::instant(const Instant& i) {
  if (!keep(i.where, nullptr, nullptr)) return;
  begin("i", i.category, i.name, *i.where, i.t);
  unit_ += R"(,"s":"t","args":{)";
  Args a{unit_};
  for (auto& [k, v] : i.args) a.num(k, v);
  unit_ += "}}";
  commit(i.t);
}

void TraceWriter::finish(VTime) { close(); }

}  // namespace sim::inspect
