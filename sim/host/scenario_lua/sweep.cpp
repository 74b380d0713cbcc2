#include "sim/host/scenario_lua/sweep.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "sim/host/scenario_lua/junit.h"
#include "sim/host/scenario_lua/runner.h"
#include "sim/runtime/log/log.h"

namespace sim::lua {

namespace fs = std::filesystem;

namespace {

struct Task {
  std::string path;
  std::uint64_t seed;
};

struct Done {
  ScenarioRun run;
  bool ran = false;
};

// --- the one-line result a worker sends its parent ------------------------
std::string field(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '\\') o += "\\\\";
    else if (c == '\t') o += "\\t";
    else if (c == '\n') o += "\\n";
    else o += c;
  }
  return o;
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> out(1);
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\t') out.emplace_back();
    else if (c == '\\' && i + 1 < line.size()) {
      char n = line[++i];
      out.back() += n == 't' ? '\t' : n == 'n' ? '\n' : n;
    } else if (c != '\n') {
      out.back() += c;
    }
  }
  return out;
}

std::string encode(const ScenarioRun& r) {
  std::ostringstream o;
  o << to_string(r.status) << '\t' << r.end_time << '\t' << r.decisions << '\t' << r.hash << '\t' << r.wall_seconds
    << '\t' << field(r.message) << '\t' << field(r.console_tail) << '\n';
  return o.str();
}

bool decode(const std::string& line, ScenarioRun& r) {
  auto f = split_fields(line);
  if (f.size() != 7) return false;
  r.status = f[0] == "PASS" ? Status::Pass : f[0] == "FAIL" ? Status::Fail : Status::Error;
  r.end_time = std::strtoull(f[1].c_str(), nullptr, 10);
  r.decisions = std::strtoull(f[2].c_str(), nullptr, 10);
  r.hash = std::strtoull(f[3].c_str(), nullptr, 10);
  r.wall_seconds = std::atof(f[4].c_str());
  r.message = f[5];
  r.console_tail = f[6];
  return true;
}

std::string self_exe() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "saltysim";
  buf[n] = 0;
  return buf;
}

// --- the worker pool -------------------------------------------------------
struct Child {
  pid_t pid;
  int fd;
  std::size_t task;
  std::string data;
};

void drain(Child& c) {
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(c.fd, buf, sizeof buf);
    if (n > 0) c.data.append(buf, static_cast<std::size_t>(n));
    else if (n < 0 && errno == EINTR) continue;
    else break;
  }
}

Child spawn(const std::string& exe, const Task& t, const ScriptOptions& o, std::size_t index) {
  int p[2];
  if (::pipe(p) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  std::vector<std::string> args = {exe, "run", t.path, "--seed", std::to_string(t.seed), "--result-fd", "3",
                                   "--lua-budget", std::to_string(o.instruction_budget)};
  if (o.check_determinism) args.push_back("--check-determinism");
  if (o.explore) args.push_back("--explore");
  if (!o.log_spec.empty()) args.insert(args.end(), {"--log", o.log_spec});
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(p[0]);
    if (p[1] != 3) {
      ::dup2(p[1], 3);
      ::close(p[1]);
    }
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    // Shard variables belong to the parent's sweep, not to the one run.
    for (const char* v : {"GTEST_SHARD_INDEX", "GTEST_TOTAL_SHARDS", "JOB_COMPLETION_INDEX", "SALTYSIM_SHARD_COUNT"})
      ::unsetenv(v);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(p[1]);
  return Child{pid, p[0], index, {}};
}

void progress_bar(std::ostream& err, std::size_t done, std::size_t total, std::size_t failed) {
  constexpr std::size_t kWidth = 40;
  const std::size_t filled = total ? done * kWidth / total : kWidth;
  err << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] " << done << "/" << total
      << " runs, " << failed << " failed" << std::flush;
}

std::vector<Done> run_pool(const std::vector<Task>& tasks, const ScriptOptions& o, std::ostream& err) {
  std::vector<Done> done(tasks.size());
  const std::string exe = self_exe();
  const unsigned jobs = std::max(1u, o.jobs);
  const bool bar = o.progress && ::isatty(2);
  std::vector<Child> running;
  std::size_t next = 0, finished = 0, failed = 0;
  while (next < tasks.size() || !running.empty()) {
    while (next < tasks.size() && running.size() < jobs) {
      running.push_back(spawn(exe, tasks[next], o, next));
      ++next;
    }
    int status = 0;
    pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break;
    }
    auto it = std::find_if(running.begin(), running.end(), [&](const Child& c) { return c.pid == pid; });
    if (it == running.end()) continue;
    drain(*it);  // the child has exited: everything it wrote is in the pipe
    ::close(it->fd);
    Done& d = done[it->task];
    d.ran = true;
    if (!decode(it->data, d.run)) {
      d.run.status = Status::Error;
      d.run.message = tasks[it->task].path + ": the run ended without a result (" +
                      (WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status))
                                           : "exit status " + std::to_string(WEXITSTATUS(status))) +
                      ")";
    }
    failed += d.run.status != Status::Pass;
    ++finished;
    running.erase(it);
    if (bar) progress_bar(err, finished, tasks.size(), failed);
  }
  if (bar) err << "\n";
  return done;
}

