#include "sim/host/inspect/caps_record.h"

#include <istream>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "uapi/abi/rights.h"

namespace sim::inspect::caps {

namespace {

constexpr const char* kHow[] = {"created", "retype", "copy", "mint", "move", "mutate", "transfer", "save-caller"};
constexpr const char* kEnd[] = {"live", "delete", "revoke", "moved-out", "transfer-failed"};
constexpr const char* kMagic = "saltysim-caps 1";

template <class E, std::size_t N>
E parse_enum(const std::string& s, const char* const (&names)[N], int line) {
  for (std::size_t i = 0; i < N; ++i)
    if (s == names[i]) return static_cast<E>(i);
  throw std::runtime_error("line " + std::to_string(line) + ": unknown word '" + s + "'");
}

// The rest of the line after the fields read so far, without its leading space.
std::string rest(std::istringstream& in) {
  std::string r;
  std::getline(in, r);
  if (!r.empty() && r.front() == ' ') r.erase(0, 1);
  return r;
}

}  // namespace

const char* to_string(How h) { return kHow[static_cast<int>(h)]; }
const char* to_string(End e) { return kEnd[static_cast<int>(e)]; }

std::string rights_string(std::uint32_t r) {
  using namespace uapi;
  static constexpr struct {
    std::uint32_t bit;
    char c;
  } kLetters[] = {{RIGHT_READ, 'R'},  {RIGHT_WRITE, 'W'}, {RIGHT_EXECUTE, 'X'}, {RIGHT_GRANT, 'G'}, {RIGHT_REVOKE, 'K'},
                  {RIGHT_SEND, 'S'},  {RIGHT_RECV, 'V'},  {RIGHT_CALL, 'C'},    {RIGHT_REPLY, 'P'}};
  std::string s;
  std::uint32_t named = 0;
  for (auto [bit, c] : kLetters) {
    named |= bit;
    if (r & bit) s += c;
  }
  if (r & ~named) s += '*';
  return s.empty() ? "-" : s;
}

int Record::holder(const CapRec& c, VTime t) const {
  const CSpaceRec* best = nullptr;
  const CSpaceRec* later = nullptr;
  for (const CSpaceRec& b : cspaces) {
    if (b.machine != c.machine || b.cnode != c.cnode) continue;
    if (b.t <= t) {
      if (!best || b.t >= best->t) best = &b;
    } else if (!later || b.t < later->t) {
      later = &b;
    }
  }
  if (best) return best->pid;
  return later ? later->pid : 0;
}

std::string Record::process_label(int pid) const {
  const ProcessRec* p = process(pid);
  if (!p) return pid == 0 ? "kernel" : "pid " + std::to_string(pid);
  int same = 0;
  for (const ProcessRec& q : processes) same += q.name == p->name;
  std::string s = p->name;
  if (machines.size() > 1) s = machines[static_cast<std::size_t>(p->machine)] + "/" + s;
  if (same > 1) s += " (pid " + std::to_string(pid) + ")";
  return s;
}

std::string Record::thread_label(int tid) const {
  const ThreadRec* t = thread(tid);
  return t ? t->name : "kernel";
}

void Record::save(std::ostream& out) const {
  out << kMagic << "\n";
  if (!command.empty()) out << "command " << command << "\n";
  for (std::size_t i = 0; i < machines.size(); ++i) out << "machine " << i << ' ' << machines[i] << "\n";
  for (const auto& p : processes) out << "process " << p.pid << ' ' << p.machine << ' ' << p.vspace << ' ' << p.name << "\n";
  for (const auto& t : threads) out << "thread " << t.tid << ' ' << t.pid << ' ' << t.tcb << ' ' << t.name << "\n";
  for (const auto& b : cspaces) out << "cspace " << b.machine << ' ' << b.cnode << ' ' << b.pid << ' ' << b.t << "\n";
  for (const auto& s : serves) out << "serve " << s.machine << ' ' << s.endpoint << ' ' << s.pid << ' ' << s.t << "\n";
  for (const auto& i : ipcs)
    out << "ipc " << i.id << ' ' << i.t << ' ' << i.kind << ' ' << i.from_tid << ' ' << i.to_tid << ' ' << i.endpoint
        << ' ' << i.label << ' ' << i.name << "\n";
  for (const auto& c : caps) {
    out << "cap " << c.id << ' ' << c.machine << ' ' << c.obj << ' ' << c.type << ' ' << c.badge << ' ' << c.rights
        << ' ' << c.cnode << ' ' << c.slot << ' ' << c.parent << ' ' << c.t_made << ' ' << to_string(c.how) << ' '
        << c.actor << ' ' << c.ipc << ' ' << c.moved_from << "\n";
    if (c.end != End::Live)
      out << "end " << c.id << ' ' << c.t_end << ' ' << to_string(c.end) << ' ' << c.end_actor << ' ' << c.revoke_root
          << ' ' << c.moved_to << "\n";
  }
  out << "finish " << end << "\n";
}

Record Record::load(std::istream& in) {
  Record r;
  std::string line;
  int n = 0;
  if (!std::getline(in, line) || line != kMagic) throw std::runtime_error("not a saltysim capability record");
  ++n;
  bool finished = false;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string kind;
    ls >> kind;
    auto bad = [&] { return std::runtime_error("line " + std::to_string(n) + ": malformed '" + kind + "' line"); };
    if (kind == "command") {
      r.command = rest(ls);
    } else if (kind == "machine") {
      std::size_t i = 0;
      if (!(ls >> i) || i != r.machines.size()) throw bad();
      r.machines.push_back(rest(ls));
    } else if (kind == "process") {
      ProcessRec p;
      if (!(ls >> p.pid >> p.machine >> p.vspace) || p.pid != static_cast<int>(r.processes.size()) + 1) throw bad();
      p.name = rest(ls);
      r.processes.push_back(p);
    } else if (kind == "thread") {
      ThreadRec t;
      if (!(ls >> t.tid >> t.pid >> t.tcb) || t.tid != static_cast<int>(r.threads.size()) + 1) throw bad();
      t.name = rest(ls);
      r.threads.push_back(t);
    } else if (kind == "cspace") {
      CSpaceRec b;
      if (!(ls >> b.machine >> b.cnode >> b.pid >> b.t)) throw bad();
      r.cspaces.push_back(b);
    } else if (kind == "serve") {
      ServeRec s;
      if (!(ls >> s.machine >> s.endpoint >> s.pid >> s.t)) throw bad();
      r.serves.push_back(s);
    } else if (kind == "ipc") {
      IpcRec i;
      if (!(ls >> i.id >> i.t >> i.kind >> i.from_tid >> i.to_tid >> i.endpoint >> i.label) ||
          i.id != static_cast<int>(r.ipcs.size()) + 1)
        throw bad();
      i.name = rest(ls);
      r.ipcs.push_back(i);
    } else if (kind == "cap") {
      CapRec c;
      std::string how;
      if (!(ls >> c.id >> c.machine >> c.obj >> c.type >> c.badge >> c.rights >> c.cnode >> c.slot >> c.parent >>
            c.t_made >> how >> c.actor >> c.ipc >> c.moved_from) ||
          c.id != static_cast<int>(r.caps.size()) + 1)
        throw bad();
      c.how = parse_enum<How>(how, kHow, n);
      r.caps.push_back(c);
    } else if (kind == "end") {
      int id = 0;
      VTime t = 0;
      std::string how;
      if (!(ls >> id >> t >> how) || id < 1 || id > static_cast<int>(r.caps.size())) throw bad();
      CapRec& c = r.caps[static_cast<std::size_t>(id - 1)];
      c.t_end = t;
      c.end = parse_enum<End>(how, kEnd, n);
      if (!(ls >> c.end_actor >> c.revoke_root >> c.moved_to)) throw bad();
    } else if (kind == "finish") {
      if (!(ls >> r.end)) throw bad();
      finished = true;
    } else {
      throw std::runtime_error("line " + std::to_string(n) + ": unknown line kind '" + kind + "'");
    }
  }
  if (!finished) throw std::runtime_error("the record has no 'finish' line (the run did not end cleanly?)");
  return r;
}

}  // namespace sim::inspect::caps
