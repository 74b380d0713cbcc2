#include "scenarios/builtin/run_program.h"

#include <algorithm>
#include <map>
#include <string>
#include <memory>

#include "hw_model/machine.h"
#include "kernel_model/kernel.h"
#include "scenarios/builtin/boot.h"
#include "sim/host/programs/programs.h"
#include "sim/runtime/sched/scheduler.h"
#include "trona/core/syscall.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "trona/posix/file.h"
#include "trona/posix/poll.h"
#include "trona/posix/process.h"
#include "trona/posix/signal.h"
#include "uapi/linux_numbers.h"

namespace sim::scenarios {

namespace {

namespace px = trona::posix;

// Sessions by the number the runner's unit passes as its argument. Only
// the simulation's own thread touches this (the fibers take turns).
std::map<std::uint64_t, ProgramSession*>& sessions() {
  static std::map<std::uint64_t, ProgramSession*> s;
  return s;
}
std::uint64_t g_next_session = 1;

VTime now_ns() { return trona::clock_gettime(uapi::kClockMonotonic).value; }

// What the forked child needs: the run and its pipe ends.
struct ChildPlan {
  const ProgramRun* run;
  int in_r, out_w, err_w;
  int close_fds[3];
};

void child_main(std::uint64_t arg) {
  const ChildPlan& p = *reinterpret_cast<const ChildPlan*>(arg);
  px::setpgid(0, 0);
  px::dup2(p.in_r, 0);
  px::dup2(p.out_w, 1);
  px::dup2(p.err_w, 2);
  for (int fd : {p.in_r, p.out_w, p.err_w, p.close_fds[0], p.close_fds[1], p.close_fds[2]})
    if (fd > 2) px::close(fd);
  std::vector<std::string> strings = p.run->argv;
  std::vector<char*> argv, envp;
  for (std::string& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::vector<std::string> env = p.run->env;
  for (std::string& s : env) envp.push_back(s.data());
  envp.push_back(nullptr);
  const char* path = argv.empty() || argv[0] == nullptr ? "" : argv[0];
  px::execve(path, argv.data(), envp.data());
  const std::string msg = "run_program: cannot exec " + std::string(path) + "\n";
  px::write(2, msg.data(), msg.size());
  px::_exit(127);
}

void run_one(const ProgramRun& run, ProgramResult& res) {
  int in[2], out[2], err[2];
  if (px::pipe(in) != 0 || px::pipe(out) != 0 || px::pipe(err) != 0) {
    res.err = "run_program: pipe failed\n";
    return;
  }
  ChildPlan plan{&run, in[0], out[1], err[1], {in[1], out[0], err[0]}};
  const VTime deadline = now_ns() + run.timeout;
  const px::pid_t child = px::fork_to(child_main, reinterpret_cast<std::uint64_t>(&plan));
  px::close(in[0]);
  px::close(out[1]);
  px::close(err[1]);
  if (child < 0) {
    res.err = "run_program: fork failed\n";
    for (int fd : {in[1], out[0], err[0]}) px::close(fd);
    return;
  }
  res.started = true;
  px::setpgid(child, child);  // as the child does itself: whichever runs first
  std::size_t written = 0;
  int in_fd = in[1];
  if (run.stdin_bytes.empty()) {
    px::close(in_fd);
    in_fd = -1;
  }
  int fds[2] = {out[0], err[0]};
  std::string* sinks[2] = {&res.out, &res.err};
  while (fds[0] >= 0 || fds[1] >= 0) {
    const VTime now = now_ns();
    if (now >= deadline) {
      res.timed_out = true;
      break;
    }
    px::pollfd pf[3];
    int n = 0;
    int which[3];
    for (int i = 0; i < 2; ++i)
      if (fds[i] >= 0) {
        pf[n] = {fds[i], static_cast<std::int16_t>(uapi::kPOLLIN), 0};
        which[n++] = i;
      }
    if (in_fd >= 0) {
      pf[n] = {in_fd, static_cast<std::int16_t>(uapi::kPOLLOUT), 0};
      which[n++] = 2;
    }
    const VDuration left = deadline - now;
    const int ms = static_cast<int>(left / kMs) + 1;
    int ready = px::poll(pf, static_cast<px::nfds_t>(n), ms);
    if (ready < 0 && px::errno_ref() != uapi::kEINTR) break;
    for (int j = 0; j < n && ready > 0; ++j) {
      if (pf[j].revents == 0) continue;
      if (which[j] == 2) {
        const std::size_t chunk = std::min<std::size_t>(run.stdin_bytes.size() - written, 4096);
        long w = px::write(in_fd, run.stdin_bytes.data() + written, chunk);
        if (w > 0) written += static_cast<std::size_t>(w);
        if (w < 0 || written == run.stdin_bytes.size()) {
          px::close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      char buf[4096];
      long got = px::read(fds[which[j]], buf, sizeof buf);
      if (got > 0) {
        sinks[which[j]]->append(buf, static_cast<std::size_t>(got));
      } else if (got == 0 || px::errno_ref() != uapi::kEINTR) {
        px::close(fds[which[j]]);
        fds[which[j]] = -1;
      }
    }
  }
  int st = 0;
  if (res.timed_out) {
    px::kill(-child, uapi::kSIGKILL);
    px::kill(child, uapi::kSIGKILL);
  }
  for (int fd : {in_fd, fds[0], fds[1]})
    if (fd >= 0) px::close(fd);
  if (px::waitpid(child, &st, 0) == child) {
    res.wait_status = st;
    res.status = uapi::w_ifexited(st) ? uapi::w_exitstatus(st) : 128 + uapi::w_termsig(st);
  }
}

int runner(int argc, char** argv, char** /*envp*/) {
  if (argc < 2) return 2;
  auto it = sessions().find(std::stoull(argv[1]));
  if (it == sessions().end()) return 2;
  ProgramSession& s = *it->second;
  s.results.clear();
  for (;;) {
    while (s.results.size() < s.runs.size()) {
      const std::size_t i = s.results.size();
      s.results.emplace_back();
      const ProgramRun run = s.runs[i];  // the vector may grow meanwhile
      ProgramResult res;
      run_one(run, res);
      s.results[i] = std::move(res);
      if (s.on_result) s.on_result(i, s.results[i]);
    }
    if (!s.keep_open) break;
    trona::nanosleep(s.poll);
  }
  s.done = true;
  sessions().erase(it);
  if (s.on_done) s.on_done();
  return 0;
}

}  // namespace

void add_program_runner(hw::CpioBuilder& initrd, ProgramSession* session) {
  saltysim::programs::register_program("run_program", &runner);
  const std::uint64_t id = g_next_session++;
  sessions()[id] = session;
  initrd.add_file("services/run_program.service", "[Service]\nName=run_program\nBinary=bin/run_program\nArgs=" +
                                                      std::to_string(id) + "\n[Dependencies]\nAfter=ttysrv\n");
  initrd.add_file("bin/run_program", "#!trona-image v1\nentry=run_program\n");
}

std::vector<ProgramResult> run_programs(const std::vector<ProgramRun>& runs, std::uint64_t seed,
                                        const InitrdHook& extra_initrd) {
  ProgramSession session;
  session.runs = runs;
  hw::MachineConfig cfg = boot_machine_config([&](hw::CpioBuilder& initrd) {
    if (extra_initrd) extra_initrd(initrd);
    add_program_runner(initrd, &session);
  });
  Scheduler sched(SchedulerOptions{.seed = seed});
  hw::Machine machine(sched.clock(), sched.seeds(), std::move(cfg));
  kmodel::Kernel kernel(sched, &machine);
  saltysim::programs::install_image_start(kernel);
  kernel.create_root_task([&kernel] { saltysim::programs::run_init(kernel); });
  VDuration budget = 60 * kSec;
  for (const ProgramRun& r : runs) budget += r.timeout;
  sched.run(RunLimits{.until = budget});
  for (auto it = sessions().begin(); it != sessions().end();)
    it = it->second == &session ? sessions().erase(it) : std::next(it);
  if (session.results.size() != runs.size()) session.results.assign(runs.size(), ProgramResult{});
  return session.results;
}

ProgramResult run_program(const ProgramRun& run, const InitrdHook& extra_initrd) {
  return run_programs({run}, 7, extra_initrd).front();
}

}  // namespace sim::scenarios
