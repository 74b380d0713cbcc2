#include "sim/host/inspect/caps_query.h"

#include <algorithm>
#include <map>
#include <ostream>
#include <queue>
#include <set>
#include <sstream>

#include "uapi/abi/rights.h"

namespace sim::inspect::caps {

namespace {

constexpr std::uint32_t kTalk = uapi::RIGHT_SEND | uapi::RIGHT_CALL;

bool is_endpoint_cap(const CapRec& c, EndpointRef ep) {
  return c.machine == ep.machine && c.obj == ep.obj && c.type == "endpoint";
}

std::string hex(Word v) {
  std::ostringstream os;
  os << "0x" << std::hex << v;
  return os.str();
}

std::string ep_name(const Record& r, int machine, Word obj) {
  std::string m = machine < static_cast<int>(r.machines.size()) ? r.machines[static_cast<std::size_t>(machine)] : "?";
  return "endpoint " + m + "#" + std::to_string(obj);
}

// Dot strings: quotes and backslashes escaped, newlines as \n.
std::string q(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '\n') {
      o += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

std::string pnode(int pid) {
  std::string s = "p";  // (not "p" + to_string: GCC 12's -Wrestrict false positive in release)
  return s += std::to_string(pid);
}

std::string made_how(const Record& r, const CapRec& c) {
  std::ostringstream os;
  os << to_string(c.how) << " at t=" << format_vtime(c.t_made) << " by " << r.thread_label(c.actor);
  if (const IpcRec* i = c.ipc ? &r.ipcs[static_cast<std::size_t>(c.ipc - 1)] : nullptr) {
    os << ", carried by " << i->kind << " " << i->name << " from " << r.thread_label(i->from_tid) << " to "
       << r.thread_label(i->to_tid);
    if (i->endpoint) os << " on " << ep_name(r, c.machine, i->endpoint);
  }
  if (c.moved_from) os << ", was cap " << c.moved_from;
  return os.str();
}

std::string ended_how(const Record& r, const CapRec& c) {
  if (c.end == End::Live) return "";
  std::ostringstream os;
  os << to_string(c.end) << " at t=" << format_vtime(c.t_end) << " by " << r.thread_label(c.end_actor);
  if (c.revoke_root) os << " (revoke of cap " << c.revoke_root << ")";
  if (c.moved_to) os << " (now cap " << c.moved_to << ")";
  return os.str();
}

}  // namespace

std::vector<int> find_processes(const Record& r, const std::string& spec) {
  std::vector<int> out;
  if (spec.rfind("pid:", 0) == 0) {
    int pid = std::atoi(spec.c_str() + 4);
    if (r.process(pid)) out.push_back(pid);
    return out;
  }
  std::string machine, name = spec;
  if (auto slash = spec.find('/'); slash != std::string::npos) {
    machine = spec.substr(0, slash);
    name = spec.substr(slash + 1);
  }
  for (const ProcessRec& p : r.processes)
    if (p.name == name && (machine.empty() || r.machines[static_cast<std::size_t>(p.machine)] == machine))
      out.push_back(p.pid);
  return out;
}

std::vector<int> servers_of(const Record& r, EndpointRef ep, VTime t) {
  std::vector<int> out;
  const ServeRec* later = nullptr;
  for (const ServeRec& s : r.serves) {
    if (s.machine != ep.machine || s.endpoint != ep.obj) continue;
    if (s.t > t) {
      if (!later || s.t < later->t) later = &s;
    } else if (std::find(out.begin(), out.end(), s.pid) == out.end()) {
      out.push_back(s.pid);
    }
  }
  // A server waiting in RECV is seen only when its first message comes.
  if (out.empty() && later) out.push_back(later->pid);
  return out;
}

std::vector<EndpointRef> find_endpoints(const Record& r, const std::string& spec, VTime t) {
  std::string s = spec.rfind("ep:", 0) == 0 ? spec.substr(3) : spec;
  int machine = 0;
  if (auto colon = s.find(':'); colon != std::string::npos) {
    std::string m = s.substr(0, colon);
    auto it = std::find(r.machines.begin(), r.machines.end(), m);
    if (it == r.machines.end()) return {};
    machine = static_cast<int>(it - r.machines.begin());
    s = s.substr(colon + 1);
  }
  if (!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return {EndpointRef{machine, std::stoull(s)}};
  std::vector<EndpointRef> out;
  std::vector<int> pids = find_processes(r, spec);
  for (const ServeRec& sv : r.serves) {
    EndpointRef e{sv.machine, sv.endpoint};
    if (sv.t <= t && std::find(pids.begin(), pids.end(), sv.pid) != pids.end() &&
        std::find(out.begin(), out.end(), e) == out.end())
      out.push_back(e);
  }
  return out;
}

std::vector<Reach> reach(const Record& r, EndpointRef ep, VTime t) {
  std::map<int, int> direct;  // pid -> its first cap to ep with SEND or CALL
  std::set<int> sources;      // holders of a cap to ep with GRANT and SEND or CALL
  std::map<int, std::vector<Hop>> edges;
  for (const CapRec& c : r.caps) {
    if (!c.live_at(t) || c.type != "endpoint" || c.machine != ep.machine || !(c.rights & kTalk)) continue;
    int h = r.holder(c, t);
    if (!h) continue;
    if (is_endpoint_cap(c, ep)) {
      direct.try_emplace(h, c.id);
      if (c.rights & uapi::RIGHT_GRANT) sources.insert(h);
    }
    for (int s : servers_of(r, EndpointRef{c.machine, c.obj}, t)) {
      if (s == h) continue;
      edges[h].push_back({h, s, c.id, c.obj, false});
      if (c.rights & uapi::RIGHT_CALL) edges[s].push_back({s, h, c.id, c.obj, true});
    }
  }
  std::vector<Reach> out;
  for (auto [pid, cap] : direct) out.push_back({pid, cap, {}});
  // Breadth first from every GRANT holder: the shortest chain to each process.
  std::map<int, Hop> via;
  std::queue<int> todo;
  for (int s : sources) todo.push(s);
  std::set<int> seen(sources.begin(), sources.end());
  std::vector<int> order;
  while (!todo.empty()) {
    int p = todo.front();
    todo.pop();
    for (const Hop& h : edges[p]) {
      if (!seen.insert(h.to).second) continue;
      via[h.to] = h;
      todo.push(h.to);
      order.push_back(h.to);
    }
  }
  for (int pid : order) {
    if (direct.count(pid)) continue;
    Reach x{pid, 0, {}};
    for (int at = pid; via.count(at); at = via[at].from) x.chain.insert(x.chain.begin(), via[at]);
    out.push_back(std::move(x));
  }
  return out;
}

std::vector<int> derivation_path(const Record& r, int cap) {
  std::vector<int> path;
  std::set<int> seen;
  for (const CapRec* c = r.cap(cap); c && seen.insert(c->id).second; c = r.cap(c->parent ? c->parent : c->moved_from))
    path.insert(path.begin(), c->id);
  return path;
}

std::vector<int> held(const Record& r, int pid, VTime t) {
  std::vector<int> out;
  for (const CapRec& c : r.caps)
    if (c.live_at(t) && r.holder(c, t) == pid) out.push_back(c.id);
  return out;
}

AuthorityDiff diff(const Record& r, int pid, VTime t1, VTime t2) {
  std::vector<int> a = held(r, pid, t1), b = held(r, pid, t2);
  AuthorityDiff d;
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(d.gained));
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(d.lost));
  // A cap that moved between slots of the process is neither gained nor lost.
  for (auto g = d.gained.begin(); g != d.gained.end();) {
    int from = 0;
    for (const CapRec* c = r.cap(*g); c && c->moved_from; c = r.cap(c->moved_from))
      if (std::find(d.lost.begin(), d.lost.end(), c->moved_from) != d.lost.end()) from = c->moved_from;
    if (from) {
      d.moved.emplace_back(from, *g);
      std::erase(d.lost, from);
      g = d.gained.erase(g);
    } else {
      ++g;
    }
  }
  return d;
}

std::string describe_cap(const Record& r, const CapRec& c) {
  std::ostringstream os;
  os << "cap " << c.id << ": ";
  if (c.type == "endpoint") os << ep_name(r, c.machine, c.obj);
  else os << c.type << " #" << c.obj;
  os << " rights=" << rights_string(c.rights);
  if (c.badge) os << " badge=" << hex(c.badge);
  os << " in cnode#" << c.cnode << "[" << c.slot << "]";
  return os.str();
}

std::string describe_endpoint(const Record& r, EndpointRef ep, VTime t) {
  std::string s = ep_name(r, ep.machine, ep.obj);
  std::vector<int> srv = servers_of(r, ep, t);
  if (srv.empty()) return s + " (no server seen)";
  s += " (served by ";
  for (std::size_t i = 0; i < srv.size(); ++i) s += (i ? ", " : "") + r.process_label(srv[i]);
  return s + ")";
}

void print_reach(std::ostream& out, const Record& r, EndpointRef ep, VTime t, const std::vector<Reach>& rs,
                 Format f) {
  auto hop_text = [&](const Hop& h) {
    return h.reply ? r.process_label(h.from) + " answers calls of " + r.process_label(h.to) + " on " +
                         ep_name(r, ep.machine, h.endpoint)
                   : r.process_label(h.from) + " sends to " + r.process_label(h.to) + " on " +
                         ep_name(r, ep.machine, h.endpoint) + " (cap " + std::to_string(h.cap) + ")";
  };
  if (f == Format::Dot) {
    out << "digraph reach {\n  rankdir=LR;\n  ep [shape=box, label=" << q(describe_endpoint(r, ep, t)) << "];\n";
    std::set<int> nodes;
    for (const Reach& x : rs) {
      nodes.insert(x.pid);
      for (const Hop& h : x.chain) nodes.insert(h.from), nodes.insert(h.to);
    }
    for (int p : nodes) out << "  " << pnode(p) << " [label=" << q(r.process_label(p)) << "];\n";
    std::set<std::string> edges;
    for (const Reach& x : rs) {
      if (x.direct()) {
        const CapRec& c = *r.cap(x.cap);
        out << "  " << pnode(x.pid) << " -> ep [label=" << q("cap " + std::to_string(c.id) + " " + rights_string(c.rights))
            << "];\n";
      }
      for (const Hop& h : x.chain) {
        std::ostringstream e;
        e << "  " << pnode(h.from) << " -> " << pnode(h.to) << " [style=dashed, label="
          << q(std::string(h.reply ? "reply on #" : "grant via #") + std::to_string(h.endpoint)) << "];\n";
        if (edges.insert(e.str()).second) out << e.str();
      }
    }
    out << "}\n";
    return;
  }
  out << describe_endpoint(r, ep, t) << " at t=" << format_vtime(t) << ":\n";
  if (rs.empty()) out << "  nobody can reach it\n";
  for (const Reach& x : rs) {
    if (!x.direct()) continue;
    out << "  direct  " << r.process_label(x.pid) << ": " << describe_cap(r, *r.cap(x.cap)) << "\n";
  }
  for (const Reach& x : rs) {
    if (x.direct()) continue;
    out << "  grants  " << r.process_label(x.pid) << ":";
    for (std::size_t i = 0; i < x.chain.size(); ++i) out << (i ? "; " : " ") << hop_text(x.chain[i]);
    out << "\n";
  }
}

void print_path(std::ostream& out, const Record& r, const std::vector<int>& path, Format f) {
  if (path.empty()) {
    out << (f == Format::Dot ? "digraph derivation {\n}\n" : "no such cap\n");
    return;
  }
  if (f == Format::Dot) {
    out << "digraph derivation {\n  rankdir=TB;\n  node [shape=box];\n";
    for (std::size_t i = 0; i < path.size(); ++i) {
      const CapRec& c = *r.cap(path[i]);
      out << "  c" << c.id << " [label=" << q(r.process_label(r.holder(c, c.t_made)) + "\n" + describe_cap(r, c))
          << "];\n";
      if (i) out << "  c" << path[i - 1] << " -> c" << c.id << " [label=" << q(made_how(r, c)) << "];\n";
    }
    out << "}\n";
    return;
  }
  const CapRec& last = *r.cap(path.back());
  out << "derivation of cap " << last.id << " (" << r.process_label(r.holder(last, last.t_made)) << "):\n";
  for (int id : path) {
    const CapRec& c = *r.cap(id);
    out << "  " << r.process_label(r.holder(c, c.t_made)) << "  " << describe_cap(r, c) << "\n      " << made_how(r, c);
    if (c.end != End::Live) out << "; " << ended_how(r, c);
    out << "\n";
  }
}

void print_held(std::ostream& out, const Record& r, int pid, VTime t, const std::vector<int>& caps, Format f) {
  if (f == Format::Dot) {
    out << "digraph held {\n  rankdir=LR;\n  " << pnode(pid) << " [label=" << q(r.process_label(pid)) << "];\n";
    for (int id : caps)
      out << "  c" << id << " [shape=box, label=" << q(describe_cap(r, *r.cap(id))) << "];\n  " << pnode(pid)
          << " -> c" << id << ";\n";
    out << "}\n";
    return;
  }
  out << r.process_label(pid) << " at t=" << format_vtime(t) << " holds " << caps.size() << " cap(s):\n";
  for (int id : caps) out << "  " << describe_cap(r, *r.cap(id)) << "  (" << made_how(r, *r.cap(id)) << ")\n";
}

void print_diff(std::ostream& out, const Record& r, int pid, VTime t1, VTime t2, const AuthorityDiff& d, Format f) {
  if (f == Format::Dot) {
    out << "digraph diff {\n  rankdir=LR;\n  " << pnode(pid) << " [label=" << q(r.process_label(pid)) << "];\n";
    for (int id : d.gained)
      out << "  c" << id << " [shape=box, color=green, label=" << q("+ " + describe_cap(r, *r.cap(id))) << "];\n  "
          << pnode(pid) << " -> c" << id << " [color=green];\n";
    for (int id : d.lost)
      out << "  c" << id << " [shape=box, color=red, label=" << q("- " + describe_cap(r, *r.cap(id))) << "];\n  "
          << pnode(pid) << " -> c" << id << " [color=red, style=dashed];\n";
    out << "}\n";
    return;
  }
  out << r.process_label(pid) << " from t=" << format_vtime(t1) << " to t=" << format_vtime(t2) << ": "
      << d.gained.size() << " gained, " << d.lost.size() << " lost, " << d.moved.size() << " moved\n";
  for (int id : d.gained) out << "  + " << describe_cap(r, *r.cap(id)) << "  (" << made_how(r, *r.cap(id)) << ")\n";
  for (int id : d.lost) out << "  - " << describe_cap(r, *r.cap(id)) << "  (" << ended_how(r, *r.cap(id)) << ")\n";
  for (auto [a, b] : d.moved)
    out << "  ~ cap " << a << " -> " << describe_cap(r, *r.cap(b)) << "\n";
}

}  // namespace sim::inspect::caps