std::string shard_junit_path(const std::string& path, const Shard& s) {
  if (s.count <= 1) return path;
  const std::string tag = std::to_string(s.index) + "-of-" + std::to_string(s.count);
  auto at = path.find("{shard}");
  if (at != std::string::npos) return path.substr(0, at) + tag + path.substr(at + 7);
  auto dot = path.rfind(".xml");
  if (dot != std::string::npos && dot + 4 == path.size()) return path.substr(0, dot) + "-shard-" + tag + ".xml";
  return path + "-shard-" + tag;
}

std::optional<unsigned> env_uint(const char* name, std::string& error) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  char* end = nullptr;
  unsigned long n = std::strtoul(v, &end, 10);
  if (*end || n > 1'000'000) {
    error = std::string(name) + "='" + v + "' is not a number";
    return std::nullopt;
  }
  return static_cast<unsigned>(n);
}

}  // namespace

bool is_script_target(const std::string& target) {
  if (target.size() > 4 && target.compare(target.size() - 4, 4, ".lua") == 0) return true;
  std::error_code ec;
  return fs::is_directory(target, ec);
}

std::vector<ScenarioFile> scenario_files(const std::string& folder) {
  std::vector<ScenarioFile> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    if (!e.is_regular_file() || e.path().extension() != ".lua") continue;
    ScenarioFile f{e.path().string(), ""};
    std::ifstream in(f.path);
    std::string line;
    if (std::getline(in, line) && line.rfind("--", 0) == 0) {
      line.erase(0, line.find_first_not_of("- "));
      f.summary = line;
    }
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const ScenarioFile& a, const ScenarioFile& b) { return a.path < b.path; });
  return out;
}

std::string shipped_scenario_dir() {
  std::error_code ec;
  if (fs::is_directory("scenarios", ec) && !scenario_files("scenarios").empty()) return "scenarios";
#ifdef SALTYSIM_SCENARIO_DIR
  return SALTYSIM_SCENARIO_DIR;
#else
  return "scenarios";
#endif
}

