// Queries on a capability-flow record (caps_record.h): who can reach an
// endpoint, where a cap came from, what a process held at a time, how a
// process's authority changed between two times; printed as text or as
// Graphviz dot. "Reach" is defined in README.md ("Capability queries").
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "sim/host/inspect/caps_record.h"

namespace sim::inspect::caps {

enum class Format { Text, Dot };

struct EndpointRef {
  int machine = 0;
  Word obj = 0;
  bool operator==(const EndpointRef&) const = default;
};

// Processes named by `spec`: a process name ("vfs"), "pid:N", or
// "MACHINE/name". Empty when none matches.
std::vector<int> find_processes(const Record& r, const std::string& spec);
// Endpoints named by `spec`: "ep:N" / "N" (object id; "MACHINE:N" with
// several machines) or a process name: the endpoints it served by `t`.
std::vector<EndpointRef> find_endpoints(const Record& r, const std::string& spec, VTime t);
// Who served an endpoint by `t` (pids, in order of first service); when
// nobody had by `t`, the first process seen serving it later.
std::vector<int> servers_of(const Record& r, EndpointRef ep, VTime t);

// One step of a grant chain: `from` can send to an endpoint `to` serves
// (through cap `cap`), or `from` serves a CALL of `to` and so can answer
// it (reply = true); either way a cap with GRANT can pass from `from` to `to`.
struct Hop {
  int from = 0, to = 0;
  int cap = 0;
  Word endpoint = 0;
  bool reply = false;
};

struct Reach {
  int pid = 0;
  int cap = 0;             // direct: the cap it holds (SEND or CALL)
  std::vector<Hop> chain;  // indirect: from a GRANT holder to pid (empty when direct)
  bool direct() const { return chain.empty(); }
};

std::vector<Reach> reach(const Record& r, EndpointRef ep, VTime t);
// Root first, `cap` last.
std::vector<int> derivation_path(const Record& r, int cap);
// The caps `pid` held at `t`, by id.
std::vector<int> held(const Record& r, int pid, VTime t);

struct AuthorityDiff {
  std::vector<int> gained;                   // held at t2, not at t1
  std::vector<int> lost;                     // held at t1, not at t2
  std::vector<std::pair<int, int>> moved;    // (at t1, at t2): the same cap in another slot
};
AuthorityDiff diff(const Record& r, int pid, VTime t1, VTime t2);

// Printing. One line per cap: "cap 12: endpoint m0#7 rights=GSC badge=0x3 slot cnode#4[20]".
std::string describe_cap(const Record& r, const CapRec& c);
std::string describe_endpoint(const Record& r, EndpointRef ep, VTime t);
void print_reach(std::ostream& out, const Record& r, EndpointRef ep, VTime t, const std::vector<Reach>& rs, Format f);
void print_path(std::ostream& out, const Record& r, const std::vector<int>& path, Format f);
void print_held(std::ostream& out, const Record& r, int pid, VTime t, const std::vector<int>& caps, Format f);
void print_diff(std::ostream& out, const Record& r, int pid, VTime t1, VTime t2, const AuthorityDiff& d, Format f);

}  // namespace sim::inspect::caps
