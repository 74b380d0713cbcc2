#include "sim/host/cli/caps_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <ostream>
#include <sstream>

#include "sim/host/cli/duration.h"
#include "sim/host/inspect/caps_query.h"

namespace sim {

namespace ic = inspect::caps;

namespace {

// "end" = the end of the record, "0" = the start, else a duration (5ms).
bool parse_time(const ic::Record& r, const std::string& text, VTime& t, std::ostream& err) {
  if (text.empty() || text == "end") {
    t = r.end;
    return true;
  }
  if (text == "0") {
    t = 0;
    return true;
  }
  auto d = parse_duration(text);
  if (!d) {
    err << "saltysim caps: '" << text << "' is not a time (use end, 0, or a duration like 5ms, 1500us)\n";
    return false;
  }
  t = *d;
  return true;
}

bool one_process(const ic::Record& r, const std::string& spec, int& pid, std::ostream& err) {
  std::vector<int> pids = ic::find_processes(r, spec);
  if (pids.size() == 1) {
    pid = pids.front();
    return true;
  }
  if (pids.empty()) {
    err << "saltysim caps: no process '" << spec << "' in the record\n";
  } else {
    err << "saltysim caps: " << pids.size() << " processes are named '" << spec << "'; say which with pid:N:";
    for (int p : pids) err << " pid:" << p;
    err << "\n";
  }
  return false;
}

}  // namespace

const char* caps_query_help() {
  return "Queries:\n"
         "  reach ENDPOINT [--at T]            who can reach an endpoint (ep:N, N, MACHINE:N, or a process name:\n"
         "                                     the endpoints it serves), directly or by a chain of grants\n"
         "  origin CAP | origin --process P --slot N [--at T]\n"
         "                                     the derivation path of a cap, with the IPC that carried each step\n"
         "  held PROCESS [--at T]              the caps a process held at a time\n"
         "  diff PROCESS --from T1 --to T2     what a process gained and lost between two times\n"
         "T: end (default), 0, or a virtual time like 5ms, 1500us, 2s. PROCESS: a name or pid:N.\n"
         "Every query takes --format text|dot (Graphviz).\n";
}

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

int caps_query(const ic::Record& r, const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"Capability-flow queries on a run's record", "caps"};
  app.footer(caps_query_help());
  app.require_subcommand(1);
  std::string format = "text", at, from, to, target, process;
  int cap = 0;
  ic::Word slot = 0;
  auto add_format = [&](CLI::App* sc) {
    sc->add_option("--format", format, "text or dot (Graphviz)")->check(CLI::IsMember({"text", "dot"}));
  };
  auto* reach = app.add_subcommand("reach", "Who can reach an endpoint at a time");
  reach->add_option("ENDPOINT", target, "ep:N, N, MACHINE:N, or a process name (the endpoints it serves)")->required();
  reach->add_option("--at", at, "Virtual time (default: the end)");
  add_format(reach);
  auto* origin = app.add_subcommand("origin", "Where a cap came from (its derivation path)");
  origin->add_option("CAP", cap, "Cap id (as `held` prints it)");
  origin->add_option("--process", process, "The process holding it ...");
  origin->add_option("--slot", slot, "... in this slot of its CSpace root");
  origin->add_option("--at", at, "... at this time (default: the end)");
  add_format(origin);
  auto* held = app.add_subcommand("held", "The caps a process held at a time");
  held->add_option("PROCESS", process, "A process name or pid:N")->required();
  held->add_option("--at", at, "Virtual time (default: the end)");
  add_format(held);
  auto* diff = app.add_subcommand("diff", "How a process's authority changed between two times");
  diff->add_option("PROCESS", process, "A process name or pid:N")->required();
  diff->add_option("--from", from, "Earlier time")->required();
  diff->add_option("--to", to, "Later time")->required();
  add_format(diff);

  std::vector<std::string> rev(args.rbegin(), args.rend());
  try {
    app.parse(rev);
  } catch (const CLI::ParseError& e) {
    return app.exit(e, out, err) == 0 ? 0 : 2;
  }
  ic::Format f = format == "dot" ? ic::Format::Dot : ic::Format::Text;
  VTime t = r.end;
  if (!parse_time(r, at, t, err)) return 2;
  if (*reach) {
    auto eps = ic::find_endpoints(r, target, t);
    if (eps.empty()) {
      err << "saltysim caps: no endpoint '" << target << "' (an ep:N id, or a process that served one by t="
          << format_vtime(t) << ")\n";
      return 2;
    }
    for (auto ep : eps) ic::print_reach(out, r, ep, t, ic::reach(r, ep, t), f);
    return 0;
  }
  if (*origin) {
    if (!process.empty()) {
      int pid = 0;
      if (!one_process(r, process, pid, err)) return 2;
      for (int id : ic::held(r, pid, t))
        if (r.cap(id)->slot == slot) cap = id;
      if (!cap) {
        err << "saltysim caps: " << process << " held no cap in slot " << slot << " at t=" << format_vtime(t) << "\n";
        return 2;
      }
    }
    if (!r.cap(cap)) {
      err << "saltysim caps: origin needs a cap id or --process P --slot N\n";
      return 2;
    }
    ic::print_path(out, r, ic::derivation_path(r, cap), f);
    return 0;
  }
  int pid = 0;
  if (!one_process(r, process, pid, err)) return 2;
  if (*held) {
    ic::print_held(out, r, pid, t, ic::held(r, pid, t), f);
    return 0;
  }
  VTime t1 = 0, t2 = 0;
  if (!parse_time(r, from, t1, err) || !parse_time(r, to, t2, err)) return 2;
  ic::print_diff(out, r, pid, t1, t2, ic::diff(r, pid, t1, t2), f);
  return 0;
}

int caps_command(const std::string& file, const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    err << "saltysim caps: cannot read " << file << "\n";
    return 2;
  }
  try {
    ic::Record r = ic::Record::load(in);
    return caps_query(r, args, out, err);
  } catch (const std::runtime_error& e) {
    err << "saltysim caps: " << file << ": " << e.what() << "\n";
    return 2;
  }
}

}  // namespace sim