std::optional<std::vector<std::uint64_t>> parse_seed_list(const std::string& text) {
  std::vector<std::uint64_t> out;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ',')) {
    unsigned long long a = 0, b = 0;
    char extra = 0;
    if (std::sscanf(part.c_str(), "%llu-%llu%c", &a, &b, &extra) == 2) {
      if (b < a || b - a > 10'000'000) return std::nullopt;
      for (auto s = a; s <= b; ++s) out.push_back(s);
    } else if (std::sscanf(part.c_str(), "%llu%c", &a, &extra) == 1) {
      out.push_back(a);
    } else {
      return std::nullopt;
    }
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<Shard> resolve_shard(const std::string& flag, std::optional<unsigned> shard_count, std::string& error) {
  Shard s;
  if (!flag.empty()) {
    unsigned i = 0, n = 0;
    char extra = 0;
    if (std::sscanf(flag.c_str(), "%u/%u%c", &i, &n, &extra) != 2) {
      error = "--shard: 'I/N' expected, got '" + flag + "'";
      return std::nullopt;
    }
    s = {i, n};
  } else if (auto gi = env_uint("GTEST_SHARD_INDEX", error)) {
    auto gn = env_uint("GTEST_TOTAL_SHARDS", error);
    if (!gn) {
      if (error.empty()) error = "GTEST_SHARD_INDEX is set but GTEST_TOTAL_SHARDS is not";
      return std::nullopt;
    }
    s = {*gi, *gn};
  } else if (auto ji = env_uint("JOB_COMPLETION_INDEX", error)) {
    auto jn = shard_count ? shard_count : env_uint("SALTYSIM_SHARD_COUNT", error);
    if (!jn) {
      if (error.empty())
        error = "JOB_COMPLETION_INDEX is set: give the number of shards (--shard-count N or SALTYSIM_SHARD_COUNT)";
      return std::nullopt;
    }
    s = {*ji, *jn};
  }
  if (!error.empty()) return std::nullopt;
  if (s.count == 0 || s.index >= s.count) {
    error = "shard " + std::to_string(s.index) + " of " + std::to_string(s.count) + " does not exist";
    return std::nullopt;
  }
  return s;
}

int run_scripts(const ScriptOptions& o, std::ostream& out, std::ostream& err) {
  try {
    if (!o.log_spec.empty()) log::configure(o.log_spec);
  } catch (const std::invalid_argument& e) {
    err << "saltysim: --log: " << e.what() << "\n";
    return 2;
  }
  LuaRunOptions lo{.seed = o.seed, .explore = o.explore, .check_determinism = o.check_determinism,
                   .instruction_budget = o.instruction_budget};

  // A worker: exactly one run, the result on the pipe.
  if (o.result_fd >= 0) {
    ScenarioRun r = run_scenario_file(o.target, lo);
    const std::string line = encode(r);
    for (std::size_t off = 0; off < line.size();) {
      ssize_t n = ::write(o.result_fd, line.data() + off, line.size() - off);
      if (n <= 0) break;
      off += static_cast<std::size_t>(n);
    }
    return r.status == Status::Pass ? 0 : 1;
  }

  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_directory(o.target, ec)) {
    for (auto& f : scenario_files(o.target)) files.push_back(f.path);
    if (files.empty()) {
      err << "saltysim: no *.lua scenarios in '" << o.target << "'\n";
      return 2;
    }
  } else {
    if (!fs::is_regular_file(o.target, ec)) {
      err << "saltysim: scenario file '" << o.target << "' does not exist\n";
      return 2;
    }
    files.push_back(o.target);
  }
  std::vector<std::uint64_t> seeds{o.seed};
  if (!o.seeds.empty()) {
    auto s = parse_seed_list(o.seeds);
    if (!s) {
      err << "saltysim: --seeds: '" << o.seeds << "' is not a seed list (e.g. 1-1000 or 3,7,9)\n";
      return 2;
    }
    seeds = *s;
  }
  std::string shard_error;
  auto shard = resolve_shard(o.shard, o.shard_count, shard_error);
  if (!shard) {
    err << "saltysim: " << shard_error << "\n";
    return 2;
  }
  std::vector<Task> tasks;
  std::size_t index = 0;
  for (const auto& f : files)
    for (auto s : seeds) {
      if (index++ % shard->count == shard->index) tasks.push_back({f, s});
    }

  std::vector<Done> done;
  const bool in_process = tasks.size() == 1 && shard->count == 1;
  if (in_process) {
    lo.seed = tasks[0].seed;
    done.push_back({run_scenario_file(tasks[0].path, lo), true});
  } else if (!tasks.empty()) {
    try {
      done = run_pool(tasks, o, err);
    } catch (const std::exception& e) {
      err << "saltysim: " << e.what() << "\n";
      return 2;
    }
  }

  const bool sweep = !o.seeds.empty() || shard->count > 1;
  std::size_t failed = 0;
  std::vector<JunitCase> cases;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const ScenarioRun& r = done[i].run;
    const bool ok = r.status == Status::Pass;
    failed += !ok;
    if (!sweep || !ok) report(out, tasks[i].path, tasks[i].seed, r);
    JunitCase c;
    c.suite = tasks[i].path;
    c.name = "seed " + std::to_string(tasks[i].seed);
    c.seconds = r.wall_seconds;
    c.kind = ok ? JunitCase::Passed : r.status == Status::Fail ? JunitCase::Failure : JunitCase::Error;
    if (!ok) {
      c.message = r.message.substr(0, r.message.find('\n'));
      c.detail = r.message + "\n" + r.console_tail + "reproduce: " + reproduce_command(tasks[i].path, tasks[i].seed) + "\n";
    }
    cases.push_back(std::move(c));
  }
  if (sweep || tasks.size() > 1) {
    out << "saltysim: " << tasks.size() - failed << " passed, " << failed << " failed of " << tasks.size() << " runs";
    if (shard->count > 1) out << " (shard " << shard->index << " of " << shard->count << ")";
    out << "\n";
    if (failed) {
      out << "saltysim: failing runs:\n";
      for (std::size_t i = 0; i < tasks.size(); ++i)
        if (done[i].run.status != Status::Pass) out << "  " << reproduce_command(tasks[i].path, tasks[i].seed) << "\n";
    }
  }
  if (!o.junit.empty()) {
    std::string e;
    const std::string path = shard_junit_path(o.junit, *shard);
    if (!write_junit_file(path, cases, e)) {
      err << "saltysim: --junit: " << e << "\n";
      return 2;
    }
  }
  return failed ? 1 : 0;
}

}  // namespace sim::lua
