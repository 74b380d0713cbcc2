// Structural checks of a Trace Event Format array (what the trace tests
// assert): every event well formed, B/E balanced per thread, X slices
// properly nested per thread, every flow id with exactly one start and one
// end (start not after end), every track named by metadata.
#pragma once

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/trace/json_mini.h"

namespace tracecheck {

inline std::vector<std::string> problems(const jmini::Value& doc) {
  std::vector<std::string> out;
  if (!doc.is_array()) return {"top level is not an array"};
  using Track = std::pair<long, long>;
  std::map<Track, std::vector<std::string>> open_be;
  std::map<Track, std::vector<std::pair<double, double>>> slices;
  std::map<double, std::pair<int, int>> flows;  // id -> (starts, ends)
  std::map<double, std::pair<double, double>> flow_ts;
  std::set<Track> used, named_threads;
  std::set<long> used_pids, named_pids;
  std::size_t n = 0;
  for (const jmini::Value& e : doc.array()) {
    std::string at = "event #" + std::to_string(n++);
    if (!e.is_object() || !e.has("ph") || !e.has("pid") || !e.has("tid") || !e.has("name")) {
      out.push_back(at + ": missing ph/pid/tid/name");
      continue;
    }
    const std::string& ph = e["ph"].str();
    Track tr{static_cast<long>(e["pid"].num()), static_cast<long>(e["tid"].num())};
    if (ph == "M") {
      if (e["name"].str() == "thread_name") named_threads.insert(tr);
      if (e["name"].str() == "process_name") named_pids.insert(tr.first);
      continue;
    }
    if (!e.has("ts") || !e["ts"].is_number() || e["ts"].num() < 0) {
      out.push_back(at + ": no ts");
      continue;
    }
    double ts = e["ts"].num();
    if (tr.first != 0) used.insert(tr), used_pids.insert(tr.first);
    if (ph == "B") {
      open_be[tr].push_back(e["name"].str());
    } else if (ph == "E") {
      if (open_be[tr].empty()) out.push_back(at + ": E without B");
      else open_be[tr].pop_back();
    } else if (ph == "X") {
      if (!e.has("dur") || e["dur"].num() < 0) out.push_back(at + ": X without a non-negative dur");
      else slices[tr].push_back({ts, ts + e["dur"].num()});
    } else if (ph == "s" || ph == "f") {
      double id = e["id"].num();
      auto& f = flows[id];
      (ph == "s" ? f.first : f.second)++;
      (ph == "s" ? flow_ts[id].first : flow_ts[id].second) = ts;
    } else if (ph != "i") {
      out.push_back(at + ": unexpected ph " + ph);
    }
  }
  for (auto& [tr, names] : open_be)
    if (!names.empty()) out.push_back("B '" + names.back() + "' never ended");
  for (auto& [tr, v] : slices) {
    // Longest first at equal starts; then each must fit inside the enclosing one.
    std::sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.first != b.first ? a.first < b.first : a.second > b.second; });
    std::vector<double> ends;
    for (auto& [b, e] : v) {
      while (!ends.empty() && ends.back() <= b && !(ends.back() == b && e == b)) ends.pop_back();
      if (!ends.empty() && e > ends.back()) out.push_back("X slices overlap without nesting on a track");
      ends.push_back(e);
    }
  }
  for (auto& [id, f] : flows) {
    if (f.first != 1 || f.second != 1) out.push_back("flow " + std::to_string(id) + " does not pair up");
    else if (flow_ts[id].first > flow_ts[id].second) out.push_back("flow ends before it starts");
  }
  for (auto& tr : used)
    if (!named_threads.count(tr)) out.push_back("a thread track has no thread_name");
  for (long p : used_pids)
    if (!named_pids.count(p)) out.push_back("a process has no process_name");
  return out;
}

}  // namespace tracecheck
